import { typeNotices } from "../../../domain";
import { requireRole } from "../../auth/actor";
import { componentTypes } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { fieldError, isUniqueViolation } from "../errors";
import { inTransaction } from "../tx";
import { parseDefinition } from "./parse-definition";
import { createTypeInput, type CreateTypeInput } from "./schemas";
import { typeSummary } from "./summary";

/**
 * Adds a user-defined type to the catalog, after the engine has validated it. Needs the admin role.
 * The result carries `notices`: positions the type's map leaves without a fiber (a partial map).
 */
export async function createType(ctx: ServiceContext, input: CreateTypeInput) {
  const data = createTypeInput.parse(input);
  requireRole(ctx.actor, "admin", null);
  const type = parseDefinition(data.definition);
  try {
    return await inTransaction(ctx, async (tx) => {
      const [row] = await tx.db
        .insert(componentTypes)
        .values({ ...typeSummary(type), builtIn: false, definition: type })
        .returning();
      await recordAudit(tx, { action: "type.create", objectType: "component_type", objectId: type.id, after: row });
      const notices = type.kind === "transceiver" ? [] : typeNotices(type).map((n) => `${n.field}: ${n.message}`);
      return { ...row!, notices };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw fieldError("definition.id", `A type with the id "${type.id}" already exists.`, "CONFLICT");
    throw err;
  }
}
