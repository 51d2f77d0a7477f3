/**
 * Topology benchmark: a generated site of about 5,000 nodes (4 rooms, 1,000 racks, 4,000 panels
 * and switches) and 10,000 edges (6,000 trunks opened out of their bundles, 4,000 patch cords),
 * built by the server's element builder and drawn by the page's own modules (view, stylesheet,
 * floor-plan layout, instance) in headless Chromium, 1280 × 800. The page is a static file fed
 * with the generated elements (bench/topology/page.ts, bundled with esbuild), so the figures are the
 * graph's own, without the network or the server. FERRULE_BENCH_RUNS=1,3 runs some settings only.
 *
 * Prints, per renderer setting: time to first render (from navigation), time to interactive (first
 * render, then no long task for a second), and frame times while panning (mouse drag) and zooming
 * (mouse wheel), driven by real input events.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { chromium, type Browser, type Page } from "playwright";
import { buildElements } from "../src/server/services/topology/build-elements";
import type { TopologyElements } from "../src/server/services/topology/types";
import { generateSite } from "./topology/generate";

const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const QUIET_MS = 1000;

interface Run {
  name: string;
  /** Times to open the page (figures: best and median), for the settings that matter most. */
  repeat?: number;
  view: Record<string, unknown>;
  layout: "floor-plan" | "logical";
  options: Record<string, unknown>;
  deviceScaleFactor?: number;
}

const FULL = { expandAll: true, showCords: true };
const RUNS: Run[] = [
  { name: "chosen: texture + hide edges on viewport, pixelRatio 1", view: FULL, layout: "floor-plan", options: {}, repeat: 3 },
  { name: "Cytoscape defaults (no texture, edges drawn while moving)", view: FULL, layout: "floor-plan", options: { textureOnViewport: false, hideEdgesOnViewport: false } },
  { name: "hide edges on viewport only (no texture)", view: FULL, layout: "floor-plan", options: { textureOnViewport: false } },
  { name: "chosen + WebGL renderer", view: FULL, layout: "floor-plan", options: { webgl: true } },
  { name: "chosen, high-density screen (×2), pixelRatio 1", view: FULL, layout: "floor-plan", options: {}, deviceScaleFactor: 2 },
  { name: "defaults, high-density screen (×2), pixelRatio auto", view: FULL, layout: "floor-plan", options: { textureOnViewport: false, hideEdgesOnViewport: false, pixelRatio: "auto" }, deviceScaleFactor: 2 },
  { name: "chosen, as the page opens (bundles, no cords)", view: {}, layout: "floor-plan", options: {}, repeat: 2 },
];

const stats = (xs: number[]) => {
  if (xs.length === 0) return { n: 0, p50: NaN, p95: NaN, max: NaN, over50: 0 };
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { n: s.length, p50: at(0.5), p95: at(0.95), max: s[s.length - 1]!, over50: s.filter((x) => x > 50).length };
};
const ms = (n: number) => `${Math.round(n)} ms`;

async function gesture(page: Page, drive: () => Promise<void>) {
  await page.evaluate(() => window.__recordFrames(true));
  await drive();
  await page.waitForTimeout(300);
  return page.evaluate(() => (window.__recordFrames(false), window.__frames));
}

/** Opens the page in a fresh context, waits for the first render and for quiet, then pans and zooms. */
async function openAndMeasure(browser: Browser, dir: string, run: Run) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: run.deviceScaleFactor ?? 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  try {
    await page.goto(pathToFileURL(join(dir, "index.html")).href);
    await page.waitForFunction(() => window.__bench?.done, null, { timeout: 120_000 });
    const bench = await page.evaluate(() => window.__bench);
    if (bench.error) return { error: String(bench.error).split("\n")[0], bench, firstRender: NaN, tti: NaN, pan: [], zoom: [], errors };
    // Interactive: after the first render, a second without a long task.
    const firstRender = Number(bench.firstRender);
    let tti = firstRender;
    for (;;) {
      const { now, tasks } = await page.evaluate(() => ({ now: performance.now(), tasks: window.__longTasks }));
      tti = Math.max(firstRender, ...tasks.map((t) => t.end));
      if (now - tti >= QUIET_MS || now - firstRender > 30_000) break;
      await page.waitForTimeout(200);
    }
    const centre = { x: 640, y: 400 };
    await page.mouse.move(centre.x, centre.y);
    const pan = await gesture(page, async () => {
      await page.mouse.down();
      for (let i = 0; i < 60; i++) await page.mouse.move(centre.x + ((i % 30) - 15) * 12, centre.y + ((i % 20) - 10) * 6);
      await page.mouse.up();
    });
    const zoom = await gesture(page, async () => {
      for (let i = 0; i < 30; i++) {
        await page.mouse.wheel(0, i < 15 ? -120 : 120);
        await page.waitForTimeout(16);
      }
    });
    return { error: null, bench, firstRender, tti, pan, zoom, errors };
  } finally {
    await context.close();
  }
}

async function main() {
  console.log(`load average before: ${loadavg().map((l) => l.toFixed(1)).join(" ")} (${cpus().length} cores)`);
  const dir = mkdtempSync(join(tmpdir(), "ferrule-topology-bench-"));
  const t0 = performance.now();
  const rows = generateSite({
    rooms: 4,
    rowsPerRoom: 10,
    racksPerRow: 25,
    panelsPerRack: 2,
    switchesPerRack: 2,
    trunks: 6000,
    crossRoom: 0.1,
    errorShare: 0.002,
    warningShare: 0.004,
  });
  const topology: TopologyElements = buildElements(rows);
  const buildMs = performance.now() - t0;
  const cables = topology.edges.filter((e) => e.kind === "cable").length;
  const bundles = topology.edges.length - cables;
  console.log(`site: ${topology.nodes.length} nodes, ${cables} cable edges, ${bundles} bundles; buildElements ${ms(buildMs)}`);

  await build({
    entryPoints: [join(here, "topology/page.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    outfile: join(dir, "page.js"),
    tsconfig: join(here, "../tsconfig.json"),
    logLevel: "error",
  });
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0}#graph{width:1280px;height:800px}</style></head>
     <body><div id="graph"></div><script src="data.js"></script><script src="page.js"></script></body></html>`,
  );

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  try {
    // FERRULE_BENCH_RUNS=1,3 runs only those (numbered from 1).
    const only = (process.env.FERRULE_BENCH_RUNS ?? "").split(",").filter(Boolean).map(Number);
    for (const [i, run] of RUNS.entries()) {
      if (only.length && !only.includes(i + 1)) continue;
      writeFileSync(join(dir, "data.js"), `window.__benchInput=${JSON.stringify({ topology, view: run.view, layout: run.layout, options: run.options })};`);
      const tries: Awaited<ReturnType<typeof openAndMeasure>>[] = [];
      for (let k = 0; k < (run.repeat ?? 1); k++) tries.push(await openAndMeasure(browser, dir, run));
      const ok = tries.filter((t) => !t.error);
      console.log(`\n${run.name}${run.deviceScaleFactor ? ` [deviceScaleFactor ${run.deviceScaleFactor}]` : ""}`);
      if (ok.length === 0) {
        console.log(`  failed: ${tries[0]!.error}`);
        continue;
      }
      const best = [...ok].sort((a, b) => a.firstRender - b.firstRender)[0]!;
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const b = best.bench;
      console.log(`  drawn: ${b.nodes} nodes, ${b.edges} edges (${b.errors} in error, ${b.warnings} in warning)${b.webgl ? ", WebGL on" : ""}`);
      console.log(`  layout ${ms(Number(b.layoutMs))}, view ${ms(Number(b.viewMs))}, add to Cytoscape ${ms(Number(b.elementsMs))} (script started at ${ms(Number(b.scriptStart))})`);
      const runs = ok.length > 1 ? ` (best of ${ok.length}; median ${ms(median(ok.map((t) => t.firstRender)))} and ${ms(median(ok.map((t) => t.tti)))})` : "";
      console.log(`  time to first render ${ms(best.firstRender)}, time to interactive ${ms(best.tti)}${runs}`);
      const p = stats(best.pan);
      const z = stats(best.zoom);
      console.log(`  pan frames: ${p.n}, p50 ${ms(p.p50)}, p95 ${ms(p.p95)}, max ${ms(p.max)}, ${p.over50} over 50 ms`);
      console.log(`  zoom frames: ${z.n}, p50 ${ms(z.p50)}, p95 ${ms(z.p95)}, max ${ms(z.max)}, ${z.over50} over 50 ms`);
      if (best.errors.length) console.log(`  page errors: ${best.errors.slice(0, 3).join(" | ")}`);
    }

    // The logical layout of the same site (computed, not drawn).
    if (only.length && !only.includes(RUNS.length + 1)) return;
    const page = await browser.newPage();
    writeFileSync(join(dir, "data.js"), `window.__benchInput=${JSON.stringify({ topology, view: {}, layout: "logical", options: {} })};`);
    await page.goto(pathToFileURL(join(dir, "index.html")).href);
    await page.waitForFunction(() => window.__bench?.done, null, { timeout: 180_000 });
    const logical = await page.evaluate(() => window.__bench);
    console.log(`\nlogical layout (cose over racks, then rooms) of the same site: ${ms(Number(logical.layoutMs))}; first render ${ms(Number(logical.firstRender))}`);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
    console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  }
}

declare global {
  interface Window {
    __bench: Record<string, unknown>;
    __frames: number[];
    __longTasks: { start: number; end: number }[];
    __recordFrames(on: boolean): void;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
