import { sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import type { ServiceContext } from "../context";
import { queryRows } from "../inventory/sql";
import { byIdInput } from "./schemas";

/**
 * The site tree: rooms, rows in each room, racks in each row, with each rack's device count and
 * the findings filed under it; and the site's totals of findings by severity and channels by verdict.
 */
export async function siteTree(ctx: ServiceContext, input: { id: string }) {
  const { id } = byIdInput.parse(input);
  requireRole(ctx.actor, "viewer", id);
  const [roomRows, rowRows, rackRows, deviceCounts, rackFindings, totals, verdicts] = await Promise.all([
    queryRows<{ id: string; name: string; version: number }>(ctx.db, sql`select id, name, version from rooms where site_id = ${id} order by lower(name)`),
    queryRows<{ id: string; name: string; version: number; room_id: string }>(ctx.db, sql`select id, name, version, room_id from rack_rows where site_id = ${id}`),
    queryRows<{ id: string; name: string; row: string; position: number | null; u_height: number; version: number; room_id: string }>(
      ctx.db,
      sql`select id, name, row, position, u_height, version, room_id from racks where site_id = ${id}
           order by row, position nulls last, lower(name)`,
    ),
    queryRows<{ rack_id: string; n: number }>(ctx.db, sql`select rack_id, count(*)::int as n from devices where site_id = ${id} and rack_id is not null group by rack_id`),
    queryRows<{ rack_id: string; severity: string; n: number }>(
      ctx.db,
      sql`select r as rack_id, severity, count(*)::int as n from findings, unnest(rack_ids) r where site_id = ${id} group by r, severity`,
    ),
    queryRows<{ severity: string; n: number }>(ctx.db, sql`select severity, count(*)::int as n from findings where site_id = ${id} group by severity`),
    queryRows<{ verdict: string; n: number }>(ctx.db, sql`select verdict, count(*)::int as n from channel_judgements where site_id = ${id} group by verdict`),
  ]);
  const devicesIn = new Map(deviceCounts.map((d) => [d.rack_id, d.n]));
  const byRack = new Map(rackFindings.map((f) => [`${f.rack_id}|${f.severity}`, f.n]));
  const findingsIn = (rackId: string, severity: string) => byRack.get(`${rackId}|${severity}`) ?? 0;
  const total = (severity: string) => totals.find((t) => t.severity === severity)?.n ?? 0;
  const verdict = (v: string) => verdicts.find((t) => t.verdict === v)?.n ?? 0;
  return {
    findings: { error: total("error"), warning: total("warning"), info: total("info") },
    channels: { pass: verdict("pass"), warning: verdict("warning"), fail: verdict("fail") },
    rooms: roomRows.map((room) => {
      const inRoom = rackRows.filter((r) => r.room_id === room.id);
      return {
        ...room,
        rows: [...new Set(inRoom.map((r) => r.row))].map((row) => ({
          row,
          /** The row's id and version (to rename it); null for the racks in no row. */
          ...(() => {
            const w = rowRows.find((x) => x.room_id === room.id && x.name.toLowerCase() === row.toLowerCase());
            return { rowId: w?.id ?? null, rowVersion: w?.version ?? null };
          })(),
          racks: inRoom
            .filter((r) => r.row === row)
            .map((r) => ({
              id: r.id,
              name: r.name,
              row: r.row,
              position: r.position,
              uHeight: r.u_height,
              version: r.version,
              devices: devicesIn.get(r.id) ?? 0,
              errors: findingsIn(r.id, "error"),
              warnings: findingsIn(r.id, "warning"),
            })),
        })),
      };
    }),
  };
}
