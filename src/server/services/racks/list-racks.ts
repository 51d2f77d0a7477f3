import { asc, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { racks, rooms } from "../../db/schema";
import type { ServiceContext } from "../context";
import { listRacksInput } from "./schemas";

export async function listRacks(ctx: ServiceContext, input: { siteId: string }) {
  const { siteId } = listRacksInput.parse(input);
  requireRole(ctx.actor, "viewer", siteId);
  return ctx.db
    .select({
      id: racks.id,
      name: racks.name,
      roomId: racks.roomId,
      roomName: rooms.name,
      row: racks.row,
      position: racks.position,
      uHeight: racks.uHeight,
      version: racks.version,
      updatedAt: racks.updatedAt,
    })
    .from(racks)
    .innerJoin(rooms, eq(rooms.id, racks.roomId))
    .where(eq(racks.siteId, siteId))
    .orderBy(asc(sql`lower(${rooms.name})`), asc(racks.row), asc(racks.position), asc(sql`lower(${racks.name})`));
}
