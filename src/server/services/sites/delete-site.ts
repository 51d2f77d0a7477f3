import { and, count, eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { racks, sites } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { deleteInput } from "./schemas";

/** Deletes an empty site (its rooms go with it). A site that still has racks is refused: inventory is
 *  removed rack by rack, so nothing disappears by accident. */
export async function deleteSite(ctx: ServiceContext, input: { id: string; version: number }) {
  const { id, version } = deleteInput.parse(input);
  requireRole(ctx.actor, "editor", null);
  return inTransaction(ctx, async (tx) => {
    const [site] = await tx.db.select().from(sites).where(eq(sites.id, id)).for("update");
    if (!site) throw notFound("This site");
    if (site.version !== version) throw staleVersion("This site");
    const [held] = await tx.db.select({ n: count() }).from(racks).where(eq(racks.siteId, id));
    if ((held?.n ?? 0) > 0) {
      throw new ServiceError("CONFLICT", `Site "${site.name}" still has ${held!.n} rack${held!.n === 1 ? "" : "s"}. Delete or move them first.`);
    }
    await tx.db.delete(sites).where(and(eq(sites.id, id), eq(sites.version, version)));
    await recordAudit(tx, { action: "site.delete", objectType: "site", objectId: id, siteId: id, before: site });
    return { id };
  });
}
