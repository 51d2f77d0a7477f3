import { createSite } from "../../services/sites/create-site";
import { deleteSite } from "../../services/sites/delete-site";
import { getSite } from "../../services/sites/get-site";
import { listSites } from "../../services/sites/list-sites";
import { siteTree } from "../../services/sites/site-tree";
import { byIdInput, createSiteInput, deleteInput, updateSiteInput } from "../../services/sites/schemas";
import { updateSite } from "../../services/sites/update-site";
import { createTRPCRouter, procedure } from "../trpc";

export const sitesRouter = createTRPCRouter({
  list: procedure.viewer.query(({ ctx }) => listSites(ctx)),
  get: procedure.viewer.input(byIdInput).query(({ ctx, input }) => getSite(ctx, input)),
  /** Rooms, rows and racks, with device counts and findings per rack. */
  tree: procedure.viewer.input(byIdInput).query(({ ctx, input }) => siteTree(ctx, input)),
  create: procedure.editor.input(createSiteInput).mutation(({ ctx, input }) => createSite(ctx, input)),
  update: procedure.editor.input(updateSiteInput).mutation(({ ctx, input }) => updateSite(ctx, input)),
  delete: procedure.editor.input(deleteInput).mutation(({ ctx, input }) => deleteSite(ctx, input)),
});
