import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { devices, racks } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { fieldError, isUniqueViolation, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { ensureRoom } from "./ensure-room";
import { updateRackInput, type UpdateRackInput } from "./schemas";

/** Renames, moves (room, row, position) or resizes a rack; refused when someone saved it meanwhile. */
export async function updateRack(ctx: ServiceContext, input: UpdateRackInput) {
  const { id, version, room, ...changes } = updateRackInput.parse(input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const [before] = await tx.db.select().from(racks).where(eq(racks.id, id)).for("update");
      if (!before) throw notFound("This rack");
      requireRole(tx.actor, "editor", before.siteId);
      if (before.version !== version) throw staleVersion(`Rack "${before.name}"`);
      if (changes.uHeight !== undefined && changes.uHeight < before.uHeight) {
        const [top] = await tx.db
          .select({ name: devices.name, top: sql<number>`${devices.uPosition} + ${devices.uHeight} - 1` })
          .from(devices)
          .where(and(eq(devices.rackId, id), isNotNull(devices.uPosition)))
          .orderBy(desc(sql`${devices.uPosition} + ${devices.uHeight}`))
          .limit(1);
        if (top && top.top > changes.uHeight) {
          throw fieldError("uHeight", `${top.name} is mounted up to U${top.top}: the rack cannot be lower than ${top.top} U.`, "CONFLICT");
        }
      }
      const roomId = room === undefined ? before.roomId : (await ensureRoom(tx, before.siteId, room)).id;
      const [row] = await tx.db
        .update(racks)
        .set({ ...changes, roomId, updatedAt: new Date(), version: sql`${racks.version} + 1` })
        .where(and(eq(racks.id, id), eq(racks.version, version)))
        .returning();
      if (!row) throw staleVersion(`Rack "${before.name}"`);
      await recordAudit(tx, { action: "rack.update", objectType: "rack", objectId: id, siteId: before.siteId, before, after: row });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err, "racks_room_name_unique")) {
      const named = changes.name ? ` named "${changes.name}"` : " with this name";
      throw fieldError("name", `That room already has a rack${named}.`, "CONFLICT");
    }
    throw err;
  }
}
