import { asc, count, eq, inArray, sql } from "drizzle-orm";
import { visibleSites } from "../../auth/actor";
import { channelJudgements, findings, racks, rooms, sites } from "../../db/schema";
import type { ServiceContext } from "../context";

/** The sites the actor may see, with room and rack counts, and their channels and open findings at a glance. */
export async function listSites(ctx: ServiceContext) {
  const visible = visibleSites(ctx.actor);
  if (visible !== "all" && visible.length === 0) return [];
  const { db } = ctx;
  const roomCounts = db.select({ siteId: rooms.siteId, n: count().as("room_count") }).from(rooms).groupBy(rooms.siteId).as("room_counts");
  const rackCounts = db.select({ siteId: racks.siteId, n: count().as("rack_count") }).from(racks).groupBy(racks.siteId).as("rack_counts");
  const findingCounts = db
    .select({
      siteId: findings.siteId,
      errors: sql<number>`count(*) filter (where ${findings.severity} = 'error')`.as("error_count"),
      warnings: sql<number>`count(*) filter (where ${findings.severity} = 'warning')`.as("warning_count"),
    })
    .from(findings)
    .groupBy(findings.siteId)
    .as("finding_counts");
  const channelCounts = db
    .select({
      siteId: channelJudgements.siteId,
      n: count().as("channel_count"),
      failing: sql<number>`count(*) filter (where ${channelJudgements.verdict} = 'fail')`.as("failing_count"),
    })
    .from(channelJudgements)
    .groupBy(channelJudgements.siteId)
    .as("channel_counts");
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
      channelCount: sql<number>`coalesce(${channelCounts.n}, 0)::int`,
      failingChannels: sql<number>`coalesce(${channelCounts.failing}, 0)::int`,
      errorCount: sql<number>`coalesce(${findingCounts.errors}, 0)::int`,
      warningCount: sql<number>`coalesce(${findingCounts.warnings}, 0)::int`,
    })
    .from(sites)
    .leftJoin(roomCounts, eq(roomCounts.siteId, sites.id))
    .leftJoin(rackCounts, eq(rackCounts.siteId, sites.id))
    .leftJoin(channelCounts, eq(channelCounts.siteId, sites.id))
    .leftJoin(findingCounts, eq(findingCounts.siteId, sites.id))
    .where(visible === "all" ? undefined : inArray(sites.id, visible))
    .orderBy(asc(sql`lower(${sites.name})`));
}
