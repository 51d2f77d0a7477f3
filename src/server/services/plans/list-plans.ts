import { sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import type { ServiceContext } from "../context";
import { queryRows } from "../inventory/sql";
import { listPlansInput, type ListPlansInput } from "./operations";

/** A site's plans, open ones first, newest first, with their operation counts and, for open plans,
 *  how many other open plans touch one of the same ports. */
export async function listPlans(ctx: ServiceContext, input: ListPlansInput) {
  const { siteId, status, limit } = listPlansInput.parse(input);
  requireRole(ctx.actor, "viewer", siteId);
  const filter = status ? sql` and p.status = ${status}` : sql``;
  const rows = await queryRows<{ id: string; name: string; status: string; author_label: string; updated_at: string | Date; version: number; operations: number; conflicts: number }>(
    ctx.db,
    sql`select p.id, p.name, p.status, p.author_label, p.updated_at, p.version,
               (select count(*)::int from plan_operations o where o.plan_id = p.id) as operations,
               case when p.status in ('draft','submitted','approved','in_progress') then
                 (select count(distinct o2.plan_id)::int
                    from plan_operations o1
                    join plan_operations o2 on o2.site_id = o1.site_id and o2.plan_id <> o1.plan_id and o2.port_ids && o1.port_ids
                    join plans p2 on p2.id = o2.plan_id and p2.status in ('draft','submitted','approved','in_progress')
                   where o1.plan_id = p.id)
               else 0 end as conflicts
          from plans p where p.site_id = ${siteId}${filter}
         order by case when p.status in ('draft','submitted','approved','in_progress') then 0 else 1 end, p.updated_at desc, p.id
         limit ${limit}`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, status: r.status, author: r.author_label, updatedAt: new Date(r.updated_at), version: r.version, operations: Number(r.operations), conflicts: Number(r.conflicts) }));
}
