import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { count } from "drizzle-orm";
import { hashPassword } from "../../auth/passwords";
import { roleGrants, sites, users } from "../../db/schema";
import type { Role } from "../../db/schema/accounts";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ensureBuiltInTypes } from "../catalog/ensure-built-ins";
import { importSiteFile } from "../site-files/import-site-file";
import { inTransaction } from "../tx";

export const DEMO_SITE = { name: "Demo Data Center 1", code: "DC1" } as const;

/** The demo's accounts, one per role, all with the same documented password (README). */
export const DEMO_PASSWORD = "ferrule-demo-password";
export const DEMO_ACCOUNTS: { email: string; name: string; role: Role }[] = [
  { email: "admin@demo.ferrule", name: "Demo Admin", role: "admin" },
  { email: "approver@demo.ferrule", name: "Demo Approver", role: "approver" },
  { email: "editor@demo.ferrule", name: "Demo Editor", role: "editor" },
  { email: "viewer@demo.ferrule", name: "Demo Viewer", role: "viewer" },
];

/** Seeds the demo accounts when there is no account yet; returns false (and writes nothing) otherwise. */
export async function seedDemoAccounts(ctx: ServiceContext): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return inTransaction(ctx, async (tx) => {
    const [existing] = await tx.db.select({ n: count() }).from(users);
    if ((existing?.n ?? 0) > 0) return false;
    for (const account of DEMO_ACCOUNTS) {
      const [user] = await tx.db.insert(users).values({ email: account.email, name: account.name, passwordHash }).returning();
      await tx.db.insert(roleGrants).values({ userId: user!.id, siteId: null, role: account.role });
      await recordAudit(tx, { action: "user.create", objectType: "user", objectId: user!.id, after: { email: account.email, role: account.role } });
    }
    return true;
  });
}

/** The demo site: two computer rooms of a leaf-spine fabric, with a few deliberately wrong channels. */
export const DEMO_SITE_FILE = fileURLToPath(new URL("./demo-site.yaml", import.meta.url));

/**
 * Seeds the demo site on a database without sites (imported from demo-site.yaml, in one
 * transaction) and the built-in catalog; returns false (and writes nothing) when a site exists.
 */
export async function seedDemoSite(ctx: ServiceContext): Promise<boolean> {
  const yaml = await readFile(DEMO_SITE_FILE, "utf8");
  return inTransaction(ctx, async (tx) => {
    const [existing] = await tx.db.select({ n: count() }).from(sites);
    if ((existing?.n ?? 0) > 0) return false;
    await ensureBuiltInTypes(tx.db);
    await importSiteFile(tx, {
      yaml,
      ...DEMO_SITE,
      description: "Two computer rooms of a leaf-spine fabric: 400G-DR4 uplinks, 100G-SR4 and 10G-SR links over MPO trunks and cassettes, breakouts, and a few deliberately wrong channels.",
    });
    return true;
  });
}
