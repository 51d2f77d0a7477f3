import { and, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { devices, ports } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { beginPlantChange } from "../connectivity/change";
import { fieldError, isUniqueViolation, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { checkPlacement } from "./placement";
import { updateDeviceInput, type UpdateDeviceInput } from "./schemas";

/** Renames a device, or moves it (another rack, unit or face). Its channels are judged again: the
 *  engine's messages name the device, and findings are filed under its rack. */
export async function updateDevice(ctx: ServiceContext, input: UpdateDeviceInput) {
  const { id, version, ...changes } = updateDeviceInput.parse(input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const [before] = await tx.db.select().from(devices).where(eq(devices.id, id)).for("update");
      if (!before) throw notFound("This device");
      requireRole(tx.actor, "editor", before.siteId);
      if (before.version !== version) throw staleVersion(`Device "${before.name}"`);
      const next = { ...before, ...changes };
      if (changes.rackId === null && changes.uPosition === undefined) next.uPosition = null;
      const moved =
        next.rackId !== before.rackId || next.uPosition !== before.uPosition || next.uHeight !== before.uHeight || next.face !== before.face || next.fullDepth !== before.fullDepth;
      if (moved) await checkPlacement(tx.db, { ...next, deviceId: id });
      const portIds = (await tx.db.select({ id: ports.id }).from(ports).where(eq(ports.deviceId, id))).map((p) => p.id);
      const rejudge = next.name !== before.name || next.rackId !== before.rackId;
      const change = rejudge ? await beginPlantChange(tx, before.siteId, portIds) : null;
      const [row] = await tx.db
        .update(devices)
        .set({ ...changes, uPosition: next.uPosition, updatedAt: new Date(), version: sql`${devices.version} + 1` })
        .where(and(eq(devices.id, id), eq(devices.version, version)))
        .returning();
      if (!row) throw staleVersion(`Device "${before.name}"`);
      await recordAudit(tx, { action: moved ? "device.move" : "device.update", objectType: "device", objectId: id, siteId: before.siteId, before, after: row });
      const outcome = change ? await change.finish() : null;
      return { ...row, outcome };
    });
  } catch (err) {
    if (isUniqueViolation(err, "devices_site_name_unique")) throw fieldError("name", `This site already has a device named "${changes.name}".`, "CONFLICT");
    throw err;
  }
}
