/** Test helpers for exports and imports: a site's content as comparable text, and a fingerprint of every table. */
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { queryRows } from "../inventory/sql";

/**
 * Everything the site file carries, as sorted lines without database ids: rooms, racks, devices,
 * cassettes, ports, transceivers, cables and plugs. Two sites with equal lines are the same plant.
 */
export async function siteSnapshot(db: Db, siteId: string): Promise<Record<string, string[]>> {
  const lines = async (q: ReturnType<typeof sql>) => (await queryRows<{ l: string }>(db, q)).map((r) => r.l).sort();
  return {
    rooms: await lines(sql`select name as l from rooms where site_id = ${siteId}`),
    racks: await lines(sql`select concat_ws('|', ro.name, r.name, r.row, r.position, r.u_height) as l from racks r join rooms ro on ro.id = r.room_id where r.site_id = ${siteId}`),
    devices: await lines(
      sql`select concat_ws('|', d.name, case d.role when 'enclosure' then 'panel' else d.role end, r.name, d.u_position, d.u_height, d.face) as l from devices d left join racks r on r.id = d.rack_id where d.site_id = ${siteId}`,
    ),
    modules: await lines(sql`select concat_ws('|', d.name, b.name, m.kind, m.type_id) as l from modules m join module_bays b on b.id = m.bay_id join devices d on d.id = m.device_id where m.site_id = ${siteId}`),
    ports: await lines(
      sql`select concat_ws('|', d.name, p.name, p.kind, p.family, p.key_type, p.cage, p.module_port, p.ordinal) as l from ports p join devices d on d.id = p.device_id where p.site_id = ${siteId}`,
    ),
    transceivers: await lines(sql`select concat_ws('|', d.name, p.name, x.type_id) as l from transceivers x join ports p on p.id = x.port_id join devices d on d.id = p.device_id where x.site_id = ${siteId}`),
    cables: await lines(sql`select concat_ws('|', label, type_id, length_m, splices) as l from cables where site_id = ${siteId}`),
    plugs: await lines(
      sql`select concat_ws('|', c.label, cp.connector, d.name, p.name, cp.side) as l from cable_plugs cp join cables c on c.id = cp.cable_id join ports p on p.id = cp.port_id join devices d on d.id = p.device_id where cp.site_id = ${siteId}`,
    ),
  };
}

/** A hash of every table's rows (the audit trail and token use times left out when asked): equal means nothing was written. */
export async function fingerprint(db: Db, skipAudit = true): Promise<string> {
  const tables = await queryRows<{ tablename: string }>(db, sql`select tablename from pg_tables where schemaname = 'public' order by tablename`);
  const parts: string[] = [];
  for (const { tablename } of tables) {
    if (skipAudit && (tablename === "audit_events" || tablename === "api_tokens")) continue;
    const [row] = await queryRows<{ h: string | null }>(db, sql.raw(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from "${tablename}" t`));
    parts.push(`${tablename}:${row?.h}`);
  }
  return parts.join(",");
}

/** Chunks of a text or bytes, `size` bytes each, as an upload arrives. */
export function* chunksOf(data: string | Uint8Array, size = 4096): Generator<Uint8Array> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** All the text of an async generator. */
export async function collect(gen: AsyncIterable<string>): Promise<string> {
  let s = "";
  for await (const part of gen) s += part;
  return s;
}
