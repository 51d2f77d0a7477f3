import { requireRole } from "../../../auth/actor";
import type { ServiceContext } from "../../context";
import { ServiceError } from "../../errors";
import { evaluatePlan, evaluatePlanAround, readPlan, type AroundPlan, type Evaluated, type PlanRow } from "../evaluate";
import type { PlanScope } from "../load-state";

/**
 * The site as a plan would leave it, for the read views that take a `planId` (findings, trace,
 * topology): the plan applied in memory and the part of the plant it touches judged before and
 * after. Everything outside that part is as the live inventory stores it. For a plan in progress
 * it is the steps not done yet, on the plant as the done ones left it. A completed or stopped plan
 * is history: its views are the live ones.
 */
export async function planView(ctx: ServiceContext, planId: string, siteId?: string, scope: PlanScope | "site" = {}): Promise<Evaluated | null> {
  const plan = await viewedPlan(ctx, planId, siteId);
  return plan && evaluatePlan(ctx.db, plan, undefined, scope);
}

/**
 * The same, judged around what the plan touches (evaluatePlanAround), for the views that put its
 * judgement in place of the stored one by channel and by finding (putAside): a device, a rack, the
 * findings. In a meshed plant what is physically joined to one cord is tens of thousands of ports.
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
