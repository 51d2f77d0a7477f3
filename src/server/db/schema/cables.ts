import { sql } from "drizzle-orm";
import { boolean, check, doublePrecision, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { componentTypes } from "./catalog";
import { rowId, rowTimes } from "./columns";
import { ports } from "./devices";
import { siteRef } from "./sites";

export const CABLE_STATUSES = ["planned", "installed", "decommissioned"] as const;
export type CableStatus = (typeof CABLE_STATUSES)[number];

/** A cable of a catalog type: patch cord, trunk, harness or conversion cord. */
export const cables = pgTable(
  "cables",
  {
    id: rowId(),
    siteId: siteRef(),
    typeId: text("type_id")
      .notNull()
      .references(() => componentTypes.id),
    label: text("label").notNull().default(""),
    /** Jacket colour, six hex digits without '#' (NetBox convention), or empty. */
    colour: text("colour").notNull().default(""),
    lengthM: doublePrecision("length_m").notNull(),
    status: text("status", { enum: CABLE_STATUSES }).notNull().default("installed"),
    splices: integer("splices").notNull().default(0),
    ...rowTimes(),
  },
  (t) => [
    // Byte order ("C"): serves both the list's order by label and prefix search on the label.
    index("cables_site_label_c_idx").on(t.siteId, sql`lower(${t.label}) collate "C"`, t.id),
    index("cables_site_created_idx").on(t.siteId, t.createdAt, t.id),
    // The cable list ordered by length, a page at a time after the last row (keyset).
    index("cables_site_length_idx").on(t.siteId, t.lengthM, t.id),
    // Substring search on the label ("…-A12-…" anywhere in it): trigrams of the lowered label.
    index("cables_label_trgm_idx").using("gin", sql`lower(${t.label}) gin_trgm_ops`),
    index("cables_type_idx").on(t.typeId),
    check("cables_status_valid", sql`${t.status} in ('planned','installed','decommissioned')`),
    check("cables_length_range", sql`${t.lengthM} >= 0 and ${t.lengthM} <= 100000`),
    check("cables_splices_range", sql`${t.splices} between 0 and 100`),
  ],
);

/**
 * One plugged connector: connector `connector` (an id of the cable type, "a1", "b3") of a cable
 * is in side `side` of a port. A side of a port holds one connector; a connector is in one place.
 */
export const cablePlugs = pgTable(
  "cable_plugs",
  {
    id: rowId(),
    siteId: siteRef(),
    cableId: uuid("cable_id")
      .notNull()
      .references(() => cables.id, { onDelete: "cascade" }),
    connector: text("connector").notNull(),
    portId: uuid("port_id")
      .notNull()
      .references(() => ports.id, { onDelete: "no action" }),
    side: text("side", { enum: ["front", "rear"] }).notNull(),
    /** Set when the user confirmed plugging a connector of another family into this port. */
    familyMismatchConfirmed: boolean("family_mismatch_confirmed").notNull().default(false),
    ...rowTimes(),
  },
  (t) => [
    uniqueIndex("cable_plugs_connector_unique").on(t.cableId, t.connector),
    uniqueIndex("cable_plugs_port_side_unique").on(t.portId, t.side),
    // A site's plugs at once (topology, site file), without reading other sites'.
    index("cable_plugs_site_idx").on(t.siteId),
    check("cable_plugs_side_valid", sql`${t.side} in ('front','rear')`),
  ],
);
