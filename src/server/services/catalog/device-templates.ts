import { and, asc, eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { deviceTemplates } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { notFound, staleVersion } from "../errors";
import { requireRoleAnywhere } from "../inventory/access";
import { inTransaction } from "../tx";
import { deleteTemplateInput } from "./schemas";

/** Counts of a template's ports by cage type or adapter family: "32 × qsfp28, 2 × sfp28". */
function portSummary(list: (typeof deviceTemplates.$inferSelect)["ports"]): string {
  const counts = new Map<string, number>();
  for (const p of list) {
    const k = p.kind === "transceiver" ? (p.cage ?? (p.transceiver ? `fixed optic ${p.transceiver}` : "built-in optic")) : `${p.family} key ${p.keyType}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} × ${k}`).join(", ");
}

/** The device templates (switch models, panel housings) a new device can be made from. */
export async function listDeviceTemplates(ctx: ServiceContext) {
  requireRoleAnywhere(ctx.actor, "viewer");
  const rows = await ctx.db.select().from(deviceTemplates).orderBy(asc(deviceTemplates.manufacturer), asc(deviceTemplates.model), asc(deviceTemplates.id));
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    manufacturer: t.manufacturer,
    model: t.model,
    role: t.role,
    uHeight: t.uHeight,
    bays: t.bays,
    portCount: t.ports.length,
    ports: portSummary(t.ports),
    source: t.source,
    version: t.version,
  }));
}

/** Removes a device template; devices made from it keep their bays and ports. */
export async function deleteDeviceTemplate(ctx: ServiceContext, input: { id: string; version: number }) {
  const { id, version } = deleteTemplateInput.parse(input);
  requireRole(ctx.actor, "admin", null);
  return inTransaction(ctx, async (tx) => {
    const [before] = await tx.db.select().from(deviceTemplates).where(eq(deviceTemplates.id, id)).for("update");
    if (!before) throw notFound(`Device type "${id}"`);
    if (before.version !== version) throw staleVersion(`Device type "${id}"`);
    await tx.db.delete(deviceTemplates).where(and(eq(deviceTemplates.id, id), eq(deviceTemplates.version, version)));
    await recordAudit(tx, { action: "template.delete", objectType: "device_template", objectId: id, before });
    return { id };
  });
}
