import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { cablePlugs } from "../../db/schema";

/** Where a cable's connectors are plugged now. */
export const cableEnds = (db: Db, cableId: string) =>
  db
    .select({ id: cablePlugs.id, connector: cablePlugs.connector, portId: cablePlugs.portId, side: cablePlugs.side, familyMismatchConfirmed: cablePlugs.familyMismatchConfirmed })
    .from(cablePlugs)
    .where(eq(cablePlugs.cableId, cableId));
