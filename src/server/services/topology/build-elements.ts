import {
  LOOSE_GROUP_ID,
  nodeId,
  worse,
  type BundleEdge,
  type CableEdge,
  type DeviceNode,
  type FaultSeverity,
  type FiberModeKey,
  type PlantStatus,
  type RackNode,
  type RoomNode,
  type TopologyElements,
  type TopologyNode,
} from "./types";

/** What the topology is built from: plain rows, as read from the tables (see get-topology.ts). */
export interface TopologyRows {
  rooms: { id: string; name: string }[];
  racks: { id: string; roomId: string; name: string; row: string; position: number | null }[];
  devices: { id: string; rackId: string | null; name: string; role: string; uPosition: number | null; uHeight: number }[];
  /** Installed and planned cables (decommissioned ones are not part of the plant). */
  cables: { id: string; label: string; typeId: string; status: PlantStatus; lengthM: number }[];
  /** Every plugged connector, with the device its port belongs to. */
  plugs: { cableId: string; connector: string; portId: string; deviceId: string }[];
  /** The cable types in use: kind, fiber mode, fiber count, and which end each connector is on. */
  types: { id: string; cableKind: string; mode: FiberModeKey; fibers: number; ends: Record<string, "a" | "b"> }[];
  /** Ports on a failing (error) or doubtful (warning) channel, or named by a finding. */
  faultPorts: { portId: string; deviceId: string; severity: FaultSeverity }[];
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
const byName = <T>(name: (t: T) => string) => (a: T, b: T) => collator.compare(name(a), name(b));

/** "12 trunks · 144 f" */
export function bundleLabel(cables: number, fibers: number): string {
  return `${cables} trunk${cables === 1 ? "" : "s"} · ${fibers} f`;
}

const PANEL_ROLES = new Set(["panel", "enclosure"]);

/**
 * A trunk: a cable of the catalog kind "trunk", or any cable laid between panels (or enclosures) of
 * two different racks — a plain MPO cable used as a permanent link. Everything else (equipment
 * cords, cross-connect cords inside a rack, harnesses to switches) is a cord.
 */
function isTrunk(cableKind: string | undefined, ends: readonly { rackId: string | null; role: string }[]): boolean {
  if (cableKind === "trunk") return true;
  const racks = new Set(ends.map((e) => e.rackId));
  return racks.size > 1 && !racks.has(null) && ends.every((e) => PANEL_ROLES.has(e.role));
}

/**
 * Builds the graph of a site from its rows:
 *
 *   room ─┬─ rack ─┬─ device (panel, enclosure, switch…)
 *         │        └─ device
 *         └─ rack ── device
 *   loose ── device not mounted in a rack
 *
 * Every cable plugged at both ends becomes an edge from the device(s) of its A end to the
 * device(s) of its B end; trunks (see isTrunk) between two racks are also summed into one
 * bundle per rack pair, fiber mode and status, with the cable count and fiber total. Faults: a
 * device is as bad as the worst of its ports on a failing or doubtful channel, a cable as the worst
 * of the ports it is plugged into, a bundle as its worst trunk, a rack and a room as their worst
 * device.
 */
export function buildElements(rows: TopologyRows): TopologyElements {
  const portSeverity = new Map<string, FaultSeverity>();
  const deviceSeverity = new Map<string, FaultSeverity>();
  for (const f of rows.faultPorts) {
    portSeverity.set(f.portId, worse(portSeverity.get(f.portId) ?? null, f.severity)!);
    deviceSeverity.set(f.deviceId, worse(deviceSeverity.get(f.deviceId) ?? null, f.severity)!);
  }

  const rooms = new Map(rows.rooms.map((r) => [r.id, r]));
  const racks = new Map(rows.racks.filter((r) => rooms.has(r.roomId)).map((r) => [r.id, r]));
  const devices = new Map(rows.devices.map((d) => [d.id, d]));
  const rackSeverity = new Map<string, FaultSeverity | null>();
  const roomSeverity = new Map<string, FaultSeverity | null>();
  let looseSeverity: FaultSeverity | null = null;

  const deviceNodes: DeviceNode[] = [];
  const sortedDevices = [...rows.devices].sort(
    (a, b) => (b.uPosition ?? 0) + b.uHeight - ((a.uPosition ?? 0) + a.uHeight) || collator.compare(a.name, b.name),
  );
  for (const d of sortedDevices) {
    const rack = d.rackId ? racks.get(d.rackId) : undefined;
    const severity = deviceSeverity.get(d.id) ?? null;
    if (rack) {
      rackSeverity.set(rack.id, worse(rackSeverity.get(rack.id) ?? null, severity));
      roomSeverity.set(rack.roomId, worse(roomSeverity.get(rack.roomId) ?? null, severity));
    } else {
      looseSeverity = worse(looseSeverity, severity);
    }
    deviceNodes.push({
      kind: "device",
      id: nodeId.device(d.id),
      parent: rack ? nodeId.rack(rack.id) : LOOSE_GROUP_ID,
      label: d.name,
      role: d.role,
      roomId: rack ? nodeId.room(rack.roomId) : null,
      rackId: rack ? nodeId.rack(rack.id) : null,
      uPosition: d.uPosition,
      uHeight: d.uHeight,
      severity,
    });
  }

  const nodes: TopologyNode[] = [];
  for (const room of [...rooms.values()].sort(byName((r) => r.name))) {
    nodes.push({ kind: "room", id: nodeId.room(room.id), label: room.name, severity: roomSeverity.get(room.id) ?? null } satisfies RoomNode);
  }
  const sortedRacks = [...racks.values()].sort(
    (a, b) =>
      collator.compare(rooms.get(a.roomId)!.name, rooms.get(b.roomId)!.name) ||
      collator.compare(a.row, b.row) ||
      (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER) ||
      collator.compare(a.name, b.name),
  );
  for (const rack of sortedRacks) {
    nodes.push({
      kind: "rack",
      id: nodeId.rack(rack.id),
      parent: nodeId.room(rack.roomId),
      label: rack.name,
      roomId: nodeId.room(rack.roomId),
      row: rack.row,
      slot: rack.position,
      severity: rackSeverity.get(rack.id) ?? null,
    } satisfies RackNode);
  }
  if (deviceNodes.some((d) => d.parent === LOOSE_GROUP_ID)) {
    nodes.push({ kind: "loose", id: LOOSE_GROUP_ID, label: "Not in a rack", severity: looseSeverity });
  }
  // One by one: spreading thousands of devices into one call would overflow the stack.
  for (const d of deviceNodes) nodes.push(d);

  // Cables: the devices at each end, then one edge per (A device, B device) pair.
  const types = new Map(rows.types.map((t) => [t.id, t]));
  const plugsByCable = new Map<string, TopologyRows["plugs"]>();
  for (const p of rows.plugs) {
    const list = plugsByCable.get(p.cableId);
    if (list) list.push(p);
    else plugsByCable.set(p.cableId, [p]);
  }

  const edges: CableEdge[] = [];
  const bundles = new Map<string, BundleEdge>();
  let looseCables = 0;
  const sortedCables = [...rows.cables].sort((a, b) => collator.compare(a.label, b.label) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const cable of sortedCables) {
    const type = types.get(cable.typeId);
    const plugs = (plugsByCable.get(cable.id) ?? []).filter((p) => devices.has(p.deviceId));
    const endOf = (connector: string): "a" | "b" => type?.ends[connector] ?? (connector.toLowerCase().startsWith("b") ? "b" : "a");
    const aDevices = [...new Set(plugs.filter((p) => endOf(p.connector) === "a").map((p) => p.deviceId))].sort();
    const bDevices = [...new Set(plugs.filter((p) => endOf(p.connector) === "b").map((p) => p.deviceId))].sort();
    if (aDevices.length === 0 || bDevices.length === 0) {
      looseCables += 1;
      continue;
    }
    let severity: FaultSeverity | null = null;
    for (const p of plugs) severity = worse(severity, portSeverity.get(p.portId) ?? null);
    const layer = isTrunk(type?.cableKind, [...aDevices, ...bDevices].map((d) => devices.get(d)!)) ? "trunk" : "cord";
    const mode = type?.mode ?? "unknown";
    const fibers = type?.fibers ?? 0;
    let n = 0;
    for (const a of aDevices) {
      for (const b of bDevices) {
        const rackA = devices.get(a)!.rackId;
        const rackB = devices.get(b)!.rackId;
        const bundled = layer === "trunk" && rackA && rackB && rackA !== rackB && racks.has(rackA) && racks.has(rackB);
        let bundleId: string | null = null;
        if (bundled) {
          const [r1, r2] = rackA < rackB ? [rackA, rackB] : [rackB, rackA];
          bundleId = `bundle:${r1}|${r2}|${mode}|${cable.status}`;
          let bundle = bundles.get(bundleId);
          if (!bundle) {
            bundle = {
              kind: "bundle",
              id: bundleId,
              source: nodeId.rack(r1),
              target: nodeId.rack(r2),
              label: "",
              status: cable.status,
              mode,
              cables: 0,
              fibers: 0,
              cableIds: [],
              severity: null,
            };
            bundles.set(bundleId, bundle);
          }
          // A trunk whose legs land in several devices of the same two racks counts once.
          if (bundle.cableIds[bundle.cableIds.length - 1] !== cable.id) {
            bundle.cables += 1;
            bundle.fibers += fibers;
            bundle.cableIds.push(cable.id);
            bundle.severity = worse(bundle.severity, severity);
          }
        }
        edges.push({
          kind: "cable",
          id: n === 0 ? `cable:${cable.id}` : `cable:${cable.id}#${n + 1}`,
          cableId: cable.id,
          source: nodeId.device(a),
          target: nodeId.device(b),
          label: cable.label,
          layer,
          cableKind: type?.cableKind ?? "unknown",
          typeId: cable.typeId,
          status: cable.status,
          mode,
          fibers,
          lengthM: cable.lengthM,
          severity,
          bundle: bundleId,
        });
        n += 1;
      }
    }
  }
  for (const b of bundles.values()) b.label = bundleLabel(b.cables, b.fibers);
  const bundleList = [...bundles.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes, edges: [...bundleList, ...edges], looseCables };
}
