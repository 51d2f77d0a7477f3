import { count, eq } from "drizzle-orm";
import { getBuiltInType, listBuiltInTypeIds } from "../../../domain";
import type { Db } from "../../db/client";
import { componentTypes } from "../../db/schema";
import { typeSummary } from "./summary";

let known: number | undefined;

/**
 * Stores the engine's enumerated built-in types in the catalog table when some are missing (a new
 * database, or an engine that gained types). Built-ins keep no definition: the engine generates
 * each from its slug. Idempotent and cheap once done.
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
      .onConflictDoNothing()
      .returning({ id: componentTypes.id });
    inserted += done.length;
  }
  known = ids.length;
  return inserted;
}

/** Whether ensureBuiltInTypes already ran in this process (to skip the count query). */
export const builtInsKnown = () => known !== undefined;
