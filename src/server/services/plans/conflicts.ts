import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { queryRows, uuidArray } from "../inventory/sql";
import type { PlanRow } from "./evaluate";

export interface PlanConflict {
  planId: string;
  name: string;
  status: string;
  /** Ports both plans touch. */
  portIds: string[];
}

/** Open plans of the same site (draft, submitted, approved, in progress) whose operations touch a port this plan touches. */
export async function findConflicts(db: Db, plan: Pick<PlanRow, "id" | "siteId">, ports: readonly string[]): Promise<PlanConflict[]> {
  const mine = [...new Set(ports)];
  if (mine.length === 0) return [];
  const rows = await queryRows<{ plan_id: string; name: string; status: string; port_ids: string[] }>(
    db,
    sql`select p.id as plan_id, p.name, p.status, o.port_ids
          from plan_operations o join plans p on p.id = o.plan_id
         where o.site_id = ${plan.siteId} and p.id <> ${plan.id}
           and p.status in ('draft','submitted','approved','in_progress')
           and o.port_ids && ${uuidArray(mine)}::uuid[]`,
  );
  const byPlan = new Map<string, PlanConflict>();
  const set = new Set(mine);
  for (const r of rows) {
    const c = byPlan.get(r.plan_id) ?? { planId: r.plan_id, name: r.name, status: r.status, portIds: [] };
    for (const p of r.port_ids) if (set.has(p) && !c.portIds.includes(p)) c.portIds.push(p);
    byPlan.set(r.plan_id, c);
  }
  return [...byPlan.values()].sort((a, b) => a.name.localeCompare(b.name));
}
