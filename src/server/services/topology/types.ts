/**
 * The topology of a site as the graph shows it: rooms, racks and devices (panels, enclosures,
 * switches…) as nested nodes; cables as edges between devices; trunks also summed per pair of racks
 * into bundles. Plain data, shared with the client as types only.
 */

export type FaultSeverity = "error" | "warning";
export type FiberModeKey = "MM" | "SM" | "unknown";
export type CableLayer = "trunk" | "cord";
export type PlantStatus = "installed" | "planned";

export interface RoomNode {
  kind: "room";
  id: string;
  label: string;
  severity: FaultSeverity | null;
}

export interface RackNode {
  kind: "rack";
  id: string;
  parent: string;
  label: string;
  roomId: string;
  row: string;
  /** Position along the row (1 = first cabinet). Not "position": Cytoscape keeps that for coordinates. */
  slot: number | null;
  severity: FaultSeverity | null;
}

/** Devices that are not mounted in a rack sit in one group of their own. */
export interface LooseGroupNode {
  kind: "loose";
  id: typeof LOOSE_GROUP_ID;
  label: string;
  severity: FaultSeverity | null;
}

export interface DeviceNode {
  kind: "device";
  id: string;
  parent: string;
  label: string;
  role: string;
  roomId: string | null;
  rackId: string | null;
  uPosition: number | null;
  uHeight: number;
  severity: FaultSeverity | null;
}

export type TopologyNode = RoomNode | RackNode | LooseGroupNode | DeviceNode;

/** One cable between two devices (a breakout whose legs land on several devices gives one edge per pair). */
export interface CableEdge {
  kind: "cable";
  id: string;
  cableId: string;
  source: string;
  target: string;
  label: string;
  layer: CableLayer;
  cableKind: string;
  typeId: string;
  status: PlantStatus;
  mode: FiberModeKey;
  fibers: number;
  lengthM: number;
  severity: FaultSeverity | null;
  /** The bundle this trunk is summed into, when its ends are in two different racks. */
  bundle: string | null;
}

/** The trunks between two racks that share a fiber mode and a status. */
export interface BundleEdge {
  kind: "bundle";
  id: string;
  source: string;
  target: string;
  label: string;
  status: PlantStatus;
  mode: FiberModeKey;
  cables: number;
  fibers: number;
  cableIds: string[];
  severity: FaultSeverity | null;
}

export type TopologyEdge = CableEdge | BundleEdge;

export interface TopologyElements {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /** Cables plugged at one end only (or nowhere): not drawn. */
  looseCables: number;
}

/** Figures of a room or a row: what the far view of a large site labels it with. */
export interface PlantFigures {
  racks: number;
  devices: number;
  /** Trunks with an end in it (between two of its racks, or leaving it). */
  trunks: number;
  /** Channels failing (or in doubt) that cross one of its ports. */
  failing: number;
  doubtful: number;
  severity: FaultSeverity | null;
}

export interface OverviewRoom extends PlantFigures {
  kind: "room";
  id: string;
  label: string;
  rows: number;
}

export interface OverviewRow extends PlantFigures {
  kind: "row";
  id: string;
  /** The room's node id ("room:<uuid>"). */
  parent: string;
  roomId: string;
  /** The row's name as stored ("" for racks in no row). */
  row: string;
  label: string;
}

/** The trunks between two rows (or two rooms' rows) that share a fiber mode and a status. */
export interface OverviewBundle {
  kind: "bundle";
  id: string;
  source: string;
  target: string;
  label: string;
  mode: FiberModeKey;
  status: PlantStatus;
  cables: number;
  fibers: number;
  severity: null;
}

export interface TopologyOverview {
  site: { id: string; name: string; code: string };
  rooms: OverviewRoom[];
  rows: OverviewRow[];
  bundles: OverviewBundle[];
  totals: { racks: number; devices: number; trunks: number; cords: number };
  channels: { pass: number; warning: number; fail: number };
  planned: boolean;
}

export const LOOSE_GROUP_ID = "loose";

export const nodeId = {
  room: (id: string) => `room:${id}`,
  rack: (id: string) => `rack:${id}`,
  device: (id: string) => `device:${id}`,
};

/** The database id inside a node or edge id ("device:<uuid>" → "<uuid>"). */
export const rowIdOf = (elementId: string): string => elementId.slice(elementId.indexOf(":") + 1).split("#")[0]!;

export const SEVERITY_ORDER: Record<FaultSeverity, number> = { warning: 1, error: 2 };

export function worse(a: FaultSeverity | null, b: FaultSeverity | null): FaultSeverity | null {
  if (!a) return b;
  if (!b) return a;
  return SEVERITY_ORDER[a] >= SEVERITY_ORDER[b] ? a : b;
}
