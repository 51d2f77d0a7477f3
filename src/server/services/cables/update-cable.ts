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
import { updateCableInput, type UpdateCableInput } from "./schemas";

/**
 * Edits a cable: label, colour, length, splices, status, or its type (a cord replaced by one of
 * another polarity type stays plugged where it is, when the new type has the same connectors).
 * Decommissioning unplugs it. Its channels are judged again in the same transaction.
 */
export async function updateCable(ctx: ServiceContext, input: UpdateCableInput) {
  const { id, version, confirmFamilyMismatch, ...changes } = updateCableInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [before] = await tx.db.select().from(cables).where(eq(cables.id, id)).for("update");
    if (!before) throw notFound("This cable");
    requireRole(tx.actor, "editor", before.siteId);
    if (before.version !== version) throw staleVersion(`Cable ${before.label || `#${id.slice(0, 8)}`}`);
    const ends = await cableEnds(tx.db, id);
    const change = await beginPlantChange(tx, before.siteId, ends.map((e) => e.portId));
    if (changes.typeId !== undefined && changes.typeId !== before.typeId) {
      const type = await resolveType(tx.db, changes.typeId, "cable", "typeId");
      const missing = ends.filter((e) => !type.connectors.some((c) => c.id === e.connector));
      if (missing.length) {
        throw fieldError("typeId", `Type ${type.id} has no connector ${missing.map((e) => e.connector).join(", ")}, which is plugged in now. Unplug it first, or choose a type with the same connectors.`);
      }
      // Check the plugged connectors against their ports again under the new type.
      await tx.db.delete(cablePlugs).where(eq(cablePlugs.cableId, id));
      const again = await resolveEnds(
        tx.db,
        before.siteId,
        type,
        ends.map((e) => ({ connector: e.connector, portId: e.portId, side: e.side })),
        { confirmFamilyMismatch, cableId: id, field: () => "typeId" },
      );
      if (again.length) {
        await tx.db.insert(cablePlugs).values(
          again.map((e) => ({ siteId: before.siteId, cableId: id, connector: e.connector, portId: e.portId, side: e.side, familyMismatchConfirmed: e.familyMismatch })),
        );
      }
    }
    let unplugged = 0;
    if (changes.status === "decommissioned" && before.status !== "decommissioned") {
      unplugged = (await tx.db.delete(cablePlugs).where(eq(cablePlugs.cableId, id)).returning({ id: cablePlugs.id })).length;
    }
    const [row] = await tx.db
      .update(cables)
      .set({ ...changes, updatedAt: new Date(), version: sql`${cables.version} + 1` })
      .where(and(eq(cables.id, id), eq(cables.version, version)))
      .returning();
    if (!row) throw staleVersion(`Cable ${before.label || `#${id.slice(0, 8)}`}`);
    await recordAudit(tx, {
      action: changes.typeId && changes.typeId !== before.typeId ? "cable.replace_type" : "cable.update",
      objectType: "cable",
      objectId: id,
      siteId: before.siteId,
      before: { ...before, ends },
      after: { ...row, unplugged },
    });
    const outcome = await change.finish();
    return { cable: row, outcome };
  });
}
