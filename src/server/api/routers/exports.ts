import { exportSummary } from "../../services/exports/summary";
import { siteExportInput } from "../../services/exports/schemas";
import { createTRPCRouter, procedure } from "../trpc";

/** Exports are downloads (src/server/http/exchange-routes.ts); this is what the page lists. */
export const exportsRouter = createTRPCRouter({
  summary: procedure.viewer.input(siteExportInput).query(({ ctx, input }) => exportSummary(ctx, input)),
});
