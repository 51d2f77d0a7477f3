import { requireRole } from "../../../auth/actor";
import type { ServiceContext } from "../../context";
import { ServiceError } from "../../errors";
import { evaluatePlan, readPlan, type Evaluated } from "../evaluate";
import type { PlanScope } from "../load-state";

/**
 * The site as a plan would leave it, for the read views that take a `planId` (findings, trace,
 * topology): the plan applied in memory and the part of the plant it touches judged before and
 * after. Everything outside that part is as the live inventory stores it. For a plan in progress
 * it is the steps not done yet, on the plant as the done ones left it. A completed or stopped plan
 * is history: its views are the live ones.
 */
export async function planView(ctx: ServiceContext, planId: string, siteId?: string, scope: PlanScope | "site" = {}): Promise<Evaluated | null> {
  const plan = await readPlan(ctx.db, planId).catch(() => {
    throw new ServiceError("NOT_FOUND", "This plan does not exist (it may have been deleted).", { planId: "No such plan." });
  });
  requireRole(ctx.actor, "viewer", plan.siteId);
  if (siteId !== undefined && plan.siteId !== siteId) throw new ServiceError("INVALID", "This plan is for another site.", { planId: "This plan is for another site." });
  if (plan.status === "completed" || plan.status === "stopped") return null;
  return evaluatePlan(ctx.db, plan, undefined, scope);
}
