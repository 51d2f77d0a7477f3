import { eq, sql, type SQL } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { channelJudgements, rooms, sites } from "../../db/schema";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { queryRows } from "../inventory/sql";
import type { Aside } from "../plans/evaluate";
import { plannedTopology } from "../plans/views/topology";
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
export function overviewSql(siteId: string, aside?: Aside): { rows: SQL; cables: SQL; faults: SQL } {
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
               where c.site_id = ${siteId} and c.verdict <> 'pass' ${aside ? sql`and not ${aside.channel}` : sql``}
               group by r.room_id, r.row
              union all
              select r.room_id, r.row, 0, 0, max(case when f.severity = 'error' then 2 else 1 end)
                from findings f
                cross join lateral unnest(f.rack_ids) as u(rack_id)
                join racks r on r.id = u.rack_id
               where f.site_id = ${siteId} and f.severity <> 'info' ${aside ? sql`and not ${aside.finding}` : sql``}
               group by r.room_id, r.row
            ) x
           group by room_id, row`,
  };
}

async function liveFigures(ctx: ServiceContext, siteId: string, aside?: Aside) {
  const q = overviewSql(siteId, aside);
  const [rowFigures, groups, faults] = await Promise.all([
    queryRows<RowFigures>(ctx.db, q.rows),
    queryRows<CableGroup>(ctx.db, q.cables),
    queryRows<RowFaults>(ctx.db, q.faults),
  ]);
  return { rowFigures, groups, faults };
}

/**
 * The same figures as a change plan would leave the site: the live figures with the plan's changes
 * laid over them (plannedTopology) — the devices it installs, moves or removes counted in their rows
 * before and after, the cables it changes taken out of their groups as they are and put in as it
 * leaves them, the stored judgement it stands in for left out of the faults and its judgement around
 * what it touches counted in their place. The site is not read as a plan state (a campus's million
 * ports had been read, applied and judged for every overview as planned: 20 s at 3,000 racks).
 */
async function plannedFigures(ctx: ServiceContext, siteId: string, planId: string) {
  const planned = await plannedTopology(ctx, planId, siteId);
  if (!planned) return null;
  const [live, rackRows] = await Promise.all([
    liveFigures(ctx, siteId, planned.aside),
    queryRows<{ id: string; room_id: string; row: string }>(ctx.db, sql`select id, room_id, row from racks where site_id = ${siteId}`),
  ]);
  const rackOf = new Map(rackRows.map((r) => [r.id, r]));
  const rowByKey = new Map(rackRows.map((r) => [r.room_id + SEP + r.row, r]));
  const rowOf = (rackId: string | null | undefined) => {
    const r = rackId ? rackOf.get(rackId) : undefined;
    return r ? r.room_id + SEP + r.row : null;
  };

  const rowFigures = new Map(live.rowFigures.map((f) => [f.room_id + SEP + f.row, { ...f, devices: Number(f.devices) }]));
  for (const [devices, sign] of [[planned.devices.before, -1], [planned.devices.put, 1]] as const)
    for (const d of devices) {
      const f = rowFigures.get(rowOf(d.rackId) ?? "");
      if (f) f.devices += sign;
    }

  // The changed cables' groups before and after, by the rows, racks and roles of their ends.
  const e = planned.e;
  const deviceOf = new Map([...e.state.devices, ...e.applied.state.devices].map((d) => [d.id, d]));
  const beforeOf = new Map(e.state.devices.map((d) => [d.id, d]));
  const afterOf = new Map(e.applied.state.devices.map((d) => [d.id, d]));
  const types = new Map((await cableTypes(ctx.db, [...new Set([...planned.cables.before, ...planned.cables.put].map((c) => c.typeId))])).map((t) => [t.id, t]));
  const groups = new Map(live.groups.map((g) => [groupKey(g), { ...g, n: Number(g.n) }]));
  const count = (cables: readonly { id: string; typeId: string; status: string }[], plugs: readonly { cableId: string; deviceId: string }[], devices: Map<string, { rackId: string | null; role: string }>, sign: number) => {
    const ends = new Map<string, { racks: Set<string | null>; rows: Set<string>; panels: boolean; plugs: number }>();
    for (const p of plugs) {
      const d = devices.get(p.deviceId) ?? deviceOf.get(p.deviceId);
      if (!d) continue;
      const x = ends.get(p.cableId) ?? { racks: new Set(), rows: new Set(), panels: true, plugs: 0 };
      x.racks.add(d.rackId);
      const row = rowOf(d.rackId);
      if (row) x.rows.add(row);
      x.panels &&= d.role === "panel" || d.role === "enclosure";
      x.plugs += 1;
      ends.set(p.cableId, x);
    }
    for (const c of cables) {
      const x = ends.get(c.id);
      if (!x || x.plugs < 2 || x.rows.size === 0) continue;
      const g: CableGroup = { rowkeys: [...x.rows].sort(), type_id: c.typeId, status: c.status, trunk: x.racks.size > 1 && !x.racks.has(null) && (types.get(c.typeId)?.cableKind === "trunk" || x.panels), n: 0 };
      const k = groupKey(g);
      const had = groups.get(k) ?? g;
      had.n += sign;
      groups.set(k, had);
    }
  };
  count(planned.cables.before, planned.plugs.before, beforeOf, -1);
  count(planned.cables.put, planned.plugs.put, afterOf, 1);

  // Faults per row: the stored ones the plan leaves, and its judgement's channels (counted once a
  // row, by the rows of the racks their ports are in after it) and findings (by their racks).
  const faults = [...live.faults];
  const rackOfPort = (id: string) => {
    const p = e.after.built.port(id);
    return p ? e.after.built.deviceById.get(p.deviceId)?.rackId : undefined;
  };
  for (const c of e.after.channels) {
    if (c.verdict === "pass") continue;
    for (const row of new Set(c.ports.map((p) => rowOf(rackOfPort(p))))) {
      const r = row === null ? undefined : rowByKey.get(row);
      if (r) faults.push({ room_id: r.room_id, row: r.row, failing: c.verdict === "fail" ? 1 : 0, doubtful: c.verdict === "warning" ? 1 : 0, sev: c.verdict === "fail" ? 2 : 1 });
    }
  }
  for (const f of e.after.findings) {
    if (f.severity === "info") continue;
    for (const rackId of new Set(f.rackIds)) {
      const r = rackOf.get(rackId);
      if (r) faults.push({ room_id: r.room_id, row: r.row, failing: 0, doubtful: 0, sev: f.severity === "error" ? 2 : 1 });
    }
  }
  return { rowFigures: [...rowFigures.values()], groups: [...groups.values()].filter((g) => g.n > 0), faults, delta: planned.delta };
}

const groupKey = (g: Pick<CableGroup, "rowkeys" | "type_id" | "status" | "trunk">) => [[...g.rowkeys].sort().join("\n"), g.type_id, g.status, g.trunk].join("\r");

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
