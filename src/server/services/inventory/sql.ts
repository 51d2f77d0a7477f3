import { getTableColumns, sql, type SQL } from "drizzle-orm";
import { PgDialect, type PgTable } from "drizzle-orm/pg-core";
import type { Sql } from "postgres";
import type { Db } from "../../db/client";

/** Rows of a raw query on either driver (postgres.js answers an array, PGlite `{ rows }`). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

/**
 * A query-builder statement built once per database handle and run with placeholders: building a
 * select of a few tables' columns is a good part of a millisecond, paid on every request otherwise
 * (profiled on the trace and on every API call's token at 3,000 racks).
 */
export function builtOnce<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const built = new WeakMap<Db, Q>();
  return (db) => {
    let q = built.get(db);
    if (!q) built.set(db, (q = build(db)));
    return q;
  };
}

/**
 * A row of `table` as the query builder gives it (its keys, dates as Date), from a raw row that holds
 * the table's columns under their own names (`returning *`, `select c.*`).
 */
export function tableRow<T extends PgTable>(table: T, raw: Record<string, unknown>): T["$inferSelect"] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T["$inferSelect"];
}

/** A uuid[] literal parameter. */
export const uuidArray = (ids: readonly string[]): string => `{${ids.join(",")}}`;

/**
 * The postgres.js connection behind a handle (the pool, or the connection of an open transaction),
 * when the database is PostgreSQL; undefined on the embedded database.
 */
export function postgresClient(db: Db): Sql | undefined {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  return typeof client === "function" && typeof (client as Partial<Sql>).unsafe === "function" ? (client as Sql) : undefined;
}

export const dialect = new PgDialect();

/**
 * A statement given as its text and values (made by a worker thread's query builder, see
 * site-files/site-file-worker.ts), run on `db` — a transaction or the pool, either driver: rows as
 * objects, or as arrays of values in the statement's column order.
 */
export async function rawStatement(db: Db, text: string, params: readonly unknown[], arrays: boolean): Promise<unknown[]> {
  const client = postgresClient(db);
  if (client) {
    const query = client.unsafe(text, params as never[]);
    return arrays ? [...(await query.values())] : [...(await query)];
  }
  const embedded = (db as unknown as { session: { client: { query(text: string, params: unknown[], opts: object): Promise<{ rows: unknown[] }> } } }).session.client;
  return (await embedded.query(text, [...params], arrays ? { rowMode: "array" } : {})).rows;
}

/**
 * Pages of a cursor with the next one already asked for: PostgreSQL reads page n + 1 while the
 * caller writes page n.
 */
export async function* readAhead<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  const it = pages[Symbol.asyncIterator]();
  let next: Promise<IteratorResult<T>> | undefined = it.next();
  try {
    for (;;) {
      const page: IteratorResult<T> = await next;
      next = undefined;
      if (page.done) return;
      next = it.next();
      yield page.value;
    }
  } finally {
    if (next) {
      const pending = await next.catch(() => ({ done: true }) as IteratorResult<T>);
      if (!pending.done) await it.return?.();
    }
  }
}

/** Rows written by one change from which the planner's statistics of its tables are refreshed. */
export const ANALYZE_FROM_ROWS = 10_000;

/**
 * Refreshes the planner's statistics of tables a bulk change has just rewritten a good part of, in
 * the caller's transaction. Autovacuum gets to them later; until then the plans of the queries that
 * read a part of the plant are made for the tables as they were (measured at 3,000 racks after a few
 * 50,000-cable imports: trace p50 31–36 ms, edit p95 103–112 ms; after ANALYZE 13 ms and 33 ms).
 */
export async function refreshStatistics(db: Db, tables: readonly string[]): Promise<void> {
  await db.execute(sql.raw(`analyze ${tables.map((t) => `"${t.replaceAll('"', '""')}"`).join(", ")}`));
}

/**
 * Lets PostgreSQL cache the plans of the statements it runs inside the many-row writes that follow
 * in the caller's transaction, until the returned function sets the mode back. Connections run
 * with `plan_cache_mode = force_custom_plan` (see client.ts), and that holds for the statements a
 * write runs for itself too: each foreign key's check of each new row was planned anew (measured at
 * 3,000 racks: 100,000 plugs, three foreign keys, inserted in 6.7 s, in 3.0 s with cached plans;
 * the 50,000-cable import's writing 10.1–11.7 s). Set back before the reads that follow, which keep
 * their custom plans. Only within a transaction; the embedded database keeps its default.
 * `force_generic_plan`: every statement until then runs on its one cached plan, from its first run
 * on the connection (for statements whose generic plan was looked at and found to be index lookups).
 */
export async function cachedPlans(db: Db, mode: "auto" | "force_generic_plan" = "auto"): Promise<() => Promise<void>> {
  if (!postgresClient(db)) return async () => {};
  const [row] = await queryRows<{ was: string }>(db, sql`select current_setting('plan_cache_mode') as was, set_config('plan_cache_mode', ${mode}, true)`);
  const was = row!.was;
  return async () => {
    await db.execute(sql`select set_config('plan_cache_mode', ${was}, true)`);
  };
}
