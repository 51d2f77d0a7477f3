/**
 * Guards that read, then write — the last administrator, sign-in throttling, plan transitions and
 * release, port availability, four eyes — run from parallel connections on PostgreSQL. PGlite has one
 * connection and cannot show a race, so this file opens its own pool to a fresh database created on
 * the server of TEST_DATABASE_URL (and drops it afterwards), whichever driver the rest of the run uses.
 */
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toTRPCError } from "../src/server/api/errors";
import type { Actor, Role } from "../src/server/auth/actor";
import { systemActor } from "../src/server/auth/actor";
import { openDatabase, type Database } from "../src/server/db/client";
import { cablePlugs, devices, planOperations, plans, ports, roleGrants, sites } from "../src/server/db/schema";
import { setRole } from "../src/server/services/accounts/users";
import { signIn, SIGN_IN_LIMITS } from "../src/server/services/accounts/sessions";
import { createCable } from "../src/server/services/cables/create-cable";
import type { ServiceContext } from "../src/server/services/context";
import { seedDemoSite } from "../src/server/services/demo/seed-demo";
import { releasePlan } from "../src/server/services/plans/release-plan";
import { createPlan } from "../src/server/services/plans/create-plan";
import { transitionPlan } from "../src/server/services/plans/transition-plan";
import { addOperation } from "../src/server/services/plans/write-operation";
import { createAccount, TEST_PASSWORD } from "./api-client";

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn("[concurrency] skipped: TEST_DATABASE_URL is not set (these guards need real parallel PostgreSQL connections).");

let admin: postgres.Sql | undefined;
let database: Database | undefined;
let dbName = "";
const ctx = (): ServiceContext => ({ db: database!.db, actor: systemActor("concurrency test") });

beforeAll(async () => {
  if (!url) return;
  dbName = `ferrule_concurrency_${process.pid}_${randomBytes(3).toString("hex")}`;
  admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const own = new URL(url);
  own.pathname = `/${dbName}`;
  database = await openDatabase({ url: own.toString() });
}, 120_000);

afterAll(async () => {
  await database?.close();
  if (admin && dbName) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin?.end();
});

async function person(email: string, role: Role): Promise<ServiceContext> {
  const user = await createAccount(database!.db, email, role);
  const actor: Actor = { kind: "user", userId: user.id, label: email, grants: [{ role, siteId: null }], ip: "198.51.100.7" };
  return { db: database!.db, actor };
}

/** The HTTP status an outcome would be answered with: 200, or the error's. Never a 500 here. */
async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    const code = toTRPCError(err).code;
    const map: Record<string, number> = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, TOO_MANY_REQUESTS: 429 };
    if (!map[code]) throw err;
    return map[code]!;
  }
}

describe.skipIf(!url)("guards under parallel connections (PostgreSQL)", { timeout: 240_000 }, () => {
  it("two administrators demoting each other at the same moment: one stays, every round", async () => {
    const a = await person("a@example.com", "admin");
    const b = await person("b@example.com", "admin");
    for (let round = 0; round < 8; round++) {
      const outcomes = await Promise.all([
        status(setRole(a, { userId: b.actor.userId!, siteId: null, role: "viewer" })),
        status(setRole(b, { userId: a.actor.userId!, siteId: null, role: "viewer" })),
      ]);
      expect(outcomes.sort(), `round ${round}`).toEqual([200, 409]);
      const admins = await database!.db.select().from(roleGrants).where(eq(roleGrants.role, "admin"));
      expect(admins, `round ${round}`).toHaveLength(1);
      // The one left makes the other admin again for the next round.
      const survivor = admins[0]!.userId === a.actor.userId ? a : b;
      const other = survivor === a ? b : a;
      expect(await status(setRole(survivor, { userId: other.actor.userId!, siteId: null, role: "admin" }))).toBe(200);
    }
  });

  it(`checks at most ${SIGN_IN_LIMITS.perEmail} passwords of 20 parallel sign-ins on one email, across connections`, async () => {
    await createAccount(database!.db, "ana@example.com", "editor");
    const anon: ServiceContext = { db: database!.db, actor: { kind: "anonymous", userId: null, label: "anonymous", grants: [], ip: "203.0.113.9" } };
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => status(signIn(anon, { email: "ana@example.com", password: i === 0 ? TEST_PASSWORD : `guess ${i}` }))));
    const checked = outcomes.filter((s) => s === 401 || s === 200).length;
    expect(checked).toBe(SIGN_IN_LIMITS.perEmail);
    expect(outcomes.filter((s) => s === 429)).toHaveLength(20 - SIGN_IN_LIMITS.perEmail);
  });

  it("two cables into one free port at once: one is saved, the other refused with a 4xx", async () => {
    const c = ctx();
    await seedDemoSite(c);
    const [site] = await c.db.select().from(sites).where(eq(sites.code, "DC1"));
    const [port] = await c.db
      .select({ id: ports.id })
      .from(ports)
      .innerJoin(devices, eq(devices.id, ports.deviceId))
      .where(and(eq(ports.siteId, site!.id), eq(devices.name, "MPO-A01"), eq(ports.name, "12")));
    for (let round = 0; round < 4; round++) {
      const cord = (label: string) => createCable(c, { siteId: site!.id, typeId: "mpo12-typeB-ff-os2", lengthM: 2, label, ends: [{ connector: "b1", portId: port!.id, side: "front" }] });
      const outcomes = await Promise.all([status(cord(`R${round}-1`)), status(cord(`R${round}-2`))]);
      expect(outcomes.filter((s) => s === 200), `round ${round}: ${outcomes}`).toHaveLength(1);
      expect(outcomes.find((s) => s !== 200)).toBeGreaterThanOrEqual(400);
      const plugs = await c.db.select().from(cablePlugs).where(and(eq(cablePlugs.portId, port!.id), eq(cablePlugs.side, "front")));
      expect(plugs).toHaveLength(1);
      await c.db.delete(cablePlugs).where(eq(cablePlugs.portId, port!.id));
    }
  });

  it("plan transitions, release and four eyes hold when approvers act at the same moment", async () => {
    const c = ctx();
    const [site] = await c.db.select().from(sites).where(eq(sites.code, "DC1"));
    const portId = async (device: string, name: string) =>
      (await c.db.select({ id: ports.id }).from(ports).innerJoin(devices, eq(devices.id, ports.deviceId)).where(and(eq(ports.siteId, site!.id), eq(devices.name, device), eq(ports.name, name))))[0]!.id;
    const editor = await person("ed@example.com", "editor");
    const ap1 = await person("ap1@example.com", "approver");
    const ap2 = await person("ap2@example.com", "approver");
    const fresh = async () => (await c.db.select().from(plans).where(eq(plans.id, plan.id)))[0]!;

    let plan = await createPlan(editor, { siteId: site!.id, name: "Race" });
    plan = (await addOperation(editor, { planId: plan.id, version: plan.version, operation: { kind: "transceiver.add", portId: await portId("spine2", "Ethernet1/9"), typeId: "qsfpdd-400gbase-dr4" } })).plan;
    plan = await transitionPlan(editor, "submit", { id: plan.id, version: plan.version });

    // Approve and withdraw at once: exactly one wins.
    const first = await Promise.all([status(transitionPlan(ap1, "approve", { id: plan.id, version: plan.version })), status(transitionPlan(editor, "withdraw", { id: plan.id, version: plan.version }))]);
    expect(first.sort()).toEqual([200, 409]);
    plan = await fresh();
    if (plan.status === "draft") plan = await transitionPlan(editor, "submit", { id: plan.id, version: plan.version });
    if (plan.status === "submitted") plan = await transitionPlan(ap1, "approve", { id: plan.id, version: plan.version });
    expect(plan.status).toBe("approved");

    // Two approvers release at once: released exactly once.
    const applies = await Promise.all([status(releasePlan(ap1, { id: plan.id, version: plan.version })), status(releasePlan(ap2, { id: plan.id, version: plan.version }))]);
    expect(applies.sort()).toEqual([200, 409]);
    expect((await fresh()).status).toBe("in_progress");

    // Four eyes while the plan changes hands: ap2 slips an operation in while ap1 approves; whichever
    // order the database picks, ap2 never approves their own change.
    plan = await createPlan(editor, { siteId: site!.id, name: "Race 2" });
    plan = (await addOperation(editor, { planId: plan.id, version: plan.version, operation: { kind: "transceiver.add", portId: await portId("spine2", "Ethernet1/10"), typeId: "qsfpdd-400gbase-dr4" } })).plan;
    const v = plan.version;
    const slipPort = await portId("spine2", "Ethernet1/11");
    const slip = addOperation(ap2, { planId: plan.id, version: v, operation: { kind: "transceiver.add", portId: slipPort, typeId: "qsfpdd-400gbase-dr4" } }).then(async (r) => transitionPlan(ap2, "submit", { id: plan.id, version: r.plan.version }));
    const submit = transitionPlan(editor, "submit", { id: plan.id, version: v });
    const outcomes = await Promise.all([status(slip), status(submit)]);
    expect(outcomes.sort()).toEqual([200, 409]);
    plan = await fresh();
    expect(plan.status).toBe("submitted");
    const slipped = (await c.db.select().from(planOperations).where(eq(planOperations.planId, plan.id))).some((o) => (o.portIds as string[]).includes(slipPort));
    expect(await status(transitionPlan(ap2, "approve", { id: plan.id, version: plan.version }))).toBe(slipped ? 403 : 200);
  });
});
