import { and, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cablePlugs, cables } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { beginPlantChange } from "../connectivity/change";
import { fieldError, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { cableEnds } from "./cable-ends";
import { unplugCableInput, type UnplugCableInput } from "./schemas";

/** Unplugs one connector of a cable. */
export async function unplugCable(ctx: ServiceContext, input: UnplugCableInput) {
  const { id, version, connector } = unplugCableInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [cable] = await tx.db.select().from(cables).where(eq(cables.id, id)).for("update");
    if (!cable) throw notFound("This cable");
    requireRole(tx.actor, "editor", cable.siteId);
    if (cable.version !== version) throw staleVersion(`Cable ${cable.label || `#${id.slice(0, 8)}`}`);
    const was = (await cableEnds(tx.db, id)).find((e) => e.connector === connector);
    if (!was) throw fieldError("connector", `Connector ${connector} of this cable is not plugged in.`);
    const change = await beginPlantChange(tx, cable.siteId, [was.portId]);
    await tx.db.delete(cablePlugs).where(eq(cablePlugs.id, was.id));
    const [row] = await tx.db
      .update(cables)
      .set({ updatedAt: new Date(), version: sql`${cables.version} + 1` })
      .where(and(eq(cables.id, id), eq(cables.version, version)))
      .returning();
    await recordAudit(tx, { action: "cable.unplug", objectType: "cable", objectId: id, siteId: cable.siteId, before: was, after: { connector, portId: null } });
    const outcome = await change.finish();
    return { cable: row!, outcome };
  });
}
