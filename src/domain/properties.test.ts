/**
 * Property tests on random channels (fast-check):
 * - the reversal-parity rule (parallel) and the A/B-crossing rule (duplex) of reference §6 agree
 *   with the full trace;
 * - tracing from either end gives the same verdict, and each fiber traces back to where it began;
 * - a type composed with its inverse is the identity;
 * - on plants with WDMs and a tap, judging any member gives judgeSite's channel, and channelKeysFor
 *   names every channel an edit changes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  SiteBuilder,
  adapterTable,
  composeFibers,
  getBuiltInType,
  channelKeysFor,
  channelPorts,
  invertFibers,
  isIdentity,
  judgeChannel,
  judgeSite,
  listBuiltInTypeIds,
  trace,
  type CableType,
  type Fiber,
  type FindingCode,
  type LossConventions,
  type ModuleType,
} from "./index";
import { linearChannel, type Step } from "./testing";

const LOW_LOSS: LossConventions = { attenuation: "ISO", matedPair: "low-loss" };
const POLARITY: readonly FindingCode[] = ["POLARITY_TX_TO_TX", "POLARITY_RX_TO_RX", "POLARITY_UNUSED_POSITION", "LANES_SWAPPED", "LANE_PAIR_SPLIT"];

// ---------------------------------------------------------------------------------------------
// Random parallel channel:
//   [X sr4] ==t0 F-?== |k1| ==t1 ?-?== |k2| … ==tn ?-F== [Y sr4]
// with genders chosen so that every mating is one pinned, one unpinned.

const polarity = fc.constantFrom("A", "B", "C");
/**
 * At most one Type C element: two Type C maps cancel each other (pair flips commute with
 * reversals), which the §6 cross-check does not foresee; the engine judges such a channel by its
 * trace (see "two Type C cables cancel" below).
 */
const parallelChannel = fc
  .record({
    cables: fc.array(fc.record({ type: polarity, m: fc.integer({ min: 1, max: 20 }), farMale: fc.boolean() }), { minLength: 1, maxLength: 4 }),
    keys: fc.array(fc.constantFrom("A", "B"), { minLength: 3, maxLength: 3 }),
  })
  .filter((s) => s.cables.filter((c) => c.type === "C").length <= 1);

function buildParallel(spec: { cables: { type: string; m: number; farMale: boolean }[]; keys: string[] }) {
  const steps: Step[] = [];
  let nearMale = false; // the optic is pinned: the first cord's near end is unpinned
  spec.cables.forEach((c, i) => {
    const last = i === spec.cables.length - 1;
    const farMale = last ? false : c.farMale;
    if (i > 0) steps.push({ adapter: spec.keys[i - 1] as "A" | "B", family: "MPO-12" });
    const g = `${nearMale ? "m" : "f"}${farMale ? "m" : "f"}`;
    // "fm" is the "mf" type used from its b end
    const slug = `mpo12-type${c.type}-${g === "fm" ? "mf" : g}-om4`;
    steps.push(g === "fm" ? { cable: slug, m: c.m, from: "b1", to: "a1" } : { cable: slug, m: c.m });
    nearMale = !farMale;
  });
  return linearChannel("qsfp28-100gbase-sr4", steps, "qsfp28-100gbase-sr4", { conventions: LOW_LOSS });
}

describe("parallel: reversal parity (§6) agrees with the trace", () => {
  it("passes exactly when Type B cables + Type B adapters are odd and no Type C is in the path", () => {
    fc.assert(
      fc.property(parallelChannel, (spec) => {
        const ch = buildParallel(spec);
        const j = judgeChannel(ch.model, ch.a);
        const adapters = spec.keys.slice(0, spec.cables.length - 1);
        const reversals = spec.cables.filter((c) => c.type === "B").length + adapters.filter((k) => k === "B").length;
        const hasC = spec.cables.some((c) => c.type === "C");
        const oracle = reversals % 2 === 1 && !hasC;
        const codes = j.findings.map((f) => f.code);
        expect(codes.some((c) => POLARITY.includes(c))).toBe(!oracle);
        // No other problem is expected: genders alternate, polish and fiber match, loss is low.
        expect(j.findings.filter((f) => !POLARITY.includes(f.code))).toEqual([]);
        if (!hasC && !oracle) expect(codes).toContain("POLARITY_TX_TO_TX");
      }),
      { numRuns: 300 },
    );
  });

  it("two Type C cables cancel: the trace passes where the §6 cross-check would not", () => {
    const ch = buildParallel({
      cables: [
        { type: "C", m: 1, farMale: false },
        { type: "C", m: 1, farMale: false },
        { type: "B", m: 1, farMale: false },
      ],
      keys: ["A", "A"],
    });
    expect(judgeChannel(ch.model, ch.a).findings).toEqual([]);
  });

  it("gives the same judgement from either end, and every fiber traces back to where it began", () => {
    fc.assert(
      fc.property(parallelChannel, (spec) => {
        const ch = buildParallel(spec);
        expect(judgeChannel(ch.model, ch.b)).toEqual(judgeChannel(ch.model, ch.a));
        const back = new Map(trace(ch.model, ch.b).fibers.map((f) => [f.start.position, f]));
        for (const f of trace(ch.model, ch.a).fibers) {
          if (f.end.kind !== "transceiver") continue;
          const r = back.get(f.end.position)!;
          expect(r.end).toMatchObject({ kind: "transceiver", portId: ch.a, position: f.start.position });
          expect([r.lengthM, r.lossDb, r.matedPairs]).toEqual([f.lengthM, f.lossDb, f.matedPairs]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Random duplex channel in the TIA model:
//   [X 10g-sr] --cord1-- {cas} port k ==trunk F-F== {cas} ports 1..6 --cord2-- [Y1..Y6 10g-sr]
// Oracle (§6 and §7): A↔B crossings = A-to-B cords + a crossed permanent link, where the link
// is crossed when its Type B elements (trunk, rear adapters) plus Type C trunks are odd.

const duplexChannel = fc.record({
  cord1: fc.constantFrom("ab", "aa"),
  cord2: fc.constantFrom("ab", "aa"),
  universal: fc.boolean(),
  key1: fc.constantFrom("A", "B"),
  key2: fc.constantFrom("A", "B"),
  trunk: fc.constantFrom("A", "B", "C"),
  port: fc.integer({ min: 1, max: 6 }),
});

const MODULE_SLUG: Record<string, string> = { "false-A": "methodA", "false-B": "methodB", "true-A": "u1", "true-B": "u2" };

describe("duplex: A↔B crossings (§6) agree with the trace", () => {
  it("passes exactly when the crossings are odd", () => {
    fc.assert(
      fc.property(
        duplexChannel.filter((d) => !(d.universal && d.trunk === "C")),
        (d) => {
          const b = new SiteBuilder({ id: "dx", conventions: LOW_LOSS });
          b.device("X", "switch").device("Y", "switch").device("p1", "panel").device("p2", "panel");
          const x = b.cage("X", "1", "sfpp-10gbase-sr");
          b.module("p1", "1", `cas-mpo12-6xlc-${MODULE_SLUG[`${d.universal}-${d.key1}`]}-m-om4`);
          b.module("p2", "1", `cas-mpo12-6xlc-${MODULE_SLUG[`${d.universal}-${d.key2}`]}-m-om4`);
          b.cable("cord1", `lc-${d.cord1}-om4`, 2, { a1: x, b1: `p1:1/${d.port}` });
          b.cable("trunk", `mpo12-type${d.trunk}-ff-om4`, 30, { a1: "p1:1/R", b1: "p2:1/R" });
          for (let k = 1; k <= 6; k++) {
            const y = b.cage("Y", String(k), "sfpp-10gbase-sr");
            b.cable(`cord2-${k}`, `lc-${d.cord2}-om4`, 2, { a1: `p2:1/${k}`, b1: y });
          }
          const j = judgeChannel(b.build(), x);
          const typeB = (d.trunk === "B" ? 1 : 0) + (d.key1 === "B" ? 1 : 0) + (d.key2 === "B" ? 1 : 0);
          const linkCrossed = (typeB + (d.trunk === "C" ? 1 : 0)) % 2 === 1;
          const crossings = (d.cord1 === "ab" ? 1 : 0) + (d.cord2 === "ab" ? 1 : 0) + (linkCrossed ? 1 : 0);
          const codes = j.findings.map((f) => f.code);
          expect(codes.some((c) => POLARITY.includes(c)), JSON.stringify({ d, codes })).toBe(crossings % 2 === 0);
          expect(j.members).toHaveLength(2);
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Inverses

describe("a type composed with its inverse is the identity", () => {
  // A WDM's clients share its line positions: many to one, so not invertible (see the WDM properties).
  const cableAndModuleIds = listBuiltInTypeIds().filter((id) => {
    const t = getBuiltInType(id);
    return t?.kind === "cable" || (t?.kind === "module" && !t.wdm);
  });

  it("for every built-in cable and module type", () => {
    fc.assert(
      fc.property(fc.constantFrom(...cableAndModuleIds), (id) => {
        const t = getBuiltInType(id) as CableType | ModuleType;
        const there = composeFibers(t.fibers, invertFibers(t.fibers));
        expect(there).toHaveLength(t.fibers.length);
        expect(isIdentity(there)).toBe(true);
        expect(isIdentity(composeFibers(invertFibers(t.fibers), t.fibers))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("for random one-to-one maps, and the map composed with itself is not (unless an involution)", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], { minLength: 12, maxLength: 12 }), (perm) => {
        const fibers: Fiber[] = perm.map((q, i) => ({ a: { connector: "x", position: i + 1 }, b: { connector: "x", position: q } }));
        expect(isIdentity(composeFibers(fibers, invertFibers(fibers)))).toBe(true);
        const involution = perm.every((q, i) => perm[q - 1] === i + 1);
        expect(isIdentity(composeFibers(fibers, fibers))).toBe(involution);
      }),
    );
  });

  it("for adapters: any adapter mated twice gives the positions back, on one and two rows", () => {
    for (const family of ["LC", "MPO-8", "MPO-12", "MPO-16", "MPO-24", "MPO-32"] as const)
      for (const key of ["A", "B"] as const) {
        const t = adapterTable(family, key);
        for (let p = 1; p < t.length; p++) expect(t[t[p]!], `${family} ${key} ${p}`).toBe(p);
      }
  });
});

// ---------------------------------------------------------------------------------------------
// Random plants with a CWDM mux/demux pair and a tap: cords laid at random between optics (coloured
// and grey), the WDMs' clients and lines and the tap's ports. Judging any member of a channel gives
// the channel judgeSite gives, and the channels a removed cord changes are among those
// channelKeysFor names for it before and for its ports after (what the app re-judges after an edit).

const WDM_ENDS = [
  "W1:1", "W1:2", "W2:1", "W2:2", "G1:1", "G1:2", "G2:1", "TL:1",
  "M1:1/1471", "M1:1/1491", "M1:1/1511", "M1:1/LINE", "M2:1/1471", "M2:1/1491", "M2:1/LINE",
  "T:1/NET-A", "T:1/NET-B", "T:1/MON-A", "T:1/MON-B",
  // A cage with no optic in it: a fiber ends there.
  "E:1",
];

function wdmPlant(cords: readonly { a: number; b: number; aa: boolean; m: number }[], skip = -1) {
  const b = new SiteBuilder({ id: "wdm" });
  for (const d of ["W1", "W2", "G1", "G2", "TL", "E"]) b.device(d, "switch");
  b.cage("E", "1");
  b.device("M1", "panel").device("M2", "panel").device("T", "panel");
  const cages: [string, string, string][] = [
    ["W1", "1", "sfpp-10g-cwdm-1471"],
    ["W1", "2", "sfpp-10g-cwdm-1491"],
    ["W2", "1", "sfpp-10g-cwdm-1471"],
    ["W2", "2", "sfpp-10g-cwdm-1511"],
    ["G1", "1", "sfpp-10gbase-lr"],
    ["G1", "2", "sfpp-10gbase-lr"],
    ["G2", "1", "sfpp-10gbase-lr"],
    ["TL", "1", "sfpp-10gbase-lr"],
  ];
  for (const [d, n, x] of cages) b.cage(d, n, x);
  b.module("M1", "1", "cwdm-8ch-1471-lc-os2");
  b.module("M2", "1", "cwdm-8ch-1471-lc-os2");
  b.module("T", "1", "tap-50-50-lc-os2");
  // Each end takes one cord: the first that names it (the same cords whichever one is left out).
  const used = new Set<number>();
  cords.forEach((c, i) => {
    if (c.a === c.b || used.has(c.a) || used.has(c.b)) return;
    used.add(c.a).add(c.b);
    if (i !== skip) b.cable(`c${i}`, c.aa ? "lc-aa-os2" : "lc-ab-os2", c.m, { a1: WDM_ENDS[c.a]!, b1: WDM_ENDS[c.b]! });
  });
  return b.build();
}

const wdmCords = fc.array(
  fc.record({ a: fc.integer({ min: 0, max: WDM_ENDS.length - 1 }), b: fc.integer({ min: 0, max: WDM_ENDS.length - 1 }), aa: fc.boolean(), m: fc.integer({ min: 1, max: 3000 }) }),
  { minLength: 2, maxLength: 12 },
);

describe("WDM and taps: every way of judging agrees", () => {
  it("judging any member gives judgeSite's channel", () => {
    fc.assert(
      fc.property(wdmCords, (cords) => {
        const model = wdmPlant(cords);
        for (const ch of judgeSite(model).channels)
          for (const m of ch.members) expect(judgeChannel(model, m), `${m} of ${ch.key}`).toEqual(ch);
      }),
      { numRuns: 400 },
    );
  });

  it("the ports judgeSite takes from its walk are channelPorts of the members", () => {
    fc.assert(
      fc.property(wdmCords, (cords) => {
        const model = wdmPlant(cords);
        const plain = judgeSite(model);
        const withPorts = judgeSite(model, { ports: true });
        plain.channels.forEach((ch, i) => {
          const { ports, ...rest } = withPorts.channels[i]!;
          expect(rest).toEqual(ch);
          expect(new Set(ports), ch.key).toEqual(new Set(channelPorts(model, ch.members)));
          expect(ports!.length, `${ch.key}: each port once`).toBe(new Set(ports).size);
        });
      }),
      { numRuns: 400 },
    );
  });

  it("a removed cord changes only channels channelKeysFor names", () => {
    fc.assert(
      fc.property(wdmCords, fc.nat(), (cords, pick) => {
        const before = wdmPlant(cords);
        if (before.cables.length === 0) return;
        const cable = before.cables[pick % before.cables.length]!;
        const after = wdmPlant(cords, Number(cable.id.slice(1)));
        const ports = before.plugs.filter((p) => p.cableId === cable.id).map((p) => p.portId);
        const named = new Set([...channelKeysFor(before, { cableId: cable.id }), ...ports.flatMap((portId) => channelKeysFor(after, { portId }))]);
        const text = (s: ReturnType<typeof judgeSite>) => new Map(s.channels.map((c) => [c.key, JSON.stringify(c)]));
        const a = text(judgeSite(before));
        const b = text(judgeSite(after));
        for (const k of new Set([...a.keys(), ...b.keys()])) if (a.get(k) !== b.get(k)) expect(named.has(k), `${k} changed but was not named`).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
