import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/db";
import { Plant } from "../../../../test/plant";
import { storedAndFresh } from "./agreement";
import { judgeSiteRows, type WholeSiteProgress } from "./whole-site";

const t = useTestDatabase();

describe("judging a whole site", () => {
  it.each([
    ["in place", false],
    ["in a worker thread", true],
  ])("gives the engine's judgement %s, with progress as it reads, judges and stores", (_how, worker) =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site();
      await p.rack("A01");
      await p.rack("A02");
      await p.switch("leaf1", "A01", 40, 4, "sfp28-25gbase-sr");
      await p.switch("leaf2", "A02", 40, 4, "sfp28-25gbase-sr");
      await p.panel("cas1", "A01", 18, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4", "cas-mpo12-6xlc-methodB-m-om4"] });
      await p.panel("cas2", "A02", 18, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4", "cas-mpo12-6xlc-methodB-m-om4"] });
      await p.cable("mpo12-typeA-ff-om4", 30, { a1: "cas1:1/R", b1: "cas2:1/R" }, "T1");
      await p.cable("mpo12-typeB-ff-om4", 30, { a1: "cas1:2/R", b1: "cas2:2/R" }, "T2");
      for (const k of [1, 2, 3]) {
        await p.cable("lc-ab-om4", 2, { a1: `leaf1:Ethernet1/${k}`, b1: `cas1:1/${k}` }, `N${k}`);
        await p.cable(k === 2 ? "lc-ab-om4" : "lc-aa-om4", 2, { a1: `cas2:1/${k}`, b1: `leaf2:Ethernet1/${k}` }, `F${k}`);
      }
      // Stored rows spoiled on purpose: the whole-site judgement replaces them all.
      await ctx.db.execute("update channel_judgements set verdict = 'pass', ports = '{}'" as never);
      const seen: WholeSiteProgress[] = [];
      const counts = await judgeSiteRows(ctx.db, p.siteId, (x) => seen.push(x), { worker });
      const { stored, fresh } = await storedAndFresh(ctx.db, p.siteId);
      expect(stored).toEqual(fresh);
      expect(counts).toEqual({ channels: fresh.channels.length, findings: fresh.findings.length });
      expect(fresh.channels.some((c) => c.includes(" fail "))).toBe(true);
      expect(new Set(seen.map((x) => x.step))).toEqual(new Set(["reading the plant", "judging channels", "storing channels"]));
    }),
    60_000,
  );
});
