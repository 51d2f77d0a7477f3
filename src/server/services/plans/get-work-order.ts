import { asc, eq, inArray } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cables, planSteps, sites } from "../../db/schema";
import type { ServiceContext } from "../context";
import { evaluatePlanAround, readPlan, whatIfReport } from "./evaluate";
import { planByIdInput } from "./operations";

export interface WorkOrderStep {
  n: number;
  kind: string;
  text: string;
  /** TIA-606 labels of the ports the step works on, and the cable's link label (near end first). */
  tia: string[];
  link: string | null;
  cableId: string | null;
  cableLabel: string | null;
  /** 0: preparation; k: cut-over k, with the live links down during it. */
  group: number;
  linksDown: string[];
  doneAt: Date | null;
  doneBy: string | null;
}

/**
 * The work order of a plan: its steps in the order the technicians do them, with TIA-606 labels.
 * A released plan's steps are frozen (and ticked off, each carrying out its operation); before the
 * release, it is the order the plan would have now (a preview to print for review; steps cannot be
 * ticked yet).
 */
export async function getWorkOrder(ctx: ServiceContext, input: { id: string }) {
  const { id } = planByIdInput.parse(input);
  const plan = await readPlan(ctx.db, id);
  requireRole(ctx.actor, "viewer", plan.siteId);
  const [site] = await ctx.db.select({ id: sites.id, name: sites.name, code: sites.code }).from(sites).where(eq(sites.id, plan.siteId));
  let steps: WorkOrderStep[];
  const released = plan.status === "in_progress" || plan.status === "completed" || plan.status === "stopped";
  if (released) {
    const rows = await ctx.db.select().from(planSteps).where(eq(planSteps.planId, id)).orderBy(asc(planSteps.n));
    const ids = rows.map((r) => r.cableId).filter((c): c is string => c !== null);
    const labels = new Map(ids.length ? (await ctx.db.select({ id: cables.id, label: cables.label }).from(cables).where(inArray(cables.id, ids))).map((c) => [c.id, c.label]) : []);
    steps = rows.map((r) => {
      const d = r.detail as { tia?: string[]; link?: string | null; group?: number; linksDown?: string[] };
      return {
        n: r.n,
        kind: r.kind,
        text: r.text,
        tia: d.tia ?? [],
        link: d.link ?? null,
        cableId: r.cableId,
        cableLabel: r.cableId ? labels.get(r.cableId) || `#${r.cableId.slice(0, 8)}` : null,
        group: d.group ?? 0,
        linksDown: d.linksDown ?? [],
        doneAt: r.doneAt,
        doneBy: r.doneByLabel,
      };
    });
  } else {
    const report = whatIfReport(await evaluatePlanAround(ctx.db, plan));
    steps = report.workOrder.steps.map((s) => ({
      n: s.n,
      kind: s.kind,
      text: s.text,
      tia: s.tia,
      link: s.link,
      cableId: null,
      cableLabel: null,
      group: s.group,
      linksDown: report.workOrder.cutOvers.find((c) => c.group === s.group)?.linksDown.map((l) => l.title) ?? [],
      doneAt: null,
      doneBy: null,
    }));
  }
  return { plan: { id: plan.id, name: plan.name, status: plan.status, siteId: plan.siteId, updatedAt: plan.updatedAt }, site: site!, steps, preview: !released, open: plan.status === "in_progress" || plan.status === "completed" };
}

export type WorkOrderView = Awaited<ReturnType<typeof getWorkOrder>>;
