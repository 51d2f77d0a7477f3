import { and, eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cablePlugs, cables, ports, transceivers } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { beginPlantChange } from "../connectivity/change";
import { ServiceError, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { deleteByIdInput } from "./schemas";

/** Removes an empty port: no cable plugged in, no transceiver, not part of a module. */
export async function deletePort(ctx: ServiceContext, input: { id: string; version: number }) {
  const { id, version } = deleteByIdInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [port] = await tx.db.select().from(ports).where(eq(ports.id, id)).for("update");
    if (!port) throw notFound("This port");
    requireRole(tx.actor, "editor", port.siteId);
    if (port.version !== version) throw staleVersion(`Port ${port.name}`);
    if (port.moduleId) throw new ServiceError("CONFLICT", `Port ${port.name} belongs to a module; remove the module instead.`);
    const [plug] = await tx.db
      .select({ label: cables.label, id: cables.id })
      .from(cablePlugs)
      .innerJoin(cables, eq(cables.id, cablePlugs.cableId))
      .where(eq(cablePlugs.portId, id))
      .limit(1);
    if (plug) throw new ServiceError("CONFLICT", `Cable ${plug.label || `#${plug.id.slice(0, 8)}`} is plugged into port ${port.name}. Unplug it first.`);
    const [xcvr] = await tx.db.select({ id: transceivers.id }).from(transceivers).where(eq(transceivers.portId, id));
    if (xcvr) throw new ServiceError("CONFLICT", `Port ${port.name} holds a transceiver. Remove it first.`);
    const change = await beginPlantChange(tx, port.siteId, [id]);
    await tx.db.delete(ports).where(and(eq(ports.id, id), eq(ports.version, version)));
    await recordAudit(tx, { action: "port.delete", objectType: "port", objectId: id, siteId: port.siteId, before: port });
    await change.finish();
    return { id };
  });
}
