import { and, eq } from "drizzle-orm";
import type { Actor, Role } from "../src/server/auth/actor";
import { cables, devices, ports, sites } from "../src/server/db/schema";
import type { ServiceContext } from "../src/server/services/context";
import { seedDemoSite } from "../src/server/services/demo/seed-demo";
import { ServiceError } from "../src/server/services/errors";
import { createAccount } from "./api-client";

/** The plan tests' people, refusals and demo site: one definition for the plan and floor tests. */

/** A signed-in person with a role on every site, in the test's transaction. */
export async function person(ctx: ServiceContext, email: string, role: Role): Promise<ServiceContext> {
  const user = await createAccount(ctx.db, email, role);
  const actor: Actor = { kind: "user", userId: user.id, label: email, grants: [{ role, siteId: null }] };
  return { db: ctx.db, actor };
}

/** The service's refusal of `p`; throws when `p` succeeds or fails otherwise. */
export const refused = async (p: Promise<unknown>): Promise<ServiceError> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
};

/** The demo site, with its ports by "device:port" and its cables by label. */
export async function demo(ctx: ServiceContext) {
  await seedDemoSite(ctx);
  const [site] = await ctx.db.select().from(sites).where(eq(sites.code, "DC1"));
  const portRows = await ctx.db.select({ id: ports.id, name: ports.name, device: devices.name }).from(ports).innerJoin(devices, eq(devices.id, ports.deviceId)).where(eq(ports.siteId, site!.id));
  const port = (label: string) => portRows.find((p) => `${p.device}:${p.name}` === label)!.id;
  const cable = async (label: string) => (await ctx.db.select().from(cables).where(and(eq(cables.siteId, site!.id), eq(cables.label, label))))[0]!;
  return { siteId: site!.id, port, cable };
}
