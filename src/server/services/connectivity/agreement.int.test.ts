import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { Plant } from "../../../../test/plant";
import { useTestDatabase } from "../../../../test/db";
import { rng } from "../../../../test/rng";
import { cablePlugs, cables, devices, transceivers } from "../../db/schema";
import { createCable } from "../cables/create-cable";
import { deleteCable } from "../cables/delete-cable";
import { plugCable } from "../cables/plug-cable";
import { unplugCable } from "../cables/unplug-cable";
import { updateCable } from "../cables/update-cable";
import { updateDevice } from "../devices/update-device";
import { ServiceError } from "../errors";
import { updateTransceiver } from "../transceivers/update-transceiver";
import { storedAndFresh } from "./agreement";

const t = useTestDatabase();

const MPO_CORDS = ["mpo12-typeA-ff-om4", "mpo12-typeB-ff-om4", "mpo12-typeC-ff-om4", "mpo12-typeB-mf-om4", "mpo12-typeB-ff-om3"];
const LC_CORDS = ["lc-ab-om4", "lc-aa-om4", "lc-ab-om3"];
const SR4_TYPES = ["qsfp28-100gbase-sr4", "qsfp28-100g-psm4", "qsfpp-40gbase-sr4"];

type Ctx = Parameters<Parameters<typeof t.rollback>[0]>[0];
type Rng = ReturnType<typeof rng>;
type Cable = typeof cables.$inferSelect;

/**
 * Runs 24 random changes on a site; after each (carried out or refused) the stored judgements must
 * equal judging the whole site from scratch. `change` makes one change from the site's cables and
 * says what it did in `said`; most of the sequence must be carried out, not refused.
 */
async function changesAgree(ctx: Ctx, siteId: string, change: (all: Cable[], step: number, said: string[]) => Promise<void>) {
  const steps: string[] = [];
  for (let step = 0; step < 24; step++) {
    const all = await ctx.db.select().from(cables).where(eq(cables.siteId, siteId)).orderBy(cables.label);
    try {
      await change(all, step, steps);
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      steps.push(`  refused: ${err.message}`);
    }
    const { stored, fresh } = await storedAndFresh(ctx.db, siteId);
    expect(stored, steps.join("\n")).toEqual(fresh);
  }
  expect(steps.filter((s) => !s.startsWith("  refused")).length).toBeGreaterThan(12);
}

/** A cord of one of `cords` between two of `ends`, 1 … `maxM` m long. */
async function createCord(ctx: Ctx, p: Plant, r: Rng, said: string[], ends: readonly string[], cords: readonly string[], maxM: number, label: string) {
  const a = r.pick(ends);
  const b = r.pick(ends.filter((e) => e !== a));
  const typeId = r.pick(cords);
  said.push(`create ${typeId} ${a} ${b}`);
  await createCable(ctx, {
    siteId: p.siteId,
    typeId,
    lengthM: 1 + Math.floor(r.next() * maxM),
    label,
    ends: [
      { connector: "a1", portId: p.port(a) },
      { connector: "b1", portId: p.port(b) },
    ],
  });
}

/** Unplugs one of the cable's plugged connectors, when it has any. */
async function unplugOne(ctx: Ctx, r: Rng, said: string[], c: Cable) {
  const plugs = await ctx.db.select().from(cablePlugs).where(eq(cablePlugs.cableId, c.id)).orderBy(cablePlugs.connector);
  if (!plugs.length) return;
  const pl = r.pick(plugs);
  said.push(`unplug ${c.label} ${pl.connector}`);
  await unplugCable(ctx, { id: c.id, version: c.version, connector: pl.connector });
}

/** Deletes the cable `c`. */
async function deleteOne(ctx: Ctx, said: string[], c: Cable) {
  said.push(`delete ${c.label}`);
  await deleteCable(ctx, { id: c.id, version: c.version });
}

/** Plugs the B end of the cable `c` into the port `to`. */
async function plugB(ctx: Ctx, p: Plant, said: string[], c: Cable, to: string) {
  said.push(`plug ${c.label} b1 ${to}`);
  await plugCable(ctx, { id: c.id, version: c.version, connector: "b1", portId: p.port(to) });
}

/** Replaces the optic in one of the `cages` by one of `types`. */
async function swapOptic(ctx: Ctx, p: Plant, r: Rng, said: string[], cages: readonly string[], types: readonly string[]) {
  const [x] = await ctx.db.select().from(transceivers).where(eq(transceivers.portId, p.port(r.pick(cages))));
  const typeId = r.pick(types);
  said.push(`optic ${typeId}`);
  await updateTransceiver(ctx, { id: x!.id, version: x!.version, typeId });
}

describe("incremental judgements agree with judging the whole site from scratch", () => {
  it.each([1, 2, 3])("after every change of a random sequence (seed %i)", (seed) =>
    t.rollback(async (ctx) => {
      const r = rng(seed);
      const p = await new Plant(ctx).site();
      await p.rack("A01");
      await p.rack("A02");
      await p.switch("leaf1", "A01", 40, 4, "qsfp28-100gbase-sr4");
      await p.switch("leaf2", "A02", 40, 4, "qsfp28-100gbase-sr4");
      await p.switch("tor1", "A01", 30, 4, "sfp28-25gbase-sr");
      await p.switch("tor2", "A02", 30, 4, "sfp28-25gbase-sr");
      await p.panel("mpo1", "A01", 20, { adapters: [4, "MPO-12", "A"] });
      await p.panel("mpo2", "A02", 20, { adapters: [4, "MPO-12", "B"] });
      await p.panel("cas1", "A01", 18, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4", "cas-mpo12-6xlc-u1-m-om4"] });
      await p.panel("cas2", "A02", 18, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4", "cas-mpo12-6xlc-methodB-m-om4"] });
      await p.cable("mpo12-typeA-ff-om4", 30, { a1: "cas1:1/R", b1: "cas2:1/R" }, "T1");
      await p.cable("trunk-2xmpo12-typeB-mm-om4", 30, { a1: "mpo1:1@rear", b1: "mpo2:1@rear", a2: "mpo1:2@rear", b2: "mpo2:2@rear" }, "T2");

      const mpoEnds = ["leaf1:Ethernet1/1", "leaf1:Ethernet1/2", "leaf1:Ethernet1/3", "leaf2:Ethernet1/1", "leaf2:Ethernet1/2", "mpo1:1", "mpo1:2", "mpo1:3", "mpo2:1", "mpo2:2", "mpo2:3"];
      const lcEnds = ["tor1:Ethernet1/1", "tor1:Ethernet1/2", "tor1:Ethernet1/3", "tor2:Ethernet1/1", "tor2:Ethernet1/2", "tor2:Ethernet1/3", "cas1:1/1", "cas1:1/2", "cas1:2/1", "cas2:1/1", "cas2:1/2", "cas2:2/1"];
      await changesAgree(ctx, p.siteId, async (all, step, said) => {
        const pick = r.next();
        if (pick < 0.4 || all.length < 3) {
          const lc = r.next() < 0.5;
          await createCord(ctx, p, r, said, lc ? lcEnds : mpoEnds, lc ? LC_CORDS : MPO_CORDS, 20, `C${step}`);
        } else if (pick < 0.55) {
          await deleteOne(ctx, said, r.pick(all.filter((x) => x.label !== "T1" && x.label !== "T2")));
        } else if (pick < 0.7) {
          await unplugOne(ctx, r, said, r.pick(all));
        } else if (pick < 0.8) {
          const c = r.pick(all);
          const lc = c.typeId.startsWith("lc");
          await plugB(ctx, p, said, c, r.pick(lc ? lcEnds : mpoEnds));
        } else if (pick < 0.9) {
          const c = r.pick(all.filter((x) => x.label !== "T2"));
          const typeId = r.pick(c.typeId.startsWith("lc") ? LC_CORDS : MPO_CORDS);
          said.push(`retype ${c.label} ${typeId}`);
          await updateCable(ctx, { id: c.id, version: c.version, typeId, lengthM: 1 + Math.floor(r.next() * 150) });
        } else if (pick < 0.95) {
          await swapOptic(ctx, p, r, said, ["leaf1:Ethernet1/1", "leaf2:Ethernet1/1", "leaf1:Ethernet1/2"], SR4_TYPES);
        } else {
          said.push("rename leaf2");
          const id = p.devices.get("leaf2")!;
          const [d] = await ctx.db.select().from(devices).where(eq(devices.id, id));
          await updateDevice(ctx, { id, version: d!.version, name: `leaf2-${step}` });
        }
      });
    }),
  );

  it.each([4, 5, 7, 9, 15])("with a CWDM mux/demux pair and taps on the way (seed %i)", (seed) =>
    t.rollback(async (ctx) => {
      const r = rng(seed);
      const p = await new Plant(ctx).site();
      await p.rack("A01");
      await p.rack("A02");
      await p.switch("w1", "A01", 40, 3, "sfpp-10g-cwdm-1471");
      await p.switch("w2", "A02", 40, 3, "sfpp-10g-cwdm-1491");
      await p.switch("g1", "A01", 30, 3, "sfpp-10gbase-lr");
      await p.switch("g2", "A02", 30, 3, "sfpp-10gbase-lr");
      await p.panel("mux1", "A01", 18, { cassettes: ["cwdm-8ch-1471-lc-os2", "tap-50-50-lc-os2"] });
      await p.panel("mux2", "A02", 18, { cassettes: ["cwdm-8ch-1471-lc-os2", "tap-70-30-lc-os2"] });
      await p.cable("lc-ab-os2", 5000, { a1: "mux1:1/LINE", b1: "mux2:1/LINE" }, "LINE");
      await p.cable("lc-ab-os2", 2, { a1: "w1:Ethernet1/1", b1: "mux1:1/1471" }, "W1");
      await p.cable("lc-ab-os2", 2, { a1: "w2:Ethernet1/1", b1: "mux2:1/1491" }, "W2");
      await p.cable("lc-ab-os2", 2, { a1: "g1:Ethernet1/1", b1: "mux1:2/NET-A" }, "G1");
      await p.cable("lc-ab-os2", 2, { a1: "g2:Ethernet1/1", b1: "mux1:2/NET-B" }, "G2");
      await p.cable("lc-ab-os2", 2, { a1: "g1:Ethernet1/3", b1: "mux1:2/MON-A" }, "M1");

      const ends = [
        "w1:Ethernet1/1", "w1:Ethernet1/2", "w2:Ethernet1/1", "w2:Ethernet1/2", "g1:Ethernet1/2", "g2:Ethernet1/2", "g2:Ethernet1/3",
        "mux1:1/1471", "mux1:1/1491", "mux1:1/1511", "mux2:1/1471", "mux2:1/1491", "mux1:1/LINE", "mux2:1/LINE",
        "mux1:2/NET-A", "mux1:2/NET-B", "mux1:2/MON-B", "mux2:2/NET-A", "mux2:2/NET-B", "mux2:2/MON-A", "mux2:2/MON-B",
      ];
      const CORDS = ["lc-ab-os2", "lc-aa-os2"];
      await changesAgree(ctx, p.siteId, async (all, step, said) => {
        const pick = r.next();
        if (pick < 0.45 || all.length < 3) {
          await createCord(ctx, p, r, said, ends, CORDS, 2000, `C${step}`);
        } else if (pick < 0.6) {
          await deleteOne(ctx, said, r.pick(all));
        } else if (pick < 0.75) {
          await unplugOne(ctx, r, said, r.pick(all));
        } else if (pick < 0.9) {
          await plugB(ctx, p, said, r.pick(all), r.pick(ends));
        } else {
          await swapOptic(ctx, p, r, said, ["w1:Ethernet1/1", "w2:Ethernet1/1", "g1:Ethernet1/1"], ["sfpp-10g-cwdm-1471", "sfpp-10g-cwdm-1491", "sfpp-10gbase-lr"]);
        }
      });
    }),
    120_000,
  );
});
