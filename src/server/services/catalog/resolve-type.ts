import { inArray } from "drizzle-orm";
import { getBuiltInType, type ComponentType } from "../../../domain";
import type { Db } from "../../db/client";
import { componentTypes } from "../../db/schema";
import { fieldError } from "../errors";
import { typeSummary } from "./summary";

type Kind = ComponentType["kind"];
type OfKind<K extends Kind> = Extract<ComponentType, { kind: K }>;

/**
 * The component types with these ids, from the catalog table (user types) or the engine (built-in
 * slugs, including parametric ones not yet listed: their catalog row is added on first use so that
 * rows referring to them keep a foreign key).
 */
export async function loadTypes(db: Db, ids: readonly string[]): Promise<Map<string, ComponentType>> {
  const out = new Map<string, ComponentType>();
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return out;
  const rows = await db
    .select({ id: componentTypes.id, builtIn: componentTypes.builtIn, definition: componentTypes.definition })
    .from(componentTypes)
    .where(inArray(componentTypes.id, wanted));
  const missing: ComponentType[] = [];
  const stored = new Set(rows.map((r) => r.id));
  for (const r of rows) {
    const t = r.builtIn ? getBuiltInType(r.id) : (r.definition as ComponentType | null);
    if (t) out.set(r.id, t);
  }
  for (const id of wanted) {
    if (stored.has(id)) continue;
    const t = getBuiltInType(id);
    if (!t) continue;
    out.set(id, t);
    missing.push(t);
  }
  if (missing.length) {
    await db
      .insert(componentTypes)
      // In id order, like ensureBuiltInTypes: concurrent writers then wait for each other, never deadlock.
      .values([...missing].sort((a, b) => (a.id < b.id ? -1 : 1)).map((t) => ({ ...typeSummary(t), builtIn: true, definition: null })))
      .onConflictDoNothing();
  }
  return out;
}

/** One type of the expected kind, or a field error naming `field`. */
export async function resolveType<K extends Kind>(db: Db, id: string, kind: K, field: string): Promise<OfKind<K>> {
  const t = (await loadTypes(db, [id])).get(id);
  const word = { cable: "cable", module: "cassette (module)", transceiver: "transceiver" }[kind];
  if (!t) throw fieldError(field, `There is no ${word} type "${id}" in the catalog.`, "NOT_FOUND");
  if (t.kind !== kind) throw fieldError(field, `"${id}" is a ${t.kind} type, not a ${word} type.`);
  return t as OfKind<K>;
}

/** The user-defined types among `ids`, for a site model (built-ins come from the engine). */
export async function userTypesOf(db: Db, ids: readonly string[]): Promise<ComponentType[]> {
  const wanted = [...new Set(ids)].filter((id) => getBuiltInType(id) === undefined);
  if (wanted.length === 0) return [];
  const rows = await db
    .select({ definition: componentTypes.definition })
    .from(componentTypes)
    .where(inArray(componentTypes.id, wanted));
  return rows.map((r) => r.definition as ComponentType).filter((t): t is ComponentType => t !== null);
}
