import { and, eq } from "drizzle-orm";
import { getBuiltInType } from "../../../domain";
import { requireRole } from "../../auth/actor";
import { componentTypes } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError, notFound, staleVersion } from "../errors";
import { inTransaction } from "../tx";
import { deleteTypeInput } from "./schemas";
import { typeUsage } from "./type-in-use";

/** Removes a user-defined type that nothing uses. */
export async function deleteType(ctx: ServiceContext, input: { id: string; version: number }) {
  const { id, version } = deleteTypeInput.parse(input);
  requireRole(ctx.actor, "admin", null);
  if (getBuiltInType(id)) throw new ServiceError("CONFLICT", `"${id}" is a built-in type; built-in types cannot be changed or deleted. Create a new type instead.`);
  return inTransaction(ctx, async (tx) => {
    const [before] = await tx.db.select().from(componentTypes).where(eq(componentTypes.id, id)).for("update");
    if (!before) throw notFound(`Type "${id}"`);
    if (before.builtIn) throw new ServiceError("CONFLICT", `"${id}" is a built-in type and stays in the catalog.`);
    if (before.version !== version) throw staleVersion(`Type "${id}"`);
    const used = await typeUsage(tx.db, id);
    if (used > 0) throw new ServiceError("CONFLICT", `Type "${id}" is used by ${used} item${used === 1 ? "" : "s"}; replace them before deleting the type.`);
    await tx.db.delete(componentTypes).where(and(eq(componentTypes.id, id), eq(componentTypes.version, version)));
    await recordAudit(tx, { action: "type.delete", objectType: "component_type", objectId: id, before });
    return { id };
  });
}
