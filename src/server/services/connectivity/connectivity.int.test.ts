import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { Plant } from "../../../../test/plant";
import { useTestDatabase } from "../../../../test/db";
import { channelJudgements, findings } from "../../db/schema";
import { deleteCable } from "../cables/delete-cable";
import { plugCable } from "../cables/plug-cable";
import { unplugCable } from "../cables/unplug-cable";
import { updateCable } from "../cables/update-cable";
import type { ServiceContext } from "../context";
import { updateDevice } from "../devices/update-device";
import { ServiceError } from "../errors";
import { storedAndFresh } from "./agreement";

const t = useTestDatabase();

async function expectAgreement(ctx: ServiceContext, siteId: string) {
  const { stored, fresh } = await storedAndFresh(ctx.db, siteId);
  expect(stored).toEqual(fresh);
}

const codes = async (ctx: ServiceContext, siteId: string) =>
  (await ctx.db.select({ code: findings.code }).from(findings).where(eq(findings.siteId, siteId))).map((f) => f.code).sort();

/** R1/R2 of the reference: two SR4 optics over one MPO cord. */
async function r1(ctx: ServiceContext) {
  const p = await new Plant(ctx).site();
  await p.rack("A01");
  await p.rack("A02");
  await p.switch("leaf1", "A01", 40, 1, "qsfp28-100gbase-sr4");
  await p.switch("leaf2", "A02", 40, 1, "qsfp28-100gbase-sr4");
  return p;
}

describe("live checks: judgements kept with every change", () => {
  it("judges a new cord at once: Type B passes, Type A fails polarity, and replacing the type clears it", () =>
    t.rollback(async (ctx) => {
      const p = await r1(ctx);
      const good = await p.cable("mpo12-typeB-ff-om4", 3, { a1: "leaf1:Ethernet1/1", b1: "leaf2:Ethernet1/1" }, "P1");
      expect(good.outcome.channels).toEqual([
        { key: expect.any(String), title: "leaf1:Ethernet1/1 ↔ leaf2:Ethernet1/1", verdict: "pass", errors: 0, warnings: 0 },
      ]);
      expect(good.outcome.findings).toEqual([]);

      const bad = await updateCable(ctx, { id: good.cable.id, version: 1, typeId: "mpo12-typeA-ff-om4" });
      expect(bad.outcome.channels[0]).toMatchObject({ verdict: "fail", errors: 2 });
      expect(bad.outcome.findings.map((f) => f.code)).toEqual(["POLARITY_RX_TO_RX", "POLARITY_TX_TO_TX"]);
      expect(bad.outcome.findings[1]!.message).toMatch(/^Between leaf[12]:Ethernet1\/1 and leaf[12]:Ethernet1\/1 transmitters face transmitters \(Tx lane 1 \(MDI 1\)/);
      expect(await codes(ctx, p.siteId)).toEqual(["POLARITY_RX_TO_RX", "POLARITY_TX_TO_TX"]);
      const [channel] = await ctx.db.select().from(channelJudgements).where(eq(channelJudgements.siteId, p.siteId));
      expect(channel).toMatchObject({ verdict: "fail", fibers: 8, title: "leaf1:Ethernet1/1 ↔ leaf2:Ethernet1/1" });
      await expectAgreement(ctx, p.siteId);

      const fixed = await updateCable(ctx, { id: good.cable.id, version: 2, typeId: "mpo12-typeB-ff-om4" });
      expect(fixed.outcome.channels[0]!.verdict).toBe("pass");
      expect(await codes(ctx, p.siteId)).toEqual([]);
      await expectAgreement(ctx, p.siteId);
    }));

  it("follows a channel through cassettes and a trunk, and splits it when a cord is unplugged", () =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site();
      await p.lowLossPair();
      await p.cable("lc-ab-om4-ll", 2, { a1: "leaf1:Ethernet1/1", b1: "pp1:1/1" }, "N1");
      const far = await p.cable("lc-aa-om4-ll", 2, { a1: "pp2:1/1", b1: "leaf2:Ethernet1/1" }, "F1");
      expect(far.outcome.channels.map((c) => [c.title, c.verdict])).toEqual([["leaf1:Ethernet1/1 ↔ leaf2:Ethernet1/1", "pass"]]);
      await expectAgreement(ctx, p.siteId);

      // Method A needs one A-to-B and one A-to-A cord: two A-to-B cords cross twice (R6).
      const wrong = await p.cable("lc-ab-om4-ll", 2, { a1: "leaf1:Ethernet1/2", b1: "pp1:1/2" }, "N2");
      const wrongFar = await p.cable("lc-ab-om4-ll", 2, { a1: "pp2:1/2", b1: "leaf2:Ethernet1/2" }, "F2");
      expect(wrongFar.outcome.findings.map((f) => f.code)).toEqual(["POLARITY_RX_TO_RX", "POLARITY_TX_TO_TX"]);
      await expectAgreement(ctx, p.siteId);

      const out = await unplugCable(ctx, { id: wrong.cable.id, version: 1, connector: "b1" });
      expect(out.outcome.findings.map((f) => f.code)).toEqual(["POLARITY_OPEN_CABLE_END", "POLARITY_OPEN_PORT"]);
      await expectAgreement(ctx, p.siteId);
      await plugCable(ctx, { id: wrong.cable.id, version: 2, connector: "b1", portId: p.port("pp1:1/2") });
      await expectAgreement(ctx, p.siteId);
      await deleteCable(ctx, { id: wrongFar.cable.id, version: 1 });
      await expectAgreement(ctx, p.siteId);
      // Renaming a device rewords its findings; moving it files them under its new rack.
      await updateDevice(ctx, { id: p.devices.get("leaf1")!, version: 1, name: "leaf1-new", rackId: p.racks.get("A02")!, uPosition: 20 });
      await expectAgreement(ctx, p.siteId);
      const [f] = await ctx.db.select().from(findings).where(eq(findings.siteId, p.siteId));
      expect(f?.message).toContain("leaf1-new:Ethernet1/2");
    }));

  it("refuses a second connector in a port side, a cord into an empty cage, and a family mismatch unless confirmed", () =>
    t.rollback(async (ctx) => {
      const p = await r1(ctx);
      await p.switch("spine1", "A01", 30, 1);
      await p.panel("pp1", "A01", 20, { adapters: [2, "MPO-12", "A"] });
      await p.cable("mpo12-typeB-ff-om4", 3, { a1: "leaf1:Ethernet1/1", b1: "pp1:1" }, "P1");
      const taken = await p.cable("mpo12-typeB-ff-om4", 3, { a1: "leaf2:Ethernet1/1", b1: "pp1:1@front" }, "P2").catch((e: unknown) => e);
      expect(taken).toBeInstanceOf(ServiceError);
      expect((taken as ServiceError).code).toBe("CONFLICT");
      expect((taken as ServiceError).fields["ends.1.portId"]).toBe("The front of pp1:1 already holds cable P1 (b1).");

      const empty = (await p.cable("mpo12-typeB-ff-om4", 3, { a1: "spine1:Ethernet1/1", b1: "pp1:2" }).catch((e: unknown) => e)) as ServiceError;
      expect(empty.fields["ends.0.portId"]).toBe("spine1:Ethernet1/1 has no transceiver: install one before plugging a cord into it.");

      const mpo16 = (await p.cable("mpo16-typeB-ff-om4", 3, { a1: "leaf2:Ethernet1/1", b1: "pp1:2" }).catch((e: unknown) => e)) as ServiceError;
      expect(mpo16.fields["ends.0.portId"]).toMatch(/^Connector a1 is MPO-16 and leaf2:Ethernet1\/1 takes MPO-12: they do not mate. Confirm/);
      expect(mpo16.fields["ends.1.portId"]).toMatch(/^Connector b1 is MPO-16 and pp1:2 takes MPO-12/);
      const confirmed = await p.cable("mpo16-typeB-ff-om4", 3, { a1: "leaf2:Ethernet1/1", b1: "pp1:2" }, "P16", true);
      expect(confirmed.outcome.findings.map((f) => f.code)).toContain("CONNECTOR_FAMILY_MISMATCH");
      await expectAgreement(ctx, p.siteId);
    }));
});
