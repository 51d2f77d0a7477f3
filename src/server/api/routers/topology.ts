import { findPathTargets } from "../../services/topology/find-path-targets";
import { getElementDetails } from "../../services/topology/get-element-details";
import { getChannelPath, getPortPath } from "../../services/topology/get-path";
import { getTopology } from "../../services/topology/get-topology";
import { getTopologyOverview } from "../../services/topology/get-topology-overview";
import { channelPathInput, elementDetailsInput, findPathTargetsInput, portPathInput, topologyInput, topologyOverviewInput } from "../../services/topology/schemas";
import { createTRPCRouter, procedure } from "../trpc";

export const topologyRouter = createTRPCRouter({
  get: procedure.viewer.input(topologyInput).query(({ ctx, input }) => getTopology(ctx, input)),
  overview: procedure.viewer.input(topologyOverviewInput).query(({ ctx, input }) => getTopologyOverview(ctx, input)),
  details: procedure.viewer.input(elementDetailsInput).query(({ ctx, input }) => getElementDetails(ctx, input)),
  portPath: procedure.viewer.input(portPathInput).query(({ ctx, input }) => getPortPath(ctx, input)),
  channelPath: procedure.viewer.input(channelPathInput).query(({ ctx, input }) => getChannelPath(ctx, input)),
  find: procedure.viewer.input(findPathTargetsInput).query(({ ctx, input }) => findPathTargets(ctx, input)),
});
