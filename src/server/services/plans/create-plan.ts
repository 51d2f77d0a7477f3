import { eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { plans, sites } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { fieldError } from "../errors";
import { inTransaction } from "../tx";
import { createPlanInput, type CreatePlanInput } from "./operations";
import { recordPlanEvent } from "./plan-access";

/** Starts a draft plan of changes to a site. Editors draft plans. */
export async function createPlan(ctx: ServiceContext, input: CreatePlanInput) {
  const data = createPlanInput.parse(input);
  requireRole(ctx.actor, "editor", data.siteId);
  return inTransaction(ctx, async (tx) => {
    const [site] = await tx.db.select({ id: sites.id }).from(sites).where(eq(sites.id, data.siteId));
    if (!site) throw fieldError("siteId", "This site does not exist (it may have been deleted).", "NOT_FOUND");
    const [plan] = await tx.db
      .insert(plans)
      .values({ siteId: data.siteId, name: data.name, description: data.description, authorUserId: tx.actor.userId, authorLabel: tx.actor.label })
      .returning();
    await recordPlanEvent(tx, plan!.id, "created", null, "draft");
    await recordAudit(tx, { action: "plan.create", objectType: "plan", objectId: plan!.id, siteId: data.siteId, planId: plan!.id, after: plan });
    return plan!;
  });
}
