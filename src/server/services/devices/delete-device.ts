import { and, eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cablePlugs, cables, devices, ports } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { beginPlantChange } from "../connectivity/change";
import { ServiceError, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { deleteByIdInput } from "./schemas";

/** Removes a device with its bays, modules, ports and transceivers. Refused while a cable is still
 *  plugged into it: cables are unplugged first, so no channel loses an end by accident. */
export async function deleteDevice(ctx: ServiceContext, input: { id: string; version: number }) {
  const { id, version } = deleteByIdInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [device] = await tx.db.select().from(devices).where(eq(devices.id, id)).for("update");
    if (!device) throw notFound("This device");
    requireRole(tx.actor, "editor", device.siteId);
    if (device.version !== version) throw staleVersion(`Device "${device.name}"`);
    const plugged = await tx.db
      .select({ port: ports.name, cable: cables.label, cableId: cables.id })
      .from(cablePlugs)
      .innerJoin(ports, eq(ports.id, cablePlugs.portId))
      .innerJoin(cables, eq(cables.id, cablePlugs.cableId))
      .where(eq(ports.deviceId, id))
      .limit(4);
    if (plugged.length > 0) {
      const list = plugged
        .slice(0, 3)
        .map((p) => `${p.cable || `#${p.cableId.slice(0, 8)}`} in ${p.port}`)
        .join(", ");
      throw new ServiceError("CONFLICT", `Device "${device.name}" still has cables plugged in (${list}${plugged.length > 3 ? ", …" : ""}). Unplug or delete them first.`);
    }
    const portIds = (await tx.db.select({ id: ports.id }).from(ports).where(eq(ports.deviceId, id))).map((p) => p.id);
    const change = await beginPlantChange(tx, device.siteId, portIds);
    await tx.db.delete(devices).where(and(eq(devices.id, id), eq(devices.version, version)));
    await recordAudit(tx, { action: "device.delete", objectType: "device", objectId: id, siteId: device.siteId, before: device });
    await change.finish();
    return { id };
  });
}
