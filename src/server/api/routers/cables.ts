import { createCable } from "../../services/cables/create-cable";
import { deleteCable } from "../../services/cables/delete-cable";
import { getCable } from "../../services/cables/get-cable";
import { listCables } from "../../services/cables/list-cables";
import { plugCable } from "../../services/cables/plug-cable";
import {
  cableByIdInput,
  createCableInput,
  deleteCableInput,
  listCablesInput,
  plugCableInput,
  previewCableInput,
  unplugCableInput,
  updateCableInput,
} from "../../services/cables/schemas";
import { unplugCable } from "../../services/cables/unplug-cable";
import { updateCable } from "../../services/cables/update-cable";
import { previewCable } from "../../services/connectivity/preview-cable";
import { createTRPCRouter, procedure } from "../trpc";

export const cablesRouter = createTRPCRouter({
  list: procedure.viewer.input(listCablesInput).query(({ ctx, input }) => listCables(ctx, input)),
  get: procedure.viewer.input(cableByIdInput).query(({ ctx, input }) => getCable(ctx, input)),
  /** What-if: judges the cable without saving it. */
  preview: procedure.viewer.input(previewCableInput).query(({ ctx, input }) => previewCable(ctx, input)),
  create: procedure.editor.input(createCableInput).mutation(({ ctx, input }) => createCable(ctx, input)),
  update: procedure.editor.input(updateCableInput).mutation(({ ctx, input }) => updateCable(ctx, input)),
  plug: procedure.editor.input(plugCableInput).mutation(({ ctx, input }) => plugCable(ctx, input)),
  unplug: procedure.editor.input(unplugCableInput).mutation(({ ctx, input }) => unplugCable(ctx, input)),
  delete: procedure.editor.input(deleteCableInput).mutation(({ ctx, input }) => deleteCable(ctx, input)),
});
