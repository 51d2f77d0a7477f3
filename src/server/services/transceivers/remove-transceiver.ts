import { and, eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cablePlugs, cables, transceivers } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { beginPlantChange } from "../connectivity/change";
import { ServiceError, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { removeTransceiverInput } from "./schemas";

/** Takes a transceiver out of its cage. Refused while a cord is plugged into it. */
export async function removeTransceiver(ctx: ServiceContext, input: { id: string; version: number }) {
  const { id, version } = removeTransceiverInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [xcvr] = await tx.db.select().from(transceivers).where(eq(transceivers.id, id)).for("update");
    if (!xcvr) throw notFound("This transceiver");
    requireRole(tx.actor, "editor", xcvr.siteId);
    if (xcvr.version !== version) throw staleVersion("This transceiver");
    const [plug] = await tx.db
      .select({ label: cables.label, id: cables.id })
      .from(cablePlugs)
      .innerJoin(cables, eq(cables.id, cablePlugs.cableId))
      .where(eq(cablePlugs.portId, xcvr.portId));
    if (plug) throw new ServiceError("CONFLICT", `Cord ${plug.label || `#${plug.id.slice(0, 8)}`} is plugged into this transceiver. Unplug it first.`);
    const change = await beginPlantChange(tx, xcvr.siteId, [xcvr.portId]);
    await tx.db.delete(transceivers).where(and(eq(transceivers.id, id), eq(transceivers.version, version)));
    await recordAudit(tx, { action: "transceiver.remove", objectType: "transceiver", objectId: id, siteId: xcvr.siteId, before: xcvr });
    await change.finish();
    return { id };
  });
}
