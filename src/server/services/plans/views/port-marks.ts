import { sql } from "drizzle-orm";
import type { ServiceContext } from "../../context";
import { queryRows, uuidArray } from "../../inventory/sql";
import type { Evaluated } from "../evaluate";

export type Verdict = "pass" | "warning" | "fail";
export type Severity = "error" | "warning" | "info";
const SEVERITY: readonly Severity[] = ["error", "warning", "info"];
const RANK: Record<Verdict, number> = { pass: 0, warning: 1, fail: 2 };

/**
 * The worst finding on each port and the worst verdict of the channels through it, as a plan would
 * leave the site: ports of the part the plan touches are judged after the plan, the others keep the
 * stored judgements (a channel outside the part never reaches into it).
 */
export async function planPortMarks(ctx: ServiceContext, e: Evaluated, portIds: readonly string[]) {
  const wanted = new Set(portIds);
  const planned = new Set(e.applied.state.ports.filter((p) => p.planned).map((p) => p.id));
  const outside = portIds.filter((p) => !e.part.has(p) && !planned.has(p));
  const [storedFaults, storedVerdicts] = outside.length
    ? await Promise.all([
        queryRows<{ port: string; rank: number }>(
          ctx.db,
          sql`select p as port, min(f.severity_rank)::int as rank from findings f, unnest(f.port_ids) p
               where f.site_id = ${e.plan.siteId} and f.port_ids && ${uuidArray(outside)}::uuid[] and p = any(${uuidArray(outside)}::uuid[]) group by p`,
        ),
        queryRows<{ port: string; worst: number }>(
          ctx.db,
          sql`select p as port, max(case j.verdict when 'fail' then 2 when 'warning' then 1 else 0 end)::int as worst
                from channel_paths c join channel_judgements j on j.site_id = c.site_id and j.key = c.key, unnest(c.ports) p
               where c.site_id = ${e.plan.siteId} and c.ports && ${uuidArray(outside)}::uuid[] and p = any(${uuidArray(outside)}::uuid[]) group by p`,
        ),
      ])
    : [[], []];
  const fault = new Map<string, Severity>(storedFaults.map((f) => [f.port, SEVERITY[f.rank] ?? "info"]));
  const verdict = new Map<string, Verdict>(storedVerdicts.map((v) => [v.port, (["pass", "warning", "fail"] as const)[v.worst] ?? "pass"]));
  for (const f of e.after.findings) {
    for (const p of f.portIds) {
      if (!wanted.has(p)) continue;
      const now = fault.get(p);
      if (!now || SEVERITY.indexOf(f.severity) < SEVERITY.indexOf(now)) fault.set(p, f.severity);
    }
  }
  for (const c of e.after.channels) {
    for (const p of c.ports) {
      if (!wanted.has(p)) continue;
      const now = verdict.get(p);
      if (!now || RANK[c.verdict] > RANK[now]) verdict.set(p, c.verdict);
    }
  }
  return { fault, verdict };
}

/** The worst of some severities, or null. */
export function worstSeverity(values: Iterable<Severity | undefined>): Severity | null {
  let worst: Severity | null = null;
  for (const v of values) if (v && (worst === null || SEVERITY.indexOf(v) < SEVERITY.indexOf(worst))) worst = v;
  return worst;
}
