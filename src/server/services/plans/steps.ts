import { and, asc, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cables, planSteps } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { updateCable } from "../cables/update-cable";
import type { ServiceContext } from "../context";
import { ServiceError, notFound } from "../errors";
import { inTransaction } from "../tx";
import { readPlan } from "./evaluate";
import { stepByCableInput, stepInput, type StepInput } from "./operations";
import { recordPlanEvent } from "./plan-access";

/**
 * Ticks a work-order step off (or back on). When the step installs a cable, the cable goes from
 * planned to installed (and back), recorded under the plan in the audit trail.
 */
export async function setStepDone(ctx: ServiceContext, input: StepInput) {
  const { planId, n, done } = stepInput.parse(input);
  return inTransaction({ ...ctx, planId }, async (tx) => {
    const plan = await readPlan(tx.db, planId);
    requireRole(tx.actor, "editor", plan.siteId);
    if (plan.status !== "applied") throw new ServiceError("CONFLICT", "Steps are ticked off once the plan is applied.");
    const [step] = await tx.db.select().from(planSteps).where(and(eq(planSteps.planId, planId), eq(planSteps.n, n))).for("update");
    if (!step) throw new ServiceError("NOT_FOUND", `This plan has no step ${n}.`, { n: "No such step." });
    if ((step.doneAt !== null) === done) return { step, cable: null };
    const [row] = await tx.db
      .update(planSteps)
      .set(done ? { doneAt: new Date(), doneByUserId: tx.actor.userId, doneByLabel: tx.actor.label, updatedAt: new Date(), version: sql`${planSteps.version} + 1` } : { doneAt: null, doneByUserId: null, doneByLabel: null, updatedAt: new Date(), version: sql`${planSteps.version} + 1` })
      .where(eq(planSteps.id, step.id))
      .returning();
    let cable = null;
    if (step.kind === "cable.add" && step.cableId) {
      const [c] = await tx.db.select().from(cables).where(eq(cables.id, step.cableId));
      const want = done ? "installed" : "planned";
      const from = done ? "planned" : "installed";
      if (c && c.status === from) cable = (await updateCable(tx, { id: c.id, version: c.version, status: want })).cable;
    }
    await recordPlanEvent(tx, planId, done ? "step_done" : "step_undone", null, null, `step ${n}: ${step.text}`);
    await recordAudit(tx, { action: done ? "plan.step_done" : "plan.step_undone", objectType: "plan", objectId: planId, siteId: plan.siteId, after: { n, text: step.text } });
    return { step: row!, cable };
  });
}

/** The work-order step of a cable: where its QR code leads when the printed code has no step number. */
export async function stepOfCable(ctx: ServiceContext, input: { cableId: string }) {
  const { cableId } = stepByCableInput.parse(input);
  const [c] = await ctx.db.select({ siteId: cables.siteId }).from(cables).where(eq(cables.id, cableId));
  if (!c) throw notFound("This cable");
  requireRole(ctx.actor, "viewer", c.siteId);
  const rows = await ctx.db.select({ planId: planSteps.planId, n: planSteps.n, doneAt: planSteps.doneAt }).from(planSteps).where(eq(planSteps.cableId, cableId)).orderBy(asc(planSteps.doneAt), asc(planSteps.createdAt));
  const open = rows.find((r) => r.doneAt === null) ?? rows[rows.length - 1];
  if (!open) throw notFound("A work-order step for this cable");
  return { planId: open.planId, n: open.n };
}
