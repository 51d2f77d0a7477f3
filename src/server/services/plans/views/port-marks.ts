import { sql } from "drizzle-orm";
import type { ServiceContext } from "../../context";
import { queryRows, uuidArray } from "../../inventory/sql";
import { putAside, type AroundPlan } from "../evaluate";
import { installedPorts } from "../plan-state";

export type Verdict = "pass" | "warning" | "fail";
export type Severity = "error" | "warning" | "info";
const SEVERITY: readonly Severity[] = ["error", "warning", "info"];
const RANK: Record<Verdict, number> = { pass: 0, warning: 1, fail: 2 };

/**
 * The worst finding on each port and the worst verdict of the channels through it, as a plan would
 * leave the site: the stored findings and channels the plan's judgement stands in for put aside
 * (putAside), the judged ones after the plan put in their place.
 */
export async function planPortMarks(ctx: ServiceContext, e: AroundPlan, portIds: readonly string[]) {
  const wanted = new Set(portIds);
  const planned = installedPorts(e.applied.state);
  const live = portIds.filter((p) => !planned.has(p));
  const aside = putAside(e);
  const ids = sql`${uuidArray(live)}::uuid[]`;
  // The stored rows through the ports found one port at a time by the GIN indexes (an array overlap
  // of a rack's 320 ports was estimated to match every channel of a campus: a scan of them all,
  // 0.8 s; 45 ms so), the channels' verdicts by their keys.
  const [storedFaults, storedVerdicts] = live.length
    ? await Promise.all([
        queryRows<{ port: string; rank: number }>(
          ctx.db,
          sql`with f as materialized (
                select distinct f.id, f.severity_rank, f.port_ids from unnest(${ids}) w(id) join findings f on f.site_id = ${e.plan.siteId} and f.port_ids @> array[w.id]
                 where not ${aside.finding})
              select p as port, min(f.severity_rank)::int as rank from f, unnest(f.port_ids) p where p = any(${ids}) group by p`,
        ),
        queryRows<{ port: string; worst: number }>(
          ctx.db,
          sql`with c as materialized (
                select distinct c.key, c.ports from unnest(${ids}) w(id) join channel_paths c on c.site_id = ${e.plan.siteId} and c.ports @> array[w.id]
                 where not ${aside.channel}),
              v as (select j.key, j.verdict from channel_judgements j where j.site_id = ${e.plan.siteId} and j.key = any(array(select key from c)))
              select p as port, max(case v.verdict when 'fail' then 2 when 'warning' then 1 else 0 end)::int as worst
                from c join v on v.key = c.key, unnest(c.ports) p where p = any(${ids}) group by p`,
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
