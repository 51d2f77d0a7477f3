import { eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { racks, sites } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { fieldError, isUniqueViolation } from "../errors";
import { inTransaction } from "../tx";
import { ensureRoom } from "./ensure-room";
import { createRackInput, type CreateRackInput } from "./schemas";

export async function createRack(ctx: ServiceContext, input: CreateRackInput) {
  const data = createRackInput.parse(input);
  requireRole(ctx.actor, "editor", data.siteId);
  try {
    return await inTransaction(ctx, async (tx) => {
      const [site] = await tx.db.select({ id: sites.id }).from(sites).where(eq(sites.id, data.siteId));
      if (!site) throw fieldError("siteId", "This site does not exist (it may have been deleted).", "NOT_FOUND");
      const room = await ensureRoom(tx, data.siteId, data.room);
      const [row] = await tx.db
        .insert(racks)
        .values({ siteId: data.siteId, roomId: room.id, name: data.name, row: data.row, position: data.position, uHeight: data.uHeight })
        .returning();
      await recordAudit(tx, { action: "rack.create", objectType: "rack", objectId: row!.id, siteId: data.siteId, after: row });
      return { ...row!, roomName: room.name };
    });
  } catch (err) {
    if (isUniqueViolation(err, "racks_room_name_unique")) {
      throw fieldError("name", `Room "${data.room}" already has a rack named "${data.name}".`, "CONFLICT");
    }
    throw err;
  }
}
