import { requireRole } from "../../auth/actor";
import { sites } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { fieldError, isUniqueViolation } from "../errors";
import { inTransaction } from "../tx";
import { createSiteInput, type CreateSiteInput } from "./schemas";

/** Creating a site needs the editor role on every site (a global grant): it opens a new scope. */
export async function createSite(ctx: ServiceContext, input: CreateSiteInput) {
  requireRole(ctx.actor, "editor", null);
  const data = createSiteInput.parse(input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const [row] = await tx.db.insert(sites).values(data).returning();
      await recordAudit(tx, { action: "site.create", objectType: "site", objectId: row!.id, siteId: row!.id, after: row });
      return row!;
    });
  } catch (err) {
    if (isUniqueViolation(err, "sites_name_unique")) throw fieldError("name", `A site named "${data.name}" already exists.`, "CONFLICT");
    if (isUniqueViolation(err, "sites_code_unique")) throw fieldError("code", `The code "${data.code}" is already used by another site.`, "CONFLICT");
    throw err;
  }
}
