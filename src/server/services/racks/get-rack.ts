import { asc, desc, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { devices, racks, rooms, sites } from "../../db/schema";
import type { Db } from "../../db/client";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { queryRows } from "../inventory/sql";
import { deviceTia, rackGrid } from "../inventory/tia606";
import { byIdInput } from "../sites/schemas";

/** A rack with its room and site names, or undefined. */
export async function readRackHead(db: Db, id: string) {
  const [head] = await db
    .select({ rack: racks, roomName: rooms.name, siteCode: sites.code, siteName: sites.name })
    .from(racks)
    .innerJoin(rooms, eq(rooms.id, racks.roomId))
    .innerJoin(sites, eq(sites.id, racks.siteId))
    .where(eq(racks.id, id));
  return head;
}

/** How a rack page names the rack: with its room, site and TIA-606 grid identifier. */
export const rackView = (head: NonNullable<Awaited<ReturnType<typeof readRackHead>>>) => ({
  ...head.rack,
  roomName: head.roomName,
  siteCode: head.siteCode,
  siteName: head.siteName,
  grid: rackGrid(head.rack),
});

/** A rack and the devices in it, for its elevation (front and rear, unit by unit). */
export async function getRack(ctx: ServiceContext, input: { id: string }) {
  const { id } = byIdInput.parse(input);
  const head = await readRackHead(ctx.db, id);
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
  // Open change plans that touch this rack: a port of a device in it, or a device moved into, out of or within it.
  const openPlans = await queryRows<{ id: string; name: string; status: string }>(
    ctx.db,
    sql`select distinct p.id, p.name, p.status, p.updated_at
          from plans p join plan_operations o on o.plan_id = p.id
         where p.site_id = ${head.rack.siteId} and p.status in ('draft', 'submitted', 'approved')
           and (o.port_ids && array(select x.id from ports x join devices d on d.id = x.device_id where d.rack_id = ${id})
                or o.payload->>'rackId' = ${id}
                or o.payload->>'deviceId' in (select d.id::text from devices d where d.rack_id = ${id}))
         order by p.updated_at desc
         limit 10`,
  );
  return {
    rack: rackView(head),
    devices: rows.map((d) => ({ ...d, tia: deviceTia(head.siteCode, head.rack, d), fault: faultOf.get(d.id) ?? null })),
    /** Open change plans that touch the rack, latest first, to see it as each would leave it. */
    openPlans: openPlans.map((p) => ({ id: p.id, name: p.name, status: p.status })),
  };
}
