import { asc, eq } from "drizzle-orm";
import { requireRole, roleOn, type Role } from "../../auth/actor";
import type { Db } from "../../db/client";
import { planEvents, type PlanStatus } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { inTransaction } from "../tx";
import { checkPlan, readPlan, staleReads, type PlanRow } from "./evaluate";
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
 * see release-plan.ts and stop-plan.ts); editors tick steps off (steps.ts). Four eyes: no one who
 * wrote the plan, or added, changed or removed one of its operations since it was last approved, may
 * approve it — unless they are an administrator of the site, the escape hatch a small team needs.
 */

/** Everyone who wrote the plan or changed its operations since its last approval, with what they did. */
export async function planChangers(db: Db, plan: Pick<PlanRow, "id" | "authorUserId">): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: planEvents.id, action: planEvents.action, userId: planEvents.actorUserId, note: planEvents.note })
    .from(planEvents)
    .where(eq(planEvents.planId, plan.id))
    .orderBy(asc(planEvents.id));
  const lastApproval = rows.findLastIndex((r) => r.action === "approve");
  const changers = new Map<string, string>();
  if (plan.authorUserId) changers.set(plan.authorUserId, "You wrote this plan");
  for (const r of rows.slice(lastApproval + 1)) {
    if (r.userId && OPERATION_EVENTS.has(r.action) && !changers.has(r.userId)) {
      changers.set(r.userId, `You changed this plan's operations${lastApproval >= 0 ? " since it was last approved" : ""} (${r.note})`);
    }
  }
  return changers;
}

export const OPERATION_EVENTS = new Set(["operation_added", "operation_changed", "operation_removed"]);
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
    if (transition === "approve" && roleOn(tx.actor, plan.siteId) !== "admin") {
      const changed = tx.actor.userId ? (await planChangers(tx.db, plan)).get(tx.actor.userId) : undefined;
      if (changed) throw new ServiceError("FORBIDDEN", `${changed}: another approver has to approve it (administrators excepted).`);
    }
    if (transition === "abandon" && !own && roleOn(tx.actor, plan.siteId) === "editor") {
      throw new ServiceError("FORBIDDEN", "Only the plan's author or an approver can abandon it.");
    }
    if (transition === "submit" || transition === "approve") {
      // Whether every operation still applies and what it read: checked, not judged.
      const e = await checkPlan(tx.db, plan);
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
