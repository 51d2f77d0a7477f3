import { and, asc, eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { devices, racks } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError, notFound, staleVersion } from "../errors";
import { deleteInput } from "../sites/schemas";
import { inTransaction } from "../tx";

/** Deletes an empty rack; a rack that still holds devices is refused with their names. */
export async function deleteRack(ctx: ServiceContext, input: { id: string; version: number }) {
  const { id, version } = deleteInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [rack] = await tx.db.select().from(racks).where(eq(racks.id, id)).for("update");
    if (!rack) throw notFound("This rack");
    requireRole(tx.actor, "editor", rack.siteId);
    if (rack.version !== version) throw staleVersion(`Rack "${rack.name}"`);
    const held = await tx.db.select({ name: devices.name }).from(devices).where(eq(devices.rackId, id)).orderBy(asc(devices.uPosition)).limit(4);
    if (held.length > 0) {
      const names = held.slice(0, 3).map((d) => d.name).join(", ");
      throw new ServiceError("CONFLICT", `Rack "${rack.name}" still holds devices (${names}${held.length > 3 ? ", …" : ""}). Move or delete them first.`);
    }
    await tx.db.delete(racks).where(and(eq(racks.id, id), eq(racks.version, version)));
    await recordAudit(tx, { action: "rack.delete", objectType: "rack", objectId: id, siteId: rack.siteId, before: rack });
    return { id };
  });
}
