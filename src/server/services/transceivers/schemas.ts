import { z } from "zod";

/** Input schemas of transceivers (zod only: safe in client bundles). */
const id = z.uuid("Not a valid id.");
const typeId = z
  .string({ error: "Choose a transceiver type." })
  .trim()
  .min(1, "Choose a transceiver type.")
  .max(120, "At most 120 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Not a catalog type id.");
const serial = z.string().trim().max(64, "At most 64 characters.");

export const installTransceiverInput = z.object({ portId: id, typeId, serial: serial.default("") });
export type InstallTransceiverInput = z.input<typeof installTransceiverInput>;

export const updateTransceiverInput = z.object({ id, version: z.number().int().min(1), typeId: typeId.optional(), serial: serial.optional() });
export type UpdateTransceiverInput = z.input<typeof updateTransceiverInput>;

export const removeTransceiverInput = z.object({ id, version: z.number().int().min(1) });

export const previewTransceiverInput = z.object({ portId: id, typeId });
export type PreviewTransceiverInput = z.input<typeof previewTransceiverInput>;
