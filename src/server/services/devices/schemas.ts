import { z } from "zod";

/** Input schemas of devices, bays, modules and ports (zod only: safe in client bundles). */
const id = z.uuid("Not a valid id.");
const version = z.number().int().min(1);

export const DEVICE_ROLE_OPTIONS = ["switch", "server", "router", "panel", "enclosure", "other"] as const;
export const CONNECTOR_FAMILY_OPTIONS = ["LC", "SC", "SN", "MDC", "CS", "LC-simplex", "SC-simplex", "ST", "FC", "LSH", "splice", "MPO-8", "MPO-12", "MPO-16", "MPO-24", "MPO-32"] as const;

export const deviceName = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(64, "At most 64 characters.")
  .regex(/^[^:@/]+$/, "No ':', '@' or '/' in a device name (they separate device, port and side).");
const unit = z
  .number({ error: "Enter a rack unit (a whole number)." })
  .int("Enter a whole number of rack units.")
  .min(1, "Rack units start at 1.")
  .max(60, "A rack has at most 60 units.");
const height = z
  .number({ error: "Enter the height in rack units." })
  .int("Enter a whole number of rack units.")
  .min(1, "A device is at least 1 U high.")
  .max(60, "A device is at most 60 U high.");
const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`);

export const portName = z
  .string()
  .trim()
  .min(1, "Enter a port name.")
  .max(64, "At most 64 characters.")
  .regex(/^[^\s@:]+$/, "No spaces, '@' or ':' in a port name.");

/** A group of ports made at once: "Ethernet1/1..48" makes 48 cages, "1..24" 24 adapters. */
export const portGroupInput = z
  .object({
    names: z
      .string()
      .trim()
      .min(1, "Enter the port names, e.g. 1..24 or Ethernet1/1..48.")
      .max(80, "At most 80 characters.")
      .regex(/^[^\s@:]+$/, "No spaces, '@' or ':' in port names."),
    kind: z.enum(["transceiver", "adapter"], { error: "Choose cage (for a transceiver) or adapter." }),
    family: z.enum(CONNECTOR_FAMILY_OPTIONS, { error: "Choose a connector family." }).optional(),
    keyType: z.enum(["A", "B"], { error: "Choose the adapter's key: A (key-up to key-down) or B (key-up to key-up)." }).optional(),
    polish: z.enum(["PC", "UPC", "APC"]).optional(),
    cage: text(32).optional(),
  })
  .superRefine((g, ctx) => {
    if (g.kind === "adapter" && !g.family) ctx.addIssue({ code: "custom", path: ["family"], message: "An adapter needs a connector family." });
    if (g.kind === "adapter" && !g.keyType) ctx.addIssue({ code: "custom", path: ["keyType"], message: "An adapter needs a key type (A or B)." });
  });
export type PortGroupInput = z.input<typeof portGroupInput>;

export const createDeviceInput = z.object({
  siteId: id,
  rackId: id.nullable().default(null),
  name: deviceName,
  /** A device template (an imported switch model or panel housing): its role, model and height are
   *  the defaults, and its bays and ports are added to those given here. */
  templateId: z.string().trim().min(1, "Choose a device type.").max(100, "At most 100 characters.").optional(),
  role: z.enum(DEVICE_ROLE_OPTIONS, { error: "Choose what the device is." }).optional(),
  model: text(100).default(""),
  label: text(100).default(""),
  uPosition: unit.nullable().default(null),
  /** Default: the template's height, else 1 U. */
  uHeight: height.optional(),
  face: z.enum(["front", "rear"]).default("front"),
  fullDepth: z.boolean().default(false),
  /** Module bays to create, named 1..n. */
  bays: z.number().int("Enter a whole number.").min(0, "At least 0.").max(48, "At most 48 bays.").default(0),
  ports: z.array(portGroupInput).max(16, "At most 16 port groups at once.").default([]),
});
export type CreateDeviceInput = z.input<typeof createDeviceInput>;

export const updateDeviceInput = z.object({
  id,
  version,
  name: deviceName.optional(),
  role: z.enum(DEVICE_ROLE_OPTIONS).optional(),
  model: text(100).optional(),
  label: text(100).optional(),
  rackId: id.nullable().optional(),
  uPosition: unit.nullable().optional(),
  uHeight: height.optional(),
  face: z.enum(["front", "rear"]).optional(),
  fullDepth: z.boolean().optional(),
});
export type UpdateDeviceInput = z.input<typeof updateDeviceInput>;

export const byIdInput = z.object({ id });
export const deleteByIdInput = z.object({ id, version });

export const listDevicesInput = z.object({
  siteId: id,
  rackId: id.optional(),
  q: text(64).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  /** Name of the last device of the previous page. */
  after: z.string().max(64).optional(),
});
export type ListDevicesInput = z.input<typeof listDevicesInput>;

export const addBayInput = z.object({ deviceId: id, name: text(16).min(1, "Enter the bay's name.") });

export const installModuleInput = z
  .object({
    deviceId: id,
    bay: text(16).min(1, "Choose a bay."),
    kind: z.enum(["cassette", "plate"], { error: "Choose cassette or adapter plate." }),
    typeId: z.string().trim().max(120).optional(),
    /** Adapter plates: the adapters on the plate. */
    family: z.enum(CONNECTOR_FAMILY_OPTIONS).optional(),
    keyType: z.enum(["A", "B"]).optional(),
    count: z.number().int("Enter a whole number.").min(1, "At least 1 adapter.").max(48, "At most 48 adapters.").optional(),
    label: text(100).default(""),
  })
  .superRefine((m, ctx) => {
    if (m.kind === "cassette" && !m.typeId) ctx.addIssue({ code: "custom", path: ["typeId"], message: "Choose the cassette type." });
    if (m.kind === "plate") {
      if (!m.family) ctx.addIssue({ code: "custom", path: ["family"], message: "Choose the plate's connector family." });
      if (!m.keyType) ctx.addIssue({ code: "custom", path: ["keyType"], message: "Choose the adapters' key type." });
      if (!m.count) ctx.addIssue({ code: "custom", path: ["count"], message: "Enter how many adapters the plate has." });
    }
  });
export type InstallModuleInput = z.input<typeof installModuleInput>;

export const updateModuleInput = z.object({ id, version, bay: text(16).min(1, "Choose a bay.").optional(), label: text(100).optional() });
export type UpdateModuleInput = z.input<typeof updateModuleInput>;

export const addPortsInput = z.object({ deviceId: id, group: portGroupInput, label: text(100).default("") });
export type AddPortsInput = z.input<typeof addPortsInput>;

export const updatePortInput = z.object({ id, version, name: portName.optional(), label: text(100).optional() });
export type UpdatePortInput = z.input<typeof updatePortInput>;
