import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { queryRows, uuidArray } from "../inventory/sql";

/**
 * The ports physically joined to `seeds`: through the cables plugged into them and through the
 * cassettes they belong to (a cassette's internal harness joins all its ports), transitively. Every
 * fiber leaving one of these ports stays among them, so a model of just this part of the plant gives
 * the engine the same channels, matings and verdicts as the whole site does.
 *
 * Walked level by level, one indexed query per level (a recursive query's plan degrades as soon as
 * the planner expects a large working table).
 */
export async function componentPortIds(db: Db, seeds: readonly string[]): Promise<string[]> {
  if (seeds.length === 0) return [];
  const seen = new Set(seeds);
  let frontier = [...seen];
  while (frontier.length > 0) {
    const arr = uuidArray(frontier);
    const next = await queryRows<{ id: string }>(
      db,
      sql`select p2.port_id as id
            from cable_plugs p1 join cable_plugs p2 on p2.cable_id = p1.cable_id
           where p1.port_id = any(${arr}::uuid[])
          union
          select q.id
            from ports p
            join modules m on m.id = p.module_id and m.kind = 'cassette'
            join ports q on q.module_id = m.id
           where p.id = any(${arr}::uuid[])`,
    );
    frontier = [];
    for (const { id } of next) {
      if (seen.has(id)) continue;
      seen.add(id);
      frontier.push(id);
    }
  }
  // Seeds may name ports that were just deleted.
  const live = await queryRows<{ id: string }>(db, sql`select id from ports where id = any(${uuidArray([...seen])}::uuid[])`);
  return live.map((r) => r.id);
}
