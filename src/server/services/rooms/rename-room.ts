import { and, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { rooms } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { fieldError, isUniqueViolation, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { renameRoomInput, type RenameRoomInput } from "./schemas";

export async function renameRoom(ctx: ServiceContext, input: RenameRoomInput) {
  const { id, version, name } = renameRoomInput.parse(input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const [before] = await tx.db.select().from(rooms).where(eq(rooms.id, id)).for("update");
      if (!before) throw notFound("This room");
      requireRole(tx.actor, "editor", before.siteId);
      if (before.version !== version) throw staleVersion(`Room "${before.name}"`);
      const [row] = await tx.db
        .update(rooms)
        .set({ name, updatedAt: new Date(), version: sql`${rooms.version} + 1` })
        .where(and(eq(rooms.id, id), eq(rooms.version, version)))
        .returning();
      if (!row) throw staleVersion(`Room "${before.name}"`);
      await recordAudit(tx, { action: "room.update", objectType: "room", objectId: id, siteId: before.siteId, before, after: row });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err, "rooms_site_name_unique")) throw fieldError("name", `This site already has a room named "${name}".`, "CONFLICT");
    throw err;
  }
}
