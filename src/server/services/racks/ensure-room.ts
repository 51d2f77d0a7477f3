import { and, eq, sql } from "drizzle-orm";
import { rooms } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";

/** The room of that name in the site, created when it is new (names match case-insensitively). */
export async function ensureRoom(tx: ServiceContext, siteId: string, name: string) {
  const find = async () =>
    (await tx.db.select().from(rooms).where(and(eq(rooms.siteId, siteId), eq(sql`lower(${rooms.name})`, name.toLowerCase()))))[0];
  const existing = await find();
  if (existing) return existing;
  const [created] = await tx.db.insert(rooms).values({ siteId, name }).onConflictDoNothing().returning();
  if (!created) return (await find())!; // created by a concurrent transaction meanwhile
  await recordAudit(tx, { action: "room.create", objectType: "room", objectId: created.id, siteId, after: created });
  return created;
}
