import { requireRole } from "../../auth/actor";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { inTransaction } from "../tx";
import { readPlan } from "./evaluate";
import { updatePlanInput, type UpdatePlanInput } from "./operations";
import { bumpPlan, planWord } from "./plan-access";

/** Renames a plan or changes its description while it is a draft or submitted (not once approved, released, rejected or abandoned). */
export async function updatePlan(ctx: ServiceContext, input: UpdatePlanInput) {
  const { id, version, ...changes } = updatePlanInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const plan = await readPlan(tx.db, id, true);
    requireRole(tx.actor, "editor", plan.siteId);
    if (plan.status !== "draft" && plan.status !== "submitted") throw new ServiceError("CONFLICT", `${planWord(plan)} is ${plan.status}; it can no longer be edited.`);
    const row = await bumpPlan(tx, plan, version, changes);
    await recordAudit(tx, { action: "plan.update", objectType: "plan", objectId: id, siteId: plan.siteId, planId: id, before: plan, after: row });
    return row;
  });
}
