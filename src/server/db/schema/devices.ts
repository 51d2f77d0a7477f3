import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { componentTypes } from "./catalog";
import { rowId, rowTimes } from "./columns";
import { racks } from "./racks";
import { siteRef } from "./sites";

export const DEVICE_ROLES = ["switch", "server", "router", "panel", "enclosure", "other"] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];
export const FACES = ["front", "rear"] as const;
export type Face = (typeof FACES)[number];

/** A switch, server, router, patch panel or fiber enclosure, mounted in a rack from `uPosition`
 *  (its lowest unit) upwards on the rack's front or rear. */
export const devices = pgTable(
  "devices",
  {
    id: rowId(),
    siteId: siteRef(),
    rackId: uuid("rack_id").references(() => racks.id, { onDelete: "no action" }),
    name: text("name").notNull(),
    role: text("role", { enum: DEVICE_ROLES }).notNull(),
    /** Make and model as written on the device ("Arista 7050CX3-32S"). */
    model: text("model").notNull().default(""),
    label: text("label").notNull().default(""),
    uPosition: integer("u_position"),
    uHeight: integer("u_height").notNull().default(1),
    face: text("face", { enum: FACES }).notNull().default("front"),
    /** A full-depth device blocks its units on both faces of the rack. */
    fullDepth: boolean("full_depth").notNull().default(false),
    ...rowTimes(),
  },
  (t) => [
    uniqueIndex("devices_site_name_unique").on(t.siteId, sql`lower(${t.name})`),
    index("devices_rack_idx").on(t.rackId, t.uPosition),
    index("devices_name_search_idx").on(t.siteId, sql`lower(${t.name}) text_pattern_ops`),
    check("devices_u_height_range", sql`${t.uHeight} between 1 and 60`),
    check("devices_u_position_range", sql`${t.uPosition} is null or ${t.uPosition} between 1 and 60`),
    check("devices_role_valid", sql`${t.role} in ('switch','server','router','panel','enclosure','other')`),
    check("devices_face_valid", sql`${t.face} in ('front','rear')`),
  ],
);

/** A slot of a panel or enclosure that takes one module ("1", "A"). */
export const moduleBays = pgTable(
  "module_bays",
  {
    id: rowId(),
    siteId: siteRef(),
    deviceId: uuid("device_id")
      .notNull()
      .references(() => devices.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    ...rowTimes(),
  },
  (t) => [uniqueIndex("module_bays_device_name_unique").on(t.deviceId, sql`lower(${t.name})`)],
);

export const MODULE_KINDS = ["cassette", "plate"] as const;
export type ModuleKind = (typeof MODULE_KINDS)[number];

/**
 * A module in a bay: a cassette (a catalog module type: MPO rear, duplex fronts, internal
 * harness) or an adapter plate (a row of pass-through adapters, no internal map).
 */
export const modules = pgTable(
  "modules",
  {
    id: rowId(),
    siteId: siteRef(),
    deviceId: uuid("device_id")
      .notNull()
      .references(() => devices.id, { onDelete: "cascade" }),
    bayId: uuid("bay_id")
      .notNull()
      .references(() => moduleBays.id, { onDelete: "no action" }),
    kind: text("kind", { enum: MODULE_KINDS }).notNull(),
    /** The cassette's catalog type; null on an adapter plate. */
    typeId: text("type_id").references(() => componentTypes.id),
    label: text("label").notNull().default(""),
    ...rowTimes(),
  },
  (t) => [
    uniqueIndex("modules_bay_unique").on(t.bayId),
    index("modules_device_idx").on(t.deviceId),
    index("modules_type_idx").on(t.typeId),
    check("modules_kind_valid", sql`${t.kind} in ('cassette','plate')`),
    check("modules_cassette_type", sql`${t.kind} <> 'cassette' or ${t.typeId} is not null`),
  ],
);

export const PORT_KINDS = ["transceiver", "adapter"] as const;
export type PortKind = (typeof PORT_KINDS)[number];

/**
 * A port: a cage for a transceiver (switches, servers) or an adapter with a front and a rear side
 * (panels, plates, cassettes). A cassette's ports come from its type; `modulePort` is the port's
 * name in the type and one side holds the cassette's own internal plug.
 */
export const ports = pgTable(
  "ports",
  {
    id: rowId(),
    siteId: siteRef(),
    deviceId: uuid("device_id")
      .notNull()
      .references(() => devices.id, { onDelete: "cascade" }),
    moduleId: uuid("module_id").references(() => modules.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind", { enum: PORT_KINDS }).notNull(),
    /** Adapter family (MPO-12, LC…); null on a cage. */
    family: text("family"),
    /** Adapter key: A = key-up to key-down, B = key-up to key-up. */
    keyType: text("key_type", { enum: ["A", "B"] }),
    /** Informational: the gender and polish the adapter is sold for (the plugs carry the real ones). */
    gender: text("gender", { enum: ["male", "female"] }),
    polish: text("polish", { enum: ["PC", "UPC", "APC"] }),
    /** Fiber positions of the adapter's family (2 on duplex, 12 on MPO-12…). */
    positions: integer("positions"),
    /** Cage type on a transceiver port (sfp28, qsfp28, qsfpdd, osfp). */
    cage: text("cage"),
    modulePort: text("module_port"),
    label: text("label").notNull().default(""),
    /** Ordering within the device (natural order of names). */
    ordinal: integer("ordinal").notNull().default(0),
    ...rowTimes(),
  },
  (t) => [
    uniqueIndex("ports_device_name_unique").on(t.deviceId, sql`lower(${t.name})`),
    index("ports_module_idx").on(t.moduleId),
    index("ports_site_idx").on(t.siteId),
    index("ports_device_ordinal_idx").on(t.deviceId, t.ordinal),
    index("ports_label_search_idx").on(t.siteId, sql`lower(${t.label}) text_pattern_ops`).where(sql`${t.label} <> ''`),
    check("ports_kind_valid", sql`${t.kind} in ('transceiver','adapter')`),
    check("ports_adapter_family", sql`${t.kind} <> 'adapter' or (${t.family} is not null and ${t.keyType} is not null)`),
  ],
);
