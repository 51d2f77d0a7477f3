import { requireRole, roleOn, type Role } from "../../auth/actor";
import type { PlanStatus } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { inTransaction } from "../tx";
import { evaluatePlan, readPlan, staleReads } from "./evaluate";
import { transitionPlanInput, type PlanTransition, type TransitionPlanInput } from "./operations";
import { bumpPlan, planWord, recordPlanEvent } from "./plan-access";

/**
 * The review states of a plan and who moves it between them:
 *
 *   draft ─submit→ submitted ─approve→ approved ─release→ in progress ─last step done→ completed
 *     ↑  ←withdraw─┘   └─reject→ rejected ─reopen→ draft      (approved ─reject→ rejected too)
 *   draft, submitted, approved, rejected ─abandon→ abandoned
 *   in progress ─stop→ stopped (the steps not done become a new draft)
 *
 * Editors submit, withdraw, reopen and abandon; approvers approve and reject (and release and stop,
 * see release-plan.ts and stop-plan.ts); editors tick steps off (steps.ts). An author cannot approve their own plan unless they are an administrator of the
 * site: the four-eyes rule, with the administrator as the escape hatch a small team needs.
 */
export const TRANSITIONS: Record<PlanTransition, { from: readonly PlanStatus[]; to: PlanStatus; role: Role; past: string }> = {
  submit: { from: ["draft"], to: "submitted", role: "editor", past: "submitted" },
  withdraw: { from: ["submitted"], to: "draft", role: "editor", past: "withdrawn" },
  approve: { from: ["submitted"], to: "approved", role: "approver", past: "approved" },
  reject: { from: ["submitted", "approved"], to: "rejected", role: "approver", past: "rejected" },
  reopen: { from: ["rejected"], to: "draft", role: "editor", past: "reopened" },
  abandon: { from: ["draft", "submitted", "approved", "rejected"], to: "abandoned", role: "editor", past: "abandoned" },
};

export async function transitionPlan(ctx: ServiceContext, transition: PlanTransition, input: TransitionPlanInput) {
  const { id, version, note } = transitionPlanInput.parse(input);
  const rule = TRANSITIONS[transition];
  return inTransaction(ctx, async (tx) => {
    const plan = await readPlan(tx.db, id, true);
    requireRole(tx.actor, rule.role, plan.siteId);
    if (!rule.from.includes(plan.status)) {
      throw new ServiceError("CONFLICT", `${planWord(plan)} is ${plan.status.replace("_", " ")}; it cannot be ${rule.past} (only a plan that is ${rule.from.join(" or ")}).`);
    }
    const own = plan.authorUserId !== null && plan.authorUserId === tx.actor.userId;
    if (transition === "approve" && own && roleOn(tx.actor, plan.siteId) !== "admin") {
      throw new ServiceError("FORBIDDEN", "You wrote this plan: another approver has to approve it (administrators excepted).");
    }
    if (transition === "abandon" && !own && roleOn(tx.actor, plan.siteId) === "editor") {
      throw new ServiceError("FORBIDDEN", "Only the plan's author or an approver can abandon it.");
    }
    if (transition === "submit" || transition === "approve") {
      const e = await evaluatePlan(tx.db, plan);
      if (e.rows.length === 0) throw new ServiceError("INVALID", "The plan has no operations yet.", { id: "The plan has no operations yet." });
      const problems = e.applied.outcomes.filter((o) => Object.keys(o.problems).length);
      if (problems.length) {
        const first = problems[0]!;
        throw new ServiceError("CONFLICT", `Operation ${e.rows[first.index]!.seq} no longer applies: ${Object.values(first.problems)[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}. Fix the plan first.`);
      }
      const stale = staleReads(e);
      if (transition === "approve" && stale.length) {
        throw new ServiceError("CONFLICT", `The live inventory changed since the plan was drafted: ${stale.map((s) => s.read.label).join(", ")}. Reject it so the author can check it again.`);
      }
    }
    const row = await bumpPlan(tx, plan, version, { status: rule.to });
    await recordPlanEvent(tx, id, transition, plan.status, rule.to, note);
    await recordAudit(tx, { action: `plan.${transition}`, objectType: "plan", objectId: id, siteId: plan.siteId, planId: id, before: { status: plan.status }, after: { status: rule.to, note } });
    return row;
  });
}
