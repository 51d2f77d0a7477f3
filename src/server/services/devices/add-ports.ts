import { eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { devices, ports } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { fieldError, isUniqueViolation } from "../errors";
import { inTransaction } from "../tx";
import { portRowsFor } from "./make-ports";
import { addPortsInput, type AddPortsInput } from "./schemas";

/** Adds a group of cages or adapters to a device ("Ethernet1/1..32", "1..24"). */
export async function addPorts(ctx: ServiceContext, input: AddPortsInput) {
  const data = addPortsInput.parse(input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const [device] = await tx.db.select().from(devices).where(eq(devices.id, data.deviceId));
      if (!device) throw fieldError("deviceId", "This device does not exist (it may have been deleted).", "NOT_FOUND");
      requireRole(tx.actor, "editor", device.siteId);
      const rows = await portRowsFor(tx.db, device.siteId, device.id, data.group, "group", data.label);
      const created = await tx.db.insert(ports).values(rows).returning();
      await recordAudit(tx, { action: "port.create", objectType: "device", objectId: device.id, siteId: device.siteId, after: { ports: created.map((p) => p.name), ...data.group } });
      return created;
    });
  } catch (err) {
    if (isUniqueViolation(err, "ports_device_name_unique")) throw fieldError("group.names", "The device already has a port with one of these names.", "CONFLICT");
    throw err;
  }
}
