/**
 * Change plans on the floor: released, each step carried out on the live plant when ticked off,
 * undone, refused when the plant changed since the release, stopped, and ticked by two technicians
 * at once.
 *
 *   spine1:Ethernet1/1 ─UA01-1─ MPO-A01:1 ═T-A01-A03═ MPO-A03:1 ─UA03-1─ leaf1:Ethernet1/49   (live)
 *                               MPO-A01:7 ═T-A01-A03-7═ MPO-A03:7                            (the new trunk)
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { testDriver, useTestDatabase, openTestDatabase } from "../../../../test/db";
import { demo, person, refused } from "../../../../test/plan-people";
import { openDatabase, type Database, type Db } from "../../db/client";
import { auditEvents, cablePlugs, channelJudgements, channelPaths, devices, moduleBays, modules, plans, planSteps, ports, transceivers } from "../../db/schema";
import { addBay } from "../devices/add-bay";
import { updateCable } from "../cables/update-cable";
import { installTransceiver } from "../transceivers/install-transceiver";
import type { ServiceContext } from "../context";
import { systemActor } from "../../auth/actor";
import { createPlan } from "./create-plan";
import { getPlan } from "./get-plan";
import { getWorkOrder } from "./get-work-order";
import { releasePlan } from "./release-plan";
import { setStepDone } from "./steps";
import { stopPlan } from "./stop-plan";
import { transitionPlan } from "./transition-plan";
import { addOperation } from "./write-operation";

const t = useTestDatabase();
const CHANNEL = "leaf1:Ethernet1/49 ↔ spine1:Ethernet1/1";




/** A plan that replaces trunk T-A01-A03 with a new one in port 7 of both panels, approved and released. */
async function replaceTrunk(ctx: ServiceContext) {
  const d = await demo(ctx);
  const editor = await person(ctx, `ed-${randomUUID().slice(0, 6)}@example.com`, "editor");
  const approver = await person(ctx, `ap-${randomUUID().slice(0, 6)}@example.com`, "approver");
  let plan = await createPlan(editor, { siteId: d.siteId, name: "Replace trunk T-A01-A03" });
  const add = async (operation: Parameters<typeof addOperation>[1]["operation"]) => (plan = (await addOperation(editor, { planId: plan.id, version: plan.version, operation })).plan);
  await add({ kind: "cable.remove", cableId: (await d.cable("T-A01-A03")).id });
  await add({ kind: "cable.add", typeId: "mpo12-typeB-mm-os2", label: "T-A01-A03-7", lengthM: 12, ends: [{ connector: "a1", portId: d.port("MPO-A01:7"), side: "rear" }, { connector: "b1", portId: d.port("MPO-A03:7"), side: "rear" }] });
  await add({ kind: "cable.move", cableId: (await d.cable("UA01-1")).id, connector: "b1", portId: d.port("MPO-A01:7"), side: "front" });
  await add({ kind: "cable.move", cableId: (await d.cable("UA03-1")).id, connector: "a1", portId: d.port("MPO-A03:7"), side: "front" });
  plan = await transitionPlan(editor, "submit", { id: plan.id, version: plan.version });
  plan = await transitionPlan(approver, "approve", { id: plan.id, version: plan.version });
  const released = await releasePlan(approver, { id: plan.id, version: plan.version });
  const verdict = async () =>
    (
      await ctx.db
        .select({ verdict: channelJudgements.verdict, ports: channelPaths.ports })
        .from(channelJudgements)
        .innerJoin(channelPaths, and(eq(channelPaths.siteId, channelJudgements.siteId), eq(channelPaths.key, channelJudgements.key)))
        .where(and(eq(channelJudgements.siteId, d.siteId), eq(channelJudgements.title, CHANNEL)))
    )[0];
  const plugsOf = async (label: string) => {
    const c = await d.cable(label);
    return c ? (await ctx.db.select({ connector: cablePlugs.connector, portId: cablePlugs.portId, side: cablePlugs.side }).from(cablePlugs).where(eq(cablePlugs.cableId, c.id)).orderBy(asc(cablePlugs.connector))) : [];
  };
  return { d, editor, approver, plan: released.plan, verdict, plugsOf };
}

describe("change plans on the floor", () => {
  it("changes nothing live at the release; each step is carried out, judged and audited when ticked; the last completes the plan; undo restores it exactly", () =>
    t.rollback(async (ctx) => {
      const { d, editor, plan, verdict, plugsOf } = await replaceTrunk(ctx);
      expect(plan.status).toBe("in_progress");
      // The release changed nothing in the live plant.
      expect((await d.cable("T-A01-A03")).status).toBe("installed");
      expect(await d.cable("T-A01-A03-7")).toBeUndefined();
      expect((await verdict())?.verdict).toBe("pass");
      const wo = await getWorkOrder(editor, { id: plan.id });
      expect(wo.steps.map((s) => [s.n, s.kind, s.group])).toEqual([
        [1, "cable.add", 0],
        [2, "cable.remove", 1],
        [3, "cable.move", 1],
        [4, "cable.move", 1],
      ]);
      expect(wo.steps[0]!.text).toMatch(/^Install trunk T-A01-A03-7/);
      expect(wo.steps[1]!.text).toMatch(/^Remove trunk T-A01-A03 from MPO-A01:1 \(rear\) and MPO-A03:1 \(rear\)/);

      // Preparation: the new trunk is installed beside the old one; the channel still passes.
      await setStepDone(editor, { planId: plan.id, n: 1, done: true });
      expect((await d.cable("T-A01-A03-7")).status).toBe("installed");
      expect((await d.cable("T-A01-A03")).status).toBe("installed");
      expect((await verdict())?.verdict).toBe("pass");
      expect((await getPlan(editor, { id: plan.id })).floor).toEqual({ done: 1, total: 4, down: [] });

      // The cut-over: the old trunk comes out, the link is down until step 4 is done.
      const before = { ua01: await plugsOf("UA01-1"), ua03: await plugsOf("UA03-1"), trunk: await plugsOf("T-A01-A03") };
      const two = await setStepDone(editor, { planId: plan.id, n: 2, done: true });
      expect(two.outcome).toBe("done");
      expect((await d.cable("T-A01-A03")).status).toBe("decommissioned");
      expect(await verdict()).toBeUndefined();
      let view = await getPlan(editor, { id: plan.id });
      expect(view.floor!.down).toEqual([{ group: 1, from: 2, to: 4, until: 4, done: 1, total: 3, links: [CHANNEL] }]);
      // The what-if of the steps left: the two moves, which bring the channel back.
      expect(view.operations.map((o) => o.kind)).toEqual(["cable.move", "cable.move"]);
      expect(view.whatIf!.problems).toEqual([]);
      expect(view.whatIf!.channels.find((c) => c.title === CHANNEL)).toMatchObject({ after: "pass" });

      await setStepDone(editor, { planId: plan.id, n: 3, done: true });
      view = await getPlan(editor, { id: plan.id });
      expect(view.floor!.down[0]).toMatchObject({ until: 4, links: [CHANNEL] });
      const last = await setStepDone(editor, { planId: plan.id, n: 4, done: true });
      expect(last.plan.status).toBe("completed");
      const after = await verdict();
      expect(after?.verdict).toBe("pass");
      expect(after!.ports).toContain(d.port("MPO-A01:7"));
      expect(after!.ports).not.toContain(d.port("MPO-A01:1"));
      // Audited with the plan and the step.
      const audit = await ctx.db.select().from(auditEvents).where(eq(auditEvents.planId, plan.id)).orderBy(asc(auditEvents.id));
      expect(audit.filter((a) => a.objectType === "cable").map((a) => [a.action, a.planStep])).toEqual([
        ["cable.create", 1],
        ["cable.update", 2],
        ["cable.unplug", 3],
        ["cable.plug", 3],
        ["cable.unplug", 4],
        ["cable.plug", 4],
      ]);
      expect((await getPlan(editor, { id: plan.id })).events.map((e) => e.action).slice(-2)).toEqual(["step_done", "complete"]);

      // Undoing the last step puts the cord back exactly and the work back in progress.
      const undone = await setStepDone(editor, { planId: plan.id, n: 4, done: false });
      expect(undone.plan.status).toBe("in_progress");
      expect(await plugsOf("UA03-1")).toEqual(before.ua03);
      expect(await verdict()).toBeUndefined();
      // And the cut-over all the way back: the old trunk is installed again in its ports, the channel passes over it.
      await setStepDone(editor, { planId: plan.id, n: 3, done: false });
      await setStepDone(editor, { planId: plan.id, n: 2, done: false });
      expect((await d.cable("T-A01-A03")).status).toBe("installed");
      expect(await plugsOf("T-A01-A03")).toEqual(before.trunk);
      expect(await plugsOf("UA01-1")).toEqual(before.ua01);
      expect((await verdict())?.verdict).toBe("pass");
      await setStepDone(editor, { planId: plan.id, n: 1, done: false });
      expect(await d.cable("T-A01-A03-7")).toBeUndefined();
    }));

  it("refuses a step whose needed step is not done, an undo another done step relies on, and a step over a cable changed since the release", () =>
    t.rollback(async (ctx) => {
      const d = await demo(ctx);
      const editor = await person(ctx, "ed@example.com", "editor");
      const approver = await person(ctx, "ap@example.com", "approver");
      let plan = await createPlan(editor, { siteId: d.siteId, name: "Replace a leaf-leaf cord" });
      const add = async (operation: Parameters<typeof addOperation>[1]["operation"]) => (plan = (await addOperation(editor, { planId: plan.id, version: plan.version, operation })).plan);
      await add({ kind: "cable.remove", cableId: (await d.cable("P-L1-L2-2")).id });
      await add({ kind: "cable.add", typeId: "mpo12-typeB-ff-om4", label: "P-L1-L2-2b", lengthM: 3, ends: [{ connector: "a1", portId: d.port("leaf1:Ethernet1/2") }, { connector: "b1", portId: d.port("leaf2:Ethernet1/2") }] });
      await add({ kind: "cable.retype", cableId: (await d.cable("P-L1-L2-1")).id, typeId: "mpo12-typeB-ff-om4" });
      plan = await transitionPlan(editor, "submit", { id: plan.id, version: plan.version });
      plan = await transitionPlan(approver, "approve", { id: plan.id, version: plan.version });
      plan = (await releasePlan(approver, { id: plan.id, version: plan.version })).plan;
      const steps = (await getWorkOrder(editor, { id: plan.id })).steps;
      const remove = steps.find((s) => s.kind === "cable.remove")!;
      const install = steps.find((s) => s.kind === "cable.add")!;
      const retype = steps.find((s) => s.kind === "cable.retype")!;

      const early = await refused(setStepDone(editor, { planId: plan.id, n: install.n, done: true }));
      expect(early.message).toBe(`Step ${install.n} needs step ${remove.n} (${remove.text}) done first.`);
      expect(await d.cable("P-L1-L2-2b")).toBeUndefined();

      await setStepDone(editor, { planId: plan.id, n: remove.n, done: true });
      await setStepDone(editor, { planId: plan.id, n: install.n, done: true });
      expect((await d.cable("P-L1-L2-2b")).status).toBe("installed");
      const relied = await refused(setStepDone(editor, { planId: plan.id, n: remove.n, done: false }));
      expect(relied.message).toMatch(new RegExp(`^Step ${remove.n} cannot be undone: step ${install.n} \\(Install cord P-L1-L2-2b.*\\) is done and relies on it; undo it first\\.$`));
      expect((await d.cable("P-L1-L2-2")).status).toBe("decommissioned");

      // Someone relabels the cord the last step retypes: the step is refused, naming it and what changed.
      const cord = await d.cable("P-L1-L2-1");
      await updateCable(ctx, { id: cord.id, version: cord.version, label: "P-L1-L2-1 (relabelled)" });
      const changed = await refused(setStepDone(editor, { planId: plan.id, n: retype.n, done: true }));
      expect(changed.code).toBe("CONFLICT");
      expect(changed.message).toMatch(new RegExp(`^Step ${retype.n} refused: the live plant changed since the work was released — cable P-L1-L2-1: update by system: test at `));
      expect(changed.fields).toEqual({ n: "Changed since the work was released: cable P-L1-L2-1" });
      expect((await d.cable("P-L1-L2-1 (relabelled)")).typeId).toBe("mpo12-typeA-ff-om4");
      // A step of a plan not released cannot be ticked.
      const draft = await createPlan(editor, { siteId: d.siteId, name: "Draft" });
      expect((await refused(setStepDone(editor, { planId: draft.id, n: 1, done: true }))).message).toMatch(/is draft: steps are ticked off while the plan is released/);

      // Stopped: what was done stays; the step left becomes a new draft, against the plant as it is.
      const stopped = await stopPlan(approver, { id: plan.id, version: (await getPlan(editor, { id: plan.id })).plan.version, note: "cord relabelled meanwhile" });
      expect(stopped.plan.status).toBe("stopped");
      expect((await d.cable("P-L1-L2-2b")).status).toBe("installed");
      const rest = await getPlan(editor, { id: stopped.rest.id });
      expect(rest.plan).toMatchObject({ status: "draft", name: "Replace a leaf-leaf cord (rest)", continuesPlanId: plan.id });
      expect(rest.operations.map((o) => o.kind)).toEqual(["cable.retype"]);
      expect(rest.whatIf!.problems).toEqual([]);
      expect(rest.stale).toEqual([]);
      expect((await getPlan(editor, { id: plan.id })).rest).toMatchObject({ id: stopped.rest.id });
      expect((await refused(setStepDone(editor, { planId: plan.id, n: retype.n, done: true }))).message).toMatch(/is stopped/);
    }));

  it("installs a transceiver and a cord into the cage it fills, by their live ids, and takes them out again in reverse", () =>
    t.rollback(async (ctx) => {
      const d = await demo(ctx);
      const editor = await person(ctx, "ed@example.com", "editor");
      const approver = await person(ctx, "ap@example.com", "approver");
      let plan = await createPlan(editor, { siteId: d.siteId, name: "Optic and cord" });
      const add = async (operation: Parameters<typeof addOperation>[1]["operation"]) => (plan = (await addOperation(editor, { planId: plan.id, version: plan.version, operation })).plan);
      await add({ kind: "transceiver.add", portId: d.port("spine1:Ethernet1/5"), typeId: "qsfpdd-400gbase-dr4" });
      await add({ kind: "cable.add", typeId: "mpo12-typeB-ff-os2", label: "UA01-5", lengthM: 2, ends: [{ connector: "a1", portId: d.port("spine1:Ethernet1/5") }, { connector: "b1", portId: d.port("MPO-A01:5"), side: "front" }] });
      plan = await transitionPlan(editor, "submit", { id: plan.id, version: plan.version });
      plan = await transitionPlan(approver, "approve", { id: plan.id, version: plan.version });
      plan = (await releasePlan(approver, { id: plan.id, version: plan.version })).plan;
      const early = await refused(setStepDone(editor, { planId: plan.id, n: 2, done: true }));
      expect(early.message).toMatch(/^Step 2 needs step 1 \(Insert transceiver qsfpdd-400gbase-dr4 into spine1:Ethernet1\/5\) done first\.$/);
      await setStepDone(editor, { planId: plan.id, n: 1, done: true });
      await setStepDone(editor, { planId: plan.id, n: 2, done: true });
      const cord = await d.cable("UA01-5");
      expect(cord.status).toBe("installed");
      const [step] = await ctx.db.select().from(planSteps).where(and(eq(planSteps.planId, plan.id), eq(planSteps.n, 2)));
      expect(step!.cableId).toBe(cord.id);
      expect((await refused(setStepDone(editor, { planId: plan.id, n: 1, done: false }))).message).toMatch(/^Step 1 cannot be undone: step 2 .* is done and relies on it/);
      await setStepDone(editor, { planId: plan.id, n: 2, done: false });
      await setStepDone(editor, { planId: plan.id, n: 1, done: false });
      expect(await d.cable("UA01-5")).toBeUndefined();
      expect(await ctx.db.select().from(transceivers).where(eq(transceivers.portId, d.port("spine1:Ethernet1/5")))).toEqual([]);
    }));

  it("lets two technicians tick steps of one cut-over at once: both land, one after the other, and a step ticked twice is done once", async () => {
    // Real concurrent transactions need committed rows: a database of this test's own.
    const own = await ownDatabase();
    try {
      const ctx: ServiceContext = { db: own.db, actor: systemActor("test") };
      const { d, editor, plan, verdict } = await replaceTrunk(ctx);
      const other = await person(ctx, "tech2@example.com", "editor");
      await setStepDone(editor, { planId: plan.id, n: 1, done: true });
      const [a, b] = await Promise.all([setStepDone(editor, { planId: plan.id, n: 2, done: true }), setStepDone(other, { planId: plan.id, n: 3, done: true })]);
      expect([a.outcome, b.outcome]).toEqual(["done", "done"]);
      // The same step ticked by both at once: carried out once.
      const [c, e] = await Promise.all([setStepDone(editor, { planId: plan.id, n: 4, done: true }), setStepDone(other, { planId: plan.id, n: 4, done: true })]);
      expect([c.outcome, e.outcome].sort()).toEqual(["done", "unchanged"]);
      const rows = await own.db.select().from(planSteps).where(eq(planSteps.planId, plan.id)).orderBy(asc(planSteps.n));
      expect(rows.map((r) => r.doneAt !== null)).toEqual([true, true, true, true]);
      expect(new Set(rows.map((r) => r.doneByLabel))).toEqual(new Set(["tech2@example.com", editor.actor.label]));
      expect((await own.db.select().from(plans).where(eq(plans.id, plan.id)))[0]!.status).toBe("completed");
      expect((await own.db.select().from(auditEvents).where(and(eq(auditEvents.planId, plan.id), eq(auditEvents.planStep, 4), eq(auditEvents.action, "cable.plug")))).length).toBe(1);
      expect((await verdict())?.verdict).toBe("pass");
      expect((await d.cable("T-A01-A03")).status).toBe("decommissioned");
    } finally {
      await own.close();
    }
  }, 60_000);
});

/** A fresh, migrated database whose transactions commit: PGlite from the template, or a new PostgreSQL database dropped afterwards. */
async function ownDatabase(): Promise<{ db: Db; close: () => Promise<void> }> {
  if (testDriver !== "postgres") {
    const database = await openTestDatabase();
    return { db: database.db, close: () => database.close() };
  }
  const name = `ferrule_floor_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  await t.db.execute(sql.raw(`create database ${name}`));
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  const database: Database = await openDatabase({ url: url.toString(), migrate: true });
  return {
    db: database.db,
    close: async () => {
      await database.close();
      await t.db.execute(sql.raw(`drop database if exists ${name}`));
    },
  };
}

describe("an optic swapped on the floor", () => {
  it("takes the old optic out before the new one goes in, in the work order and on the live plant, and undoes both", () =>
    t.rollback(async (ctx) => {
      const d = await demo(ctx);
      const editor = await person(ctx, "ed@example.com", "editor");
      const approver = await person(ctx, "ap@example.com", "approver");
      const cage = d.port("spine1:Ethernet1/7");
      const old = (await installTransceiver(ctx, { portId: cage, typeId: "qsfpdd-400gbase-dr4", serial: "OLD-1" })).transceiver;
      let plan = await createPlan(editor, { siteId: d.siteId, name: "Swap the optic in spine1:Ethernet1/7" });
      const add = async (operation: Parameters<typeof addOperation>[1]["operation"]) => (plan = (await addOperation(editor, { planId: plan.id, version: plan.version, operation })).plan);
      await add({ kind: "transceiver.remove", transceiverId: old.id });
      await add({ kind: "transceiver.add", portId: cage, typeId: "qsfpdd-400gbase-fr4", serial: "NEW-1" });
      // Installing usually comes first in a work order (preparation): not into the cage the other step empties.
      plan = await transitionPlan(editor, "submit", { id: plan.id, version: plan.version });
      plan = await transitionPlan(approver, "approve", { id: plan.id, version: plan.version });
      plan = (await releasePlan(approver, { id: plan.id, version: plan.version })).plan;
      const steps = (await getWorkOrder(editor, { id: plan.id })).steps;
      expect(steps.map((s) => [s.n, s.kind])).toEqual([
        [1, "transceiver.remove"],
        [2, "transceiver.add"],
      ]);
      expect((await refused(setStepDone(editor, { planId: plan.id, n: 2, done: true }))).message).toMatch(/^Step 2 needs step 1 \(Remove transceiver qsfpdd-400gbase-dr4 from spine1:Ethernet1\/7\) done first\.$/);
      const inCage = async () => (await ctx.db.select({ typeId: transceivers.typeId, serial: transceivers.serial }).from(transceivers).where(eq(transceivers.portId, cage)));
      await setStepDone(editor, { planId: plan.id, n: 1, done: true });
      expect(await inCage()).toEqual([]);
      await setStepDone(editor, { planId: plan.id, n: 2, done: true });
      expect(await inCage()).toEqual([{ typeId: "qsfpdd-400gbase-fr4", serial: "NEW-1" }]);
      await setStepDone(editor, { planId: plan.id, n: 2, done: false });
      await setStepDone(editor, { planId: plan.id, n: 1, done: false });
      expect(await inCage()).toEqual([{ typeId: "qsfpdd-400gbase-dr4", serial: "OLD-1" }]);
    }));
});

describe("a cassette moved on the floor", () => {
  it("moves the cassette with its cables to another bay of its panel when the step is done, and back when undone", () =>
    t.rollback(async (ctx) => {
      const d = await demo(ctx);
      const editor = await person(ctx, "ed@example.com", "editor");
      const approver = await person(ctx, "ap@example.com", "approver");
      const [panel] = await ctx.db.select().from(devices).where(and(eq(devices.siteId, d.siteId), eq(devices.name, "LC-B03")));
      await addBay(ctx, { deviceId: panel!.id, name: "3" });
      const [cassette] = await ctx.db.select({ id: modules.id }).from(modules).innerJoin(moduleBays, eq(moduleBays.id, modules.bayId)).where(and(eq(modules.deviceId, panel!.id), eq(moduleBays.name, "1")));
      let plan = await createPlan(editor, { siteId: d.siteId, name: "Cassette 1 of LC-B03 to bay 3" });
      plan = (await addOperation(editor, { planId: plan.id, version: plan.version, operation: { kind: "module.move", moduleId: cassette!.id, bay: "3" } })).plan;
      plan = await transitionPlan(editor, "submit", { id: plan.id, version: plan.version });
      plan = await transitionPlan(approver, "approve", { id: plan.id, version: plan.version });
      plan = (await releasePlan(approver, { id: plan.id, version: plan.version })).plan;
      const f5 = await d.cable("F-SRV5");
      const portOf = async () => (await ctx.db.select({ name: ports.name }).from(cablePlugs).innerJoin(ports, eq(ports.id, cablePlugs.portId)).where(and(eq(cablePlugs.cableId, f5.id), eq(cablePlugs.connector, "a1"))))[0]!.name;
      expect(await portOf()).toBe("1/1");
      await setStepDone(editor, { planId: plan.id, n: 1, done: true });
      expect(await portOf()).toBe("3/1");
      await setStepDone(editor, { planId: plan.id, n: 1, done: false });
      expect(await portOf()).toBe("1/1");
    }));
});
