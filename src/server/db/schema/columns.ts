import { integer, timestamp, uuid } from "drizzle-orm/pg-core";

/** Columns every inventory row carries: a uuid key, created and updated times, and a version number
 *  that each update increments (optimistic concurrency: a save names the version it was opened at). */
export const rowId = () => uuid("id").primaryKey().defaultRandom();

export const rowTimes = () => ({
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  version: integer("version").notNull().default(1),
});
