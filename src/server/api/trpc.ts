import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { atLeast, highestRole, type Role } from "../auth/actor";
import type { Context } from "./context";
import { ServiceError } from "../services/errors";
import { fieldErrorsOf, toTRPCError, zodMessage } from "./errors";
import { charge, inTurn, megabytes } from "./reply-size";
import { replyTransformer } from "./transformer";

export type { Context };

/** Every procedure declares who may call it: "public" (anyone, e.g. sign-in), "signedIn" (any account)
 *  or the least role it needs. The role matrix test reads this from every procedure of the router. */
export type Access = "public" | "signedIn" | Role;
export interface Meta {
  access: Access;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: replyTransformer,
    errorFormatter({ shape, error }) {
      // Input validation errors carry zod's raw issue list as their message: say it in one sentence.
      const message = error.cause instanceof ZodError ? zodMessage(error.cause) : shape.message;
      return { ...shape, message, data: { ...shape.data, stack: undefined, fieldErrors: fieldErrorsOf(error) } };
    },
  });

/** tRPC wraps anything a resolver throws in an INTERNAL_SERVER_ERROR; unwrap service and zod errors
 *  into their proper codes here, in one place. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR" && result.error.cause) {
    throw toTRPCError(result.error.cause);
  }
  return result;
});

/** CSRF: a mutation made with the session cookie must echo the session's CSRF token in a header, and
 *  any mutation carrying an Origin must come from this server's own pages. */
const csrf = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation") {
    if (!ctx.sameOrigin) throw new TRPCError({ code: "FORBIDDEN", message: "Cross-site request refused." });
    if (ctx.via === "session" && !ctx.csrfValid) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Missing or wrong CSRF token. Reload the page and try again." });
    }
  }
  return next();
});

/** PostgreSQL cannot store NUL in text, and no field of Ferrule wants control characters: refuse them
 *  anywhere in the input, naming the field, before any procedure sees it. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
function controlCharacterFields(value: unknown, path: string, out: Record<string, string>, depth = 0): void {
  if (depth > 20) return;
  if (typeof value === "string") {
    if (CONTROL.test(value)) out[path || "_"] = "Contains a control character that cannot be stored.";
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => controlCharacterFields(v, path ? `${path}.${i}` : String(i), out, depth + 1));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) controlCharacterFields(v, path ? `${path}.${k}` : k, out, depth + 1);
  }
}
const refuseControlCharacters = t.middleware(async ({ getRawInput, next }) => {
  const fields: Record<string, string> = {};
  controlCharacterFields(await getRawInput(), "", fields);
  if (Object.keys(fields).length > 0) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "Some fields are not valid.", cause: new ServiceError("INVALID", "Some fields are not valid.", fields) });
  }
  return next();
});

/** Every reply is charged against the request's budget (see reply-size.ts): past it, the call is
 *  refused with 413 and a sentence saying how to ask for less, before tRPC serializes anything. The
 *  calls of a batch run one after another, and once the budget is spent the rest are refused unrun. */
const boundReply = t.middleware(({ ctx, path, next }) =>
  inTurn(ctx.reply, async () => {
    const tooLarge = () =>
      new TRPCError({
        code: "PAYLOAD_TOO_LARGE",
        message: `The reply to ${path} would be over ${megabytes(ctx.reply.limit)} (the most one request may return): ask for less at a time — one room, one rack, a page of a list — or send fewer calls in one batch.`,
      });
    if (ctx.reply.used > ctx.reply.limit) throw tooLarge(); // earlier calls of the batch spent it: do not even start
    const result = await next();
    if (result.ok && !charge(ctx.reply, result.data)) throw tooLarge();
    return result;
  }),
);

const base = t.procedure.use(mapErrors).use(boundReply).use(csrf);

function requireAccess(access: Exclude<Access, "public">) {
  return base.meta({ access }).use(({ ctx, next }) => {
    if (ctx.actor.kind === "anonymous") throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." });
    if (access !== "signedIn" && !atLeast(highestRole(ctx.actor), access)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${access} role.` });
    }
    return next();
  }).use(refuseControlCharacters);
}

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Procedure builders. The role gate here is coarse (the role held anywhere); services check the role
 *  on the object's own site. */
export const procedure = {
  public: base.meta({ access: "public" }).use(refuseControlCharacters),
  signedIn: requireAccess("signedIn"),
  viewer: requireAccess("viewer"),
  editor: requireAccess("editor"),
  approver: requireAccess("approver"),
  admin: requireAccess("admin"),
};
