import { renameRow } from "../../services/rows/rename-row";
import { renameRowInput } from "../../services/rows/schemas";
import { createTRPCRouter, procedure } from "../trpc";

export const rowsRouter = createTRPCRouter({
  rename: procedure.editor.input(renameRowInput).mutation(({ ctx, input }) => renameRow(ctx, input)),
});
