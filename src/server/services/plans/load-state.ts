import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { getBuiltInType, type ComponentType } from "../../../domain";
import type { Db } from "../../db/client";
import { cablePlugs, cables, componentTypes, devices, moduleBays, modules, ports, racks, sites, transceivers } from "../../db/schema";
import type { StoredOperation } from "./operations";
import type { PlanState } from "./plan-state";

/** Type ids an operation names. */
export const typeIdsOf = (ops: readonly StoredOperation[]): string[] => ops.flatMap((op) => ("typeId" in op && op.typeId ? [op.typeId] : []));

/**
 * Reads the whole site as a plan state: devices, bays, modules, ports, transceivers, cables that are
 * not decommissioned with their plugs, racks, the site's user types and any extra type named.
 * Nothing is written (built-in types come from the engine, not from the catalog table).
 */
export async function loadPlanState(db: Db, siteId: string, extraTypeIds: readonly string[] = []): Promise<PlanState | null> {
  const [site] = await db
    .select({ id: sites.id, name: sites.name, code: sites.code, attenuation: sites.attenuation, matedPair: sites.matedPair })
    .from(sites)
    .where(eq(sites.id, siteId));
  if (!site) return null;
  const [rackRows, deviceRows, bayRows, moduleRows, portRows, xcvrRows, cableRows, plugRows] = await Promise.all([
    db.select({ id: racks.id, name: racks.name, row: racks.row, position: racks.position, uHeight: racks.uHeight }).from(racks).where(eq(racks.siteId, siteId)),
    db
      .select({ id: devices.id, name: devices.name, role: devices.role, rackId: devices.rackId, uPosition: devices.uPosition, uHeight: devices.uHeight, face: devices.face, version: devices.version })
      .from(devices)
      .where(eq(devices.siteId, siteId))
      .orderBy(asc(devices.id)),
    db.select({ deviceId: moduleBays.deviceId, name: moduleBays.name, position: moduleBays.position }).from(moduleBays).where(eq(moduleBays.siteId, siteId)),
    db
      .select({ id: modules.id, deviceId: modules.deviceId, bay: moduleBays.name, kind: modules.kind, typeId: modules.typeId, version: modules.version, label: modules.label })
      .from(modules)
      .innerJoin(moduleBays, eq(moduleBays.id, modules.bayId))
      .where(eq(modules.siteId, siteId))
      .orderBy(asc(modules.id)),
    db
      .select({
        id: ports.id,
        deviceId: ports.deviceId,
        moduleId: ports.moduleId,
        name: ports.name,
        kind: ports.kind,
        family: ports.family,
        keyType: ports.keyType,
        cage: ports.cage,
        modulePort: ports.modulePort,
        version: ports.version,
      })
      .from(ports)
      .where(eq(ports.siteId, siteId))
      .orderBy(asc(ports.id)),
    db
      .select({ id: transceivers.id, portId: transceivers.portId, typeId: transceivers.typeId, version: transceivers.version, serial: transceivers.serial })
      .from(transceivers)
      .where(eq(transceivers.siteId, siteId))
      .orderBy(asc(transceivers.id)),
    db
      .select({ id: cables.id, typeId: cables.typeId, lengthM: cables.lengthM, label: cables.label, splices: cables.splices, status: cables.status, version: cables.version })
      .from(cables)
      .where(and(eq(cables.siteId, siteId), ne(cables.status, "decommissioned")))
      .orderBy(asc(cables.id)),
    db
      .select({ cableId: cablePlugs.cableId, connector: cablePlugs.connector, portId: cablePlugs.portId, side: cablePlugs.side })
      .from(cablePlugs)
      .where(eq(cablePlugs.siteId, siteId))
      .orderBy(asc(cablePlugs.cableId), asc(cablePlugs.connector)),
  ]);
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
