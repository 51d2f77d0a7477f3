import { Worker } from "node:worker_threads";
import path from "node:path";
import { sql } from "drizzle-orm";
import { judgeSite } from "../../../domain";
import type { Db } from "../../db/client";
import { userTypesOf } from "../catalog/resolve-type";
import { queryRows } from "../inventory/sql";
import { buildModel } from "./build-model";
import { judgementRows } from "./judgement-rows";
import type { ModelRows } from "./model-rows";
import { insertJudgementJson } from "./store-judgement";

/**
 * Judging a whole site (an import, a change of loss conventions), at the size of a campus: the rows
 * are read a page at a time as JSON built by PostgreSQL, judged by the engine, and written back as
 * JSON record sets of a few thousand rows. On a large site the engine runs in a worker thread, so
 * the server's event loop stays free for everyone else while it works (a 3,000-rack site is about
 * a second of engine time and some seconds of building rows); a small site is judged in place.
 */

export interface JudgeTables {
  ports: ModelRows["ports"][number];
  devices: ModelRows["devices"][number];
  modules: ModelRows["modules"][number];
  transceivers: ModelRows["transceivers"][number];
  cables: ModelRows["cables"][number];
  plugs: ModelRows["plugs"][number];
}

export type ToWorker =
  | { type: "rows"; table: keyof JudgeTables; json: string }
  | { type: "judge"; site: ModelRows["site"]; userTypes: ModelRows["userTypes"]; batch: number };

export type ToMain =
  | { type: "progress"; step: string; done: number; total: number }
  | { type: "batch"; kind: "channels" | "findings"; n: number; json: string }
  | { type: "done"; channels: number; findings: number; ms: number }
  | { type: "error"; message: string };

export interface WholeSiteProgress {
  phase: "judge";
  /** What is being done: reading the plant, judging channels, storing channels. */
  step: string;
  done: number;
  total: number;
}

/** Ports from which a site is judged in a worker thread (below, in place: starting a worker costs more). */
const WORKER_FROM_PORTS = Number(process.env.FERRULE_JUDGE_WORKER_PORTS ?? 50_000);

const uuidMin = "00000000-0000-0000-0000-000000000000";

/** One page of a table's rows as JSON objects shaped as ModelRows, and the last key read. */
const PAGES: Record<keyof JudgeTables, (siteId: string, after: string, limit: number) => ReturnType<typeof sql>> = {
  ports: (s, a, l) => sql`select coalesce(json_agg(json_build_object('id', id, 'deviceId', device_id, 'moduleId', module_id, 'name', name, 'kind', kind, 'family', family,
      'keyType', key_type, 'cage', cage, 'modulePort', module_port) order by id), '[]')::text as page, max(id::text) as last, count(*)::int as n
      from (select * from ports where site_id = ${s} and id > ${a} order by id limit ${l}) t`,
  devices: (s, a, l) => sql`select coalesce(json_agg(json_build_object('id', id, 'name', name, 'role', role, 'rackId', rack_id, 'uPosition', u_position, 'uHeight', u_height,
      'face', face) order by id), '[]')::text as page, max(id::text) as last, count(*)::int as n
      from (select * from devices where site_id = ${s} and id > ${a} order by id limit ${l}) t`,
  modules: (s, a, l) => sql`select coalesce(json_agg(json_build_object('id', t.id, 'deviceId', t.device_id, 'bay', b.name, 'kind', t.kind, 'typeId', t.type_id) order by t.id), '[]')::text as page,
      max(t.id::text) as last, count(*)::int as n
      from (select * from modules where site_id = ${s} and id > ${a} order by id limit ${l}) t join module_bays b on b.id = t.bay_id`,
  transceivers: (s, a, l) => sql`select coalesce(json_agg(json_build_object('id', id, 'portId', port_id, 'typeId', type_id) order by id), '[]')::text as page,
      max(id::text) as last, count(*)::int as n
      from (select * from transceivers where site_id = ${s} and id > ${a} order by id limit ${l}) t`,
  cables: (s, a, l) => sql`select coalesce(json_agg(json_build_object('id', id, 'typeId', type_id, 'lengthM', length_m, 'label', label, 'splices', splices, 'status', status) order by id), '[]')::text as page,
      max(id::text) as last, count(*)::int as n
      from (select * from cables where site_id = ${s} and id > ${a} order by id limit ${l}) t`,
  plugs: (s, a, l) => sql`select coalesce(json_agg(json_build_object('cableId', cable_id, 'connector', connector, 'portId', port_id, 'side', side)), '[]')::text as page,
      max(id::text) as last, count(*)::int as n
      from (select * from cable_plugs where site_id = ${s} and id > ${a} order by id limit ${l}) t`,
};

/** postgres.js clients (a pool or a transaction) are functions; PGlite's are objects. */
const embedded = (db: Db) => typeof (db as unknown as { session?: { client?: unknown } }).session?.client !== "function";

/**
 * Judges every channel of a site and replaces all its stored judgements, in the caller's
 * transaction (which holds the site's plant lock). Returns the counts.
 */
export async function judgeSiteRows(
  db: Db,
  siteId: string,
  onProgress?: (p: WholeSiteProgress) => void,
  opts: { worker?: boolean } = {},
): Promise<{ channels: number; findings: number }> {
  const [site] = await queryRows<ModelRows["site"]>(
    db,
    sql`select id, name, code, attenuation, mated_pair as "matedPair" from sites where id = ${siteId}`,
  );
  if (!site) throw new Error(`site ${siteId} vanished during a change`);
  const [{ ports, total }] = (await queryRows<{ ports: number; total: number }>(
    db,
    sql`select (select count(*) from ports where site_id = ${siteId})::int as ports,
               ((select count(*) from ports where site_id = ${siteId}) + (select count(*) from cable_plugs where site_id = ${siteId})
                + (select count(*) from cables where site_id = ${siteId}) + (select count(*) from transceivers where site_id = ${siteId}))::int as total`,
  )) as [{ ports: number; total: number }];
  const small = embedded(db);
  const page = small ? 10_000 : 50_000;
  const batch = small ? 1_000 : 5_000;
  let last: WholeSiteProgress = { phase: "judge", step: "reading the plant", done: 0, total };
  const report = (p: WholeSiteProgress) => {
    last = p;
    onProgress?.(p);
  };
  report(last);

  // A worker for a large site; a small one is judged here, through the same messages.
  const inWorker = opts.worker ?? ports >= WORKER_FROM_PORTS;
  const worker = inWorker
    ? new Worker(path.join(/*turbopackIgnore: true*/ process.cwd(), "src/server/services/connectivity/judge-worker-boot.mjs"), {
        workerData: { entry: path.join(/*turbopackIgnore: true*/ process.cwd(), "src/server/services/connectivity/judge-worker.ts") },
      })
    : null;
  const local = inWorker ? null : { tables: { ports: [], devices: [], modules: [], transceivers: [], cables: [], plugs: [] } as { [K in keyof JudgeTables]: JudgeTables[K][] } };
  const post = (m: ToWorker) => {
    if (worker) worker.postMessage(m);
    else if (m.type === "rows") (local!.tables[m.table] as unknown[]).push(...(JSON.parse(m.json) as unknown[]));
  };
  // Between the worker's messages (the engine judging a campus is a second or two), say it still works.
  const heartbeat = setInterval(() => onProgress?.(last), 500);
  try {
    let read = 0;
    for (const table of Object.keys(PAGES) as (keyof JudgeTables)[]) {
      for (let after = uuidMin; ; ) {
        const [r] = (await queryRows<{ page: string; last: string | null; n: number }>(db, PAGES[table](siteId, after, page))) as [{ page: string; last: string | null; n: number }];
        if (r.n === 0) break;
        post({ type: "rows", table, json: r.page });
        read += r.n;
        after = r.last!;
        if (table !== "devices" && table !== "modules") report({ phase: "judge", step: "reading the plant", done: read, total });
        if (r.n < page) break;
      }
    }
    const types = await queryRows<{ id: string }>(
      db,
      sql`select distinct type_id as id from cables where site_id = ${siteId} union select type_id from transceivers where site_id = ${siteId}
          union select type_id from modules where site_id = ${siteId} and type_id is not null`,
    );
    const userTypes = await userTypesOf(db, types.map((t) => t.id));
    await db.execute(sql`delete from channel_judgements where site_id = ${siteId}`);
    await db.execute(sql`delete from findings where site_id = ${siteId}`);

    if (!worker) {
      const rows = judgeTables(local!.tables, site, userTypes, (step, done, n) => step === "judging channels" && report({ phase: "judge", step, done, total: n }));
      const n = rows.channels.length;
      for (let i = 0; i < n; i += batch) {
        await insertJudgementJson(db, siteId, "channels", JSON.stringify(rows.channels.slice(i, i + batch)));
        report({ phase: "judge", step: "storing channels", done: Math.min(n, i + batch), total: n });
      }
      for (let i = 0; i < rows.findings.length; i += batch) await insertJudgementJson(db, siteId, "findings", JSON.stringify(rows.findings.slice(i, i + batch)));
      return { channels: n, findings: rows.findings.length };
    }

    // The worker sends batches of rows as it makes them; they are written in order as they come.
    return await new Promise<{ channels: number; findings: number }>((resolve, reject) => {
      let writing: Promise<void> = Promise.resolve();
      let stored = 0;
      let channels = 0;
      worker.on("error", reject);
      worker.on("exit", (code) => code !== 0 && reject(new Error(`the judging worker stopped (exit code ${code})`)));
      worker.on("message", (m: ToMain) => {
        if (m.type === "progress") {
          if (m.step === "storing channels") channels = m.total;
          else report({ phase: "judge", step: m.step, done: m.done, total: m.total });
        } else if (m.type === "batch") {
          writing = writing
            .then(async () => {
              await insertJudgementJson(db, siteId, m.kind, m.json);
              if (m.kind === "channels") {
                stored += m.n;
                report({ phase: "judge", step: "storing channels", done: stored, total: channels || stored });
              }
            })
            .catch(reject);
        } else if (m.type === "done") {
          void writing.then(() => resolve({ channels: m.channels, findings: m.findings }));
        } else reject(new Error(`judging the site failed in the worker: ${m.message}`));
      });
      worker.postMessage({ type: "judge", site, userTypes, batch } satisfies ToWorker);
    });
  } finally {
    clearInterval(heartbeat);
    if (worker) await worker.terminate();
  }
}

/** Builds the model of a whole site's rows and judges it (in the worker, or here for a small site). */
export function judgeTables(
  tables: { [K in keyof JudgeTables]: JudgeTables[K][] },
  site: ModelRows["site"],
  userTypes: ModelRows["userTypes"],
  onProgress?: (step: string, done: number, total: number) => void,
) {
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const plugged = new Set(tables.plugs.map((p) => p.cableId));
  const cables = tables.cables.filter((c) => plugged.has(c.id) && c.status !== "decommissioned").sort(byId);
  const live = new Set(cables.map((c) => c.id));
  const rows: ModelRows = {
    site,
    devices: tables.devices.sort(byId),
    modules: tables.modules.sort(byId),
    ports: tables.ports.sort(byId),
    transceivers: tables.transceivers.sort(byId),
    cables,
    plugs: tables.plugs
      .filter((p) => live.has(p.cableId))
      .sort((a, b) => (a.cableId < b.cableId ? -1 : a.cableId > b.cableId ? 1 : a.connector < b.connector ? -1 : a.connector > b.connector ? 1 : 0)),
    userTypes,
  };
  const built = buildModel(rows);
  onProgress?.("judging channels", 0, 0);
  const judgement = judgeSite(built.model);
  const total = judgement.channels.length;
  return judgementRows(built, judgement, undefined, (done) => onProgress?.("storing channels", done, total));
}
