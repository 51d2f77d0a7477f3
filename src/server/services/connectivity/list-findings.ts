import { sql, type SQL } from "drizzle-orm";
import { FINDING_CODES, type FindingCode } from "../../../domain";
import { requireRole } from "../../auth/actor";
import type { ServiceContext } from "../context";
import { queryRows } from "../inventory/sql";
import { planFindings } from "../plans/views/findings";
import { listFindingsInput, type ListFindingsInput } from "./schemas";

interface FindingListRow {
  id: string;
  code: string;
  severity: "error" | "warning" | "info";
  message: string;
  channel_key: string | null;
  port_ids: string[];
  rack_ids: string[];
  elements: unknown;
}

/**
 * The site's findings, worst first, filtered by severity, code, room and rack, a page at a time;
 * with counts by severity and by code under the same room and rack filter (for the filter menus).
 * Read from the stored judgements: nothing is judged per view.
 */
export async function listFindings(ctx: ServiceContext, input: ListFindingsInput) {
  if (input.planId) {
    const planned = await planFindings(ctx, input);
    if (planned) return planned;
  }
  const { siteId, severity, code, roomId, rackId, limit, offset } = listFindingsInput.parse(input);
  requireRole(ctx.actor, "viewer", siteId);
  const place: SQL[] = [sql`f.site_id = ${siteId}`];
  if (rackId) place.push(sql`f.rack_ids @> array[${rackId}]::uuid[]`);
  if (roomId) place.push(sql`f.id in (select f2.id from racks r join findings f2 on f2.rack_ids @> array[r.id] where r.room_id = ${roomId})`);
  const where = [...place];
  if (severity) where.push(sql`f.severity = ${severity}`);
  if (code) where.push(sql`f.code = ${code}`);
  const and = (parts: SQL[]) => sql.join(parts, sql` and `);

  const [items, total, bySeverity, byCode] = await Promise.all([
    queryRows<FindingListRow>(
      ctx.db,
      sql`select f.id, f.code, f.severity, f.message, f.channel_key, f.port_ids, f.rack_ids, f.elements
            from findings f where ${and(where)}
           order by f.severity_rank, f.code, f.message, f.id
           limit ${limit} offset ${offset}`,
    ),
    queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from findings f where ${and(where)}`),
    queryRows<{ severity: string; n: number }>(ctx.db, sql`select f.severity, count(*)::int as n from findings f where ${and(place)} group by f.severity`),
    queryRows<{ code: string; n: number }>(
      ctx.db,
      sql`select f.code, count(*)::int as n from findings f where ${and(severity ? [...place, sql`f.severity = ${severity}`] : place)} group by f.code order by f.code`,
    ),
  ]);

  // Where each finding is: the first port it names, with its device and rack.
  const firstPorts = [...new Set(items.map((f) => f.port_ids[0]).filter((p): p is string => !!p))];
  const where_ = firstPorts.length
    ? await queryRows<{ id: string; device_id: string; label: string; rack_id: string | null; rack: string | null }>(
        ctx.db,
        sql`select p.id, p.device_id, d.name || ':' || p.name as label, r.id as rack_id, r.name as rack
              from ports p join devices d on d.id = p.device_id left join racks r on r.id = d.rack_id
             where p.id = any(${`{${firstPorts.join(",")}}`}::uuid[])`,
      )
    : [];
  const at = new Map(where_.map((w) => [w.id, w]));
  return {
    total: total[0]?.n ?? 0,
    items: items.map((f) => {
      const p = f.port_ids[0] ? at.get(f.port_ids[0]) : undefined;
      return {
        id: f.id,
        code: f.code,
        title: FINDING_CODES[f.code as FindingCode]?.title ?? f.code,
        severity: f.severity,
        message: f.message,
        channelKey: f.channel_key,
        portId: p?.id ?? null,
        portLabel: p?.label ?? null,
        deviceId: p?.device_id ?? null,
        rackId: p?.rack_id ?? null,
        rackName: p?.rack ?? null,
      };
    }),
    counts: {
      error: bySeverity.find((s) => s.severity === "error")?.n ?? 0,
      warning: bySeverity.find((s) => s.severity === "warning")?.n ?? 0,
      info: bySeverity.find((s) => s.severity === "info")?.n ?? 0,
    },
    codes: byCode.map((c) => ({ code: c.code, title: FINDING_CODES[c.code as FindingCode]?.title ?? c.code, n: c.n })),
  };
}
