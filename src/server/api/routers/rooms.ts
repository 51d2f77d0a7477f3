import { deleteRoom } from "../../services/rooms/delete-room";
import { renameRoom } from "../../services/rooms/rename-room";
import { deleteRoomInput, renameRoomInput } from "../../services/rooms/schemas";
import { createTRPCRouter, procedure } from "../trpc";

export const roomsRouter = createTRPCRouter({
  rename: procedure.editor.input(renameRoomInput).mutation(({ ctx, input }) => renameRoom(ctx, input)),
  delete: procedure.editor.input(deleteRoomInput).mutation(({ ctx, input }) => deleteRoom(ctx, input)),
});
