import { sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import type { ServiceContext } from "../context";
import { queryRows } from "../inventory/sql";
import { findPathTargetsInput, type FindPathTargetsInput } from "./schemas";

const LIMIT = 12;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Ports and channels matching what the user typed, to choose a path from: "leaf1:Eth" finds the
 * ports of devices named leaf1… whose name starts with Eth; "leaf1" finds leaf1's ports; channels
 * match anywhere in their title ("leaf1:Ethernet1/1 ↔ spine1:Ethernet1/1").
 */
export async function findPathTargets(ctx: ServiceContext, input: FindPathTargetsInput) {
  const { siteId, q } = findPathTargetsInput.parse(input);
  requireRole(ctx.actor, "viewer", siteId);
  const colon = q.indexOf(":");
  const device = escapeLike((colon >= 0 ? q.slice(0, colon) : q).trim().toLowerCase());
  const port = escapeLike((colon >= 0 ? q.slice(colon + 1) : "").trim().toLowerCase());
  const [ports, channels] = await Promise.all([
    queryRows<{ id: string; label: string; on_channel: boolean }>(
      ctx.db,
      sql`select p.id, d.name || ':' || p.name as label,
                 exists (select 1 from channel_paths c where c.site_id = ${siteId} and (c.ports @> array[p.id] or c.members @> array[p.id])) as on_channel
            from devices d join ports p on p.device_id = d.id
           where d.site_id = ${siteId}
             and lower(d.name) like ${`${device}%`}
             and lower(p.name) like ${`${port}%`}
           order by lower(d.name), p.ordinal, p.name
           limit ${LIMIT}`,
    ),
    queryRows<{ key: string; title: string; verdict: "pass" | "warning" | "fail" }>(
      ctx.db,
      sql`select c.key, c.title, c.verdict from channel_judgements c
           where c.site_id = ${siteId} and lower(c.title) like ${`%${escapeLike(q.toLowerCase())}%`}
           order by case c.verdict when 'fail' then 0 when 'warning' then 1 else 2 end, c.title
           limit ${LIMIT}`,
    ),
  ]);
  return {
    ports: ports.map((p) => ({ id: p.id, label: p.label, onChannel: Boolean(p.on_channel) })),
    channels: channels.map((c) => ({ key: c.key, title: c.title, verdict: c.verdict })),
  };
}
