import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";

/**
 * Changes to one site's plant are serialized: each takes this lock for the rest of its transaction,
 * so the judgements it writes are computed from a plant no one else is changing meanwhile.
 */
export async function lockSitePlant(db: Db, siteId: string): Promise<void> {
  // Through uuid, so the key is the id as stored whatever case it was typed in.
  await db.execute(sql`select ${sitePlantLock(sql`${siteId}::uuid::text`)}`);
}

/**
 * The same lock as an expression, for a statement that reads the row naming the site (`siteId` is
 * an SQL expression of it, text as a uuid column gives it) and locks its plant in one round trip. Only what the statement read
 * before the lock was granted comes from before any change that held it: read the plant in a later
 * statement.
 */
export const sitePlantLock = (siteId: SQL): SQL => sql`pg_advisory_xact_lock(hashtext('ferrule-plant:' || ${siteId}))`;
