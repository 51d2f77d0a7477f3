import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { ANALYZE_FROM_ROWS, cachedPlans, refreshStatistics } from "../inventory/sql";
import { breathe } from "./limits";

/** A PostgreSQL array literal of text values: `{"a","b \"c\"",NULL}` (passed as one parameter). */
export function pgArray(values: readonly (string | number | boolean | null)[]): string {
  return `{${values
    .map((v) => (v === null ? "NULL" : typeof v === "string" ? `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"` : String(v)))
    .join(",")}}`;
}

export interface BulkColumn<T> {
  readonly name: string;
  /** PostgreSQL array type the values are cast to: uuid[], text[], float8[], int4[], bool[]. */
  readonly type: string;
  value(row: T): string | number | boolean | null;
}

/** Rows of the first statement, and the fewest of any: the size is then set from how long statements take. */
const FIRST_BATCH = 2_000;
const LEAST_BATCH = 500;
/** How long one statement should take: progress then reaches the caller several times a second,
 *  also on a loaded server where a statement of 10,000 plugs (four indexes, three foreign keys) took
 *  up to 9 s at 3,000 racks. */
const STATEMENT_MS = 250;

/**
 * Inserts many rows with one statement per batch: every column goes as one array parameter and
 * `unnest` turns the arrays back into rows. Much faster than a VALUES list for 100,000 rows, and it
 * never runs into the 65,535-parameter limit. Batches start at 2,000 rows and are sized from the
 * time the last one took (at most `batch` rows). Between batches the event loop runs, so progress
 * reaches the caller on the embedded database too (whose queries never wait on a socket).
 */
export async function bulkInsert<T>(db: Db, table: string, columns: readonly BulkColumn<T>[], rows: readonly T[], batch = 10_000, onBatch?: (done: number) => void): Promise<void> {
  let size = Math.min(batch, FIRST_BATCH);
  const restorePlans = await cachedPlans(db);
  for (let i = 0; i < rows.length; ) {
    const slice = rows.slice(i, i + size);
    const arrays: SQL[] = columns.map((c) => sql`${pgArray(slice.map(c.value))}::${sql.raw(c.type)}`);
    const started = performance.now();
    await db.execute(
      sql`insert into ${sql.identifier(table)} (${sql.raw(columns.map((c) => `"${c.name}"`).join(", "))}) select * from unnest(${sql.join(arrays, sql`, `)})`,
    );
    const ms = performance.now() - started;
    i += slice.length;
    onBatch?.(i);
    await breathe();
    size = Math.max(Math.min(LEAST_BATCH, batch), Math.min(batch, Math.round((size * STATEMENT_MS) / Math.max(ms, 1))));
  }
  await restorePlans();
  // What is read next (judging the import) is planned for the table with these rows.
  if (rows.length >= ANALYZE_FROM_ROWS) await refreshStatistics(db, [table]);
}
