import { eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cablePlugs, cables, sites } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { resolveType } from "../catalog/resolve-type";
import type { ServiceContext } from "../context";
import { beginPlantChange } from "../connectivity/change";
import { fieldError } from "../errors";
import { inTransaction } from "../tx";
import { resolveEnds } from "./resolve-ends";
import { createCableInput, type CreateCableInput } from "./schemas";

/**
 * Adds a cable of a catalog type — patch cord, trunk, harness — with its connectors plugged where
 * given, and judges the channels it joins in the same transaction. The answer carries those
 * channels' verdicts and findings.
 */
export async function createCable(ctx: ServiceContext, input: CreateCableInput) {
  const data = createCableInput.parse(input);
  requireRole(ctx.actor, "editor", data.siteId);
  return inTransaction(ctx, async (tx) => {
    const [site] = await tx.db.select({ id: sites.id }).from(sites).where(eq(sites.id, data.siteId));
    if (!site) throw fieldError("siteId", "This site does not exist (it may have been deleted).", "NOT_FOUND");
    const type = await resolveType(tx.db, data.typeId, "cable", "typeId");
    if (data.status === "decommissioned" && data.ends.length) throw fieldError("status", "A decommissioned cable is not plugged anywhere: leave its ends empty.");
    const change = await beginPlantChange(tx, data.siteId, data.ends.map((e) => e.portId));
    const ends = await resolveEnds(tx.db, data.siteId, type, data.ends, { confirmFamilyMismatch: data.confirmFamilyMismatch });
    const { ends: _ends, confirmFamilyMismatch: _confirm, ...fields } = data;
    const [cable] = await tx.db.insert(cables).values(fields).returning();
    if (ends.length) {
      await tx.db.insert(cablePlugs).values(
        ends.map((e) => ({ siteId: data.siteId, cableId: cable!.id, connector: e.connector, portId: e.portId, side: e.side, familyMismatchConfirmed: e.familyMismatch })),
      );
    }
    await recordAudit(tx, {
      action: "cable.create",
      objectType: "cable",
      objectId: cable!.id,
      siteId: data.siteId,
      after: { ...cable, ends: ends.map((e) => ({ connector: e.connector, port: e.portLabel, side: e.side, familyMismatch: e.familyMismatch })) },
    });
    const outcome = await change.finish();
    return { cable: cable!, outcome };
  });
}
