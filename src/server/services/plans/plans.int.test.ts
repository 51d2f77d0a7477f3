/** Change plans on the demo site: operations, what-if, impact, conflicts, review, apply over stale objects, work order. */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/db";
import { demo, person, refused } from "../../../../test/plan-people";
import { auditEvents, cables, channelJudgements, devices, deviceTemplates, findings, planSteps, ports, racks, sites, transceivers } from "../../db/schema";
import { createCable } from "../cables/create-cable";
import { updateCable } from "../cables/update-cable";
import type { ServiceContext } from "../context";
import { releasePlan } from "./release-plan";
import { evaluatePlan, readPlan, whatIfReport } from "./evaluate";
import { createPlan } from "./create-plan";
import { getPlan } from "./get-plan";
import { listPlans } from "./list-plans";
import { planDevice } from "./views/device";
import { planRack } from "./views/rack";
import { readFile } from "node:fs/promises";
import { deleteDeviceTemplate } from "../catalog/device-templates";
import { importDeviceTypes } from "../imports/device-types";
import { getRack } from "../racks/get-rack";
import { getElementDetails } from "../topology/get-element-details";
import { getChannelPath, getPortPath } from "../topology/get-path";
import { listFindings } from "../connectivity/list-findings";
import { tracePort } from "../connectivity/trace-port";
import { getTopology } from "../topology/get-topology";
import { setStepDone, stepOfCable } from "./steps";
import { transitionPlan } from "./transition-plan";
import { addOperation, removeOperation, replaceOperation } from "./write-operation";

const t = useTestDatabase();
const DR4 = "qsfpdd-400gbase-dr4";




/** An editor's draft plan retyping the demo's trunk P-L1-L2-1 to Type B (which repairs its channel's polarity), and an approver. */
async function polarityFixPlan(ctx: ServiceContext) {
  const editor = await person(ctx, "ed@example.com", "editor");
  const approver = await person(ctx, "ap@example.com", "approver");
  const d = await demo(ctx);
  const draft = await createPlan(editor, { siteId: d.siteId, name: "Fix leaf1-leaf2 polarity" });
  const cord = await d.cable("P-L1-L2-1");
  const { plan } = await addOperation(editor, { planId: draft.id, version: draft.version, operation: { kind: "cable.retype", cableId: cord.id, typeId: "mpo12-typeB-ff-om4" } });
  return { editor, approver, d, cord, plan };
}

/** A dark OS2 trunk between MPO-A01:8 and MPO-B01:8, and a draft plan for a DR4 channel spine1:Ethernet1/5 ↔ leaf3:Ethernet1/4 over it. */
async function newChannelPlan(ctx: ServiceContext, editor: ServiceContext, cord: string) {
  const d = await demo(ctx);
  await createCable(ctx, {
    siteId: d.siteId,
    typeId: "mpo12-typeB-mm-os2",
    label: "T-A01-B01-8",
    lengthM: 85,
    ends: [
      { connector: "a1", portId: d.port("MPO-A01:8"), side: "rear" },
      { connector: "b1", portId: d.port("MPO-B01:8"), side: "rear" },
    ],
  });
  let plan = await createPlan(editor, { siteId: d.siteId, name: "Spine1 to leaf3, second uplink" });
  const add = async (operation: Parameters<typeof addOperation>[1]["operation"]) => {
    const res = await addOperation(editor, { planId: plan.id, version: plan.version, operation });
    plan = res.plan;
    return res.operation;
  };
  await add({ kind: "transceiver.add", portId: d.port("spine1:Ethernet1/5"), typeId: DR4 });
  await add({ kind: "transceiver.add", portId: d.port("leaf3:Ethernet1/4"), typeId: DR4 });
  const cordOp = await add({ kind: "cable.add", typeId: cord, label: "UA01-8", lengthM: 2, ends: [{ connector: "a1", portId: d.port("spine1:Ethernet1/5") }, { connector: "b1", portId: d.port("MPO-A01:8"), side: "front" }] });
  await add({ kind: "cable.add", typeId: "mpo12-typeB-ff-os2", label: "UB01-8", lengthM: 2, ends: [{ connector: "a1", portId: d.port("MPO-B01:8"), side: "front" }, { connector: "b1", portId: d.port("leaf3:Ethernet1/4") }] });
  return { d, plan: () => plan, setPlan: (p: typeof plan) => (plan = p), cordOp };
}

describe("change plans", () => {
  it("shows a gender error in the what-if, fixed by rewriting the operation; the live inventory is untouched until applied", () =>
    t.rollback(async (ctx) => {
      const editor = await person(ctx, "ed@example.com", "editor");
      const { d, plan, setPlan, cordOp } = await newChannelPlan(ctx, editor, "mpo12-typeB-mm-os2");
      let view = await getPlan(editor, { id: plan().id });
      expect(view.operations.map((o) => o.kind)).toEqual(["transceiver.add", "transceiver.add", "cable.add", "cable.add"]);
      expect(view.whatIf!.problems).toEqual([]);
      expect(view.whatIf!.findings.introduced.map((f) => f.code)).toContain("MPO_GENDER_MALE_MALE");
      const created = view.whatIf!.channels.find((c) => c.change === "new")!;
      expect(created.title).toBe("leaf3:Ethernet1/4 ↔ spine1:Ethernet1/5");
      expect(created.after).toBe("fail");
      // Nothing live changed.
      expect((await ctx.db.select().from(cables).where(eq(cables.label, "UA01-8"))).length).toBe(0);
      // The view names the device of the ports the operations name, and of no other port read.
      const named = ["spine1:Ethernet1/5", "leaf3:Ethernet1/4", "MPO-A01:8", "MPO-B01:8"].map((p) => d.port(p));
      expect(Object.keys(view.portDevices).sort()).toEqual([...named].sort());
      const [spine] = await ctx.db.select({ deviceId: ports.deviceId }).from(ports).where(eq(ports.id, d.port("spine1:Ethernet1/5")));
      expect(view.portDevices[d.port("spine1:Ethernet1/5")]).toBe(spine!.deviceId);

      const fixed = await replaceOperation(editor, {
        planId: plan().id,
        version: plan().version,
        operationId: cordOp.id,
        operation: { kind: "cable.add", typeId: "mpo12-typeB-ff-os2", label: "UA01-8", lengthM: 2, ends: [{ connector: "a1", portId: d.port("spine1:Ethernet1/5") }, { connector: "b1", portId: d.port("MPO-A01:8"), side: "front" }] },
      });
      setPlan(fixed.plan);
      view = await getPlan(editor, { id: plan().id });
      expect(view.whatIf!.findings.introduced).toEqual([]);
      const channel = view.whatIf!.channels.find((c) => c.change === "new")!;
      expect(channel.after).toBe("pass");
      expect(channel.lossAfter).toBeGreaterThan(0);
      // Installing into free ports takes nothing down: every step is preparation.
      expect(view.whatIf!.workOrder.cutOvers).toEqual([]);
      expect(view.whatIf!.workOrder.steps.map((s) => s.kind)).toEqual(["transceiver.add", "transceiver.add", "cable.add", "cable.add"]);
      expect(view.whatIf!.workOrder.steps[2]!.link).toBe("DC1.A01-40:Ethernet1/5/DC1.A01-38:08");
    }));

  it("shows the findings, trace and topology views as the plan would leave the site", () =>
    t.rollback(async (ctx) => {
      const editor = await person(ctx, "ed@example.com", "editor");
      const { d, plan } = await newChannelPlan(ctx, editor, "mpo12-typeB-mm-os2");
      const live = await listFindings(editor, { siteId: d.siteId, limit: 200 });
      const planned = await listFindings(editor, { siteId: d.siteId, limit: 200, planId: plan().id });
      expect(live.items.map((f) => f.code)).not.toContain("MPO_GENDER_MALE_MALE");
      const gender = planned.items.filter((f) => f.code === "MPO_GENDER_MALE_MALE");
      expect(gender.length).toBeGreaterThan(0);
      expect(planned.total).toBeGreaterThan(live.total);
      expect((await listFindings(editor, { siteId: d.siteId, planId: plan().id, code: "MPO_GENDER_MALE_MALE" })).total).toBe(gender.length);

      const liveTrace = await tracePort(editor, { portId: d.port("spine1:Ethernet1/5") });
      expect(liveTrace.channel).toBeNull();
      const planTrace = await tracePort(editor, { portId: d.port("spine1:Ethernet1/5"), planId: plan().id });
      expect(planTrace.port.transceiverType).toBe(DR4);
      expect(planTrace.channel?.verdict).toBe("fail");
      expect(planTrace.channel?.members.map((m) => m.label).sort()).toEqual(["leaf3:Ethernet1/4", "spine1:Ethernet1/5"]);
      const panelTrace = await tracePort(editor, { portId: d.port("MPO-A01:8"), planId: plan().id });
      expect(panelTrace.throughChannels.map((c) => c.title)).toEqual(["leaf3:Ethernet1/4 ↔ spine1:Ethernet1/5"]);

      const liveTopo = await getTopology(editor, { siteId: d.siteId });
      const planTopo = await getTopology(editor, { siteId: d.siteId, planId: plan().id });
      expect(planTopo.channels.fail).toBe(liveTopo.channels.fail + 1);
      expect(JSON.stringify(planTopo.elements)).toContain("UA01-8");
      expect(JSON.stringify(liveTopo.elements)).not.toContain("UA01-8");

      const panel = await planDevice(editor, { planId: plan().id, deviceId: (await getPlan(editor, { id: plan().id })).devices.find((x) => x.name === "MPO-A01")!.id });
      const p8 = panel.ports.find((p) => p.name === "8")!;
      expect(p8).toMatchObject({ changed: true, before: { front: null, rear: "T-A01-B01-8 (a1)" }, after: { front: "UA01-8 (b1)", rear: "T-A01-B01-8 (a1)" }, fault: "error", verdict: "fail" });
      expect(panel.ports.find((p) => p.name === "1")).toMatchObject({ changed: false, verdict: "pass" });

      const other = await createPlan(editor, { siteId: d.siteId, name: "x" });
      expect(other.id).toBeTruthy();
      const wrongSite = await refused(listFindings(editor, { siteId: "00000000-0000-4000-8000-000000000009", planId: plan().id }));
      expect(wrongSite.code).not.toBe("INTERNAL");
    }));

  it("draws a rack, and the topology's details and paths, as the plan would leave them", () =>
    t.rollback(async (ctx) => {
      const editor = await person(ctx, "ed@example.com", "editor");
      const { d, plan, setPlan } = await newChannelPlan(ctx, editor, "mpo12-typeB-mm-os2");
      const spine1 = (await ctx.db.select().from(devices).where(and(eq(devices.siteId, d.siteId), eq(devices.name, "spine1"))))[0]!;
      const rackId = spine1.rackId!;
      const installed = await addOperation(editor, { planId: plan().id, version: plan().version, operation: { kind: "device.add", name: "srv-new", role: "server", model: "R760", rackId, uPosition: 2, uHeight: 2 } });
      setPlan(installed.plan);

      // The rack: the live elevation is untouched; as planned it holds the new server, and spine1 carries the gender error.
      const live = await getRack(editor, { id: rackId });
      expect(live.devices.map((x) => x.name)).not.toContain("srv-new");
      expect(live.openPlans).toEqual([{ id: plan().id, name: "Spine1 to leaf3, second uplink", status: "draft" }]);
      const rack = await planRack(editor, { planId: plan().id, rackId });
      expect(rack.devices.find((x) => x.name === "srv-new")).toMatchObject({ change: "installed", planned: true, model: "R760", uPosition: 2, uHeight: 2, tia: "DC1.A01-02" });
      expect(rack.devices.find((x) => x.name === "spine1")).toMatchObject({ change: null, fault: "error" });
      expect(rack.devices.map((x) => x.uPosition)).toEqual([...rack.devices.map((x) => x.uPosition)].sort((a, b) => (b ?? -1) - (a ?? -1)));
      expect(rack.leaving).toEqual([]);
      // A rack the plan does not reach: its devices carry their live marks as planned (their ports
      // are read with the rack, not through the plan's operations).
      const touched = ["spine1", "leaf3", "MPO-A01", "MPO-B01"];
      let bystanders = 0;
      for (const r of await ctx.db.select({ id: racks.id }).from(racks).where(eq(racks.siteId, d.siteId))) {
        const liveRack = await getRack(editor, { id: r.id });
        if (!liveRack.devices.some((x) => x.fault !== null) || liveRack.devices.some((x) => touched.includes(x.name))) continue;
        const planned = await planRack(editor, { planId: plan().id, rackId: r.id });
        for (const x of liveRack.devices) expect(planned.devices.find((y) => y.id === x.id)?.fault, x.name).toBe(x.fault);
        bystanders++;
      }
      expect(bystanders).toBeGreaterThan(0);
      expect((await getPlan(editor, { id: plan().id })).racks.map((r) => r.name)).toContain("A01");

      // A move out of the rack shows on both racks.
      const other = (await ctx.db.select().from(devices).where(and(eq(devices.siteId, d.siteId), eq(devices.name, "leaf3"))))[0]!;
      const moved = await addOperation(editor, { planId: plan().id, version: plan().version, operation: { kind: "device.move", deviceId: spine1.id, rackId: other.rackId, uPosition: 30 } });
      setPlan(moved.plan);
      const left = await planRack(editor, { planId: plan().id, rackId });
      expect(left.leaving.map((x) => [x.name, x.change])).toEqual([["spine1", "moved out"]]);
      expect((await planRack(editor, { planId: plan().id, rackId: other.rackId! })).devices.find((x) => x.name === "spine1")?.change).toBe("moved in");
      await removeOperation(editor, { planId: plan().id, version: plan().version, operationId: moved.operation.id }).then((r) => setPlan(r.plan));

      // Topology: the side panel and the paths see the planned channel; the live ones do not.
      const channelTitle = "leaf3:Ethernet1/4 ↔ spine1:Ethernet1/5";
      const liveDetails = await getElementDetails(editor, { siteId: d.siteId, kind: "device", ids: [spine1.id] });
      const planDetails = await getElementDetails(editor, { siteId: d.siteId, kind: "device", ids: [spine1.id], planId: plan().id });
      expect(liveDetails.channels.map((c) => c.title)).not.toContain(channelTitle);
      expect(planDetails.channels[0]).toMatchObject({ title: channelTitle, verdict: "fail" });
      expect(planDetails.channelTotal).toBe(liveDetails.channelTotal + 1);
      expect(planDetails.findings.map((f) => f.code)).toContain("MPO_GENDER_MALE_MALE");
      const newServer = await getElementDetails(editor, { siteId: d.siteId, kind: "device", ids: [(installed.operation.payload as { newId: string }).newId], planId: plan().id });
      expect(newServer.facts).toContainEqual({ label: "Plan", value: "installed by the plan" });
      const cordId = (await getPlan(editor, { id: plan().id })).operations.find((o) => o.payload.label === "UA01-8")!.payload.newId as string;
      const cord = await getElementDetails(editor, { siteId: d.siteId, kind: "cables", ids: [cordId], planId: plan().id });
      expect(cord).toMatchObject({ title: "UA01-8", cables: [{ status: "planned", ends: [{ connector: "a1", port: "spine1:Ethernet1/5" }, { connector: "b1", port: "MPO-A01:8" }] }] });
      expect((await refused(getElementDetails(editor, { siteId: d.siteId, kind: "cables", ids: [cordId] }))).code).toBe("NOT_FOUND");

      const livePort = await getPortPath(editor, { siteId: d.siteId, portId: d.port("spine1:Ethernet1/5") });
      expect(livePort.channelTotal).toBe(0);
      const planPort = await getPortPath(editor, { siteId: d.siteId, portId: d.port("spine1:Ethernet1/5"), planId: plan().id });
      expect(planPort.channels.map((c) => c.title)).toEqual([channelTitle]);
      const trunk = await d.cable("T-A01-B01-8");
      expect(planPort.cableIds).toEqual(expect.arrayContaining([cordId, trunk.id]));
      const path = await getChannelPath(editor, { siteId: d.siteId, channelKey: planPort.channels[0]!.key, planId: plan().id });
      expect(path.deviceIds).toEqual(expect.arrayContaining([`device:${spine1.id}`]));
      expect(path.cableIds.sort()).toEqual([...planPort.cableIds].sort());
      expect((await refused(getChannelPath(editor, { siteId: d.siteId, channelKey: planPort.channels[0]!.key }))).code).toBe("NOT_FOUND");
      // A live channel outside the plan's part reads as stored.
      const untouched = liveDetails.channels.find((c) => c.title !== channelTitle)!;
      expect((await getChannelPath(editor, { siteId: d.siteId, channelKey: untouched.key, planId: plan().id })).title).toBe(untouched.title);
    }));

  it("judges a plan the same from the part of the plant it touches as from the whole site", () =>
    t.rollback(async (ctx) => {
      const editor = await person(ctx, "ed@example.com", "editor");
      const { d, plan, setPlan } = await newChannelPlan(ctx, editor, "mpo12-typeB-mm-os2");
      const add = async (operation: Parameters<typeof addOperation>[1]["operation"]) => setPlan((await addOperation(editor, { planId: plan().id, version: plan().version, operation })).plan);
      const leaf3 = (await ctx.db.select().from(devices).where(and(eq(devices.siteId, d.siteId), eq(devices.name, "leaf3"))))[0]!;
      await add({ kind: "cable.retype", cableId: (await d.cable("P-L1-L2-1")).id, typeId: "mpo12-typeB-ff-om4" });
      await add({ kind: "cable.remove", cableId: (await d.cable("T-B01-B03-C1")).id });
      await add({ kind: "device.move", deviceId: leaf3.id, rackId: leaf3.rackId, uPosition: 20 });
      const row = await readPlan(ctx.db, plan().id);
      const scoped = await evaluatePlan(ctx.db, row);
      const whole = await evaluatePlan(ctx.db, row, undefined, "site");
      // The part read is smaller than the site, and everything said about the plan is the same.
      expect(scoped.state.ports.length).toBeLessThan(whole.state.ports.length);
      expect(scoped.part).toEqual(whole.part);
      expect(scoped.applied.outcomes).toEqual(whole.applied.outcomes);
      expect(whatIfReport(scoped)).toEqual(whatIfReport(whole));
      expect(whatIfReport(scoped).channels.length).toBeGreaterThan(1);
    }));

  it("refuses operations that do not apply, naming the field, and writes nothing", () =>
    t.rollback(async (ctx) => {
      const editor = await person(ctx, "ed@example.com", "editor");
      const d = await demo(ctx);
      const plan = await createPlan(editor, { siteId: d.siteId, name: "Bad" });
      const busy = await refused(
        addOperation(editor, { planId: plan.id, version: plan.version, operation: { kind: "cable.add", typeId: "mpo12-typeB-ff-os2", lengthM: 2, ends: [{ connector: "a1", portId: d.port("spine1:Ethernet1/1") }] } }),
      );
      expect(busy.fields).toEqual({ "operation.ends.0.portId": expect.stringMatching(/already holds cable UA01-1/) });
      const generic = await refused(addOperation(editor, { planId: plan.id, version: plan.version, operation: { kind: "cable.field", cableId: (await d.cable("T-A01-B01")).id, end: "a", change: "gender" } }));
      expect(generic.fields["operation.end"]).toMatch(/generic MPO housing is not removable/);
      const stale = await refused(addOperation(editor, { planId: plan.id, version: plan.version + 5, operation: { kind: "transceiver.add", portId: d.port("spine1:Ethernet1/5"), typeId: DR4 } }));
      expect(stale.code).toBe("CONFLICT");
      expect((await getPlan(editor, { id: plan.id })).operations).toEqual([]);
      const viewer = await person(ctx, "vi@example.com", "viewer");
      expect((await refused(addOperation(viewer, { planId: plan.id, version: plan.version, operation: { kind: "transceiver.add", portId: d.port("spine1:Ethernet1/5"), typeId: DR4 } }))).code).toBe("FORBIDDEN");
    }));

  it("re-keys the MTP trunk of the method A cassettes in the field, and says what that does to the channels", () =>
    t.rollback(async (ctx) => {
      const editor = await person(ctx, "ed@example.com", "editor");
      const d = await demo(ctx);
      const plan = await createPlan(editor, { siteId: d.siteId, name: "Re-key" });
      const trunk = await d.cable("T-B01-B03-C1");
      await addOperation(editor, { planId: plan.id, version: plan.version, operation: { kind: "cable.field", cableId: trunk.id, end: "b", change: "key" } });
      const view = await getPlan(editor, { id: plan.id });
      expect(view.operations[0]!.text).toMatch(/^Re-key trunk T-B01-B03-C1 end B at LC-B03:1\/R: unplug it, turn the key .* it becomes mpo12-typeB-ff-om4-elite$/);
      expect(view.operations[0]!.reads).toEqual([{ type: "cable", id: trunk.id, version: trunk.version, label: "T-B01-B03-C1" }]);
      // The four 10G server channels go through it: one cut-over takes the passing ones down.
      expect(view.whatIf!.workOrder.cutOvers).toHaveLength(1);
      expect(view.whatIf!.workOrder.cutOvers[0]!.touched).toHaveLength(4);
      expect(view.whatIf!.channels.filter((c) => c.breaks).length).toBeGreaterThan(0);
    }));

  it("cuts a channel over once: the cord is removed and its replacement plugged in one cut-over, after the preparation", () =>
    t.rollback(async (ctx) => {
      const editor = await person(ctx, "ed@example.com", "editor");
      const d = await demo(ctx);
      let plan = await createPlan(editor, { siteId: d.siteId, name: "Replace a leaf-leaf cord" });
      const add = async (operation: Parameters<typeof addOperation>[1]["operation"]) => (plan = (await addOperation(editor, { planId: plan.id, version: plan.version, operation })).plan);
      await add({ kind: "cable.add", typeId: "mpo12-typeB-ff-om4", label: "P-L1-L2-2b", lengthM: 3, ends: [{ connector: "a1", portId: d.port("leaf1:Ethernet1/2") }, { connector: "b1", portId: d.port("leaf2:Ethernet1/2") }] }).catch(() => null);
      await add({ kind: "cable.remove", cableId: (await d.cable("P-L1-L2-2")).id });
      await add({ kind: "cable.add", typeId: "mpo12-typeB-ff-om4", label: "P-L1-L2-2b", lengthM: 3, ends: [{ connector: "a1", portId: d.port("leaf1:Ethernet1/2") }, { connector: "b1", portId: d.port("leaf2:Ethernet1/2") }] });
      await add({ kind: "transceiver.add", portId: d.port("spine1:Ethernet1/6"), typeId: DR4 });
      const view = await getPlan(editor, { id: plan.id });
      const wo = view.whatIf!.workOrder;
      expect(wo.steps.map((s) => [s.kind, s.group])).toEqual([
        ["transceiver.add", 0],
        ["cable.remove", 1],
        ["cable.add", 1],
      ]);
      expect(wo.cutOvers).toEqual([{ group: 1, from: 2, to: 3, linksDown: [{ key: expect.any(String), title: "leaf1:Ethernet1/2 ↔ leaf2:Ethernet1/2" }], touched: [expect.objectContaining({ verdict: "pass" })] }]);
      expect(view.whatIf!.channels[0]).toMatchObject({ title: "leaf1:Ethernet1/2 ↔ leaf2:Ethernet1/2", change: "changed", before: "pass", after: "pass" });
      expect(view.whatIf!.channels[0]!.lossBefore).not.toBe(view.whatIf!.channels[0]!.lossAfter);
    }));

  it("flags two open plans that touch the same port", () =>
    t.rollback(async (ctx) => {
      const editor = await person(ctx, "ed@example.com", "editor");
      const d = await demo(ctx);
      const a = await createPlan(editor, { siteId: d.siteId, name: "A" });
      const b = await createPlan(editor, { siteId: d.siteId, name: "B" });
      await addOperation(editor, { planId: a.id, version: a.version, operation: { kind: "transceiver.add", portId: d.port("spine1:Ethernet1/7"), typeId: DR4 } });
      await addOperation(editor, { planId: b.id, version: b.version, operation: { kind: "transceiver.add", portId: d.port("spine1:Ethernet1/7"), typeId: DR4 } });
      const view = await getPlan(editor, { id: a.id });
      expect(view.conflicts).toEqual([{ planId: b.id, name: "B", status: "draft", portIds: [d.port("spine1:Ethernet1/7")], ports: ["spine1:Ethernet1/7"] }]);
      expect((await listPlans(editor, { siteId: d.siteId })).map((p) => [p.name, p.conflicts]).sort()).toEqual([
        ["A", 1],
        ["B", 1],
      ]);
      await transitionPlan(editor, "abandon", { id: b.id, version: (await getPlan(editor, { id: b.id })).plan.version });
      expect((await getPlan(editor, { id: a.id })).conflicts).toEqual([]);
    }));

  it("four eyes: an approver who changed a plan's operations since its last approval may not approve it, and the history names them", () =>
    t.rollback(async (ctx) => {
      const editor = await person(ctx, "ed@example.com", "editor");
      const approver = await person(ctx, "ap@example.com", "approver");
      const second = await person(ctx, "ap2@example.com", "approver");
      const { plan, setPlan } = await newChannelPlan(ctx, editor, "mpo12-typeB-ff-os2");
      setPlan(await transitionPlan(editor, "submit", { id: plan().id, version: plan().version }));
      // The approver takes the plan back, slips in an operation of their own, and resubmits.
      setPlan(await transitionPlan(approver, "withdraw", { id: plan().id, version: plan().version }));
      const added = await addOperation(approver, { planId: plan().id, version: plan().version, operation: { kind: "transceiver.add", portId: (await demo2(ctx)).port("spine2:Ethernet1/9"), typeId: DR4 } });
      setPlan(added.plan);
      setPlan(await transitionPlan(approver, "submit", { id: plan().id, version: plan().version }));
      const self = await refused(transitionPlan(approver, "approve", { id: plan().id, version: plan().version }));
      expect(self.code).toBe("FORBIDDEN");
      expect(self.message).toMatch(/^You changed this plan's operations \(operation \d+: .+\): another approver has to approve it \(administrators excepted\)\.$/);
      // Someone else approves; then a rejection, reopening and change by the second approver bars them next time.
      setPlan(await transitionPlan(second, "approve", { id: plan().id, version: plan().version }));
      setPlan(await transitionPlan(second, "reject", { id: plan().id, version: plan().version }));
      setPlan(await transitionPlan(editor, "reopen", { id: plan().id, version: plan().version }));
      const rows = (await getPlan(editor, { id: plan().id })).operations;
      setPlan((await removeOperation(second, { planId: plan().id, version: plan().version, operationId: rows[rows.length - 1]!.id })).plan);
      setPlan(await transitionPlan(editor, "submit", { id: plan().id, version: plan().version }));
      expect((await refused(transitionPlan(second, "approve", { id: plan().id, version: plan().version }))).message).toMatch(/^You changed this plan's operations since it was last approved/);
      // The first approver's change was before the last approval: they may approve now.
      setPlan(await transitionPlan(approver, "approve", { id: plan().id, version: plan().version }));
      const history = (await getPlan(editor, { id: plan().id })).events;
      expect(new Set(history.filter((e) => e.action.startsWith("operation_")).map((e) => e.actor))).toEqual(new Set(["ed@example.com", "ap@example.com", "ap2@example.com"]));
    }));

  it("goes through review, refuses an author's own approval, is released to the floor, and carries each step out through the inventory services when ticked off", () =>
    t.rollback(async (ctx) => {
      const editor = await person(ctx, "ed@example.com", "editor");
      const approver = await person(ctx, "ap@example.com", "approver");
      const { plan, setPlan } = await newChannelPlan(ctx, editor, "mpo12-typeB-ff-os2");
      expect((await refused(transitionPlan(editor, "approve", { id: plan().id, version: plan().version }))).code).toBe("FORBIDDEN");
      setPlan(await transitionPlan(editor, "submit", { id: plan().id, version: plan().version }));
      expect((await refused(addOperation(editor, { planId: plan().id, version: plan().version, operation: { kind: "device.remove", deviceId: "00000000-0000-4000-8000-000000000001" } }))).code).toBe("CONFLICT");
      // An approver who wrote the plan may not approve it; an administrator may.
      const selfApprover = await person(ctx, "self@example.com", "approver");
      const own = await createPlan(selfApprover, { siteId: plan().siteId, name: "Mine" });
      await addOperation(selfApprover, { planId: own.id, version: own.version, operation: { kind: "transceiver.add", portId: (await demo2(ctx)).port("spine2:Ethernet1/9"), typeId: DR4 } });
      const ownSubmitted = await transitionPlan(selfApprover, "submit", { id: own.id, version: own.version + 1 });
      expect((await refused(transitionPlan(selfApprover, "approve", { id: own.id, version: ownSubmitted.version }))).message).toMatch(/another approver/);

      setPlan(await transitionPlan(approver, "approve", { id: plan().id, version: plan().version, note: "ok for Tuesday" }));
      expect(plan().status).toBe("approved");
      const before = await ctx.db.select().from(findings).where(eq(findings.siteId, plan().siteId));
      const channel = async () => (await ctx.db.select().from(channelJudgements).where(eq(channelJudgements.siteId, plan().siteId))).find((c) => c.title === "leaf3:Ethernet1/4 ↔ spine1:Ethernet1/5");
      const res = await releasePlan(approver, { id: plan().id, version: plan().version });
      expect(res.plan.status).toBe("in_progress");
      // Released: nothing in the live plant changed yet.
      expect(await ctx.db.select().from(cables).where(eq(cables.label, "UA01-8"))).toEqual([]);
      expect(await channel()).toBeUndefined();
      let view = await getPlan(editor, { id: plan().id });
      const review = view.events.filter((e) => !e.action.startsWith("operation_"));
      expect(review.map((e) => e.action)).toEqual(["created", "submit", "approve", "release"]);
      expect(review[2]).toMatchObject({ actor: "ap@example.com", note: "ok for Tuesday" });
      expect(view.may).toMatchObject({ tick: true, stop: false, release: false });
      // Each step ticked off is carried out through the inventory services, under the plan and the step.
      for (const s of view.steps) await setStepDone(editor, { planId: plan().id, n: s.n, done: true });
      const [cord] = await ctx.db.select().from(cables).where(eq(cables.label, "UA01-8"));
      expect(cord!.status).toBe("installed");
      expect((await channel())?.verdict).toBe("pass");
      expect((await ctx.db.select().from(findings).where(eq(findings.siteId, plan().siteId))).length).toBe(before.length);
      const audit = await ctx.db.select().from(auditEvents).where(eq(auditEvents.planId, plan().id));
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["transceiver.install", "cable.create", "plan.release", "plan.step_done", "plan.complete"]));
      expect(audit.find((a) => a.action === "cable.create" && a.objectId === cord!.id)?.planStep).toBe(view.steps.find((s) => s.text.includes("UA01-8"))!.n);
      view = await getPlan(editor, { id: plan().id });
      expect(view.plan.status).toBe("completed");
      expect(view.events.filter((e) => e.action === "operation_added").every((e) => e.actor === "ed@example.com")).toBe(true);
      const step = view.steps.find((s) => s.cableId === cord!.id)!;
      expect(await stepOfCable(editor, { cableId: cord!.id })).toEqual({ planId: plan().id, n: step.n });
      const [done] = await ctx.db.select().from(planSteps).where(and(eq(planSteps.planId, plan().id), eq(planSteps.n, step.n)));
      expect(done!.doneByLabel).toBe("ed@example.com");
    }));

  it("refuses a new device named as any device of the site, or placed where one is, though the plan reads only the devices near it", () =>
    t.rollback(async (ctx) => {
      const editor = await person(ctx, "ed@example.com", "editor");
      const d = await demo(ctx);
      const spine1 = (await ctx.db.select().from(devices).where(and(eq(devices.siteId, d.siteId), eq(devices.name, "spine1"))))[0]!;
      const leaf3 = (await ctx.db.select().from(devices).where(and(eq(devices.siteId, d.siteId), eq(devices.name, "leaf3"))))[0]!;
      const plan = await createPlan(editor, { siteId: d.siteId, name: "new devices" });
      const add = (operation: Record<string, unknown>) => refused(addOperation(editor, { planId: plan.id, version: plan.version, operation: { kind: "device.add", role: "server", ...operation } as never }));
      // A name taken in another rack, written in other case.
      expect((await add({ name: "LEAF3" })).fields["operation.name"]).toMatch(/already has a device named "LEAF3"/);
      // Where a device is, in a rack the plan names nothing else of.
      const taken = await add({ name: "srv-x", rackId: spine1.rackId, uPosition: spine1.uPosition, uHeight: 1 });
      expect(taken.fields["operation.uPosition"]).toMatch(new RegExp(`taken by spine1`));
      // A move into it too.
      const moved = await refused(addOperation(editor, { planId: plan.id, version: plan.version, operation: { kind: "device.move", deviceId: leaf3.id, rackId: spine1.rackId, uPosition: spine1.uPosition } }));
      expect(moved.fields["operation.uPosition"]).toMatch(/taken by spine1/);
    }));

  it("installs a switch from a device type: its cages are in the what-if, and a changed device type stops its step", () =>
    t.rollback(async (ctx) => {
      const editor = await person(ctx, "ed@example.com", "editor");
      const approver = await person(ctx, "ap@example.com", "approver");
      const d = await demo(ctx);
      const arista = { name: "device-types/Arista/DCS-7050CX3-32S.yaml", content: await readFile(new URL("../../interchange/netbox/__fixtures__/devicetype-library/device-types/Arista/DCS-7050CX3-32S.yaml", import.meta.url), "utf8") };
      await importDeviceTypes(ctx, { files: [arista] });
      const spine1 = (await ctx.db.select().from(devices).where(and(eq(devices.siteId, d.siteId), eq(devices.name, "spine1"))))[0]!;
      let plan = await createPlan(editor, { siteId: d.siteId, name: "leaf9" });
      const unknown = await refused(addOperation(editor, { planId: plan.id, version: plan.version, operation: { kind: "device.add", name: "leaf9", role: "switch", templateId: "no-such-type" } }));
      expect(unknown.fields["operation.templateId"]).toMatch(/no device type "no-such-type"/);
      const add = await addOperation(editor, {
        planId: plan.id,
        version: plan.version,
        operation: { kind: "device.add", name: "leaf9", role: "switch", templateId: "arista-dcs-7050cx3-32s", rackId: spine1.rackId, uPosition: 10 },
      });
      plan = add.plan;
      expect(add.text).toBe("Install switch leaf9 (Arista DCS-7050CX3-32S) of device type arista-dcs-7050cx3-32s in rack A01 at U10, front");
      const view = await getPlan(editor, { id: plan.id });
      const cage = view.planned.ports.find((p) => p.name === "Ethernet1/1")!;
      expect(view.planned.ports.length).toBe(34);
      plan = (await addOperation(editor, { planId: plan.id, version: plan.version, operation: { kind: "transceiver.add", portId: cage.id, typeId: "qsfp28-100gbase-sr4" } })).plan;
      const panel = await planDevice(editor, { planId: plan.id, deviceId: cage.deviceId });
      expect(panel.ports.length).toBe(34);
      expect(panel.ports.find((p) => p.name === "Ethernet1/1")?.after).toMatchObject({ transceiver: "qsfp28-100gbase-sr4" });
      // The planned cage has a trace as planned, and none live.
      const planTrace = await tracePort(editor, { portId: cage.id, planId: plan.id });
      expect(planTrace.port).toMatchObject({ planned: true, label: "leaf9:Ethernet1/1", tia: "DC1.A01-10:Ethernet1/1", kind: "transceiver", cage: "qsfp28", transceiverType: "qsfp28-100gbase-sr4" });
      expect(planTrace.fibers.length).toBe(8);
      expect((await refused(tracePort(editor, { portId: cage.id }))).code).toBe("NOT_FOUND");

      plan = await transitionPlan(editor, "submit", { id: plan.id, version: plan.version });
      plan = await transitionPlan(approver, "approve", { id: plan.id, version: plan.version });
      plan = (await releasePlan(approver, { id: plan.id, version: plan.version })).plan;
      // The device type is deleted meanwhile: the step installing the switch is refused, naming it, and writes nothing.
      const [tpl] = await ctx.db.select().from(deviceTemplates).where(eq(deviceTemplates.id, "arista-dcs-7050cx3-32s"));
      await deleteDeviceTemplate(ctx, { id: tpl!.id, version: tpl!.version });
      const stale = await refused(setStepDone(editor, { planId: plan.id, n: 1, done: true }));
      expect(stale.message).toMatch(/^Step 1 refused: There is no device type "arista-dcs-7050cx3-32s"/);
      expect((await ctx.db.select().from(devices).where(eq(devices.name, "leaf9"))).length).toBe(0);
      // Imported again as it was, the steps are done: the switch with its 34 cages, then the optic in a cage of it.
      await importDeviceTypes(ctx, { files: [arista] });
      await setStepDone(editor, { planId: plan.id, n: 1, done: true });
      await setStepDone(editor, { planId: plan.id, n: 2, done: true });
      const [leaf9] = await ctx.db.select().from(devices).where(eq(devices.name, "leaf9"));
      expect(leaf9).toMatchObject({ role: "switch", uPosition: 10, model: "Arista DCS-7050CX3-32S" });
      const leafPorts = await ctx.db.select().from(ports).where(eq(ports.deviceId, leaf9!.id));
      expect(leafPorts.length).toBe(34);
      const cage1 = leafPorts.find((p) => p.name === "Ethernet1/1")!;
      expect((await ctx.db.select().from(transceivers).where(eq(transceivers.portId, cage1.id)))[0]).toMatchObject({ typeId: "qsfp28-100gbase-sr4" });
    }));

  it("refuses to release over a live object changed since the plan was drafted, naming it, and writes nothing", () =>
    t.rollback(async (ctx) => {
      const fix = await polarityFixPlan(ctx);
      const { editor, approver, cord } = fix;
      let plan = fix.plan;
      const view = await getPlan(editor, { id: plan.id });
      expect(view.whatIf!.findings.resolved.map((f) => f.code)).toContain("POLARITY_TX_TO_TX");
      expect(view.whatIf!.channels[0]).toMatchObject({ repairs: true, before: "fail", after: "pass" });
      plan = await transitionPlan(editor, "submit", { id: plan.id, version: plan.version });
      plan = await transitionPlan(approver, "approve", { id: plan.id, version: plan.version });
      await updateCable(ctx, { id: cord.id, version: cord.version, label: "P-L1-L2-1 (relabelled)" });
      const err = await refused(releasePlan(approver, { id: plan.id, version: plan.version }));
      expect(err.code).toBe("CONFLICT");
      expect(err.message).toMatch(/cable P-L1-L2-1 \(operation 1: version 1 then, 2 now\)/);
      expect((await getPlan(editor, { id: plan.id })).plan.status).toBe("approved");
      expect((await ctx.db.select().from(cables).where(eq(cables.id, cord.id)))[0]!.typeId).toBe("mpo12-typeA-ff-om4");
      expect((await getPlan(editor, { id: plan.id })).stale).toEqual([{ seq: 1, type: "cable", label: "P-L1-L2-1", then: 1, now: 2 }]);
    }));

  it("refuses to submit a plan whose operation no longer applies, and to approve one over a live object changed since it was drafted", () =>
    t.rollback(async (ctx) => {
      const fix = await polarityFixPlan(ctx);
      const { editor, approver, d, cord } = fix;
      let plan = fix.plan;
      plan = await transitionPlan(editor, "submit", { id: plan.id, version: plan.version });
      await updateCable(ctx, { id: cord.id, version: cord.version, label: "P-L1-L2-1 (relabelled)" });
      const stale = await refused(transitionPlan(approver, "approve", { id: plan.id, version: plan.version }));
      expect(stale.code).toBe("CONFLICT");
      expect(stale.message).toBe("The live inventory changed since the plan was drafted: P-L1-L2-1. Reject it so the author can check it again.");
      expect((await getPlan(editor, { id: plan.id })).plan.status).toBe("submitted");

      // A plan removing a cord that is gone from the site by the time it is submitted.
      const other = await d.cable("F-SRV8");
      let gone = await createPlan(editor, { siteId: d.siteId, name: "Take out srv8's cord" });
      gone = (await addOperation(editor, { planId: gone.id, version: gone.version, operation: { kind: "cable.remove", cableId: other.id } })).plan;
      await updateCable(ctx, { id: other.id, version: other.version, status: "decommissioned" });
      const err = await refused(transitionPlan(editor, "submit", { id: gone.id, version: gone.version }));
      expect(err.code).toBe("CONFLICT");
      expect(err.message).toMatch(/^Operation 1 no longer applies: This cable is not in the site/);
      expect((await getPlan(editor, { id: gone.id })).plan.status).toBe("draft");
    }));

  it("lists a planned panel's ports in panel order with the cassette's own side marked, and shows no loss where none can be computed", () =>
    t.rollback(async (ctx) => {
      const editor = await person(ctx, "ed@example.com", "editor");
      const d = await demo(ctx);
      let plan = await createPlan(editor, { siteId: d.siteId, name: "Fix srv8" });
      plan = (await addOperation(editor, { planId: plan.id, version: plan.version, operation: { kind: "cable.retype", cableId: (await d.cable("F-SRV8")).id, typeId: "lc-aa-om4-ll" } })).plan;
      const [panel] = await ctx.db.select().from(devices).where(and(eq(devices.siteId, d.siteId), eq(devices.name, "LC-B03")));
      const view = await planDevice(editor, { planId: plan.id, deviceId: panel!.id });
      expect(view.ports.map((p) => p.name)).toEqual(["1/1", "1/2", "1/3", "1/4", "1/5", "1/6", "1/R", "2/1", "2/2", "2/3", "2/4", "2/5", "2/6", "2/R"]);
      // A cassette's LC ports take cords in front (their rear holds the cassette's harness), its MPO port a trunk at the rear.
      expect(view.ports.find((p) => p.name === "1/1")).toMatchObject({ inner: "rear", after: { front: expect.stringMatching(/^F-SRV5/) } });
      expect(view.ports.find((p) => p.name === "1/R")).toMatchObject({ inner: "front", after: { rear: expect.stringMatching(/^T-B01-B03-C1/) } });
      // srv8's channel fails polarity before: no fiber reaches a receiver, so there is no loss to show, and the reason is said.
      const impact = (await getPlan(editor, { id: plan.id })).whatIf!.channels.find((c) => c.repairs)!;
      expect(impact).toMatchObject({ before: "fail", after: "pass", lossBefore: null, lossBeforeWhy: "no fiber joins a transmitter to a receiver", lossAfterWhy: null });
      expect(impact.lossAfter).toBeGreaterThan(0);
    }));

  it("removes an operation unless a later one relies on it", () =>
    t.rollback(async (ctx) => {
      const editor = await person(ctx, "ed@example.com", "editor");
      const { plan } = await newChannelPlan(ctx, editor, "mpo12-typeB-ff-os2");
      const view = await getPlan(editor, { id: plan().id });
      const err = await refused(removeOperation(editor, { planId: plan().id, version: plan().version, operationId: view.operations[0]!.id }));
      expect(err.message).toMatch(/Operation 3 of this plan relies on this one/);
      const ok = await removeOperation(editor, { planId: plan().id, version: plan().version, operationId: view.operations[3]!.id });
      expect((await getPlan(editor, { id: ok.plan.id })).operations).toHaveLength(3);
    }));
});

async function demo2(ctx: ServiceContext) {
  const [site] = await ctx.db.select().from(sites).where(eq(sites.code, "DC1"));
  const rows = await ctx.db.select({ id: ports.id, name: ports.name, device: devices.name }).from(ports).innerJoin(devices, eq(devices.id, ports.deviceId)).where(eq(ports.siteId, site!.id));
  return { port: (label: string) => rows.find((p) => `${p.device}:${p.name}` === label)!.id };
}
