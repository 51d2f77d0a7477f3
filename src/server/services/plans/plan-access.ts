import { and, eq, sql } from "drizzle-orm";
import { planEvents, plans, type PlanStatus } from "../../db/schema";
import type { ServiceContext } from "../context";
import { ServiceError, staleVersion } from "../errors";
import type { PlanRow } from "./evaluate";

export const planWord = (plan: Pick<PlanRow, "name">) => `Plan "${plan.name}"`;

/** Appends one entry to a plan's history. */
export async function recordPlanEvent(ctx: ServiceContext, planId: string, action: string, from: PlanStatus | null, to: PlanStatus | null, note = ""): Promise<void> {
  await ctx.db.insert(planEvents).values({ planId, action, fromStatus: from, toStatus: to, actorUserId: ctx.actor.userId, actorLabel: ctx.actor.label, note });
}

/** Moves the plan's version on (every change of a plan or of its operations), matching the version the editor opened. */
export async function bumpPlan(ctx: ServiceContext, plan: PlanRow, version: number, set: Partial<Pick<PlanRow, "status" | "name" | "description">> = {}): Promise<PlanRow> {
  if (plan.version !== version) throw staleVersion(planWord(plan));
  const [row] = await ctx.db
    .update(plans)
    .set({ ...set, updatedAt: new Date(), version: sql`${plans.version} + 1` })
    .where(and(eq(plans.id, plan.id), eq(plans.version, version)))
    .returning();
  if (!row) throw staleVersion(planWord(plan));
  return row;
}

/** Operations are written only while the plan is a draft. */
export function requireDraft(plan: PlanRow): void {
  if (plan.status !== "draft") {
    throw new ServiceError("CONFLICT", `${planWord(plan)} is ${plan.status}: only a draft's operations can be changed${plan.status === "submitted" ? " (withdraw it to edit it)" : plan.status === "rejected" ? " (reopen it to edit it)" : ""}.`);
  }
}

export const OPEN_STATUSES: readonly PlanStatus[] = ["draft", "submitted", "approved", "in_progress"];
