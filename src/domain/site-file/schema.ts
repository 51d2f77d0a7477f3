/**
 * The site file format, as a zod schema: the single source of the format, of its TypeScript
 * types and of the JSON Schema in schemas/site.schema.json (`npx tsx src/cli/gen-schema.ts`).
 * See docs/site-file.md.
 */
import { z } from "zod";
import { CABLE_KINDS, LANE_ROLES, MODULE_METHODS } from "../components";
import { BOOTS, CONNECTOR_BRANDS, CONNECTOR_FAMILIES, CONNECTOR_GRADES, GENDERS, GUIDE_PINS, PIN_CLAMPS, POLISHES } from "../connectors";
import { ATTENUATION_CONVENTIONS, FIBER_GRADES, FIBER_MODES } from "../fiber";
import { MATED_PAIR_CONVENTIONS } from "../loss";
import { ADAPTER_KEYS } from "../position-maps";
import { DEVICE_ROLES } from "../site-model";
import { SPLIT_KINDS, WDM_KINDS } from "../wdm";

export const SITE_FILE_VERSION = 1;

const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "use letters, digits, '.', '_' or '-' (no spaces, ':', '/' or '@')");
const portName = z.string().regex(/^[^\s@]+$/, "no spaces or '@' in a port name");
const slot = z.string().regex(/^[^\s@:/]+$/, "no spaces, '@', ':' or '/' in a slot");
const typeId = z.string().min(1);
const endpoint = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*:[^\s@]+(@(front|rear))?$/, "write an end as device:port, optionally @front or @rear")
  .meta({ description: "device:port[@front|@rear]; without a side, a module port's outer side, else the front" });

const connectorFields = {
  family: z.enum(CONNECTOR_FAMILIES),
  gender: z.enum(GENDERS).optional().meta({ description: "MPO only: male = pinned, female = unpinned" }),
  polish: z.enum(POLISHES),
  brand: z.enum(CONNECTOR_BRANDS).optional().meta({ description: "MTP (removable housing) or generic MPO; default MPO" }),
  grade: z.enum(CONNECTOR_GRADES).optional().meta({ description: "default standard" }),
  mechanics: z
    .strictObject({
      floatingFerrule: z.boolean().optional(),
      guidePins: z.enum(GUIDE_PINS).optional(),
      pinClamp: z.enum(PIN_CLAMPS).optional(),
      boot: z.enum(BOOTS).optional(),
    })
    .optional()
    .meta({ description: "MPO only: mechanical features worth recording" }),
};

const fiberEnd = z.strictObject({ connector: z.string().min(1), position: z.number().int().min(1).max(32) });
const fiber = z.strictObject({ a: fiberEnd, b: fiberEnd });

export const cableTypeSchema = z
  .strictObject({
    kind: z.literal("cable"),
    id,
    name: z.string().min(1),
    cableKind: z.enum(CABLE_KINDS),
    fiber: z.enum(FIBER_GRADES),
    connectors: z.array(
      z.strictObject({ id: z.string().min(1), end: z.enum(["a", "b"]), leg: z.number().int().min(1).max(144).optional(), ...connectorFields }),
    ),
    fibers: z.array(fiber).meta({ description: "the position map, A end to B end" }),
    polarity: z.enum(["A", "B", "C", "AB", "AA"]).optional(),
    shuffle: z.boolean().optional().meta({ description: "the map is a deliberate shuffle: port numbers change across it on purpose" }),
    matedPairLossDb: z.number().min(0).max(10).optional(),
    note: z.string().optional(),
  })
  .meta({ description: "a user-defined cable, cord, trunk, harness or conversion cord" });

export const moduleTypeSchema = z
  .strictObject({
    kind: z.literal("module"),
    id,
    name: z.string().min(1),
    fiber: z.enum(FIBER_GRADES),
    ports: z.array(
      z.strictObject({
        name: z.string().min(1),
        role: z.enum(["front", "rear"]),
        key: z.enum(ADAPTER_KEYS),
        ...connectorFields,
        wavelengthNm: z.number().optional().meta({ description: "WDM client port: the centre of the band it passes, nm" }),
      }),
    ),
    fibers: z.array(fiber).meta({ description: "internal map: a = rear port and position, b = front port and position" }),
    method: z.enum(MODULE_METHODS).optional(),
    wdm: z
      .strictObject({ kind: z.enum(WDM_KINDS), insertionLossDb: z.number().min(0).max(20).optional() })
      .optional()
      .meta({ description: "a wavelength mux/demux: client fibers share the line port's positions" }),
    split: z
      .strictObject({
        kind: z.enum(SPLIT_KINDS),
        branches: z.array(z.strictObject({ from: fiberEnd, to: fiberEnd, share: z.number().gt(0).lt(1) })),
        excessLossDb: z.number().min(0).max(10).optional(),
      })
      .optional()
      .meta({ description: "a tap (one-way monitor branches) or a splitter: branch outputs besides the map" }),
    matedPairLossDb: z.number().min(0).max(10).optional(),
    note: z.string().optional(),
  })
  .meta({ description: "a user-defined module (cassette)" });

export const transceiverTypeSchema = z
  .strictObject({
    kind: z.literal("transceiver"),
    id,
    name: z.string().min(1),
    formFactor: z.string().min(1),
    application: z.string().min(1),
    receptacle: z.strictObject({
      family: z.enum(CONNECTOR_FAMILIES),
      gender: z.enum(GENDERS).optional(),
      polish: z.enum(POLISHES).nullable(),
    }),
    mode: z.enum(FIBER_MODES),
    lanes: z.array(
      z.strictObject({
        position: z.number().int().min(1).max(32),
        role: z.enum(LANE_ROLES),
        lane: z.number().int().min(1).max(32),
        face: z.enum(["TR", "RT"]).optional(),
      }),
    ),
    netbox: z.string(),
    wavelengthNm: z.number().optional().meta({ description: "a coloured (CWDM/DWDM) optic's wavelength, nm" }),
    note: z.string().optional(),
  })
  .meta({ description: "a user-defined transceiver" });

export const componentTypeSchema = z.discriminatedUnion("kind", [cableTypeSchema, moduleTypeSchema, transceiverTypeSchema]);

const cage = z.strictObject({
  name: portName.meta({ description: "port name; 'Ethernet1/1..48' makes 48 ports" }),
  transceiver: typeId.optional().meta({ description: "transceiver type installed in the cage" }),
  cage: z.string().optional().meta({ description: "cage type, e.g. qsfp28" }),
});

const adapter = z.strictObject({
  name: portName.meta({ description: "port name; '1..12' makes 12 adapters" }),
  family: z.enum(CONNECTOR_FAMILIES),
  key: z.enum(ADAPTER_KEYS).meta({ description: "A = key-up to key-down, B = key-up to key-up" }),
});

const moduleEntry = z.strictObject({
  slot: slot.meta({ description: "slot name; the module's ports are named <slot>/<port>" }),
  type: typeId,
});

const device = z.strictObject({
  id,
  name: z.string().optional(),
  role: z.enum(DEVICE_ROLES),
  rack: id.optional(),
  unit: z.number().int().min(1).max(60).optional().meta({ description: "lowest rack unit occupied" }),
  height: z.number().int().min(1).max(60).optional().meta({ description: "height in rack units" }),
  face: z.enum(["front", "rear"]).optional(),
  cages: z.array(cage).optional(),
  adapters: z.array(adapter).optional(),
  modules: z.array(moduleEntry).optional(),
});

const cable = z.strictObject({
  id,
  type: typeId,
  length: z.number().min(0).max(100_000).meta({ description: "metres" }),
  label: z.string().optional(),
  splices: z.number().int().min(0).max(1000).optional(),
  ends: z.record(z.string().min(1), endpoint).meta({ description: "connector id of the cable type → where it is plugged" }),
});

export const siteFileSchema = z
  .strictObject({
    ferrule: z.literal(SITE_FILE_VERSION).meta({ description: "site file format version" }),
    site: z.strictObject({
      id,
      name: z.string().optional(),
      conventions: z
        .strictObject({
          attenuation: z.enum(ATTENUATION_CONVENTIONS).default("ISO"),
          matedPair: z.enum(MATED_PAIR_CONVENTIONS).default("by-grade"),
        })
        .optional(),
    }),
    rooms: z.array(z.strictObject({ id, name: z.string().optional() })).optional(),
    racks: z.array(z.strictObject({ id, room: id, name: z.string().optional(), units: z.number().int().min(1).max(60).optional() })).optional(),
    devices: z.array(device).optional(),
    cables: z.array(cable).optional(),
    types: z.array(componentTypeSchema).optional().meta({ description: "user-defined component types" }),
  })
  .meta({ title: "Ferrule site file", description: "A whole site: rooms, racks, devices, panels, modules, transceivers and cables." });

export type SiteFile = z.input<typeof siteFileSchema>;
export type SiteFileParsed = z.output<typeof siteFileSchema>;

/** The JSON Schema of the site file, as committed in schemas/site.schema.json. */
export function siteFileJsonSchema(): unknown {
  return z.toJSONSchema(siteFileSchema, { io: "input" });
}
