import { eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { sites } from "../../db/schema";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { queryRows } from "../inventory/sql";
import { deviceTia, parseTia, portTia, rackGrid } from "../inventory/tia606";
import { searchSiteInput, type SearchSiteInput } from "./schemas";

export interface SearchHit {
  kind: "rack" | "device" | "port" | "cable";
  id: string;
  /** Where to go: the rack, device or port page (a cable opens its A end's port). */
  href: string;
  title: string;
  detail: string;
}

type PortRow = { id: string; name: string; label: string; device_id: string; device: string; u: number | null; rack: string | null; row: string | null; position: number | null };

const like = (s: string) => `${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Finds racks, devices, ports and cables of a site by name, label or TIA-606 identifier
 * (`DC1.A12-40:05`, `DC1.A12-40`, `DC1.A12`), or a port as `device:port`. Names and labels match
 * from their start, case-insensitively.
 */
export async function searchSite(ctx: ServiceContext, input: SearchSiteInput): Promise<SearchHit[]> {
  const { siteId, q, limit } = searchSiteInput.parse(input);
  requireRole(ctx.actor, "viewer", siteId);
  const [site] = await ctx.db.select({ code: sites.code }).from(sites).where(eq(sites.id, siteId));
  if (!site) throw notFound("This site");
  const base = `/sites/${siteId}`;
  const portHit = (p: PortRow): SearchHit => ({
    kind: "port",
    id: p.id,
    href: `${base}/ports/${p.id}`,
    title: `${p.device}:${p.name}`,
    detail: [portTia(site.code, p.rack ? { name: p.rack, row: p.row ?? "", position: p.position } : null, { name: p.device, uPosition: p.u }, p.name), p.label].filter(Boolean).join(" · "),
  });
  const portSelect = sql`select p.id, p.name, p.label, p.device_id, d.name as device, d.u_position as u, r.name as rack, r.row, r.position
                           from ports p join devices d on d.id = p.device_id left join racks r on r.id = d.rack_id`;

  // A link: its two ends' identifiers joined with "/", near end first.
  const joint = q.toLowerCase().indexOf(`/${site.code.toLowerCase()}.`);
  if (joint > 0) {
    const [near, far] = await Promise.all([
      searchSite(ctx, { siteId, q: q.slice(0, joint), limit }),
      searchSite(ctx, { siteId, q: q.slice(joint + 1), limit }),
    ]);
    const nearPorts = near.filter((h) => h.kind === "port").map((h) => h.id);
    const farPorts = new Set(far.filter((h) => h.kind === "port").map((h) => h.id));
    if (nearPorts.length) {
      const links = await queryRows<{ id: string; label: string; type_id: string; port_id: string; others: string[] }>(
        ctx.db,
        sql`select c.id, c.label, c.type_id, a.port_id, array(select b.port_id from cable_plugs b where b.cable_id = c.id and b.port_id <> a.port_id) as others
              from cable_plugs a join cables c on c.id = a.cable_id
             where a.port_id = any(${`{${nearPorts.join(",")}}`}::uuid[])`,
      );
      return links
        .filter((l) => farPorts.size === 0 || l.others.some((o) => farPorts.has(o)))
        .map((l) => ({ kind: "cable" as const, id: l.id, href: `${base}/ports/${l.port_id}`, title: l.label || `#${l.id.slice(0, 8)}`, detail: `${l.type_id} · ${q}` }));
    }
  }

  const tia = parseTia(q);
  if (tia && tia.site.toLowerCase() === site.code.toLowerCase()) {
    const hits: SearchHit[] = [];
    const rackRows = await queryRows<{ id: string; name: string; row: string; position: number | null }>(
      ctx.db,
      sql`select id, name, row, position from racks where site_id = ${siteId}
            and (lower(name) = ${tia.rack.toLowerCase()} or lower(row || lpad(position::text, 2, '0')) = ${tia.rack.toLowerCase()})`,
    );
    const rackIds = rackRows.map((r) => r.id);
    if (tia.unit === null && tia.port === null) {
      for (const r of rackRows) hits.push({ kind: "rack", id: r.id, href: `${base}/racks/${r.id}`, title: r.name, detail: `${site.code}.${rackGrid(r)}` });
    }
    const deviceRows = rackIds.length && tia.unit !== null
      ? await queryRows<{ id: string; name: string; u: number; rack_id: string }>(
          ctx.db,
          sql`select id, name, u_position as u, rack_id from devices where rack_id = any(${`{${rackIds.join(",")}}`}::uuid[]) and u_position = ${tia.unit}`,
        )
      : tia.device !== null
        ? await queryRows<{ id: string; name: string; u: number; rack_id: string }>(
            ctx.db,
            sql`select id, name, u_position as u, rack_id from devices where site_id = ${siteId} and lower(name) = ${tia.device.toLowerCase()}`,
          )
        : [];
    if (tia.port === null) {
      for (const d of deviceRows) {
        const rack = rackRows.find((r) => r.id === d.rack_id) ?? null;
        hits.push({ kind: "device", id: d.id, href: `${base}/devices/${d.id}`, title: d.name, detail: deviceTia(site.code, rack, { name: d.name, uPosition: d.u }) });
      }
    } else if (deviceRows.length) {
      const want = tia.port.toLowerCase();
      const bare = want.replace(/^0+(?=\d)/, "");
      const portRows = await queryRows<PortRow>(
        ctx.db,
        sql`${portSelect} where p.device_id = any(${`{${deviceRows.map((d) => d.id).join(",")}}`}::uuid[])
              and (lower(p.name) = ${want} or lower(p.name) = ${bare})`,
      );
      hits.push(...portRows.map(portHit));
    }
    if (hits.length) return hits.slice(0, limit);
  }

  const colon = q.indexOf(":");
  if (colon > 0) {
    const device = q.slice(0, colon).toLowerCase();
    const port = q.slice(colon + 1);
    const portRows = await queryRows<PortRow>(
      ctx.db,
      sql`${portSelect} where d.site_id = ${siteId} and lower(d.name) = ${device} and lower(p.name) like ${like(port)}
           order by p.ordinal limit ${limit}`,
    );
    return portRows.map(portHit);
  }

  const [racks, devices, ports, cables] = await Promise.all([
    queryRows<{ id: string; name: string; row: string; position: number | null; room: string }>(
      ctx.db,
      sql`select r.id, r.name, r.row, r.position, m.name as room from racks r join rooms m on m.id = r.room_id
           where r.site_id = ${siteId} and lower(r.name) like ${like(q)} order by lower(r.name) limit ${limit}`,
    ),
    queryRows<{ id: string; name: string; role: string; u: number | null; rack: string | null; row: string | null; position: number | null }>(
      ctx.db,
      sql`select d.id, d.name, d.role, d.u_position as u, r.name as rack, r.row, r.position from devices d left join racks r on r.id = d.rack_id
           where d.site_id = ${siteId} and lower(d.name) like ${like(q)} order by lower(d.name) limit ${limit}`,
    ),
    queryRows<PortRow>(ctx.db, sql`${portSelect} where p.site_id = ${siteId} and p.label <> '' and lower(p.label) like ${like(q)} order by lower(p.label) limit ${limit}`),
    queryRows<{ id: string; label: string; type_id: string; port_id: string | null }>(
      ctx.db,
      sql`select c.id, c.label, c.type_id,
                 (select cp.port_id from cable_plugs cp where cp.cable_id = c.id order by cp.connector limit 1) as port_id
            from cables c where c.site_id = ${siteId} and lower(c.label) collate "C" like ${like(q)} order by lower(c.label) collate "C" limit ${limit}`,
    ),
  ]);
  return [
    ...racks.map((r): SearchHit => ({ kind: "rack", id: r.id, href: `${base}/racks/${r.id}`, title: r.name, detail: `${r.room} · ${site.code}.${rackGrid(r)}` })),
    ...devices.map(
      (d): SearchHit => ({
        kind: "device",
        id: d.id,
        href: `${base}/devices/${d.id}`,
        title: d.name,
        detail: `${d.role} · ${deviceTia(site.code, d.rack ? { name: d.rack, row: d.row ?? "", position: d.position } : null, { name: d.name, uPosition: d.u })}`,
      }),
    ),
    ...ports.map(portHit),
    ...cables.map(
      (c): SearchHit => ({
        kind: "cable",
        id: c.id,
        href: c.port_id ? `${base}/ports/${c.port_id}` : `${base}/cables`,
        title: c.label,
        detail: c.type_id,
      }),
    ),
  ].slice(0, limit * 2);
}
