import { sql, type SQLWrapper } from "drizzle-orm";
import { auditEvents } from "../../db/schema";
import type { ServiceContext } from "../context";
import { queryRows } from "../inventory/sql";

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId?: string | null;
  siteId?: string | null;
  planId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** JSON-safe copy of a row for the trail: dates as ISO strings, secrets never included. */
function snapshot(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => (key === "passwordHash" || key === "tokenHash" || key === "csrfToken" ? undefined : v)),
  );
}

/** The statement appending one entry to the audit trail (see recordAudit and writeWithAudit). */
function auditInsert(ctx: ServiceContext, entry: AuditEntry) {
  return ctx.db.insert(auditEvents).values({
    actorUserId: ctx.actor.userId,
    actorLabel: ctx.actor.label,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId ?? null,
    siteId: entry.siteId ?? null,
    planId: entry.planId ?? ctx.planId ?? null,
    planStep: entry.planId && entry.planId !== ctx.planId ? null : (ctx.planStep ?? null),
    before: snapshot(entry.before),
    after: snapshot(entry.after),
    ip: ctx.actor.ip ?? null,
  });
}

/** Appends one entry to the audit trail, inside the caller's transaction. */
export async function recordAudit(ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  await auditInsert(ctx, entry);
}

/**
 * A change's writes and its audit entry as one statement: each write a `with` part, named by its key,
 * in the order given, and the entry one more, so the entry costs no round trip of its own. Answers
 * the rows the part named `answer` returns (none without it).
 */
export async function writeWithAudit(ctx: ServiceContext, writes: Record<string, SQLWrapper>, entry: AuditEntry, answer?: string): Promise<Record<string, unknown>[]> {
  const parts = [...Object.entries(writes).map(([name, write]) => sql`${sql.identifier(name)} as (${write.getSQL()})`), sql`audit as (${auditInsert(ctx, entry).getSQL()})`];
  return queryRows<Record<string, unknown>>(ctx.db, sql`with ${sql.join(parts, sql`, `)} select ${answer ? sql`* from ${sql.identifier(answer)}` : sql`1`}`);
}
