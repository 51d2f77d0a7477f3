import { z } from "zod";
import { id, version } from "../sites/schemas";

export const RACK_MAX_U = 60;

export const rackName = z.string().trim().min(1, "Enter a name.").max(64, "At most 64 characters.");
const roomName = z.string().trim().min(1, "Enter the room.").max(64, "At most 64 characters.");
const rowLabel = z.string().trim().max(16, "At most 16 characters.");
const uHeight = z
  .number({ error: "Enter a whole number of rack units." })
  .int("Enter a whole number of rack units.")
  .min(1, "A rack is at least 1 U high.")
  .max(RACK_MAX_U, `A rack is at most ${RACK_MAX_U} U high.`);
const position = z.number().int("Enter a whole number.").min(1, "Positions start at 1.").max(999, "At most 999.");

export const createRackInput = z.object({
  siteId: id,
  room: roomName,
  row: rowLabel.default(""),
  position: position.nullable().default(null),
  name: rackName,
  uHeight,
});
export type CreateRackInput = z.input<typeof createRackInput>;

export const updateRackInput = z.object({
  id,
  version,
  name: rackName.optional(),
  room: roomName.optional(),
  row: rowLabel.optional(),
  position: position.nullable().optional(),
  uHeight: uHeight.optional(),
});
export type UpdateRackInput = z.input<typeof updateRackInput>;

export const listRacksInput = z.object({ siteId: id });
