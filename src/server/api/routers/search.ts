import { searchSiteInput } from "../../services/search/schemas";
import { searchSite } from "../../services/search/search-site";
import { createTRPCRouter, procedure } from "../trpc";

export const searchRouter = createTRPCRouter({
  site: procedure.viewer.input(searchSiteInput).query(({ ctx, input }) => searchSite(ctx, input)),
});
