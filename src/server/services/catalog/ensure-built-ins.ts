import { count, eq, sql } from "drizzle-orm";
import { getBuiltInType, listBuiltInTypeIds } from "../../../domain";
import type { Db } from "../../db/client";
import { componentTypes } from "../../db/schema";
import { typeSummary } from "./summary";

let known: number | undefined;

/**
 * Stores the engine's enumerated built-in types in the catalog table when some are missing (a new
 * database, or an engine that gained types). Built-ins keep no definition: the engine generates
 * each from its slug; when the engine changed, the stored summaries of built-ins already there are
 * refreshed too (a built-in's name says its polish, which a rule may have changed). Idempotent and
 * cheap once done. Returns the number of rows written.
 */
export async function ensureBuiltInTypes(db: Db): Promise<number> {
  const ids = listBuiltInTypeIds().sort();
  const [have] = await db.select({ n: count() }).from(componentTypes).where(eq(componentTypes.builtIn, true));
  if ((have?.n ?? 0) >= ids.length) return 0;
  const rows = ids.map((id) => ({ ...typeSummary(getBuiltInType(id)!), builtIn: true, definition: null }));
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 250) {
    const done = await db
      .insert(componentTypes)
      .values(rows.slice(i, i + 250))
      .onConflictDoUpdate({
        target: componentTypes.id,
        set: {
          name: sql`excluded.name`,
          fiber: sql`excluded.fiber`,
          families: sql`excluded.families`,
          polarity: sql`excluded.polarity`,
          connectorCount: sql`excluded.connector_count`,
        },
        setWhere: sql`${componentTypes.builtIn} and ${componentTypes.name} is distinct from excluded.name`,
      })
      .returning({ id: componentTypes.id });
    inserted += done.length;
  }
  known = ids.length;
  return inserted;
}

/** Whether ensureBuiltInTypes already ran in this process (to skip the count query). */
export const builtInsKnown = () => known !== undefined;
