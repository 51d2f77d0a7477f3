import { and, count, eq, gt, lt, sql } from "drizzle-orm";
import type { Actor } from "../../auth/actor";
import { decoyHash, verifyPassword } from "../../auth/passwords";
import { newSecret, sha256 } from "../../auth/secrets";
import { auditEvents, sessions, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { inTransaction } from "../tx";
import { grantsOf } from "./grants";
import { signInInput, type SignInInput } from "./schemas";

export const SESSION_DAYS = 14;
/** Sign-in throttling, counted from the audit trail so it holds across server processes. */
export const SIGN_IN_LIMITS = { windowMinutes: 15, perEmail: 5, perIp: 30 } as const;

export class TooManyAttempts extends ServiceError {
  constructor(readonly retryAfterSeconds: number) {
    super("RATE_LIMITED", `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`);
  }
}

async function recentFailures(ctx: ServiceContext, email: string, ip: string | null) {
  const since = new Date(Date.now() - SIGN_IN_LIMITS.windowMinutes * 60_000);
  const failed = and(eq(auditEvents.action, "auth.sign_in_failed"), gt(auditEvents.at, since));
  const [byEmail] = await ctx.db.select({ n: count() }).from(auditEvents).where(and(failed, sql`${auditEvents.after}->>'email' = ${email}`));
  const [byIp] = ip ? await ctx.db.select({ n: count() }).from(auditEvents).where(and(failed, eq(auditEvents.ip, ip))) : [{ n: 0 }];
  return { email: byEmail?.n ?? 0, ip: byIp?.n ?? 0 };
}

/** Checks the password and opens a session. Wrong email and wrong password get the same answer and
 *  take the same time; failures are audited and throttled per email and per address. */
export async function signIn(ctx: ServiceContext, input: SignInInput, client: { userAgent?: string | null } = {}) {
  const { email, password } = signInInput.parse(input);
  const ip = ctx.actor.ip ?? null;
  const failures = await recentFailures(ctx, email, ip);
  if (failures.email >= SIGN_IN_LIMITS.perEmail || failures.ip >= SIGN_IN_LIMITS.perIp) {
    throw new TooManyAttempts(SIGN_IN_LIMITS.windowMinutes * 60);
  }
  const [user] = await ctx.db.select().from(users).where(eq(sql`lower(${users.email})`, email));
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !ok || !user.active) {
    await recordAudit(ctx, { action: "auth.sign_in_failed", objectType: "user", objectId: user?.id ?? null, after: { email, reason: !user ? "unknown email" : !ok ? "wrong password" : "account disabled" } });
    throw new ServiceError("UNAUTHORIZED", "Wrong email or password.", { password: "Wrong email or password." });
  }
  const token = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  return inTransaction(ctx, async (tx) => {
    await tx.db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
    await tx.db.insert(sessions).values({ tokenHash: sha256(token), userId: user.id, csrfToken, expiresAt, ip, userAgent: client.userAgent?.slice(0, 300) ?? null });
    await recordAudit({ ...tx, actor: { ...tx.actor, userId: user.id, label: user.email } }, { action: "auth.sign_in", objectType: "user", objectId: user.id });
    return { token, csrfToken, expiresAt, user: { id: user.id, email: user.email, name: user.name } };
  });
}

export async function signOut(ctx: ServiceContext, token: string) {
  await inTransaction(ctx, async (tx) => {
    const [gone] = await tx.db.delete(sessions).where(eq(sessions.tokenHash, sha256(token))).returning({ userId: sessions.userId });
    if (gone) await recordAudit(tx, { action: "auth.sign_out", objectType: "user", objectId: gone.userId });
  });
}

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
  user: { id: string; email: string; name: string };
}

/** The signed-in user behind a session cookie, or null when it is unknown, expired or disabled. */
export async function resolveSession(ctx: Pick<ServiceContext, "db">, token: string, ip: string | null = null): Promise<ResolvedSession | null> {
  const [row] = await ctx.db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, new Date())));
  if (!row || !row.user.active) return null;
  if (Date.now() - row.session.lastSeenAt.getTime() > 5 * 60_000) {
    await ctx.db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, row.session.id));
  }
  const grants = await grantsOf(ctx.db, row.user.id);
  return {
    actor: { kind: "user", userId: row.user.id, label: row.user.email, grants, ip },
    csrfToken: row.session.csrfToken,
    user: { id: row.user.id, email: row.user.email, name: row.user.name },
  };
}
