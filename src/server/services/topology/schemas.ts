import { z } from "zod";

/** Input schemas of the topology reads (zod only: safe in client bundles). */
const id = z.uuid("Not a valid id.");

/**
 * Part of a site: one room, or one row of a room (`row`: the row's name, "" for racks in no row).
 * The detail a large site's overview opens on demand.
 */
export const topologyScope = z.object({
  roomId: id,
  row: z.string().max(100, "A row name has at most 100 characters.").optional(),
});
export type TopologyScope = z.input<typeof topologyScope>;

/** `planId`: the site as that change plan would leave it (what-if view); `scope`: one room or row only. */
export const topologyInput = z.object({ siteId: id, planId: id.optional(), scope: topologyScope.optional() });
export type TopologyInput = z.input<typeof topologyInput>;

/** The site in figures per room and row, with the trunks between rows summed into bundles. */
export const topologyOverviewInput = z.object({ siteId: id, planId: id.optional() });
export type TopologyOverviewInput = z.input<typeof topologyOverviewInput>;

export const TOPOLOGY_DETAIL_KINDS = ["room", "rack", "device", "cables"] as const;

/** The details of a room, a rack, a device, or one or more cables (a bundle of trunks); `planId` as in `topologyInput`. */
export const elementDetailsInput = z.object({
  siteId: id,
  kind: z.enum(TOPOLOGY_DETAIL_KINDS),
  ids: z.array(id).min(1, "Choose an element.").max(2000, "At most 2000 cables at once."),
  planId: id.optional(),
});
export type ElementDetailsInput = z.input<typeof elementDetailsInput>;

export const portPathInput = z.object({ siteId: id, portId: id, planId: id.optional() });
export type PortPathInput = z.input<typeof portPathInput>;

/** A channel is named by its key: the smallest port id among its transceiver ports. */
export const channelPathInput = z.object({ siteId: id, channelKey: id, planId: id.optional() });
export type ChannelPathInput = z.input<typeof channelPathInput>;

export const findPathTargetsInput = z.object({
  siteId: id,
  q: z.string().trim().min(1, "Type a port or a channel.").max(64, "At most 64 characters."),
});
export type FindPathTargetsInput = z.input<typeof findPathTargetsInput>;
