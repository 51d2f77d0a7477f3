/**
 * Channel rules (reference §6, §9, §10) as small tables: which lane-role pairs pass, and how a
 * channel's numbers are compared with an application's limits.
 */
import { limitsFor, type Application } from "../applications";
import { ROLE_RT, ROLE_RX, ROLE_TR, ROLE_TX, ROLE_UNUSED } from "../compile";
import { GRADES, type FiberGrade } from "../fiber";
import type { FindingCode } from "../findings";

/**
 * Verdict of a fiber joining role `a` at one transceiver to role `b` at another
 * (reference §6 step 4): "ok", a finding code, or "app" when the two ends are different kinds
 * of optics (reported once per link as APPLICATION_MISMATCH).
 */
export const ROLE_PAIR_VERDICT: readonly (readonly (FindingCode | "ok" | "app")[])[] = (() => {
  const t: (FindingCode | "ok" | "app")[][] = [];
  const name = [ROLE_UNUSED, ROLE_TX, ROLE_RX, ROLE_TR, ROLE_RT];
  for (const a of name) {
    const row: (FindingCode | "ok" | "app")[] = [];
    for (const b of name) {
      if (a === ROLE_UNUSED || b === ROLE_UNUSED) row.push("POLARITY_UNUSED_POSITION");
      else if ((a === ROLE_TX && b === ROLE_RX) || (a === ROLE_RX && b === ROLE_TX)) row.push("ok");
      else if ((a === ROLE_TR && b === ROLE_RT) || (a === ROLE_RT && b === ROLE_TR)) row.push("ok");
      else if (a === ROLE_TX && b === ROLE_TX) row.push("POLARITY_TX_TO_TX");
      else if (a === ROLE_RX && b === ROLE_RX) row.push("POLARITY_RX_TO_RX");
      else if ((a === ROLE_TR && b === ROLE_TR) || (a === ROLE_RT && b === ROLE_RT)) row.push("POLARITY_TX_TO_TX");
      else row.push("app");
    }
    t.push(row);
  }
  return t;
})();

export const ROLE_NAMES = ["unused", "Tx", "Rx", "TR", "RT"] as const;

/** Tolerance when comparing a loss with its limit (losses are rounded to a micro-dB). */
export const LOSS_EPSILON_DB = 1e-9;

export interface BudgetLimit {
  readonly application: string;
  readonly grade: FiberGrade;
  readonly reachM: number | null;
  readonly maxLossDb: number | null;
}

/**
 * The limits a link is held to: for each end's application, its row for the lowest grade (with
 * the OM5 → OM4 and OS1 → OS2 fallbacks). Missing rows or values come back as null.
 */
export function budgetLimits(apps: readonly Application[], grade: FiberGrade): BudgetLimit[] {
  const seen = new Set<string>();
  const out: BudgetLimit[] = [];
  for (const app of apps) {
    if (seen.has(app.id)) continue;
    seen.add(app.id);
    const row = limitsFor(app, grade);
    out.push({ application: app.name, grade, reachM: row?.reachM ?? null, maxLossDb: row?.maxLossDb ?? null });
  }
  return out;
}

/** The lowest grade present in a grade bit mask (bit i = FIBER_GRADES[i]), or undefined on mixed modes. */
export function lowestGradeOfMask(mask: number, grades: readonly FiberGrade[]): FiberGrade | undefined {
  let lowest: FiberGrade | undefined;
  let mode: string | undefined;
  grades.forEach((g, i) => {
    if ((mask & (1 << i)) === 0) return;
    if (mode !== undefined && GRADES[g].mode !== mode) mode = "mixed";
    else mode ??= GRADES[g].mode;
    if (!lowest || GRADES[g].rank < GRADES[lowest].rank) lowest = g;
  });
  return mode === "mixed" ? undefined : lowest;
}
