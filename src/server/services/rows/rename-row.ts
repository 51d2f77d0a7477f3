import { and, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { rackRows, racks, rooms } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { fieldError, isUniqueViolation, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { renameRowInput, type RenameRowInput } from "./schemas";

/** Relabels a row of racks, and with it every rack in the row (their TIA-606 identifiers follow). */
export async function renameRow(ctx: ServiceContext, input: RenameRowInput) {
  const { id, version, name } = renameRowInput.parse(input);
  let roomName = "";
  try {
    return await inTransaction(ctx, async (tx) => {
      const [before] = await tx.db.select({ row: rackRows, roomName: rooms.name }).from(rackRows).innerJoin(rooms, eq(rooms.id, rackRows.roomId)).where(eq(rackRows.id, id)).for("update");
      if (!before) throw notFound("This row");
      roomName = before.roomName;
      requireRole(tx.actor, "editor", before.row.siteId);
      if (before.row.version !== version) throw staleVersion(`Row "${before.row.name}"`);
      const [row] = await tx.db
        .update(rackRows)
        .set({ name, updatedAt: new Date(), version: sql`${rackRows.version} + 1` })
        .where(and(eq(rackRows.id, id), eq(rackRows.version, version)))
        .returning();
      if (!row) throw staleVersion(`Row "${before.row.name}"`);
      const relabelled = await tx.db
        .update(racks)
        .set({ row: name, updatedAt: new Date(), version: sql`${racks.version} + 1` })
        .where(eq(racks.rowId, id))
        .returning({ id: racks.id, name: racks.name });
      await recordAudit(tx, { action: "row.update", objectType: "row", objectId: id, siteId: row.siteId, before: before.row, after: { ...row, racks: relabelled.map((r) => r.name) } });
      return { row, racks: relabelled.length };
    });
  } catch (err) {
    if (isUniqueViolation(err, "rack_rows_room_name_unique")) throw fieldError("name", `${roomName || "This room"} already has a row "${name}".`, "CONFLICT");
    throw err;
  }
}
