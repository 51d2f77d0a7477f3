import { and, eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cables } from "../../db/schema";
import { writeWithAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { beginPlantChange } from "../connectivity/change";
import { notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { lockCable } from "./lock-cable";
import { deleteCableInput } from "./schemas";

/** Deletes a cable (its ends are unplugged with it) and judges the channels it was part of again. */
export async function deleteCable(ctx: ServiceContext, input: { id: string; version: number }) {
  const { id, version } = deleteCableInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const locked = await lockCable(tx.db, id);
    if (!locked) throw notFound("This cable");
    const { before: cable, ends } = locked;
    requireRole(tx.actor, "editor", cable.siteId);
    if (cable.version !== version) throw staleVersion(`Cable ${cable.label || `#${id.slice(0, 8)}`}`);
    const change = await beginPlantChange(tx, cable.siteId, ends.map((e) => e.portId), { locked: true });
    // The row deleted (its plugs with it) and the audit entry: one statement.
    const remove = tx.db.delete(cables).where(and(eq(cables.id, id), eq(cables.version, version)));
    await writeWithAudit(tx, { deleted: remove }, { action: "cable.delete", objectType: "cable", objectId: id, siteId: cable.siteId, before: { ...cable, ends } });
    const outcome = await change.finish();
    return { id, outcome };
  });
}
