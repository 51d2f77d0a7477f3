import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { ServiceError, fromDatabaseError, type ServiceErrorCode } from "../services/errors";

const TRPC_CODE: Record<ServiceErrorCode, TRPCError["code"]> = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  INVALID: "BAD_REQUEST",
  FORBIDDEN: "FORBIDDEN",
  UNAUTHORIZED: "UNAUTHORIZED",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  TOO_LARGE: "PAYLOAD_TOO_LARGE",
};

/** Field errors by dotted input path, from a zod error. */
export function zodFieldErrors(err: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of err.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

/** One sentence for a refused input: the first field and its reason, and how many more there are. */
export function zodMessage(err: ZodError): string {
  const [first, ...rest] = err.issues;
  if (!first) return "Some fields are not valid.";
  const where = first.path.length ? `${first.path.join(".")}: ` : "";
  return `${where}${first.message}${rest.length ? ` (and ${rest.length} more)` : ""}`;
}

/** The one place service errors become tRPC errors. Unknown errors stay INTERNAL_SERVER_ERROR. */
export function toTRPCError(err: unknown): TRPCError {
  if (err instanceof TRPCError) return err;
  if (err instanceof ServiceError) return new TRPCError({ code: TRPC_CODE[err.code], message: err.message, cause: err });
  if (err instanceof ZodError) {
    return new TRPCError({ code: "BAD_REQUEST", message: zodMessage(err), cause: err });
  }
  const db = fromDatabaseError(err);
  if (db) return new TRPCError({ code: TRPC_CODE[db.code], message: db.message, cause: db });
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Unexpected server error.", cause: err instanceof Error ? err : undefined });
}

/** Field errors carried by a tRPC error's cause, for the client's forms. */
export function fieldErrorsOf(err: TRPCError): Record<string, string> | null {
  const cause = err.cause;
  if (cause instanceof ZodError) return zodFieldErrors(cause);
  if (cause instanceof ServiceError && Object.keys(cause.fields).length > 0) return cause.fields;
  return null;
}
