/**
 * The benchmark page: the real topology modules (element builder, stylesheet, layouts, instance)
 * in a 1280 × 800 box, fed with a generated site. It reports its timings on `window.__bench`.
 */
import cytoscape from "cytoscape";
import type { TopologyElements } from "../../src/server/services/topology/types";
import { TopologyGraph } from "../../src/features/topology/graph";
import { runLayout, type LayoutName } from "../../src/features/topology/layouts";
import { DEFAULT_VIEW, viewElements, type ViewState } from "../../src/features/topology/view";

interface Input {
  topology: TopologyElements;
  view: Partial<ViewState>;
  layout: LayoutName;
  options: { textureOnViewport?: boolean; hideEdgesOnViewport?: boolean; pixelRatio?: number; webgl?: boolean };
}

declare global {
  interface Window {
    __benchInput: Input;
    __bench: Record<string, unknown>;
    __frames: number[];
    __longTasks: { start: number; end: number }[];
    __recordFrames(on: boolean): void;
  }
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame((t) => resolve(t)));

window.__longTasks = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
  }).observe({ type: "longtask", buffered: true });
} catch {
  // No long-task timing in this browser.
}

// Frame times while a gesture runs: the gaps between animation frames.
window.__frames = [];
let recording = false;
let last = 0;
const loop = (t: number) => {
  if (recording) {
    if (last) window.__frames.push(t - last);
    last = t;
  }
  requestAnimationFrame(loop);
};
requestAnimationFrame(loop);
window.__recordFrames = (on: boolean) => {
  recording = on;
  last = 0;
  if (on) window.__frames = [];
};

async function run() {
  const input = window.__benchInput;
  const scriptStart = performance.now();
  const container = document.getElementById("graph")!;
  const { webgl, ...options } = input.options;
  // The instance's own renderer options (styles.ts), overridden for the comparison runs.
  const graph = new TopologyGraph({ container, factory: cytoscape, webgl, options });

  const t0 = performance.now();
  const { positions, zones } = runLayout(input.layout, input.topology, cytoscape);
  const tLayout = performance.now();
  const definitions = viewElements(input.topology, { ...DEFAULT_VIEW, ...input.view });
  const tView = performance.now();
  graph.setPositions(positions, { zones, fit: false });
  graph.setElements(definitions);
  graph.fitOnce();
  const tElements = performance.now();

  // Drawn: the canvas renderer emits "render" after drawing a frame; the WebGL one does not, so
  // there the second animation frame (Cytoscape draws in the first) stands for it.
  if (webgl) await nextFrame().then(nextFrame);
  else await new Promise<void>((resolve) => graph.cy.one("render", () => resolve()));
  await nextFrame();
  const firstRender = performance.now();
  const summary = graph.summary();
  window.__bench = {
    scriptStart,
    layoutMs: tLayout - t0,
    viewMs: tView - tLayout,
    elementsMs: tElements - tView,
    firstRender,
    nodes: summary.nodes,
    edges: summary.edges,
    errors: summary.errors,
    warnings: summary.warnings,
    webgl: Boolean((graph.cy as unknown as { renderer(): { webgl?: boolean } }).renderer().webgl),
    done: true,
  };
  (window as unknown as { __graph: TopologyGraph }).__graph = graph;
}

run().catch((err: unknown) => {
  window.__bench = { error: String(err instanceof Error ? err.stack : err), done: true };
});
