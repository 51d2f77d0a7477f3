import { and, asc, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import { getBuiltInType, type ComponentType } from "../../../domain";
import type { Db } from "../../db/client";
import { cablePlugs, cables, componentTypes, devices, moduleBays, modules, ports, racks, sites, transceivers } from "../../db/schema";
import { componentPortIds } from "../connectivity/component";
import { neighbourhoodPorts } from "../connectivity/fiber-part";
import { deviceColumns, portColumns } from "../connectivity/model-rows";
import { pgArray } from "../imports/bulk-insert";
import { queryRows, uuidArray } from "../inventory/sql";
import { portsNamed, type StoredOperation } from "./operations";
import type { PlanState } from "./plan-state";

/** Type ids an operation names. */
export const typeIdsOf = (ops: readonly StoredOperation[]): string[] => ops.flatMap((op) => ("typeId" in op && op.typeId ? [op.typeId] : []));

/** What a plan state must hold beyond the whole-site tables (racks, devices): the objects named here and everything physically joined to them. */
export interface PlanScope {
  ports?: readonly string[];
  devices?: readonly string[];
  modules?: readonly string[];
  cables?: readonly string[];
  transceivers?: readonly string[];
  racks?: readonly string[];
  /** Racks whose every device is read (a rack the plan installs or moves a device into: its space is checked). */
  deviceRacks?: readonly string[];
  /** Names the plan gives new devices: a device of the site with one of them refuses the operation. */
  deviceNames?: readonly string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The objects a plan's operations name (ports, devices, modules, cables, transceivers), with `extra` added. */
export function scopeOf(ops: readonly StoredOperation[], extra: PlanScope = {}): PlanScope {
  const ports = new Set(extra.ports ?? []);
  const devices = new Set(extra.devices ?? []);
  const modules = new Set(extra.modules ?? []);
  const cables = new Set(extra.cables ?? []);
  const transceivers = new Set(extra.transceivers ?? []);
  const deviceRacks = new Set(extra.deviceRacks ?? []);
  const deviceNames = new Set(extra.deviceNames ?? []);
  for (const op of ops) {
    const o = op as unknown as Record<string, unknown>;
    if ((op.kind === "device.add" || op.kind === "device.move") && op.rackId) deviceRacks.add(op.rackId);
    if (op.kind === "device.add") deviceNames.add(op.name);
    for (const p of portsNamed(op)) ports.add(p);
    if (typeof o.deviceId === "string") devices.add(o.deviceId);
    if (typeof o.moduleId === "string") modules.add(o.moduleId);
    if (typeof o.cableId === "string") cables.add(o.cableId);
    if (typeof o.transceiverId === "string") transceivers.add(o.transceiverId);
  }
  const ids = (set: Set<string>) => [...set].filter((id) => UUID.test(id));
  return {
    ports: ids(ports),
    devices: ids(devices),
    modules: ids(modules),
    cables: ids(cables),
    transceivers: ids(transceivers),
    racks: (extra.racks ?? []).filter((id) => UUID.test(id)),
    deviceRacks: ids(deviceRacks),
    deviceNames: [...deviceNames],
  };
}

/**
 * How far a plan state reaches from what its scope names. "joined": every port physically joined
 * to it (through cables and cassettes, transitively), what judging the plan needs — every fiber of
 * that part stays in it. "named": the ports named, with the other ports of the cables plugged into
 * them and of their cassettes, what checking the operations needs — every check of applyOperations
 * reads a named object, the plugs on its ports, the cables in them, the racks and names of the
 * scope; the neighbours keep every cable met through a named port whole in the state (in a meshed
 * plant the joined part of one cord is 60,000 ports, read for every operation written; the named
 * part is a handful). A property test compares the outcomes with the whole site's.
 */
export type PlanReach = "joined" | "named";

/** The ports of a scope and, as `reach` says, what is joined to them. */
async function scopePorts(db: Db, siteId: string, scope: PlanScope, reach: PlanReach): Promise<string[]> {
  const arr = (ids: readonly string[] | undefined) => sql`${uuidArray(ids ?? [])}::uuid[]`;
  // One select per kind of object named, each served by its index: as one condition with ORs over
  // the ports, PostgreSQL read all of a campus's 960,000 ports for every plan (100–146 ms of a
  // one-cord plan's 180 at 3,000 racks).
  const seeds = await queryRows<{ id: string }>(
    db,
    sql`select p.id from ports p where p.id = any(${arr(scope.ports)}) and p.site_id = ${siteId}
        union select p.id from ports p where p.device_id = any(${arr(scope.devices)}) and p.site_id = ${siteId}
        union select p.id from ports p where p.module_id = any(${arr(scope.modules)}) and p.site_id = ${siteId}
        union select p.id from devices d join ports p on p.device_id = d.id where d.rack_id = any(${arr(scope.racks)}) and p.site_id = ${siteId}
        union select cp.port_id from cable_plugs cp where cp.cable_id = any(${arr(scope.cables)})
        union select x.port_id from transceivers x where x.id = any(${arr(scope.transceivers)})`,
  );
  const ids = seeds.map((r) => r.id);
  if (reach === "joined") return componentPortIds(db, ids);
  if (ids.length === 0) return [];
  return (await queryRows<{ id: string }>(db, neighbourhoodPorts(uuidArray(ids)))).map((r) => r.id);
}

/**
 * Reads the site as a plan state: the racks of the whole site; devices, bays, modules, ports,
 * transceivers, cables that are not decommissioned with their plugs — of the whole site, or with a
 * `scope`, of the part of the plant physically joined to what it names (every check an operation
 * makes and every channel it can change lie there; a large site is not read whole for one cord)
 * or, with `reach` "named", of what it names and its neighbours (checks only, see PlanReach),
 * the devices of that part and of the racks and names the scope gives (a rack's space, a new
 * device's name: at 3,000 racks the site's 18,000 devices had been most of the time of reading a
 * one-cord plan, 57 of 190 ms, held longer by the other reads beside it);
 * the site's user types and any extra type named. Nothing is written (built-in types come from the
 * engine, not from the catalog table).
 */
export async function loadPlanState(db: Db, siteId: string, extraTypeIds: readonly string[] = [], scope?: PlanScope, reach: PlanReach = "joined"): Promise<PlanState | null> {
  const [site] = await db
    .select({ id: sites.id, name: sites.name, code: sites.code, attenuation: sites.attenuation, matedPair: sites.matedPair })
    .from(sites)
    .where(eq(sites.id, siteId));
  if (!site) return null;
  const where = (base: SQL, column: SQL, part: SQL | undefined): SQL => (part ? sql`${base} and ${column} ${part}` : base);
  // With a scope: first the part's ports, their transceivers and plugs; then the devices holding
  // them or named, and the cables plugged there or named, by the ids those rows give (arrays, whose
  // length the planner knows). Found by subqueries over the part's ports in the same statements as
  // the ports, they had each probed a meshed campus's 60,000 ports again, and each statement parsed
  // their ids (0.1–0.2 s of the database's time a statement).
  const ofPorts = scope ? sql`= any(${uuidArray(await scopePorts(db, siteId, scope, reach))}::uuid[])` : undefined;
  const portSide = () =>
    Promise.all([
      db
        .select({ ...portColumns, version: ports.version })
        .from(ports)
        .where(where(sql`${ports.siteId} = ${siteId}`, sql`${ports.id}`, ofPorts))
        .orderBy(asc(ports.id)),
      db
        .select({ id: transceivers.id, portId: transceivers.portId, typeId: transceivers.typeId, version: transceivers.version, serial: transceivers.serial })
        .from(transceivers)
        .where(where(sql`${transceivers.siteId} = ${siteId}`, sql`${transceivers.portId}`, ofPorts))
        .orderBy(asc(transceivers.id)),
      db
        .select({ cableId: cablePlugs.cableId, connector: cablePlugs.connector, portId: cablePlugs.portId, side: cablePlugs.side })
        .from(cablePlugs)
        .where(where(sql`${cablePlugs.siteId} = ${siteId}`, sql`${cablePlugs.portId}`, ofPorts))
        .orderBy(asc(cablePlugs.cableId), asc(cablePlugs.connector)),
    ]);
  const restOf = (part: { devices: SQL; cables: SQL; deviceRows: SQL } | null) =>
    Promise.all([
      db.select({ id: racks.id, name: racks.name, row: racks.row, position: racks.position, uHeight: racks.uHeight }).from(racks).where(eq(racks.siteId, siteId)),
      db
        .select({ ...deviceColumns, version: devices.version })
        .from(devices)
        .where(part ? and(eq(devices.siteId, siteId), part.deviceRows) : eq(devices.siteId, siteId))
        .orderBy(asc(devices.id)),
      db
        .select({ deviceId: moduleBays.deviceId, name: moduleBays.name, position: moduleBays.position })
        .from(moduleBays)
        .where(where(sql`${moduleBays.siteId} = ${siteId}`, sql`${moduleBays.deviceId}`, part?.devices)),
      db
        .select({ id: modules.id, deviceId: modules.deviceId, bay: moduleBays.name, kind: modules.kind, typeId: modules.typeId, version: modules.version, label: modules.label })
        .from(modules)
        .innerJoin(moduleBays, eq(moduleBays.id, modules.bayId))
        .where(where(sql`${modules.siteId} = ${siteId}`, sql`${modules.deviceId}`, part?.devices))
        .orderBy(asc(modules.id)),
      db
        .select({ id: cables.id, typeId: cables.typeId, lengthM: cables.lengthM, label: cables.label, splices: cables.splices, status: cables.status, version: cables.version })
        .from(cables)
        .where(where(and(eq(cables.siteId, siteId), ne(cables.status, "decommissioned"))!, sql`${cables.id}`, part?.cables))
        .orderBy(asc(cables.id)),
    ]);
  let portRows, xcvrRows, plugRows, rackRows, deviceRows, bayRows, moduleRows, cableRows;
  if (scope) {
    [portRows, xcvrRows, plugRows] = await portSide();
    const deviceIds = sql`${uuidArray([...new Set([...portRows.map((p) => p.deviceId), ...(scope.devices ?? [])])])}::uuid[]`;
    [rackRows, deviceRows, bayRows, moduleRows, cableRows] = await restOf({
      devices: sql`= any(${deviceIds})`,
      cables: sql`= any(${uuidArray([...new Set([...plugRows.map((p) => p.cableId), ...(scope.cables ?? [])])])}::uuid[])`,
      deviceRows: sql`(${devices.id} = any(${deviceIds}) or ${devices.rackId} = any(${uuidArray([...(scope.racks ?? []), ...(scope.deviceRacks ?? [])])}::uuid[])
        or lower(${devices.name}) in (select lower(n) from unnest(${pgArray(scope.deviceNames ?? [])}::text[]) n))`, // as the unique index compares them
    });
  } else [[portRows, xcvrRows, plugRows], [rackRows, deviceRows, bayRows, moduleRows, cableRows]] = await Promise.all([portSide(), restOf(null)]);
  const live = new Set(cableRows.map((c) => c.id));
  const wanted = new Set<string>([...cableRows.map((c) => c.typeId), ...xcvrRows.map((x) => x.typeId), ...moduleRows.map((m) => m.typeId ?? ""), ...extraTypeIds]);
  const userIds = [...wanted].filter((id) => id && getBuiltInType(id) === undefined);
  const types = new Map<string, ComponentType>();
  if (userIds.length) {
    const rows = await db.select({ id: componentTypes.id, definition: componentTypes.definition }).from(componentTypes).where(inArray(componentTypes.id, userIds));
    for (const r of rows) if (r.definition) types.set(r.id, r.definition as ComponentType);
  }
  return {
    site,
    racks: rackRows,
    devices: deviceRows,
    bays: bayRows,
    modules: moduleRows,
    ports: portRows,
    transceivers: xcvrRows,
    cables: cableRows,
    plugs: plugRows.filter((p) => live.has(p.cableId)),
    types,
  };
}
