import { and, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { ports } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { beginPlantChange } from "../connectivity/change";
import { fieldError, isUniqueViolation, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { updatePortInput, type UpdatePortInput } from "./schemas";

/** Renames or relabels a port. A cassette's ports keep the names its type gives them. */
export async function updatePort(ctx: ServiceContext, input: UpdatePortInput) {
  const { id, version, ...changes } = updatePortInput.parse(input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const [before] = await tx.db.select().from(ports).where(eq(ports.id, id)).for("update");
      if (!before) throw notFound("This port");
      requireRole(tx.actor, "editor", before.siteId);
      if (before.version !== version) throw staleVersion(`Port ${before.name}`);
      const renamed = changes.name !== undefined && changes.name !== before.name;
      if (renamed && before.moduleId) throw fieldError("name", "A module's ports are named after its bay and type; move the module to another bay instead.");
      const change = renamed ? await beginPlantChange(tx, before.siteId, [id]) : null;
      const [row] = await tx.db
        .update(ports)
        .set({ ...changes, updatedAt: new Date(), version: sql`${ports.version} + 1` })
        .where(and(eq(ports.id, id), eq(ports.version, version)))
        .returning();
      if (!row) throw staleVersion(`Port ${before.name}`);
      await recordAudit(tx, { action: "port.update", objectType: "port", objectId: id, siteId: before.siteId, before, after: row });
      const outcome = change ? await change.finish() : null;
      return { ...row, outcome };
    });
  } catch (err) {
    if (isUniqueViolation(err, "ports_device_name_unique")) throw fieldError("name", `The device already has a port named "${changes.name}".`, "CONFLICT");
    throw err;
  }
}
