import { and, desc, eq, gt, inArray, lt, notInArray, sql, type AnyColumn } from "drizzle-orm";
import type { Actor, Grant } from "../../auth/actor";
import { plannedOnceReads, type Db } from "../../db/client";
import { decoyHash, verifyPassword } from "../../auth/passwords";
import { newSecret, sha256 } from "../../auth/secrets";
import { sessions, signInThrottle, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { builtOnce } from "../inventory/sql";
import type { ServiceContext } from "../context";
import { RateLimited, ServiceError } from "../errors";
import { inTransaction } from "../tx";
import { forgetKeptCallers, readCaller } from "./auth-cache";
import { signInInput, type SignInInput } from "./schemas";

export const SESSION_DAYS = 14;
/** Sign-in throttling: attempts per email and per client address in a window, counted in the
 *  database (table `sign_in_throttle`) so the limit holds across server processes. */
export const SIGN_IN_LIMITS = { windowMinutes: 15, perEmail: 5, perIp: 30 } as const;
/** Sessions one account may hold open; signing in again ends the oldest beyond it. */
export const MAX_SESSIONS_PER_USER = 20;

export class TooManyAttempts extends RateLimited {
  constructor(retryAfterSeconds: number) {
    super(`Too many failed sign-in attempts. Try again in ${Math.max(1, Math.ceil(retryAfterSeconds / 60))} minutes.`, retryAfterSeconds);
  }
}

const rowsOf = <T>(res: unknown): T[] => (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];

/**
 * Counts one attempt for the email and the address in a single statement, before any password is
 * checked: each row is updated under its own row lock, so N parallel attempts read N different
 * counts. Returns the keys and their counts, and when the window ends.
 */
async function countAttempt(db: Db, keys: string[]) {
  const window = `${SIGN_IN_LIMITS.windowMinutes} minutes`;
  const values = sql.join(
    [...keys].sort().map((k) => sql`(${k}, now(), 1)`),
    sql`, `,
  );
  const res = await db.execute(sql`
    insert into sign_in_throttle (key, window_start, attempts) values ${values}
    on conflict (key) do update set
      attempts = case when sign_in_throttle.window_start < now() - ${window}::interval then 1 else sign_in_throttle.attempts + 1 end,
      window_start = case when sign_in_throttle.window_start < now() - ${window}::interval then now() else sign_in_throttle.window_start end
    returning key, attempts, extract(epoch from (window_start + ${window}::interval - now()))::float8 as remaining`);
  return rowsOf<{ key: string; attempts: number; remaining: number }>(res);
}

/** Gives an attempt back (a successful sign-in, or one the server was too busy to check). */
async function takeBack(db: Db, keys: string[]) {
  await db
    .update(signInThrottle)
    .set({ attempts: sql`greatest(${signInThrottle.attempts} - 1, 0)` })
    .where(inArray(signInThrottle.key, keys));
}

/** Checks the password and opens a session. Wrong email and wrong password get the same answer and
 *  take the same time; every attempt is counted before the password is checked, failures are
 *  audited, and both are throttled per email and per address. */
export async function signIn(ctx: ServiceContext, input: SignInInput, client: { userAgent?: string | null } = {}) {
  const { email, password } = signInInput.parse(input);
  const ip = ctx.actor.ip ?? null;
  const keys = [`email:${email}`, ...(ip ? [`ip:${ip}`] : [])];
  const counted = await countAttempt(ctx.db, keys);
  const over = counted.filter((c) => c.attempts > (c.key.startsWith("email:") ? SIGN_IN_LIMITS.perEmail : SIGN_IN_LIMITS.perIp));
  if (over.length > 0) throw new TooManyAttempts(Math.ceil(Math.max(...over.map((c) => Number(c.remaining)), 1)));

  const [user] = await ctx.db.select().from(users).where(eq(sql`lower(${users.email})`, email));
  let ok: boolean;
  try {
    ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  } catch (err) {
    if (err instanceof RateLimited) await takeBack(ctx.db, keys);
    throw err;
  }
  if (!user || !ok || !user.active) {
    await recordAudit(ctx, { action: "auth.sign_in_failed", objectType: "user", objectId: user?.id ?? null, after: { email, reason: !user ? "unknown email" : !ok ? "wrong password" : "account disabled" } });
    throw new ServiceError("UNAUTHORIZED", "Wrong email or password.", { password: "Wrong email or password." });
  }
  const token = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  return inTransaction(ctx, async (tx) => {
    await takeBack(tx.db, keys);
    await tx.db.delete(signInThrottle).where(lt(signInThrottle.windowStart, new Date(Date.now() - SIGN_IN_LIMITS.windowMinutes * 60_000)));
    await openSession(tx.db, { tokenHash: sha256(token), userId: user.id, csrfToken, expiresAt, ip, userAgent: client.userAgent?.slice(0, 300) ?? null });
    await recordAudit({ ...tx, actor: { ...tx.actor, userId: user.id, label: user.email } }, { action: "auth.sign_in", objectType: "user", objectId: user.id });
    return { token, csrfToken, expiresAt, user: { id: user.id, email: user.email, name: user.name } };
  });
}

/** Stores a new session, drops expired ones, and ends the account's oldest sessions beyond
 *  MAX_SESSIONS_PER_USER. Runs inside the caller's transaction. */
export async function openSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  await db.insert(sessions).values(row);
  const keep = db
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.userId, row.userId))
    .orderBy(desc(sessions.createdAt), desc(sessions.id))
    .limit(MAX_SESSIONS_PER_USER);
  await db.delete(sessions).where(and(eq(sessions.userId, row.userId), notInArray(sessions.id, keep)));
}

export async function signOut(ctx: ServiceContext, token: string) {
  await inTransaction(ctx, async (tx) => {
    const [gone] = await tx.db.delete(sessions).where(eq(sessions.tokenHash, sha256(token))).returning({ userId: sessions.userId });
    if (gone) await recordAudit(tx, { action: "auth.sign_out", objectType: "user", objectId: gone.userId });
  }).finally(() => forgetKeptCallers(ctx.db));
}

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
  user: { id: string; email: string; name: string };
}

/** The role grants of the user of the row, as one JSON array: read in the same query as the session
 *  or token, so resolving a caller costs one round trip. */
export const grantsJson = (userId: AnyColumn) =>
  sql<Grant[]>`coalesce((select json_agg(json_build_object('role', g.role, 'siteId', g.site_id)) from role_grants g where g.user_id = ${userId}), '[]'::json)`;

/** The live session with this hash, its user and the user's grants. */
const sessionByHash = builtOnce((db: Db) =>
  db
    .select({
      id: sessions.id,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      user: { id: users.id, email: users.email, name: users.name, active: users.active },
      grants: grantsJson(users.id),
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sql.placeholder("hash")), gt(sessions.expiresAt, sql`${sql.placeholder("now")}::timestamptz`)))
    .prepare("session_by_hash"),
);

type SessionRow = Awaited<ReturnType<ReturnType<typeof sessionByHash>["execute"]>>[number];

const unexpired = (row: SessionRow, now: number) => new Date(row.expiresAt).getTime() > now;

/** The signed-in user behind a session cookie, or null when it is unknown, expired or disabled.
 *  One query, then kept by this process as an API token is (see resolveApiToken); `last_seen_at`
 *  is written at most every five minutes. */
export async function resolveSession(ctx: Pick<ServiceContext, "db">, token: string, ip: string | null = null): Promise<ResolvedSession | null> {
  const hash = sha256(token);
  const read = async () => (await sessionByHash(plannedOnceReads(ctx.db)).execute({ hash, now: new Date().toISOString() }))[0] ?? null;
  const row = await readCaller<SessionRow>(ctx.db, "session", hash, unexpired, read);
  if (!row || !row.user.active) return null;
  if (Date.now() - new Date(row.lastSeenAt).getTime() > 5 * 60_000) {
    row.lastSeenAt = new Date(); // the kept row too
    await ctx.db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, row.id));
  }
  const grants = parseGrants(row.grants);
  return {
    actor: { kind: "user", userId: row.user.id, label: row.user.email, grants, ip },
    csrfToken: row.csrfToken,
    user: { id: row.user.id, email: row.user.email, name: row.user.name },
  };
}

/** json_agg comes back parsed from postgres.js and PGlite alike; a string only from a driver that does not. */
export function parseGrants(value: unknown): Grant[] {
  const list = (typeof value === "string" ? JSON.parse(value) : value) as { role: Grant["role"]; siteId: string | null }[] | null;
  return (list ?? []).map((g) => ({ role: g.role, siteId: g.siteId }));
}
