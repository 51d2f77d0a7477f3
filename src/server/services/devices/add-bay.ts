import { eq, max } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { devices, moduleBays } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { fieldError, notFound } from "../errors";
import { inTransaction } from "../tx";
import { addBayInput } from "./schemas";

/** Adds a bay to a device (a panel that takes one more module). */
export async function addBay(ctx: ServiceContext, input: { deviceId: string; name: string }) {
  const data = addBayInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [device] = await tx.db.select().from(devices).where(eq(devices.id, data.deviceId));
    if (!device) throw notFound("This device");
    requireRole(tx.actor, "editor", device.siteId);
    const [top] = await tx.db.select({ n: max(moduleBays.position) }).from(moduleBays).where(eq(moduleBays.deviceId, device.id));
    const [bay] = await tx.db
      .insert(moduleBays)
      .values({ siteId: device.siteId, deviceId: device.id, name: data.name, position: (top?.n ?? 0) + 1 })
      .onConflictDoNothing()
      .returning();
    if (!bay) throw fieldError("name", `${device.name} already has a bay "${data.name}".`, "CONFLICT");
    await recordAudit(tx, { action: "bay.create", objectType: "module_bay", objectId: bay.id, siteId: device.siteId, after: bay });
    return bay;
  });
}
