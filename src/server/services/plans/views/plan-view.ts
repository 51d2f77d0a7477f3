import { requireRole } from "../../../auth/actor";
import type { ServiceContext } from "../../context";
import { ServiceError } from "../../errors";
import { evaluatePlanAround, readPlan, type AroundPlan, type PlanRow } from "../evaluate";
import type { PlanScope } from "../load-state";

/**
 * The site as a plan would leave it, for the read views that take a `planId` (a device, a rack, the
 * findings, the topology): the plan applied in memory to what its operations name and `scope`
 * adds, and judged around what it touches (evaluatePlanAround); the views put its judgement in
 * place of the stored one by channel and by finding (putAside). For a plan in progress it is the
 * steps not done yet, on the plant as the done ones left it. A completed or stopped plan is
 * history: its views are the live ones (null). A port's trace as planned loads its own part
 * (planTrace).
 */
export async function planViewAround(ctx: ServiceContext, planId: string, siteId?: string, scope: PlanScope = {}): Promise<AroundPlan | null> {
  const plan = await viewedPlan(ctx, planId, siteId);
  return plan && evaluatePlanAround(ctx.db, plan, undefined, scope);
}

/** The plan a view is asked for, the viewer's role checked; null when it is done on the floor. */
export async function viewedPlan(ctx: ServiceContext, planId: string, siteId: string | undefined): Promise<PlanRow | null> {
  const plan = await readPlan(ctx.db, planId).catch(() => {
    throw new ServiceError("NOT_FOUND", "This plan does not exist (it may have been deleted).", { planId: "No such plan." });
  });
  requireRole(ctx.actor, "viewer", plan.siteId);
  if (siteId !== undefined && plan.siteId !== siteId) throw new ServiceError("INVALID", "This plan is for another site.", { planId: "This plan is for another site." });
  if (plan.status === "completed" || plan.status === "stopped") return null;
  return plan;
}
