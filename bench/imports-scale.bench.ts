/**
 * Imports at campus scale, through the real import paths, on PostgreSQL:
 *
 * 1. The campus structure (FERRULE_BENCH_RACKS racks, default 3,000; six devices a rack: two
 *    switches of 64 SFP28 cages, two 64-port LC panels, two servers of 32 cages → 18,000 devices,
 *    960,000 ports) is written with bulk SQL (generate_series), not timed.
 * 2. A NetBox cable CSV of FERRULE_BENCH_CABLES cables (default 50,000) into that campus:
 *    importNetboxCables, as the upload route calls it.
 * 3. The whole campus as one site file (structure + 160 cables a rack: 480,000 cables), uploaded
 *    as a new site: importSiteFileUpload, as the upload route calls it. Peak RSS while it runs,
 *    and RSS after a GC once it is done.
 *
 * Each import is timed by phase (from its own progress reports: reading, checking, writing,
 * judging); the judge phase is reported on its own. The floor of each is a COPY of the same rows
 * (read back from the database, with psql's \copy) into empty tables with the same indexes, checks and foreign keys. The parsers
 * are measured on the same site file: js-yaml, JSON.parse, and the `yaml` package on a tenth.
 *
 * Prints `figure <name> <value> <unit> goal <goal> floor <floor> ratio <r>` lines, then one line of
 * JSON with every figure. BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ferrule_wt11i_big)
 * is dropped and created at the start and dropped at the end (FERRULE_BENCH_KEEP=1 keeps it).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from "node:perf_hooks";
import jsyaml from "js-yaml";
import postgres from "postgres";
import { parse as parseWithYamlPackage } from "yaml";
import { systemActor } from "../src/server/auth/actor";
import { openDatabase } from "../src/server/db/client";
import { loadTypes } from "../src/server/services/catalog/resolve-type";
import { importNetboxCables } from "../src/server/services/imports/netbox-cables";
import type { ImportProgress } from "../src/server/services/imports/problems";
import { importSiteFileUpload } from "../src/server/services/imports/site-file";

const URL_ = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/ferrule_wt11i_big";
const RACKS = Number(process.env.FERRULE_BENCH_RACKS ?? 3000);
const CSV_CABLES = Number(process.env.FERRULE_BENCH_CABLES ?? 50_000);
const CABLE_TYPE = "lc-ab-om4";
const XCVR = "sfp28-25gbase-sr";
const SITE_NAME = "Campus";
/** FERRULE_BENCH_ONLY=netbox or site-file runs one of the two imports. */
const ONLY = process.env.FERRULE_BENCH_ONLY;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const figures: Record<string, { value: number; unit: string; goal: number | null; floor: number | null }> = {};
function figure(name: string, value: number, unit: string, goal: number | null, floor: number | null = null): void {
  figures[name] = { value, unit, goal, floor };
  const r = floor ? (value / floor).toFixed(2) : "-";
  console.log(`figure ${name} ${round(value)} ${unit} goal ${goal ?? "-"} floor ${floor === null ? "-" : round(floor)} ratio ${r}`);
}
const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100);
const mb = (n: number) => n / 1024 / 1024;
const rk = (r: number) => `R${String(r).padStart(4, "0")}`;

/** The cables of rack r in order: switch → panel front, panel rear → panel rear, panel front → switch. */
function* rackCables(r: number): Generator<{ id: string; a: [string, string, "front" | "rear" | "cage"]; b: [string, string, "front" | "rear" | "cage"]; length: number }> {
  const R = rk(r);
  for (let k = 1; k <= 64; k++) yield { id: `${R}-a${k}`, a: [`${R}-s1`, `e${k}`, "cage"], b: [`${R}-p1`, `${k}`, "front"], length: 3 };
  for (let k = 1; k <= 64; k++) yield { id: `${R}-t${k}`, a: [`${R}-p1`, `${k}`, "rear"], b: [`${R}-p2`, `${k}`, "rear"], length: 40 };
  for (let k = 1; k <= 32; k++) yield { id: `${R}-b${k}`, a: [`${R}-p2`, `${k}`, "front"], b: [`${R}-s2`, `e${k}`, "cage"], length: 3 };
}

/** The whole campus as one site file (flow-style entries, one a line). */
function* campusSiteFile(): Generator<string> {
  let out = `ferrule: 1\nsite:\n  id: campus\n  name: ${SITE_NAME} from a file\nrooms:\n`;
  for (let h = 1; h <= Math.ceil(RACKS / 250); h++) out += `  - { id: hall${h}, name: Hall ${h} }\n`;
  out += "racks:\n";
  for (let r = 1; r <= RACKS; r++) out += `  - { id: ${rk(r)}, room: hall${Math.ceil(r / 250)}, units: 42 }\n`;
  yield out;
  yield "devices:\n";
  for (let r = 1; r <= RACKS; r++) {
    const R = rk(r);
    yield `  - { id: ${R}-s1, role: switch, rack: ${R}, unit: 40, cages: [{ name: "e1..64", transceiver: ${XCVR}, cage: sfp28 }] }
  - { id: ${R}-s2, role: switch, rack: ${R}, unit: 39, cages: [{ name: "e1..64", transceiver: ${XCVR}, cage: sfp28 }] }
  - { id: ${R}-p1, role: panel, rack: ${R}, unit: 38, adapters: [{ name: "1..64", family: LC, key: B }] }
  - { id: ${R}-p2, role: panel, rack: ${R}, unit: 37, adapters: [{ name: "1..64", family: LC, key: B }] }
  - { id: ${R}-v1, role: server, rack: ${R}, unit: 10, cages: [{ name: "e1..32", transceiver: ${XCVR}, cage: sfp28 }] }
  - { id: ${R}-v2, role: server, rack: ${R}, unit: 11, cages: [{ name: "e1..32", transceiver: ${XCVR}, cage: sfp28 }] }
`;
  }
  yield "cables:\n";
  const end = (e: [string, string, string]) => `${e[0]}:${e[1]}${e[2] === "rear" ? "@rear" : ""}`;
  for (let r = 1; r <= RACKS; r++) {
    let chunk = "";
    for (const c of rackCables(r)) chunk += `  - { id: ${c.id}, type: ${CABLE_TYPE}, length: ${c.length}, ends: { a1: "${end(c.a)}", b1: "${end(c.b)}" } }\n`;
    yield chunk;
  }
}

/** The first CSV_CABLES cables of the campus as NetBox's bulk cable CSV. */
function* netboxCsv(): Generator<string> {
  let buf = "side_a_site,side_a_device,side_a_type,side_a_name,side_b_site,side_b_device,side_b_type,side_b_name,type,status,label,length,length_unit\r\n";
  const type = (t: string) => (t === "cage" ? "dcim.interface" : t === "rear" ? "dcim.rearport" : "dcim.frontport");
  let n = 0;
  for (let r = 1; n < CSV_CABLES; r++) {
    for (const c of rackCables(r)) {
      if (n++ >= CSV_CABLES) break;
      buf += `${SITE_NAME},${c.a[0]},${type(c.a[2])},${c.a[1]},${SITE_NAME},${c.b[0]},${type(c.b[2])},${c.b[1]},mmf-om4,connected,${c.id},${c.length},m\r\n`;
    }
    if (buf.length >= 65_536) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}

/** Splits text into upload-sized chunks, as a request body arrives. */
function* chunked(parts: Iterable<string>, size = 256 * 1024): Generator<Uint8Array> {
  const enc = new TextEncoder();
  let buf = "";
  for (const p of parts) {
    buf += p;
    while (buf.length >= size) {
      yield enc.encode(buf.slice(0, size));
      buf = buf.slice(size);
    }
  }
  if (buf) yield enc.encode(buf);
}

/** The campus structure with bulk SQL: site, halls, racks, devices, ports, transceivers. */
async function buildStructure(sql: postgres.Sql, siteId: string): Promise<void> {
  await sql`insert into sites (id, name, code) values (${siteId}, ${SITE_NAME}, 'CAMPUS')`;
  await sql`insert into rooms (site_id, name) select ${siteId}, 'Hall ' || h from generate_series(1, ${Math.ceil(RACKS / 250)}) h`;
  await sql`insert into racks (site_id, room_id, name, row, position, u_height)
            select ${siteId}, (select id from rooms where site_id = ${siteId} and name = 'Hall ' || ((r - 1) / 250 + 1)), 'R' || lpad(r::text, 4, '0'), 'R', r, 42
              from generate_series(1, ${RACKS}) r`;
  await sql`insert into devices (site_id, rack_id, name, role, u_position, full_depth)
            select ${siteId}, k.id, k.name || '-' || d.suffix, d.role, d.unit, d.role <> 'panel'
              from racks k cross join (values ('s1', 'switch', 40), ('s2', 'switch', 39), ('p1', 'panel', 38), ('p2', 'panel', 37), ('v1', 'server', 10), ('v2', 'server', 11)) d(suffix, role, unit)
             where k.site_id = ${siteId}`;
  await sql`insert into ports (site_id, device_id, name, kind, cage, ordinal)
            select ${siteId}, d.id, 'e' || n, 'transceiver', 'sfp28', n
              from devices d cross join generate_series(1, 64) n
             where d.site_id = ${siteId} and (d.role = 'switch' or (d.role = 'server' and n <= 32))`;
  await sql`insert into ports (site_id, device_id, name, kind, family, key_type, positions, ordinal)
            select ${siteId}, d.id, n::text, 'adapter', 'LC', 'B', 2, n
              from devices d cross join generate_series(1, 64) n
             where d.site_id = ${siteId} and d.role = 'panel'`;
  await sql`insert into transceivers (site_id, port_id, type_id) select ${siteId}, id, ${XCVR} from ports where site_id = ${siteId} and kind = 'transceiver'`;
  await sql`analyze`;
}

/** Times an import by its progress reports: when each phase started, and the longest silence. */
function phaseClock(loop: IntervalHistogram) {
  const start = performance.now();
  const first: Record<string, number> = {};
  /** The event loop's longest stall before the judgement (ms). */
  let stallBeforeJudge = 0;
  let gapBeforeJudge = 0;
  let last = start;
  let gap = 0;
  // FERRULE_BENCH_STALLS=1: each stall of the event loop over 100 ms, with the progress report before it.
  let lastReport = "start";
  let phase = "reading";
  if (process.env.FERRULE_BENCH_STALLS) {
    let tick = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      // The end in microseconds of the monotonic clock, as a CPU profile (--cpu-prof) times its samples.
      if (now - tick > 110) console.log(`  stall ${(now - tick - 10).toFixed(0)} ms after "${lastReport}" ([stall] ${(now - tick - 10).toFixed(0)} ms ending at ${process.hrtime.bigint() / 1000n} µs)`);
      tick = now;
    }, 10);
    timer.unref();
    // And each collection over 50 ms (a stall may be one).
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.duration > 50) console.log(`  collection ${e.duration.toFixed(0)} ms (${(e as unknown as { detail?: { kind?: number } }).detail?.kind === 4 ? "full" : "young or incremental"}) after "${lastReport}"`);
    }).observe({ entryTypes: ["gc"] });
  }
  return {
    listener: (p: ImportProgress) => {
      const now = performance.now();
      lastReport = `${((now - start) / 1000).toFixed(2)} s ${p.phase} ${p.done}${p.total ? `/${p.total}` : ""} ${p.unit}`;
      gap = Math.max(gap, now - last);
      last = now;
      if (p.phase === "judging" && first.judging === undefined) {
        stallBeforeJudge = loop.max / 1e6;
        gapBeforeJudge = gap / 1000;
        loop.reset();
      }
      first[p.phase] ??= now;
      phase = p.phase;
      if (process.env.BENCH_TRACE) console.log(`  ${((now - start) / 1000).toFixed(2)} s ${p.phase} ${p.done}${p.total ? `/${p.total}` : ""} ${p.unit}`);
    },
    /** The phase of the last report. */
    phase: () => phase,
    /** Seconds from start to the first report of a phase (or the end). */
    at: (phase: string, end: number) => ((first[phase] ?? end) - start) / 1000,
    done: () => {
      const end = performance.now();
      return { end, total: (end - start) / 1000, gap: Math.max(gap, end - last) / 1000, gapBeforeJudge, stallBeforeJudge, stallInJudge: loop.max / 1e6 };
    },
  };
}

const FLOOR_TABLES = ["rooms", "racks", "devices", "module_bays", "modules", "ports", "transceivers", "cables", "cable_plugs"] as const;

/**
 * Seconds to COPY the site's rows of `tables` into empty twins with the same indexes, checks and
 * foreign keys (to the real tables), with psql's \copy (COPY … FROM STDIN); the rows are read out
 * first, not timed.
 */
function copyFloor(siteId: string, tables: readonly string[]): number {
  const dir = mkdtempSync(join(tmpdir(), "ferrule-floor-"));
  const psql = (script: string) => execFileSync("psql", [URL_, "-v", "ON_ERROR_STOP=1", "-q", "-f", "-"], { input: script, stdio: ["pipe", "ignore", "inherit"] });
  try {
    psql(
      ["drop schema if exists floor cascade;", "create schema floor;"]
        .concat(
          tables.map(
            (t) =>
              `create table floor.${t} (like public.${t} including all);\n` +
              // The same foreign keys, to the real tables (whose rows are there): COPY checks them as an import's rows are checked.
              `do $$ declare c record; begin for c in select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'public.${t}'::regclass and contype = 'f' loop execute 'alter table floor.${t} add ' || c.def; end loop; end $$;\n` +
              `\\copy (select * from public.${t} where site_id = '${siteId}') to '${dir}/${t}.tsv'`,
          ),
        )
        .join("\n") + "\n",
    );
    const t0 = performance.now();
    psql(tables.map((t) => `\\copy floor.${t} from '${dir}/${t}.tsv'`).join("\n") + "\n");
    const s = (performance.now() - t0) / 1000;
    psql("drop schema floor cascade;\n");
    return s;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const target = new URL(URL_);
  const name = target.pathname.slice(1);
  const admin = postgres({ host: target.hostname, port: Number(target.port || 5432), user: decodeURIComponent(target.username || "postgres"), password: decodeURIComponent(target.password), database: "postgres", onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}"`);
  await admin.unsafe(`create database "${name}"`);
  const database = await openDatabase({ url: URL_ });
  const sql = postgres(URL_, { max: 2, onnotice: () => {} });
  const ctx = { db: database.db, actor: systemActor("imports bench") };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  try {
    console.log(`campus: ${RACKS} racks, ${RACKS * 6} devices, ${RACKS * 320} ports; NetBox CSV of ${CSV_CABLES} cables; site file with ${RACKS * 160} cables`);
    const siteId = crypto.randomUUID();
    const t0 = performance.now();
    await loadTypes(database.db, [XCVR, CABLE_TYPE]);
    await buildStructure(sql, siteId);
    console.log(`structure by bulk SQL: ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed)`);

    // --- NetBox cable CSV into the campus
    if (ONLY !== "site-file") {
    let csvBytes = 0;
    for (const c of netboxCsv()) csvBytes += c.length;
    gc();
    loop.enable();
    const nb = phaseClock(loop);
    const result = await importNetboxCables(ctx, { siteId }, chunked(netboxCsv(), 64 * 1024), nb.listener);
    const nbEnd = nb.done();
    loop.disable();
    if (result.cables !== CSV_CABLES) throw new Error(`expected ${CSV_CABLES} cables, got ${result.cables}`);
    const nbJudge = nbEnd.total - nb.at("judging", nbEnd.end);
    const nbFloor = copyFloor(siteId, ["cables", "cable_plugs"]);
    console.log(
      `netbox csv: ${(csvBytes / 1e6).toFixed(1)} MB; reading ${nb.at("checking", nbEnd.end).toFixed(2)} s, matching ${(nb.at("writing", nbEnd.end) - nb.at("checking", nbEnd.end)).toFixed(2)} s, writing ${(nb.at("judging", nbEnd.end) - nb.at("writing", nbEnd.end)).toFixed(2)} s, judging ${nbJudge.toFixed(2)} s (${result.channels} channels)`,
    );
    figure("netbox_csv_import", nbEnd.total, "s", 8, nbFloor);
    figure("netbox_csv_import_without_judge", nbEnd.total - nbJudge, "s", null, nbFloor);
    figure("netbox_csv_judge", nbJudge, "s", null);
    figure("netbox_csv_longest_progress_gap", nbEnd.gap, "s", 1);
    figure("netbox_csv_longest_progress_gap_before_judge", nbEnd.gapBeforeJudge, "s", 1);
    figure("netbox_csv_event_loop_max_delay_before_judge", nbEnd.stallBeforeJudge, "ms", 100);
    figure("netbox_csv_event_loop_max_delay_in_judge", nbEnd.stallInJudge, "ms", 100);
    loop.reset();
    }
    if (ONLY === "netbox") return;

    // --- The whole campus as one site file, uploaded as a new site
    gc();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    /** The peak of each phase: which one holds the most. */
    const peakIn: Record<string, number> = {};
    const sf = phaseClock(loop);
    const sampler = setInterval(() => {
      const rss = process.memoryUsage().rss;
      peak = Math.max(peak, rss);
      peakIn[sf.phase()] = Math.max(peakIn[sf.phase()] ?? 0, rss);
    }, 50);
    loop.enable();
    const imported = await importSiteFileUpload(ctx, { code: "CAMPUS2", name: "" }, chunked(campusSiteFile()), sf.listener);
    const sfEnd = sf.done();
    loop.disable();
    clearInterval(sampler);
    gc();
    await new Promise((r) => setTimeout(r, 200));
    gc();
    const rssAfter = process.memoryUsage().rss;
    if (imported.counts.cables !== RACKS * 160 || imported.counts.ports !== RACKS * 320) throw new Error(`wrong counts: ${JSON.stringify(imported.counts)}`);
    const sfJudge = sfEnd.total - sf.at("judging", sfEnd.end);
    const sfFloor = copyFloor(imported.site.id, FLOOR_TABLES);
    console.log(
      `site file: reading ${sf.at("checking", sfEnd.end).toFixed(2)} s, checking ${(sf.at("writing", sfEnd.end) - sf.at("checking", sfEnd.end)).toFixed(2)} s, writing ${(sf.at("judging", sfEnd.end) - sf.at("writing", sfEnd.end)).toFixed(2)} s, judging ${sfJudge.toFixed(2)} s (${imported.counts.channels} channels)`,
    );
    figure("site_file_import", sfEnd.total, "s", 90, sfFloor);
    figure("site_file_import_without_judge", sfEnd.total - sfJudge, "s", null, sfFloor);
    figure("site_file_judge", sfJudge, "s", null);
    figure("site_file_longest_progress_gap", sfEnd.gap, "s", 1);
    figure("site_file_longest_progress_gap_before_judge", sfEnd.gapBeforeJudge, "s", 1);
    figure("site_file_event_loop_max_delay_before_judge", sfEnd.stallBeforeJudge, "ms", 100);
    figure("site_file_event_loop_max_delay_in_judge", sfEnd.stallInJudge, "ms", 100);
    figure("site_file_peak_rss", mb(peak), "MB", 1536);
    console.log(`site file: peak RSS by phase ${Object.entries(peakIn).map(([phase, rss]) => `${phase} ${mb(rss).toFixed(0)} MB`).join(", ")} (before ${mb(rssBefore).toFixed(0)} MB)`);
    figure("site_file_rss_growth_after_gc", mb(rssAfter - rssBefore), "MB", null);

    // --- The parsers, on the whole campus file: after the import, so that their garbage (the
    // parsed campus, three times) is not in the import's peak memory.
    let text = [...campusSiteFile()].join("");
    const fileBytes = Buffer.byteLength(text);
    console.log(`site file: ${(fileBytes / 1e6).toFixed(1)} MB, ${RACKS * 160} cables`);
    const timed = (f: () => unknown) => {
      gc();
      const t = performance.now();
      f();
      return (performance.now() - t) / 1000;
    };
    const jsYamlS = timed(() => jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }));
    const json = JSON.stringify(jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }));
    const jsonS = timed(() => JSON.parse(json));
    const tenth = text.slice(0, text.indexOf("\n", Math.floor(text.length / 10)) + 1);
    const yamlTenthS = timed(() => parseWithYamlPackage(tenth.slice(0, tenth.lastIndexOf("\n  - {"))));
    figure("site_file_parse_js_yaml", jsYamlS, "s", null);
    figure("site_file_parse_json", jsonS, "s", null);
    figure("site_file_parse_yaml_package_tenth", yamlTenthS, "s", null);
    text = "";

    console.log(JSON.stringify({ racks: RACKS, csvCables: CSV_CABLES, figures }));
  } finally {
    await sql.end();
    await database.close();
    if (!process.env.FERRULE_BENCH_KEEP) await admin.unsafe(`drop database if exists "${name}"`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
