import { compileSite, type AdapterKey, type AdapterPort, type Cable, type CablePlug, type CompiledSite, type ConnectorFamily, type Device, type DeviceRole as EngineRole, type Port, type SiteModel, type Transceiver } from "../../../domain";
import type { ModelRows } from "./model-rows";

/** The engine's site model of some rows, and the maps between the engine's ids and the database's. */
export interface BuiltModel {
  readonly model: SiteModel;
  readonly rows: ModelRows;
  /** Engine module id ("PP-A01-40/1", the device and bay as a person says them) → module row id. */
  readonly moduleDbId: ReadonlyMap<string, string>;
  readonly moduleEngineId: ReadonlyMap<string, string>;
  /** A port's row, found through the index the engine compiles for the model (compileSite keeps
   *  it with the model): a map of a campus's 960,000 ports had been 0.8 s of building its model. */
  port(portId: string): ModelRows["ports"][number] | undefined;
  readonly deviceById: ReadonlyMap<string, ModelRows["devices"][number]>;
  /** "leaf1:Ethernet1/1": how the engine names a port in its messages. */
  portLabel(portId: string): string;
}

/** A device's role as the engine knows it: an enclosure is a panel. */
export const ENGINE_ROLE: Record<string, EngineRole> = {
  switch: "switch",
  server: "server",
  router: "router",
  panel: "panel",
  enclosure: "panel",
  other: "other",
};

/** The engine names a cable by its label; an unlabelled cable by a short form of its id. */
export const cableEngineLabel = (c: { id: string; label: string }): string => c.label || `#${c.id.slice(0, 8)}`;

/**
 * Builds the engine's site model from database rows, in their order: the model's devices, ports,
 * transceivers, cables and plugs are the rows' at the same index. Ids are the rows' uuids, except cassettes,
 * which the engine names in its messages and so get "<device>/<bay>". Adapter plates are plain
 * adapters to the engine (they have no internal map); enclosures are panels.
 */
export function buildModel(rows: ModelRows): BuiltModel {
  const deviceById = new Map(rows.devices.map((d) => [d.id, d]));
  const moduleDbId = new Map<string, string>();
  const moduleEngineId = new Map<string, string>();
  const cassettes = rows.modules.filter((m) => m.kind === "cassette" && m.typeId !== null);
  for (const m of cassettes) {
    const engineId = `${deviceById.get(m.deviceId)?.name ?? m.deviceId}/${m.bay}`;
    moduleDbId.set(engineId, m.id);
    moduleEngineId.set(m.id, engineId);
  }
  // Objects are made whole and then given their optional fields (a spread of a conditional literal
  // per row was a second of building a campus's model), and plugs and transceivers are the rows
  // themselves: their shape is the engine's.
  const model: SiteModel = {
    site: { id: rows.site.id, name: rows.site.name, conventions: { attenuation: rows.site.attenuation, matedPair: rows.site.matedPair } },
    rooms: [],
    racks: [],
    devices: rows.devices.map((d) => {
      const o: { -readonly [K in keyof Device]: Device[K] } = { id: d.id, name: d.name, role: ENGINE_ROLE[d.role] ?? "other" };
      if (d.rackId) o.rackId = d.rackId;
      if (d.uPosition !== null) o.unit = d.uPosition;
      o.uHeight = d.uHeight;
      o.face = d.face;
      return o;
    }),
    modules: cassettes.map((m) => ({ id: moduleEngineId.get(m.id)!, deviceId: m.deviceId, slot: m.bay, typeId: m.typeId! })),
    ports: rows.ports.map((p): Port => {
      if (p.kind === "transceiver") return p.cage ? { id: p.id, deviceId: p.deviceId, name: p.name, kind: "transceiver", cage: p.cage } : { id: p.id, deviceId: p.deviceId, name: p.name, kind: "transceiver" };
      const engineModule = p.moduleId ? moduleEngineId.get(p.moduleId) : undefined;
      const o: { -readonly [K in keyof AdapterPort]: AdapterPort[K] } = {
        id: p.id,
        deviceId: p.deviceId,
        name: p.name,
        kind: "adapter",
        family: (p.family ?? "LC") as ConnectorFamily,
        key: (p.keyType ?? "B") as AdapterKey,
      };
      if (engineModule && p.modulePort) {
        o.moduleId = engineModule;
        o.modulePort = p.modulePort;
      }
      return o;
    }),
    transceivers: rows.transceivers satisfies readonly Transceiver[],
    cables: rows.cables.map((c) => {
      const o: { -readonly [K in keyof Cable]: Cable[K] } = { id: c.id, typeId: c.typeId, lengthM: c.lengthM, label: cableEngineLabel(c) };
      if (c.splices) o.splices = c.splices;
      return o;
    }),
    plugs: rows.plugs satisfies readonly CablePlug[],
    componentTypes: rows.userTypes,
  };
  let cs: CompiledSite | undefined;
  const compiled = () => (cs ??= compileSite(model));
  return {
    model,
    rows,
    moduleDbId,
    moduleEngineId,
    port(portId) {
      const i = compiled().portIndex.get(portId);
      return i === undefined ? undefined : rows.ports[i];
    },
    deviceById,
    portLabel(portId) {
      const c = compiled();
      const i = c.portIndex.get(portId);
      return i === undefined ? portId : c.portLabel(i);
    },
  };
}
