import { sql, type SQL } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { queryRows } from "../inventory/sql";
import { planChannelPath, planPortPath } from "../plans/views/topology-reads";
import { channelsCrossing, overPorts, type TopologyPath } from "./crossing";
import { channelPathInput, portPathInput, type ChannelPathInput, type PortPathInput } from "./schemas";

/** Every port a channel's fibers cross, from end to end. */
const channelPorts = (siteId: string, where: SQL) =>
  sql`select unnest(c.ports || c.members) from channel_paths c where c.site_id = ${siteId} and ${where}`;

export async function getChannelPath(ctx: ServiceContext, input: ChannelPathInput): Promise<TopologyPath> {
  const { siteId, channelKey, planId } = channelPathInput.parse(input);
  requireRole(ctx.actor, "viewer", siteId);
  if (planId) return planChannelPath(ctx, { planId, siteId, channelKey });
  const ports = channelPorts(siteId, sql`c.key = ${channelKey}`);
  const crossing = await channelsCrossing(ctx.db, siteId, ports);
  const channel = crossing.channels.find((c) => c.key === channelKey);
  if (!channel) throw notFound("This channel");
  return { title: channel.title, channels: [channel], channelTotal: 1, ...(await overPorts(ctx.db, siteId, ports)), note: null };
}

/**
 * The path of a port: every channel crossing it, end to end. A port on no channel (an empty cage,
 * a panel port patched to nothing on one side) shows its own cables and the devices they reach.
 */
export async function getPortPath(ctx: ServiceContext, input: PortPathInput): Promise<TopologyPath> {
  const { siteId, portId, planId } = portPathInput.parse(input);
  requireRole(ctx.actor, "viewer", siteId);
  if (planId) return planPortPath(ctx, { planId, siteId, portId });
  const [port] = await queryRows<{ label: string }>(
    ctx.db,
    sql`select d.name || ':' || p.name as label from ports p join devices d on d.id = p.device_id where p.site_id = ${siteId} and p.id = ${portId}`,
  );
  if (!port) throw notFound("This port");
  const self = sql`select ${portId}::uuid`;
  const crossing = await channelsCrossing(ctx.db, siteId, self);
  if (crossing.total > 0) {
    const ports = channelPorts(siteId, sql`(c.ports @> array[${portId}]::uuid[] or c.members @> array[${portId}]::uuid[])`);
    return { title: port.label, channels: crossing.channels, channelTotal: crossing.total, ...(await overPorts(ctx.db, siteId, ports)), note: null };
  }
  const reached = sql`select cp2.port_id from cable_plugs cp1 join cable_plugs cp2 on cp2.cable_id = cp1.cable_id
                       where cp1.site_id = ${siteId} and cp1.port_id = ${portId}
                      union select ${portId}::uuid`;
  return {
    title: port.label,
    channels: [],
    channelTotal: 0,
    ...(await overPorts(ctx.db, siteId, reached)),
    note: "No channel crosses this port: showing the cables plugged into it.",
  };
}
