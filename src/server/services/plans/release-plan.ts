import { requireRole } from "../../auth/actor";
import { planSteps } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { lockSitePlant } from "../connectivity/site-lock";
import { ServiceError, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { evaluatePlanAround, readPlan, staleReads, whatIfReport } from "./evaluate";
import { releasePlanInput, type ReleasePlanInput } from "./operations";
import { bumpPlan, planWord, recordPlanEvent } from "./plan-access";

/** What a frozen step keeps besides its text: labels, cut-over, the steps it needs, the live objects it reads. */
export interface StepDetail {
  tia?: string[];
  link?: string | null;
  cableKind?: string | null;
  group?: number;
  /** The passing links its cut-over takes down, by title and by channel key. */
  linksDown?: string[];
  linksDownKeys?: string[];
  needs?: number[];
  reads?: { type: string; id: string; version: number; label: string }[];
}

/**
 * Releases an approved plan to the floor, in one transaction: checks that every live object the
 * plan reads still has the version it had when the plan was drafted (else refuses and names them)
 * and that every operation still applies, then freezes the work order as the plan's steps and
 * moves the plan to "in progress". Nothing in the live plant changes here: each step is carried out
 * when a technician ticks it off (steps.ts).
 */
export async function releasePlan(ctx: ServiceContext, input: ReleasePlanInput) {
  const { id, version } = releasePlanInput.parse(input);
  return inTransaction({ ...ctx, planId: id }, async (tx) => {
    const plan = await readPlan(tx.db, id, true);
    requireRole(tx.actor, "approver", plan.siteId);
    if (plan.status !== "approved") throw new ServiceError("CONFLICT", `${planWord(plan)} is ${plan.status.replace("_", " ")}; only an approved plan can be released to the floor.`);
    if (plan.version !== version) throw staleVersion(planWord(plan));
    await lockSitePlant(tx.db, plan.siteId);
    const e = await evaluatePlanAround(tx.db, plan);
    const stale = staleReads(e);
    if (stale.length) {
      const list = stale.map((s) => `${s.read.type} ${s.read.label} (operation ${s.seq}: ${s.now === null ? "removed since" : `version ${s.read.version} then, ${s.now} now`})`);
      throw new ServiceError("CONFLICT", `Not released: the live inventory changed since the plan was drafted — ${list.join("; ")}. Reject the plan, reopen it and check those operations.`, {
        id: `Changed since drafted: ${stale.map((s) => s.read.label).join(", ")}`,
      });
    }
    const problems = e.applied.outcomes.filter((o) => Object.keys(o.problems).length);
    if (problems.length) {
      const first = problems[0]!;
      throw new ServiceError("CONFLICT", `Not released: operation ${e.rows[first.index]!.seq} no longer applies: ${Object.values(first.problems)[0]}`);
    }
    const report = whatIfReport(e);
    if (report.workOrder.steps.length) {
      await tx.db.insert(planSteps).values(
        report.workOrder.steps.map((s) => {
          const cut = report.workOrder.cutOvers.find((c) => c.group === s.group);
          const detail: StepDetail = {
            tia: s.tia,
            link: s.link,
            cableKind: s.cableKind,
            group: s.group,
            linksDown: cut?.linksDown.map((l) => l.title) ?? [],
            linksDownKeys: cut?.linksDown.map((l) => l.key) ?? [],
            needs: s.needs,
            reads: e.applied.outcomes[s.index]!.reads,
          };
          // A cable the step installs exists once the step is done.
          return { planId: id, n: s.n, operationSeq: e.rows[s.index]!.seq, kind: s.kind, text: s.text, cableId: s.kind === "cable.add" ? null : s.cableId, detail };
        }),
      );
    }
    const row = await bumpPlan(tx, plan, version, { status: "in_progress" });
    await recordPlanEvent(tx, id, "release", "approved", "in_progress");
    await recordAudit(tx, { action: "plan.release", objectType: "plan", objectId: id, siteId: plan.siteId, before: { status: "approved" }, after: { status: "in_progress", operations: e.ops.length, steps: report.workOrder.steps.length } });
    return { plan: row, steps: report.workOrder.steps.length, counts: report.counts };
  });
}
