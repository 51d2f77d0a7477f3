import { asc, count, eq, inArray, sql } from "drizzle-orm";
import { visibleSites } from "../../auth/actor";
import { racks, rooms, sites } from "../../db/schema";
import type { ServiceContext } from "../context";

/** The sites the actor may see, with room and rack counts. */
export async function listSites(ctx: ServiceContext) {
  const visible = visibleSites(ctx.actor);
  if (visible !== "all" && visible.length === 0) return [];
  const { db } = ctx;
  const roomCounts = db.select({ siteId: rooms.siteId, n: count().as("room_count") }).from(rooms).groupBy(rooms.siteId).as("room_counts");
  const rackCounts = db.select({ siteId: racks.siteId, n: count().as("rack_count") }).from(racks).groupBy(racks.siteId).as("rack_counts");
  return db
    .select({
      id: sites.id,
      name: sites.name,
      code: sites.code,
      description: sites.description,
      version: sites.version,
      updatedAt: sites.updatedAt,
      roomCount: sql<number>`coalesce(${roomCounts.n}, 0)::int`,
      rackCount: sql<number>`coalesce(${rackCounts.n}, 0)::int`,
    })
    .from(sites)
    .leftJoin(roomCounts, eq(roomCounts.siteId, sites.id))
    .leftJoin(rackCounts, eq(rackCounts.siteId, sites.id))
    .where(visible === "all" ? undefined : inArray(sites.id, visible))
    .orderBy(asc(sql`lower(${sites.name})`));
}
