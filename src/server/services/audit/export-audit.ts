import { and, asc, eq, gt } from "drizzle-orm";
import { requireRole, requireRoleSomewhere } from "../../auth/actor";
import { auditEvents, sites } from "../../db/schema";
import type { ServiceContext } from "../context";
import { auditWhere } from "./list-audit";
import { auditFilterInput, type AuditFilterInput } from "./schemas";

export const AUDIT_CSV_COLUMNS = ["id", "at", "actor", "action", "object_type", "object_id", "site", "site_id", "plan_id", "ip", "before", "after"] as const;

function csvField(value: unknown): string {
  const s = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  // Quote when needed; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The audit trail matching the filters, oldest first, as CSV lines or JSON Lines, produced in pages of
 * 1,000 so a long trail never sits in memory at once.
 */
export async function* exportAudit(ctx: ServiceContext, input: AuditFilterInput, format: "csv" | "json"): AsyncGenerator<string> {
  const filters = auditFilterInput.parse(input);
  if (filters.siteId) requireRole(ctx.actor, "viewer", filters.siteId);
  else requireRoleSomewhere(ctx.actor, "viewer");
  const where = auditWhere(ctx, filters);
  if (format === "csv") yield `${AUDIT_CSV_COLUMNS.join(",")}\r\n`;
  else yield "[\n";
  let after = 0;
  let first = true;
  for (;;) {
    const page = await ctx.db
      .select({ e: auditEvents, siteName: sites.name })
      .from(auditEvents)
      .leftJoin(sites, eq(sites.id, auditEvents.siteId))
      .where(and(where, gt(auditEvents.id, after)))
      .orderBy(asc(auditEvents.id))
      .limit(1000);
    for (const { e, siteName } of page) {
      if (format === "csv") {
        yield [e.id, e.at.toISOString(), e.actorLabel, e.action, e.objectType, e.objectId, siteName, e.siteId, e.planId, e.ip, e.before, e.after].map(csvField).join(",") + "\r\n";
      } else {
        yield `${first ? "" : ",\n"}${JSON.stringify({ ...e, at: e.at.toISOString(), site: siteName })}`;
        first = false;
      }
    }
    if (page.length < 1000) break;
    after = page[page.length - 1]!.e.id;
  }
  if (format === "json") yield "\n]\n";
}
