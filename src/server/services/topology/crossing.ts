import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { queryRows } from "../inventory/sql";
import type { Aside } from "../plans/evaluate";

export interface ChannelSummary {
  key: string;
  title: string;
  verdict: "pass" | "warning" | "fail";
  errors: number;
  warnings: number;
}

export interface FindingSummary {
  id: string;
  code: string;
  severity: "error" | "warning" | "info";
  message: string;
  channelKey: string | null;
}

const LIMIT = 50;

/** The channels whose fibers cross any of the ports `portIds` selects (a subquery), worst first. */
export async function channelsCrossing(db: Db, siteId: string, portIds: SQL, aside?: Aside): Promise<{ total: number; channels: ChannelSummary[] }> {
  const rows = await queryRows<{ key: string; title: string; verdict: ChannelSummary["verdict"]; errors: number; warnings: number; total: number }>(
    db,
    sql`select c.key, c.title, c.verdict, c.errors, c.warnings, count(*) over ()::int as total
          from channel_paths p join channel_judgements c on c.site_id = p.site_id and c.key = p.key
         where p.site_id = ${siteId}
           and (p.ports && array(${portIds}) or p.members && array(${portIds}))
           ${aside ? sql`and not ${aside.channel}` : sql``}
         order by case c.verdict when 'fail' then 0 when 'warning' then 1 else 2 end, c.title, c.key
         limit ${LIMIT}`,
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    channels: rows.map((r) => ({ key: r.key, title: r.title, verdict: r.verdict, errors: Number(r.errors), warnings: Number(r.warnings) })),
  };
}

/** The findings that concern any of the ports `portIds` selects, or a channel crossing them; errors first. */
export async function findingsOn(db: Db, siteId: string, portIds: SQL, aside?: Aside): Promise<{ total: number; findings: FindingSummary[] }> {
  const rows = await queryRows<{ id: string; code: string; severity: FindingSummary["severity"]; message: string; channel_key: string | null; total: number }>(
    db,
    sql`select f.id, f.code, f.severity, f.message, f.channel_key, count(*) over ()::int as total
          from findings f
         where f.site_id = ${siteId}
           and (f.port_ids && array(${portIds})
                or f.channel_key in (select c.key from channel_paths c
                                      where c.site_id = ${siteId} and (c.ports && array(${portIds}) or c.members && array(${portIds}))))
           ${aside ? sql`and not ${aside.finding}` : sql``}
         order by f.severity_rank, f.code, f.message, f.id
         limit ${LIMIT}`,
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    findings: rows.map((r) => ({ id: r.id, code: r.code, severity: r.severity, message: r.message, channelKey: r.channel_key })),
  };
}
