import { and, desc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import { atLeast, requireRole, roleOn, type Actor, type Grant, type Role } from "../../auth/actor";
import { newSecret, sha256 } from "../../auth/secrets";
import { plannedOnceReads, type Db } from "../../db/client";
import { apiTokens, sites, users } from "../../db/schema";
import { builtOnce } from "../inventory/sql";
import { recordAudit } from "../audit/record-audit";
import { forgetKeptCallers, readCaller } from "./auth-cache";
import type { ServiceContext } from "../context";
import { ServiceError, fieldError, notFound } from "../errors";
import { inTransaction } from "../tx";
import { grantsJson, parseGrants } from "./sessions";
import { createApiTokenInput, revokeApiTokenInput, type CreateApiTokenInput } from "./schemas";

export const TOKEN_PREFIX = "frl_";

function signedIn(actor: Actor): string {
  if (actor.kind !== "user" || !actor.userId) throw new ServiceError("UNAUTHORIZED", "Sign in with your account to manage API tokens.");
  return actor.userId;
}

/** Creates a token for the signed-in user, scoped to a role no higher than the user's own on that
 *  scope. The secret is returned once and only its hash is kept. */
export async function createApiToken(ctx: ServiceContext, input: CreateApiTokenInput) {
  const userId = signedIn(ctx.actor);
  const data = createApiTokenInput.parse(input);
  if (!atLeast(roleOn(ctx.actor, data.siteId), data.role)) {
    throw fieldError("role", `You cannot give a token more than your own role${data.siteId ? " on that site" : ""}.`, "FORBIDDEN");
  }
  if (data.siteId) {
    const [site] = await ctx.db.select({ id: sites.id }).from(sites).where(eq(sites.id, data.siteId));
    if (!site) throw fieldError("siteId", "This site does not exist (it may have been deleted).", "NOT_FOUND");
  }
  const token = newSecret(TOKEN_PREFIX);
  const expiresAt = data.expiresInDays ? new Date(Date.now() + data.expiresInDays * 86_400_000) : null;
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(apiTokens)
      .values({ userId, name: data.name, prefix: token.slice(0, TOKEN_PREFIX.length + 6), tokenHash: sha256(token), role: data.role, siteId: data.siteId, expiresAt })
      .returning();
    const { tokenHash: _hash, ...shown } = row!;
    await recordAudit(tx, { action: "token.create", objectType: "api_token", objectId: row!.id, siteId: data.siteId, after: shown });
    return { ...shown, token };
  });
}

export async function listApiTokens(ctx: ServiceContext) {
  const userId = signedIn(ctx.actor);
  return ctx.db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      role: apiTokens.role,
      siteId: apiTokens.siteId,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes one of the user's tokens (an admin may revoke anyone's). */
export async function revokeApiToken(ctx: ServiceContext, input: { id: string }) {
  const { id } = revokeApiTokenInput.parse(input);
  const userId = signedIn(ctx.actor);
  return inTransaction(ctx, async (tx) => {
    const [token] = await tx.db.select().from(apiTokens).where(eq(apiTokens.id, id)).for("update");
    if (!token) throw notFound("This token");
    if (token.userId !== userId) requireRole(tx.actor, "admin", null);
    if (token.revokedAt) return { id, revokedAt: token.revokedAt };
    const [row] = await tx.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning();
    await recordAudit(tx, { action: "token.revoke", objectType: "api_token", objectId: id, siteId: token.siteId, before: { name: token.name, role: token.role } });
    return { id, revokedAt: row!.revokedAt };
  }).finally(() => forgetKeptCallers(ctx.db));
}

/** The grants a token carries: its owner's, capped at the token's role and narrowed to its site. */
export function tokenGrants(owner: readonly Grant[], role: Role, siteId: string | null): Grant[] {
  const cap = (r: Role): Role => (atLeast(r, role) ? role : r);
  if (siteId === null) return owner.map((g) => ({ siteId: g.siteId, role: cap(g.role) }));
  return owner.filter((g) => g.siteId === null || g.siteId === siteId).map((g) => ({ siteId, role: cap(g.role) }));
}

/** How often `last_used_at` is written: a busy script must not turn every read into a write. */
export const LAST_USED_EVERY_MS = 60_000;

/** The live token with this hash, its user and the user's grants. */
const tokenByHash = builtOnce((db: Db) =>
  db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      siteId: apiTokens.siteId,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      userId: users.id,
      email: users.email,
      active: users.active,
      grants: grantsJson(users.id),
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder("hash")), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`${sql.placeholder("now")}::timestamptz`))))
    .prepare("api_token_by_hash"),
);

type TokenRow = Awaited<ReturnType<ReturnType<typeof tokenByHash>["execute"]>>[number];

const unexpired = (row: TokenRow, now: number) => row.expiresAt === null || new Date(row.expiresAt).getTime() > now;

/** The actor behind an `Authorization: Bearer frl_…` header, or null when unknown, revoked or expired.
 *  One query (token, owner and grants together), then kept by this process until any process on the
 *  database changes a token, session, account or grant (see AuthCache): a token revoked anywhere is
 *  refused by every server as soon as the database's notification reaches it, by the revoking one
 *  at once. `last_used_at` is written at most once a minute. */
export async function resolveApiToken(ctx: Pick<ServiceContext, "db">, token: string, ip: string | null = null): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const hash = sha256(token);
  const read = async () => (await tokenByHash(plannedOnceReads(ctx.db)).execute({ hash, now: new Date().toISOString() }))[0] ?? null;
  const row = await readCaller<TokenRow>(ctx.db, "token", hash, unexpired, read);
  if (!row || !row.active) return null;
  if (!row.lastUsedAt || Date.now() - new Date(row.lastUsedAt).getTime() >= LAST_USED_EVERY_MS) {
    const before = new Date(Date.now() - LAST_USED_EVERY_MS);
    row.lastUsedAt = new Date(); // the kept row too: the next minute's requests write nothing
    await ctx.db
      .update(apiTokens)
      .set({ lastUsedAt: new Date() })
      .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, before))));
  }
  const grants = tokenGrants(parseGrants(row.grants), row.role, row.siteId);
  return { kind: "token", userId: row.userId, label: `token ${row.name} (${row.email})`, grants, ip };
}
