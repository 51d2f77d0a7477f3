import { z } from "zod";

export const searchSiteInput = z.object({
  siteId: z.uuid("Not a valid id."),
  q: z.string().trim().min(1, "Type a name, label or identifier.").max(100, "At most 100 characters."),
  limit: z.number().int().min(1).max(50).default(10),
});
export type SearchSiteInput = z.input<typeof searchSiteInput>;
