import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { Plant } from "../../../../test/plant";
import { useTestDatabase } from "../../../../test/db";
import type { Actor } from "../../auth/actor";
import { updateCable } from "../cables/update-cable";
import type { ServiceContext } from "../context";
import { type ServiceError } from "../errors";
import { channelsCrossing, findingsOn } from "./crossing";
import { findPathTargets } from "./find-path-targets";
import { getElementDetails } from "./get-element-details";
import { getChannelPath, getPortPath } from "./get-path";
import { getTopology } from "./get-topology";
import { getTopologyOverview } from "./get-topology-overview";
import { createPlan } from "../plans/create-plan";
import { addOperation } from "../plans/write-operation";
import type { BundleEdge, CableEdge, DeviceNode } from "./types";

const t = useTestDatabase();

/**
 *   Hall A / row A                              Hall B / row C
 *   ┌ A01 ─────────┐         T1, T2          ┌ C01 ─────────┐
 *   │ leaf1  U40   │   pp1 ════════════ pp2  │ leaf2  U40   │
 *   │ pp1 (cas.)   │    (method A cassettes) │ pp2 (cas.)   │
 *   └──────────────┘                         └──────────────┘
 *   N1 leaf1:1 → pp1:1/1 (A-to-B)   F1 pp2:1/1 → leaf2:1 (A-to-A)   channel 1 passes
 *   N2 leaf1:2 → pp1:1/2 (A-to-B)   F2 pp2:1/2 → leaf2:2 (A-to-B)   channel 2 fails: polarity
 */
async function twoRooms(ctx: ServiceContext) {
  const p = await new Plant(ctx).site();
  await p.rack("A01", "Hall A", "A", 1);
  await p.rack("C01", "Hall B", "C", 1);
  await p.switch("leaf1", "A01", 40, 2, "sfp28-25gbase-sr");
  await p.switch("leaf2", "C01", 40, 2, "sfp28-25gbase-sr");
  await p.panel("pp1", "A01", 38, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4-elite", "cas-mpo12-6xlc-methodA-m-om4-elite"] });
  await p.panel("pp2", "C01", 38, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4-elite", "cas-mpo12-6xlc-methodA-m-om4-elite"] });
  const t1 = await p.cable("mpo12-typeA-ff-om4-elite", 40, { a1: "pp1:1/R", b1: "pp2:1/R" }, "T1");
  const t2 = await p.cable("mpo12-typeA-ff-om4-elite", 40, { a1: "pp1:2/R", b1: "pp2:2/R" }, "T2");
  await p.cable("lc-ab-om4-ll", 2, { a1: "leaf1:Ethernet1/1", b1: "pp1:1/1" }, "N1");
  await p.cable("lc-aa-om4-ll", 2, { a1: "pp2:1/1", b1: "leaf2:Ethernet1/1" }, "F1");
  await p.cable("lc-ab-om4-ll", 2, { a1: "leaf1:Ethernet1/2", b1: "pp1:1/2" }, "N2");
  const f2 = await p.cable("lc-ab-om4-ll", 2, { a1: "pp2:1/2", b1: "leaf2:Ethernet1/2" }, "F2");
  return { p, t1: t1.cable.id, t2: t2.cable.id, f2: f2.cable, channels: f2.outcome.channels };
}

const viewerOf = (siteId: string | null): Actor => ({ kind: "user", userId: "00000000-0000-4000-8000-000000000001", label: "v", grants: [{ siteId, role: "viewer" }] });

describe("topology", () => {
  it("reads a site into nested nodes, trunk bundles and cords, with the failing channel's elements in red", () =>
    t.rollback(async (ctx) => {
      const { p, t1, t2 } = await twoRooms(ctx);
      const topo = await getTopology(ctx, { siteId: p.siteId });
      const { nodes, edges } = topo.elements;
      expect(nodes.map((n) => `${n.kind}:${n.label}`)).toEqual(["room:Hall A", "room:Hall B", "rack:A01", "rack:C01", "device:leaf1", "device:leaf2", "device:pp1", "device:pp2"]);
      const bundle = edges.find((e): e is BundleEdge => e.kind === "bundle")!;
      expect(bundle).toMatchObject({ cables: 2, fibers: 24, mode: "MM", status: "installed", label: "2 trunks · 24 f" });
      expect([...bundle.cableIds].sort()).toEqual([t1, t2].sort());
      const cords = edges.filter((e): e is CableEdge => e.kind === "cable" && e.layer === "cord");
      expect(cords.map((c) => c.label).sort()).toEqual(["F1", "F2", "N1", "N2"]);
      expect(topo.channels).toEqual({ pass: 1, warning: 0, fail: 1 });

      const severity = (label: string) => (nodes.find((n) => n.label === label) as DeviceNode).severity;
      expect([severity("leaf1"), severity("pp1"), severity("pp2"), severity("leaf2")]).toEqual(["error", "error", "error", "error"]);
      const cord = (label: string) => cords.find((c) => c.label === label)!.severity;
      expect([cord("N2"), cord("F2"), cord("N1"), cord("F1")]).toEqual(["error", "error", null, null]);
      // Both channels share trunk T1 (the cassettes' first MPO): it carries the failing one.
      expect(edges.find((e) => e.kind === "cable" && e.label === "T1")!.severity).toBe("error");
      expect(edges.find((e) => e.kind === "cable" && e.label === "T2")!.severity).toBeNull();
      expect(bundle.severity).toBe("error");
    }));

  it("follows a channel and a port across the plant, and finds them by what the user types", () =>
    t.rollback(async (ctx) => {
      const { p, channels } = await twoRooms(ctx);
      const failing = channels.find((c) => c.verdict === "fail")!;
      const path = await getChannelPath(ctx, { siteId: p.siteId, channelKey: failing.key });
      expect(path.title).toBe("leaf1:Ethernet1/2 ↔ leaf2:Ethernet1/2");
      expect(path.deviceIds).toEqual(["leaf1", "leaf2", "pp1", "pp2"].map((d) => `device:${p.devices.get(d)}`).sort());
      const labels = async (ids: string[]) => (await getElementDetails(ctx, { siteId: p.siteId, kind: "cables", ids })).cables.map((c) => c.label).sort();
      expect(await labels(path.cableIds)).toEqual(["F2", "N2", "T1"]);

      const viaPort = await getPortPath(ctx, { siteId: p.siteId, portId: p.port("pp1:1/2") });
      expect(viaPort.channels.map((c) => c.key)).toEqual([failing.key]);
      expect(viaPort.cableIds).toEqual(path.cableIds);

      const dark = await getPortPath(ctx, { siteId: p.siteId, portId: p.port("pp1:2/R") });
      expect(dark.channels).toEqual([]);
      expect(dark.note).toMatch(/No channel crosses this port/);
      expect(await labels(dark.cableIds)).toEqual(["T2"]);
      expect(dark.deviceIds).toEqual(["pp1", "pp2"].map((d) => `device:${p.devices.get(d)}`).sort());

      const found = await findPathTargets(ctx, { siteId: p.siteId, q: "leaf1:eth" });
      expect(found.ports.map((x) => [x.label, x.onChannel])).toEqual([
        ["leaf1:Ethernet1/1", true],
        ["leaf1:Ethernet1/2", true],
      ]);
      expect(found.channels.map((c) => c.verdict)).toEqual(["fail", "pass"]);
      expect((await findPathTargets(ctx, { siteId: p.siteId, q: "100%_" })).ports).toEqual([]);
    }));

  it("details: facts, crossing channels worst first, and findings of a device, a rack, a room, a bundle", () =>
    t.rollback(async (ctx) => {
      const { p, t1, t2 } = await twoRooms(ctx);
      const device = await getElementDetails(ctx, { siteId: p.siteId, kind: "device", ids: [p.devices.get("pp1")!] });
      expect(device.title).toBe("pp1");
      expect(device.facts).toContainEqual({ label: "Rack", value: "Hall A / A01" });
      expect(device.channels.map((c) => c.verdict)).toEqual(["fail", "pass"]);
      expect(device.findings.map((f) => f.code)).toEqual(["POLARITY_RX_TO_RX", "POLARITY_TX_TO_TX"]);

      const rack = await getElementDetails(ctx, { siteId: p.siteId, kind: "rack", ids: [p.racks.get("C01")!] });
      expect(rack.facts).toContainEqual({ label: "Devices", value: "2" });
      expect(rack.channelTotal).toBe(2);

      const topo = await getTopology(ctx, { siteId: p.siteId });
      const roomId = topo.elements.nodes.find((n) => n.kind === "room" && n.label === "Hall B")!.id.slice("room:".length);
      const room = await getElementDetails(ctx, { siteId: p.siteId, kind: "room", ids: [roomId] });
      expect(room.facts).toEqual([
        { label: "Racks", value: "1" },
        { label: "Devices", value: "2" },
      ]);
      expect(room.findingTotal).toBe(2);

      const bundle = await getElementDetails(ctx, { siteId: p.siteId, kind: "cables", ids: [t1, t2] });
      expect(bundle.title).toBe("2 cables");
      expect(bundle.cables[0]).toMatchObject({ label: "T1", status: "installed", ends: [{ connector: "a1", port: "pp1:1/R" }, { connector: "b1", port: "pp2:1/R" }] });
      expect(bundle.channels.map((c) => c.verdict)).toEqual(["fail", "pass"]);
    }));

  it("leaves decommissioned cables out and shows planned ones as planned", () =>
    t.rollback(async (ctx) => {
      const { p, f2 } = await twoRooms(ctx);
      const planned = await p.cable("mpo12-typeA-ff-om4-elite", 40, {}, "T9");
      await updateCable(ctx, { id: planned.cable.id, version: 1, status: "planned" });
      const before = await getTopology(ctx, { siteId: p.siteId });
      expect(before.elements.looseCables).toBe(1);
      await updateCable(ctx, { id: f2.id, version: f2.version, status: "planned" });
      const after = await getTopology(ctx, { siteId: p.siteId });
      expect(after.elements.edges.find((e) => e.kind === "cable" && e.label === "F2")).toMatchObject({ status: "planned" });
    }));

  it("checks the viewer role on the site itself, and refuses unknown sites, channels and ports", () =>
    t.rollback(async (ctx) => {
      const { p } = await twoRooms(ctx);
      const other = "00000000-0000-4000-8000-00000000abcd";
      const asStranger = { db: ctx.db, actor: viewerOf(other) };
      const refused = await getTopology(asStranger, { siteId: p.siteId }).catch((e: unknown) => e);
      expect((refused as ServiceError).code).toBe("FORBIDDEN");
      await expect(getTopology({ db: ctx.db, actor: viewerOf(p.siteId) }, { siteId: p.siteId })).resolves.toBeTruthy();
      for (const call of [
        getTopology(ctx, { siteId: other }),
        getChannelPath(ctx, { siteId: p.siteId, channelKey: other }),
        getPortPath(ctx, { siteId: p.siteId, portId: other }),
        getElementDetails(ctx, { siteId: p.siteId, kind: "device", ids: [other] }),
      ]) {
        expect(((await call.catch((e: unknown) => e)) as ServiceError).code).toBe("NOT_FOUND");
      }
    }));

  it("sums a site per room and row, with the trunks between rows as bundles, and reads one row on demand", () =>
    t.rollback(async (ctx) => {
      const { p } = await twoRooms(ctx);
      await p.rack("A02", "Hall A", "A", 2);
      await p.rack("B01", "Hall A", "B", 1);
      const overview = await getTopologyOverview(ctx, { siteId: p.siteId });
      expect(overview.rooms.map((r) => [r.label, r.rows, r.racks, r.devices, r.trunks, r.failing, r.severity])).toEqual([
        ["Hall A", 2, 3, 2, 2, 1, "error"],
        ["Hall B", 1, 1, 2, 2, 1, "error"],
      ]);
      expect(overview.rows.map((r) => [r.label, r.racks, r.trunks, r.failing])).toEqual([
        ["Row A", 2, 2, 1],
        ["Row B", 1, 0, 0],
        ["Row C", 1, 2, 1],
      ]);
      expect(overview.bundles).toHaveLength(1);
      expect(overview.bundles[0]).toMatchObject({ cables: 2, fibers: 24, mode: "MM", status: "installed", label: "2 trunks · 24 f" });
      expect(overview.totals).toEqual({ racks: 4, devices: 4, trunks: 2, cords: 4 });
      expect(overview.channels).toEqual({ pass: 1, warning: 0, fail: 1 });

      // Row A of Hall A: its racks and devices and the cords inside it; the two trunks leave it.
      const rowA = overview.rows[0]!;
      const detail = await getTopology(ctx, { siteId: p.siteId, scope: { roomId: rowA.roomId, row: "A" } });
      expect(detail.elements.nodes.map((n) => `${n.kind}:${n.label}`)).toEqual(["room:Hall A", "rack:A01", "rack:A02", "device:leaf1", "device:pp1"]);
      expect(detail.elements.edges.map((e) => e.label).sort()).toEqual(["N1", "N2"]);
      expect(detail.leavingCables).toBe(2);
      expect((detail.elements.nodes.find((n) => n.label === "leaf1") as DeviceNode).severity).toBe("error");
      const unknownRoom = await getTopology(ctx, { siteId: p.siteId, scope: { roomId: "00000000-0000-4000-8000-00000000abcd" } }).catch((e: unknown) => e);
      expect((unknownRoom as ServiceError).code).toBe("NOT_FOUND");
    }));

  it("reads a row and the overview as a change plan would leave the site", () =>
    t.rollback(async (ctx) => {
      const { p } = await twoRooms(ctx);
      const plan = await createPlan(ctx, { siteId: p.siteId, name: "One more switch" });
      await addOperation(ctx, {
        planId: plan.id,
        version: plan.version,
        operation: { kind: "device.add", name: "leaf9", role: "switch", model: "x", rackId: p.racks.get("A01")!, uPosition: 20, uHeight: 1 },
      });
      const overview = await getTopologyOverview(ctx, { siteId: p.siteId, planId: plan.id });
      expect(overview.planned).toBe(true);
      expect(overview.rows.map((r) => [r.label, r.devices, r.trunks])).toEqual([
        ["Row A", 3, 2],
        ["Row C", 2, 2],
      ]);
      expect(overview.bundles[0]).toMatchObject({ cables: 2, fibers: 24 });
      const detail = await getTopology(ctx, { siteId: p.siteId, planId: plan.id, scope: { roomId: overview.rows[0]!.roomId, row: "A" } });
      expect(detail.elements.nodes.filter((n) => n.kind === "device").map((n) => n.label).sort()).toEqual(["leaf1", "leaf9", "pp1"]);
      expect(detail.leavingCables).toBe(2);
    }));
});

describe("the overview as planned", () => {
  it("counts the plan's faults per row: a channel it repairs, and a mating of no channel it breaks", () =>
    t.rollback(async (ctx) => {
      const { p, t2, f2 } = await twoRooms(ctx);
      const live = await getTopologyOverview(ctx, { siteId: p.siteId });
      expect(live.rows.map((r) => [r.label, r.failing, r.severity])).toEqual([
        ["Row A", 1, "error"],
        ["Row C", 1, "error"],
      ]);
      // The failing cord retyped: channel 2 passes, nothing is left at fault.
      let plan = await createPlan(ctx, { siteId: p.siteId, name: "Mend channel 2" });
      plan = (await addOperation(ctx, { planId: plan.id, version: plan.version, operation: { kind: "cable.retype", cableId: f2.id, typeId: "lc-aa-om4-ll" } })).plan;
      const mended = await getTopologyOverview(ctx, { siteId: p.siteId, planId: plan.id });
      expect(mended.rows.map((r) => [r.label, r.failing, r.severity])).toEqual([
        ["Row A", 0, null],
        ["Row C", 0, null],
      ]);
      expect(mended.channels).toEqual({ pass: 2, warning: 0, fail: 0 });
      // And the dark trunk made male–male: its matings with the male cassettes are errors of no channel.
      await addOperation(ctx, { planId: plan.id, version: plan.version, operation: { kind: "cable.retype", cableId: t2, typeId: "mpo12-typeA-mm-om4" } });
      const both = await getTopologyOverview(ctx, { siteId: p.siteId, planId: plan.id });
      expect(both.rows.map((r) => [r.label, r.failing, r.severity])).toEqual([
        ["Row A", 0, "error"],
        ["Row C", 0, "error"],
      ]);
    }));
});

describe("channels and findings crossing a set of ports", () => {
  it("are the same matched port by port through the indexes and hashed in one pass", () =>
    t.rollback(async (ctx) => {
      const { p } = await twoRooms(ctx);
      const sets = [
        sql`select p.id from ports p where p.site_id = ${p.siteId}`,
        sql`select p.id from ports p join devices d on d.id = p.device_id join racks k on k.id = d.rack_id where k.name = 'A01'`,
        sql`select ${p.port("pp2:1/2")}::uuid`,
        sql`select ${p.port("leaf1:Ethernet1/1")}::uuid`,
        sql`select id from ports where false`,
      ];
      for (const ports of sets) {
        const few = [await channelsCrossing(ctx.db, p.siteId, ports, undefined, "few"), await findingsOn(ctx.db, p.siteId, ports, undefined, "few")];
        const many = [await channelsCrossing(ctx.db, p.siteId, ports, undefined, "many"), await findingsOn(ctx.db, p.siteId, ports, undefined, "many")];
        expect(many).toEqual(few);
      }
      const all = await channelsCrossing(ctx.db, p.siteId, sets[0]!, undefined, "many");
      expect(all.total).toBe(2);
      expect((await findingsOn(ctx.db, p.siteId, sets[2]!, undefined, "many")).total).toBeGreaterThan(0);
    }));
});
