import { and, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import { getBuiltInType, gradeMode, isFiberGrade, type ComponentType } from "../../../domain";
import { requireRole } from "../../auth/actor";
import { cablePlugs, cables, channelJudgements, componentTypes, devices, ports, racks, rooms, sites } from "../../db/schema";
import type { Db } from "../../db/client";
import type { ServiceContext } from "../context";
import { ServiceError, notFound } from "../errors";
import { queryRows, uuidArray } from "../inventory/sql";
import type { Aside } from "../plans/evaluate";
import { patched, patchedPlugs, plannedTopology, worstMarks } from "../plans/views/topology";
import { buildElements, type TopologyRows } from "./build-elements";
import { topologyInput, type TopologyInput } from "./schemas";
import type { FaultSeverity, FiberModeKey } from "./types";

/** The cable types in use, as the builder needs them: kind, mode, fiber count, end of each connector. */
export async function cableTypes(db: Db, ids: readonly string[]): Promise<TopologyRows["types"]> {
  if (ids.length === 0) return [];
  const stored = await db
    .select({ id: componentTypes.id, builtIn: componentTypes.builtIn, definition: componentTypes.definition, cableKind: componentTypes.cableKind, fiber: componentTypes.fiber })
    .from(componentTypes)
    .where(inArray(componentTypes.id, [...ids]));
  // A built-in type is in the catalog table once something of it was stored: a type a change plan
  // gives a cable may not be there yet.
  const known = new Set(stored.map((row) => row.id));
  for (const id of ids) if (!known.has(id) && getBuiltInType(id)) stored.push({ id, builtIn: true, definition: null, cableKind: null, fiber: null });
  return stored.map((row) => {
    const type = (row.builtIn ? getBuiltInType(row.id) : (row.definition as ComponentType | null)) ?? null;
    const cable = type?.kind === "cable" ? type : null;
    const grade = cable?.fiber ?? row.fiber ?? "";
    const mode: FiberModeKey = isFiberGrade(grade) ? gradeMode(grade) : "unknown";
    return {
      id: row.id,
      cableKind: cable?.cableKind ?? row.cableKind ?? "unknown",
      mode,
      fibers: cable?.fibers.length ?? 0,
      ends: Object.fromEntries((cable?.connectors ?? []).map((c) => [c.id, c.end])),
    };
  });
}

/**
 * Ports on a failing or doubtful channel (every port its fibers cross), and ports named by an error
 * or warning finding, with their device: what the graph colours. `inRacks`: only ports of devices in
 * these racks (a subquery of rack ids), or of the devices `orDevices` names. `aside`: stored channels
 * (`c`) and findings (`f`) left out (those a plan's judgement stands in for).
 */
async function faultPorts(db: Db, siteId: string, inRacks?: SQL, orDevices: readonly string[] = [], aside?: Aside): Promise<TopologyRows["faultPorts"]> {
  const rows = await queryRows<{ port_id: string; device_id: string; sev: number }>(
    db,
    sql`select x.port_id, p.device_id, max(x.sev)::int as sev
          from (
            select unnest(cp.ports) as port_id, case when c.verdict = 'fail' then 2 else 1 end as sev
              from channel_judgements c join channel_paths cp on cp.site_id = c.site_id and cp.key = c.key
             where c.site_id = ${siteId} and c.verdict <> 'pass' ${aside ? sql`and not ${aside.channel}` : sql``}
            union all
            select unnest(f.port_ids), case when f.severity = 'error' then 2 else 1 end
              from findings f
             where f.site_id = ${siteId} and f.severity <> 'info' ${aside ? sql`and not ${aside.finding}` : sql``}
          ) x
          join ports p on p.id = x.port_id
          ${inRacks ? sql`join devices d on d.id = p.device_id and (d.rack_id in (${inRacks}) or d.id = any(${uuidArray(orDevices)}::uuid[]))` : sql``}
         group by x.port_id, p.device_id`,
  );
  return rows.map((r) => ({ portId: r.port_id, deviceId: r.device_id, severity: (Number(r.sev) === 2 ? "error" : "warning") as FaultSeverity }));
}

/** The most racks whose whole graph (devices, cables) one read returns: beyond, the overview and a scope. */
export const MAX_DETAIL_RACKS = 1000;

/**
 * The topology of a site, or of one room or row of it (`scope`): reads rooms, racks, devices, live
 * cables with their plugs, the cable types in use and the fault markers (a handful of set-based
 * queries, the scope a subquery in each), and builds the graph with `buildElements`. In a scope,
 * the cables that leave it are not drawn but counted (`leavingCables`): the overview shows them as
 * bundles between rows.
 */
export async function getTopology(ctx: ServiceContext, input: TopologyInput) {
  const { siteId, planId, scope } = topologyInput.parse(input);
  requireRole(ctx.actor, "viewer", siteId);
  const [site] = await ctx.db.select({ id: sites.id, name: sites.name, code: sites.code }).from(sites).where(eq(sites.id, siteId));
  if (!site) throw notFound("This site");

  const rackWhere = and(
    eq(racks.siteId, siteId),
    scope ? eq(racks.roomId, scope.roomId) : undefined,
    scope?.row !== undefined ? eq(racks.row, scope.row) : undefined,
  );
  const [{ n: rackCount } = { n: 0 }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(racks).where(rackWhere);
  if (Number(rackCount) > MAX_DETAIL_RACKS) {
    throw new ServiceError(
      "TOO_LARGE",
      `${scope ? "This part of the site" : "This site"} has ${Number(rackCount).toLocaleString("en")} racks: the graph of at most ${MAX_DETAIL_RACKS.toLocaleString("en")} is read at once. Read the overview (topology.overview), then one room or row (scope).`,
    );
  }
  const rackIds = ctx.db.select({ id: racks.id }).from(racks).where(rackWhere);
  const scopedDevices = ctx.db.select({ id: devices.id }).from(devices).where(inArray(devices.rackId, rackIds));
  const scopedCables = ctx.db
    .selectDistinct({ id: cablePlugs.cableId })
    .from(cablePlugs)
    .innerJoin(ports, eq(ports.id, cablePlugs.portId))
    .where(and(eq(cablePlugs.siteId, siteId), inArray(ports.deviceId, scopedDevices)));

  // What-if: the change plan's rows to lay over the live ones, and the stored judgement it stands in for.
  const planned = planId ? await plannedTopology(ctx, planId, siteId) : null;
  const [roomRows, rackRows, deviceRowsLive, cableRowsLive, plugRowsLive, faultsLive, verdicts] = await Promise.all([
    ctx.db
      .select({ id: rooms.id, name: rooms.name })
      .from(rooms)
      .where(and(eq(rooms.siteId, siteId), scope ? eq(rooms.id, scope.roomId) : undefined)),
    ctx.db.select({ id: racks.id, roomId: racks.roomId, name: racks.name, row: racks.row, position: racks.position }).from(racks).where(rackWhere),
    ctx.db
      .select({ id: devices.id, rackId: devices.rackId, name: devices.name, role: devices.role, uPosition: devices.uPosition, uHeight: devices.uHeight })
      .from(devices)
      .where(and(eq(devices.siteId, siteId), scope ? inArray(devices.rackId, rackIds) : undefined)),
    ctx.db
      .select({ id: cables.id, label: cables.label, typeId: cables.typeId, status: cables.status, lengthM: cables.lengthM })
      .from(cables)
      .where(and(eq(cables.siteId, siteId), ne(cables.status, "decommissioned"), scope ? inArray(cables.id, scopedCables) : undefined)),
    ctx.db
      .select({ cableId: cablePlugs.cableId, connector: cablePlugs.connector, portId: cablePlugs.portId, deviceId: ports.deviceId })
      .from(cablePlugs)
      .innerJoin(ports, eq(ports.id, cablePlugs.portId))
      .where(and(eq(cablePlugs.siteId, siteId), scope ? inArray(cablePlugs.cableId, scopedCables) : undefined)),
    // A device the plan moves into the scope brings its stored markers.
    faultPorts(ctx.db, siteId, scope ? sql`${rackIds}` : undefined, planned ? [...planned.devices.out] : [], planned?.aside),
    ctx.db
      .select({ verdict: channelJudgements.verdict, n: sql<number>`count(*)::int` })
      .from(channelJudgements)
      .where(eq(channelJudgements.siteId, siteId))
      .groupBy(channelJudgements.verdict),
  ]);
  if (scope && roomRows.length === 0) throw notFound("This room");
  let deviceRows = deviceRowsLive;
  let cableRows = cableRowsLive;
  let plugRows = plugRowsLive;
  let faults = faultsLive;
  // What-if: devices, cables, plugs and fault markers as the change plan would leave the site.
  // (Whole arrays are swapped, never spread into a call: a large site has more rows than a call has arguments.)
  if (planned) {
    const inScope = scope ? new Set(rackRows.map((r) => r.id)) : null;
    deviceRows = patched(deviceRowsLive, planned.devices);
    cableRows = patched(cableRowsLive, planned.cables);
    plugRows = patchedPlugs(plugRowsLive, planned);
    faults = worstMarks([...faultsLive, ...planned.faults]);
    if (inScope) {
      deviceRows = deviceRows.filter((d) => d.rackId !== null && inScope.has(d.rackId));
      const scoped = new Set(deviceRows.map((d) => d.id));
      const touching = new Set(plugRows.filter((p) => scoped.has(p.deviceId)).map((p) => p.cableId));
      cableRows = cableRows.filter((c) => touching.has(c.id));
      plugRows = plugRows.filter((p) => touching.has(p.cableId));
      faults = faults.filter((f) => scoped.has(f.deviceId));
    }
  }

  // In a scope: a cable with a plug outside it leaves the scope.
  let leavingCables = 0;
  if (scope) {
    const inside = new Set(deviceRows.map((d) => d.id));
    const leaving = new Set<string>();
    for (const p of plugRows) if (!inside.has(p.deviceId)) leaving.add(p.cableId);
    leavingCables = leaving.size;
    if (leavingCables > 0) {
      cableRows = cableRows.filter((c) => !leaving.has(c.id));
      plugRows = plugRows.filter((p) => !leaving.has(p.cableId));
    }
  }
  const types = await cableTypes(ctx.db, [...new Set(cableRows.map((c) => c.typeId))]);

  const elements = buildElements({
    rooms: roomRows,
    racks: rackRows,
    devices: deviceRows,
    cables: cableRows.map((c) => ({ ...c, status: c.status === "planned" ? "planned" : "installed" })),
    plugs: plugRows,
    types,
    faultPorts: faults,
  });
  const channels = { pass: 0, warning: 0, fail: 0 };
  for (const v of verdicts) channels[v.verdict] = Number(v.n);
  if (planned) for (const k of ["pass", "warning", "fail"] as const) channels[k] = Math.max(0, channels[k] + planned.delta[k]);
  return { site, elements, channels, scope: scope ?? null, leavingCables };
}

export type Topology = Awaited<ReturnType<typeof getTopology>>;
