import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/db";
import { rng } from "../../../../test/rng";
import { Plant } from "../../../../test/plant";
import { channelPorts, judgeChannel, judgeSite, trace } from "../../../domain";
import { cablePlugs, cables } from "../../db/schema";
import { createCable } from "../cables/create-cable";
import { deleteCable } from "../cables/delete-cable";
import { plugCable } from "../cables/plug-cable";
import { unplugCable } from "../cables/unplug-cable";
import { updateCable } from "../cables/update-cable";
import { ServiceError } from "../errors";
import { storedAndFresh } from "./agreement";
import { buildModel } from "./build-model";
import { fibersFrom, loadFiberPart } from "./fiber-part";
import { loadModelRows } from "./model-rows";

const t = useTestDatabase();
/** What the random plants held, over all seeds: the test must have met loops and meshes. */
const seen = new Set<string>();
afterAll(() => expect([...seen].sort()).toEqual(["loop", "mesh"]));

const CHAINS = 3;
const CASSETTES = ["cas-mpo12-6xlc-methodA-m-om4", "cas-mpo12-6xlc-methodB-m-om4", "cas-mpo12-6xlc-u1-m-om4"];
const TRUNKS = ["mpo12-typeA-ff-om4", "mpo12-typeB-ff-om4"];
const CORDS = ["lc-ab-om4", "lc-aa-om4", "lc-ab-om3"];

/**
 * Leaf/spine chains (leaf → cord → cassette → trunk → cassette → cross-connect → cassette → trunk →
 * cassette → cord → spine), then random changes that patch cassette fronts of one chain to another
 * (a mesh), to the same chain (loops of dark fiber), unplug, retype and delete. After every change
 * the stored judgements must equal judging the whole site from scratch, and the trace and channel
 * judgement of random ports on the part loaded along the fibers must equal those on the whole site.
 */
describe("judging along the fibers agrees with the whole site, meshes and loops included", () => {
  it.each([11, 12, 13, 14])("random meshed plant (seed %i)", (seed) =>
    t.rollback(async (ctx) => {
      const r = rng(seed);
      const p = await new Plant(ctx).site();
      const fronts = await p.leafSpineChains(r, CHAINS, { cassettes: CASSETTES, trunks: TRUNKS });
      const ports = [...fronts, ...Array.from({ length: CHAINS * 2 }, (_, i) => `leaf:Ethernet1/${i + 1}`)];
      const steps: string[] = [];
      let label = 0;
      for (let step = 0; step < 30; step++) {
        // In one order on every driver: the same seed makes the same plant.
        const all = await ctx.db.select().from(cables).where(eq(cables.siteId, p.siteId)).orderBy(cables.label);
        const pick = r.next();
        try {
          if (pick < 0.12) {
            // Patch a front back to where its own fiber comes out: a loop of dark fiber.
            const whole = buildModel((await loadModelRows(ctx.db, p.siteId, null))!);
            const a = r.pick(fronts);
            const end = trace(whole.model, p.port(a), { side: "front" }).fibers[0]?.end;
            const b = end?.kind === "open-port" && end.side === "front" ? fronts.find((f) => p.port(f) === end.portId) : undefined;
            if (b && b !== a) {
              steps.push(`loop lc-aa-om4 ${a} ${b}`);
              await createCable(ctx, { siteId: p.siteId, typeId: "lc-aa-om4", lengthM: 2, label: `M${label++}`, ends: [{ connector: "a1", portId: p.port(a) }, { connector: "b1", portId: p.port(b) }] });
            }
          } else if (pick < 0.5) {
            const a = r.pick(fronts);
            const b = r.pick(fronts.filter((x) => x !== a));
            const typeId = r.pick(CORDS);
            steps.push(`patch ${typeId} ${a} ${b}`);
            await createCable(ctx, { siteId: p.siteId, typeId, lengthM: 2, label: `M${label++}`, ends: [{ connector: "a1", portId: p.port(a) }, { connector: "b1", portId: p.port(b) }] });
          } else if (pick < 0.65) {
            const c = r.pick(all.filter((x) => !x.label.startsWith("T")));
            steps.push(`delete ${c.label}`);
            await deleteCable(ctx, { id: c.id, version: c.version });
          } else if (pick < 0.8) {
            const c = r.pick(all);
            const plugs = await ctx.db.select().from(cablePlugs).where(eq(cablePlugs.cableId, c.id)).orderBy(cablePlugs.connector);
            if (plugs.length) {
              const pl = r.pick(plugs);
              steps.push(`unplug ${c.label} ${pl.connector}`);
              await unplugCable(ctx, { id: c.id, version: c.version, connector: pl.connector });
            }
          } else if (pick < 0.9) {
            const c = r.pick(all.filter((x) => x.typeId.startsWith("lc")));
            const to = r.pick(fronts);
            steps.push(`plug ${c.label} b1 ${to}`);
            await plugCable(ctx, { id: c.id, version: c.version, connector: "b1", portId: p.port(to) });
          } else {
            const c = r.pick(all);
            const typeId = r.pick(c.typeId.startsWith("lc") ? CORDS : TRUNKS);
            steps.push(`retype ${c.label} ${typeId}`);
            await updateCable(ctx, { id: c.id, version: c.version, typeId, lengthM: 1 + Math.floor(r.next() * 120) });
          }
        } catch (err) {
          if (!(err instanceof ServiceError)) throw err;
          steps.push(`  refused: ${err.message}`);
        }
        const { stored, fresh } = await storedAndFresh(ctx.db, p.siteId);
        expect(stored, steps.join("\n")).toEqual(fresh);
        for (const f of fresh.findings) if (f.startsWith("TRACE_LOOP")) seen.add("loop");
        // A channel whose ends are a leaf port and a spine port of another chain: a mesh.
        for (const c of fresh.channels) if (/leaf:Ethernet1\/(\d+) ↔ spine:Ethernet1\/(\d+)$/.test(c) && Math.ceil(+RegExp.$1 / 2) !== Math.ceil(+RegExp.$2 / 2)) seen.add("mesh");

        // The fast trace: the part loaded along the fibers gives the whole site's trace and verdict.
        const whole = buildModel((await loadModelRows(ctx.db, p.siteId, null))!);
        // A channel's ports as stored (walked without hops) are the ports its traced fibers cross.
        for (const c of judgeSite(whole.model, { ports: true }).channels) {
          const traced = new Set<string>(c.members);
          for (const m of c.members)
            for (const f of trace(whole.model, m).fibers) {
              for (const h of f.hops) if (h.kind === "adapter") traced.add(h.portId);
              if ("portId" in f.end && f.end.portId) traced.add(f.end.portId);
            }
          expect(new Set(channelPorts(whole.model, c.members))).toEqual(traced);
          // And judgeSite's own walk of the channel finds the same.
          expect(new Set(c.ports)).toEqual(traced);
        }
        for (const name of [r.pick(ports), r.pick(ports)]) {
          const id = p.port(name);
          const part = await loadFiberPart(ctx.db, p.siteId, [id], { channelsThrough: [id], reached: (cs) => fibersFrom(cs, [id]) });
          for (const side of ["front", "rear"] as const) {
            if (side === "rear" && name.startsWith("leaf")) continue;
            expect(trace(part!.compiled, id, { side }).fibers, `${steps.join("\n")}\ntrace ${name} ${side}`).toEqual(trace(whole.model, id, { side }).fibers);
          }
          if (name.startsWith("leaf")) expect(judgeChannel(part!.compiled, id)).toEqual(judgeChannel(whole.model, id));
        }
      }
      expect(steps.filter((s) => s.startsWith("patch")).length).toBeGreaterThan(5);
    }),
    180_000,
  );
});
