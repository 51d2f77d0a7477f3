import { requireRole } from "../../auth/actor";
import { planOperations, plans } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { lockSitePlant } from "../connectivity/site-lock";
import { ServiceError, notFound } from "../errors";
import { inTransaction } from "../tx";
import { applyOperations } from "./apply-operations";
import { readPlan, storedOperation } from "./evaluate";
import { readSteps, remainingRows } from "./floor";
import { loadPlanState, scopeOf, typeIdsOf } from "./load-state";
import { stopPlanInput, type StopPlanInput, type StoredOperation } from "./operations";
import { bumpPlan, planWord, recordPlanEvent } from "./plan-access";

/**
 * Stops a plan in progress, in one transaction: what was done on the floor stays in the live plant;
 * the operations of the steps not done become a new draft plan (what the done steps installed named
 * by its live id), to be checked, approved and released again. The stopped plan keeps its work
 * order as a record.
 */
export async function stopPlan(ctx: ServiceContext, input: StopPlanInput) {
  const { id, version, note } = stopPlanInput.parse(input);
  return inTransaction({ ...ctx, planId: id }, async (tx) => {
    const plan = await readPlan(tx.db, id, true);
    requireRole(tx.actor, "approver", plan.siteId);
    if (plan.status !== "in_progress") throw new ServiceError("CONFLICT", `${planWord(plan)} is ${plan.status.replace("_", " ")}; only a plan in progress can be stopped.`);
    await lockSitePlant(tx.db, plan.siteId);
    const steps = await readSteps(tx.db, id);
    const rest = await remainingRows(tx.db, plan);
    const ops = rest.map((r) => storedOperation(r)).filter((o): o is StoredOperation => o !== null);
    // The operations' reads and ports only: what they name (PlanReach).
    const state = await loadPlanState(tx.db, plan.siteId, typeIdsOf(ops), scopeOf(ops), "named");
    if (!state) throw notFound("This plan's site");
    const outcomes = applyOperations(state, ops).outcomes;
    const done = steps.filter((s) => s.doneAt).length;
    const [draft] = await tx.db
      .insert(plans)
      .values({
        siteId: plan.siteId,
        name: `${plan.name} (rest)`.slice(0, 120),
        description: `The ${rest.length} operation${rest.length === 1 ? "" : "s"} left when "${plan.name}" was stopped after ${done} of ${steps.length} steps.${note ? ` ${note}` : ""}`.slice(0, 2000),
        authorUserId: tx.actor.userId,
        authorLabel: tx.actor.label,
        continuesPlanId: plan.id,
      })
      .returning();
    if (ops.length) {
      await tx.db.insert(planOperations).values(
        ops.map((op, i) => ({ planId: draft!.id, siteId: plan.siteId, seq: i + 1, kind: op.kind, payload: op, reads: outcomes[i]!.reads, portIds: outcomes[i]!.ports })),
      );
    }
    const row = await bumpPlan(tx, plan, version, { status: "stopped" });
    await recordPlanEvent(tx, id, "stop", "in_progress", "stopped", note || `the rest is in draft "${draft!.name}"`);
    await recordPlanEvent({ ...tx, planId: draft!.id }, draft!.id, "created", null, "draft", `the rest of stopped plan "${plan.name}"`);
    await recordAudit(tx, { action: "plan.stop", objectType: "plan", objectId: id, siteId: plan.siteId, before: { status: "in_progress" }, after: { status: "stopped", done, steps: steps.length, rest: draft!.id } });
    await recordAudit(tx, { action: "plan.create", objectType: "plan", objectId: draft!.id, siteId: plan.siteId, planId: draft!.id, after: draft });
    return { plan: row, rest: draft! };
  });
}
