import { and, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { transceivers } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { resolveType } from "../catalog/resolve-type";
import type { ServiceContext } from "../context";
import { beginPlantChange } from "../connectivity/change";
import { notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { updateTransceiverInput, type UpdateTransceiverInput } from "./schemas";

/** Records another type or serial for an installed transceiver; its channel is judged again. */
export async function updateTransceiver(ctx: ServiceContext, input: UpdateTransceiverInput) {
  const { id, version, ...changes } = updateTransceiverInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [before] = await tx.db.select().from(transceivers).where(eq(transceivers.id, id)).for("update");
    if (!before) throw notFound("This transceiver");
    requireRole(tx.actor, "editor", before.siteId);
    if (before.version !== version) throw staleVersion("This transceiver");
    if (changes.typeId) await resolveType(tx.db, changes.typeId, "transceiver", "typeId");
    const change = changes.typeId && changes.typeId !== before.typeId ? await beginPlantChange(tx, before.siteId, [before.portId]) : null;
    const [row] = await tx.db
      .update(transceivers)
      .set({ ...changes, updatedAt: new Date(), version: sql`${transceivers.version} + 1` })
      .where(and(eq(transceivers.id, id), eq(transceivers.version, version)))
      .returning();
    if (!row) throw staleVersion("This transceiver");
    await recordAudit(tx, { action: "transceiver.update", objectType: "transceiver", objectId: id, siteId: before.siteId, before, after: row });
    const outcome = change ? await change.finish() : null;
    return { transceiver: row, outcome };
  });
}
