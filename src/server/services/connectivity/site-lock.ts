import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";

/**
 * Changes to one site's plant are serialized: each takes this lock for the rest of its transaction,
 * so the judgements it writes are computed from a plant no one else is changing meanwhile.
 */
export async function lockSitePlant(db: Db, siteId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`ferrule-plant:${siteId}`}))`);
}
