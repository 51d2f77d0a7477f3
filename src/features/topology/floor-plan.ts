import type { DeviceNode, RackNode, TopologyElements, TopologyNode } from "@/server/services/topology/types";
import { DEVICE_HEIGHT, DEVICE_WIDTH } from "./styles";

export interface Point {
  x: number;
  y: number;
}

/** Geometry of the floor plan, in graph units (the stylesheet's device box is 118 × 20). */
export const PLAN = {
  deviceGap: 6,
  rackPadding: 8,
  rackGapX: 34,
  rowGapY: 64,
  roomGap: 170,
  /** A row longer than this many racks continues on a new line. */
  rowWrap: 32,
  maxEmptySlots: 4,
} as const;

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
const RACK_WIDTH = DEVICE_WIDTH + 2 * PLAN.rackPadding;
const STEP = DEVICE_HEIGHT + PLAN.deviceGap;

/** Devices of a rack from the top unit down; devices without a unit last, by name. */
export function stackOrder(devices: readonly DeviceNode[]): DeviceNode[] {
  const top = (d: DeviceNode) => (d.uPosition === null ? -1 : d.uPosition + d.uHeight - 1);
  return [...devices].sort((a, b) => top(b) - top(a) || collator.compare(a.label, b.label));
}

/** Offsets of a rack's devices from the rack's top-centre, and the rack's outer height. */
export function rackColumn(devices: readonly DeviceNode[]): { offsets: Map<string, Point>; height: number } {
  const offsets = new Map<string, Point>();
  stackOrder(devices).forEach((d, i) => offsets.set(d.id, { x: 0, y: PLAN.rackPadding + i * STEP + DEVICE_HEIGHT / 2 }));
  const height = Math.max(1, devices.length) * STEP - PLAN.deviceGap + 2 * PLAN.rackPadding;
  return { offsets, height };
}

export function devicesByParent(nodes: readonly TopologyNode[]): Map<string, DeviceNode[]> {
  const out = new Map<string, DeviceNode[]>();
  for (const n of nodes) {
    if (n.kind !== "device") continue;
    const list = out.get(n.parent);
    if (list) list.push(n);
    else out.set(n.parent, [n]);
  }
  return out;
}

/**
 * The floor plan: each room a block of its rows, each row a line of racks by position, each rack a
 * column of its devices from the top unit down. Rooms sit side by side, wrapping into a roughly
 * square grid; devices not in a rack go in a block after the rooms. Positions are for the leaves
 * (devices, and racks or rooms with nothing inside): compound boxes follow their children.
 *
 *   Hall A                          Hall B
 *   row A  [A01] [A02] [A03]        row C  [C01] [C02]
 *   row B  [B01]      [B03]
 */
export function floorPlanPositions(topology: TopologyElements): Map<string, Point> {
  const positions = new Map<string, Point>();
  const devices = devicesByParent(topology.nodes);
  const racksByRoom = new Map<string, RackNode[]>();
  for (const n of topology.nodes) if (n.kind === "rack") racksByRoom.set(n.parent, [...(racksByRoom.get(n.parent) ?? []), n]);
  const rooms = topology.nodes.filter((n) => n.kind === "room");

  // Lay each room out at the origin, then move it to its place on the site.
  const blocks = rooms.map((room) => {
    const local = new Map<string, Point>();
    const rows = new Map<string, RackNode[]>();
    for (const rack of racksByRoom.get(room.id) ?? []) rows.set(rack.row, [...(rows.get(rack.row) ?? []), rack]);
    const lines: RackNode[][] = [];
    for (const row of [...rows.keys()].sort((a, b) => (a === "" ? 1 : b === "" ? -1 : collator.compare(a, b)))) {
      const racks = rows.get(row)!.sort(
        (a, b) => (a.slot ?? Number.MAX_SAFE_INTEGER) - (b.slot ?? Number.MAX_SAFE_INTEGER) || collator.compare(a.label, b.label),
      );
      for (let i = 0; i < racks.length; i += PLAN.rowWrap) lines.push(racks.slice(i, i + PLAN.rowWrap));
    }
    let y = 0;
    let width = RACK_WIDTH;
    for (const line of lines) {
      let lineHeight = 0;
      let next = 0;
      const first = line[0]!.slot;
      for (const rack of line) {
        // A gap in the positions (A01, A03) leaves an empty slot, as on the floor (a few at most).
        const wanted = rack.slot !== null && first !== null ? Math.min(rack.slot - first, next + PLAN.maxEmptySlots) : next;
        const slot = Math.max(next, wanted);
        next = slot + 1;
        const x = slot * (RACK_WIDTH + PLAN.rackGapX);
        const column = rackColumn(devices.get(rack.id) ?? []);
        if ((devices.get(rack.id) ?? []).length === 0) local.set(rack.id, { x, y: y + column.height / 2 });
        for (const [id, p] of column.offsets) local.set(id, { x, y: y + p.y });
        lineHeight = Math.max(lineHeight, column.height);
        width = Math.max(width, x + RACK_WIDTH);
      }
      y += lineHeight + PLAN.rowGapY;
    }
    if (lines.length === 0) local.set(room.id, { x: 0, y: 0 });
    return { local, width, height: Math.max(y - PLAN.rowGapY, DEVICE_HEIGHT) };
  });

  const loose = devices.get("loose") ?? [];
  if (loose.length) {
    const local = new Map<string, Point>();
    const perLine = Math.max(1, Math.ceil(Math.sqrt(loose.length)));
    [...loose].sort((a, b) => collator.compare(a.label, b.label)).forEach((d, i) => {
      local.set(d.id, { x: (i % perLine) * (RACK_WIDTH + PLAN.rackGapX), y: Math.floor(i / perLine) * STEP * 2 });
    });
    blocks.push({ local, width: perLine * (RACK_WIDTH + PLAN.rackGapX), height: Math.ceil(loose.length / perLine) * STEP * 2 });
  }

  // Blocks on a grid of about √n per line, each line as tall as its tallest block.
  const perLine = Math.max(1, Math.ceil(Math.sqrt(blocks.length)));
  let top = 0;
  for (let i = 0; i < blocks.length; i += perLine) {
    const line = blocks.slice(i, i + perLine);
    let left = 0;
    for (const block of line) {
      for (const [id, p] of block.local) positions.set(id, { x: left + p.x, y: top + p.y });
      left += block.width + PLAN.roomGap;
    }
    top += Math.max(...line.map((b) => b.height)) + PLAN.roomGap;
  }
  return positions;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Height of a rack's label above its box, in graph units. */
const RACK_LABEL = 16;
/** Room of a room's label and margin around its racks. */
const ROOM_MARGIN = 28;
const ROOM_LABEL = 30;

/**
 * The boxes of rooms and racks when they are drawn as zones (large sites, see view.ts): centre and
 * size, from the laid-out positions of what they hold. A rack's box wraps its column of devices;
 * a room's wraps its racks with a margin and room for its name; the loose group wraps its devices.
 */
export function zoneRects(topology: TopologyElements, positions: Map<string, Point>): Map<string, Rect> {
  type Box = { x1: number; y1: number; x2: number; y2: number };
  const boxes = new Map<string, Box>();
  const grow = (id: string, x1: number, y1: number, x2: number, y2: number) => {
    const b = boxes.get(id);
    if (!b) boxes.set(id, { x1, y1, x2, y2 });
    else {
      b.x1 = Math.min(b.x1, x1);
      b.y1 = Math.min(b.y1, y1);
      b.x2 = Math.max(b.x2, x2);
      b.y2 = Math.max(b.y2, y2);
    }
  };
  const w = DEVICE_WIDTH / 2 + PLAN.rackPadding;
  const h = DEVICE_HEIGHT / 2 + PLAN.rackPadding;
  // Racks (and the loose group) around their devices; empty racks keep a small box of their own.
  for (const n of topology.nodes) {
    if (n.kind !== "device") continue;
    const p = positions.get(n.id);
    if (p) grow(n.parent, p.x - w, p.y - h, p.x + w, p.y + h);
  }
  for (const n of topology.nodes) {
    if (n.kind !== "rack" || boxes.has(n.id)) continue;
    const p = positions.get(n.id);
    if (p) grow(n.id, p.x - w, p.y - h, p.x + w, p.y + h);
  }
  // Rooms around their racks, with the racks' labels.
  for (const n of topology.nodes) {
    if (n.kind !== "rack") continue;
    const b = boxes.get(n.id);
    if (b) grow(n.parent, b.x1 - ROOM_MARGIN, b.y1 - RACK_LABEL - ROOM_MARGIN, b.x2 + ROOM_MARGIN, b.y2 + ROOM_MARGIN);
  }
  const out = new Map<string, Rect>();
  for (const n of topology.nodes) {
    if (n.kind === "device") continue;
    const b = boxes.get(n.id);
    if (b) out.set(n.id, { x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2, w: b.x2 - b.x1, h: b.y2 - b.y1 });
    else {
      const p = positions.get(n.id) ?? { x: 0, y: 0 };
      out.set(n.id, { ...p, w: 60, h: ROOM_LABEL });
    }
  }
  return out;
}
