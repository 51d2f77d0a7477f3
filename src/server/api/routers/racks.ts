import { createRack } from "../../services/racks/create-rack";
import { deleteRack } from "../../services/racks/delete-rack";
import { getRack } from "../../services/racks/get-rack";
import { listRacks } from "../../services/racks/list-racks";
import { createRackInput, listRacksInput, updateRackInput } from "../../services/racks/schemas";
import { updateRack } from "../../services/racks/update-rack";
import { byIdInput, deleteInput } from "../../services/sites/schemas";
import { createTRPCRouter, procedure } from "../trpc";

export const racksRouter = createTRPCRouter({
  list: procedure.viewer.input(listRacksInput).query(({ ctx, input }) => listRacks(ctx, input)),
  /** A rack with its devices, for the elevation. */
  get: procedure.viewer.input(byIdInput).query(({ ctx, input }) => getRack(ctx, input)),
  create: procedure.editor.input(createRackInput).mutation(({ ctx, input }) => createRack(ctx, input)),
  update: procedure.editor.input(updateRackInput).mutation(({ ctx, input }) => updateRack(ctx, input)),
  delete: procedure.editor.input(deleteInput).mutation(({ ctx, input }) => deleteRack(ctx, input)),
});
