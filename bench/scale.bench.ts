/**
 * Scale benchmark: an AI-campus site, measured over HTTP against the production server on
 * PostgreSQL with an API token, each figure next to its floor (the same work in raw SQL on the same
 * tables, interleaved in the same run).
 *
 *   FERRULE_BENCH_SIZE   S | M | L: 100 / 500 / 3,000 racks (default M)
 *   FERRULE_BENCH_MESH   1: cross-connects join different chains (each of a cassette's six fronts
 *                        reaches a cassette of another rack pair, so what is physically joined to
 *                        a port grows with the site: a sixteenth of it, the cassettes of one slot
 *                        in the racks of one parity)
 *   TEST_DATABASE_URL or DATABASE_URL   the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test);
 *                        the benchmark makes its own database on it, ferrule_scale_<size>[_mesh]
 *   FERRULE_BENCH_DB     that database's name instead (several checkouts building sites on one server)
 *   FERRULE_BENCH_REUSE  1: measure again on the database a previous run built (no generation)
 *   FERRULE_BENCH_PORT   the server's port (default 3390)
 *   FERRULE_BENCH_IMPORT_CABLES  cables of the measured NetBox import (default 50,000; with REUSE, fewer
 *                        than the site was built with)
 *   FERRULE_BENCH_ONLY   what to measure, comma-separated (default all): trace, edit, plan, list, topology, export,
 *                        import, revalidate
 *   FERRULE_BENCH_SERVER_ARGS  more options for the server's Node (e.g. a CPU profile of the server)
 *   FERRULE_PROCESSES    the server's own setting, passed on: several server processes (the event
 *                        loop figures are the longest stall of any of them, memory their sum)
 *   FERRULE_BENCH_EMBEDDED  1: the site (built on PostgreSQL as above) copied into an embedded
 *                        database (PGlite) and the traces measured on a server started on it; the
 *                        floor is the same recursive query on that database, before the server starts
 *                        (one process holds it), so it is not interleaved
 *
 * The site, per rack: two switches with 48 QSFP28 100GBASE-FR1 optics each (single-mode, duplex LC: a
 * nine-hop channel with eight low-loss mated pairs stays within its 4 dB), four panels of eight MPO-12
 * to 6×LC method A cassettes: 6 devices, 320 ports. Racks are paired; the 48 channels of a rack run
 *   sw1 port → A-to-B cord → p1 cassette → trunk → partner's p3 cassette → cross-connect cord →
 *   p4 cassette (the partner's, or with MESH another pair's) → trunk → p2 cassette → A-to-A cord → sw2 port
 * (nine hops). At 3,000 racks: 18,000 devices, 960,000 ports, 144,000 channels, 480,000 cables of
 * which 48,000 MPO-12 trunks. One far cord in 25 is A-to-B (Tx meets Tx), so there are failing channels.
 * The structure is written with COPY; the cables come in through the NetBox cable CSV import (the
 * service, then 50,000 more over HTTP as a measured figure).
 *
 * Prints one line per figure — `figure <name> <value> <unit> goal <goal> floor <floor> ratio <value/floor>` —
 * then one line of JSON with every figure, the machine's load and the site's counts.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { Agent, get } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { systemActor } from "../src/server/auth/actor";
import { newSecret, sha256 } from "../src/server/auth/secrets";
import { PGlite } from "@electric-sql/pglite";
import { openDatabase, PGLITE_EXTENSIONS } from "../src/server/db/client";
import { cableCsvLines, type NetboxCableRow } from "../src/server/interchange/netbox";
import { ensureBuiltInTypes } from "../src/server/services/catalog/ensure-built-ins";
import { loadTypes } from "../src/server/services/catalog/resolve-type";
import { judgeWholeSite } from "../src/server/services/connectivity/change";
import { importNetboxCables } from "../src/server/services/imports/netbox-cables";

const SIZES = { S: 100, M: 500, L: 3000 } as const;
const SIZE = (process.env.FERRULE_BENCH_SIZE ?? "M").toUpperCase() as keyof typeof SIZES;
if (!(SIZE in SIZES)) throw new Error(`FERRULE_BENCH_SIZE is S, M or L, not ${SIZE}`);
const RACKS = SIZES[SIZE];
const MESH = process.env.FERRULE_BENCH_MESH === "1";
const EMBEDDED = process.env.FERRULE_BENCH_EMBEDDED === "1";
const REUSE = process.env.FERRULE_BENCH_REUSE === "1";
const PORT = Number(process.env.FERRULE_BENCH_PORT ?? 3390);
const ONLY = process.env.FERRULE_BENCH_ONLY ? new Set(process.env.FERRULE_BENCH_ONLY.split(",").map((x) => x.trim())) : null;
const measures = (what: "trace" | "edit" | "plan" | "list" | "topology" | "export" | "import" | "revalidate") => !ONLY || ONLY.has(what);
const SERVER_URL = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const DB_NAME = process.env.FERRULE_BENCH_DB || `ferrule_scale_${SIZE.toLowerCase()}${MESH ? "_mesh" : ""}`;
if (!/^[a-z_][a-z0-9_]*$/.test(DB_NAME)) throw new Error(`FERRULE_BENCH_DB is a plain lower-case name, not ${DB_NAME}`);
const DB_URL = (() => {
  const u = new URL(SERVER_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();
const BASE = `http://127.0.0.1:${PORT}`;

const ROOMS = 10;
const CAGES = 48;
const CASSETTES = 8;
const CASSETTE = "cas-mpo12-6xlc-methodA-m-os2-elite";
const TRUNK = "mpo12-typeA-ff-os2-elite";
const NEAR = "lc-ab-os2-ll";
const FAR = "lc-aa-os2-ll";
const XCONNECT = "lc-aa-os2-ll";
const XCVR = "qsfp28-100gbase-fr1";
const WRONG_EVERY = 25;
/** Cross-connect cords kept back from the first import: the measured NetBox import. */
const HELD_BACK = Math.min(Number(process.env.FERRULE_BENCH_IMPORT_CABLES ?? 50_000), Math.floor((RACKS * CAGES) / 2));

// ---------------------------------------------------------------------------------------------
// Figures

interface Figure {
  name: string;
  value: number;
  unit: string;
  goal: string;
  floor: number | null;
}
const figures: Figure[] = [];
function figure(name: string, value: number, unit: string, goal: string, floor: number | null) {
  const f = { name, value: round(value), unit, goal, floor: floor === null ? null : round(floor) };
  figures.push(f);
  const ratio = floor ? (value / floor).toFixed(1) : "-";
  console.log(`figure ${name} ${f.value} ${unit} goal ${goal} floor ${f.floor ?? "-"} ratio ${ratio}`);
}
const round = (x: number) => (Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 100) / 100);
const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const now = () => performance.now();
const log = (m: string) => console.log(`  ${m}`);

// ---------------------------------------------------------------------------------------------
// The site

interface Names {
  rack: string[];
  partner: (r: number) => number;
  /** The rack whose p4 a cross-connect from rack r's p3 lands on. */
  /** The rack whose p4 cassette the cross-connect of front `f` (1–6) of rack r's p3 cassette reaches. */
  xTarget: (r: number, f: number) => number;
}

function names(): Names {
  const perRoom = RACKS / ROOMS;
  const rack = Array.from({ length: RACKS }, (_, r) => {
    const room = Math.floor(r / perRoom);
    const inRoom = r % perRoom;
    return `${String.fromCharCode(65 + room)}${String(Math.floor(inRoom / 20) + 1).padStart(2, "0")}-${String((inRoom % 20) + 1).padStart(2, "0")}`;
  });
  const partner = (r: number) => r ^ 1;
  // Mesh: each front of a cassette to a cassette f pairs further around the site, so a cassette's
  // six cross-connects reach six others and what is physically joined grows with the site (for
  // each front a shift of the racks: every p4 front still receives one cross-connect).
  const xTarget = (r: number, f: number) => (MESH ? (r + 2 * f) % RACKS : r);
  return { rack, partner, xTarget };
}

/** Rows for COPY: tab-separated, \N for null (no value here holds a tab, newline or backslash). */
async function copy(sql: postgres.Sql, table: string, columns: string[], rows: Iterable<(string | number | null)[]>) {
  const stream = await sql.unsafe(`copy ${table} (${columns.join(", ")}) from stdin`).writable();
  async function* lines() {
    let chunk = "";
    for (const r of rows) {
      chunk += r.map((v) => (v === null ? "\\N" : String(v))).join("\t") + "\n";
      if (chunk.length > 1 << 20) {
        yield chunk;
        chunk = "";
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(lines()), stream);
}

async function generate(sql: postgres.Sql, n: Names): Promise<{ siteId: string; csv: NetboxCableRow[]; heldBack: NetboxCableRow[] }> {
  const siteId = randomUUID();
  await sql`insert into sites (id, name, code) values (${siteId}, ${`Campus ${SIZE}${MESH ? " meshed" : ""}`}, ${"CMP"})`;
  const roomIds = Array.from({ length: ROOMS }, () => randomUUID());
  await copy(sql, "rooms", ["id", "site_id", "name"], roomIds.map((id, i) => [id, siteId, `Hall ${String.fromCharCode(65 + i)}`]));
  const perRoom = RACKS / ROOMS;
  const rackIds = n.rack.map(() => randomUUID());
  await copy(
    sql,
    "racks",
    ["id", "site_id", "room_id", "name", "row", "position", "u_height"],
    n.rack.map((name, r) => [rackIds[r]!, siteId, roomIds[Math.floor(r / perRoom)]!, name, `R${name.slice(1, 3)}`, ((r % perRoom) % 20) + 1, 42]),
  );
  const devices: (string | number | null)[][] = [];
  const bays: (string | number | null)[][] = [];
  const modules: (string | number | null)[][] = [];
  const ports: (string | number | null)[][] = [];
  const xcvrs: (string | number | null)[][] = [];
  for (let r = 0; r < RACKS; r++) {
    const rack = n.rack[r]!;
    for (const [s, u] of [
      [1, 40],
      [2, 38],
    ] as const) {
      const d = randomUUID();
      devices.push([d, siteId, rackIds[r]!, `sw${s}-${rack}`, "switch", u, 1, "true"]);
      for (let k = 1; k <= CAGES; k++) {
        const p = randomUUID();
        ports.push([p, siteId, d, null, `Ethernet1/${k}`, "transceiver", null, null, null, "qsfp28", null, k]);
        xcvrs.push([siteId, p, XCVR]);
      }
    }
    for (let panel = 1; panel <= 4; panel++) {
      const d = randomUUID();
      devices.push([d, siteId, rackIds[r]!, `p${panel}-${rack}`, "panel", 20 + panel * 4, 4, "true"]);
      for (let b = 1; b <= CASSETTES; b++) {
        const bay = randomUUID();
        const m = randomUUID();
        bays.push([bay, siteId, d, String(b), b]);
        modules.push([m, siteId, d, bay, "cassette", CASSETTE]);
        ports.push([randomUUID(), siteId, d, m, `${b}/R`, "adapter", "MPO-12", "A", 12, null, "R", 100_000 + b * 1000]);
        for (let k = 1; k <= 6; k++) ports.push([randomUUID(), siteId, d, m, `${b}/${k}`, "adapter", "LC", "B", 2, null, String(k), 100_000 + b * 1000 + k]);
      }
    }
  }
  await copy(sql, "devices", ["id", "site_id", "rack_id", "name", "role", "u_position", "u_height", "full_depth"], devices);
  await copy(sql, "module_bays", ["id", "site_id", "device_id", "name", "position"], bays);
  await copy(sql, "modules", ["id", "site_id", "device_id", "bay_id", "kind", "type_id"], modules);
  await copy(sql, "ports", ["id", "site_id", "device_id", "module_id", "name", "kind", "family", "key_type", "positions", "cage", "module_port", "ordinal"], ports);
  await copy(sql, "transceivers", ["site_id", "port_id", "type_id"], xcvrs);

  return { siteId, ...cableRows(n) };
}

/** The site's cables as NetBox cable CSV rows, named as a person would name them; the same every run. */
function cableRows(n: Names): { csv: NetboxCableRow[]; heldBack: NetboxCableRow[] } {
  const csv: NetboxCableRow[] = [];
  const heldBack: NetboxCableRow[] = [];
  const site = `Campus ${SIZE}${MESH ? " meshed" : ""}`;
  const row = (label: string, typeId: string, lengthM: number, a: [string, string, "dcim.interface" | "dcim.frontport" | "dcim.rearport"], b: typeof a): NetboxCableRow => ({
    sideA: { site, device: a[0], type: a[2], names: [a[1]] },
    sideB: { site, device: b[0], type: b[2], names: [b[1]] },
    type: "smf-os2",
    status: "connected",
    label,
    length: lengthM,
    lengthUnit: "m",
    lengthM,
    comments: `Ferrule type ${typeId}`,
    tags: [],
  });
  let held = 0;
  for (let r = 0; r < RACKS; r++) {
    const rack = n.rack[r]!;
    const partner = n.rack[n.partner(r)]!;
    for (let b = 1; b <= CASSETTES; b++) {
      csv.push(row(`T1-${rack}-${b}`, TRUNK, 30, [`p1-${rack}`, `${b}/R`, "dcim.rearport"], [`p3-${partner}`, `${b}/R`, "dcim.rearport"]));
      csv.push(row(`T2-${rack}-${b}`, TRUNK, 30, [`p4-${rack}`, `${b}/R`, "dcim.rearport"], [`p2-${partner}`, `${b}/R`, "dcim.rearport"]));
    }
    for (let i = 0; i < CAGES; i++) {
      const b = Math.floor(i / 6) + 1;
      const f = (i % 6) + 1;
      const x = n.xTarget(n.partner(r), f);
      const target = n.rack[x]!;
      const far = n.rack[n.partner(x)]!;
      csv.push(row(`A-${rack}-${i + 1}`, NEAR, 3, [`sw1-${rack}`, `Ethernet1/${i + 1}`, "dcim.interface"], [`p1-${rack}`, `${b}/${f}`, "dcim.frontport"]));
      const wrong = i % WRONG_EVERY === 3;
      csv.push(row(`B-${far}-${i + 1}`, wrong ? NEAR : FAR, 3, [`p2-${far}`, `${b}/${f}`, "dcim.frontport"], [`sw2-${far}`, `Ethernet1/${i + 1}`, "dcim.interface"]));
      const xc = row(`X-${partner}-${i + 1}`, XCONNECT, 5, [`p3-${partner}`, `${b}/${f}`, "dcim.frontport"], [`p4-${target}`, `${b}/${f}`, "dcim.frontport"]);
      // Every other rack gives its cross-connects to the measured import, until there are enough.
      if (r % 2 === 1 && held < HELD_BACK) {
        heldBack.push(xc);
        held++;
      } else csv.push(xc);
    }
  }
  return { csv, heldBack };
}

function* csvText(rows: readonly NetboxCableRow[]): Generator<string> {
  let chunk = "";
  for (const line of cableCsvLines(rows)) {
    chunk += line;
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

// ---------------------------------------------------------------------------------------------
// The server

function ensureBuild() {
  const dist = process.env.FERRULE_DIST_DIR || ".next";
  if (existsSync(join(dist, "BUILD_ID"))) return;
  log("no production build: running next build");
  const b = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (b.status !== 0) throw new Error("next build failed");
}

const loopFile = join(tmpdir(), `ferrule-bench-loop-${process.pid}.json`);

/** The production server on the site's PostgreSQL database, or on an embedded database's folder. */
async function startServer(embeddedDir?: string): Promise<ChildProcess> {
  ensureBuild();
  // FERRULE_BENCH_SERVER_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`: a profile of the server under the measured load.
  const extra = process.env.FERRULE_BENCH_SERVER_ARGS?.split(" ").filter(Boolean) ?? [];
  const database = embeddedDir ? { DATABASE_URL: "", FERRULE_DATA_DIR: embeddedDir } : { DATABASE_URL: DB_URL };
  const child = spawn(process.execPath, [...extra, "--import", "tsx", "--import", "./bench/support/loop-delay.mjs", "src/server/main.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), HOST: "127.0.0.1", ...database, FERRULE_DEMO: "0", NEXT_TELEMETRY_DISABLED: "1", FERRULE_BENCH_LOOP_FILE: loopFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr!.on("data", (d: Buffer) => process.stderr.write(`  [server] ${d}`));
  // The server's own log lines (times of long judgements and imports) are part of the figures.
  child.stdout!.on("data", (d: Buffer) => {
    for (const line of d.toString().split("\n")) if (line.startsWith("[ferrule]")) process.stdout.write(`  [server] ${line}\n`);
  });
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`${BASE}/sign-in`);
      if (res.status < 500) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not start");
}

/** The server's event loop since the last reset: the longest stall of any of its processes. */
const loopFiles = () => readdirSync(tmpdir()).filter((f) => f === basename(loopFile) || (f.startsWith(`${basename(loopFile)}-`) && !f.endsWith(".part")));
const loop = () => {
  const files = loopFiles();
  const all = files.map((f) => JSON.parse(readFileSync(join(tmpdir(), f), "utf8")) as { maxMs: number; p99Ms: number; rssMb: number });
  return { maxMs: Math.max(...all.map((l) => l.maxMs)), p99Ms: Math.max(...all.map((l) => l.p99Ms)), rssMb: all.reduce((n, l) => n + l.rssMb, 0) };
};
async function resetLoop(server: ChildProcess) {
  server.kill("SIGUSR2");
  await new Promise((r) => setTimeout(r, 300));
}

/** Samples the server's resident memory every 100 ms while `work` runs. */
async function withRss<T>(server: ChildProcess, work: () => Promise<T>): Promise<{ result: T; baseMb: number; peakMb: number }> {
  // The server's process and those it started (FERRULE_PROCESSES).
  const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
  const read = () => {
    const children = readFileSync(`/proc/${server.pid}/task/${server.pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
    return children.reduce((mb, pid) => {
      try {
        return mb + rssOf(pid);
      } catch {
        return mb; // gone meanwhile
      }
    }, rssOf(server.pid!));
  };
  const baseMb = read();
  let peakMb = baseMb;
  const timer = setInterval(() => (peakMb = Math.max(peakMb, read())), 100);
  try {
    const result = await work();
    return { result, baseMb, peakMb: Math.max(peakMb, read()) };
  } finally {
    clearInterval(timer);
  }
}

const keptConnections = new Agent({ keepAlive: true, maxSockets: 16 });

class Api {
  constructor(private readonly token: string) {}
  headers(extra: Record<string, string> = {}) {
    return { authorization: `Bearer ${this.token}`, ...extra };
  }
  /** A query through node:http with connections kept (fetch cost the benchmark's own process
   *  1.0–1.4 ms of CPU a trace, 28 % of a core at ten clients, on the same two cores as the server
   *  and PostgreSQL; a client of a real server runs on another machine). */
  query(path: string, input: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const req = get(`${BASE}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: this.headers(), agent: keptConnections }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { result?: { data: { json: unknown } }; error?: unknown };
            if (res.statusCode !== 200) reject(new Error(`${path}: ${res.statusCode} ${JSON.stringify(body.error).slice(0, 300)}`));
            else resolve(body.result!.data.json);
          } catch (err) {
            reject(err as Error);
          }
        });
      });
      req.on("error", reject);
    });
  }
  async mutate(path: string, input: unknown): Promise<unknown> {
    const res = await fetch(`${BASE}/api/trpc/${path}`, { method: "POST", headers: this.headers({ "content-type": "application/json" }), body: JSON.stringify({ json: input }) });
    const body = (await res.json()) as { result?: { data: { json: unknown } }; error?: unknown };
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body.error).slice(0, 300)}`);
    return body.result!.data.json;
  }
  /** A download through node:http, as the queries: fetch's body stream cost the benchmark's own
   *  process 1.5–2 s of CPU over a campus's cable schedule (83 MB), measured as 5.9–6.8 s against
   *  4.0–5.1 s for the same download, alternated, on the two cores the server and PostgreSQL use. */
  download(path: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = get(`${BASE}${path}`, { headers: this.headers(), agent: keptConnections }, (res) => {
        let bytes = 0;
        const failed: Buffer[] = [];
        res.on("data", (c: Buffer) => {
          bytes += c.length;
          if (res.statusCode !== 200) failed.push(c);
        });
        res.on("error", reject);
        res.on("end", () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`${path}: ${res.statusCode} ${Buffer.concat(failed).toString("utf8").slice(0, 300)}`))));
      });
      req.on("error", reject);
    });
  }
  /** Posts an import and reads its NDJSON; returns the result and the longest gap between lines. */
  async importCsv(siteId: string, text: string): Promise<{ result: unknown; maxGapMs: number; gapBefore: string; phases: Set<string> }> {
    const res = await fetch(`${BASE}/api/import/sites/${siteId}/netbox-cables`, { method: "POST", headers: this.headers({ "content-type": "text/csv" }), body: text });
    if (!res.body) throw new Error(`import: ${res.status}`);
    let last = now();
    let maxGapMs = 0;
    let gapBefore = "";
    let lastSaid = "the request";
    let result: unknown;
    let buffer = "";
    const phases = new Set<string>();
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (!line.trim()) continue;
        const t = now();
        const msg = JSON.parse(line) as { type: string; phase?: string; step?: string };
        const said = `${msg.type} ${msg.phase ?? ""} ${msg.step ?? ""} ${"done" in msg ? String((msg as { done: number }).done) : ""}`.trim();
        if (t - last > maxGapMs) {
          maxGapMs = t - last;
          gapBefore = `${lastSaid} → ${said}`;
        }
        last = t;
        lastSaid = said;
        if (msg.phase) phases.add(msg.phase);
        if (msg.type === "result") result = msg;
        if (msg.type === "error") throw new Error(`import refused: ${line.slice(0, 500)}`);
      }
    }
    return { result, maxGapMs, gapBefore, phases };
  }
}

// ---------------------------------------------------------------------------------------------
// Floors: the same work in raw SQL on the same tables

/** One recursive query: from a port ($1) through cables and cassettes, ten hops deep (a channel's path). */
const WALK = `
  with recursive walk(port_id, depth) as (
    select $1::uuid, 0
    union
    select nxt.id, w.depth + 1 from walk w
      cross join lateral (
        select q.port_id as id from cable_plugs p join cable_plugs q on q.cable_id = p.cable_id where p.port_id = w.port_id
        union all
        select s.id from ports p join ports s on s.module_id = p.module_id where p.id = w.port_id
      ) nxt
     where w.depth < 10
  )
  select p.id, p.name, d.name as device from (select distinct port_id from walk) w join ports p on p.id = w.port_id join devices d on d.id = p.device_id`;
const walkSql = (sql: postgres.Sql, portId: string) => sql.unsafe(WALK, [portId], { prepare: true });

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const t = now();
  await work();
  return now() - t;
}

/** Ten clients at once, `count` calls in all over the ports: each call's time, and calls a second. */
async function tenClients(ports: readonly string[], work: (id: string) => Promise<unknown>, count = 1500) {
  const times: number[] = [];
  let next = 0;
  const t0 = now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < count) {
        const id = ports[next++ % ports.length]!;
        times.push(await timed(() => work(id)));
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  const wall = now() - t0;
  console.log(`  (client cpu ${((cpu.user + cpu.system) / 1000 / times.length).toFixed(2)} ms per request, ${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(0)} % of a core)`);
  return { times, perSecond: (times.length / wall) * 1000 };
}

// ---------------------------------------------------------------------------------------------
// The embedded database

/**
 * The site's database copied into a new PGlite folder: migrated by Ferrule's own start, emptied,
 * then every table's rows copied from PostgreSQL (psql's \copy out, PGlite's COPY from a blob in),
 * with foreign keys and triggers off while copying (the audit trail's refuse a truncation).
 */
async function copyToEmbedded(sql: postgres.Sql, dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  const migrated = await openDatabase({ dataDir: dir });
  await migrated.close();
  const tables = (await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by tablename`).map((t) => t.name);
  const pg = await PGlite.create({ dataDir: dir, extensions: PGLITE_EXTENSIONS });
  try {
    await pg.exec("set session_replication_role = replica");
    await pg.exec(`truncate ${tables.map((t) => `"${t}"`).join(", ")}`);
    const file = join(tmpdir(), `ferrule-bench-copy-${process.pid}.tsv`);
    for (const table of tables) {
      const out = spawnSync("psql", [DB_URL, "-X", "-q", "-c", `\\copy public."${table}" to '${file}'`], { encoding: "utf8" });
      if (out.status !== 0) throw new Error(`psql could not copy ${table} out: ${out.stderr}`);
      await pg.query(`copy "${table}" from '/dev/blob'`, [], { blob: new Blob([readFileSync(file)]) });
    }
    rmSync(file, { force: true });
    // Sequences (the audit trail's ids) where PostgreSQL's stand.
    for (const { name, last } of await sql<{ name: string; last: string | null }[]>`select sequencename as name, last_value::text as last from pg_sequences where schemaname = 'public'`)
      if (last !== null) await pg.query(`select setval('public."${name}"', $1::bigint)`, [last]);
    await pg.exec("set session_replication_role = origin");
    await pg.exec("vacuum analyze");
  } finally {
    await pg.close();
  }
}

/** Traces over HTTP on a server started on the embedded copy of the site, next to the same
 *  recursive query on that database (measured before the server starts: one process holds it). */
async function measureEmbedded(sql: postgres.Sql, api: Api, siteId: string): Promise<void> {
  const dir = join(tmpdir(), `ferrule-bench-embedded-${DB_NAME}`);
  let t = now();
  await copyToEmbedded(sql, dir);
  log(`copied into an embedded database in ${((now() - t) / 1000).toFixed(1)} s (${dir})`);
  const starts = (await sql<{ id: string }[]>`select p.id from ports p join devices d on d.id = p.device_id where d.name like 'sw1-%' order by random() limit 400`).map((r) => r.id);
  const pg = await PGlite.create({ dataDir: dir, extensions: PGLITE_EXTENSIONS });
  let floorOne: number[];
  let floorTen: Awaited<ReturnType<typeof tenClients>>;
  try {
    const walk = (id: string) => pg.query(WALK, [id]);
    for (const id of starts.slice(0, 20)) await walk(id);
    floorOne = [];
    for (const id of starts.slice(20, 320)) floorOne.push(await timed(() => walk(id)));
    await tenClients(starts, walk, 200);
    floorTen = await tenClients(starts, walk);
  } finally {
    await pg.close();
  }
  t = now();
  const server = await startServer(dir);
  log(`server started on the embedded database in ${((now() - t) / 1000).toFixed(1)} s`);
  try {
    for (const id of starts.slice(0, 20)) await api.query("connectivity.trace", { portId: id });
    await resetLoop(server);
    const one: number[] = [];
    for (const id of starts.slice(20, 320)) one.push(await timed(() => api.query("connectivity.trace", { portId: id })));
    figure("trace-embedded-p50", pct(one, 0.5), "ms", "-", pct(floorOne, 0.5));
    figure("trace-embedded-p95", pct(one, 0.95), "ms", "-", pct(floorOne, 0.95));
    await tenClients(starts, (id) => api.query("connectivity.trace", { portId: id }), 200);
    const ten = await tenClients(starts, (id) => api.query("connectivity.trace", { portId: id }));
    figure("trace-embedded-10-clients-p95", pct(ten.times, 0.95), "ms", "50", pct(floorTen.times, 0.95));
    figure("trace-embedded-10-clients-throughput", ten.perSecond, "req/s", "-", floorTen.perSecond);
    figure("event-loop-max-during-embedded-traces", loop().maxMs, "ms", "100", null);

    // A whole-site judgement (a change of loss convention) while a client traces: on one connection,
    // how long a trace waits.
    const [site] = (await sql<{ version: number; attenuation: string }[]>`select version, attenuation from sites where id = ${siteId}`) as unknown as [{ version: number; attenuation: string }];
    await resetLoop(server);
    let judging = true;
    const waits: number[] = [];
    const tracing = (async () => {
      for (let i = 0; judging; i++) waits.push(await timed(() => api.query("connectivity.trace", { portId: starts[i % starts.length]! })));
    })();
    let ms: number;
    try {
      ms = await timed(() => api.mutate("sites.update", { id: siteId, version: site.version, attenuation: site.attenuation === "TIA" ? "ISO" : "TIA" }));
    } finally {
      judging = false;
      await tracing.catch(() => {});
    }
    figure("revalidate-site-embedded", ms, "ms", "-", null);
    figure("trace-embedded-during-revalidation-max", Math.max(...waits), "ms", "-", null);
    figure("event-loop-max-during-embedded-revalidation", loop().maxMs, "ms", "100", null);
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    for (const f of loopFiles()) rmSync(join(tmpdir(), f), { force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  console.log(`scale benchmark: ${RACKS} racks${MESH ? ", meshed cross-connects" : ""}, database ${DB_NAME}; ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  const exists = (await admin`select 1 from pg_database where datname = ${DB_NAME}`).length > 0;
  if (!REUSE || !exists) {
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.unsafe(`create database ${DB_NAME}`);
  }
  await admin.end();

  const n = names();
  const database = await openDatabase({ url: DB_URL });
  const sql = postgres(DB_URL, { max: 10, onnotice: () => {} });
  let siteId: string;
  let heldBack: NetboxCableRow[] = [];
  try {
    const [existing] = await sql<{ id: string }[]>`select id from sites limit 1`;
    if (REUSE && existing && !measures("import")) {
      siteId = existing.id;
      log(`reusing the site in ${DB_NAME} as it is`);
    } else if (REUSE && existing) {
      siteId = existing.id;
      // The measured import again: its cables go first (the import judges the whole site after).
      heldBack = cableRows(n).heldBack;
      const gone = await sql`delete from cables where site_id = ${siteId} and label = any(${heldBack.map((r) => r.label!)}::text[])`;
      // The site judged without them, as it was before the measured import the first time: the
      // import then finds its channels new, not stored from an earlier run.
      const t = now();
      await database.db.transaction((tx) => judgeWholeSite({ db: tx as unknown as typeof database.db, actor: systemActor("scale benchmark") }, siteId));
      log(`reusing the site in ${DB_NAME} (${gone.count} cables of the measured import taken out again, the site judged without them in ${((now() - t) / 1000).toFixed(1)} s)`);
    } else {
      await ensureBuiltInTypes(database.db);
      await loadTypes(database.db, [CASSETTE, TRUNK, NEAR, FAR, XCONNECT, XCVR]);
      let t = now();
      const g = await generate(sql, n);
      siteId = g.siteId;
      heldBack = g.heldBack;
      log(`structure written with COPY in ${((now() - t) / 1000).toFixed(1)} s`);
      t = now();
      let lastPhase = "";
      const result = await importNetboxCables({ db: database.db, actor: systemActor("scale benchmark") }, { siteId }, csvText(g.csv), (p) => {
        if (p.phase !== lastPhase) log(`import: ${p.phase}`);
        lastPhase = p.phase;
      });
      log(`${g.csv.length} cables imported through the NetBox CSV import in ${((now() - t) / 1000).toFixed(1)} s (${JSON.stringify(result).slice(0, 200)})`);
      await sql`vacuum analyze`;
    }
  } finally {
    await database.close();
  }
  const counts = (
    await sql<{ k: string; n: number }[]>`select 'racks' k, count(*)::int n from racks union all select 'devices', count(*)::int from devices
      union all select 'ports', count(*)::int from ports union all select 'cables', count(*)::int from cables
      union all select 'trunks', count(*)::int from cables where type_id = ${TRUNK}
      union all select 'channels', count(*)::int from channel_judgements union all select 'failing channels', count(*)::int from channel_judgements where verdict = 'fail'
      union all select 'findings', count(*)::int from findings`
  ).reduce<Record<string, number>>((o, r) => ((o[r.k] = r.n), o), {});
  log(`site: ${Object.entries(counts).map(([k, v]) => `${v.toLocaleString("en")} ${k}`).join(", ")}`);

  // A server without autovacuum (a CI configuration) keeps every row an earlier run deleted: the
  // tables are vacuumed as autovacuum would have, or each measurement on a reused database reads
  // more dead rows than the last (seen: 926,000 dead channel rows under 144,000 live ones).
  const [{ autovacuum }] = (await sql<{ autovacuum: string }[]>`select current_setting('autovacuum') as autovacuum`) as unknown as [{ autovacuum: string }];
  if (autovacuum !== "on") {
    const t = now();
    await sql`vacuum analyze`;
    log(`autovacuum is off on this server: vacuumed in ${((now() - t) / 1000).toFixed(1)} s`);
  }

  // An account and an API token, as a script would hold.
  const secret = newSecret("frl_");
  const [user] = await sql<{ id: string }[]>`insert into users (email, name) values (${`bench-${Date.now()}@scale.ferrule`}, 'Scale benchmark') returning id`;
  await sql`insert into role_grants (user_id, site_id, role) values (${user!.id}, null, 'admin')`;
  await sql`insert into api_tokens (user_id, name, prefix, token_hash, role) values (${user!.id}, 'scale benchmark', ${secret.slice(0, 10)}, ${sha256(secret)}, 'admin')`;
  const api = new Api(secret);
  if (EMBEDDED) {
    await measureEmbedded(sql, api, siteId);
    await sql.end();
    console.log(JSON.stringify({ size: SIZE, racks: RACKS, mesh: MESH, embedded: true, cores: cpus().length, load: loadavg(), counts, figures }));
    return;
  }

  const server = await startServer();
  try {
    const starts = (await sql<{ id: string }[]>`select p.id from ports p join devices d on d.id = p.device_id where d.name like 'sw1-%' order by random() limit 400`).map((r) => r.id);
    // Warm-up: the first requests compile routes and fill caches.
    for (const id of starts.slice(0, 20)) await api.query("connectivity.trace", { portId: id });
    for (const id of starts.slice(0, 20)) await walkSql(sql, id);

    if (measures("trace")) {
      // Trace, one client.
      await resetLoop(server);
      const traceMs: number[] = [];
      const floorMs: number[] = [];
      for (const id of starts.slice(20, 320)) {
        traceMs.push(await timed(() => api.query("connectivity.trace", { portId: id })));
        floorMs.push(await timed(() => walkSql(sql, id)));
      }
      figure(`trace${MESH ? "-meshed" : ""}-p50`, pct(traceMs, 0.5), "ms", "-", pct(floorMs, 0.5));
      figure(`trace${MESH ? "-meshed" : ""}-p95`, pct(traceMs, 0.95), "ms", MESH ? "15" : "10", pct(floorMs, 0.95));

      // Trace, ten clients at once: 1,500 traces (300 were over in under a second, as much the
      // opening of connections as the traces), after 200 at once that open every connection.
      await tenClients(starts, (id) => api.query("connectivity.trace", { portId: id }), 200);
      await tenClients(starts, (id) => walkSql(sql, id), 200);
      const c = await tenClients(starts, (id) => api.query("connectivity.trace", { portId: id }));
      const cf = await tenClients(starts, (id) => walkSql(sql, id));
      figure("trace-10-clients-p95", pct(c.times, 0.95), "ms", "40", pct(cf.times, 0.95));
      figure("trace-10-clients-throughput", c.perSecond, "req/s", ">=400", cf.perSecond);
      figure("event-loop-max-during-traces", loop().maxMs, "ms", "100", null);

    }
    if (measures("edit")) {
      // Edit one cable: its findings answered.
      const cords = await sql<{ id: string; port: string }[]>`select c.id, min(cp.port_id::text) as port from cables c join cable_plugs cp on cp.cable_id = c.id
        where c.label like 'A-%' group by c.id order by random() limit 60`;
      const editMs: number[] = [];
      const editFloor: number[] = [];
      for (const [i, cord] of cords.entries()) {
        const [{ version }] = [...(await sql<{ version: number }[]>`select version from cables where id = ${cord.id}`)] as [{ version: number }];
        editMs.push(await timed(() => api.mutate("cables.update", { id: cord.id, version, lengthM: 3 + (i % 2) })));
        editFloor.push(
          await timed(() =>
            sql.begin(async (tx) => {
              await tx`update cables set length_m = length_m + 1 where id = ${cord.id}`;
              await walkSql(tx as unknown as postgres.Sql, cord.port);
              throw new Rollback();
            }).catch((e) => {
              if (!(e instanceof Rollback)) throw e;
            }),
          ),
        );
      }
      figure(`edit-cable${MESH ? "-meshed" : ""}-p95`, pct(editMs, 0.95), "ms", "50", pct(editFloor, 0.95));

    }
    if (measures("plan")) {
      // A plan of one change (a cord removed): the operation written (checked against the plant as
      // the plan leaves it), the plan opened (its what-if: the channels before and after) and the
      // operation removed again (the plan checked without it), and a port of the cord traced as
      // the plan leaves the plant (loaded along its fibers there). The floor: the cord's fibers
      // walked in SQL. The drafts are deleted after.
      const cords = await sql<{ id: string; port: string; device: string; room: string; row: string }[]>`select x.id, x.port, d.id as device, r.room_id as room, r.row
        from (select c.id, min(cp.port_id::text) as port from cables c join cable_plugs cp on cp.cable_id = c.id
               where c.label like 'A-%' group by c.id order by md5(c.id::text) limit 8) x
        join ports p on p.id = x.port::uuid join devices d on d.id = p.device_id join racks r on r.id = d.rack_id
       order by md5(x.id::text)`; // the same cords every run: a meshed part's size varies by cord
      const addMs: number[] = [];
      const openMs: number[] = [];
      const removeMs: number[] = [];
      const planTraceMs: number[] = [];
      // The topology as the plan leaves the site: the cord's row drawn, its device's side panel, and
      // (for three plans) the overview, beside the live overview.
      const planRowMs: number[] = [];
      const planDetailsMs: number[] = [];
      const planOverviewMs: number[] = [];
      const liveOverviewMs: number[] = [];
      const planFloor: number[] = [];
      const made: string[] = [];
      try {
        for (const [i, cord] of cords.entries()) {
          const plan = (await api.mutate("plans.create", { siteId, name: `Benchmark plan ${Date.now()}-${i}` })) as { id: string; version: number };
          made.push(plan.id);
          let added: { plan: { version: number }; operation: { id: string } } | undefined;
          addMs.push(
            await timed(async () => {
              added = (await api.mutate("plans.addOperation", { planId: plan.id, version: plan.version, operation: { kind: "cable.remove", cableId: cord.id } })) as typeof added;
            }),
          );
          openMs.push(await timed(() => api.query("plans.get", { id: plan.id })));
          planTraceMs.push(await timed(() => api.query("connectivity.trace", { portId: cord.port, planId: plan.id })));
          planRowMs.push(await timed(() => api.query("topology.get", { siteId, planId: plan.id, scope: { roomId: cord.room, row: cord.row } })));
          planDetailsMs.push(await timed(() => api.query("topology.details", { siteId, kind: "device", ids: [cord.device], planId: plan.id })));
          if (i < 3) {
            planOverviewMs.push(await timed(() => api.query("topology.overview", { siteId, planId: plan.id })));
            liveOverviewMs.push(await timed(() => api.query("topology.overview", { siteId })));
          }
          // The operation taken out again (the plan checked without it).
          removeMs.push(await timed(() => api.mutate("plans.removeOperation", { planId: plan.id, version: added!.plan.version, operationId: added!.operation.id })));
          planFloor.push(await timed(() => walkSql(sql, cord.port)));
        }
      } finally {
        if (made.length) await sql`delete from plans where id = any(${made}::uuid[])`;
      }
      figure(`plan-add-operation${MESH ? "-meshed" : ""}-p50`, pct(addMs, 0.5), "ms", "-", pct(planFloor, 0.5));
      figure(`plan-what-if${MESH ? "-meshed" : ""}-p50`, pct(openMs, 0.5), "ms", "-", pct(planFloor, 0.5));
      figure(`plan-remove-operation${MESH ? "-meshed" : ""}-p50`, pct(removeMs, 0.5), "ms", "-", pct(planFloor, 0.5));
      figure(`plan-trace${MESH ? "-meshed" : ""}-p50`, pct(planTraceMs, 0.5), "ms", "-", pct(planFloor, 0.5));
      figure(`plan-topology-row${MESH ? "-meshed" : ""}-p50`, pct(planRowMs, 0.5), "ms", "-", pct(planFloor, 0.5));
      figure(`plan-topology-details${MESH ? "-meshed" : ""}-p50`, pct(planDetailsMs, 0.5), "ms", "-", pct(planFloor, 0.5));
      // Its floor: the live overview of the same site, over HTTP.
      figure(`plan-topology-overview${MESH ? "-meshed" : ""}-p50`, pct(planOverviewMs, 0.5), "ms", "-", pct(liveOverviewMs, 0.5));
      // The slowest of the eight: in a mesh, a cord whose part is the largest.
      figure(`plan-add-operation${MESH ? "-meshed" : ""}-max`, Math.max(...addMs), "ms", "-", Math.max(...planFloor));
      figure(`plan-what-if${MESH ? "-meshed" : ""}-max`, Math.max(...openMs), "ms", "-", Math.max(...planFloor));
      figure(`plan-trace${MESH ? "-meshed" : ""}-max`, Math.max(...planTraceMs), "ms", "-", Math.max(...planFloor));
    }
    if (measures("list")) {
      // Cable list and search.
      const listMs: number[] = [];
      const searchMs: number[] = [];
      const listFloor: number[] = [];
      for (let i = 0; i < 60; i++) {
        listMs.push(await timed(() => api.query("cables.list", { siteId, limit: 100 })));
        searchMs.push(await timed(() => api.query("cables.list", { siteId, q: `A-${n.rack[(i * 37) % RACKS]}`, limit: 100 })));
        listFloor.push(await timed(() => sql`select id, label from cables where site_id = ${siteId} order by lower(label) collate "C", id limit 100`));
      }
      figure("cable-list-p95", pct(listMs, 0.95), "ms", "20", pct(listFloor, 0.95));
      figure("cable-search-p95", pct(searchMs, 0.95), "ms", "14", pct(listFloor, 0.95));

    }
    if (measures("topology")) {
      // The topology's overview and the side panel of a room (300 racks at L) and of a rack. The
      // overview's floor is its cable grouping in SQL; the panels', the room's channels found in
      // one pass over the stored channels' ports.
      const [place] = await sql<{ room: string; rack: string }[]>`select r.room_id as room, r.id as rack from racks r where r.site_id = ${siteId} order by r.name limit 1`;
      const overviewMs: number[] = [];
      const roomMs: number[] = [];
      const rackMs: number[] = [];
      const overviewFloor: number[] = [];
      const roomFloor: number[] = [];
      for (let i = 0; i < 3; i++) {
        overviewMs.push(await timed(() => api.query("topology.overview", { siteId })));
        roomMs.push(await timed(() => api.query("topology.details", { siteId, kind: "room", ids: [place!.room] })));
        rackMs.push(await timed(() => api.query("topology.details", { siteId, kind: "rack", ids: [place!.rack] })));
        overviewFloor.push(
          await timed(
            () => sql`select c.type_id, count(*) from (select cp.cable_id, array_agg(distinct r.room_id::text || r.row) as rowkeys from cable_plugs cp join ports p on p.id = cp.port_id
                        join devices d on d.id = p.device_id left join racks r on r.id = d.rack_id where cp.site_id = ${siteId} group by cp.cable_id) x join cables c on c.id = x.cable_id group by 1, x.rowkeys`,
          ),
        );
        roomFloor.push(
          await timed(
            () => sql`select count(distinct c.key) from channel_paths c cross join lateral unnest(c.ports || c.members) u(id)
                       where c.site_id = ${siteId} and u.id in (select p.id from ports p join devices d on d.id = p.device_id join racks r on r.id = d.rack_id where r.room_id = ${place!.room})`,
          ),
        );
      }
      figure("topology-overview-p50", pct(overviewMs, 0.5), "ms", "-", pct(overviewFloor, 0.5));
      figure("topology-room-details-p50", pct(roomMs, 0.5), "ms", "-", pct(roomFloor, 0.5));
      figure("topology-rack-details-p50", pct(rackMs, 0.5), "ms", "-", pct(roomFloor, 0.5));
    }
    if (measures("export")) {
      // Exports: streamed, memory bounded. The export route loaded first (a site that does not
      // exist), so neither its code's loading nor its first connection is counted in the first export.
      await fetch(`${BASE}/api/export/sites/00000000-0000-4000-8000-000000000000/cable-schedule.csv`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.text());
      for (const [doc, goal] of [
        ["cable-schedule.csv", "5000"],
        ["cable-schedule.xlsx", "10000"],
      ] as const) {
        await resetLoop(server);
        const t = now();
        const { baseMb, peakMb } = await withRss(server, () => api.download(`/api/export/sites/${siteId}/${doc}`));
        const ms = now() - t;
        const floor = await timed(async () => {
          await sql`select c.id, c.label, c.type_id, c.length_m, c.status, cp.connector, p.name, d.name, r.name
                      from cables c join cable_plugs cp on cp.cable_id = c.id join ports p on p.id = cp.port_id join devices d on d.id = p.device_id left join racks r on r.id = d.rack_id
                     where c.site_id = ${siteId} order by lower(c.label) collate "C", c.id`.cursor(2000, () => {});
        });
        figure(`export-${doc}`, ms, "ms", goal, floor);
        figure(`export-${doc}-rss-growth`, peakMb - baseMb, "MB", "200", null);
        figure(`event-loop-max-during-export-${doc}`, loop().maxMs, "ms", "100", null);
      }

    }
    // Import 50,000 cables over HTTP (NetBox CSV), next to a COPY of the same rows.
    if (measures("import") && heldBack.length > 0) {
      const text = [...csvText(heldBack)].join("");
      const plugIds = await sql<{ device: string; name: string; id: string }[]>`select d.name as device, p.name, p.id from ports p join devices d on d.id = p.device_id
        where d.name like 'p3-%' or d.name like 'p4-%'`;
      const portOf = new Map(plugIds.map((p) => [`${p.device}\u0000${p.name}`, p.id]));
      const floor = await timed(() =>
        sql
          .begin(async (tx) => {
            const ids = heldBack.map(() => randomUUID());
            await copy(tx as unknown as postgres.Sql, "cables", ["id", "site_id", "type_id", "label", "length_m"], heldBack.map((r, i) => [ids[i]!, siteId, XCONNECT, r.label!, 5]));
            await copy(
              tx as unknown as postgres.Sql,
              "cable_plugs",
              ["site_id", "cable_id", "connector", "port_id", "side"],
              heldBack.flatMap((r, i) => [
                [siteId, ids[i]!, "a1", portOf.get(`${r.sideA.device}\u0000${r.sideA.names[0]}`)!, "front"],
                [siteId, ids[i]!, "b1", portOf.get(`${r.sideB.device}\u0000${r.sideB.names[0]}`)!, "front"],
              ]),
            );
            throw new Rollback();
          })
          .catch((e) => {
            if (!(e instanceof Rollback)) throw e;
          }),
      );
      // The import route loaded first (a site that does not exist), as the export's: the first
      // request to a route instantiates its code (about 0.2 s on the server's thread, once).
      await fetch(`${BASE}/api/import/sites/00000000-0000-4000-8000-000000000000/netbox-cables`, { method: "POST", headers: api.headers({ "content-type": "text/csv" }), body: "" }).then((r) => r.text());
      await resetLoop(server);
      const t = now();
      const { result, peakMb, baseMb } = await withRss(server, () => api.importCsv(siteId, text));
      figure(`import-netbox-csv-${HELD_BACK >= 1000 ? `${HELD_BACK / 1000}k` : HELD_BACK}`, now() - t, "ms", "8000", floor);
      figure("import-progress-max-gap", result.maxGapMs, "ms", "1000", null);
      figure("import-rss-growth", peakMb - baseMb, "MB", "-", null);
      figure("event-loop-max-during-import", loop().maxMs, "ms", "100", null);
      log(`import phases: ${[...result.phases].join(", ")}; the longest gap: ${result.gapBefore}`);
    }

    // Whole-site revalidation: a change of loss convention judges every channel again.
    if (measures("revalidate")) {
      const [s] = [...(await sql<{ version: number; attenuation: string }[]>`select version, attenuation from sites where id = ${siteId}`)] as [{ version: number; attenuation: string }];
      await resetLoop(server);
      const t = now();
      const { peakMb, baseMb } = await withRss(server, () => api.mutate("sites.update", { id: siteId, version: s.version, attenuation: s.attenuation === "TIA" ? "ISO" : "TIA" }));
      // The peak is the server's whole memory: what it held before (its pages, caches, the traces'
      // and exports' heap not handed back) is said beside it.
      log(`revalidation: the server held ${baseMb.toFixed(0)} MB before, ${peakMb.toFixed(0)} MB at its peak`);
      const ms = now() - t;
      // The floor: the same work in SQL — the plant's rows the judgement reads, read through the
      // driver (the same columns), and the site's judgement (every channel's and every finding's
      // row) rewritten. The channels' paths are not rewritten: no convention moves a fiber.
      const readPlantInSql = () =>
        timed(async () => {
          for (const q of [
            `select id, device_id, module_id, name, kind, family, key_type, cage, module_port from ports where site_id = $1`,
            `select id, name, role, rack_id, u_position, u_height, face from devices where site_id = $1`,
            `select m.id, m.device_id, b.name, m.kind, m.type_id from modules m join module_bays b on b.id = m.bay_id where m.site_id = $1`,
            `select id, port_id, type_id from transceivers where site_id = $1`,
            `select id, type_id, length_m, label, splices, status from cables where site_id = $1`,
            `select cable_id, connector, port_id, side from cable_plugs where site_id = $1`,
          ])
            await sql.unsafe(q, [siteId]).values();
        });
      const rewriteInSql = (tables: readonly string[]) =>
        timed(() =>
          sql
            .begin(async (tx) => {
              for (const t of tables) await tx.unsafe(`create temp table "copy_${t}" on commit drop as select * from "${t}" where site_id = $1`, [siteId]);
              for (const t of tables) await tx.unsafe(`delete from "${t}" where site_id = $1`, [siteId]);
              for (const t of tables) await tx.unsafe(`insert into "${t}" select * from "copy_${t}"`);
              throw new Rollback();
            })
            .catch((e) => {
              if (!(e instanceof Rollback)) throw e;
            }),
        );
      const reading = await readPlantInSql();
      const writing = await rewriteInSql(["channel_judgements", "findings"]);
      const floor = reading + writing;
      // For comparison with the figures of earlier stops, whose floor was the rewrite alone, of every
      // channel's whole row (its ports too: the paths were not stored apart yet).
      const earlier = await rewriteInSql(["channel_paths", "channel_judgements", "findings"]);
      log(`floor: reading the plant ${reading.toFixed(0)} ms + rewriting the judgement ${writing.toFixed(0)} ms; the earlier stops' floor (every channel's whole row rewritten) ${earlier.toFixed(0)} ms`);
      figure("revalidate-site", ms, "ms", "10000", floor);
      figure("revalidate-site-peak-rss", peakMb, "MB", "1024", null);
      figure("event-loop-max-during-revalidation", loop().maxMs, "ms", "100", null);

      // The same with a convention that changes every channel: mated pairs counted at the standard's
      // maximum instead of by grade (the site's low-loss pairs), so every link's loss, and with it
      // every stored channel, is written again — the floor's work. The attenuation flipped above
      // changes no channel of this single-mode site. Put back afterwards, unmeasured.
      const [t2] = [...(await sql<{ version: number; mated_pair: string }[]>`select version, mated_pair from sites where id = ${siteId}`)] as [{ version: number; mated_pair: string }];
      await resetLoop(server);
      const started = now();
      const rewritten = await withRss(server, () => api.mutate("sites.update", { id: siteId, version: t2.version, matedPair: t2.mated_pair === "standard" ? "by-grade" : "standard" }));
      const rewrittenMs = now() - started;
      // Its floor: the same work on the judgement this change wrote (every channel's row, and some
      // ten times the findings of the unchanged site: the floor above rewrites the judgement as it
      // was before the change, and so left out most of this one's writing).
      const rewrittenFloor = (await readPlantInSql()) + (await rewriteInSql(["channel_judgements", "findings"]));
      log(`floor of the change of every channel: ${rewrittenFloor.toFixed(0)} ms on the judgement it wrote (${floor.toFixed(0)} ms on the judgement before it)`);
      figure("revalidate-site-rewritten", rewrittenMs, "ms", "10000", rewrittenFloor);
      log(`revalidation, every channel changed: the server held ${rewritten.baseMb.toFixed(0)} MB before, ${rewritten.peakMb.toFixed(0)} MB at its peak`);
      figure("revalidate-site-rewritten-peak-rss", rewritten.peakMb, "MB", "1024", null);
      figure("event-loop-max-during-revalidation-rewritten", loop().maxMs, "ms", "100", null);
      const [t3] = [...(await sql<{ version: number }[]>`select version from sites where id = ${siteId}`)] as [{ version: number }];
      await api.mutate("sites.update", { id: siteId, version: t3.version, matedPair: t2.mated_pair });
    }
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    for (const f of loopFiles()) rmSync(join(tmpdir(), f), { force: true });
    await sql.end();
  }
  console.log(JSON.stringify({ size: SIZE, racks: RACKS, mesh: MESH, cores: cpus().length, load: loadavg(), counts, figures }));
}

class Rollback extends Error {}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
