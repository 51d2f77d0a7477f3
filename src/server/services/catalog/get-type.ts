import { eq } from "drizzle-orm";
import { getBuiltInType } from "../../../domain";
import { componentTypes } from "../../db/schema";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { requireRoleAnywhere } from "../inventory/access";
import { loadTypes } from "./resolve-type";
import { typeByIdInput } from "./schemas";
import { typeUsage } from "./type-in-use";

/** One type with its full definition (built-ins from the engine) and how many items use it. */
export async function getType(ctx: ServiceContext, input: { id: string }) {
  const { id } = typeByIdInput.parse(input);
  requireRoleAnywhere(ctx.actor, "viewer");
  const definition = (await loadTypes(ctx.db, [id])).get(id);
  const [row] = await ctx.db.select().from(componentTypes).where(eq(componentTypes.id, id));
  if (!definition || !row) throw notFound(`Type "${id}"`);
  return { ...row, builtIn: getBuiltInType(id) !== undefined, definition, usage: await typeUsage(ctx.db, id) };
}
