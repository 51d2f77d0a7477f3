import type { CytoscapeOptions, StylesheetStyle } from "cytoscape";

/**
 * The topology's look: every visual state is a class on an element (set by the element builder in
 * view.ts or by the highlighter), and this stylesheet alone says what each class looks like.
 */
export const CLASS = {
  room: "room",
  /** A room or rack drawn as a zone behind what it holds (large sites), not as a compound parent. */
  zone: "zone",
  /** Edges of a large site: straight, cheap lines; a bundle shows its figures when chosen. */
  compact: "compact",
  rack: "rack",
  loose: "loose",
  device: "device",
  bundle: "bundle",
  cable: "cable",
  trunk: "trunk",
  cord: "cord",
  planned: "planned",
  error: "fault-error",
  warning: "fault-warning",
  holdsError: "holds-error",
  holdsWarning: "holds-warning",
  path: "on-path",
  dimmed: "dimmed",
  focus: "focus",
  /** A bundle between racks of one line of the floor, arcing over the racks between them. */
  arc: "row-arc",
} as const;

/** Colours shared by the stylesheet, the legend and the SVG export. */
export const COLOUR = {
  room: "#eef2f7",
  roomBorder: "#8d9bb0",
  rack: "#ffffff",
  rackBorder: "#b7c0cc",
  label: "#1b2330",
  mutedLabel: "#5d6878",
  device: "#e7ecf3",
  deviceBorder: "#6b778a",
  panel: "#e9e3d6",
  switch: "#dce9fb",
  server: "#dff1ea",
  trunk: "#34527f",
  bundle: "#34527f",
  cord: "#8a97a8",
  error: "#c0352b",
  errorFill: "#fbe0dd",
  warning: "#d98a00",
  warningFill: "#fdf0d2",
  path: "#0b6bcb",
  selected: "#0b6bcb",
} as const;

const ROLE_FILL: Record<string, string> = {
  panel: COLOUR.panel,
  enclosure: COLOUR.panel,
  switch: COLOUR.switch,
  router: COLOUR.switch,
  server: COLOUR.server,
};

export const DEVICE_WIDTH = 118;
export const DEVICE_HEIGHT = 20;

/** Labels smaller than this on screen are not drawn: what is drawn is readable, and a zoomed-out site is cheap to draw. */
const MIN_ZOOMED_FONT = 10;

type Style = StylesheetStyle["style"] & Record<string, unknown>;
const rule = (selector: string, style: Style): StylesheetStyle => ({ selector, style });

/** Font sizes of rooms, racks and devices for the current zoom band (TopologyGraph.applyZoomBand). */
export interface ZoomFonts {
  room: number;
  rack: number;
  device: number;
}

/**
 * The stylesheet. With `fonts`, the names of rooms, racks and devices take their sizes from it
 * (functions, read again when the graph restyles on a change of zoom band); without, fixed sizes.
 */
export function topologyStylesheet(fonts?: ZoomFonts): StylesheetStyle[] {
  return [
    // Few properties per rule: Cytoscape does work for each property it applies to each element,
    // and with nested nodes that work grows with the family of the element (see view.ts).
    rule("node", {
      label: "data(label)",
      "font-size": 10,
      "min-zoomed-font-size": MIN_ZOOMED_FONT,
      "text-valign": "center",
      "text-halign": "center",
    }),
    rule(`node.${CLASS.room}`, {
      shape: "round-rectangle",
      "background-color": COLOUR.room,
      "border-color": COLOUR.roomBorder,
      "border-width": 1.5,
      "font-size": fonts ? () => fonts.room : 22,
      "font-weight": "bold",
      "text-valign": "top",
      "text-halign": "center",
      "text-margin-y": -6,
      padding: "28px",
    }),
    rule(`node.${CLASS.zone}`, {
      width: "data(w)",
      height: "data(h)",
      "z-compound-depth": "bottom",
      "z-index": 0,
    }),
    rule(`node.${CLASS.rack}.${CLASS.zone}, node.${CLASS.loose}.${CLASS.zone}`, { "z-index": 1, padding: 0 }),
    rule(`node.${CLASS.room}.${CLASS.zone}`, { padding: 0 }),
    rule(`node.${CLASS.rack}, node.${CLASS.loose}`, {
      shape: "rectangle",
      "background-color": COLOUR.rack,
      "border-color": COLOUR.rackBorder,
      "border-width": 1,
      "font-size": fonts ? () => fonts.rack : 12,
      "font-weight": "bold",
      "text-valign": "top",
      "text-halign": "center",
      "text-margin-y": -3,
      // A long rack name is cut short rather than spread over its neighbours' names.
      "text-wrap": "ellipsis",
      "text-max-width": `${DEVICE_WIDTH + 40}px`,
      padding: "8px",
    }),
    rule(`node.${CLASS.loose}`, { "border-style": "dashed" }),
    rule(`node.${CLASS.device}`, {
      shape: "round-rectangle",
      width: DEVICE_WIDTH,
      height: DEVICE_HEIGHT,
      ...(fonts ? { "font-size": () => fonts.device } : {}),
      "background-color": COLOUR.device,
      "border-color": COLOUR.deviceBorder,
      "border-width": 1,
    }),
    ...Object.entries(ROLE_FILL).map(([role, fill]) => rule(`node.role-${role}`, { "background-color": fill })),
    rule(`node.${CLASS.holdsWarning}`, { "border-color": COLOUR.warning, "border-width": 2 }),
    rule(`node.${CLASS.holdsError}`, { "border-color": COLOUR.error, "border-width": 2 }),
    rule(`node.${CLASS.device}.${CLASS.warning}`, { "background-color": COLOUR.warningFill, "border-color": COLOUR.warning, "border-width": 2 }),
    rule(`node.${CLASS.device}.${CLASS.error}`, { "background-color": COLOUR.errorFill, "border-color": COLOUR.error, "border-width": 2.5 }),

    rule("edge", {
      "curve-style": "haystack",
      width: 1,
      "line-color": COLOUR.cord,
    }),
    rule(`edge.${CLASS.trunk}`, { width: 2, "line-color": COLOUR.trunk }),
    rule(`edge.${CLASS.bundle}`, {
      "curve-style": "bezier",
      "control-point-step-size": 18,
      width: "mapData(cables, 1, 48, 2.5, 10)",
      "line-color": COLOUR.bundle,
      label: "data(label)",
      "font-size": 11,
      "min-zoomed-font-size": MIN_ZOOMED_FONT,
      color: COLOUR.label,
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.85,
      "text-background-padding": "2px",
      "text-rotation": "autorotate",
    }),
    rule(`edge.${CLASS.bundle}.${CLASS.compact}`, { "curve-style": "haystack", label: "" }),
    rule(`edge.${CLASS.bundle}.${CLASS.arc}`, { "curve-style": "unbundled-bezier", "control-point-distances": "data(bow)", "control-point-weights": 0.5 }),
    rule(`edge.${CLASS.planned}`, { "line-style": "dashed", "line-dash-pattern": [6, 4] }),
    rule(`edge.${CLASS.warning}`, { "line-color": COLOUR.warning, width: 2.5 }),
    rule(`edge.${CLASS.error}`, { "line-color": COLOUR.error, width: 3 }),
    rule(`edge.${CLASS.bundle}.${CLASS.warning}, edge.${CLASS.bundle}.${CLASS.error}`, { width: "mapData(cables, 1, 48, 4, 12)" }),

    // Highlighter states: a path keeps its fault colours and gets a blue glow; the rest fades.
    rule(`.${CLASS.dimmed}`, { opacity: 0.18 }),
    rule(`node.${CLASS.device}.${CLASS.path}`, { "underlay-color": COLOUR.path, "underlay-padding": 5, "underlay-opacity": 0.45, opacity: 1 }),
    rule(`edge.${CLASS.path}`, {
      "underlay-color": COLOUR.path,
      "underlay-padding": 4,
      "underlay-opacity": 0.45,
      opacity: 1,
      "z-index": 10,
      label: "data(label)",
      "font-size": 10,
      "min-zoomed-font-size": MIN_ZOOMED_FONT,
    }),
    rule(`node.${CLASS.focus}`, { "underlay-color": COLOUR.selected, "underlay-padding": 8, "underlay-opacity": 0.35 }),
    rule("node:selected", { "border-color": COLOUR.selected, "border-width": 3 }),
    rule(`edge.${CLASS.bundle}.${CLASS.compact}:selected`, { label: "data(label)" }),
    rule("edge:selected", { "underlay-color": COLOUR.selected, "underlay-padding": 5, "underlay-opacity": 0.5 }),
  ];
}

/** Renderer options for large sites (see bench/topology.bench.ts for the figures behind them). */
export function topologyOptions(): Partial<CytoscapeOptions> {
  return {
    minZoom: 0.02,
    maxZoom: 4,
    boxSelectionEnabled: false,
    autoungrabify: true,
    // While panning or zooming, move a snapshot of the graph instead of drawing 15,000 elements per frame.
    textureOnViewport: true,
    // Pan and zoom without drawing edges: the frame stays cheap even before the snapshot exists.
    hideEdgesOnViewport: true,
    // One canvas pixel per CSS pixel: a high-density screen would quadruple the fill work.
    pixelRatio: 1,
    motionBlur: false,
  };
}
