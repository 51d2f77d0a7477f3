import { and, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cablePlugs, cables } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { resolveType } from "../catalog/resolve-type";
import type { ServiceContext } from "../context";
import { beginPlantChange } from "../connectivity/change";
import { fieldError, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { cableEnds } from "./cable-ends";
import { resolveEnds } from "./resolve-ends";
import { plugCableInput, type PlugCableInput } from "./schemas";

/** Plugs one connector of a cable into a free port side, moving it when it was plugged elsewhere. */
export async function plugCable(ctx: ServiceContext, input: PlugCableInput) {
  const { id, version, connector, portId, side, confirmFamilyMismatch } = plugCableInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [cable] = await tx.db.select().from(cables).where(eq(cables.id, id)).for("update");
    if (!cable) throw notFound("This cable");
    requireRole(tx.actor, "editor", cable.siteId);
    if (cable.version !== version) throw staleVersion(`Cable ${cable.label || `#${id.slice(0, 8)}`}`);
    if (cable.status === "decommissioned") throw fieldError("portId", "This cable is decommissioned; set it back to planned or installed before plugging it.");
    const type = await resolveType(tx.db, cable.typeId, "cable", "typeId");
    const ends = await cableEnds(tx.db, id);
    const was = ends.find((e) => e.connector === connector);
    const change = await beginPlantChange(tx, cable.siteId, [portId, ...(was ? [was.portId] : [])]);
    const [end] = await resolveEnds(tx.db, cable.siteId, type, [{ connector, portId, side }], {
      confirmFamilyMismatch,
      cableId: id,
      field: (_i, name) => name,
    });
    if (was) await tx.db.delete(cablePlugs).where(eq(cablePlugs.id, was.id));
    await tx.db.insert(cablePlugs).values({
      siteId: cable.siteId,
      cableId: id,
      connector: end!.connector,
      portId: end!.portId,
      side: end!.side,
      familyMismatchConfirmed: end!.familyMismatch,
    });
    const [row] = await tx.db
      .update(cables)
      .set({ updatedAt: new Date(), version: sql`${cables.version} + 1` })
      .where(and(eq(cables.id, id), eq(cables.version, version)))
      .returning();
    if (!row) throw staleVersion(`Cable ${cable.label || `#${id.slice(0, 8)}`}`);
    await recordAudit(tx, {
      action: "cable.plug",
      objectType: "cable",
      objectId: id,
      siteId: cable.siteId,
      before: was ? { connector, portId: was.portId, side: was.side } : { connector, portId: null },
      after: { connector, port: end!.portLabel, portId, side: end!.side, familyMismatch: end!.familyMismatch },
    });
    const outcome = await change.finish();
    return { cable: row, outcome };
  });
}
