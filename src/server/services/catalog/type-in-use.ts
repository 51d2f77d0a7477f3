import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { cables, modules, transceivers } from "../../db/schema";
import { queryRows } from "../inventory/sql";

/** How many cables, cassettes and transceivers use a type. */
export async function typeUsage(db: Db, id: string): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`select
      (select count(*) from ${cables} where ${eq(cables.typeId, id)})
    + (select count(*) from ${modules} where ${eq(modules.typeId, id)})
    + (select count(*) from ${transceivers} where ${eq(transceivers.typeId, id)}) as n`,
  );
  return Number(row?.n ?? 0);
}
