import { index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { componentTypes } from "./catalog";
import { rowId, rowTimes } from "./columns";
import { ports } from "./devices";
import { siteRef } from "./sites";

/** A transceiver (optic) installed in a cage. One per cage. */
export const transceivers = pgTable(
  "transceivers",
  {
    id: rowId(),
    siteId: siteRef(),
    portId: uuid("port_id")
      .notNull()
      .references(() => ports.id, { onDelete: "cascade" }),
    typeId: text("type_id")
      .notNull()
      .references(() => componentTypes.id),
    serial: text("serial").notNull().default(""),
    ...rowTimes(),
  },
  (t) => [uniqueIndex("transceivers_port_unique").on(t.portId), index("transceivers_type_idx").on(t.typeId)],
);
