import { and, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cablePlugs, cables } from "../../db/schema";
import { writeWithAudit } from "../audit/record-audit";
import { resolveType } from "../catalog/resolve-type";
import type { ServiceContext } from "../context";
import { beginPlantChange, judgeAroundUnmoved } from "../connectivity/change";
import { fieldError, notFound, staleVersion } from "../errors";
import { tableRow } from "../inventory/sql";
import { inTransaction } from "../tx";
import { lockCable } from "./lock-cable";
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
    const locked = await lockCable(tx.db, id);
    if (!locked) throw notFound("This cable");
    const { before, ends } = locked;
    requireRole(tx.actor, "editor", before.siteId);
    if (before.version !== version) throw staleVersion(`Cable ${before.label || `#${id.slice(0, 8)}`}`);
    const retype = changes.typeId !== undefined && changes.typeId !== before.typeId;
    const unplug = changes.status === "decommissioned" && before.status !== "decommissioned";
    // Only a new type or decommissioning moves plugs; any other edit leaves every port's
    // neighbourhood as it was, and it is read once, after the write (judgeAroundUnmoved).
    const change = retype || unplug ? await beginPlantChange(tx, before.siteId, ends.map((e) => e.portId), { locked: true }) : null;
    if (retype) {
      const type = await resolveType(tx.db, changes.typeId!, "cable", "typeId");
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
    if (unplug) {
      unplugged = (await tx.db.delete(cablePlugs).where(eq(cablePlugs.cableId, id)).returning({ id: cablePlugs.id })).length;
    }
    // The row as the update leaves it (the row is locked at `version`), so that the audit entry goes
    // in the same statement as the update.
    const updatedAt = new Date();
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as typeof changes;
    const update = tx.db
      .update(cables)
      .set({ ...set, updatedAt, version: sql`${cables.version} + 1` })
      .where(and(eq(cables.id, id), eq(cables.version, version)))
      .returning();
    const [raw] = await writeWithAudit(tx, { updated: update }, {
      action: retype ? "cable.replace_type" : "cable.update",
      objectType: "cable",
      objectId: id,
      siteId: before.siteId,
      before: { ...before, ends },
      after: { ...before, ...set, updatedAt, version: before.version + 1, unplugged },
    }, "updated");
    if (!raw) throw staleVersion(`Cable ${before.label || `#${id.slice(0, 8)}`}`);
    const row = tableRow(cables, raw);
    const outcome = change ? await change.finish() : await judgeAroundUnmoved(tx, before.siteId, ends.map((e) => e.portId));
    return { cable: row, outcome };
  });
}
