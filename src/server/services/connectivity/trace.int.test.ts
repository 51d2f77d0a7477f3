import { readFile } from "node:fs/promises";
import { and, eq } from "drizzle-orm";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { Plant } from "../../../../test/plant";
import { useTestDatabase } from "../../../../test/db";
import { countingStatements } from "../../../../test/count-statements";
import { cables, devices, ports, racks } from "../../db/schema";
import type { ServiceContext } from "../context";
import { seedDemoSite } from "../demo/seed-demo";
import { searchSite } from "../search/search-site";
import { listChannels } from "./list-channels";
import { listFindings } from "./list-findings";
import { previewCable } from "./preview-cable";
import { previewTransceiver } from "./preview-transceiver";
import { replyTransformer } from "../../api/transformer";
import { importSiteFile } from "../site-files/import-site-file";
import { tracePort } from "./trace-port";

const t = useTestDatabase();

async function demo(ctx: ServiceContext) {
  await seedDemoSite(ctx);
  const rows = await ctx.db.select({ id: ports.id, name: ports.name, device: devices.name, siteId: ports.siteId }).from(ports).innerJoin(devices, eq(devices.id, ports.deviceId));
  const port = (label: string) => rows.find((r) => `${r.device}:${r.name}` === label)!.id;
  return { siteId: rows[0]!.siteId, port };
}

describe("trace, findings, search and what-if on the demo site", () => {
  it("answers a trace that holds no object twice, so its reply is written without superjson's walk", () =>
    t.rollback(async (ctx) => {
      const { port } = await demo(ctx);
      for (const label of ["spine1:Ethernet1/1", "leaf1:Ethernet1/1"]) {
        const tr = await tracePort(ctx, { portId: port(label) });
        expect(tr.fibers.some((f) => f.applications.length > 0)).toBe(true);
        expect(superjson.serialize(tr).meta?.referentialEqualities).toBeUndefined();
        expect(JSON.stringify(replyTransformer.serialize(tr))).toBe(JSON.stringify(superjson.serialize(tr)));
      }
    }));

  it("traces a cage in one statement: the port's row comes with the first round of its part", () =>
    t.rollback(async (ctx) => {
      const { port } = await demo(ctx);
      const counted = countingStatements(ctx.db);
      const tr = await tracePort({ ...ctx, db: counted.db }, { portId: port("spine1:Ethernet1/1") });
      // It took two before: the port with its device, rack and site, then the part.
      expect(counted.sent, counted.sent.join("\n\n")).toHaveLength(1);
      const [row] = await ctx.db.select().from(ports).where(eq(ports.id, port("spine1:Ethernet1/1")));
      expect(tr.port).toMatchObject({ ...row, deviceName: "spine1", label: "spine1:Ethernet1/1", tia: "DC1.A01-40:Ethernet1/1", planned: false });
      expect(tr.port.createdAt).toBeInstanceOf(Date);
    }));

  it("traces a 400G-DR4 uplink lane by lane: hops, far end, length and loss against the limit", () =>
    t.rollback(async (ctx) => {
      const { port } = await demo(ctx);
      const tr = await tracePort(ctx, { portId: port("spine1:Ethernet1/1") });
      expect(tr.port).toMatchObject({ label: "spine1:Ethernet1/1", tia: "DC1.A01-40:Ethernet1/1", transceiverType: "qsfpdd-400gbase-dr4" });
      expect(tr.channel?.verdict).toBe("pass");
      expect(tr.fibers).toHaveLength(8);
      const tx1 = tr.fibers[0]!;
      expect(tx1.start).toMatchObject({ position: 1, role: "tx", lane: 1, colour: "blue" });
      expect(tx1.hops.map((h) => `${h.kind} ${h.label}`)).toEqual([
        "cable UA01-1",
        "adapter MPO-A01:1",
        "cable T-A01-A03",
        "adapter MPO-A03:1",
        "cable UA03-1",
      ]);
      expect(tx1.end).toMatchObject({ kind: "transceiver", label: "leaf1:Ethernet1/49", role: "rx", lane: 1, position: 12 });
      expect(tx1).toMatchObject({ ok: true, lengthM: 16, matedPairs: 2, maxLossDb: 3, reachM: 500, applications: ["400GBASE-DR4", "400GBASE-DR4"] });
      expect(tx1.lossDb).toBeCloseTo(16 * 0.0004 + 2 * 0.75, 6);
      expect(tr.conventions).toMatch(/^ISO\/IEC 11801 attenuation/);
    }));

  it("shows a polarity fault fiber by fiber, and the channel's findings in plain words", () =>
    t.rollback(async (ctx) => {
      const { port } = await demo(ctx);
      const tr = await tracePort(ctx, { portId: port("leaf1:Ethernet1/1") });
      expect(tr.channel?.verdict).toBe("fail");
      expect(tr.fibers.every((f) => !f.ok)).toBe(true);
      expect(tr.fibers[0]!.end).toMatchObject({ label: "leaf2:Ethernet1/1", role: "tx", lane: 1 });
      expect(tr.channel!.findings.map((f) => f.code)).toEqual(["POLARITY_RX_TO_RX", "POLARITY_TX_TO_TX"]);
      expect(tr.channel!.findings[1]!.message).toMatch(/^Between leaf[12]:Ethernet1\/1 and leaf[12]:Ethernet1\/1 transmitters face transmitters/);
      // A panel port in the middle of a channel lists the channels through it.
      const panel = await tracePort(ctx, { portId: port("MPO-B02:2") });
      expect(panel.throughChannels.map((c) => [c.title, c.verdict])).toEqual([["leaf4:Ethernet1/50 ↔ spine2:Ethernet1/4", "fail"]]);
      expect(panel.findings.map((f) => f.code)).toContain("APC_ALIGNED_KEY_ADAPTER");
    }));

  it("lists findings worst first, filtered by severity, code, room and rack", () =>
    t.rollback(async (ctx) => {
      const { siteId } = await demo(ctx);
      const all = await listFindings(ctx, { siteId });
      expect(all.counts).toEqual({ error: 12, warning: 1, info: 0 });
      expect(all.items[0]!.severity).toBe("error");
      expect(all.items.at(-1)).toMatchObject({ severity: "warning", code: "FIBER_GRADE_MIX", title: "Different fiber grades in one channel" });
      const polarity = await listFindings(ctx, { siteId, code: "POLARITY_TX_TO_TX" });
      expect(polarity.total).toBe(3);
      const [b03] = await ctx.db.select().from(racks).where(eq(racks.name, "B03"));
      const inB03 = await listFindings(ctx, { siteId, rackId: b03!.id });
      expect(inB03.items.map((f) => f.code).sort()).toEqual(["FIBER_GRADE_MIX", "POLARITY_RX_TO_RX", "POLARITY_TX_TO_TX"]);
      const hallB = await listFindings(ctx, { siteId, roomId: b03!.roomId, severity: "warning" });
      expect(hallB.total).toBe(1);
      const channels = await listChannels(ctx, { siteId, verdict: "fail" });
      expect(channels.total).toBe(6);
    }));

  it("finds racks, devices, ports and cables by name, label and TIA-606 identifier", () =>
    t.rollback(async (ctx) => {
      const { siteId } = await demo(ctx);
      const titles = async (q: string) => (await searchSite(ctx, { siteId, q })).map((h) => `${h.kind} ${h.title}`);
      expect(await titles("DC1.A01-38:01")).toEqual(["port MPO-A01:1"]);
      expect(await titles("dc1.a03-40")).toEqual(["device leaf1"]);
      expect(await titles("DC1.B03")).toEqual(["rack B03"]);
      expect(await titles("leaf1:Ethernet1/4")).toEqual(["port leaf1:Ethernet1/4", "port leaf1:Ethernet1/40", "port leaf1:Ethernet1/41", "port leaf1:Ethernet1/42", "port leaf1:Ethernet1/43", "port leaf1:Ethernet1/44", "port leaf1:Ethernet1/45", "port leaf1:Ethernet1/46", "port leaf1:Ethernet1/47", "port leaf1:Ethernet1/48"]);
      expect(await titles("t-a01")).toEqual(["cable T-A01-A03", "cable T-A01-A04", "cable T-A01-B01", "cable T-A01-B02"]);
      expect(await titles("DC1.A01-38:01/DC1.A03-38:01")).toEqual(["cable T-A01-A03"]);
      expect(await titles("srv")).toEqual(["device srv1", "device srv2", "device srv3", "device srv4", "device srv5", "device srv6", "device srv7", "device srv8"]);
    }));
});

describe("traces through multiplexers and taps", () => {
  const example = (name: string) => readFile(new URL(`../../../../examples/${name}`, import.meta.url), "utf8");
  const portOf = async (ctx: ServiceContext, siteId: string, device: string, name: string) => {
    const [row] = await ctx.db.select({ id: ports.id }).from(ports).innerJoin(devices, eq(devices.id, ports.deviceId)).where(and(eq(ports.siteId, siteId), eq(devices.name, device), eq(ports.name, name)));
    return row!.id;
  };

  it("names the lane's wavelength, and the tap output a monitor copy leaves by", () =>
    t.rollback(async (ctx) => {
      const cwdm = await importSiteFile(ctx, { yaml: await example("w-cwdm-pass.yaml"), code: "WP" });
      const lanes = (await tracePort(ctx, { portId: await portOf(ctx, cwdm.site.id, "site-a", "Ethernet1/1") })).fibers;
      expect(lanes.map((f) => [f.start.role, f.wavelengthNm, f.branch])).toEqual([
        ["tx", 1471, null],
        ["rx", 1471, null],
      ]);

      const tap = await importSiteFile(ctx, { yaml: await example("t-tap-lr-pass.yaml"), code: "TP" });
      const fibers = (await tracePort(ctx, { portId: await portOf(ctx, tap.site.id, "leaf1", "Ethernet1/1") })).fibers;
      expect(fibers.map((f) => [f.start.role, f.end.label, f.branch])).toEqual([
        ["tx", "leaf2:Ethernet1/1", null],
        ["tx", "tool:Ethernet1/1", { module: "taps/1", port: "MON-A", share: 0.5, monitor: true }],
        ["rx", "leaf2:Ethernet1/1", null],
      ]);
    }));
});

describe("what-if before saving", () => {
  it("warns that a Type A cord makes the channel fail polarity, and that Type B repairs it", () =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site();
      await p.rack("A01");
      await p.switch("leaf1", "A01", 40, 2, "qsfp28-100gbase-sr4");
      const ends = [
        { connector: "a1", portId: p.port("leaf1:Ethernet1/1") },
        { connector: "b1", portId: p.port("leaf1:Ethernet1/2") },
      ];
      const bad = await previewCable(ctx, { siteId: p.siteId, typeId: "mpo12-typeA-ff-om4", ends });
      expect(bad.warnings).toEqual([
        "This cord makes channel leaf1:Ethernet1/1 ↔ leaf1:Ethernet1/2 fail: Receiver meets receiver; Transmitter meets transmitter.",
      ]);
      expect(bad.channels).toEqual([{ title: "leaf1:Ethernet1/1 ↔ leaf1:Ethernet1/2", before: null, after: "fail" }]);
      const good = await previewCable(ctx, { siteId: p.siteId, typeId: "mpo12-typeB-ff-om4", ends });
      expect(good.warnings).toEqual([]);
      expect(await ctx.db.select().from(cables).where(eq(cables.siteId, p.siteId))).toHaveLength(0);

      const saved = await p.cable("mpo12-typeA-ff-om4", 2, { a1: "leaf1:Ethernet1/1", b1: "leaf1:Ethernet1/2" }, "P1");
      const replace = await previewCable(ctx, { siteId: p.siteId, cableId: saved.cable.id, typeId: "mpo12-typeB-ff-om4" });
      expect(replace.warnings).toEqual(["Cable P1 as mpo12-typeB-ff-om4 makes channel leaf1:Ethernet1/1 ↔ leaf1:Ethernet1/2 pass."]);
      expect(replace.clearedFindings.map((f) => f.code)).toEqual(["POLARITY_RX_TO_RX", "POLARITY_TX_TO_TX"]);
      const mpo16 = await previewCable(ctx, { siteId: p.siteId, cableId: saved.cable.id, typeId: "mpo16-typeB-ff-om4" });
      expect(mpo16.familyMismatches).toEqual([
        "Connector a1 is MPO-16 and leaf1:Ethernet1/1 takes MPO-12: they do not mate.",
        "Connector b1 is MPO-16 and leaf1:Ethernet1/2 takes MPO-12: they do not mate.",
      ]);
      expect(mpo16.newFindings.map((f) => f.code)).toContain("CONNECTOR_FAMILY_MISMATCH");
      const xcvr = await previewTransceiver(ctx, { portId: p.port("leaf1:Ethernet1/2"), typeId: "qsfp28-100g-psm4" });
      expect(xcvr.newFindings.map((f) => f.code)).toContain("FIBER_MODE_MISMATCH");
    }));
});
