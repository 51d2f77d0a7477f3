import { validateComponentType, type ComponentType } from "../../../domain";
import { componentTypeSchema } from "../../../domain/site-file/schema";
import { ServiceError } from "../errors";
import { definitionField } from "./field-path";

/** Checks a user type with the engine's type schema, then its validator (maps, connectors, lanes).
 *  Every problem is named on its field: `definition.fibers.3.b.position`. */
export function parseDefinition(definition: unknown, opts: { allowBuiltInId?: boolean } = {}): ComponentType {
  const parsed = componentTypeSchema.safeParse(definition);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = ["definition", ...issue.path.map(String)].join(".");
      fields[key] ??= issue.code === "unrecognized_keys" ? `Unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")}.` : issue.message.replace(/^Invalid input: /, "");
    }
    const first = Object.entries(fields)[0]!;
    throw new ServiceError("INVALID", `The type is not valid: ${first[0].replace(/^definition\.?/, "") || "definition"}: ${first[1]}`, fields);
  }
  const type = parsed.data as ComponentType;
  const errors = validateComponentType(type, opts);
  if (errors.length) {
    const fields: Record<string, string> = {};
    for (const e of errors) fields[definitionField(e.field)] ??= e.message;
    throw new ServiceError("INVALID", `The type is not valid: ${errors[0]!.field}: ${errors[0]!.message}`, fields);
  }
  return type;
}
