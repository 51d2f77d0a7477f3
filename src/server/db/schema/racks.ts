import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { rowId, rowTimes } from "./columns";
import { rooms, sites } from "./sites";

/** A rack or cabinet, placed in a room, in a row, at a position along that row. */
export const racks = pgTable(
  "racks",
  {
    id: rowId(),
    siteId: uuid("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    roomId: uuid("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "no action" }),
    name: text("name").notNull(),
    /** Row label as written on the floor plan ("A", "R03"). */
    row: text("row").notNull().default(""),
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
