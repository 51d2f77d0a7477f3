import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { hashPassword, verifyPassword } from "../../auth/passwords";
import { apiTokens, roleGrants, sessions, sites, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError, fieldError, isUniqueViolation, notFound } from "../errors";
import { inTransaction } from "../tx";
import { forgetKeptCallers } from "./auth-cache";
import { changePasswordInput, createUserInput, setRoleInput, type CreateUserInput, type SetRoleInput } from "./schemas";

export async function listUsers(ctx: ServiceContext) {
  requireRole(ctx.actor, "admin", null);
  const rows = await ctx.db
    .select({ id: users.id, email: users.email, name: users.name, active: users.active, createdAt: users.createdAt })
    .from(users)
    .orderBy(asc(users.email));
  const grants = await ctx.db
    .select({ userId: roleGrants.userId, role: roleGrants.role, siteId: roleGrants.siteId, siteName: sites.name })
    .from(roleGrants)
    .leftJoin(sites, eq(sites.id, roleGrants.siteId));
  return rows.map((u) => ({ ...u, grants: grants.filter((g) => g.userId === u.id).map(({ userId: _u, ...g }) => g) }));
}

export async function createUser(ctx: ServiceContext, input: CreateUserInput) {
  requireRole(ctx.actor, "admin", null);
  const data = createUserInput.parse(input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await inTransaction(ctx, async (tx) => {
      const [user] = await tx.db.insert(users).values({ email: data.email, name: data.name, passwordHash }).returning();
      if (data.role) await tx.db.insert(roleGrants).values({ userId: user!.id, siteId: null, role: data.role });
      await recordAudit(tx, { action: "user.create", objectType: "user", objectId: user!.id, after: { email: user!.email, name: user!.name, role: data.role } });
      return { id: user!.id, email: user!.email, name: user!.name };
    });
  } catch (err) {
    if (isUniqueViolation(err, "users_email_unique")) throw fieldError("email", `An account for ${data.email} already exists.`, "CONFLICT");
    throw err;
  }
}

/** Grants a role globally (siteId null) or on one site, or removes it (role null). The last global
 *  admin cannot lose that role, so an installation always has one. */
export async function setRole(ctx: ServiceContext, input: SetRoleInput) {
  requireRole(ctx.actor, "admin", null);
  const data = setRoleInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    // One role change at a time, across every server process: two administrators demoting each
    // other at the same moment must not both see the other one still there.
    await tx.db.execute(sql`select pg_advisory_xact_lock(hashtext('ferrule.role_changes'))`);
    const [user] = await tx.db.select().from(users).where(eq(users.id, data.userId));
    if (!user) throw notFound("This account");
    const scope = and(eq(roleGrants.userId, data.userId), data.siteId ? eq(roleGrants.siteId, data.siteId) : isNull(roleGrants.siteId));
    const [before] = await tx.db.select().from(roleGrants).where(scope).for("update");
    if (before?.role === "admin" && before.siteId === null && data.role !== "admin") {
      const [admins] = await tx.db.select({ n: sql<number>`count(*)::int` }).from(roleGrants).where(and(eq(roleGrants.role, "admin"), isNull(roleGrants.siteId)));
      if ((admins?.n ?? 0) <= 1) throw new ServiceError("CONFLICT", "This is the last administrator: make someone else admin first.");
    }
    if (before) await tx.db.delete(roleGrants).where(eq(roleGrants.id, before.id));
    if (data.role) await tx.db.insert(roleGrants).values({ userId: data.userId, siteId: data.siteId, role: data.role });
    await recordAudit(tx, {
      action: data.role ? "role.grant" : "role.revoke",
      objectType: "user",
      objectId: data.userId,
      siteId: data.siteId,
      before: before ? { role: before.role, siteId: before.siteId } : null,
      after: data.role ? { role: data.role, siteId: data.siteId } : null,
    });
    return { userId: data.userId, siteId: data.siteId, role: data.role };
  }).finally(() => forgetKeptCallers(ctx.db));
}

/** Changes the signed-in user's password, ends all of their sessions (sign in again) and revokes their API tokens. */
export async function changePassword(ctx: ServiceContext, input: { current: string; next: string }) {
  const data = changePasswordInput.parse(input);
  if (ctx.actor.kind !== "user" || !ctx.actor.userId) throw new ServiceError("UNAUTHORIZED", "Sign in first.");
  const userId = ctx.actor.userId;
  const [user] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!user?.passwordHash || !(await verifyPassword(data.current, user.passwordHash))) throw fieldError("current", "That is not your current password.");
  const passwordHash = await hashPassword(data.next);
  await inTransaction(ctx, async (tx) => {
    await tx.db.update(users).set({ passwordHash, updatedAt: new Date(), version: sql`${users.version} + 1` }).where(eq(users.id, userId));
    await tx.db.delete(sessions).where(eq(sessions.userId, userId));
    // API tokens are credentials too: a password changed because it leaked must not leave them working.
    const revoked = await tx.db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    await recordAudit(tx, { action: "auth.password_change", objectType: "user", objectId: userId, after: { tokensRevoked: revoked.length } });
  }).finally(() => forgetKeptCallers(ctx.db));
}
