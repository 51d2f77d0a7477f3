import { auditEvents } from "../../db/schema";
import type { ServiceContext } from "../context";

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

/**
 * The statement appending one entry to the audit trail: awaited, it runs on its own; embedded in
 * another statement of the change (a `with … as (…)` part), it costs no round trip of its own.
 */
export function auditInsert(ctx: ServiceContext, entry: AuditEntry) {
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
