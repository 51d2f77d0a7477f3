import { and, eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cablePlugs, cables, modules, ports } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { beginPlantChange } from "../connectivity/change";
import { ServiceError, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { deleteByIdInput } from "./schemas";

/** Takes a cassette or plate out of its bay, with its ports. Refused while cables are plugged in. */
export async function removeModule(ctx: ServiceContext, input: { id: string; version: number }) {
  const { id, version } = deleteByIdInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [module] = await tx.db.select().from(modules).where(eq(modules.id, id)).for("update");
    if (!module) throw notFound("This module");
    requireRole(tx.actor, "editor", module.siteId);
    if (module.version !== version) throw staleVersion("This module");
    const plugged = await tx.db
      .select({ port: ports.name, cable: cables.label, cableId: cables.id })
      .from(cablePlugs)
      .innerJoin(ports, eq(ports.id, cablePlugs.portId))
      .innerJoin(cables, eq(cables.id, cablePlugs.cableId))
      .where(eq(ports.moduleId, id))
      .limit(4);
    if (plugged.length) {
      const list = plugged.slice(0, 3).map((p) => `${p.cable || `#${p.cableId.slice(0, 8)}`} in ${p.port}`).join(", ");
      throw new ServiceError("CONFLICT", `This module still has cables plugged in (${list}${plugged.length > 3 ? ", …" : ""}). Unplug them first.`);
    }
    const portIds = (await tx.db.select({ id: ports.id }).from(ports).where(eq(ports.moduleId, id))).map((p) => p.id);
    const change = await beginPlantChange(tx, module.siteId, portIds);
    await tx.db.delete(modules).where(and(eq(modules.id, id), eq(modules.version, version)));
    await recordAudit(tx, { action: "module.remove", objectType: "module", objectId: id, siteId: module.siteId, before: module });
    await change.finish();
    return { id };
  });
}
