import type cytoscape from "cytoscape";
import type { Core, ElementDefinition, EventObject, NodeSingular, SingularElementReturnValue } from "cytoscape";
import type { Point, Rect } from "./floor-plan";
import { TopologyHighlighter } from "./highlighter";
import { CLASS, DEVICE_WIDTH, topologyOptions, topologyStylesheet, type ZoomFonts } from "./styles";
import { topologySvg } from "./svg-export";

type CytoscapeFactory = typeof cytoscape;

export interface GraphOptions {
  container: HTMLElement | null;
  factory: CytoscapeFactory;
  /** Cytoscape's WebGL renderer (3.31+): see bench/topology.bench.ts before turning it on. */
  webgl?: boolean;
  /** Renderer options over topologyOptions() (the benchmark compares them). */
  options?: Partial<cytoscape.CytoscapeOptions>;
  /** A node or edge was tapped (null: the background). */
  onSelect?: (element: { group: "nodes" | "edges"; data: Record<string, unknown> } | null) => void;
  /** An edge or node was double-tapped (a bundle opens into its trunks). */
  onOpen?: (element: { group: "nodes" | "edges"; data: Record<string, unknown> }) => void;
}

export interface GraphSummary {
  nodes: number;
  edges: number;
  errors: number;
  warnings: number;
  /** Labels of the elements in error and in warning, sorted (the first 200). */
  faults: { errors: string[]; warnings: string[] };
  /** Labels of the devices and cables on the highlighted path, sorted. */
  path: { nodes: string[]; edges: string[] };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameData(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!sameValue(a[k], b[k])) return false;
  return true;
}

/** Steps of font size, in graph units: a label keeps its step until the zoom takes it under 12 px on screen. */
const STEPS = [12, 16, 22, 30, 40, 54, 72, 96, 128, 170, 230, 310, 420];
const step = (wanted: number, cap: number) => Math.min(cap, STEPS.find((s) => s >= wanted) ?? cap);

/** The font sizes of rooms and racks at a zoom (see TopologyGraph.applyZoomBand). */
export function zoomFonts(zoom: number): { room: number; rack: number; device: number } {
  const wanted = 13 / Math.max(zoom, 0.001);
  // A device's name stays inside its box (20 units high): 14 at most, then it is not drawn.
  const device = zoom >= 1 ? 10 : zoom >= 0.85 ? 12 : 14;
  return { room: Math.max(22, step(wanted, 420)), rack: step(wanted, 44), device };
}

/**
 * The one Cytoscape instance of a topology view. It is created once, with the stylesheet and the
 * renderer options; afterwards elements are only updated, in one batch each time, by diffing
 * element ids: what left the view is removed, what is new is added (at its layout position), what
 * changed gets its data and classes set. Layouts are positions computed outside (layouts.ts) and
 * applied here in a batch.
 */
export class TopologyGraph {
  readonly cy: Core;
  readonly highlighter: TopologyHighlighter;
  /** Read by the stylesheet's font sizes (see applyZoomBand). */
  private readonly fonts: ZoomFonts = { room: 22, rack: 12, device: 10 };
  private positions = new Map<string, Point>();
  private zones = new Map<string, Rect>();
  private fitted = false;

  constructor(private readonly opts: GraphOptions) {
    const renderer = opts.webgl ? { renderer: { name: "canvas", webgl: true } } : {};
    this.cy = opts.factory({
      container: opts.container ?? undefined,
      headless: opts.container === null,
      styleEnabled: true,
      style: topologyStylesheet(this.fonts),
      layout: { name: "preset" },
      ...topologyOptions(),
      ...opts.options,
      ...renderer,
    } as cytoscape.CytoscapeOptions);
    this.highlighter = new TopologyHighlighter(this.cy);
    const payload = (t: SingularElementReturnValue) => ({ group: t.group() as "nodes" | "edges", data: t.data() as Record<string, unknown> });
    this.cy.on("tap", (e: EventObject) => {
      if (e.target === this.cy) opts.onSelect?.(null);
      else opts.onSelect?.(payload(e.target as SingularElementReturnValue));
    });
    this.cy.on("dbltap", "node, edge", (e: EventObject) => opts.onOpen?.(payload(e.target as SingularElementReturnValue)));
    this.cy.on("zoom", () => this.applyZoomBand());
  }


  /**
   * Level of detail: rooms' and racks' names grow in graph units as the view zooms out, so that on
   * screen they stay readable (stepped, so the stylesheet is touched only when a step changes);
   * past their cap they are too small and are not drawn, like devices' names far out.
   */
  applyZoomBand(): void {
    const next = zoomFonts(this.cy.zoom());
    if (next.room === this.fonts.room && next.rack === this.fonts.rack && next.device === this.fonts.device) return;
    Object.assign(this.fonts, next);
    this.cy.style().update();
  }

  /** Replaces the shown elements by `definitions` (nodes listed before edges, parents before children). */
  setElements(definitions: readonly ElementDefinition[]): { added: number; removed: number; updated: number } {
    const cy = this.cy;
    const next = new Map<string, ElementDefinition>();
    for (const d of definitions) next.set(String(d.data.id), d);
    let updated = 0;
    let removed = 0;
    const toAdd: ElementDefinition[] = [];
    cy.batch(() => {
      const gone = cy.elements().filter((ele) => !next.has(ele.id()));
      removed = gone.length;
      // Removing a parent would remove its children: move the children that stay out first.
      gone.nodes().children().filter((c) => next.has(c.id())).move({ parent: null });
      cy.remove(gone);
      for (const [id, def] of next) {
        const ele = cy.getElementById(id);
        const zone = this.zones.get(id);
        const data = (zone ? { ...def.data, w: zone.w, h: zone.h } : def.data) as Record<string, unknown>;
        if (ele.empty()) {
          const position = def.position ?? (zone ? { x: zone.x, y: zone.y } : this.positions.get(id)) ?? { x: 0, y: 0 };
          toAdd.push(def.group === "nodes" ? { ...def, data: data as ElementDefinition["data"], position } : def);
          continue;
        }
        const parent = (data.parent as string | undefined) ?? null;
        if (ele.isNode() && ((ele.data("parent") as string | undefined) ?? null) !== parent && parent !== null && cy.getElementById(parent).nonempty()) {
          (ele as NodeSingular).move({ parent });
        }
        let changed = false;
        // `bow` and the arc class are the floor plan's own (bowRowBundles), not the view's.
        const { bow: _bow, ...current } = ele.data() as Record<string, unknown>;
        if (!sameData(current, data)) {
          ele.data(data);
          changed = true;
        }
        const classes = Array.isArray(def.classes) ? def.classes.join(" ") : (def.classes ?? "");
        if ((ele.classes() as unknown as string[]).filter((c) => c !== CLASS.arc).join(" ") !== classes.split(" ").filter(Boolean).join(" ")) {
          ele.classes(classes);
          changed = true;
        }
        if (changed) updated += 1;
      }
      if (toAdd.length) cy.add(toAdd);
    });
    // After the batch: racks' boxes follow their devices only once it is over. Its own changes are
    // a few classes, not worth a batch of their own.
    this.bowRowBundles(false);
    this.highlighter.refresh();
    return { added: toAdd.length, removed, updated };
  }

  /**
   * Moves the leaves to `positions` (in one batch) and keeps them for nodes added later; rooms drawn
   * as zones get their box (`zones`: centre and size).
   */
  setPositions(positions: Map<string, Point>, opts: { fit?: boolean; zones?: Map<string, Rect> } = {}): void {
    this.positions = positions;
    this.zones = opts.zones ?? new Map();
    const cy = this.cy;
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        if (n.isParent()) return;
        const zone = this.zones.get(n.id());
        if (zone) {
          n.data({ w: zone.w, h: zone.h });
          n.position({ x: zone.x, y: zone.y });
          return;
        }
        const p = positions.get(n.id());
        if (p) n.position({ x: p.x, y: p.y });
      });
    });
    this.bowRowBundles();
    if (opts.fit ?? true) {
      // Nothing to fit yet: the first elements will be fitted when they come (fitOnce).
      if (cy.elements().empty()) this.fitted = false;
      else this.fit();
    }
  }

  /**
   * Bundles between racks of one line of the floor (same height) that are not neighbours would run
   * over the racks between them and over each other: they arc above the line instead, further out
   * the further apart their racks are, and parallel bundles of one pair side by side.
   */
  bowRowBundles(batch = true): void {
    const cy = this.cy;
    const seen = new Map<string, number>();
    const run = (f: () => void) => (batch ? cy.batch(f) : f());
    run(() => {
      // Large sites draw bundles as plain straight lines (compact): nothing to do there.
      cy.edges(`.${CLASS.bundle}`).not(`.${CLASS.compact}`).forEach((e) => {
        const a = e.source().position();
        const b = e.target().position();
        const dx = Math.abs(a.x - b.x);
        // Racks of one line share their top, not their centre (their columns differ in height).
        const top = (n: NodeSingular) => n.boundingBox({ includeLabels: false }).y1;
        const sameRoom = e.source().data("roomId") === e.target().data("roomId");
        const sameLine = sameRoom && dx > 1.5 * (DEVICE_WIDTH + 40) && Math.abs(top(e.source()) - top(e.target())) < 6;
        if (!sameLine) {
          if (e.hasClass(CLASS.arc)) e.removeClass(CLASS.arc);
          return;
        }
        const pair = [e.source().id(), e.target().id()].sort().join("|");
        const k = seen.get(pair) ?? 0;
        seen.set(pair, k + 1);
        // Towards the top of the floor whichever way the edge runs.
        const sign = a.x < b.x ? -1 : 1;
        e.data("bow", sign * (40 + 0.15 * dx + 18 * k));
        e.addClass(CLASS.arc);
      });
    });
  }

  /** Fits the view to the graph once the first elements are in (later updates keep the viewport). */
  fitOnce(): void {
    if (this.fitted || this.cy.elements().empty()) return;
    this.fit();
  }

  /**
   * Fits the view to the graph. With zones (large sites) it is computed from the laid-out boxes
   * rather than with `cy.fit()`, which would measure every element (and so style all 15,000 of them)
   * before the first frame.
   */
  fit(padding = 30): void {
    this.fitted = true;
    const cy = this.cy;
    // Nested rooms and racks (smaller sites): Cytoscape measures them, labels and padding included.
    if (this.zones.size === 0) {
      cy.fit(undefined, padding);
      this.applyZoomBand();
      return;
    }
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    const grow = (x: number, y: number, w: number, h: number) => {
      x1 = Math.min(x1, x - w / 2);
      y1 = Math.min(y1, y - h / 2);
      x2 = Math.max(x2, x + w / 2);
      y2 = Math.max(y2, y + h / 2);
    };
    cy.nodes().forEach((n) => {
      if (n.isParent()) return;
      const zone = this.zones.get(n.id());
      if (zone) return grow(zone.x, zone.y, zone.w + 80, zone.h + 100);
      const p = n.position();
      grow(p.x, p.y, 150, 60);
    });
    if (!Number.isFinite(x1)) return;
    const width = cy.width() || 1;
    const height = cy.height() || 1;
    const zoom = Math.max(cy.minZoom(), Math.min(cy.maxZoom(), Math.min((width - 2 * padding) / (x2 - x1), (height - 2 * padding) / (y2 - y1))));
    cy.viewport({ zoom, pan: { x: width / 2 - zoom * ((x1 + x2) / 2), y: height / 2 - zoom * ((y1 + y2) / 2) } });
    this.applyZoomBand();
  }

  /** Fits the view to these elements (a path, the elements of a finding); ids not drawn are skipped. */
  fitTo(ids: readonly string[], padding = 60): boolean {
    const cy = this.cy;
    let hit = cy.collection();
    for (const id of ids) hit = hit.union(cy.getElementById(id));
    if (hit.empty()) return false;
    // Edges are measured by their ends: fit to the nodes, with the edges' ends.
    const nodes = hit.nodes().union(hit.edges().connectedNodes());
    cy.stop();
    cy.fit(nodes, padding);
    // Not closer than a device's name can be read at, nor further than its rack's.
    if (cy.zoom() > 1.6) cy.zoom({ level: 1.6, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    this.applyZoomBand();
    return true;
  }

  /** Whether every element of `ids` that is drawn lies inside the visible part of the canvas. */
  inView(ids: readonly string[]): boolean {
    const cy = this.cy;
    let hit = cy.collection();
    for (const id of ids) hit = hit.union(cy.getElementById(id));
    if (hit.empty()) return false;
    const b = hit.nodes().union(hit.edges().connectedNodes()).renderedBoundingBox({ includeLabels: false });
    return b.x1 >= -1 && b.y1 >= -1 && b.x2 <= cy.width() + 1 && b.y2 <= cy.height() + 1;
  }

  /** Centres and zooms on a node, outlines it. */
  focus(id: string): boolean {
    const node = this.cy.getElementById(id);
    if (node.empty()) return false;
    this.highlighter.focus(id);
    this.cy.stop();
    this.cy.zoom({ level: Math.max(this.cy.zoom(), node.isParent() ? 0.6 : 1.2), position: node.position() });
    this.cy.center(node);
    this.cy.elements(":selected").unselect();
    node.select();
    return true;
  }

  /** The graph in figures, for the page's data attributes and for tests. */
  summary(): GraphSummary {
    const cy = this.cy;
    const labels = (sel: string) =>
      cy
        .elements(sel)
        .map((e) => String(e.data("label") ?? ""))
        .sort();
    return {
      nodes: cy.nodes().length,
      edges: cy.edges().length,
      errors: cy.elements(`.${CLASS.error}`).length,
      warnings: cy.elements(`.${CLASS.warning}`).length,
      faults: { errors: labels(`.${CLASS.error}`).slice(0, 200), warnings: labels(`.${CLASS.warning}`).slice(0, 200) },
      path: { nodes: labels(`node.${CLASS.device}.${CLASS.path}`), edges: labels(`edge.${CLASS.path}`) },
    };
  }

  png(): Blob {
    return this.cy.png({ output: "blob", full: true, bg: "#ffffff", scale: 2, maxWidth: 8000, maxHeight: 8000 });
  }

  svg(title?: string): string {
    return topologySvg(this.cy, { title });
  }

  destroy(): void {
    this.cy.destroy();
  }
}
