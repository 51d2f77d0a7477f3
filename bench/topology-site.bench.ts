/**
 * Topology from the running server: generated sites of 500 and 3,000 racks (bench/topology/seed-site.ts,
 * written with set-based SQL), the production server on PostgreSQL, measured as a user meets it.
 *
 *   TEST_DATABASE_URL or DATABASE_URL   the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test);
 *                        the benchmark makes its own database on it, ferrule_topology_bench
 *   FERRULE_BENCH_REUSE  1: measure again on the database a previous run built
 *   FERRULE_BENCH_PORT   the server's port (default 3395)
 *   FERRULE_BENCH_RACKS  sizes, comma-separated (default 500,3000)
 *
 * Per size: the page (HTML size, time to its first byte, time to the first drawn graph — the
 * overview — from navigation), the overview reply (size, first byte, whole) next to its floor (the
 * same three aggregation queries in raw SQL on the same tables), and the detail of one row. Needs a
 * production build (`npx next build`). Prints `figure <name> <value> <unit> goal <goal> [floor <floor>]`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { chromium, type BrowserContext } from "playwright";
import postgres from "postgres";
import { dialect } from "../src/server/services/inventory/sql";
import { overviewSql } from "../src/server/services/topology/get-topology-overview";
import { seedTopologySite } from "./topology/seed-site";

const SERVER_URL = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const DB_NAME = "ferrule_topology_bench";
const DB_URL = (() => {
  const u = new URL(SERVER_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();
const PORT = Number(process.env.FERRULE_BENCH_PORT ?? 3395);
const BASE = `http://127.0.0.1:${PORT}`;
const REUSE = process.env.FERRULE_BENCH_REUSE === "1";
const SIZES = (process.env.FERRULE_BENCH_RACKS ?? "500,3000").split(",").map(Number);
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const RUNS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const log = (s: string) => console.log(s);
function figure(name: string, value: number, unit: string, goal: string, floor?: number) {
  const v = unit === "ms" ? Math.round(value) : unit === "KB" ? Math.round(value * 10) / 10 : value;
  log(`figure ${name} ${v} ${unit} goal ${goal}${floor !== undefined ? ` floor ${Math.round(floor * 10) / 10} ratio ${(value / Math.max(floor, 0.1)).toFixed(1)}` : ""}`);
}

async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), HOST: "127.0.0.1", DATABASE_URL: DB_URL, FERRULE_DEMO: "1", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not start in 120 s")), 120_000);
    const onData = (b: Buffer) => {
      if (b.toString().includes("ready on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (b: Buffer) => process.env.BENCH_TRACE && process.stderr.write(b));
    child.on("exit", (code) => reject(new Error(`the server stopped (${code})`)));
  });
  return child;
}

/** A tRPC query over HTTP with the browser's cookies: time to first byte, whole time, reply bytes. */
async function trpcGet(cookie: string, path: string, input: unknown) {
  const url = `${BASE}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const ttfb = performance.now() - t0;
  const body = await res.arrayBuffer();
  const total = performance.now() - t0;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${new TextDecoder().decode(body).slice(0, 300)}`);
  return { ttfb, total, bytes: body.byteLength, json: JSON.parse(new TextDecoder().decode(body)) as { result: { data: { json: unknown } } } };
}

async function signIn(context: BrowserContext) {
  const page = await context.newPage();
  await page.goto(`${BASE}/sign-in`);
  await page.getByLabel("Email").fill("admin@demo.ferrule");
  await page.getByLabel("Password").fill("ferrule-demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Sites" }).waitFor();
  await page.close();
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

async function main() {
  log(`load average before: ${loadavg().map((l) => l.toFixed(1)).join(" ")} (${cpus().length} cores)`);
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => undefined });
  if (!REUSE) {
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.unsafe(`create database ${DB_NAME}`);
  }
  await admin.end();
  const server = await startServer();
  const sql = postgres(DB_URL, { max: 2, onnotice: () => undefined });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  try {
    const sites = new Map<number, string>();
    for (const racks of SIZES) {
      const code = `TB${racks}`;
      const [found] = await sql<{ id: string }[]>`select id from sites where code = ${code}`;
      if (found) sites.set(racks, found.id);
      else {
        const t = performance.now();
        sites.set(racks, await seedTopologySite(sql, { racks, code, name: `Bench ${racks} racks` }));
        log(`site of ${racks} racks written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      }
    }
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const cookie = await signIn(context);

    for (const racks of SIZES) {
      const siteId = sites.get(racks)!;
      const goalPaint = racks >= 3000 ? "3000" : "2000";
      log(`\n${racks} racks`);
      // The page, from navigation to the first drawn graph.
      const paint: number[] = [];
      const ttfbPage: number[] = [];
      let htmlBytes = 0;
      for (let i = 0; i < RUNS; i++) {
        const page = await context.newPage();
        await page.goto(`${BASE}/sites/${siteId}/topology`, { waitUntil: "commit" });
        const at = await page.waitForFunction(() => (document.querySelector('[data-testid="topology-graph"][data-state="ready"]') ? performance.now() : false), null, {
          timeout: 180_000,
          polling: 50,
        });
        paint.push(Number(await at.jsonValue()));
        const nav = await page.evaluate(() => {
          const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
          return { ttfb: n.responseStart, bytes: n.decodedBodySize };
        });
        ttfbPage.push(nav.ttfb);
        htmlBytes = nav.bytes;
        await page.close();
      }
      figure(`page.html.${racks}`, htmlBytes / 1024, "KB", "no graph inlined");
      figure(`page.first_byte.${racks}`, median(ttfbPage), "ms", "-");
      figure(`page.first_paint.${racks}`, median(paint), "ms", goalPaint);

      // The overview reply, next to its three queries in raw SQL.
      const ov = [];
      const floor: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        ov.push(await trpcGet(cookie, "topology.overview", { siteId }));
        const t = performance.now();
        const q = overviewSql(siteId);
        await Promise.all([q.rows, q.cables, q.faults].map((s) => dialect.sqlToQuery(s)).map((x) => sql.unsafe(x.sql, x.params as never[])));
        floor.push(performance.now() - t);
      }
      figure(`overview.bytes.${racks}`, ov[0]!.bytes / 1024, "KB", "1024");
      figure(`overview.first_byte.${racks}`, median(ov.map((o) => o.ttfb)), "ms", "-", median(floor));
      figure(`overview.total.${racks}`, median(ov.map((o) => o.total)), "ms", "-", median(floor));

      // One row's detail (the first row with failing channels, else the first).
      const data = ov[0]!.json.result.data.json as { rows: { roomId: string; row: string; failing: number }[] };
      const row = data.rows.find((r) => r.failing > 0) ?? data.rows[0]!;
      const detail = [];
      for (let i = 0; i < RUNS; i++) detail.push(await trpcGet(cookie, "topology.get", { siteId, scope: { roomId: row.roomId, row: row.row } }));
      figure(`row_detail.bytes.${racks}`, detail[0]!.bytes / 1024, "KB", "-");
      figure(`row_detail.total.${racks}`, median(detail.map((d) => d.total)), "ms", "1000");
      if (racks <= 500) {
        const whole = await trpcGet(cookie, "topology.get", { siteId });
        figure(`whole_graph.bytes.${racks}`, whole.bytes / 1024, "KB", "(not read by the page above 150 racks)");
        figure(`whole_graph.total.${racks}`, whole.total, "ms", "-");
      }
    }
    await context.close();
  } finally {
    await browser.close();
    await sql.end();
    server.kill("SIGTERM");
    log(`\nload average after: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
