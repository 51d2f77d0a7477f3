import { z } from "zod";

/** Input schemas of rooms (zod only). */
export const renameRoomInput = z.object({
  id: z.uuid("Not a valid id."),
  version: z.number().int().min(1),
  name: z.string().trim().min(1, "Enter the room's name.").max(64, "At most 64 characters."),
});
export type RenameRoomInput = z.input<typeof renameRoomInput>;
export const deleteRoomInput = z.object({ id: z.uuid("Not a valid id."), version: z.number().int().min(1) });
