import { and, desc, eq, gte, ilike, inArray, lt, sql, type SQL } from "drizzle-orm";
import { requireRole, requireRoleSomewhere, roleOn, visibleSites } from "../../auth/actor";
import { auditEvents, sites } from "../../db/schema";
import type { ServiceContext } from "../context";
import { auditFilterInput, listAuditInput, type AuditFilterInput, type ListAuditInput } from "./schemas";

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Who may read which entries: an administrator everything; anyone else the entries of the sites they
 * may view (site-less entries — sign-ins, accounts, tokens — are an administrator's only).
 */
function scope(ctx: ServiceContext): SQL | undefined {
  if (roleOn(ctx.actor, null) === "admin") return undefined;
  const visible = visibleSites(ctx.actor);
  if (visible === "all") return sql`${auditEvents.siteId} is not null`;
  return visible.length ? inArray(auditEvents.siteId, visible) : sql`false`;
}

export function auditWhere(ctx: ServiceContext, input: AuditFilterInput): SQL | undefined {
  const f = auditFilterInput.parse(input);
  const conditions: (SQL | undefined)[] = [scope(ctx)];
  if (f.from) conditions.push(gte(auditEvents.at, new Date(`${f.from}T00:00:00Z`)));
  if (f.to) conditions.push(lt(auditEvents.at, new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000)));
  if (f.siteId) conditions.push(eq(auditEvents.siteId, f.siteId));
  if (f.actor) conditions.push(ilike(auditEvents.actorLabel, `%${likeEscape(f.actor)}%`));
  if (f.objectType) conditions.push(eq(auditEvents.objectType, f.objectType));
  if (f.objectId) conditions.push(eq(auditEvents.objectId, f.objectId));
  if (f.action) conditions.push(f.action.endsWith(".") ? ilike(auditEvents.action, `${likeEscape(f.action)}%`) : eq(auditEvents.action, f.action));
  return and(...conditions);
}

/** The newest entries first, one page at a time (keyset on the id). */
export async function listAudit(ctx: ServiceContext, input: ListAuditInput) {
  const data = listAuditInput.parse(input);
  if (data.siteId) requireRole(ctx.actor, "viewer", data.siteId);
  else requireRoleSomewhere(ctx.actor, "viewer");
  const rows = await ctx.db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorLabel: auditEvents.actorLabel,
      action: auditEvents.action,
      objectType: auditEvents.objectType,
      objectId: auditEvents.objectId,
      siteId: auditEvents.siteId,
      siteName: sites.name,
      planId: auditEvents.planId,
      before: auditEvents.before,
      after: auditEvents.after,
      ip: auditEvents.ip,
    })
    .from(auditEvents)
    .leftJoin(sites, eq(sites.id, auditEvents.siteId))
    .where(and(auditWhere(ctx, data), data.cursor ? lt(auditEvents.id, data.cursor) : undefined))
    .orderBy(desc(auditEvents.id))
    .limit(data.limit + 1);
  const more = rows.length > data.limit;
  const page = more ? rows.slice(0, data.limit) : rows;
  return { entries: page, nextCursor: more ? page[page.length - 1]!.id : null };
}

/** Distinct actions and object types, for the filter lists. */
export async function auditFacets(ctx: ServiceContext) {
  requireRoleSomewhere(ctx.actor, "viewer");
  const where = scope(ctx);
  const actions = await ctx.db.selectDistinct({ v: auditEvents.action }).from(auditEvents).where(where).orderBy(auditEvents.action);
  const types = await ctx.db.selectDistinct({ v: auditEvents.objectType }).from(auditEvents).where(where).orderBy(auditEvents.objectType);
  return { actions: actions.map((a) => a.v), objectTypes: types.map((t) => t.v) };
}

