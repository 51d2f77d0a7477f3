import { eq } from "drizzle-orm";
import type { Grant } from "../../auth/actor";
import type { Db } from "../../db/client";
import { roleGrants } from "../../db/schema";

export async function grantsOf(db: Db, userId: string): Promise<Grant[]> {
  return db.select({ role: roleGrants.role, siteId: roleGrants.siteId }).from(roleGrants).where(eq(roleGrants.userId, userId));
}
