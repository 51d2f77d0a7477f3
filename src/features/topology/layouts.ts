import type cytoscape from "cytoscape";
import type { RackNode, TopologyElements } from "@/server/services/topology/types";
import { devicesByParent, floorPlanPositions, rackColumn, stackOrder, zoneRects, type Point, type Rect } from "./floor-plan";
import { DEVICE_HEIGHT, DEVICE_WIDTH } from "./styles";
import { usesZones } from "./view";

type CytoscapeFactory = typeof cytoscape;

export const LAYOUT_NAMES = ["floor-plan", "logical", "layered"] as const;
export type LayoutName = (typeof LAYOUT_NAMES)[number];

export interface NamedLayout {
  label: string;
  hint: string;
  /** Positions of the leaf nodes; compound boxes (rooms, racks) follow their children. */
  positions(topology: TopologyElements, factory: CytoscapeFactory): Map<string, Point>;
}

/** Above this many nodes the floor plan is the default: it is computed in one pass. */
export const LARGE_SITE_NODES = 400;

/** A small seeded generator (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** cose nudges boxes that sit exactly on top of each other by a random step: seed it, so that the
 *  same site always gets the same picture. The layout runs synchronously (animate: false). */
function withSeededRandom(run: () => void): void {
  const original = Math.random;
  Math.random = seeded(0x5eed);
  try {
    run();
  } finally {
    Math.random = original;
  }
}

export interface Box {
  id: string;
  w: number;
  h: number;
  x: number;
  y: number;
}

/** Places boxes with Cytoscape's built-in `cose` on a headless instance: linked boxes draw together,
 *  all boxes push apart. cose is quadratic in the number of boxes, so big sets get fewer rounds. */
function coseBoxes(factory: CytoscapeFactory, boxes: readonly Box[], links: ReadonlySet<string>): Map<string, Point> {
  const out = new Map<string, Point>();
  if (boxes.length <= 1) {
    for (const b of boxes) out.set(b.id, { x: b.x, y: b.y });
    return out;
  }
  const elements: cytoscape.ElementDefinition[] = boxes.map((b) => ({ group: "nodes", data: { id: b.id, w: b.w, h: b.h }, position: { x: b.x, y: b.y } }));
  for (const key of links) {
    const [source, target] = key.split("\n") as [string, string];
    elements.push({ group: "edges", data: { id: `link:${key}`, source, target } });
  }
  const cy = factory({ headless: true, styleEnabled: true, elements, style: [{ selector: "node", style: { shape: "rectangle", width: "data(w)", height: "data(h)" } }] });
  const n = boxes.length;
  withSeededRandom(() =>
    cy
      .layout({
        name: "cose",
        animate: false,
        randomize: false,
        fit: false,
        nodeDimensionsIncludeLabels: false,
        idealEdgeLength: () => 140,
        nodeRepulsion: () => 60_000,
        nodeOverlap: 40,
        componentSpacing: 60,
        gravity: 80,
        numIter: n > 600 ? 100 : n > 200 ? 300 : 1000,
        initialTemp: 600,
        coolingFactor: 0.97,
      } as cytoscape.LayoutOptions)
      .run(),
  );
  cy.nodes().forEach((node) => {
    out.set(node.id(), { ...node.position() });
  });
  cy.destroy();
  return out;
}

/**
 * Moves boxes right until none intersects another (with `gap` between them): boxes are placed from
 * left to right, each pushed past every placed box it would cover. cose pushes boxes apart but does
 * not promise it; this does, and keeps the picture's order.
 */
export function separateBoxes(boxes: readonly Box[], at: Map<string, Point>, gap = 24): Map<string, Point> {
  const out = new Map(at);
  const order = [...boxes].sort((a, b) => out.get(a.id)!.x - a.w / 2 - (out.get(b.id)!.x - b.w / 2) || (a.id < b.id ? -1 : 1));
  const placed: Box[] = [];
  for (const box of order) {
    const p = { ...out.get(box.id)! };
    for (let moved = true; moved; ) {
      moved = false;
      for (const other of placed) {
        const q = out.get(other.id)!;
        const overlapX = Math.abs(p.x - q.x) < (box.w + other.w) / 2 + gap;
        const overlapY = Math.abs(p.y - q.y) < (box.h + other.h) / 2 + gap;
        if (overlapX && overlapY) {
          p.x = q.x + (box.w + other.w) / 2 + gap;
          moved = true;
        }
      }
    }
    out.set(box.id, p);
    placed.push(box);
  }
  return out;
}

const linkKey = (a: string, b: string) => (a < b ? `${a}\n${b}` : `${b}\n${a}`);

/** Bounding box of boxes placed at `at`. */
function extent(boxes: readonly Box[], at: Map<string, Point>) {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const b of boxes) {
    const p = at.get(b.id)!;
    x1 = Math.min(x1, p.x - b.w / 2);
    y1 = Math.min(y1, p.y - b.h / 2);
    x2 = Math.max(x2, p.x + b.w / 2);
    y2 = Math.max(y2, p.y + b.h / 2);
  }
  return { cx: (x1 + x2) / 2, cy: (y1 + y2) / 2, w: x2 - x1, h: y2 - y1 };
}

const ROOM_PADDING = 90;

/**
 * The logical view, in two steps, like nested boxes (each step Cytoscape's built-in `cose` on a
 * headless instance, starting from the floor plan so that a site always gets the same picture):
 *
 *   1. in each room, the racks (boxes the height of their column of devices) are drawn together by
 *      the trunks between them and by their neighbours in the row;
 *   2. the rooms, now boxes of that size, are drawn together by the trunks between rooms.
 *
 * Devices then take their place in their rack's column. Laying out racks and rooms instead of
 * thousands of devices keeps it to a second or two on a big site, and rooms never overlap.
 */
function logicalPositions(topology: TopologyElements, factory: CytoscapeFactory): Map<string, Point> {
  const start = floorPlanPositions(topology);
  const devices = devicesByParent(topology.nodes);
  const columns = new Map<string, ReturnType<typeof rackColumn>>();
  /** Which box (rack, or the device itself when loose) and which group (room, or "loose") a device is in. */
  const boxOf = new Map<string, string>();
  const groupOf = new Map<string, string>();
  const groups = new Map<string, Box[]>();
  const addBox = (group: string, box: Box) => {
    groups.set(group, [...(groups.get(group) ?? []), box]);
    groupOf.set(box.id, group);
  };

  for (const n of topology.nodes) {
    if (n.kind === "room") {
      groups.set(n.id, groups.get(n.id) ?? []);
    } else if (n.kind === "rack") {
      const inRack = devices.get(n.id) ?? [];
      const column = rackColumn(inRack);
      columns.set(n.id, column);
      const first = inRack.length ? stackOrder(inRack)[0]! : undefined;
      const anchor = first ? start.get(first.id) : start.get(n.id);
      const y = anchor ? (first ? anchor.y - column.offsets.get(first.id)!.y + column.height / 2 : anchor.y) : 0;
      addBox(n.parent, { id: n.id, w: DEVICE_WIDTH + 16, h: column.height, x: anchor?.x ?? 0, y });
      for (const d of inRack) boxOf.set(d.id, n.id);
    } else if (n.kind === "device" && n.parent === "loose") {
      const p = start.get(n.id) ?? { x: 0, y: 0 };
      addBox("loose", { id: n.id, w: DEVICE_WIDTH, h: DEVICE_HEIGHT, ...p });
      boxOf.set(n.id, n.id);
    }
  }

  const inside = new Map<string, Set<string>>();
  const between = new Set<string>();
  for (const e of topology.edges) {
    const a = boxOf.get(e.source) ?? e.source;
    const b = boxOf.get(e.target) ?? e.target;
    if (a === b) continue;
    const ga = groupOf.get(a);
    const gb = groupOf.get(b);
    if (!ga || !gb) continue;
    if (ga === gb) inside.set(ga, (inside.get(ga) ?? new Set()).add(linkKey(a, b)));
    else between.add(linkKey(ga, gb));
  }

  // Neighbours in a row hold together, so that rows stay readable as lines of racks.
  const rows = new Map<string, RackNode[]>();
  for (const n of topology.nodes) if (n.kind === "rack") rows.set(`${n.parent}\n${n.row}`, [...(rows.get(`${n.parent}\n${n.row}`) ?? []), n]);
  for (const [key, racks] of rows) {
    const room = key.slice(0, key.indexOf("\n"));
    racks.sort((a, b) => (a.slot ?? Number.MAX_SAFE_INTEGER) - (b.slot ?? Number.MAX_SAFE_INTEGER));
    for (let i = 1; i < racks.length; i++) inside.set(room, (inside.get(room) ?? new Set()).add(linkKey(racks[i - 1]!.id, racks[i]!.id)));
  }

  // 1. Racks inside each room.
  const local = new Map<string, Map<string, Point>>();
  const roomBoxes: Box[] = [];
  for (const [group, boxes] of groups) {
    const at = separateBoxes(boxes, coseBoxes(factory, boxes, inside.get(group) ?? new Set()));
    local.set(group, at);
    if (boxes.length === 0) {
      const p = start.get(group) ?? { x: 0, y: 0 };
      roomBoxes.push({ id: group, w: DEVICE_WIDTH, h: DEVICE_HEIGHT, ...p });
      continue;
    }
    const ext = extent(boxes, at);
    const startExt = extent(boxes, new Map(boxes.map((b) => [b.id, { x: b.x, y: b.y }])));
    roomBoxes.push({ id: group, w: ext.w + ROOM_PADDING, h: ext.h + ROOM_PADDING, x: startExt.cx, y: startExt.cy });
  }

  // 2. Rooms on the site.
  const roomAt = separateBoxes(roomBoxes, coseBoxes(factory, roomBoxes, between), 60);
  const out = new Map<string, Point>();
  for (const room of roomBoxes) {
    const boxes = groups.get(room.id) ?? [];
    const centre = roomAt.get(room.id)!;
    if (boxes.length === 0) {
      out.set(room.id, centre);
      continue;
    }
    const at = local.get(room.id)!;
    const ext = extent(boxes, at);
    for (const box of boxes) {
      const p = at.get(box.id)!;
      const x = centre.x + p.x - ext.cx;
      const y = centre.y + p.y - ext.cy;
      const column = columns.get(box.id);
      // A loose device or an empty rack is a leaf of its own.
      if (!column || column.offsets.size === 0) out.set(box.id, { x, y });
      else for (const [deviceId, offset] of column.offsets) out.set(deviceId, { x, y: y - column.height / 2 + offset.y });
    }
  }
  return out;
}

export const LAYOUTS: Record<LayoutName, NamedLayout> = {
  "floor-plan": {
    label: "Floor plan",
    hint: "Racks where they stand: by room, row and position.",
    positions: (topology) => floorPlanPositions(topology),
  },
  logical: {
    label: "Logical",
    hint: "Racks drawn together by the trunks between them.",
    positions: logicalPositions,
  },
  layered: {
    label: "Tiers",
    hint: "Spines, panels, leaves and servers in layers (ELK layered, computed off the page's thread).",
    // Until ELK answers (see layered.ts), devices wait where the floor plan puts them.
    positions: (topology) => floorPlanPositions(topology),
  },
};

export const isLayoutName = (s: unknown): s is LayoutName => typeof s === "string" && (LAYOUT_NAMES as readonly string[]).includes(s);

/** The user's last choice, else the floor plan for large sites and the logical view for small ones. */
export function initialLayout(topology: TopologyElements, stored: string | null): LayoutName {
  if (isLayoutName(stored)) return stored;
  return topology.nodes.length > LARGE_SITE_NODES ? "floor-plan" : "logical";
}

export const LAYOUT_STORAGE_KEY = "ferrule.topology.layout";

/** Runs a named layout: leaf positions, and the rooms' and racks' boxes when they are drawn as zones. */
export function runLayout(name: LayoutName, topology: TopologyElements, factory: CytoscapeFactory): { positions: Map<string, Point>; zones: Map<string, Rect> } {
  const positions = LAYOUTS[name].positions(topology, factory);
  return { positions, zones: usesZones(topology) && name !== "layered" ? zoneRects(topology, positions) : new Map() };
}
