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

/**
 * How the ports of a question are matched against the stored arrays of ports. An array overlap
 * (`ports && array(…)`) is compared element by element, row by row: a room's 96,000 ports against a
 * campus's 194,000 channels took over two minutes. A few ports (a device, a rack, cables) find their
 * channels and findings one port at a time through the GIN indexes; many (a room) hash the ports and
 * pass once over the stored rows' ports (about a second at 3,000 racks, whatever the room).
 */
export type PortCount = "few" | "many";

/** `w`: the ports `portIds` selects, once each; `k`: the keys of the stored channels crossing them. */
const crossingKeys = (siteId: string, portIds: SQL, count: PortCount) =>
  sql`w as materialized (select distinct x.id from (${portIds}) x(id)),
      k as materialized (${
        count === "many"
          ? sql`select distinct p.key from channel_paths p cross join lateral unnest(p.ports || p.members) u(id)
                 where p.site_id = ${siteId} and u.id in (select id from w)`
          : sql`select p.key from w join channel_paths p on p.site_id = ${siteId} and p.ports @> array[w.id]
                union
                select p.key from w join channel_paths p on p.site_id = ${siteId} and p.members @> array[w.id]`
      })`;

/** The channels whose fibers cross any of the ports `portIds` selects (a subquery), worst first. */
export async function channelsCrossing(db: Db, siteId: string, portIds: SQL, aside?: Aside, count: PortCount = "few"): Promise<{ total: number; channels: ChannelSummary[] }> {
  const rows = await queryRows<{ key: string; title: string; verdict: ChannelSummary["verdict"]; errors: number; warnings: number; total: number }>(
    db,
    sql`with ${crossingKeys(siteId, portIds, count)}
        select c.key, c.title, c.verdict, c.errors, c.warnings, count(*) over ()::int as total
          from k join channel_judgements c on c.site_id = ${siteId} and c.key = k.key
         ${aside ? sql`where not ${aside.channel}` : sql``}
         order by case c.verdict when 'fail' then 0 when 'warning' then 1 else 2 end, c.title, c.key
         limit ${LIMIT}`,
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    channels: rows.map((r) => ({ key: r.key, title: r.title, verdict: r.verdict, errors: Number(r.errors), warnings: Number(r.warnings) })),
  };
}

/** The findings that concern any of the ports `portIds` selects, or a channel crossing them; errors first. */
export async function findingsOn(db: Db, siteId: string, portIds: SQL, aside?: Aside, count: PortCount = "few"): Promise<{ total: number; findings: FindingSummary[] }> {
  const rows = await queryRows<{ id: string; code: string; severity: FindingSummary["severity"]; message: string; channel_key: string | null; total: number }>(
    db,
    sql`with ${crossingKeys(siteId, portIds, count)},
        fs as (
          ${
            count === "many"
              ? sql`select f.id from findings f cross join lateral unnest(f.port_ids) u(id) where f.site_id = ${siteId} and u.id in (select id from w)`
              : sql`select f.id from w join findings f on f.site_id = ${siteId} and f.port_ids @> array[w.id]`
          }
          union
          select f.id from k join findings f on f.site_id = ${siteId} and f.channel_key = k.key
        )
        select f.id, f.code, f.severity, f.message, f.channel_key, count(*) over ()::int as total
          from fs join findings f on f.id = fs.id
         ${aside ? sql`where not ${aside.finding}` : sql``}
         order by f.severity_rank, f.code, f.message, f.id
         limit ${LIMIT}`,
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    findings: rows.map((r) => ({ id: r.id, code: r.code, severity: r.severity, message: r.message, channelKey: r.channel_key })),
  };
}

/** A path across the graph: the devices (node ids) and cables (ids) a channel's fibers go through. */
export interface TopologyPath {
  title: string;
  channels: ChannelSummary[];
  channelTotal: number;
  deviceIds: string[];
  cableIds: string[];
  /** Set when the port is on no channel: the path is then only its own cables. */
  note: string | null;
}

/** Devices holding the ports `portIds` selects, and the live cables plugged into them. */
export async function overPorts(db: Db, siteId: string, portIds: SQL): Promise<{ deviceIds: string[]; cableIds: string[] }> {
  const rows = await queryRows<{ kind: "d" | "c"; id: string }>(
    db,
    sql`select distinct 'd' as kind, p.device_id as id from ports p where p.site_id = ${siteId} and p.id = any(array(${portIds}))
        union all
        select distinct 'c', cp.cable_id from cable_plugs cp join cables c on c.id = cp.cable_id
         where cp.site_id = ${siteId} and cp.port_id = any(array(${portIds})) and c.status <> 'decommissioned'`,
  );
  return {
    deviceIds: rows.filter((r) => r.kind === "d").map((r) => `device:${r.id}`).sort(),
    cableIds: rows.filter((r) => r.kind === "c").map((r) => r.id).sort(),
  };
}
