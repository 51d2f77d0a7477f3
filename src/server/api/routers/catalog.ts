import { createType } from "../../services/catalog/create-type";
import { deleteType } from "../../services/catalog/delete-type";
import { deleteDeviceTemplate, listDeviceTemplates } from "../../services/catalog/device-templates";
import { getType } from "../../services/catalog/get-type";
import { listTypes } from "../../services/catalog/list-types";
import { createTypeInput, deleteTemplateInput, deleteTypeInput, listTypesInput, typeByIdInput, updateTypeInput } from "../../services/catalog/schemas";
import { updateType } from "../../services/catalog/update-type";
import { createTRPCRouter, procedure } from "../trpc";

export const catalogRouter = createTRPCRouter({
  list: procedure.viewer.input(listTypesInput).query(({ ctx, input }) => listTypes(ctx, input)),
  get: procedure.viewer.input(typeByIdInput).query(({ ctx, input }) => getType(ctx, input)),
  create: procedure.admin.input(createTypeInput).mutation(({ ctx, input }) => createType(ctx, input)),
  update: procedure.admin.input(updateTypeInput).mutation(({ ctx, input }) => updateType(ctx, input)),
  delete: procedure.admin.input(deleteTypeInput).mutation(({ ctx, input }) => deleteType(ctx, input)),
  /** Device templates: imported switch models and panel housings. */
  templates: procedure.viewer.query(({ ctx }) => listDeviceTemplates(ctx)),
  deleteTemplate: procedure.admin.input(deleteTemplateInput).mutation(({ ctx, input }) => deleteDeviceTemplate(ctx, input)),
});
