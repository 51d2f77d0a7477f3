import { asc, desc, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { devices, racks, rooms, sites } from "../../db/schema";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { queryRows } from "../inventory/sql";
import { deviceTia, rackGrid } from "../inventory/tia606";
import { byIdInput } from "../sites/schemas";

/** A rack and the devices in it, for its elevation (front and rear, unit by unit). */
export async function getRack(ctx: ServiceContext, input: { id: string }) {
  const { id } = byIdInput.parse(input);
  const [head] = await ctx.db
    .select({ rack: racks, roomName: rooms.name, siteCode: sites.code, siteName: sites.name })
    .from(racks)
    .innerJoin(rooms, eq(rooms.id, racks.roomId))
    .innerJoin(sites, eq(sites.id, racks.siteId))
    .where(eq(racks.id, id));
  if (!head) throw notFound("This rack");
  requireRole(ctx.actor, "viewer", head.rack.siteId);
  const rows = await ctx.db
    .select({
      id: devices.id,
      name: devices.name,
      role: devices.role,
      model: devices.model,
      label: devices.label,
      uPosition: devices.uPosition,
      uHeight: devices.uHeight,
      face: devices.face,
      fullDepth: devices.fullDepth,
      version: devices.version,
    })
    .from(devices)
    .where(eq(devices.rackId, id))
    .orderBy(desc(devices.uPosition), asc(devices.name));
  const faults = await queryRows<{ device_id: string; rank: number }>(
    ctx.db,
    sql`select p.device_id, min(f.severity_rank)::int as rank
          from findings f join ports p on p.id = any(f.port_ids)
         where f.site_id = ${head.rack.siteId} and f.rack_ids @> array[${id}]::uuid[]
         group by p.device_id`,
  );
  const faultOf = new Map(faults.map((f) => [f.device_id, (["error", "warning", "info"] as const)[f.rank] ?? null]));
  return {
    rack: { ...head.rack, roomName: head.roomName, siteCode: head.siteCode, siteName: head.siteName, grid: rackGrid(head.rack) },
    devices: rows.map((d) => ({ ...d, tia: deviceTia(head.siteCode, head.rack, d), fault: faultOf.get(d.id) ?? null })),
  };
}
