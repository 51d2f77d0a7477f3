/**
 * The shape of a devicetype-library file as read: the keys Ferrule uses, checked for type, with
 * the quirks of real files accepted (positions written as quoted numbers, a numeric part number).
 * Keys Ferrule does not use (weight, airflow, images, power ports…) pass through unchecked.
 */
import { z } from "zod";

const describe = (v: unknown): string => {
  if (v === undefined) return "nothing";
  if (v === null) return "an empty value";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the text "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  return `${typeof v} ${String(v)}`;
};

const text = (what: string) =>
  z.string({ error: (iss) => (iss.input === undefined ? `${what} is required` : `${what} must be text, not ${describe(iss.input)}`) });

const name = (what: string) => text(what).min(1, `${what} must not be empty`);

/** Text that real files sometimes write as a bare number (`part_number: 41998`). */
const looseText = (what: string) =>
  z.union([z.string(), z.number()], { error: (iss) => `${what} must be text, not ${describe(iss.input)}` }).transform(String);

/** NetBox allows 1..1024 positions on a port; files sometimes quote the number (`positions: '6'`). */
export const MAX_POSITIONS = 1024;
const position = (what: string) =>
  z.unknown().transform((v, ctx) => {
    const n = typeof v === "number" ? v : typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isInteger(n)) {
      ctx.addIssue({ code: "custom", message: `${what} must be a whole number from 1 to ${MAX_POSITIONS}, not ${describe(v)}` });
      return z.NEVER;
    }
    if (n < 1 || n > MAX_POSITIONS) {
      ctx.addIssue({ code: "custom", message: `${what} must be from 1 to ${MAX_POSITIONS}, not ${n}` });
      return z.NEVER;
    }
    return n;
  });

const list = <T extends z.ZodType>(what: string, item: T) =>
  z.array(item, { error: (iss) => `${what} must be a list, not ${describe(iss.input)}` });

const entry = <S extends z.ZodRawShape>(what: string, shape: S) =>
  z.looseObject(shape, { error: (iss) => `each entry of ${what} must be a mapping, not ${describe(iss.input)}` });

const rearPort = entry("rear-ports", {
  name: name("the rear port's name"),
  type: name("the rear port's type"),
  positions: position("positions").optional(),
  label: looseText("label").optional(),
  description: looseText("description").optional(),
  comments: looseText("comments").optional(),
  color: looseText("color").optional(),
});

const frontPort = entry("front-ports", {
  name: name("the front port's name"),
  type: name("the front port's type"),
  positions: position("positions").optional(),
  rear_port: name("rear_port").optional(),
  rear_port_position: position("rear_port_position").optional(),
  label: looseText("label").optional(),
  description: looseText("description").optional(),
  comments: looseText("comments").optional(),
  color: looseText("color").optional(),
});

const portMapping = entry("port-mappings", {
  front_port: name("front_port"),
  front_port_position: position("front_port_position").optional(),
  rear_port: name("rear_port"),
  rear_port_position: position("rear_port_position").optional(),
});

const iface = entry("interfaces", {
  name: name("the interface's name"),
  type: name("the interface's type"),
  mgmt_only: z.boolean({ error: "mgmt_only must be true or false" }).optional(),
});

const moduleBay = entry("module-bays", {
  name: looseText("the module bay's name").pipe(z.string().min(1, "the module bay's name must not be empty")),
  position: looseText("the module bay's position").optional(),
  label: looseText("label").optional(),
});

const deviceBay = entry("device-bays", {
  name: looseText("the device bay's name").pipe(z.string().min(1, "the device bay's name must not be empty")),
});

export const rawTypeSchema = z.looseObject(
  {
    manufacturer: name("manufacturer"),
    model: name("model"),
    slug: looseText("slug").optional(),
    part_number: looseText("part_number").optional(),
    u_height: z.number({ error: (iss) => `u_height must be a number, not ${describe(iss.input)}` }).min(0, "u_height must not be negative").optional(),
    comments: looseText("comments").optional(),
    description: looseText("description").optional(),
    subdevice_role: looseText("subdevice_role").optional(),
    interfaces: list("interfaces", iface).optional(),
    "front-ports": list("front-ports", frontPort).optional(),
    "rear-ports": list("rear-ports", rearPort).optional(),
    "port-mappings": list("port-mappings", portMapping).optional(),
    "module-bays": list("module-bays", moduleBay).optional(),
    "device-bays": list("device-bays", deviceBay).optional(),
  },
  { error: (iss) => `a device-type or module-type file is a mapping of keys (manufacturer, model, …), not ${describe(iss.input)}` },
);

export type RawType = z.output<typeof rawTypeSchema>;
export type RawFrontPort = z.output<typeof frontPort>;
export type RawRearPort = z.output<typeof rearPort>;
