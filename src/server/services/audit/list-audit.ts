import { and, desc, eq, gte, ilike, inArray, lt, sql, type SQL } from "drizzle-orm";
import { requireRole, requireRoleSomewhere, roleOn, visibleSites } from "../../auth/actor";
import { auditEvents, sites } from "../../db/schema";
import type { ServiceContext } from "../context";
import { queryRows, uuidArray } from "../inventory/sql";
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
  return { entries: page, nextCursor: more ? page[page.length - 1]!.id : null, names: await namesOf(ctx, page) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id an entry's object and snapshots hold (values, and values inside arrays and objects). */
function idsIn(value: unknown, out: Set<string>, depth = 0): void {
  if (typeof value === "string") {
    if (UUID.test(value)) out.add(value.toLowerCase());
  } else if (value && typeof value === "object" && depth < 4) {
    for (const v of Array.isArray(value) ? value : Object.values(value)) idsIn(v, out, depth + 1);
  }
}

/**
 * The names of the objects an audit page mentions by id: sites, rooms, rows, racks, devices, ports
 * ("leaf1:Ethernet1/1"), cables (their label), modules, plans and accounts, so the trail reads in
 * names. Objects since deleted keep their id (the snapshot of their deletion holds their name).
 */
async function namesOf(ctx: ServiceContext, entries: readonly { objectId: string | null; before: unknown; after: unknown }[]): Promise<Record<string, string>> {
  const ids = new Set<string>();
  for (const e of entries) {
    if (e.objectId) idsIn(e.objectId, ids);
    idsIn(e.before, ids);
    idsIn(e.after, ids);
  }
  if (ids.size === 0) return {};
  const arr = uuidArray([...ids]);
  const rows = await queryRows<{ id: string; name: string }>(
    ctx.db,
    sql`select id::text, name from sites where id = any(${arr}::uuid[])
        union all select id::text, name from rooms where id = any(${arr}::uuid[])
        union all select id::text, 'row ' || name from rack_rows where id = any(${arr}::uuid[])
        union all select id::text, 'rack ' || name from racks where id = any(${arr}::uuid[])
        union all select id::text, name from devices where id = any(${arr}::uuid[])
        union all select p.id::text, d.name || ':' || p.name from ports p join devices d on d.id = p.device_id where p.id = any(${arr}::uuid[])
        union all select id::text, case when label = '' then 'cable ' || left(id::text, 8) else label end from cables where id = any(${arr}::uuid[])
        union all select m.id::text, d.name || ' bay ' || b.name from modules m join module_bays b on b.id = m.bay_id join devices d on d.id = b.device_id where m.id = any(${arr}::uuid[])
        union all select id::text, 'plan ' || name from plans where id = any(${arr}::uuid[])
        union all select id::text, name from users where id = any(${arr}::uuid[])`,
  );
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

/** Distinct actions and object types, for the filter lists. */
export async function auditFacets(ctx: ServiceContext) {
  requireRoleSomewhere(ctx.actor, "viewer");
  const where = scope(ctx);
  const actions = await ctx.db.selectDistinct({ v: auditEvents.action }).from(auditEvents).where(where).orderBy(auditEvents.action);
  const types = await ctx.db.selectDistinct({ v: auditEvents.objectType }).from(auditEvents).where(where).orderBy(auditEvents.objectType);
  return { actions: actions.map((a) => a.v), objectTypes: types.map((t) => t.v) };
}

