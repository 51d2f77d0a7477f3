import { eq, sql, type SQL } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { channelJudgements, rooms, sites } from "../../db/schema";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { queryRows } from "../inventory/sql";
import { planTopologyRows } from "../plans/views/topology";
import { bundleLabel } from "./build-elements";
import { cableTypes } from "./get-topology";
import { topologyOverviewInput, type TopologyOverviewInput } from "./schemas";
import { worse, type FaultSeverity, type OverviewBundle, type OverviewRoom, type OverviewRow, type PlantStatus, type TopologyOverview } from "./types";

const SEP = "\t";
export const rowNodeId = (roomId: string, row: string) => `row:${roomId}:${encodeURIComponent(row)}`;
const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
const rowTitle = (row: string) => (row === "" ? "No row" : `Row ${row}`);

interface RowFigures {
  room_id: string;
  row: string;
  racks: number;
  devices: number;
}
/** Cables grouped by the rows their ends are in (sorted keys "<room>\t<row>"), type and status. */
interface CableGroup {
  rowkeys: string[];
  type_id: string;
  status: string;
  trunk: boolean;
  n: number;
}
interface RowFaults {
  room_id: string;
  row: string;
  failing: number;
  doubtful: number;
  sev: number;
}

/**
 * The site's plant per row, live, in three set-based queries (each one pass over its table):
 * racks and devices per row; cables grouped by the rows their ends are in; failing and doubtful
 * channels and findings per row.
 */
export function overviewSql(siteId: string): { rows: SQL; cables: SQL; faults: SQL } {
  return {
    rows: sql`select r.room_id, r.row, count(*)::int as racks, coalesce(sum(dc.n), 0)::int as devices
            from racks r
            left join (select rack_id, count(*) as n from devices where site_id = ${siteId} and rack_id is not null group by rack_id) dc
              on dc.rack_id = r.id
           where r.site_id = ${siteId}
           group by r.room_id, r.row`,
    cables: sql`with ends as (
            select cp.cable_id, d.rack_id, d.role
              from cable_plugs cp
              join ports p on p.id = cp.port_id
              join devices d on d.id = p.device_id
             where cp.site_id = ${siteId}
          ), per as (
            select e.cable_id,
                   array_agg(distinct r.room_id::text || ${SEP} || r.row) filter (where r.id is not null) as rowkeys,
                   count(distinct e.rack_id) as racks,
                   bool_or(e.rack_id is null) as loose,
                   bool_and(e.role in ('panel', 'enclosure')) as panels,
                   count(*) as plugs
              from ends e
              left join racks r on r.id = e.rack_id
             group by e.cable_id
          )
          select per.rowkeys, c.type_id, c.status,
                 (per.racks > 1 and not per.loose and (t.cable_kind = 'trunk' or per.panels)) as trunk,
                 count(*)::int as n
            from per
            join cables c on c.id = per.cable_id
            left join component_types t on t.id = c.type_id
           where c.status <> 'decommissioned' and per.plugs > 1 and per.rowkeys is not null
           group by 1, 2, 3, 4`,
    faults: sql`select room_id, row, sum(failing)::int as failing, sum(doubtful)::int as doubtful, max(sev)::int as sev
            from (
              select r.room_id, r.row,
                     count(distinct c.id) filter (where c.verdict = 'fail') as failing,
                     count(distinct c.id) filter (where c.verdict = 'warning') as doubtful,
                     max(case when c.verdict = 'fail' then 2 else 1 end) as sev
                from channel_judgements c
                join channel_paths cp on cp.site_id = c.site_id and cp.key = c.key
                cross join lateral unnest(cp.ports) as u(port_id)
                join ports p on p.id = u.port_id
                join devices d on d.id = p.device_id
                join racks r on r.id = d.rack_id
               where c.site_id = ${siteId} and c.verdict <> 'pass'
               group by r.room_id, r.row
              union all
              select r.room_id, r.row, 0, 0, max(case when f.severity = 'error' then 2 else 1 end)
                from findings f
                cross join lateral unnest(f.rack_ids) as u(rack_id)
                join racks r on r.id = u.rack_id
               where f.site_id = ${siteId} and f.severity <> 'info'
               group by r.room_id, r.row
            ) x
           group by room_id, row`,
  };
}

async function liveFigures(ctx: ServiceContext, siteId: string) {
  const q = overviewSql(siteId);
  const [rowFigures, groups, faults] = await Promise.all([
    queryRows<RowFigures>(ctx.db, q.rows),
    queryRows<CableGroup>(ctx.db, q.cables),
    queryRows<RowFaults>(ctx.db, q.faults),
  ]);
  return { rowFigures, groups, faults };
}

/** The same figures from a change plan's rows (already in memory: the plan is applied in memory). */
async function plannedFigures(ctx: ServiceContext, siteId: string, planId: string) {
  const planned = await planTopologyRows(ctx, planId, siteId);
  if (!planned) return null;
  const rackRows = await queryRows<{ id: string; room_id: string; row: string }>(ctx.db, sql`select id, room_id, row from racks where site_id = ${siteId}`);
  const rackOf = new Map(rackRows.map((r) => [r.id, r]));
  const rowFigures = new Map<string, RowFigures>();
  for (const r of rackRows) {
    const key = r.room_id + SEP + r.row;
    const f = rowFigures.get(key) ?? { room_id: r.room_id, row: r.row, racks: 0, devices: 0 };
    f.racks += 1;
    rowFigures.set(key, f);
  }
  const device = new Map(planned.devices.map((d) => [d.id, d]));
  for (const d of planned.devices) {
    const r = d.rackId ? rackOf.get(d.rackId) : undefined;
    if (r) rowFigures.get(r.room_id + SEP + r.row)!.devices += 1;
  }
  const ends = new Map<string, { racks: Set<string | null>; rows: Set<string>; panels: boolean; plugs: number }>();
  for (const p of planned.plugs) {
    const d = device.get(p.deviceId);
    if (!d) continue;
    const e = ends.get(p.cableId) ?? { racks: new Set(), rows: new Set(), panels: true, plugs: 0 };
    e.racks.add(d.rackId);
    const r = d.rackId ? rackOf.get(d.rackId) : undefined;
    if (r) e.rows.add(r.room_id + SEP + r.row);
    e.panels &&= d.role === "panel" || d.role === "enclosure";
    e.plugs += 1;
    ends.set(p.cableId, e);
  }
  const types = new Map((await cableTypes(ctx.db, [...new Set(planned.cables.map((c) => c.typeId))])).map((t) => [t.id, t]));
  const groups = new Map<string, CableGroup>();
  for (const c of planned.cables) {
    const e = ends.get(c.id);
    if (!e || e.plugs < 2 || e.rows.size === 0) continue;
    const rowkeys = [...e.rows].sort();
    const trunk = e.racks.size > 1 && !e.racks.has(null) && (types.get(c.typeId)?.cableKind === "trunk" || e.panels);
    const key = [rowkeys.join("\n"), c.typeId, c.status, trunk].join("\r");
    const g = groups.get(key) ?? { rowkeys, type_id: c.typeId, status: c.status, trunk, n: 0 };
    g.n += 1;
    groups.set(key, g);
  }
  // Fault markers per row: the plan's ports, by their device's rack.
  const faults = new Map<string, RowFaults>();
  for (const f of planned.faults([])) {
    const d = device.get(f.deviceId);
    const r = d?.rackId ? rackOf.get(d.rackId) : undefined;
    if (!r) continue;
    const key = r.room_id + SEP + r.row;
    const x = faults.get(key) ?? { room_id: r.room_id, row: r.row, failing: 0, doubtful: 0, sev: 0 };
    x.sev = Math.max(x.sev, f.severity === "error" ? 2 : 1);
    faults.set(key, x);
  }
  return { rowFigures: [...rowFigures.values()], groups: [...groups.values()], faults: [...faults.values()], delta: planned.delta };
}

/**
 * The far view of a site: rooms and rows with their figures (racks, devices, trunks, failing
 * channels), and the trunks between rows summed into bundles (count and fiber total) per pair of
 * rows, fiber mode and status. Its size grows with the number of rows and row pairs, not with the
 * plant: a few tens of kilobytes for thousands of racks. The detail of a row comes from
 * `getTopology` with a scope.
 */
export async function getTopologyOverview(ctx: ServiceContext, input: TopologyOverviewInput): Promise<TopologyOverview> {
  const { siteId, planId } = topologyOverviewInput.parse(input);
  requireRole(ctx.actor, "viewer", siteId);
  const [site] = await ctx.db.select({ id: sites.id, name: sites.name, code: sites.code }).from(sites).where(eq(sites.id, siteId));
  if (!site) throw notFound("This site");

  const [roomRows, verdicts] = await Promise.all([
    ctx.db.select({ id: rooms.id, name: rooms.name }).from(rooms).where(eq(rooms.siteId, siteId)),
    ctx.db
      .select({ verdict: channelJudgements.verdict, n: sql<number>`count(*)::int` })
      .from(channelJudgements)
      .where(eq(channelJudgements.siteId, siteId))
      .groupBy(channelJudgements.verdict),
  ]);
  const planned = planId ? await plannedFigures(ctx, siteId, planId) : null;
  const { rowFigures, groups, faults } = planned ?? (await liveFigures(ctx, siteId));
  const types = new Map((await cableTypes(ctx.db, [...new Set(groups.map((g) => g.type_id))])).map((t) => [t.id, t]));

  const roomName = new Map(roomRows.map((r) => [r.id, r.name]));
  const rows = new Map<string, OverviewRow>();
  for (const f of rowFigures) {
    if (!roomName.has(f.room_id)) continue;
    rows.set(f.room_id + SEP + f.row, {
      kind: "row",
      id: rowNodeId(f.room_id, f.row),
      parent: `room:${f.room_id}`,
      roomId: f.room_id,
      row: f.row,
      label: rowTitle(f.row),
      racks: Number(f.racks),
      devices: Number(f.devices),
      trunks: 0,
      failing: 0,
      doubtful: 0,
      severity: null,
    });
  }
  for (const f of faults) {
    const row = rows.get(f.room_id + SEP + f.row);
    if (!row) continue;
    row.failing += Number(f.failing);
    row.doubtful += Number(f.doubtful);
    row.severity = worse(row.severity, Number(f.sev) === 2 ? "error" : Number(f.sev) === 1 ? "warning" : null);
  }

  const totals = { racks: 0, devices: 0, trunks: 0, cords: 0 };
  const bundles = new Map<string, OverviewBundle>();
  for (const g of groups) {
    const n = Number(g.n);
    if (!g.trunk) {
      totals.cords += n;
      continue;
    }
    totals.trunks += n;
    const keys = [...g.rowkeys].filter((k) => rows.has(k)).sort();
    for (const k of keys) rows.get(k)!.trunks += n;
    const type = types.get(g.type_id);
    const mode = type?.mode ?? "unknown";
    const status: PlantStatus = g.status === "planned" ? "planned" : "installed";
    // A trunk between two rows is one bundle member; a breakout over more rows joins each pair.
    for (let i = 0; i < keys.length; i++) {
      for (let j = i + 1; j < keys.length; j++) {
        const a = rows.get(keys[i]!)!;
        const b = rows.get(keys[j]!)!;
        const id = `bundle:${a.id}|${b.id}|${mode}|${status}`;
        const bundle = bundles.get(id) ?? { kind: "bundle", id, source: a.id, target: b.id, label: "", mode, status, cables: 0, fibers: 0, severity: null };
        bundle.cables += n;
        bundle.fibers += n * (type?.fibers ?? 0);
        bundles.set(id, bundle);
      }
    }
  }
  for (const b of bundles.values()) b.label = bundleLabel(b.cables, b.fibers);

  const rowList = [...rows.values()].sort(
    (a, b) => collator.compare(roomName.get(a.roomId)!, roomName.get(b.roomId)!) || (a.row === "" ? 1 : b.row === "" ? -1 : collator.compare(a.row, b.row)),
  );
  const roomList: OverviewRoom[] = roomRows
    .map((r) => {
      const mine = rowList.filter((x) => x.roomId === r.id);
      const sum = (k: "racks" | "devices" | "trunks" | "failing" | "doubtful") => mine.reduce((s, x) => s + x[k], 0);
      return {
        kind: "room" as const,
        id: `room:${r.id}`,
        label: r.name,
        rows: mine.length,
        racks: sum("racks"),
        devices: sum("devices"),
        // A trunk between two rows of the room counts once for the room.
        trunks: 0,
        failing: sum("failing"),
        doubtful: sum("doubtful"),
        severity: mine.reduce<FaultSeverity | null>((s, x) => worse(s, x.severity), null),
      };
    })
    .sort((a, b) => collator.compare(a.label, b.label));
  const roomOfKey = (k: string) => `room:${k.slice(0, k.indexOf(SEP))}`;
  const roomIndex = new Map(roomList.map((r) => [r.id, r]));
  for (const g of groups) {
    if (!g.trunk) continue;
    for (const room of new Set(g.rowkeys.filter((k) => rows.has(k)).map(roomOfKey))) roomIndex.get(room)!.trunks += Number(g.n);
  }
  for (const r of roomList) {
    totals.racks += r.racks;
    totals.devices += r.devices;
  }

  const channels = { pass: 0, warning: 0, fail: 0 };
  for (const v of verdicts) channels[v.verdict] = Number(v.n);
  if (planned) for (const k of ["pass", "warning", "fail"] as const) channels[k] = Math.max(0, channels[k] + planned.delta[k]);
  const bundleList = [...bundles.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { site, rooms: roomList, rows: rowList, bundles: bundleList, totals, channels, planned: planned !== null };
}
