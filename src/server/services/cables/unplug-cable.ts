import { and, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cablePlugs, cables } from "../../db/schema";
import { writeWithAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { beginPlantChange } from "../connectivity/change";
import { fieldError, notFound, staleVersion } from "../errors";
import { tableRow } from "../inventory/sql";
import { inTransaction } from "../tx";
import { lockCable } from "./lock-cable";
import { unplugCableInput, type UnplugCableInput } from "./schemas";

/** Unplugs one connector of a cable. */
export async function unplugCable(ctx: ServiceContext, input: UnplugCableInput) {
  const { id, version, connector } = unplugCableInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const locked = await lockCable(tx.db, id);
    if (!locked) throw notFound("This cable");
    const { before: cable, ends } = locked;
    requireRole(tx.actor, "editor", cable.siteId);
    if (cable.version !== version) throw staleVersion(`Cable ${cable.label || `#${id.slice(0, 8)}`}`);
    const was = ends.find((e) => e.connector === connector);
    if (!was) throw fieldError("connector", `Connector ${connector} of this cable is not plugged in.`);
    const change = await beginPlantChange(tx, cable.siteId, [was.portId], { locked: true });
    // The plug removed, the cable's new version and the audit entry: one statement.
    const unplug = tx.db.delete(cablePlugs).where(eq(cablePlugs.id, was.id));
    const update = tx.db
      .update(cables)
      .set({ updatedAt: new Date(), version: sql`${cables.version} + 1` })
      .where(and(eq(cables.id, id), eq(cables.version, version)))
      .returning();
    const [raw] = await writeWithAudit(
      tx,
      { unplugged: unplug, updated: update },
      { action: "cable.unplug", objectType: "cable", objectId: id, siteId: cable.siteId, before: was, after: { connector, portId: null } },
      "updated",
    );
    if (!raw) throw staleVersion(`Cable ${cable.label || `#${id.slice(0, 8)}`}`);
    const outcome = await change.finish();
    return { cable: tableRow(cables, raw), outcome };
  });
}
