import { z } from "zod";

/** Import of a site file (YAML) as a new site (zod only: safe in client bundles). */
export const importSiteFileInput = z.object({
  /** The file's text; its size is bounded by FERRULE_MAX_IMPORT_BYTES where it is read. */
  yaml: z.string().min(1, "Paste or choose a site file."),
  /** The new site's name; the file's site name when empty. */
  name: z.string().trim().max(100, "At most 100 characters.").default(""),
  code: z
    .string()
    .trim()
    .min(1, "Enter a short code.")
    .max(16, "At most 16 characters.")
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, "Letters, digits and dashes only (it starts TIA-606 identifiers)."),
  description: z.string().trim().max(2000, "At most 2000 characters.").default(""),
});
export type ImportSiteFileInput = z.input<typeof importSiteFileInput>;
