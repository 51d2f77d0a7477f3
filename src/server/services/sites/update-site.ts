import { and, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { sites } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { judgeWholeSite } from "../connectivity/change";
import { fieldError, isUniqueViolation, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { updateSiteInput, type UpdateSiteInput } from "./schemas";

export async function updateSite(ctx: ServiceContext, input: UpdateSiteInput) {
  const { id, version, ...changes } = updateSiteInput.parse(input);
  requireRole(ctx.actor, "editor", id);
  try {
    return await inTransaction(ctx, async (tx) => {
      const [before] = await tx.db.select().from(sites).where(eq(sites.id, id)).for("update");
      if (!before) throw notFound("This site");
      if (before.version !== version) throw staleVersion("This site");
      const [row] = await tx.db
        .update(sites)
        .set({ ...changes, updatedAt: new Date(), version: sql`${sites.version} + 1` })
        .where(and(eq(sites.id, id), eq(sites.version, version)))
        .returning();
      if (!row) throw staleVersion("This site");
      await recordAudit(tx, { action: "site.update", objectType: "site", objectId: id, siteId: id, before, after: row });
      // Loss and reach verdicts depend on the conventions: judge every channel again (the plant is
      // unchanged here, so it may be read alongside too).
      if (row.attenuation !== before.attenuation || row.matedPair !== before.matedPair) await judgeWholeSite(tx, id, undefined, { db: ctx.db, written: [] });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err, "sites_name_unique")) throw fieldError("name", `A site named "${changes.name}" already exists.`, "CONFLICT");
    if (isUniqueViolation(err, "sites_code_unique")) throw fieldError("code", `The code "${changes.code}" is already used by another site.`, "CONFLICT");
    throw err;
  }
}
