import type { SQL } from "drizzle-orm";
import type { Db } from "../../db/client";

/** Rows of a raw query on either driver (postgres.js answers an array, PGlite `{ rows }`). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

/** A uuid[] literal parameter. */
export const uuidArray = (ids: readonly string[]): string => `{${ids.join(",")}}`;
