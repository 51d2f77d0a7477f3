import { sql, type SQL } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { judgeSite, UuidPool } from "../../../domain";
import type { Db } from "../../db/client";
import { userTypesOf } from "../catalog/resolve-type";
import { breathe } from "../imports/limits";
import { LOG_STEPS_FROM_MS, stepTimes } from "../step-times";
import { tsWorker } from "../ts-worker";
import { ANALYZE_FROM_ROWS, cachedPlans, postgresClient, queryRows, readAhead, refreshStatistics } from "../inventory/sql";
import { buildModel } from "./build-model";
import { judgementRows, type ChannelRow, type FindingRow, type RowOffer } from "./judgement-rows";
import { byPlugOrder, byRowId, type ModelRows } from "./model-rows";
import { deleteJudgementRows, insertJudgementJson, JUDGEMENT_KINDS, JUDGEMENT_TABLE, pathOf, StoredRows, type JudgementKind, type JudgementRow, type PathRow } from "./store-judgement";

/**
 * Judging a whole site (an import, a change of loss conventions), at the size of a campus: the rows
 * are read a page at a time as JSON built by PostgreSQL, judged by the engine, and written back as
 * JSON record sets of a few thousand rows — only the rows whose content changed: the stored rows
 * carry a digest of what they say, and rows equal to a new one stay. On a large site the engine runs in a worker thread, so
 * the server's event loop stays free for everyone else while it works (a 3,000-rack site is about
 * a second of engine time and some seconds of building rows); a small site is judged in place.
 */

/** The rows of each table as the database sends them: compact tuples, in no particular order. */
export interface JudgeTables {
  /** id, device, module, name, kind, family, key, cage, module port */
  ports: [string, string, string | null, string, "transceiver" | "adapter", string | null, "A" | "B" | null, string | null, string | null];
  /** id, name, role, rack, unit, height, face */
  devices: [string, string, string, string | null, number | null, number, "front" | "rear"];
  /** id, device, bay, kind, type */
  modules: [string, string, string, "cassette" | "plate", string | null];
  /** id, port, type */
  transceivers: [string, string, string];
  /** id, type, length, label, splices, status */
  cables: [string, string, number, string, number, string];
  /** cable, connector, port, side */
  plugs: [string, string, string, "front" | "rear"];
}

/**
 * A database outside a change's transaction, from which the plant's tables the change did not write
 * may be read in the transaction's snapshot alongside it (see judgeSiteRows), and the tables it
 * wrote. A change of the site's conventions wrote none; an import of cables, the cables and plugs.
 */
export interface PlantReader {
  db: Db;
  written: readonly (keyof JudgeTables)[];
}

/** The stored rows of a site, [id, digest] each. */
export interface StoredDigests {
  paths: [string, string | null][];
  channels: [string, string | null][];
  findings: [string, string | null][];
}

export type ToWorker =
  | { type: "rows"; table: keyof JudgeTables; json: string }
  /** A page of the stored rows' digests: a JSON array of [id, digest]. */
  | { type: "stored"; kind: keyof StoredDigests; json: string }
  | { type: "judge"; site: ModelRows["site"]; userTypes: ModelRows["userTypes"]; batch: number }
  /** The server's thread starts writing what it was sent last: the next write, please (see writeMessages). */
  | { type: "next" };

export type ToMain =
  | { type: "progress"; step: string; done: number; total: number }
  | { type: "gone"; kind: JudgementKind; ids: string[] }
  | { type: "batch"; kind: JudgementKind; n: number; json: string }
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

/** The step between judging and storing: the new rows next to the stored ones' digests. */
export const COMPARING = "comparing with the stored judgement";

/** The step before storing: the stored rows no new row says again are deleted. */
export const REMOVING = "removing the judgements that no longer hold";

const uuidMin = "00000000-0000-0000-0000-000000000000";

/** A table's rows of a site as they are read: which relation (`t`, keyed by its `id`), joined to
 *  what, each row's JSON tuple and the order within a page. */
interface TupleQuery {
  relation: string;
  join?: SQL;
  tuple: SQL;
  order: SQL;
}

/** Each table's tuple for the site, as JSON text. */
const TUPLES: Record<keyof JudgeTables, TupleQuery> = {
  ports: { relation: "ports", tuple: sql`json_build_array(t.id, t.device_id, t.module_id, t.name, t.kind, t.family, t.key_type, t.cage, t.module_port)`, order: sql`t.id` },
  devices: { relation: "devices", tuple: sql`json_build_array(t.id, t.name, t.role, t.rack_id, t.u_position, t.u_height, t.face)`, order: sql`t.id` },
  modules: { relation: "modules", join: sql`join module_bays b on b.id = t.bay_id`, tuple: sql`json_build_array(t.id, t.device_id, b.name, t.kind, t.type_id)`, order: sql`t.id` },
  transceivers: { relation: "transceivers", tuple: sql`json_build_array(t.id, t.port_id, t.type_id)`, order: sql`t.id` },
  cables: { relation: "cables", tuple: sql`json_build_array(t.id, t.type_id, t.length_m, t.label, t.splices, t.status)`, order: sql`t.id` },
  plugs: { relation: "cable_plugs", tuple: sql`json_build_array(t.cable_id, t.connector, t.port_id, t.side)`, order: sql`t.cable_id, t.connector collate "C"` },
};

/** The stored judgement rows' digests, [id, digest], read the same way: a campus's are some 30 MB of
 *  text, which as one value held the server's thread 260 ms to take in and hand to the worker
 *  (profiled during an import of 50,000 cables). */
const DIGESTS = Object.fromEntries(
  JUDGEMENT_KINDS.map((kind) => [kind, { relation: JUDGEMENT_TABLE[kind], tuple: sql`json_build_array(t.id, t.digest)`, order: sql`t.id` }]),
) as Record<keyof StoredDigests, TupleQuery>;

/** Table blocks per page read from PostgreSQL: about 10,000 ports. The server's thread decodes each
 *  page's text and copies it to the worker in one go: pages of 1,000 blocks (8 MB of ports) held
 *  it 150 ms and more at a time at 3,000 racks, pages of 400 blocks 106–140 ms on a slower machine
 *  (a CPU profile of the server: the page's row decoded and collected); of 200, 81 ms, with the
 *  plant read no slower (9.4–9.5 s against 10.4–10.7 s). */
const BLOCKS_PER_PAGE = 200;

/**
 * A table's tuples for a site, a JSON array text at a time. PostgreSQL: the table read in ranges of
 * its blocks (a TID range scan, the ranges in the order the table lies on disk), each range's rows
 * aggregated into one JSON text by PostgreSQL, the next range asked for while this one is handed
 * on — so the server's thread receives a few dozen large strings, not a million rows to decode
 * (that had been most of the time of reading a campus). Each range's rows come in the order the
 * model wants, so the worker's sort of the whole table merges a few dozen sorted runs instead of
 * sorting a million rows (its thread is the busier one). Rows this transaction added are in the
 * ranges too. Embedded: pages that start after the last key of the one before.
 */
async function* tuplePages(db: Db, siteId: string, query: TupleQuery, size: number): AsyncGenerator<{ json: string; n: number }> {
  const { tuple, relation, order } = query;
  const join = query.join ?? sql``;
  if (postgresClient(db)) {
    const [{ blocks }] = (await queryRows<{ blocks: number }>(
      db,
      sql`select (pg_relation_size(${relation}::regclass) / current_setting('block_size')::int)::int as blocks`,
    )) as [{ blocks: number }];
    async function* ranges() {
      for (let first = 0; first === 0 || first < blocks; first += BLOCKS_PER_PAGE) {
        // The last range is open: rows written after the size was read are in it.
        const upper = first + BLOCKS_PER_PAGE < blocks ? sql` and t.ctid < ${`(${first + BLOCKS_PER_PAGE},0)`}::tid` : sql``;
        const [page] = (await queryRows<{ json: string; n: number }>(
          db,
          sql`select coalesce(json_agg(${tuple} order by ${order}), '[]')::text as json, count(*)::int as n
                from ${sql.identifier(relation)} t ${join} where t.site_id = ${siteId} and t.ctid >= ${`(${first},0)`}::tid${upper}`,
        )) as [{ json: string; n: number }];
        yield page;
      }
    }
    for await (const page of readAhead(ranges())) if (page.n > 0) yield page;
    return;
  }
  for (let after = uuidMin; ; ) {
    // The page's rows first, then only they are joined and made into tuples: with the join and
    // the tuples in the limited query, every row after the key was joined and made into one before
    // the first few thousand were kept (a page of modules took 92 ms at 500 racks, holding the one thread).
    const [page] = (await queryRows<{ json: string; last: string | null; n: number }>(
      db,
      sql`select coalesce(json_agg(${tuple} order by t.id), '[]')::text as json, max(t.id::text) as last, count(*)::int as n
            from (select * from ${sql.identifier(relation)} where site_id = ${siteId} and id > ${after} order by id limit ${size}) t ${join}`,
    )) as [{ json: string; last: string | null; n: number }];
    if (page.n === 0) return;
    yield { json: page.json, n: page.n };
    if (page.n < size) return;
    after = page.last!;
    // The embedded database answers at once, so the loop would go from page to page without the
    // event loop running once (at 500 racks the reading held every request 1.9 s).
    await breathe();
  }
}

/**
 * Judges every channel of a site and replaces all its stored judgements, in the caller's
 * transaction (which holds the site's plant lock). Returns the counts.
 */
export async function judgeSiteRows(
  db: Db,
  siteId: string,
  onProgress?: (p: WholeSiteProgress) => void,
  opts: {
    worker?: boolean;
    /** The database outside the caller's transaction, and the plant's tables the transaction wrote:
     *  the others are read on a connection of their own, in the transaction's snapshot, while the
     *  transaction reads those (another connection would not see what it wrote). */
    plantReader?: PlantReader;
    /** Rows per page of the embedded database (tests: a small site read in many pages). */
    pageRows?: number;
  } = {},
): Promise<{ channels: number; findings: number }> {
  const [site] = await queryRows<ModelRows["site"]>(
    db,
    sql`select id, name, code, attenuation, mated_pair as "matedPair" from sites where id = ${siteId}`,
  );
  if (!site) throw new Error(`site ${siteId} vanished during a change`);
  const small = !postgresClient(db);
  // The rows to read (the progress's total), counted a table at a time, the embedded database's
  // thread let go between them (four counts in one statement held it 83 ms at 500 racks).
  const counts = new Map<keyof JudgeTables, number>();
  for (const [table, { relation }] of Object.entries(TUPLES) as [keyof JudgeTables, TupleQuery][]) {
    const [{ n }] = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(relation)} where site_id = ${siteId}`)) as [{ n: number }];
    counts.set(table, n);
    if (small) await breathe();
  }
  const ports = counts.get("ports")!;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  // Embedded: each page's query holds the one thread while it runs (at 500 racks, on a slow hour,
  // pages of 10,000 rows held it up to 202 ms, of 5,000 139 ms, of 2,500 142 ms: that was the
  // counting above, then in one statement; with the counts apart and each page's rows taken before
  // they are joined, 55–61 ms).
  const page = opts.pageRows ?? (small ? 5_000 : 20_000);
  // Judgement rows per insert: each statement's rows go as one JSON parameter, made on the server's
  // thread (5,000 channel rows, some megabytes, had held it a few hundred milliseconds with its collection).
  const batch = small ? 1_000 : 2_000;
  let last: WholeSiteProgress = { phase: "judge", step: "reading the plant", done: 0, total };
  // How long each step took, for the server's log when judging took long.
  const times = stepTimes();
  const report = (p: WholeSiteProgress) => {
    times.enter(p.step);
    last = p;
    onProgress?.(p);
  };
  const logIfLong = (counts: { channels: number; findings: number }, written: { paths: number; channels: number; findings: number; gone: number }) => {
    const { ms, steps } = times.summary();
    if (ms < LOG_STEPS_FROM_MS) return counts;
    console.info(
      `[ferrule] judged site ${site.code} in ${(ms / 1000).toFixed(1)} s (${steps}): ${counts.channels} channels, ${counts.findings} findings; ` +
        `written ${written.channels} channels (${written.paths} paths) and ${written.findings} findings, ${written.gone} rows gone, the rest unchanged`,
    );
    return counts;
  };
  report(last);

  // A worker for a large site; a small one is judged here, through the same messages.
  const inWorker = opts.worker ?? ports >= WORKER_FROM_PORTS;
  const worker = inWorker
    ? tsWorker("src/server/services/connectivity/judge-worker.ts")
    : null;
  const local = inWorker ? null : emptySiteRows();
  const stored: StoredDigests = emptyDigests();
  const post = (m: ToWorker) => {
    if (worker) worker.postMessage(m);
    else if (m.type === "rows") addTuples(local!, m.table, JSON.parse(m.json) as unknown[]);
    else if (m.type === "stored") addDigests(stored, m.kind, m.json);
  };
  // Between the worker's messages (the engine judging a campus is a second or two), say it still works.
  const heartbeat = setInterval(() => onProgress?.(last), 500);
  try {
    let read = 0;
    const readTables = async (from: Db, tables: readonly (keyof JudgeTables)[]) => {
      for (const table of tables)
        for await (const { json, n } of tuplePages(from, siteId, TUPLES[table], page)) {
          post({ type: "rows", table, json });
          read += n;
          report({ phase: "judge", step: "reading the plant", done: read, total });
        }
    };
    const readDigests = async () => {
      for (const kind of Object.keys(DIGESTS) as (keyof StoredDigests)[])
        for await (const { json } of tuplePages(db, siteId, DIGESTS[kind], page)) post({ type: "stored", kind, json });
    };
    const alongside = opts.plantReader && postgresClient(db) && !(opts.plantReader.db instanceof PgTransaction) ? opts.plantReader : null;
    if (alongside) {
      // What the transaction wrote, and the stored digests, here; the other tables on a connection
      // of their own in this transaction's snapshot: PostgreSQL builds the pages on both cores. A
      // change that wrote nothing keeps the ports here (the largest table: the halves come out
      // about even).
      const tables = Object.keys(TUPLES) as (keyof JudgeTables)[];
      const here = new Set<keyof JudgeTables>(alongside.written.length > 0 ? alongside.written : ["ports"]);
      const [{ snapshot }] = (await queryRows<{ snapshot: string }>(db, sql`select pg_export_snapshot() as snapshot`)) as [{ snapshot: string }];
      const results = await Promise.allSettled([
        readTables(db, tables.filter((t) => here.has(t))).then(readDigests),
        alongside.db.transaction(
          async (other) => {
            await other.execute(sql.raw(`set transaction snapshot '${snapshot.replaceAll("'", "''")}'`));
            await readTables(other, tables.filter((t) => !here.has(t)));
          },
          { isolationLevel: "repeatable read", accessMode: "read only" },
        ),
      ]);
      for (const r of results) if (r.status === "rejected") throw r.reason;
    } else {
      await readTables(db, Object.keys(TUPLES) as (keyof JudgeTables)[]);
      await readDigests();
    }
    const types = await queryRows<{ id: string }>(
      db,
      sql`select distinct type_id as id from cables where site_id = ${siteId} union select type_id from transceivers where site_id = ${siteId}
          union select type_id from modules where site_id = ${siteId} and type_id is not null`,
    );
    const userTypes = await userTypesOf(db, types.map((t) => t.id));

    // The judgement's progress, then its writes in order, as the worker sends them (or as judging
    // here gives them): a write is done before the next is asked for, each row's foreign-key
    // check with a cached plan (only writes from here on, see cachedPlans).
    let storing = 0;
    let gone = 0;
    let written = 0;
    let removed = 0;
    const counted = { paths: 0, channels: 0, findings: 0, gone: 0 };
    const progress = (m: Extract<ToMain, { type: "progress" }>) => {
      // The totals of the writes to come: each write reports its own step.
      if (m.step === "storing channels") storing = m.total;
      else if (m.step === REMOVING) gone = m.total;
      else report({ phase: "judge", step: m.step, done: m.done, total: m.total });
    };
    const store = async (m: Extract<ToMain, { type: "gone" | "batch" }>) => {
      if (m.type === "gone") {
        counted.gone += m.ids.length;
        report({ phase: "judge", step: REMOVING, done: removed, total: gone });
        await deleteJudgementRows(db, m.kind, m.ids);
        removed += m.ids.length;
      } else {
        counted[m.kind] += m.n;
        await insertJudgementJson(db, siteId, m.kind, m.json);
        // Storing a channel is writing its path (when it changed) and its judgement: both counted.
        if (m.kind !== "findings") report({ phase: "judge", step: "storing channels", done: (written += m.n), total: storing || written });
      }
      // The embedded database answers at once: the event loop runs between writes.
      if (small || !worker) await breathe();
    };
    const done = async (m: Extract<ToMain, { type: "done" }>, restorePlans: () => Promise<void>) => {
      await restorePlans();
      if (counted.paths + counted.channels + counted.findings + counted.gone >= ANALYZE_FROM_ROWS) await refreshStatistics(db, JUDGEMENT_TABLES);
      return logIfLong({ channels: m.channels, findings: m.findings }, counted);
    };

    if (!worker) {
      const writes = judgeAndCompare(local!, stored, { type: "judge", site, userTypes, batch }, progress);
      const restorePlans = await cachedPlans(db);
      // The last write is `done` (writeMessages).
      for (;;) {
        const write = writes.next().value as Extract<ToMain, { type: "gone" | "batch" | "done" }>;
        if (write.type === "done") return await done(write, restorePlans);
        await store(write);
      }
    }

    // The worker hands over the writes one at a time: the next as this one starts (writeMessages).
    const restorePlans = await cachedPlans(db);
    return await new Promise<{ channels: number; findings: number }>((resolve, reject) => {
      let writing: Promise<unknown> = Promise.resolve();
      worker.on("error", reject);
      worker.on("exit", (code) => code !== 0 && reject(new Error(`the judging worker stopped (exit code ${code})`)));
      worker.on("message", (m: ToMain) => {
        if (m.type === "progress") progress(m);
        else if (m.type === "gone" || m.type === "batch")
          writing = writing
            .then(() => {
              worker.postMessage({ type: "next" } satisfies ToWorker);
              return store(m);
            })
            .catch(reject);
        else if (m.type === "done") void writing.then(() => done(m, restorePlans).then(resolve)).catch(reject);
        else reject(new Error(`judging the site failed in the worker: ${m.message}`));
      });
      worker.postMessage({ type: "judge", site, userTypes, batch } satisfies ToWorker);
    });
  } finally {
    clearInterval(heartbeat);
    if (worker) await worker.terminate();
  }
}

/** The tables a whole-site judgement writes (their statistics refreshed after a large one). */
const JUDGEMENT_TABLES = Object.values(JUDGEMENT_TABLE);

/** A channel's judgement without its path's arrays (its path is a row of its own). */
const judgementOnly = ({ members: _m, ports: _p, ...judgement }: ChannelRow): JudgementRow => judgement;

/** Stored rows' ids deleted per message (and per statement, see deleteJudgementRows). */
const GONE_PER_MESSAGE = 10_000;

/** What judging a whole site writes over the stored rows: the ids of the rows gone, then the
 *  changed and new rows (each with its digest). */
export interface Writes {
  gone: Record<JudgementKind, string[]>;
  paths: PathRow[];
  channels: JudgementRow[];
  findings: FindingRow[];
}

/**
 * The worker's writes as messages, in order: the ids of the stored rows gone, the new rows in
 * batches, then `done`. The worker sends the first and then one more each time the server's thread
 * asks (`next`, as it starts writing the one before): sent all at once, a campus's 30 batches of
 * some megabytes each were taken in by the server's thread in one go when they arrived (with
 * 200,000 ids gone in one message), and held queued there until written.
 */
export function* writeMessages(out: Writes, batch: number, done: Extract<ToMain, { type: "done" }>): Generator<Extract<ToMain, { type: "gone" | "batch" | "done" }>> {
  for (const kind of JUDGEMENT_KINDS)
    for (let i = 0; i < out.gone[kind].length; i += GONE_PER_MESSAGE) yield { type: "gone", kind, ids: out.gone[kind].slice(i, i + GONE_PER_MESSAGE) };
  for (const kind of JUDGEMENT_KINDS)
    for (let i = 0; i < out[kind].length; i += batch) {
      const rows: readonly object[] = out[kind].slice(i, i + batch);
      yield { type: "batch", kind, n: rows.length, json: JSON.stringify(rows) };
    }
  yield done;
}

/**
 * Judges a site's rows and compares the judgement with the stored one (in the worker, or in place
 * for a small site): its progress to `progress`, then the writes one at a time (writeMessages).
 * Each row is compared with the stored ones as it is made, and only the rows to write are held;
 * the rows and the stored digests are let go before the writes (a campus's rows are half a
 * gigabyte, held until the last write otherwise).
 */
export function judgeAndCompare(
  tables: SiteRows,
  stored: StoredDigests,
  m: Extract<ToWorker, { type: "judge" }>,
  progress: (m: Extract<ToMain, { type: "progress" }>) => void,
): Iterator<Extract<ToMain, { type: "gone" | "batch" | "done" }>> {
  const t0 = performance.now();
  const against = { paths: new StoredRows("paths", stored.paths), channels: new StoredRows("channels", stored.channels), findings: new StoredRows("findings", stored.findings) };
  const out: Writes = { gone: { paths: [], channels: [], findings: [] }, paths: [], channels: [], findings: [] };
  const judged = { channels: 0, findings: 0 };
  judgeTables(tables, m.site, m.userTypes, (step, done, total) => progress({ type: "progress", step, done, total }), {
    channel: (row) => {
      judged.channels++;
      const path = pathOf(row);
      if (against.paths.fresh(path)) out.paths.push(path);
      const judgement = judgementOnly(row);
      if (against.channels.fresh(judgement)) out.channels.push(judgement);
      return false;
    },
    finding: (row) => {
      judged.findings++;
      if (against.findings.fresh(row)) out.findings.push(row);
      return false;
    },
  });
  Object.assign(tables, emptySiteRows());
  for (const kind of JUDGEMENT_KINDS) out.gone[kind] = against[kind].gone();
  Object.assign(stored, emptyDigests());
  progress({ type: "progress", step: REMOVING, done: 0, total: goneCount(out) });
  progress({ type: "progress", step: "storing channels", done: 0, total: out.paths.length + out.channels.length });
  return writeMessages(out, m.batch, { type: "done", ...judged, ms: performance.now() - t0 });
}

/** The stored rows gone, of every kind. */
export const goneCount = (write: Writes) => JUDGEMENT_KINDS.reduce((n, kind) => n + write.gone[kind].length, 0);

export const emptyDigests = (): StoredDigests => ({ paths: [], channels: [], findings: [] });

/** Adds a page of stored digests (a JSON array of [id, digest]). */
export function addDigests(into: StoredDigests, kind: keyof StoredDigests, json: string): void {
  for (const d of JSON.parse(json) as [string, string | null][]) into[kind].push(d);
}

/** A site's rows as the model is built from them, gathered a page at a time. */
export type SiteRows = Omit<ModelRows, "site" | "userTypes">;

export const emptySiteRows = (): SiteRows => ({ ports: [], devices: [], modules: [], transceivers: [], cables: [], plugs: [] });

/** The strings a site's rows repeat (a device's id on each of its ports, a type, a long port name),
 *  one copy each: the parser makes a new string for every occurrence of a string longer than ten
 *  characters. Those of ten or fewer it takes from V8's table of internalized strings, one copy
 *  already (measured on Node 20: a million parsed strings of ten characters cost their array's 8
 *  bytes each, of eleven 40 bytes), so they are not looked up: at 3,000 racks the lookups of
 *  ports' short names, kinds and families had been 0.9 s of the worker's time. UUIDs are kept by
 *  their words (UuidPool), the others in a map. */
const sharedStrings = new WeakMap<SiteRows, { uuids: UuidPool; others: Map<string, string> }>();

function interner(rows: SiteRows): <S extends string | null>(s: S) => S {
  let seen = sharedStrings.get(rows);
  if (!seen) sharedStrings.set(rows, (seen = { uuids: new UuidPool(), others: new Map() }));
  const { uuids, others } = seen;
  return <S extends string | null>(s: S): S => {
    if (s === null || s.length <= 10) return s;
    const uuid = s.length === 36 ? uuids.intern(s) : undefined;
    if (uuid !== undefined) return uuid as S;
    const known = others.get(s);
    if (known !== undefined) return known as S;
    others.set(s, s);
    return s;
  };
}

/**
 * Adds a page of a table's tuples to the rows, as the model's row objects. Done as each page
 * arrives, so a tuple lives only until its page is turned into rows: the collector then never
 * carries a campus's tuples into the old generation, and the tuples and the rows are never held
 * at once (they had been half of the worker's memory at 3,000 racks). Repeated strings are kept
 * once (ids unique to a row are not looked up: the lookup would cost more than it saves).
 */
export function addTuples(into: SiteRows, table: keyof JudgeTables, tuples: unknown[]): void {
  const one = interner(into);
  switch (table) {
    case "ports":
      for (const [id, deviceId, moduleId, name, kind, family, keyType, cage, modulePort] of tuples as JudgeTables["ports"][])
        into.ports.push({ id, deviceId: one(deviceId), moduleId: one(moduleId), name: one(name), kind: one(kind), family: one(family), keyType: one(keyType), cage: one(cage), modulePort: one(modulePort) });
      return;
    case "devices":
      for (const [id, name, role, rackId, uPosition, uHeight, face] of tuples as JudgeTables["devices"][])
        into.devices.push({ id: one(id), name, role: one(role), rackId: one(rackId), uPosition, uHeight, face: one(face) });
      return;
    case "modules":
      for (const [id, deviceId, bay, kind, typeId] of tuples as JudgeTables["modules"][]) into.modules.push({ id: one(id), deviceId: one(deviceId), bay: one(bay), kind: one(kind), typeId: one(typeId) });
      return;
    case "transceivers":
      for (const [id, portId, typeId] of tuples as JudgeTables["transceivers"][]) into.transceivers.push({ id, portId, typeId: one(typeId) });
      return;
    case "cables":
      for (const [id, typeId, lengthM, label, splices, status] of tuples as JudgeTables["cables"][])
        if (status !== "decommissioned") into.cables.push({ id, typeId: one(typeId), lengthM, label, splices, status: one(status) });
      return;
    case "plugs":
      for (const [cableId, connector, portId, side] of tuples as JudgeTables["plugs"][]) into.plugs.push({ cableId, connector: one(connector), portId, side: one(side) });
      return;
  }
}

/** Builds the model of a whole site's rows, judges it and offers each judgement row as it is made (in the worker, or here for a small site). */
export function judgeTables(
  tables: SiteRows,
  site: ModelRows["site"],
  userTypes: ModelRows["userTypes"],
  onProgress: (step: string, done: number, total: number) => void,
  offer: RowOffer,
): void {
  sharedStrings.delete(tables);
  const allCables = tables.cables.sort(byRowId);
  const allPlugs = tables.plugs.sort(byPlugOrder);
  // The model's cables are those with a plug, its plugs those of its cables (a decommissioned cable
  // is not among the rows): one walk over both in cable order, where sets of a campus's ids had
  // taken most of a second.
  const cables: SiteRows["cables"] = [];
  const plugs: SiteRows["plugs"] = [];
  for (let i = 0, j = 0; i < allCables.length; i++) {
    const id = allCables[i]!.id;
    while (j < allPlugs.length && allPlugs[j]!.cableId < id) j++;
    let k = j;
    // Each plug given its cable's own id string: the page's copy of it, one per plug, is let go.
    while (k < allPlugs.length && allPlugs[k]!.cableId === id) {
      const plug = allPlugs[k++]!;
      plug.cableId = id;
      plugs.push(plug);
    }
    if (k > j) cables.push(allCables[i]!);
    j = k;
  }
  const rows: ModelRows = {
    site,
    devices: tables.devices.sort(byRowId),
    modules: tables.modules.sort(byRowId),
    ports: tables.ports.sort(byRowId),
    transceivers: tables.transceivers.sort(byRowId),
    cables,
    plugs,
    userTypes,
  };
  const built = buildModel(rows);
  onProgress("judging channels", 0, 0);
  const judgement = judgeSite(built.model, { ports: true });
  const total = judgement.channels.length;
  judgementRows(built, judgement, undefined, (done) => onProgress(COMPARING, done, total), offer);
}
