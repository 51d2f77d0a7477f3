import { eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { devices, moduleBays, ports, sites } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { fieldError, isUniqueViolation } from "../errors";
import { inTransaction } from "../tx";
import { portRowsFor } from "./make-ports";
import { checkPlacement } from "./placement";
import { createDeviceInput, type CreateDeviceInput } from "./schemas";

/** Adds a device to a site, mounted in a rack or not yet, with its module bays and port groups. */
export async function createDevice(ctx: ServiceContext, input: CreateDeviceInput) {
  const data = createDeviceInput.parse(input);
  requireRole(ctx.actor, "editor", data.siteId);
  try {
    return await inTransaction(ctx, async (tx) => {
      const [site] = await tx.db.select({ id: sites.id }).from(sites).where(eq(sites.id, data.siteId));
      if (!site) throw fieldError("siteId", "This site does not exist (it may have been deleted).", "NOT_FOUND");
      await checkPlacement(tx.db, { ...data });
      const { bays, ports: groups, ...fields } = data;
      const [device] = await tx.db.insert(devices).values(fields).returning();
      if (bays > 0) {
        await tx.db
          .insert(moduleBays)
          .values(Array.from({ length: bays }, (_, i) => ({ siteId: data.siteId, deviceId: device!.id, name: String(i + 1), position: i + 1 })));
      }
      const seen = new Map<string, number>();
      for (const [i, group] of groups.entries()) {
        const rows = await portRowsFor(tx.db, data.siteId, device!.id, group, `ports.${i}`);
        for (const r of rows) {
          const before = seen.get(r.name.toLowerCase());
          if (before !== undefined) throw fieldError(`ports.${i}.names`, `Port ${r.name} is also in port group ${before + 1}.`);
          seen.set(r.name.toLowerCase(), i);
        }
        await tx.db.insert(ports).values(rows);
      }
      await recordAudit(tx, {
        action: "device.create",
        objectType: "device",
        objectId: device!.id,
        siteId: data.siteId,
        after: { ...device, bays, ports: groups },
      });
      return device!;
    });
  } catch (err) {
    if (isUniqueViolation(err, "devices_site_name_unique")) throw fieldError("name", `This site already has a device named "${data.name}".`, "CONFLICT");
    throw err;
  }
}
