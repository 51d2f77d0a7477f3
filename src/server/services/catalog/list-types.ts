import { and, asc, eq, ilike, or, type SQL } from "drizzle-orm";
import { getBuiltInType, typeTraits, typeWords, type ComponentType, type TypeTraits } from "../../../domain";
import { componentTypes } from "../../db/schema";
import type { ServiceContext } from "../context";
import { requireRoleAnywhere } from "../inventory/access";
import { ensureBuiltInTypes } from "./ensure-built-ins";
import { listTypesInput, type ListTypesInput } from "./schemas";

/**
 * The catalog, filtered: what the type pickers and the catalog page show. Each row carries the
 * type's traits in words (gender, polish, fiber count, loss grade, polarity or method), from the
 * engine for a built-in type and from the stored definition for a site's own.
 */
export async function listTypes(ctx: ServiceContext, input: ListTypesInput = {}) {
  const { kind, cableKind, q, builtIn, limit } = listTypesInput.parse(input);
  requireRoleAnywhere(ctx.actor, "viewer");
  await ensureBuiltInTypes(ctx.db);
  const where: SQL[] = [];
  if (kind) where.push(eq(componentTypes.kind, kind));
  if (cableKind) where.push(eq(componentTypes.cableKind, cableKind));
  if (builtIn !== undefined) where.push(eq(componentTypes.builtIn, builtIn));
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(componentTypes.id, like), ilike(componentTypes.name, like))!);
  }
  const rows = await ctx.db
    .select({
      id: componentTypes.id,
      kind: componentTypes.kind,
      name: componentTypes.name,
      builtIn: componentTypes.builtIn,
      cableKind: componentTypes.cableKind,
      fiber: componentTypes.fiber,
      families: componentTypes.families,
      polarity: componentTypes.polarity,
      application: componentTypes.application,
      connectorCount: componentTypes.connectorCount,
      version: componentTypes.version,
      definition: componentTypes.definition,
    })
    .from(componentTypes)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(componentTypes.builtIn), asc(componentTypes.kind), asc(componentTypes.id))
    .limit(limit);
  return rows.map(({ definition, ...row }) => {
    const t = row.builtIn ? getBuiltInType(row.id) : (definition as ComponentType | null);
    let traits: TypeTraits | null = null;
    let words: string | null = null;
    try {
      traits = t ? typeTraits(t) : null;
      words = t ? typeWords(t) : null;
    } catch {
      traits = null; // a stored definition from an older engine that no longer reads: no words, the row still lists
    }
    return { ...row, traits, words, formFactor: t?.kind === "transceiver" ? t.formFactor : null };
  });
}
