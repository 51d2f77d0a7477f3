import { listChannels } from "../../services/connectivity/list-channels";
import { listFindings } from "../../services/connectivity/list-findings";
import { listChannelsInput, listFindingsInput, tracePortInput } from "../../services/connectivity/schemas";
import { tracePort } from "../../services/connectivity/trace-port";
import { createTRPCRouter, procedure } from "../trpc";

export const connectivityRouter = createTRPCRouter({
  trace: procedure.viewer.input(tracePortInput).query(({ ctx, input }) => tracePort(ctx, input)),
  findings: procedure.viewer.input(listFindingsInput).query(({ ctx, input }) => listFindings(ctx, input)),
  channels: procedure.viewer.input(listChannelsInput).query(({ ctx, input }) => listChannels(ctx, input)),
});
