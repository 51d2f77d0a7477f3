/**
 * Export benchmark over HTTP: each site export downloaded from the production server with an API
 * token, timed next to its floor (the cable exports': their SELECT with its joins read through a
 * cursor in raw SQL; the site file's: its two reads through COPY, drained; in the same run), with
 * the server's resident memory sampled every 50 ms while it runs.
 *
 * It needs a kept database and a production build; it generates nothing:
 *
 *   FERRULE_BENCH_RACKS=4616 FERRULE_BENCH_KEEP=1 BENCH_DATABASE_URL=postgres://…/ferrule_bench npm run bench inventory
 *   npx next build
 *   BENCH_DATABASE_URL=postgres://…/ferrule_bench npm run bench exports
 *
 *   BENCH_DATABASE_URL   the kept database (default postgres://postgres@127.0.0.1:5432/ferrule_bench)
 *   PORT                 port of the server it starts (default 3250)
 *   FERRULE_BENCH_DOCS   exports to fetch, comma separated (default the cable schedule CSV and XLSX,
 *                        the NetBox CSV and the site file)
 *
 * The machine's load average is printed first and last: on a shared machine the floor moves with
 * it, so compare each export with the floor of the same run. Prints one line per figure, `figure <name> <value> <unit> goal <goal> floor <floor> ratio <r>`,
 * then a line of JSON with all of them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { newSecret, sha256 } from "../src/server/auth/secrets";
import { cableRecordsQueryText } from "../src/server/services/exports/cable-records";
import { siteFileQueryTexts } from "../src/server/services/exports/site-file";

const URL_ = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/ferrule_bench";
const PORT = Number(process.env.PORT ?? 3250);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DOCS = (process.env.FERRULE_BENCH_DOCS ?? "cable-schedule.csv,cable-schedule.xlsx,netbox-cables.csv,site.yaml").split(",");
/** Goals (seconds) where the scale work names one; the RSS goal is growth while streaming. */
const GOAL_S: Record<string, number> = { "cable-schedule.csv": 5, "netbox-cables.csv": 5, "cable-schedule.xlsx": 10 };
const GOAL_RSS_MB = 200;

interface Figure {
  name: string;
  value: number;
  unit: string;
  goal?: number;
  floor?: number;
}
const figures: Figure[] = [];
function figure(f: Figure): void {
  figures.push(f);
  const ratio = f.floor ? (f.value / f.floor).toFixed(2) : "-";
  console.log(`figure ${f.name} ${f.value} ${f.unit} goal ${f.goal ?? "-"} floor ${f.floor ?? "-"} ratio ${ratio}`);
}

const rssMb = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : 0;
};

async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", FERRULE_DEMO: "0", DATABASE_URL: URL_, PORT: String(PORT), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 120 s:\n${log}`)), 120_000);
    const seen = (b: Buffer) => {
      log += b.toString();
      if (/ready on/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", seen);
    child.stderr!.on("data", seen);
    child.on("exit", (code) => reject(new Error(`the server stopped (${code}):\n${log}`)));
  });
  return child;
}

async function main() {
  console.log(`exports benchmark on ${URL_.replace(/:[^:@/]*@/, ":***@")}, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  const sql = postgres(URL_, { max: 2, onnotice: () => {} });
  try {
    const [site] = await sql<{ id: string; code: string; n: number }[]>`
      select s.id, s.code, (select count(*)::int from cables c where c.site_id = s.id) as n from sites s order by n desc limit 1`;
    if (!site || site.n === 0) {
      console.log("skipped: no site with cables in this database (build one with FERRULE_BENCH_KEEP=1 npm run bench inventory)");
      return;
    }
    console.log(`site ${site.code}: ${site.n.toLocaleString("en")} cables`);

    // The export's query: its plan reads the site's cables and plugs once each, joined and gathered
    // by cable; no subquery run for each cable (four index probes a connector).
    const query = cableRecordsQueryText(site.id);
    const plan = (await sql.unsafe(`explain ${query.sql}`, query.params as never[])).map((r) => String(r["QUERY PLAN"]));
    console.log(`plan:\n  ${plan.slice(0, 8).join("\n  ")}`);
    figure({ name: "export_plan_subplan_per_cable", value: plan.some((l) => /\bSubPlan\b/.test(l)) ? 1 : 0, unit: "bool", goal: 0 });

    // Floor: the same SELECT with its joins through a cursor, rows counted and dropped.
    const t0 = performance.now();
    let rows = 0;
    for await (const page of sql.unsafe(query.sql, query.params as never[]).cursor(2000)) rows += page.length;
    const floor = (performance.now() - t0) / 1000;
    figure({ name: "export_floor_cursor", value: Number(floor.toFixed(2)), unit: "s" });
    if (rows !== site.n) throw new Error(`the floor read ${rows} rows of ${site.n}`);

    // The site file's floor: its two reads (the devices with their ports, the cables with their
    // ends) through COPY as the export runs them, the text drained.
    const t1 = performance.now();
    let siteFileBytes = 0;
    for (const text of siteFileQueryTexts(site.id)) for await (const chunk of await sql.unsafe(`copy (${text}) to stdout`).readable()) siteFileBytes += (chunk as Buffer).length;
    const siteFileFloor = (performance.now() - t1) / 1000;
    figure({ name: "export_site_yaml_floor_copy", value: Number(siteFileFloor.toFixed(2)), unit: "s" });
    console.log(`site file's reads: ${(siteFileBytes / 1e6).toFixed(1)} MB of JSON`);

    // A viewer's API token.
    const email = "bench-exports@ferrule.invalid";
    await sql`insert into users (email, name) values (${email}, 'Export bench') on conflict do nothing`;
    const [user] = await sql<{ id: string }[]>`select id from users where lower(email) = ${email}`;
    await sql`insert into role_grants (user_id, role) values (${user!.id}, 'viewer') on conflict do nothing`;
    const token = newSecret("frl_");
    await sql`insert into api_tokens (user_id, name, prefix, token_hash, role) values (${user!.id}, 'export bench', ${token.slice(0, 10)}, ${sha256(token)}, 'viewer')`;

    const server = await startServer();
    try {
      const pid = server.pid!;
      // Load the export route once (a site that does not exist), so its code is not counted as growth.
      await fetch(`http://127.0.0.1:${PORT}/api/export/sites/00000000-0000-4000-8000-000000000000/cable-schedule.csv`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.text());
      for (const doc of DOCS) {
        // Settle: let the server hand back what it can before each export.
        await new Promise((r) => setTimeout(r, 2000));
        const before = rssMb(pid);
        let peak = before;
        const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
        const start = performance.now();
        let bytes = 0;
        try {
          const res = await fetch(`http://127.0.0.1:${PORT}/api/export/sites/${site.id}/${doc}`, { headers: { authorization: `Bearer ${token}` } });
          if (!res.ok) throw new Error(`${doc}: HTTP ${res.status} ${await res.text()}`);
          const reader = res.body!.getReader();
          for (let part = await reader.read(); !part.done; part = await reader.read()) bytes += part.value.length;
        } finally {
          clearInterval(sampler);
        }
        const seconds = (performance.now() - start) / 1000;
        const key = doc.replace(/[.-]/g, "_");
        console.log(`${doc}: ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s, server RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MB`);
        // The floor is the export's reading: the cable query, or the site file's two.
        figure({ name: `export_${key}`, value: Number(seconds.toFixed(2)), unit: "s", goal: GOAL_S[doc], floor: Number((doc === "site.yaml" ? siteFileFloor : floor).toFixed(2)) });
        figure({ name: `export_${key}_rss_growth`, value: Math.round(peak - before), unit: "MB", goal: GOAL_RSS_MB });
      }
    } finally {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    }
    await sql`delete from api_tokens where user_id = ${user!.id}`;
  } finally {
    await sql.end();
  }
  console.log(JSON.stringify({ loadavg: loadavg(), figures }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
