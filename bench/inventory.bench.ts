/**
 * Inventory benchmark on PostgreSQL: a generated site of 2,000 racks and about 200,000 cables,
 * stored through the schema and judged once (as an import does); then the server time of what the
 * dashboard asks for: a port's trace, the list pages, the site-wide findings page, and a change
 * with its incremental re-judging.
 *
 * Each rack: two switches with 48 SFP28 25GBASE-SR optics each, a panel with 16 method A cassettes
 * (96 LC ports), 96 LC cords from the switches to the cassettes. Racks are paired along their row;
 * each pair is joined by 16 Type A MTP Elite trunks, cassette to cassette, and its 96 channels run
 * leaf port → A-to-B cord → cassette → trunk → cassette → A-to-A cord → leaf port. One far cord in
 * 25 is A-to-B instead (Tx meets Tx), so the findings page has thousands of rows.
 *
 *   BENCH_DATABASE_URL   default postgres://postgres@127.0.0.1:5432/ferrule_bench (created, then dropped)
 *   FERRULE_BENCH_RACKS  default 2000 (even)
 *   FERRULE_BENCH_KEEP   1 keeps the database afterwards (to look at query plans)
 *   FERRULE_BENCH_REUSE  1 measures again on a kept database (no generation)
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { systemActor } from "../src/server/auth/actor";
import { openDatabase, type Database, type Db } from "../src/server/db/client";
import { cablePlugs, cables, devices, moduleBays, modules, ports, racks, rooms, sites, transceivers } from "../src/server/db/schema";
import { updateCable } from "../src/server/services/cables/update-cable";
import { listCables } from "../src/server/services/cables/list-cables";
import { ensureBuiltInTypes } from "../src/server/services/catalog/ensure-built-ins";
import { loadTypes } from "../src/server/services/catalog/resolve-type";
import type { ServiceContext } from "../src/server/services/context";
import { judgeWholeSite } from "../src/server/services/connectivity/change";
import { listChannels } from "../src/server/services/connectivity/list-channels";
import { listFindings } from "../src/server/services/connectivity/list-findings";
import { tracePort } from "../src/server/services/connectivity/trace-port";
import { getDevice } from "../src/server/services/devices/get-device";
import { listDevices } from "../src/server/services/devices/list-devices";
import { getRack } from "../src/server/services/racks/get-rack";
import { listRacks } from "../src/server/services/racks/list-racks";
import { searchSite } from "../src/server/services/search/search-site";
import { listSites } from "../src/server/services/sites/list-sites";
import { siteTree } from "../src/server/services/sites/site-tree";
import { createPlan } from "../src/server/services/plans/create-plan";
import { getPlan } from "../src/server/services/plans/get-plan";
import { addOperation } from "../src/server/services/plans/write-operation";

const URL_ = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/ferrule_bench";
const RACKS = Number(process.env.FERRULE_BENCH_RACKS ?? 2000);
const ROOMS = 10;
const CAGES = 48;
const CASSETTES = 16;
const CASSETTE = "cas-mpo12-6xlc-methodA-m-om4-elite";
const TRUNK = "mpo12-typeA-ff-om4-elite";
const NEAR = "lc-ab-om4-ll";
const FAR = "lc-aa-om4-ll";
const XCVR = "sfp28-25gbase-sr";
const WRONG_EVERY = 25;

const ms = (t: number) => `${t.toFixed(t < 10 ? 1 : 0)} ms`;
const sec = (t: number) => `${(t / 1000).toFixed(1)} s`;

async function recreateDatabase(): Promise<void> {
  const target = new URL(URL_);
  const name = target.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected bench database name ${name}`);
  const admin = new URL(URL_);
  admin.pathname = "/postgres";
  const client = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  await client.unsafe(`drop database if exists ${name} with (force)`);
  await client.unsafe(`create database ${name}`);
  await client.end();
}

async function dropDatabase(): Promise<void> {
  const name = new URL(URL_).pathname.slice(1);
  const admin = new URL(URL_);
  admin.pathname = "/postgres";
  const client = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  await client.unsafe(`drop database if exists ${name} with (force)`);
  await client.end();
}

/** Multi-row inserts in batches that stay under PostgreSQL's parameter limit. */
async function bulk<T extends Record<string, unknown>>(db: Db, table: Parameters<Db["insert"]>[0], rows: T[]): Promise<void> {
  if (rows.length === 0) return;
  // Rows may leave columns out, but every column can become a parameter: no table has more than 20.
  const per = 3000;
  for (let i = 0; i < rows.length; i += per) await db.insert(table).values(rows.slice(i, i + per) as never);
}

interface Generated {
  siteId: string;
  switchPorts: string[];
  panelPorts: string[];
  rackIds: string[];
  roomIds: string[];
  deviceIds: string[];
  counts: Record<string, number>;
}

async function generate(db: Db): Promise<Generated> {
  const siteId = randomUUID();
  await db.insert(sites).values({ id: siteId, name: "Bench data center", code: "BDC" });
  await ensureBuiltInTypes(db);
  await loadTypes(db, [CASSETTE, TRUNK, NEAR, FAR, XCVR]);

  const roomRows = Array.from({ length: ROOMS }, (_, i) => ({ id: randomUUID(), siteId, name: `Hall ${String.fromCharCode(65 + i)}` }));
  const rackRows: (typeof racks.$inferInsert)[] = [];
  const deviceRows: (typeof devices.$inferInsert)[] = [];
  const bayRows: (typeof moduleBays.$inferInsert)[] = [];
  const moduleRows: (typeof modules.$inferInsert)[] = [];
  const portRows: (typeof ports.$inferInsert)[] = [];
  const xcvrRows: (typeof transceivers.$inferInsert)[] = [];
  const cableRows: (typeof cables.$inferInsert)[] = [];
  const plugRows: (typeof cablePlugs.$inferInsert)[] = [];
  const switchPorts: string[] = [];
  const panelPorts: string[] = [];
  const perRoom = Math.ceil(RACKS / ROOMS);
  // Per rack: cassette rear port ids and front port ids, for the trunks and cords.
  const rear: string[][] = [];
  const fronts: string[][] = [];
  const cages: string[][] = [];
  let cableNo = 0;

  for (let r = 0; r < RACKS; r++) {
    const room = roomRows[Math.floor(r / perRoom)]!;
    const inRoom = r % perRoom;
    const row = `R${String(Math.floor(inRoom / 20) + 1).padStart(2, "0")}`;
    const position = (inRoom % 20) + 1;
    const rackId = randomUUID();
    const rackName = `${room.name.slice(-1)}${row.slice(1)}-${String(position).padStart(2, "0")}`;
    rackRows.push({ id: rackId, siteId, roomId: room.id, name: rackName, row, position, uHeight: 42 });
    rear[r] = [];
    fronts[r] = [];
    cages[r] = [];
    for (const [s, unit] of [
      [0, 40],
      [1, 38],
    ] as const) {
      const deviceId = randomUUID();
      deviceRows.push({ id: deviceId, siteId, rackId, name: `leaf-${rackName}-${s + 1}`, role: "switch", uPosition: unit, uHeight: 1, fullDepth: true });
      for (let k = 1; k <= CAGES; k++) {
        const portId = randomUUID();
        portRows.push({ id: portId, siteId, deviceId, name: `Ethernet1/${k}`, kind: "transceiver", cage: "sfp28", ordinal: k });
        xcvrRows.push({ siteId, portId, typeId: XCVR });
        cages[r]!.push(portId);
        switchPorts.push(portId);
      }
    }
    const panelId = randomUUID();
    deviceRows.push({ id: panelId, siteId, rackId, name: `pp-${rackName}`, role: "panel", uPosition: 30, uHeight: 4 });
    for (let b = 1; b <= CASSETTES; b++) {
      const bayId = randomUUID();
      const moduleId = randomUUID();
      bayRows.push({ id: bayId, siteId, deviceId: panelId, name: String(b), position: b });
      moduleRows.push({ id: moduleId, siteId, deviceId: panelId, bayId, kind: "cassette", typeId: CASSETTE });
      const rearId = randomUUID();
      portRows.push({ id: rearId, siteId, deviceId: panelId, moduleId, name: `${b}/R`, kind: "adapter", family: "MPO-12", keyType: "A", positions: 12, modulePort: "R", ordinal: 100_000 + b * 1000 });
      rear[r]!.push(rearId);
      panelPorts.push(rearId);
      for (let k = 1; k <= 6; k++) {
        const frontId = randomUUID();
        portRows.push({ id: frontId, siteId, deviceId: panelId, moduleId, name: `${b}/${k}`, kind: "adapter", family: "LC", keyType: "B", positions: 2, modulePort: String(k), ordinal: 100_000 + b * 1000 + k });
        fronts[r]!.push(frontId);
        panelPorts.push(frontId);
      }
    }
  }
  for (let r = 0; r < RACKS; r++) {
    const far = r % 2 === 1;
    for (let k = 0; k < CAGES * 2; k++) {
      const id = randomUUID();
      const wrong = far && k % WRONG_EVERY === 3;
      cableRows.push({ id, siteId, typeId: far && !wrong ? FAR : NEAR, label: `C${String(++cableNo).padStart(6, "0")}`, lengthM: 3 });
      plugRows.push({ siteId, cableId: id, connector: far ? "b1" : "a1", portId: cages[r]![k]!, side: "front" });
      plugRows.push({ siteId, cableId: id, connector: far ? "a1" : "b1", portId: fronts[r]![k]!, side: "front" });
    }
    if (far) {
      for (let b = 0; b < CASSETTES; b++) {
        const id = randomUUID();
        cableRows.push({ id, siteId, typeId: TRUNK, label: `T${String(++cableNo).padStart(6, "0")}`, lengthM: 25 });
        plugRows.push({ siteId, cableId: id, connector: "a1", portId: rear[r - 1]![b]!, side: "rear" });
        plugRows.push({ siteId, cableId: id, connector: "b1", portId: rear[r]![b]!, side: "rear" });
      }
    }
  }
  await bulk(db, rooms, roomRows);
  await bulk(db, racks, rackRows);
  await bulk(db, devices, deviceRows);
  await bulk(db, moduleBays, bayRows);
  await bulk(db, modules, moduleRows);
  await bulk(db, ports, portRows);
  await bulk(db, transceivers, xcvrRows);
  await bulk(db, cables, cableRows);
  await bulk(db, cablePlugs, plugRows);
  return {
    siteId,
    switchPorts,
    panelPorts,
    rackIds: rackRows.map((r) => r.id!),
    roomIds: roomRows.map((r) => r.id),
    deviceIds: deviceRows.map((d) => d.id!),
    counts: { racks: rackRows.length, devices: deviceRows.length, modules: moduleRows.length, ports: portRows.length, transceivers: xcvrRows.length, cables: cableRows.length, plugs: plugRows.length },
  };
}

/** The ids a kept database already holds. */
async function existing(db: Db): Promise<Generated> {
  const rows = async <T>(q: ReturnType<typeof sql>) => {
    const r = (await db.execute(q)) as unknown;
    return (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
  };
  const [site] = await rows<{ id: string }>(sql`select id from sites where code = 'BDC'`);
  if (!site) throw new Error("no bench site in the kept database: run once with FERRULE_BENCH_KEEP=1");
  const ids = async (q: ReturnType<typeof sql>) => (await rows<{ id: string }>(q)).map((r) => r.id);
  return {
    siteId: site.id,
    switchPorts: await ids(sql`select id from ports where kind = 'transceiver'`),
    panelPorts: await ids(sql`select id from ports where kind = 'adapter'`),
    rackIds: await ids(sql`select id from racks order by name`),
    roomIds: await ids(sql`select id from rooms order by name`),
    deviceIds: await ids(sql`select id from devices order by rack_id, u_position desc`),
    counts: {},
  };
}

/** Times `f` `n` times (after one warm-up) and gives the median, the 90th percentile and the worst;
 *  the target is checked on the median (the worst reflects whatever else the machine is doing). */
async function measure(label: string, n: number, f: (i: number) => Promise<unknown>, target?: number): Promise<void> {
  await f(n);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const p90 = times[Math.min(times.length - 1, Math.floor(times.length * 0.9))]!;
  const worst = times[times.length - 1]!;
  const verdict = target === undefined ? "" : median <= target ? `  target < ${target} ms: ok` : `  target < ${target} ms: OVER`;
  console.log(`${label.padEnd(52)} median ${ms(median).padStart(7)}  p90 ${ms(p90).padStart(7)}  worst ${ms(worst).padStart(7)}${verdict}`);
}

async function main() {
  console.log(`inventory benchmark: ${RACKS} racks on ${URL_.replace(/:[^:@/]*@/, ":***@")}`);
  const reuse = process.env.FERRULE_BENCH_REUSE === "1";
  if (!reuse) await recreateDatabase();
  let database: Database | undefined;
  try {
    database = await openDatabase({ url: URL_ });
    const { db } = database;
    const ctx: ServiceContext = { db, actor: systemActor("bench") };

    let g: Generated;
    let t0 = performance.now();
    if (reuse) {
      g = await existing(db);
    } else {
      g = await generate(db);
      console.log(`generated and stored in ${sec(performance.now() - t0)}:`, Object.entries(g.counts).map(([k, v]) => `${v.toLocaleString("en")} ${k}`).join(", "));
      t0 = performance.now();
      const judged = await db.transaction((tx) => judgeWholeSite({ ...ctx, db: tx as unknown as Db }, g.siteId));
      console.log(`judged the whole site once in ${sec(performance.now() - t0)}: ${judged.channels.toLocaleString("en")} channels, ${judged.findings.toLocaleString("en")} findings`);
    }
    // As autovacuum would after a bulk load: statistics, and visibility maps for index-only scans.
    t0 = performance.now();
    await db.execute(sql`vacuum analyze`);
    console.log(`vacuum analyze after the load: ${sec(performance.now() - t0)}`);

    const pick = <T>(xs: T[], i: number) => xs[(i * 7919) % xs.length]!;
    console.log("\nserver time per request (service call, PostgreSQL):");
    await measure("trace of a switch port (lane by lane, judged live)", 30, (i) => tracePort(ctx, { portId: pick(g.switchPorts, i) }), 300);
    await measure("trace of a cassette rear port (dark fiber)", 20, (i) => tracePort(ctx, { portId: pick(g.panelPorts, i * 7) }), 300);
    await measure("sites list (rooms, racks, channels and findings counted per site)", 10, () => listSites(ctx), 100);
    await measure(`site tree (${ROOMS} rooms, ${RACKS.toLocaleString("en")} racks, counts)`, 10, () => siteTree(ctx, { id: g.siteId }), 100);
    await measure(`racks list (${RACKS.toLocaleString("en")} racks)`, 10, () => listRacks(ctx, { siteId: g.siteId }), 100);
    await measure("rack elevation", 20, (i) => getRack(ctx, { id: pick(g.rackIds, i) }), 100);
    await measure("devices list, first page of 100", 10, () => listDevices(ctx, { siteId: g.siteId, limit: 100 }), 100);
    await measure("devices list, page after 'pp-'", 10, () => listDevices(ctx, { siteId: g.siteId, limit: 100, after: "pp-" }), 100);
    await measure("device page (panel, 16 cassettes, 112 ports)", 20, (i) => getDevice(ctx, { id: pick(g.deviceIds.filter((_, k) => k % 3 === 2), i) }), 100);
    await measure("device page (switch, 48 ports)", 20, (i) => getDevice(ctx, { id: pick(g.deviceIds.filter((_, k) => k % 3 === 0), i) }), 100);
    await measure("cables list, first page of 100", 10, () => listCables(ctx, { siteId: g.siteId, limit: 100 }), 100);
    await measure("cables list, a page deep in the list", 10, () => listCables(ctx, { siteId: g.siteId, limit: 100, after: { label: "C150000", id: "00000000-0000-0000-0000-000000000000" } }), 100);
    await measure("channels list, failing first", 10, () => listChannels(ctx, { siteId: g.siteId, verdict: "fail" }), 100);
    await measure("search by label prefix", 10, () => searchSite(ctx, { siteId: g.siteId, q: "C12345" }), 100);
    const tia = await searchSite(ctx, { siteId: g.siteId, q: "BDC.A01-01-40:Ethernet1/5" });
    if (tia.length !== 1) throw new Error(`the TIA-606 search found ${tia.length} ports`);
    await measure("search by TIA-606 identifier", 10, () => searchSite(ctx, { siteId: g.siteId, q: "BDC.A01-01-40:Ethernet1/5" }), 100);
    await measure("findings page (all, first 50, with counts)", 10, () => listFindings(ctx, { siteId: g.siteId }), 1000);
    await measure("findings page, errors of one code", 10, () => listFindings(ctx, { siteId: g.siteId, severity: "error", code: "POLARITY_TX_TO_TX" }), 1000);
    await measure("findings page, one room", 10, (i) => listFindings(ctx, { siteId: g.siteId, roomId: pick(g.roomIds, i) }), 1000);
    await measure("findings page, one rack", 10, (i) => listFindings(ctx, { siteId: g.siteId, rackId: pick(g.rackIds, i) }), 1000);
    await measure("findings page, deep page (offset 3,000)", 10, () => listFindings(ctx, { siteId: g.siteId, offset: 3000 }), 1000);

    // A change: a far cord replaced by the other polarity type, re-judged incrementally.
    const farCords = await db.execute(sql`select id, type_id, version from cables where site_id = ${g.siteId} and type_id = ${FAR} limit 40`);
    const rows = (Array.isArray(farCords) ? farCords : (farCords as unknown as { rows: unknown[] }).rows) as { id: string; type_id: string; version: number }[];
    let k = 0;
    await measure(
      "change: replace a cord's type, judged incrementally",
      15,
      async () => {
        const c = rows[k++ % rows.length]!;
        const res = await updateCable(ctx, { id: c.id, version: c.version, typeId: c.type_id === FAR ? NEAR : FAR });
        c.version = res.cable.version;
        c.type_id = res.cable.typeId;
      },
    );

    // A change plan on this site: one cord retyped. The what-if applies the plan to the whole
    // site's rows in memory and judges the part it touches before and after, on every view.
    const plan = await createPlan(ctx, { siteId: g.siteId, name: "bench: one cord retyped" });
    const cord = rows[0]!;
    await addOperation(ctx, { planId: plan.id, version: plan.version, operation: { kind: "cable.retype", cableId: cord.id, typeId: cord.type_id === FAR ? NEAR : FAR } });
    await measure("plan page (what-if of one cord over the whole site)", 5, () => getPlan(ctx, { id: plan.id }));
    await measure("trace as planned", 5, (i) => tracePort(ctx, { portId: pick(g.switchPorts, i), planId: plan.id }));
  } finally {
    await database?.close();
    if (process.env.FERRULE_BENCH_KEEP !== "1") await dropDatabase();
  }
}

main().catch((err: unknown) => {
  const e = err as { message?: string; cause?: unknown };
  console.error(String(e.message ?? err).slice(0, 500), e.cause ? String(e.cause).slice(0, 500) : "");
  process.exit(1);
});
