import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { ComponentType } from "../../../domain";
import type { Db } from "../../db/client";
import { cablePlugs, cables, devices, moduleBays, modules, ports, sites, transceivers } from "../../db/schema";
import { userTypesOf } from "../catalog/resolve-type";
import { uuidArray } from "../inventory/sql";

export interface ModelRows {
  site: { id: string; name: string; code: string; attenuation: "ISO" | "TIA"; matedPair: "by-grade" | "standard" | "low-loss" };
  devices: { id: string; name: string; role: string; rackId: string | null; uPosition: number | null; uHeight: number; face: "front" | "rear" }[];
  modules: { id: string; deviceId: string; bay: string; kind: "cassette" | "plate"; typeId: string | null }[];
  ports: {
    id: string;
    deviceId: string;
    moduleId: string | null;
    name: string;
    kind: "transceiver" | "adapter";
    family: string | null;
    keyType: "A" | "B" | null;
    cage: string | null;
    modulePort: string | null;
  }[];
  transceivers: { id: string; portId: string; typeId: string }[];
  cables: { id: string; typeId: string; lengthM: number; label: string; splices: number; status: string }[];
  plugs: { cableId: string; connector: string; portId: string; side: "front" | "rear" }[];
  userTypes: ComponentType[];
}

/** The order of the model's rows: by id, and plugs by cable and connector (as loadModelRows reads them). */
export const byRowId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
export const byPlugOrder = (a: ModelRows["plugs"][number], b: ModelRows["plugs"][number]) =>
  a.cableId < b.cableId ? -1 : a.cableId > b.cableId ? 1 : a.connector < b.connector ? -1 : a.connector > b.connector ? 1 : 0;

const anyOf = (column: AnyPgColumn, ids: readonly string[]) => sql`${column} = any(${uuidArray(ids)}::uuid[])`;

/** The columns of a port the engine reads (a plan's state reads them too, with the version). */
export const portColumns = {
  id: ports.id,
  deviceId: ports.deviceId,
  moduleId: ports.moduleId,
  name: ports.name,
  kind: ports.kind,
  family: ports.family,
  keyType: ports.keyType,
  cage: ports.cage,
  modulePort: ports.modulePort,
};

/** The columns of a device the engine reads. */
export const deviceColumns = {
  id: devices.id,
  name: devices.name,
  role: devices.role,
  rackId: devices.rackId,
  uPosition: devices.uPosition,
  uHeight: devices.uHeight,
  face: devices.face,
};

/**
 * Reads what the engine needs from the database: the whole site (`portIds` null), or the ports
 * given (a component, see componentPortIds) with their devices, cassettes, transceivers and the
 * cables plugged into them. Rows come ordered by id so that every model of the same plant lists
 * its elements in the same order. Decommissioned cables are left out.
 */
export async function loadModelRows(db: Db, siteId: string, portIds: readonly string[] | null): Promise<ModelRows | null> {
  const [site] = await db
    .select({ id: sites.id, name: sites.name, code: sites.code, attenuation: sites.attenuation, matedPair: sites.matedPair })
    .from(sites)
    .where(eq(sites.id, siteId));
  if (!site) return null;
  const whole = portIds === null;
  if (!whole && portIds.length === 0)
    return { site, devices: [], modules: [], ports: [], transceivers: [], cables: [], plugs: [], userTypes: [] };

  const portRows = await db
    .select(portColumns)
    .from(ports)
    .where(whole ? eq(ports.siteId, siteId) : anyOf(ports.id, portIds))
    .orderBy(asc(ports.id));
  const ids = portRows.map((p) => p.id);
  const deviceIds = [...new Set(portRows.map((p) => p.deviceId))];
  const moduleIds = [...new Set(portRows.map((p) => p.moduleId).filter((m): m is string => m !== null))];

  const [deviceRows, moduleRows, xcvrRows, plugRows] = await Promise.all([
    whole || deviceIds.length
      ? db
          .select(deviceColumns)
          .from(devices)
          .where(whole ? eq(devices.siteId, siteId) : anyOf(devices.id, deviceIds))
          .orderBy(asc(devices.id))
      : [],
    whole || moduleIds.length
      ? db
          .select({ id: modules.id, deviceId: modules.deviceId, bay: moduleBays.name, kind: modules.kind, typeId: modules.typeId })
          .from(modules)
          .innerJoin(moduleBays, eq(moduleBays.id, modules.bayId))
          .where(whole ? eq(modules.siteId, siteId) : anyOf(modules.id, moduleIds))
          .orderBy(asc(modules.id))
      : [],
    db
      .select({ id: transceivers.id, portId: transceivers.portId, typeId: transceivers.typeId })
      .from(transceivers)
      .where(whole ? eq(transceivers.siteId, siteId) : anyOf(transceivers.portId, ids))
      .orderBy(asc(transceivers.id)),
    db
      .select({ cableId: cablePlugs.cableId, connector: cablePlugs.connector, portId: cablePlugs.portId, side: cablePlugs.side })
      .from(cablePlugs)
      .where(whole ? eq(cablePlugs.siteId, siteId) : anyOf(cablePlugs.portId, ids))
      .orderBy(asc(cablePlugs.cableId), asc(cablePlugs.connector)),
  ]);

  const plugged = new Set(plugRows.map((p) => p.cableId));
  const cableRows =
    plugged.size === 0
      ? []
      : (
          await db
            .select({ id: cables.id, typeId: cables.typeId, lengthM: cables.lengthM, label: cables.label, splices: cables.splices, status: cables.status })
            .from(cables)
            .where(and(whole ? eq(cables.siteId, siteId) : anyOf(cables.id, [...plugged]), ne(cables.status, "decommissioned")))
            .orderBy(asc(cables.id))
        ).filter((c) => plugged.has(c.id));
  const live = new Set(cableRows.map((c) => c.id));
  const typeIds = new Set<string>();
  for (const c of cableRows) typeIds.add(c.typeId);
  for (const x of xcvrRows) typeIds.add(x.typeId);
  for (const m of moduleRows) if (m.typeId) typeIds.add(m.typeId);
  return {
    site,
    devices: deviceRows,
    modules: moduleRows,
    ports: portRows,
    transceivers: xcvrRows,
    cables: cableRows,
    plugs: plugRows.filter((p) => live.has(p.cableId)),
    userTypes: await userTypesOf(db, [...typeIds]),
  };
}
