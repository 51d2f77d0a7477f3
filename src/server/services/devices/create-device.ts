import { eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { devices, moduleBays, ports, sites, transceivers } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { resolveType } from "../catalog/resolve-type";
import type { ServiceContext } from "../context";
import { fieldError, isUniqueViolation } from "../errors";
import { inTransaction } from "../tx";
import { portRowsFor } from "./make-ports";
import { readTemplate, templatePortRows } from "./templates";
import { checkPlacement } from "./placement";
import { createDeviceInput, type CreateDeviceInput } from "./schemas";

/**
 * Adds a device to a site, mounted in a rack or not yet, with its module bays and port groups; from
 * a device template, with the template's bays and ports as well (copied: the device does not follow
 * later changes to the template).
 */
export async function createDevice(ctx: ServiceContext, input: CreateDeviceInput) {
  const data = createDeviceInput.parse(input);
  requireRole(ctx.actor, "editor", data.siteId);
  try {
    return await inTransaction(ctx, async (tx) => {
      const [site] = await tx.db.select({ id: sites.id }).from(sites).where(eq(sites.id, data.siteId));
      if (!site) throw fieldError("siteId", "This site does not exist (it may have been deleted).", "NOT_FOUND");
      const template = data.templateId ? await readTemplate(tx.db, data.templateId) : null;
      const role = data.role ?? template?.role;
      if (!role) throw fieldError("role", "Choose what the device is.");
      const uHeight = data.uHeight ?? template?.uHeight ?? 1;
      await checkPlacement(tx.db, { ...data, uHeight });
      const { bays, ports: groups, templateId: _template, ...fields } = data;
      const [device] = await tx.db
        .insert(devices)
        .values({ ...fields, role, uHeight, model: fields.model || (template ? `${template.manufacturer} ${template.model}`.trim() : "") })
        .returning();
      const bayNames = [...(template?.bays ?? []), ...Array.from({ length: bays }, (_, i) => String((template?.bays.length ?? 0) + i + 1))];
      if (new Set(bayNames.map((b) => b.toLowerCase())).size !== bayNames.length) throw fieldError("bays", "The device type already has bays by these names: leave the extra bays at 0.");
      if (bayNames.length > 0) {
        await tx.db.insert(moduleBays).values(bayNames.map((name, i) => ({ siteId: data.siteId, deviceId: device!.id, name, position: i + 1 })));
      }
      const seen = new Map<string, number>();
      const fixedOptics: { port: string; typeId: string }[] = [];
      if (template?.ports.length) {
        const rows = templatePortRows(template.ports, data.siteId, device!.id);
        for (const r of rows) seen.set(r.name.toLowerCase(), -1);
        const made = await tx.db.insert(ports).values(rows).returning({ id: ports.id, name: ports.name });
        // A fixed optic comes with the device: installed in its cage.
        for (const p of template.ports) {
          if (p.kind !== "transceiver" || !p.transceiver) continue;
          await resolveType(tx.db, p.transceiver, "transceiver", "templateId");
          const port = made.find((m) => m.name === p.name)!;
          await tx.db.insert(transceivers).values({ siteId: data.siteId, portId: port.id, typeId: p.transceiver });
          fixedOptics.push({ port: p.name, typeId: p.transceiver });
        }
      }
      for (const [i, group] of groups.entries()) {
        const rows = await portRowsFor(tx.db, data.siteId, device!.id, group, `ports.${i}`);
        for (const r of rows) {
          const before = seen.get(r.name.toLowerCase());
          if (before !== undefined) throw fieldError(`ports.${i}.names`, before < 0 ? `Port ${r.name} comes with the device type already.` : `Port ${r.name} is also in port group ${before + 1}.`);
          seen.set(r.name.toLowerCase(), i);
        }
        await tx.db.insert(ports).values(rows);
      }
      await recordAudit(tx, {
        action: "device.create",
        objectType: "device",
        objectId: device!.id,
        siteId: data.siteId,
        after: { ...device, bays: bayNames, ports: groups, ...(template ? { templateId: template.id } : {}), ...(fixedOptics.length ? { fixedOptics } : {}) },
      });
      return device!;
    });
  } catch (err) {
    if (isUniqueViolation(err, "devices_site_name_unique")) throw fieldError("name", `This site already has a device named "${data.name}".`, "CONFLICT");
    throw err;
  }
}
