import { eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cables, componentTypes } from "../../db/schema";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { queryRows } from "../inventory/sql";
import { portTia } from "../inventory/tia606";
import { cableByIdInput } from "./schemas";

/** One cable with its type, its ends (port, side, TIA-606 identifier) and its link identifier. */
export async function getCable(ctx: ServiceContext, input: { id: string }) {
  const { id } = cableByIdInput.parse(input);
  const [row] = await ctx.db
    .select({ cable: cables, typeName: componentTypes.name, polarity: componentTypes.polarity, families: componentTypes.families })
    .from(cables)
    .innerJoin(componentTypes, eq(componentTypes.id, cables.typeId))
    .where(eq(cables.id, id));
  if (!row) throw notFound("This cable");
  requireRole(ctx.actor, "viewer", row.cable.siteId);
  const ends = await queryRows<{ connector: string; side: string; family_mismatch_confirmed: boolean; port_id: string; port: string; device_id: string; device: string; u: number | null; rack: string | null; row: string | null; position: number | null; code: string }>(
    ctx.db,
    sql`select cp.connector, cp.side, cp.family_mismatch_confirmed, p.id as port_id, p.name as port, d.id as device_id, d.name as device,
               d.u_position as u, r.name as rack, r.row, r.position, s.code
          from cable_plugs cp join ports p on p.id = cp.port_id join devices d on d.id = p.device_id
          join sites s on s.id = cp.site_id left join racks r on r.id = d.rack_id
         where cp.cable_id = ${id} order by cp.connector`,
  );
  const withTia = ends.map((e) => ({
    connector: e.connector,
    side: e.side,
    familyMismatchConfirmed: e.family_mismatch_confirmed,
    portId: e.port_id,
    deviceId: e.device_id,
    label: `${e.device}:${e.port}`,
    tia: portTia(e.code, e.rack ? { name: e.rack, row: e.row ?? "", position: e.position } : null, { name: e.device, uPosition: e.u }, e.port),
  }));
  const a = withTia.filter((e) => e.connector.startsWith("a"));
  const b = withTia.filter((e) => e.connector.startsWith("b"));
  return {
    ...row.cable,
    typeName: row.typeName,
    polarity: row.polarity,
    families: row.families,
    ends: withTia,
    /** TIA-606: the two ends joined with "/", near (A) end first. */
    tia: a[0] && b[0] ? `${a[0].tia}/${b[0].tia}` : null,
  };
}
