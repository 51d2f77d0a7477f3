import { and, eq, sql } from "drizzle-orm";
import { checkTypeChange, getBuiltInType, type ComponentType } from "../../../domain";
import { requireRole } from "../../auth/actor";
import { componentTypes } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { definitionField } from "./field-path";
import { parseDefinition } from "./parse-definition";
import { updateTypeInput, type UpdateTypeInput } from "./schemas";
import { typeSummary } from "./summary";
import { typeUsage } from "./type-in-use";

/**
 * Changes a user-defined type. A type in use keeps its map, connectors and fiber (the engine's
 * checkTypeChange): a different map is a different part and needs a new type. Built-ins never change.
 */
export async function updateType(ctx: ServiceContext, input: UpdateTypeInput) {
  const { id, version, definition } = updateTypeInput.parse(input);
  requireRole(ctx.actor, "admin", null);
  if (getBuiltInType(id)) throw new ServiceError("CONFLICT", `"${id}" is a built-in type; built-in types cannot be changed or deleted. Create a new type instead.`);
  return inTransaction(ctx, async (tx) => {
    const [before] = await tx.db.select().from(componentTypes).where(eq(componentTypes.id, id)).for("update");
    if (!before) throw notFound(`Type "${id}"`);
    if (before.builtIn) throw new ServiceError("CONFLICT", `"${id}" is a built-in type; built-in types cannot be changed. Create a new type instead.`);
    if (before.version !== version) throw staleVersion(`Type "${id}"`);
    const next = parseDefinition(definition, { allowBuiltInId: true });
    const inUse = (await typeUsage(tx.db, id)) > 0;
    const errors = checkTypeChange(before.definition as ComponentType, next, inUse);
    if (errors.length) {
      const fields: Record<string, string> = {};
      for (const e of errors) fields[definitionField(e.field)] ??= e.message;
      throw new ServiceError(inUse ? "CONFLICT" : "INVALID", errors[0]!.message, fields);
    }
    const [row] = await tx.db
      .update(componentTypes)
      .set({ ...typeSummary(next), definition: next, updatedAt: new Date(), version: sql`${componentTypes.version} + 1` })
      .where(and(eq(componentTypes.id, id), eq(componentTypes.version, version)))
      .returning();
    if (!row) throw staleVersion(`Type "${id}"`);
    await recordAudit(tx, { action: "type.update", objectType: "component_type", objectId: id, before, after: row });
    return row;
  });
}
