import { previewTransceiver } from "../../services/connectivity/preview-transceiver";
import { installTransceiver } from "../../services/transceivers/install-transceiver";
import { removeTransceiver } from "../../services/transceivers/remove-transceiver";
import { installTransceiverInput, previewTransceiverInput, removeTransceiverInput, updateTransceiverInput } from "../../services/transceivers/schemas";
import { updateTransceiver } from "../../services/transceivers/update-transceiver";
import { createTRPCRouter, procedure } from "../trpc";

export const transceiversRouter = createTRPCRouter({
  /** What-if: judges the transceiver in the cage without saving it. */
  preview: procedure.viewer.input(previewTransceiverInput).query(({ ctx, input }) => previewTransceiver(ctx, input)),
  install: procedure.editor.input(installTransceiverInput).mutation(({ ctx, input }) => installTransceiver(ctx, input)),
  update: procedure.editor.input(updateTransceiverInput).mutation(({ ctx, input }) => updateTransceiver(ctx, input)),
  remove: procedure.editor.input(removeTransceiverInput).mutation(({ ctx, input }) => removeTransceiver(ctx, input)),
});
