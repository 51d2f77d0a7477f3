import { z } from "zod";

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`);

/** Filters of the audit trail page and its exports. Dates are ISO strings (inclusive days). */
export const auditFilterInput = z.object({
  from: z.iso.date("A date as YYYY-MM-DD.").nullable().default(null),
  to: z.iso.date("A date as YYYY-MM-DD.").nullable().default(null),
  siteId: z.uuid("Not a valid id.").nullable().default(null),
  /** Part of the actor's label: an email, a token name, "system". */
  actor: text(254).default(""),
  /** The object's type ("rack", "cable", …) or id. */
  objectType: text(64).default(""),
  objectId: text(100).default(""),
  /** An action or its prefix: "rack.", "auth.sign_in_failed". */
  action: text(64).default(""),
});

export const listAuditInput = auditFilterInput.extend({
  /** Keyset pagination: entries older than this id. */
  cursor: z.number().int().positive().nullish(),
  limit: z.number().int().min(1, "At least 1.").max(500, "At most 500.").default(100),
});

export type AuditFilterInput = z.input<typeof auditFilterInput>;
export type ListAuditInput = z.input<typeof listAuditInput>;
