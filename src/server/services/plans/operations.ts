import { z } from "zod";

/**
 * The operations a change plan is made of, as zod schemas (zod only: safe in client bundles).
 * `operationInput` is what a person writes; the stored payload (`storedOperation`) adds `newId` to
 * operations that create something, so later operations of the same plan can refer to it (a cord
 * plugged into a cage of a planned switch, a cassette in a planned enclosure), and to a device made
 * from a device type the type's bays and ports as they were when the operation was written.
 */
const id = z.uuid("Not a valid id.");
const typeId = z
  .string({ error: "Choose a type." })
  .trim()
  .min(1, "Choose a type.")
  .max(120, "At most 120 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Not a catalog type id.");
const connector = z.string().trim().min(1, "Choose the cable's connector.").max(16, "At most 16 characters.");
const side = z.enum(["front", "rear"]);
const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`);
const unit = z.number({ error: "Enter a rack unit." }).int("Enter a whole number.").min(1, "Rack units start at 1.").max(60, "A rack has at most 60 units.");
export const FAMILY_OPTIONS = ["LC", "SC", "SN", "MDC", "CS", "LC-simplex", "SC-simplex", "ST", "FC", "LSH", "splice", "MPO-8", "MPO-12", "MPO-16", "MPO-24", "MPO-32"] as const;

export const planCableEnd = z.object({ connector, portId: id, side: side.optional() });

const portGroup = z
  .object({
    names: z
      .string()
      .trim()
      .min(1, "Enter the port names, e.g. 1..24 or Ethernet1/1..48.")
      .max(80, "At most 80 characters.")
      .regex(/^[^\s@:]+$/, "No spaces, '@' or ':' in port names."),
    kind: z.enum(["transceiver", "adapter"]),
    family: z.enum(FAMILY_OPTIONS).optional(),
    keyType: z.enum(["A", "B"]).optional(),
    cage: text(32).optional(),
  })
  .superRefine((g, ctx) => {
    if (g.kind === "adapter" && !g.family) ctx.addIssue({ code: "custom", path: ["family"], message: "An adapter needs a connector family." });
    if (g.kind === "adapter" && !g.keyType) ctx.addIssue({ code: "custom", path: ["keyType"], message: "An adapter needs a key type (A or B)." });
  });

const cableAdd = z.object({
  kind: z.literal("cable.add"),
  typeId,
  label: text(64).default(""),
  lengthM: z.number({ error: "Enter the length in metres." }).min(0.1, "A cable is at least 0.1 m long.").max(100_000, "At most 100 km."),
  splices: z.number().int("Enter a whole number.").min(0, "At least 0.").max(100, "At most 100 splices.").default(0),
  ends: z.array(planCableEnd).max(200, "At most 200 ends.").default([]),
});
const cableRemove = z.object({ kind: z.literal("cable.remove"), cableId: id });
const cableMove = z.object({ kind: z.literal("cable.move"), cableId: id, connector, portId: id.nullable(), side: side.optional() });
const cableRetype = z.object({ kind: z.literal("cable.retype"), cableId: id, typeId });
const cableField = z.object({ kind: z.literal("cable.field"), cableId: id, end: z.enum(["a", "b"]), change: z.enum(["gender", "key"]) });
const transceiverAdd = z.object({ kind: z.literal("transceiver.add"), portId: id, typeId, serial: text(64).default("") });
const transceiverRemove = z.object({ kind: z.literal("transceiver.remove"), transceiverId: id });
const transceiverMove = z.object({ kind: z.literal("transceiver.move"), transceiverId: id, portId: id });
const moduleAdd = z
  .object({
    kind: z.literal("module.add"),
    deviceId: id,
    bay: text(16).min(1, "Choose a bay."),
    moduleKind: z.enum(["cassette", "plate"]).default("cassette"),
    typeId: typeId.optional(),
    family: z.enum(FAMILY_OPTIONS).optional(),
    keyType: z.enum(["A", "B"]).optional(),
    count: z.number().int().min(1, "At least 1 adapter.").max(48, "At most 48 adapters.").optional(),
    label: text(100).default(""),
  })
  .superRefine((m, ctx) => {
    if (m.moduleKind === "cassette" && !m.typeId) ctx.addIssue({ code: "custom", path: ["typeId"], message: "Choose the cassette type." });
    if (m.moduleKind === "plate" && (!m.family || !m.keyType || !m.count))
      ctx.addIssue({ code: "custom", path: ["family"], message: "An adapter plate needs a family, a key type and a count." });
  });
const moduleRemove = z.object({ kind: z.literal("module.remove"), moduleId: id });
const moduleMove = z.object({ kind: z.literal("module.move"), moduleId: id, bay: text(16).min(1, "Choose a bay.") });
const deviceAdd = z.object({
  kind: z.literal("device.add"),
  name: z
    .string()
    .trim()
    .min(1, "Enter a name.")
    .max(64, "At most 64 characters.")
    .regex(/^[^:@/]+$/, "No ':', '@' or '/' in a device name."),
  role: z.enum(["switch", "server", "router", "panel", "enclosure", "other"]),
  /** A device type (imported switch model or panel housing): its bays and ports come with the device. */
  templateId: typeId.optional(),
  model: text(100).default(""),
  rackId: id.nullable().default(null),
  uPosition: unit.nullable().default(null),
  uHeight: z.number().int().min(1, "At least 1 U.").max(60, "At most 60 U.").default(1),
  face: side.default("front"),
  bays: z.number().int().min(0).max(48, "At most 48 bays.").default(0),
  ports: z.array(portGroup).max(16, "At most 16 port groups.").default([]),
});
const deviceRemove = z.object({ kind: z.literal("device.remove"), deviceId: id });
const deviceMove = z.object({ kind: z.literal("device.move"), deviceId: id, rackId: id.nullable(), uPosition: unit.nullable(), face: side.default("front") });

export const operationInput = z.discriminatedUnion(
  "kind",
  [cableAdd, cableRemove, cableMove, cableRetype, cableField, transceiverAdd, transceiverRemove, transceiverMove, moduleAdd, moduleRemove, moduleMove, deviceAdd, deviceRemove, deviceMove],
  { error: "Choose what the operation does." },
);
export type OperationInput = z.input<typeof operationInput>;
export type Operation = z.output<typeof operationInput>;
export type OperationKind = Operation["kind"];

/** Operations that create an object carry its planned id. */
export const CREATING_KINDS = ["cable.add", "transceiver.add", "module.add", "device.add"] as const satisfies readonly OperationKind[];
/** What a device type gives a planned device, as it was when the operation was written. */
export interface TemplateSnapshot {
  bays: string[];
  ports: ({ name: string; kind: "transceiver"; cage: string | null } | { name: string; kind: "adapter"; family: string; keyType: "A" | "B"; polish?: "PC" | "UPC" | "APC" | null })[];
}
export type StoredOperation = Operation & { newId?: string; template?: TemplateSnapshot };

/** The ports an operation names: a cable's ends, a transceiver's cage, a moved end. */
export function portsNamed(op: StoredOperation): string[] {
  const o = op as { portId?: unknown; ends?: { portId?: unknown }[] };
  return [o.portId, ...(o.ends ?? []).map((end) => end?.portId)].filter((p): p is string => typeof p === "string");
}

export const OPERATION_TITLES: Record<OperationKind, string> = {
  "cable.add": "Install a cable",
  "cable.remove": "Remove a cable",
  "cable.move": "Move a cable end",
  "cable.retype": "Change a cable's type",
  "cable.field": "Re-pin or re-key an MTP end",
  "transceiver.add": "Insert a transceiver",
  "transceiver.remove": "Remove a transceiver",
  "transceiver.move": "Move a transceiver",
  "module.add": "Install a cassette or plate",
  "module.remove": "Remove a cassette or plate",
  "module.move": "Move a cassette to another bay",
  "device.add": "Install a device",
  "device.remove": "Remove a device",
  "device.move": "Move a device",
};

/** An object of the live inventory an operation reads, with the version it had then. */
export interface OperationRead {
  type: "cable" | "transceiver" | "module" | "device" | "port";
  id: string;
  version: number;
  label: string;
}

// ---------------------------------------------------------------------------------------------
// Procedure inputs
// ---------------------------------------------------------------------------------------------

const version = z.number().int().min(1);
const planName = z.string().trim().min(1, "Name the plan.").max(120, "At most 120 characters.");
const description = z.string().trim().max(2000, "At most 2000 characters.");
const note = z.string().trim().max(500, "At most 500 characters.").default("");

export const PLAN_STATUS_OPTIONS = ["draft", "submitted", "approved", "in_progress", "completed", "stopped", "rejected", "abandoned"] as const;

export const createPlanInput = z.object({ siteId: id, name: planName, description: description.default("") });
export type CreatePlanInput = z.input<typeof createPlanInput>;
export const updatePlanInput = z.object({ id, version, name: planName.optional(), description: description.optional() });
export type UpdatePlanInput = z.input<typeof updatePlanInput>;
export const planByIdInput = z.object({ id });
export const listPlansInput = z.object({ siteId: id, status: z.enum(PLAN_STATUS_OPTIONS).optional(), limit: z.number().int().min(1).max(200).default(100) });
export type ListPlansInput = z.input<typeof listPlansInput>;

export const addOperationInput = z.object({ planId: id, version, operation: operationInput });
export type AddOperationInput = z.input<typeof addOperationInput>;
export const replaceOperationInput = z.object({ planId: id, version, operationId: id, operation: operationInput });
export type ReplaceOperationInput = z.input<typeof replaceOperationInput>;
export const removeOperationInput = z.object({ planId: id, version, operationId: id });
export type RemoveOperationInput = z.input<typeof removeOperationInput>;

export const PLAN_TRANSITIONS = ["submit", "withdraw", "approve", "reject", "reopen", "abandon"] as const;
export type PlanTransition = (typeof PLAN_TRANSITIONS)[number];
export const transitionPlanInput = z.object({ id, version, note });
export type TransitionPlanInput = z.input<typeof transitionPlanInput>;
export const releasePlanInput = z.object({ id, version });
export type ReleasePlanInput = z.input<typeof releasePlanInput>;
export const stopPlanInput = z.object({ id, version, note });
export type StopPlanInput = z.input<typeof stopPlanInput>;

export const stepInput = z.object({ planId: id, n: z.number().int().min(1).max(100_000), done: z.boolean() });
export type StepInput = z.input<typeof stepInput>;
export const stepByCableInput = z.object({ cableId: id });
