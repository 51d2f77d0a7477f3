import { count } from "drizzle-orm";
import { hashPassword } from "../../auth/passwords";
import { roleGrants, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { inTransaction } from "../tx";
import { setupAdminInput, type SetupAdminInput } from "./schemas";

export async function needsSetup(ctx: ServiceContext): Promise<boolean> {
  const [row] = await ctx.db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/** The first start of an empty installation: creates the first account, a global admin. Refused once
 *  any account exists, so it cannot be used to take over an installation. */
export async function setupAdmin(ctx: ServiceContext, input: SetupAdminInput) {
  const data = setupAdminInput.parse(input);
  const passwordHash = await hashPassword(data.password);
  return inTransaction(ctx, async (tx) => {
    // Serialise concurrent first starts on the users table.
    await tx.db.execute("lock table users in exclusive mode");
    if (!(await needsSetup(tx))) throw new ServiceError("CONFLICT", "This installation already has an administrator. Sign in instead.");
    const [user] = await tx.db.insert(users).values({ email: data.email, name: data.name, passwordHash }).returning();
    await tx.db.insert(roleGrants).values({ userId: user!.id, siteId: null, role: "admin" });
    const actor = { ...tx.actor, userId: user!.id, label: user!.email };
    await recordAudit({ ...tx, actor }, { action: "auth.setup_admin", objectType: "user", objectId: user!.id, after: { email: user!.email, name: user!.name, role: "admin" } });
    return { id: user!.id, email: user!.email };
  });
}
