import { and, asc, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cables, planSteps } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { lockSitePlant } from "../connectivity/site-lock";
import { ServiceError, notFound } from "../errors";
import { inTransaction } from "../tx";
import { doOperation, undoOperation, undoRefusal, type StepResult } from "./carry-out";
import { readOperations, readPlan, storedOperation } from "./evaluate";
import { detailOf, foreignChanges, lastAuditId, namedIds, readSteps, realIds, releaseAuditId, resultOf, type ForeignChange, type StepRow } from "./floor";
import { stepByCableInput, stepInput, type StepInput } from "./operations";
import { planWord, recordPlanEvent } from "./plan-access";
import { plans } from "../../db/schema";

const when = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
const said = (step: Pick<StepRow, "n" | "text">) => `step ${step.n} (${step.text})`;

function changedSince(step: StepRow, changes: ForeignChange[], reads: Map<string, string>, since: string): ServiceError {
  const named = changes.map((c) => `${reads.get(c.objectId) ?? `${c.objectType} ${c.label ?? `#${c.objectId.slice(0, 8)}`}`}: ${c.action.replace(/^[a-z]+\./, "").replace(/_/g, " ")} by ${c.actor} at ${when(c.at)}`);
  const objects = [...new Set(changes.map((c) => reads.get(c.objectId) ?? `${c.objectType} ${c.label ?? `#${c.objectId.slice(0, 8)}`}`))];
  return new ServiceError(
    "CONFLICT",
    `Step ${step.n} refused: the live plant changed since ${since} — ${[...new Set(named)].join("; ")}. Check it on the floor; stop the plan to draft the rest again if the step no longer fits.`,
    { n: `Changed since ${since}: ${objects.join(", ")}` },
  );
}

/**
 * Ticks a work-order step off, or undoes it, in one transaction on the live plant. Doing a step
 * carries out its operation through the inventory services — a new cable installed, a removed
 * cable decommissioned, a cord retyped, a cassette moved, an optic swapped — each judged again at
 * once and audited under the plan and the step. It is refused, by name, when a step it needs is not
 * done, or when anyone but this plan changed the live objects it works on since the release.
 * Undoing reverses it exactly, refused while a done step relies on it or when the objects changed
 * since. The last step done completes the plan; undoing a step of a completed plan reopens the work.
 * Steps of one plan are done one at a time (the plan's row is locked), so two technicians ticking
 * steps at once each see the other's.
 */
export async function setStepDone(ctx: ServiceContext, input: StepInput) {
  const { planId, n, done } = stepInput.parse(input);
  return inTransaction({ ...ctx, planId, planStep: n }, async (tx) => {
    const plan = await readPlan(tx.db, planId, true);
    requireRole(tx.actor, "editor", plan.siteId);
    if (plan.status !== "in_progress" && plan.status !== "completed") {
      throw new ServiceError("CONFLICT", `${planWord(plan)} is ${plan.status.replace("_", " ")}: steps are ticked off while the plan is released to the floor.`);
    }
    await lockSitePlant(tx.db, plan.siteId);
    const steps = await readSteps(tx.db, planId);
    const step = steps.find((s) => s.n === n);
    if (!step) throw new ServiceError("NOT_FOUND", `This plan has no step ${n}.`, { n: "No such step." });
    if ((step.doneAt !== null) === done) return { step, plan, outcome: "unchanged" as const };
    const row = (await readOperations(tx.db, planId)).find((r) => r.seq === step.operationSeq);
    const op = row ? storedOperation(row) : null;
    if (!op) throw new ServiceError("CONFLICT", `Step ${n}'s operation can no longer be read; stop the plan and write it again.`);
    const real = realIds(steps);
    const detail = detailOf(step);
    const reads = new Map((detail.reads ?? []).map((r) => [real(r.id), `${r.type} ${r.label}`]));
    const old = resultOf(step);
    let result: StepResult;
    let cableId = step.cableId;
    if (done) {
      const missing = (detail.needs ?? []).map((k) => steps.find((s) => s.n === k)!).filter((s) => s && !s.doneAt);
      if (missing.length) throw new ServiceError("CONFLICT", `Step ${n} needs ${missing.map(said).join(" and ")} done first.`, { n: `Do step ${missing.map((s) => s.n).join(", ")} first.` });
      const objects = [...reads.keys(), ...namedIds(op).map(real)];
      const changes = await foreignChanges(tx.db, planId, objects, await releaseAuditId(tx.db, planId));
      if (changes.length) throw changedSince(step, changes, reads, "the work was released");
      try {
        const res = await doOperation(tx, plan.siteId, op, real);
        result = { ...res, aliases: { ...old.aliases, ...res.aliases } };
      } catch (err) {
        if (err instanceof ServiceError) throw new ServiceError(err.code === "NOT_FOUND" ? "CONFLICT" : err.code, `Step ${n} refused: ${err.message}`, { n: err.message });
        throw err;
      }
      if (op.kind === "cable.add") cableId = result.created[op.newId!] ?? null;
    } else {
      const relying = steps.filter((s) => s.doneAt && (detailOf(s).needs ?? []).includes(n));
      if (relying.length) throw new ServiceError("CONFLICT", `Step ${n} cannot be undone: ${relying.map(said).join(" and ")} ${relying.length > 1 ? "are" : "is"} done and rel${relying.length > 1 ? "y" : "ies"} on it; undo ${relying.length > 1 ? "them" : "it"} first.`, { n: `Undo step ${relying.map((s) => s.n).join(", ")} first.` });
      const refusal = undoRefusal(op);
      if (refusal) throw new ServiceError("CONFLICT", `Step ${n} cannot be undone: ${refusal}.`, { n: refusal });
      const objects = [...reads.keys(), ...namedIds(op).map(real), ...Object.values(old.created), ...Object.values(old.aliases)];
      const since = Number((step.result as { auditId?: number } | null)?.auditId ?? 0);
      const changes = await foreignChanges(tx.db, planId, objects, since);
      if (changes.length) throw changedSince(step, changes, reads, `step ${n} was done`);
      try {
        const aliases = await undoOperation(tx, op, old, real);
        result = { created: {}, aliases: { ...old.aliases, ...aliases }, before: null };
      } catch (err) {
        if (err instanceof ServiceError) throw new ServiceError(err.code === "NOT_FOUND" ? "CONFLICT" : err.code, `Step ${n} cannot be undone: ${err.message}`, { n: err.message });
        throw err;
      }
      if (op.kind === "cable.add") cableId = null;
    }
    await recordPlanEvent(tx, planId, done ? "step_done" : "step_undone", null, null, `step ${n}: ${step.text}`);
    await recordAudit(tx, { action: done ? "plan.step_done" : "plan.step_undone", objectType: "plan", objectId: planId, siteId: plan.siteId, after: { n, text: step.text, result } });
    const [updated] = await tx.db
      .update(planSteps)
      .set({
        ...(done ? { doneAt: new Date(), doneByUserId: tx.actor.userId, doneByLabel: tx.actor.label } : { doneAt: null, doneByUserId: null, doneByLabel: null }),
        cableId,
        result: { ...result, auditId: await lastAuditId(tx.db) },
        updatedAt: new Date(),
        version: sql`${planSteps.version} + 1`,
      })
      .where(eq(planSteps.id, step.id))
      .returning();
    // The last step done completes the plan; undoing one of a completed plan puts the work back in progress.
    const left = steps.filter((s) => s.id !== step.id && !s.doneAt).length + (done ? 0 : 1);
    const status = left === 0 ? "completed" : "in_progress";
    let next = plan;
    if (status !== plan.status) {
      [next] = (await tx.db.update(plans).set({ status, updatedAt: new Date(), version: sql`${plans.version} + 1` }).where(eq(plans.id, planId)).returning()) as [typeof plan];
      await recordPlanEvent(tx, planId, status === "completed" ? "complete" : "resume", plan.status, status);
      await recordAudit(tx, { action: status === "completed" ? "plan.complete" : "plan.resume", objectType: "plan", objectId: planId, siteId: plan.siteId, before: { status: plan.status }, after: { status } });
    }
    return { step: updated!, plan: next, outcome: done ? ("done" as const) : ("undone" as const) };
  });
}

/** The work-order step of a cable: where its QR code leads when the printed code has no step number. */
export async function stepOfCable(ctx: ServiceContext, input: { cableId: string }) {
  const { cableId } = stepByCableInput.parse(input);
  const [c] = await ctx.db.select({ siteId: cables.siteId }).from(cables).where(eq(cables.id, cableId));
  if (!c) throw notFound("This cable");
  requireRole(ctx.actor, "viewer", c.siteId);
  const rows = await ctx.db.select({ planId: planSteps.planId, n: planSteps.n, doneAt: planSteps.doneAt }).from(planSteps).where(and(eq(planSteps.cableId, cableId))).orderBy(asc(planSteps.doneAt), asc(planSteps.createdAt));
  const open = rows.find((r) => r.doneAt === null) ?? rows[rows.length - 1];
  if (!open) throw notFound("A work-order step for this cable");
  return { planId: open.planId, n: open.n };
}
