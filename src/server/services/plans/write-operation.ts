import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { planOperations } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError, notFound } from "../errors";
import { inTransaction } from "../tx";
import { applyOperations, type OperationOutcome } from "./apply-operations";
import { readOperations, readPlan, storedOperation, type OperationRow } from "./evaluate";
import { loadPlanState, scopeOf, typeIdsOf } from "./load-state";
import {
  CREATING_KINDS,
  addOperationInput,
  removeOperationInput,
  replaceOperationInput,
  type AddOperationInput,
  type Operation,
  type RemoveOperationInput,
  type ReplaceOperationInput,
  type StoredOperation,
} from "./operations";
import { readTemplate } from "../devices/templates";
import { bumpPlan, recordPlanEvent, requireDraft } from "./plan-access";

const creates = (op: Operation): boolean => (CREATING_KINDS as readonly string[]).includes(op.kind);

/** The stored payload of an operation: its planned id, and a device type's bays and ports as they are now. */
async function toStored(tx: ServiceContext, operation: Operation, newId: string): Promise<StoredOperation> {
  if (!creates(operation)) return operation;
  if (operation.kind !== "device.add" || !operation.templateId) return { ...operation, newId };
  const t = await readTemplate(tx.db, operation.templateId).catch((err: unknown) => {
    throw err instanceof ServiceError ? new ServiceError("INVALID", err.message, { "operation.templateId": err.message }) : err;
  });
  return { ...operation, model: operation.model || `${t.manufacturer} ${t.model}`.trim(), newId, template: { bays: t.bays, ports: t.ports } };
}

/** Applies the plan with `candidate` in place of (or after) its operations; refuses the candidate when it does not apply, naming its fields. */
async function check(tx: ServiceContext, siteId: string, rows: OperationRow[], candidate: StoredOperation, at: number | null): Promise<OperationOutcome> {
  const ops = rows.map((r) => storedOperation(r)).filter((o): o is StoredOperation => o !== null);
  const index = at === null ? ops.length : at;
  const list = at === null ? [...ops, candidate] : ops.map((o, i) => (i === at ? candidate : o));
  // Checks only: what the operations name, not the part of the plant joined to it (PlanReach).
  const state = await loadPlanState(tx.db, siteId, typeIdsOf(list), scopeOf(list), "named");
  if (!state) throw notFound("This plan's site");
  const outcome = applyOperations(state, list).outcomes[index]!;
  const entries = Object.entries(outcome.problems);
  if (entries.length) {
    const fields = Object.fromEntries(entries.map(([k, v]) => [`operation.${k}`, v]));
    throw new ServiceError("INVALID", entries[0]![1], fields);
  }
  return outcome;
}

/** Adds an operation at the end of a draft plan. It is checked against the site as the plan's other operations leave it. */
export async function addOperation(ctx: ServiceContext, input: AddOperationInput) {
  const { planId, version, operation } = addOperationInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const plan = await readPlan(tx.db, planId, true);
    requireRole(tx.actor, "editor", plan.siteId);
    requireDraft(plan);
    const rows = await readOperations(tx.db, planId);
    const stored = await toStored(tx, operation, randomUUID());
    const outcome = await check(tx, plan.siteId, rows, stored, null);
    const seq = (rows[rows.length - 1]?.seq ?? 0) + 1;
    const [row] = await tx.db
      .insert(planOperations)
      .values({ planId, siteId: plan.siteId, seq, kind: operation.kind, payload: stored, reads: outcome.reads, portIds: outcome.ports })
      .returning();
    const next = await bumpPlan(tx, plan, version);
    await recordPlanEvent(tx, planId, "operation_added", null, null, `operation ${seq}: ${outcome.text}`);
    await recordAudit(tx, { action: "plan.operation_add", objectType: "plan", objectId: planId, siteId: plan.siteId, planId, after: { seq, operation: stored, text: outcome.text } });
    return { plan: next, operation: row!, text: outcome.text };
  });
}

/** Rewrites one operation of a draft plan (a cord of another type, another port). What it installs keeps its planned id. */
export async function replaceOperation(ctx: ServiceContext, input: ReplaceOperationInput) {
  const { planId, version, operationId, operation } = replaceOperationInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const plan = await readPlan(tx.db, planId, true);
    requireRole(tx.actor, "editor", plan.siteId);
    requireDraft(plan);
    const rows = await readOperations(tx.db, planId);
    const at = rows.findIndex((r) => r.id === operationId);
    if (at < 0) throw new ServiceError("NOT_FOUND", "This operation is not in the plan (it may have been removed).", { operationId: "Not in this plan." });
    const old = rows[at]!;
    const oldId = (old.payload as { newId?: string }).newId;
    const stored = await toStored(tx, operation, old.kind === operation.kind && oldId ? oldId : randomUUID());
    const outcome = await check(tx, plan.siteId, rows, stored, at);
    const [row] = await tx.db
      .update(planOperations)
      .set({ kind: operation.kind, payload: stored, reads: outcome.reads, portIds: outcome.ports, updatedAt: new Date(), version: sql`${planOperations.version} + 1` })
      .where(and(eq(planOperations.id, operationId), eq(planOperations.planId, planId)))
      .returning();
    const next = await bumpPlan(tx, plan, version);
    await recordPlanEvent(tx, planId, "operation_changed", null, null, `operation ${old.seq}: ${outcome.text}`);
    await recordAudit(tx, { action: "plan.operation_replace", objectType: "plan", objectId: planId, siteId: plan.siteId, planId, before: { seq: old.seq, operation: old.payload }, after: { seq: old.seq, operation: stored, text: outcome.text } });
    return { plan: next, operation: row!, text: outcome.text };
  });
}

/** Removes an operation from a draft plan; refused while a later operation uses what it installs. */
export async function removeOperation(ctx: ServiceContext, input: RemoveOperationInput) {
  const { planId, version, operationId } = removeOperationInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const plan = await readPlan(tx.db, planId, true);
    requireRole(tx.actor, "editor", plan.siteId);
    requireDraft(plan);
    const rows = await readOperations(tx.db, planId);
    const at = rows.findIndex((r) => r.id === operationId);
    if (at < 0) throw new ServiceError("NOT_FOUND", "This operation is not in the plan (it may have been removed).", { operationId: "Not in this plan." });
    const rest = rows.filter((_, i) => i !== at);
    const ops = rest.map((r) => storedOperation(r)).filter((o): o is StoredOperation => o !== null);
    const all = rows.map((r) => storedOperation(r)).filter((o): o is StoredOperation => o !== null);
    // The plan with and without the operation, checked on one state: what all its operations name
    // (PlanReach "named"; the whole site had been read twice, a campus's million ports each time).
    const state = await loadPlanState(tx.db, plan.siteId, typeIdsOf(all), scopeOf(all), "named");
    if (!state) throw notFound("This plan's site");
    const wasOk = applyOperations(state, all).outcomes.map((o) => Object.keys(o.problems).length === 0);
    const nowBroken = applyOperations(state, ops)
      .outcomes.map((o, i) => ({ ok: Object.keys(o.problems).length === 0, row: rest[i]!, was: wasOk[i >= at ? i + 1 : i] }))
      .filter((x) => x.was && !x.ok);
    if (nowBroken.length) {
      throw new ServiceError("CONFLICT", `Operation ${nowBroken.map((x) => x.row.seq).join(", ")} of this plan relies on this one; remove ${nowBroken.length > 1 ? "them" : "it"} first.`, { operationId: "Other operations rely on it." });
    }
    await tx.db.delete(planOperations).where(eq(planOperations.id, operationId));
    const next = await bumpPlan(tx, plan, version);
    await recordPlanEvent(tx, planId, "operation_removed", null, null, `operation ${rows[at]!.seq} (${rows[at]!.kind})`);
    await recordAudit(tx, { action: "plan.operation_remove", objectType: "plan", objectId: planId, siteId: plan.siteId, planId, before: { seq: rows[at]!.seq, operation: rows[at]!.payload } });
    return { plan: next };
  });
}
