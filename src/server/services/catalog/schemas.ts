import { z } from "zod";

/** Input schemas of the component-type catalog (zod only: safe in client bundles). */
export const typeSlug = z
  .string()
  .trim()
  .min(1, "Enter the type's id.")
  .max(120, "At most 120 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Letters, digits, '.', '_' or '-' only.");

export const listTypesInput = z
  .object({
    kind: z.enum(["cable", "module", "transceiver"]).optional(),
    /** Cables only: patch-cord, trunk, harness, conversion. */
    cableKind: z.enum(["patch-cord", "trunk", "harness", "conversion"]).optional(),
    q: z.string().trim().max(100, "At most 100 characters.").optional(),
    builtIn: z.boolean().optional(),
    limit: z.number().int().min(1).max(2000).default(500),
  })
  .default({ limit: 500 });
export type ListTypesInput = z.input<typeof listTypesInput>;

/** A user-defined type, as the engine's component type (kind cable, module or transceiver). The
 *  definition is checked against the engine's type schema and validator by the service. */
export const createTypeInput = z.object({ definition: z.record(z.string(), z.unknown(), { error: "Enter the type as a JSON object." }) });
export type CreateTypeInput = z.input<typeof createTypeInput>;

export const updateTypeInput = z.object({
  id: typeSlug,
  version: z.number().int().min(1),
  definition: z.record(z.string(), z.unknown(), { error: "Enter the type as a JSON object." }),
});
export type UpdateTypeInput = z.input<typeof updateTypeInput>;

export const typeByIdInput = z.object({ id: typeSlug });
export const deleteTypeInput = z.object({ id: typeSlug, version: z.number().int().min(1) });

export const deleteTemplateInput = z.object({ id: typeSlug, version: z.number().int().min(1) });

/** Types to say in words (a trace's cords, trunks and cassettes): at most 200 at once. */
export const typeWordsInput = z.object({ ids: z.array(typeSlug).max(200, { error: "At most 200 types at once." }) });
