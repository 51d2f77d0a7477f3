import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { ANALYZE_FROM_ROWS, refreshStatistics } from "../inventory/sql";
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

/**
 * Inserts many rows with one statement per `batch` rows: every column goes as one array parameter
 * and `unnest` turns the arrays back into rows. Much faster than a VALUES list for 100,000 rows,
 * and it never runs into the 65,535-parameter limit. Between batches the event loop runs, so
 * progress reaches the caller on the embedded database too (whose queries never wait on a socket).
 */
export async function bulkInsert<T>(db: Db, table: string, columns: readonly BulkColumn<T>[], rows: readonly T[], batch = 10_000, onBatch?: (done: number) => void): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) {
    const slice = rows.slice(i, i + batch);
    const arrays: SQL[] = columns.map((c) => sql`${pgArray(slice.map(c.value))}::${sql.raw(c.type)}`);
    await db.execute(
      sql`insert into ${sql.identifier(table)} (${sql.raw(columns.map((c) => `"${c.name}"`).join(", "))}) select * from unnest(${sql.join(arrays, sql`, `)})`,
    );
    onBatch?.(Math.min(rows.length, i + batch));
    await breathe();
  }
  // What is read next (judging the import) is planned for the table with these rows.
  if (rows.length >= ANALYZE_FROM_ROWS) await refreshStatistics(db, [table]);
}
