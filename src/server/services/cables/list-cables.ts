import { sql, type SQL } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import type { ServiceContext } from "../context";
import { queryRows } from "../inventory/sql";
import { listCablesInput, type ListCablesInput } from "./schemas";

/** A page of a site's cables by label (those whose label holds `q`, when given), each with where its ends are plugged. */
export async function listCables(ctx: ServiceContext, input: ListCablesInput) {
  const { siteId, q, status, limit, after } = listCablesInput.parse(input);
  requireRole(ctx.actor, "viewer", siteId);
  const where: SQL[] = [sql`c.site_id = ${siteId}`];
  // Anywhere in the label (a trigram index serves it), as an engineer searches "A12" or "T1-".
  if (q) where.push(sql`lower(c.label) like ${`%${q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`}`);
  if (status) where.push(sql`c.status = ${status}`);
  if (after) where.push(sql`(lower(c.label) collate "C", c.id) > (${after.label.toLowerCase()}::text collate "C", ${after.id}::uuid)`);
  const rows = await queryRows<{ id: string; label: string; type_id: string; colour: string; length_m: number; status: string; version: number; ends: { connector: string; port: string; portId: string; side: string }[] | null }>(
    ctx.db,
    sql`select c.id, c.label, c.type_id, c.colour, c.length_m, c.status, c.version,
               (select json_agg(json_build_object('connector', cp.connector, 'port', d.name || ':' || p.name, 'portId', p.id, 'side', cp.side) order by cp.connector)
                  from cable_plugs cp join ports p on p.id = cp.port_id join devices d on d.id = p.device_id
                 where cp.cable_id = c.id) as ends
          from cables c
         where ${sql.join(where, sql` and `)}
         order by lower(c.label) collate "C", c.id
         limit ${limit + 1}`,
  );
  const items = rows.slice(0, limit).map((r) => ({
    id: r.id,
    label: r.label,
    typeId: r.type_id,
    colour: r.colour,
    lengthM: Number(r.length_m),
    status: r.status,
    version: r.version,
    ends: r.ends ?? [],
  }));
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? { label: last.label, id: last.id } : null };
}
