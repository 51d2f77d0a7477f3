import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { getBuiltInType, gradeMode, isFiberGrade, type ComponentType } from "../../../domain";
import { requireRole } from "../../auth/actor";
import { cablePlugs, cables, channelJudgements, componentTypes, devices, ports, racks, rooms, sites } from "../../db/schema";
import type { Db } from "../../db/client";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { queryRows } from "../inventory/sql";
import { planTopologyRows } from "../plans/views/topology";
import { buildElements, type TopologyRows } from "./build-elements";
import { topologyInput, type TopologyInput } from "./schemas";
import type { FaultSeverity, FiberModeKey } from "./types";

/** The cable types in use, as the builder needs them: kind, mode, fiber count, end of each connector. */
async function cableTypes(db: Db, ids: readonly string[]): Promise<TopologyRows["types"]> {
  if (ids.length === 0) return [];
  const stored = await db
    .select({ id: componentTypes.id, builtIn: componentTypes.builtIn, definition: componentTypes.definition, cableKind: componentTypes.cableKind, fiber: componentTypes.fiber })
    .from(componentTypes)
    .where(inArray(componentTypes.id, [...ids]));
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
 * or warning finding, with their device: what the graph colours.
 */
async function faultPorts(db: Db, siteId: string): Promise<TopologyRows["faultPorts"]> {
  const rows = await queryRows<{ port_id: string; device_id: string; sev: number }>(
    db,
    sql`select x.port_id, p.device_id, max(x.sev)::int as sev
          from (
            select unnest(c.ports) as port_id, case when c.verdict = 'fail' then 2 else 1 end as sev
              from channel_judgements c
             where c.site_id = ${siteId} and c.verdict <> 'pass'
            union all
            select unnest(f.port_ids), case when f.severity = 'error' then 2 else 1 end
              from findings f
             where f.site_id = ${siteId} and f.severity <> 'info'
          ) x
          join ports p on p.id = x.port_id
         group by x.port_id, p.device_id`,
  );
  return rows.map((r) => ({ portId: r.port_id, deviceId: r.device_id, severity: (Number(r.sev) === 2 ? "error" : "warning") as FaultSeverity }));
}

/**
 * The topology of a site: reads rooms, racks, devices, live cables with their plugs, the cable types
 * in use and the fault markers (a handful of queries), and builds the graph with `buildElements`.
 */
export async function getTopology(ctx: ServiceContext, input: TopologyInput) {
  const { siteId, planId } = topologyInput.parse(input);
  requireRole(ctx.actor, "viewer", siteId);
  const [site] = await ctx.db.select({ id: sites.id, name: sites.name, code: sites.code }).from(sites).where(eq(sites.id, siteId));
  if (!site) throw notFound("This site");

  const [roomRows, rackRows, deviceRows, cableRows, plugRows, faults, verdicts] = await Promise.all([
    ctx.db.select({ id: rooms.id, name: rooms.name }).from(rooms).where(eq(rooms.siteId, siteId)),
    ctx.db.select({ id: racks.id, roomId: racks.roomId, name: racks.name, row: racks.row, position: racks.position }).from(racks).where(eq(racks.siteId, siteId)),
    ctx.db
      .select({ id: devices.id, rackId: devices.rackId, name: devices.name, role: devices.role, uPosition: devices.uPosition, uHeight: devices.uHeight })
      .from(devices)
      .where(eq(devices.siteId, siteId)),
    ctx.db
      .select({ id: cables.id, label: cables.label, typeId: cables.typeId, status: cables.status, lengthM: cables.lengthM })
      .from(cables)
      .where(and(eq(cables.siteId, siteId), ne(cables.status, "decommissioned"))),
    ctx.db
      .select({ cableId: cablePlugs.cableId, connector: cablePlugs.connector, portId: cablePlugs.portId, deviceId: ports.deviceId })
      .from(cablePlugs)
      .innerJoin(ports, eq(ports.id, cablePlugs.portId))
      .where(eq(cablePlugs.siteId, siteId)),
    faultPorts(ctx.db, siteId),
    ctx.db
      .select({ verdict: channelJudgements.verdict, n: sql<number>`count(*)::int` })
      .from(channelJudgements)
      .where(eq(channelJudgements.siteId, siteId))
      .groupBy(channelJudgements.verdict),
  ]);
  // What-if: devices, cables, plugs and fault markers as the change plan would leave the site.
  const planned = planId ? await planTopologyRows(ctx, planId, siteId) : null;
  if (planned) {
    deviceRows.splice(0, deviceRows.length, ...planned.devices);
    cableRows.splice(0, cableRows.length, ...planned.cables);
    plugRows.splice(0, plugRows.length, ...planned.plugs);
    faults.splice(0, faults.length, ...planned.faults(faults));
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
  return { site, elements, channels };
}

export type Topology = Awaited<ReturnType<typeof getTopology>>;
