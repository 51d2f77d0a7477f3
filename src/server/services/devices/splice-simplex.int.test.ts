/**
 * Splice trays and simplex adapters through the services: ports made from the new families (one
 * position each), a spliced cable and simplex cords plugged in, and the stored channel judged and
 * traced with its splices.
 *
 *   [leaf1 lr] --lc ab-- {pp1 bay 1: splice-6xlc-os2} ~~ spliced 12 f, 800 m ~~ {pp2 bay 1}
 *       --fan-out LC → 2 x SC simplex--  |pp3: SC simplex 1, 2|  --SC simplex cords--  |pp4: SC simplex 1, 2|
 *       --fan-out 2 x SC simplex → LC-- [leaf2 lr]
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { Plant } from "../../../../test/plant";
import { useTestDatabase } from "../../../../test/db";
import { ports } from "../../db/schema";
import { tracePort } from "../connectivity/trace-port";
import { createDevice } from "./create-device";
import { installModule } from "./install-module";

const t = useTestDatabase();

describe("splice trays and simplex adapters", () => {
  it("are made with one position per port, cabled, and judged with the splice loss", () =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site();
      await p.rack("A01");
      await p.switch("leaf1", "A01", 40, 1, "sfpp-10gbase-lr");
      await p.switch("leaf2", "A01", 39, 1, "sfpp-10gbase-lr");
      const pp1 = await p.panel("pp1", "A01", 30, { cassettes: ["splice-6xlc-os2"] });
      await p.panel("pp2", "A01", 29, { cassettes: ["splice-6xlc-os2"] });
      await p.panel("pp3", "A01", 28, { adapters: [2, "SC-simplex", "A"] });
      await p.panel("pp4", "A01", 27, { adapters: [2, "SC-simplex", "A"] });
      const rows = await ctx.db.select({ name: ports.name, family: ports.family, positions: ports.positions, keyType: ports.keyType }).from(ports).where(eq(ports.deviceId, pp1));
      expect(rows.find((r) => r.name === "1/S1")).toMatchObject({ family: "splice", positions: 1, keyType: "A" });
      expect(rows.find((r) => r.name === "1/1")).toMatchObject({ family: "LC", positions: 2 });
      expect(rows.filter((r) => r.family === "splice")).toHaveLength(12);

      // A plate of ST adapters in a bay: one position each.
      const housing = await createDevice(ctx, { siteId: p.siteId, name: "pp5", role: "panel", bays: 1 });
      await installModule(ctx, { deviceId: housing.id, bay: "1", kind: "plate", family: "ST", keyType: "A", count: 4 });
      const st = await ctx.db.select({ family: ports.family, positions: ports.positions }).from(ports).where(eq(ports.deviceId, housing.id));
      expect(st).toEqual(Array(4).fill({ family: "ST", positions: 1 }));

      await p.cable("lc-ab-os2", 2, { a1: "leaf1:Ethernet1/1", b1: "pp1:1/1" });
      await p.cable("spliced-12f-os2", 800, { a1: "pp1:1/S1", a2: "pp1:1/S2", b1: "pp2:1/S1", b2: "pp2:1/S2" });
      await p.cable("fanout-lc-2xscsimplex-os2", 2, { a1: "pp2:1/1", b1: "pp3:1", b2: "pp3:2" });
      // The A-to-B cord is the one crossing; the simplex cords run straight (pp3:1 to pp4:1).
      await p.cable("scsimplex-os2", 5, { a1: "pp3:1@rear", b1: "pp4:1" });
      const s2 = await p.cable("scsimplex-os2", 5, { a1: "pp3:2@rear", b1: "pp4:2" });
      await p.cable("fanout-lc-2xscsimplex-os2", 2, { a1: "leaf2:Ethernet1/1", b1: "pp4:1@rear", b2: "pp4:2@rear" });

      const tr = await tracePort(ctx, { portId: p.port("leaf1:Ethernet1/1") });
      expect(tr.fibers).toHaveLength(2);
      for (const f of tr.fibers) {
        expect(f.end).toMatchObject({ kind: "transceiver" });
        // Pairs at pp1:1/1, pp2:1/1, pp3, pp4 (4 x 0.75 dB); splices at pp1 and pp2 (2 x 0.3 dB); each fiber 811 m at 0.4 dB/km (one simplex cord each).
        expect(f.matedPairs).toBe(4);
        expect(f.lossDb).toBeCloseTo(4 * 0.75 + 2 * 0.3 + 0.811 * 0.4, 6);
      }
      expect(tr.channel?.verdict).toBe("pass");
      expect(s2).toBeDefined();
    }));
});
