/** Typed errors every service throws. The API layer maps them to tRPC codes in one place
 *  (src/server/api/errors.ts); the CLI prints their message. */
export type ServiceErrorCode = "NOT_FOUND" | "CONFLICT" | "INVALID" | "FORBIDDEN" | "UNAUTHORIZED" | "RATE_LIMITED" | "TOO_LARGE";

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    /** Field errors by input path ("name", "legs.2.portId"), shown next to the form field. */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

/** Refused for now: try again after `retryAfterSeconds` (sent as the `Retry-After` header). */
export class RateLimited extends ServiceError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("RATE_LIMITED", message);
  }
}

export const notFound = (what: string) => new ServiceError("NOT_FOUND", `${what} does not exist (it may have been deleted).`);

/** Optimistic concurrency: the row's version moved on since the editor opened it. */
export const staleVersion = (what: string) =>
  new ServiceError("CONFLICT", `${what} was changed by someone else since you opened it. Reload to see the current values.`);

export const fieldError = (field: string, message: string, code: ServiceErrorCode = "INVALID") =>
  new ServiceError(code, message, { [field]: message });

/** PostgreSQL unique_violation, from either driver (PGlite or postgres.js). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const pg = e as { code?: string; constraint?: string; constraint_name?: string; cause?: unknown };
    if (pg.code === "23505") {
      const name = pg.constraint ?? pg.constraint_name;
      return constraint === undefined || name === constraint;
    }
    e = pg.cause;
  }
  return false;
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * A backstop for database refusals a service did not foresee: foreign keys, checks, value ranges and
 * unique keys become a clear 4xx naming the column, instead of a 500. Services still validate first;
 * this only keeps a missed case from surfacing as a crash.
 */
export function fromDatabaseError(err: unknown): ServiceError | null {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const pg = e as { code?: string; detail?: string; column?: string; constraint?: string; constraint_name?: string; cause?: unknown };
    const code = pg.code;
    if (typeof code === "string" && /^(22|23)/.test(code)) {
      const column = pg.column ?? /Key \(([a-z_]+)\)/.exec(pg.detail ?? "")?.[1];
      const field = column ? camel(column) : "_";
      switch (code) {
        case "23503":
          return new ServiceError("NOT_FOUND", "It refers to something that does not exist (it may have been deleted).", { [field]: "Does not exist (it may have been deleted)." });
        case "23505":
          return new ServiceError("CONFLICT", "That value is already used.", { [field]: "Already used." });
        case "23514":
          return new ServiceError("INVALID", `A value is out of the allowed range (${pg.constraint ?? pg.constraint_name ?? "check"}).`, { [field]: "Out of the allowed range." });
        default:
          return new ServiceError("INVALID", "A value cannot be stored as given.", { [field]: "Cannot be stored as given." });
      }
    }
    e = pg.cause;
  }
  return null;
}
