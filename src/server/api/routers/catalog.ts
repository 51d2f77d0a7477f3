import { createType } from "../../services/catalog/create-type";
import { deleteType } from "../../services/catalog/delete-type";
import { deleteDeviceTemplate, listDeviceTemplates } from "../../services/catalog/device-templates";
import { getType } from "../../services/catalog/get-type";
import { listTypes } from "../../services/catalog/list-types";
import { createTypeInput, deleteTemplateInput, deleteTypeInput, listTypesInput, typeByIdInput, typeWordsInput, updateTypeInput } from "../../services/catalog/schemas";
import { typeWords } from "../../services/catalog/type-words";
import { updateType } from "../../services/catalog/update-type";
import { createTRPCRouter, procedure } from "../trpc";

export const catalogRouter = createTRPCRouter({
  list: procedure.viewer.input(listTypesInput).query(({ ctx, input }) => listTypes(ctx, input)),
  get: procedure.viewer.input(typeByIdInput).query(({ ctx, input }) => getType(ctx, input)),
  /** Types in words, by id: what a connector is, for pages that only hold a type id. */
  words: procedure.viewer.input(typeWordsInput).query(({ ctx, input }) => typeWords(ctx, input)),
  create: procedure.admin.input(createTypeInput).mutation(({ ctx, input }) => createType(ctx, input)),
  update: procedure.admin.input(updateTypeInput).mutation(({ ctx, input }) => updateType(ctx, input)),
  delete: procedure.admin.input(deleteTypeInput).mutation(({ ctx, input }) => deleteType(ctx, input)),
  /** Device templates: imported switch models and panel housings. */
  templates: procedure.viewer.query(({ ctx }) => listDeviceTemplates(ctx)),
  deleteTemplate: procedure.admin.input(deleteTemplateInput).mutation(({ ctx, input }) => deleteDeviceTemplate(ctx, input)),
});
