import { and, count, eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { racks, rooms } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { deleteRoomInput } from "./schemas";

/** Deletes an empty room; a room that still has racks is refused. */
export async function deleteRoom(ctx: ServiceContext, input: { id: string; version: number }) {
  const { id, version } = deleteRoomInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [room] = await tx.db.select().from(rooms).where(eq(rooms.id, id)).for("update");
    if (!room) throw notFound("This room");
    requireRole(tx.actor, "editor", room.siteId);
    if (room.version !== version) throw staleVersion(`Room "${room.name}"`);
    const [held] = await tx.db.select({ n: count() }).from(racks).where(eq(racks.roomId, id));
    if ((held?.n ?? 0) > 0) throw new ServiceError("CONFLICT", `Room "${room.name}" still has ${held!.n} rack${held!.n === 1 ? "" : "s"}. Move or delete them first.`);
    await tx.db.delete(rooms).where(and(eq(rooms.id, id), eq(rooms.version, version)));
    await recordAudit(tx, { action: "room.delete", objectType: "room", objectId: id, siteId: room.siteId, before: room });
    return { id };
  });
}
