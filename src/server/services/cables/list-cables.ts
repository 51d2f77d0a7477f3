import { sql, type SQL } from "drizzle-orm";
import { cableKindOf, typeWords, type ComponentType } from "../../../domain";
import { requireRole } from "../../auth/actor";
import { loadTypes } from "../catalog/resolve-type";
import type { ServiceContext } from "../context";
import { queryRows } from "../inventory/sql";
import { listCablesInput, type ListCablesInput } from "./schemas";

type Verdict = "pass" | "warning" | "fail";

/**
 * A page of a site's cables, each with its type in words (kind, fiber, polarity type), length,
 * status, the worst verdict of the channels through it and where its ends are plugged.
 *
 * Filters: label anywhere (a trigram index), status, kind, fiber, polarity type, verdict. Order by
 * label or by length, either way, a page at a time after the previous page's last row (keyset: the
 * indexes on (site, lower(label)) and (site, length) serve the order, never an offset).
 */
export async function listCables(ctx: ServiceContext, input: ListCablesInput) {
  const { siteId, q, status, kind, fiber, polarity, verdict, sort, desc, limit, after } = listCablesInput.parse(input);
  requireRole(ctx.actor, "viewer", siteId);
  const where: SQL[] = [sql`c.site_id = ${siteId}`];
  // Anywhere in the label (a trigram index serves it), as an engineer searches "A12" or "T1-".
  if (q) where.push(sql`lower(c.label) like ${`%${q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`}`);
  if (status) where.push(sql`c.status = ${status}`);
  // The kind as laid (cableKindOf): a single-leg cable plugged only into rears of panels or
  // cassettes is a trunk, whatever its type calls it.
  if (kind)
    where.push(sql`(case when t.cable_kind <> 'patch-cord' then t.cable_kind
                         when exists (select 1 from cable_plugs cp where cp.cable_id = c.id)
                          and not exists (select 1 from cable_plugs cp join ports p on p.id = cp.port_id
                                           where cp.cable_id = c.id and (cp.side = 'front' or p.kind = 'transceiver')) then 'trunk'
                         else 'patch-cord' end) = ${kind}`);
  if (fiber) where.push(sql`t.fiber = ${fiber}`);
  if (polarity) where.push(sql`t.polarity = ${polarity}`);
  if (verdict === "none") where.push(sql`v.worst is null`);
  else if (verdict) where.push(sql`v.worst = ${({ pass: 0, warning: 1, fail: 2 } as const)[verdict]}`);
  const cmp = desc ? sql`<` : sql`>`;
  const dir = desc ? sql`desc` : sql`asc`;
  if (after && sort === "length") where.push(sql`(c.length_m, c.id) ${cmp} (${after.lengthM ?? 0}::float8, ${after.id}::uuid)`);
  else if (after) where.push(sql`(lower(c.label) collate "C", c.id) ${cmp} (${after.label.toLowerCase()}::text collate "C", ${after.id}::uuid)`);
  const order = sort === "length" ? sql`c.length_m ${dir}, c.id ${dir}` : sql`lower(c.label) collate "C" ${dir}, c.id ${dir}`;
  const rows = await queryRows<{
    id: string;
    label: string;
    type_id: string;
    colour: string;
    length_m: number;
    status: string;
    version: number;
    cable_kind: string | null;
    fiber: string | null;
    polarity: string | null;
    worst: number | null;
    ends: { connector: string; port: string; portId: string; side: "front" | "rear"; kind: "transceiver" | "adapter" }[] | null;
  }>(
    ctx.db,
    sql`select c.id, c.label, c.type_id, c.colour, c.length_m, c.status, c.version, t.cable_kind, t.fiber, t.polarity, v.worst,
               (select json_agg(json_build_object('connector', cp.connector, 'port', d.name || ':' || p.name, 'portId', p.id, 'side', cp.side, 'kind', p.kind) order by cp.connector)
                  from cable_plugs cp join ports p on p.id = cp.port_id join devices d on d.id = p.device_id
                 where cp.cable_id = c.id) as ends
          from cables c
          join component_types t on t.id = c.type_id
          -- The worst channel through any port the cable is plugged into (the channels' port index).
          left join lateral (
            select max(case j.verdict when 'fail' then 2 when 'warning' then 1 else 0 end)::int as worst
              from cable_plugs cp join channel_paths cpa on cpa.ports @> array[cp.port_id]
              join channel_judgements j on j.site_id = cpa.site_id and j.key = cpa.key
             where cp.cable_id = c.id
          ) v on true
         where ${sql.join(where, sql` and `)}
         order by ${order}
         limit ${limit + 1}`,
  );
  const types = await loadTypes(ctx.db, [...new Set(rows.map((r) => r.type_id))]);
  const words = (t: ComponentType | undefined) => (t ? typeWords(t) : null);
  const items = rows.slice(0, limit).map((r) => ({
    id: r.id,
    label: r.label,
    typeId: r.type_id,
    words: words(types.get(r.type_id)),
    kind: cableKindOf(r.cable_kind, r.ends ?? []),
    fiber: r.fiber,
    polarity: r.polarity,
    colour: r.colour,
    lengthM: Number(r.length_m),
    status: r.status,
    verdict: r.worst === null ? null : ((["pass", "warning", "fail"] as const)[r.worst] ?? null) as Verdict | null,
    version: r.version,
    ends: (r.ends ?? []).map(({ kind: _kind, ...e }) => e),
  }));
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? { label: last.label, id: last.id, lengthM: last.lengthM } : null };
}
