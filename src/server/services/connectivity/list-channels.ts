import { sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import type { ServiceContext } from "../context";
import { queryRows } from "../inventory/sql";
import { listChannelsInput, type ListChannelsInput } from "./schemas";

/** The site's channels with their stored verdicts, failing first, a page at a time. */
export async function listChannels(ctx: ServiceContext, input: ListChannelsInput) {
  const { siteId, verdict, limit, offset } = listChannelsInput.parse(input);
  requireRole(ctx.actor, "viewer", siteId);
  const filter = verdict ? sql` and verdict = ${verdict}` : sql``;
  const [items, total] = await Promise.all([
    queryRows<{ key: string; title: string; verdict: string; errors: number; warnings: number; fibers: number; members: string[] }>(
      ctx.db,
      sql`select j.key, j.title, j.verdict, j.errors, j.warnings, j.fibers, p.members
            from (select key, title, verdict, errors, warnings, fibers from channel_judgements
                   where site_id = ${siteId}${filter}
                   order by case verdict when 'fail' then 0 when 'warning' then 1 else 2 end, title, key
                   limit ${limit} offset ${offset}) j
            join channel_paths p on p.site_id = ${siteId} and p.key = j.key
           order by case j.verdict when 'fail' then 0 when 'warning' then 1 else 2 end, j.title, j.key`,
    ),
    queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from channel_judgements where site_id = ${siteId}${filter}`),
  ]);
  return { total: total[0]?.n ?? 0, items };
}
