import { z } from "zod";

/** Input schemas of traces and findings (zod only: safe in client bundles). */
const id = z.uuid("Not a valid id.");

/** `planId`: show the site as that change plan would leave it (what-if views). */
const planId = id.optional();

export const tracePortInput = z.object({ portId: id, side: z.enum(["front", "rear"]).optional(), planId });
export type TracePortInput = z.input<typeof tracePortInput>;

export const SEVERITY_OPTIONS = ["error", "warning", "info"] as const;

export const listFindingsInput = z.object({
  siteId: id,
  severity: z.enum(SEVERITY_OPTIONS).optional(),
  code: z
    .string()
    .trim()
    .max(40)
    .regex(/^[A-Z_]*$/, "Not a finding code.")
    .optional(),
  roomId: id.optional(),
  rackId: id.optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  planId,
});
export type ListFindingsInput = z.input<typeof listFindingsInput>;

export const listChannelsInput = z.object({
  siteId: id,
  verdict: z.enum(["pass", "warning", "fail"]).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export type ListChannelsInput = z.input<typeof listChannelsInput>;
