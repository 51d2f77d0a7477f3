import { z } from "zod";

/** Input schemas shared by the tRPC procedures and the forms (zod only: safe in client bundles). */
export const siteName = z.string().trim().min(1, "Enter a name.").max(100, "At most 100 characters.");
export const siteCode = z
  .string()
  .trim()
  .min(1, "Enter a short code.")
  .max(16, "At most 16 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, "Letters, digits and dashes only (it starts TIA-606 identifiers).");

export const createSiteInput = z.object({
  name: siteName,
  code: siteCode,
  description: z.string().trim().max(2000, "At most 2000 characters.").default(""),
});
export type CreateSiteInput = z.input<typeof createSiteInput>;

export const id = z.uuid("Not a valid id.");
export const version = z.number().int().min(1);

export const updateSiteInput = z.object({
  id,
  version,
  name: siteName.optional(),
  code: siteCode.optional(),
  description: z.string().trim().max(2000, "At most 2000 characters.").optional(),
  /** Loss conventions: fiber attenuation by ISO/IEC 11801 or TIA-568; how mated pairs count. */
  attenuation: z.enum(["ISO", "TIA"], { error: "Choose ISO or TIA attenuation." }).optional(),
  matedPair: z.enum(["by-grade", "standard", "low-loss"], { error: "Choose how mated pairs are counted." }).optional(),
});
export type UpdateSiteInput = z.input<typeof updateSiteInput>;

export const deleteInput = z.object({ id, version });
export const byIdInput = z.object({ id });
