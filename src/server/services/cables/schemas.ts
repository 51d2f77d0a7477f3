import { z } from "zod";

/** Input schemas of cables and their ends (zod only: safe in client bundles). */
const id = z.uuid("Not a valid id.");
const version = z.number().int().min(1);
const typeId = z
  .string({ error: "Choose a cable type." })
  .trim()
  .min(1, "Choose a cable type.")
  .max(120, "At most 120 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Not a catalog type id.");
const label = z.string().trim().max(64, "At most 64 characters.");
const colour = z
  .string()
  .trim()
  .regex(/^([0-9a-fA-F]{6})?$/, "Six hex digits, e.g. 00aaff (or leave empty).")
  .transform((s) => s.toLowerCase());
const lengthM = z
  .number({ error: "Enter the length in metres." })
  .min(0.1, "A cable is at least 0.1 m long.")
  .max(100_000, "At most 100 km.");
const splices = z.number().int("Enter a whole number.").min(0, "At least 0.").max(100, "At most 100 splices.");

export const CABLE_STATUS_OPTIONS = ["planned", "installed", "decommissioned"] as const;

export const cableEndInput = z.object({
  connector: z.string().trim().min(1, "Choose the cable's connector.").max(16, "At most 16 characters."),
  portId: id,
  side: z.enum(["front", "rear"]).optional(),
});
export type CableEndInput = z.input<typeof cableEndInput>;

export const createCableInput = z.object({
  siteId: id,
  typeId,
  label: label.default(""),
  colour: colour.default(""),
  lengthM,
  status: z.enum(CABLE_STATUS_OPTIONS).default("installed"),
  splices: splices.default(0),
  ends: z.array(cableEndInput).max(200, "At most 200 ends.").default([]),
  /** Plug a connector into a port of another family anyway (recorded, and flagged by the checks). */
  confirmFamilyMismatch: z.boolean().default(false),
});
export type CreateCableInput = z.input<typeof createCableInput>;

export const updateCableInput = z.object({
  id,
  version,
  typeId: typeId.optional(),
  label: label.optional(),
  colour: colour.optional(),
  lengthM: lengthM.optional(),
  status: z.enum(CABLE_STATUS_OPTIONS).optional(),
  splices: splices.optional(),
  confirmFamilyMismatch: z.boolean().default(false),
});
export type UpdateCableInput = z.input<typeof updateCableInput>;

export const plugCableInput = z.object({
  id,
  version,
  connector: z.string().trim().min(1, "Choose the cable's connector.").max(16),
  portId: id,
  side: z.enum(["front", "rear"]).optional(),
  confirmFamilyMismatch: z.boolean().default(false),
});
export type PlugCableInput = z.input<typeof plugCableInput>;

export const unplugCableInput = z.object({ id, version, connector: z.string().trim().min(1, "Choose the connector to unplug.").max(16) });
export type UnplugCableInput = z.input<typeof unplugCableInput>;

export const cableByIdInput = z.object({ id });
export const deleteCableInput = z.object({ id, version });

/** The cable list's filters and orders (the values of the catalog's columns). */
export const CABLE_LIST_KINDS = ["patch-cord", "trunk", "harness", "conversion"] as const;
export const CABLE_LIST_FIBERS = ["OM1", "OM2", "OM3", "OM4", "OM5", "OS1", "OS2"] as const;
export const CABLE_LIST_POLARITIES = ["A", "B", "C", "AB", "AA"] as const;
export const CABLE_LIST_VERDICTS = ["pass", "warning", "fail", "none"] as const;
export const CABLE_LIST_SORTS = ["label", "length"] as const;

export const listCablesInput = z.object({
  siteId: id,
  /** Anywhere in the label. */
  q: z.string().trim().max(64).optional(),
  status: z.enum(CABLE_STATUS_OPTIONS).optional(),
  kind: z.enum(CABLE_LIST_KINDS).optional(),
  fiber: z.enum(CABLE_LIST_FIBERS).optional(),
  polarity: z.enum(CABLE_LIST_POLARITIES).optional(),
  /** The worst verdict of the channels through the cable's ports; "none": no channel crosses it. */
  verdict: z.enum(CABLE_LIST_VERDICTS).optional(),
  sort: z.enum(CABLE_LIST_SORTS).default("label"),
  desc: z.boolean().default(false),
  limit: z.number().int().min(1).max(500).default(100),
  /** Position after the previous page: its last cable's label (or length) and id. */
  after: z.object({ label: z.string().max(64), id, lengthM: z.number().min(0).max(100000).optional() }).optional(),
});
export type ListCablesInput = z.input<typeof listCablesInput>;

/** What-if: judge a cable (new, or an existing one with another type or ends) without saving. */
export const previewCableInput = z.object({
  siteId: id,
  cableId: id.optional(),
  typeId,
  label: label.default(""),
  lengthM: lengthM.default(2),
  splices: splices.default(0),
  ends: z.array(cableEndInput).max(200).optional(),
});
export type PreviewCableInput = z.input<typeof previewCableInput>;
