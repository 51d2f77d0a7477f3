import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { devices, racks } from "../../db/schema";
import type { ServiceContext } from "../context";
import { listDevicesInput, type ListDevicesInput } from "./schemas";

/** A page of a site's devices, by name; optionally one rack's, or those whose name starts with `q`. */
export async function listDevices(ctx: ServiceContext, input: ListDevicesInput) {
  const { siteId, rackId, q, limit, after } = listDevicesInput.parse(input);
  requireRole(ctx.actor, "viewer", siteId);
  const where: SQL[] = [eq(devices.siteId, siteId)];
  if (rackId) where.push(eq(devices.rackId, rackId));
  if (q) where.push(sql`lower(${devices.name}) like ${`${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (after) where.push(gt(sql`lower(${devices.name})`, after.toLowerCase()));
  const rows = await ctx.db
    .select({
      id: devices.id,
      name: devices.name,
      role: devices.role,
      model: devices.model,
      rackId: devices.rackId,
      rackName: racks.name,
      uPosition: devices.uPosition,
      uHeight: devices.uHeight,
      face: devices.face,
      fullDepth: devices.fullDepth,
      version: devices.version,
    })
    .from(devices)
    .leftJoin(racks, eq(racks.id, devices.rackId))
    .where(and(...where))
    .orderBy(asc(sql`lower(${devices.name})`))
    .limit(limit + 1);
  return { items: rows.slice(0, limit), next: rows.length > limit ? rows[limit - 1]!.name : null };
}
