import { z } from "zod";

/** Input schemas of rows of racks (zod only). */
export const renameRowInput = z.object({
  id: z.uuid("Not a valid id."),
  version: z.number().int().min(1),
  name: z.string().trim().min(1, "Enter the row's label.").max(16, "At most 16 characters."),
});
export type RenameRowInput = z.input<typeof renameRowInput>;
