import { getBuiltInType, type ComponentType } from "../../../domain";
import { byPlugOrder, type ModelRows } from "../connectivity/model-rows";
import { portTia } from "../inventory/tia606";

/**
 * The site as a plan sees it: the engine's rows (ModelRows) plus what operations need to check and
 * describe themselves — versions, bays, racks, serials, unplugged cables. Plain data: applying a
 * plan to it is a pure function (apply-operations.ts).
 */
export interface PlanState {
  site: ModelRows["site"];
  racks: { id: string; name: string; row: string; position: number | null; uHeight: number }[];
  devices: (ModelRows["devices"][number] & { version: number; planned?: true })[];
  bays: { deviceId: string; name: string; position: number }[];
  modules: (ModelRows["modules"][number] & { version: number; label: string; planned?: true })[];
  ports: (ModelRows["ports"][number] & { version: number; planned?: true })[];
  transceivers: (ModelRows["transceivers"][number] & { version: number; serial: string; planned?: true })[];
  cables: (ModelRows["cables"][number] & { version: number; planned?: true })[];
  plugs: ModelRows["plugs"];
  /** Component types: user types of the site and any type an operation names (built-ins come from the engine). */
  types: ReadonlyMap<string, ComponentType>;
}

export const typeOf = (state: Pick<PlanState, "types">, id: string): ComponentType | undefined => state.types.get(id) ?? getBuiltInType(id);

/** The engine's rows of a plan state: live (plugged, not decommissioned) cables only, as loadModelRows reads them. */
export function toModelRows(state: PlanState): ModelRows {
  const plugged = new Set(state.plugs.map((p) => p.cableId));
  const cables = state.cables.filter((c) => plugged.has(c.id) && c.status !== "decommissioned");
  const liveCable = new Set(cables.map((c) => c.id));
  const used = new Set<string>([...cables.map((c) => c.typeId), ...state.transceivers.map((x) => x.typeId), ...state.modules.map((m) => m.typeId ?? "")]);
  const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    site: state.site,
    devices: byId(state.devices).map(({ id, name, role, rackId, uPosition, uHeight, face }) => ({ id, name, role, rackId, uPosition, uHeight, face })),
    modules: byId(state.modules).map(({ id, deviceId, bay, kind, typeId }) => ({ id, deviceId, bay, kind, typeId })),
    ports: byId(state.ports).map(({ id, deviceId, moduleId, name, kind, family, keyType, cage, modulePort }) => ({ id, deviceId, moduleId, name, kind, family, keyType, cage, modulePort })),
    transceivers: byId(state.transceivers).map(({ id, portId, typeId }) => ({ id, portId, typeId })),
    cables: byId(cables).map(({ id, typeId, lengthM, label, splices, status }) => ({ id, typeId, lengthM, label, splices, status })),
    plugs: state.plugs.filter((p) => liveCable.has(p.cableId)).sort(byPlugOrder),
    userTypes: [...state.types.values()].filter((t) => used.has(t.id) && getBuiltInType(t.id) === undefined),
  };
}

/** The ids of the ports a plan state holds that the plan installs (they have no stored rows). */
export const installedPorts = (state: Pick<PlanState, "ports">): Set<string> => new Set(state.ports.filter((p) => p.planned).map((p) => p.id));

/** Indexes and labels over a plan state, for messages and work-order steps. */
export function labeller(state: PlanState) {
  const device = new Map(state.devices.map((d) => [d.id, d]));
  const port = new Map(state.ports.map((p) => [p.id, p]));
  const rack = new Map(state.racks.map((r) => [r.id, r]));
  const cable = new Map(state.cables.map((c) => [c.id, c]));
  return {
    device,
    port,
    cable,
    rack,
    portLabel(id: string): string {
      const p = port.get(id);
      return p ? `${device.get(p.deviceId)?.name ?? "?"}:${p.name}` : `port #${id.slice(0, 8)}`;
    },
    portTia(id: string): string | null {
      const p = port.get(id);
      const d = p ? device.get(p.deviceId) : undefined;
      if (!p || !d) return null;
      return portTia(state.site.code, d.rackId ? (rack.get(d.rackId) ?? null) : null, { name: d.name, uPosition: d.uPosition }, p.name);
    },
    cableLabel(id: string): string {
      const c = cable.get(id);
      return c?.label || `#${id.slice(0, 8)}`;
    },
  };
}
