import { and, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { devices, moduleBays, modules, ports } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { beginPlantChange } from "../connectivity/change";
import { fieldError, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { updateModuleInput, type UpdateModuleInput } from "./schemas";

/** Relabels a module, or moves it to another free bay of its device (its ports are renamed
 *  "<bay>/<port>" and its channels judged again, since the engine's messages name them). */
export async function updateModule(ctx: ServiceContext, input: UpdateModuleInput) {
  const { id, version, bay, label } = updateModuleInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [before] = await tx.db.select().from(modules).where(eq(modules.id, id)).for("update");
    if (!before) throw notFound("This module");
    requireRole(tx.actor, "editor", before.siteId);
    if (before.version !== version) throw staleVersion("This module");
    const [current] = await tx.db.select().from(moduleBays).where(eq(moduleBays.id, before.bayId));
    let bayId = before.bayId;
    const modulePorts = await tx.db.select({ id: ports.id, name: ports.name }).from(ports).where(eq(ports.moduleId, id));
    const change = bay !== undefined && bay.toLowerCase() !== current!.name.toLowerCase() ? await beginPlantChange(tx, before.siteId, modulePorts.map((p) => p.id)) : null;
    if (change) {
      const [device] = await tx.db.select({ name: devices.name }).from(devices).where(eq(devices.id, before.deviceId));
      const [target] = await tx.db
        .select()
        .from(moduleBays)
        .where(and(eq(moduleBays.deviceId, before.deviceId), eq(sql`lower(${moduleBays.name})`, bay!.toLowerCase())));
      if (!target) throw fieldError("bay", `${device!.name} has no bay "${bay}".`);
      const [held] = await tx.db.select({ id: modules.id }).from(modules).where(eq(modules.bayId, target.id));
      if (held) throw fieldError("bay", `Bay ${target.name} of ${device!.name} already holds a module.`, "CONFLICT");
      bayId = target.id;
      // Two steps, so that names never collide midway.
      for (const p of modulePorts) await tx.db.update(ports).set({ name: `~${p.id}` }).where(eq(ports.id, p.id));
      for (const p of modulePorts) {
        const rest = p.name.slice(p.name.indexOf("/") + 1);
        await tx.db
          .update(ports)
          .set({ name: `${target.name}/${rest}`, ordinal: sql`100000 + ${target.position} * 1000 + (${ports.ordinal} % 1000)`, updatedAt: new Date(), version: sql`${ports.version} + 1` })
          .where(eq(ports.id, p.id));
      }
    }
    const [row] = await tx.db
      .update(modules)
      .set({ bayId, ...(label !== undefined ? { label } : {}), updatedAt: new Date(), version: sql`${modules.version} + 1` })
      .where(and(eq(modules.id, id), eq(modules.version, version)))
      .returning();
    if (!row) throw staleVersion("This module");
    await recordAudit(tx, { action: change ? "module.move" : "module.update", objectType: "module", objectId: id, siteId: before.siteId, before, after: row });
    const outcome = change ? await change.finish() : null;
    return { ...row, outcome };
  });
}
