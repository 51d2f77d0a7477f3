import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { rowId, rowTimes } from "./columns";
import { rooms, siteRef } from "./sites";

/**
 * A row of racks in a room, by its label on the floor plan ("A", "R03"). Kept by the database from
 * the racks' row labels (trigger `racks_keep_row`, migration 0010): a rack labelled with a new row
 * makes it, the last rack leaving a row removes it; renaming a row relabels its racks.
 */
export const rackRows = pgTable(
  "rack_rows",
  {
    id: rowId(),
    siteId: siteRef(),
    roomId: uuid("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    ...rowTimes(),
  },
  (t) => [uniqueIndex("rack_rows_room_name_unique").on(t.roomId, sql`lower(${t.name})`), index("rack_rows_site_idx").on(t.siteId)],
);

/** A rack or cabinet, placed in a room, in a row, at a position along that row. */
export const racks = pgTable(
  "racks",
  {
    id: rowId(),
    siteId: siteRef(),
    roomId: uuid("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "no action" }),
    name: text("name").notNull(),
    /** Row label as written on the floor plan ("A", "R03"); empty when the rack stands in no row. */
    row: text("row").notNull().default(""),
    /** The row (kept from `row` by the database). */
    rowId: uuid("row_id").references(() => rackRows.id, { onDelete: "set null" }),
    /** Position along the row, 1 = first cabinet. */
    position: integer("position"),
    uHeight: integer("u_height").notNull(),
    ...rowTimes(),
  },
  (t) => [
    uniqueIndex("racks_room_name_unique").on(t.roomId, sql`lower(${t.name})`),
    index("racks_site_idx").on(t.siteId),
    index("racks_name_search_idx").on(t.siteId, sql`lower(${t.name}) text_pattern_ops`),
    check("racks_u_height_range", sql`${t.uHeight} between 1 and 60`),
  ],
);
