import type { ElementDefinition, StylesheetStyle } from "cytoscape";
import type { OverviewRow, TopologyOverview } from "@/server/services/topology/types";
import type { Point } from "./floor-plan";
import { COLOUR } from "./styles";

/**
 * The far view of a large site: each room a box holding its rows, each row a box with its figures
 * (racks, trunks, failing channels), and the trunks between rows as bundles with their count and
 * fiber total. A row opens into its racks and devices (read from the server on demand).
 */

/** Up to this many racks the whole site is read and drawn at once; above it the page opens on the overview. */
export const OVERVIEW_RACKS = 150;

export const ROW_BOX = { w: 250, h: 92, gapX: 60, gapY: 46 } as const;
const ROOM_GAP_X = 260;
/** Room between rooms' lines for a room's name and figures above it. */
const ROOM_GAP_Y = 330;

/** No label smaller than this on screen: smaller ones are not drawn at all. */
export const MIN_LABEL_PX = 10;
/** Font size of a row's label in graph units. */
const ROW_FONT = 15;
const ROOM_FONT = 22;
/** A room's name stops growing here (graph units): beyond, it would spill over its neighbours. */
const ROOM_FONT_CAP = 64;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export function rowLabel(r: Pick<OverviewRow, "label" | "racks" | "trunks" | "failing" | "doubtful">): string {
  const faults = [r.failing ? `${plural(r.failing, "failing channel")}` : "", r.doubtful ? `${r.doubtful} in doubt` : ""].filter(Boolean).join(" · ");
  return [r.label, `${plural(r.racks, "rack")} · ${plural(r.trunks, "trunk")}`, faults].filter(Boolean).join("\n");
}

/** Rows of a room per line of its grid: a room of many rows stays about as wide as it is tall. */
export const rowsPerLine = (rows: number) => (rows <= 3 ? rows || 1 : Math.ceil(Math.sqrt(rows / 1.4)));

/**
 * Positions of the rows (centres): a room is a grid of its rows in order (A B C / D E F…), rooms
 * sit side by side on a grid of about √n per line. The same overview always gets the same picture.
 */
export function overviewPositions(overview: Pick<TopologyOverview, "rooms" | "rows">): Map<string, Point> {
  const out = new Map<string, Point>();
  const byRoom = new Map<string, OverviewRow[]>();
  for (const r of overview.rows) byRoom.set(r.parent, [...(byRoom.get(r.parent) ?? []), r]);
  const rooms = overview.rooms;
  const widest = Math.max(1, ...rooms.map((r) => rowsPerLine(byRoom.get(r.id)?.length ?? 0)));
  const roomWidth = widest * (ROW_BOX.w + ROW_BOX.gapX) - ROW_BOX.gapX;
  const perLine = Math.max(1, Math.ceil(Math.sqrt(rooms.length)));
  let top = 0;
  for (let i = 0; i < rooms.length; i += perLine) {
    const line = rooms.slice(i, i + perLine);
    let tallest = 0;
    line.forEach((room, k) => {
      const rows = byRoom.get(room.id) ?? [];
      const across = rowsPerLine(rows.length);
      const left = k * (roomWidth + ROOM_GAP_X);
      rows.forEach((r, j) => out.set(r.id, { x: left + (j % across) * (ROW_BOX.w + ROW_BOX.gapX), y: top + Math.floor(j / across) * (ROW_BOX.h + ROW_BOX.gapY) }));
      if (rows.length === 0) out.set(room.id, { x: left, y: top });
      tallest = Math.max(tallest, Math.max(1, Math.ceil(rows.length / across)) * (ROW_BOX.h + ROW_BOX.gapY));
    });
    top += tallest + ROOM_GAP_Y;
  }
  return out;
}

/** Whether the segment from `a` to `b` crosses the box centred on `c` (Liang–Barsky clipping). */
function crossesBox(a: Point, b: Point, c: Point, w: number, h: number): boolean {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, a.x - (c.x - w / 2)],
    [dx, c.x + w / 2 - a.x],
    [-dy, a.y - (c.y - h / 2)],
    [dy, c.y + h / 2 - a.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

/** Cytoscape's elements of the overview: rooms (compound), rows, bundles between rows. */
export function overviewElements(overview: TopologyOverview): ElementDefinition[] {
  const at = overviewPositions(overview);
  const index = new Map(overview.rows.map((r, i) => [r.id, i]));
  const byRoom = new Map<string, OverviewRow[]>();
  for (const r of overview.rows) byRoom.set(r.parent, [...(byRoom.get(r.parent) ?? []), r]);
  const out: ElementDefinition[] = [];
  for (const room of overview.rooms) {
    const figures = [`${plural(room.racks, "rack")} · ${plural(room.trunks, "trunk")}`, room.failing ? plural(room.failing, "failing channel") : ""].filter(Boolean).join("\n");
    out.push({
      group: "nodes",
      data: { ...room, label: `${room.label}\n${figures}`, name: room.label },
      classes: ["ov-room", room.severity ? `holds-${room.severity}` : ""].filter(Boolean).join(" "),
      ...(at.has(room.id) ? { position: at.get(room.id)! } : {}),
    });
  }
  for (const row of overview.rows) {
    out.push({
      group: "nodes",
      data: { ...row, label: rowLabel(row), name: row.label },
      classes: ["ov-row", row.severity ? `holds-${row.severity}` : ""].filter(Boolean).join(" "),
      position: at.get(row.id)!,
    });
  }
  for (const b of overview.bundles) {
    const a = overview.rows[index.get(b.source)!]!;
    const z = overview.rows[index.get(b.target)!]!;
    // A bundle whose straight line would run across other rows of the room bows out around them.
    const pa = at.get(a.id)!;
    const pz = at.get(z.id)!;
    const skip =
      a.parent === z.parent
        ? (byRoom.get(a.parent) ?? []).filter((r) => r.id !== a.id && r.id !== z.id && crossesBox(pa, pz, at.get(r.id)!, ROW_BOX.w, ROW_BOX.h)).length
        : 0;
    out.push({
      group: "edges",
      // Not a bundle of the detailed graph: its trunks are listed when its rows are opened.
      data: { ...b, kind: "row-bundle", bow: skip > 0 ? ROW_BOX.w / 2 + 30 + 28 * skip : 0 },
      classes: ["ov-bundle", skip > 0 ? "ov-arc" : "", b.status === "planned" ? "planned" : ""].filter(Boolean).join(" "),
    });
  }
  return out;
}

type Style = StylesheetStyle["style"] & Record<string, unknown>;
const rule = (selector: string, style: Style): StylesheetStyle => ({ selector, style });

/** The overview's look. Labels under MIN_LABEL_PX on screen are not drawn (Cytoscape's min-zoomed-font-size). */
export function overviewStylesheet(fonts?: { room: number }): StylesheetStyle[] {
  return [
    rule("node", { label: "data(label)", "min-zoomed-font-size": MIN_LABEL_PX, "text-wrap": "wrap", color: COLOUR.label }),
    rule("node.ov-room", {
      shape: "round-rectangle",
      "background-color": COLOUR.room,
      "border-color": COLOUR.roomBorder,
      "border-width": 1.5,
      "font-size": fonts ? () => fonts.room : ROOM_FONT,
      "font-weight": "bold",
      "text-valign": "top",
      "text-halign": "center",
      "text-margin-y": -8,
      "text-max-width": "4000px",
      padding: "34px",
    }),
    rule("node.ov-row", {
      shape: "round-rectangle",
      width: ROW_BOX.w,
      height: ROW_BOX.h,
      "background-color": COLOUR.rack,
      "border-color": COLOUR.rackBorder,
      "border-width": 1.5,
      "font-size": ROW_FONT,
      "text-valign": "center",
      "text-halign": "center",
      "text-max-width": `${ROW_BOX.w - 16}px`,
      "line-height": 1.35,
    }),
    rule("node.holds-warning", { "border-color": COLOUR.warning, "border-width": 3 }),
    rule("node.holds-error", { "border-color": COLOUR.error, "border-width": 3 }),
    rule("node.ov-row.holds-error", { "background-color": COLOUR.errorFill }),
    rule("node.ov-row.holds-warning", { "background-color": COLOUR.warningFill }),
    rule("edge.ov-bundle", {
      "curve-style": "bezier",
      "control-point-step-size": 24,
      width: "mapData(cables, 1, 200, 2.5, 12)",
      "line-color": COLOUR.bundle,
      opacity: 0.8,
      label: "data(label)",
      "font-size": 13,
      "min-zoomed-font-size": MIN_LABEL_PX,
      color: COLOUR.label,
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.9,
      "text-background-padding": "2px",
    }),
    rule("edge.ov-arc", {
      "curve-style": "unbundled-bezier",
      "control-point-distances": "data(bow)",
      "control-point-weights": 0.5,
    }),
    rule("edge.planned", { "line-style": "dashed", "line-dash-pattern": [6, 4] }),
    rule(".dimmed", { opacity: 0.15 }),
    rule("node:selected", { "border-color": COLOUR.selected, "border-width": 4 }),
    rule("edge:selected", { "underlay-color": COLOUR.selected, "underlay-padding": 5, "underlay-opacity": 0.5 }),
  ];
}

/**
 * Room labels keep their size on screen whatever the zoom (the far view reads by rooms): their
 * font size in graph units for a zoom, never below the stylesheet's.
 */
export function roomFontFor(zoom: number): number {
  // In whole units: the graph restyles only when the size changes.
  return Math.round(Math.min(ROOM_FONT_CAP, Math.max(ROOM_FONT, (MIN_LABEL_PX + 4) / Math.max(zoom, 0.001))));
}
