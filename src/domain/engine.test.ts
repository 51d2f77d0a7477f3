/**
 * Engine behaviour beyond the reference table: loss conventions (§10), reach, breakouts and
 * lanes, open and broken fibers, loops, model problems, channel keys, and the mating fast path.
 * Each channel is drawn as in reference-cases.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { CableType, ModuleType } from "./components";
import { compileSite } from "./compile";
import { checkMating } from "./rules/mating";
import {
  SiteBuilder,
  channelKeysFor,
  channelMembers,
  getBuiltInType,
  judgeChannel,
  judgeSite,
  trace,
  type FindingCode,
  type LossConventions,
} from "./index";
import { linearChannel, type Step } from "./testing";
import { matingAt, matingIsClean } from "./judge";

const codes = (fs: readonly { code: FindingCode }[]) => fs.map((f) => f.code).sort();
const LOW_LOSS: LossConventions = { attenuation: "ISO", matedPair: "low-loss" };

describe("loss budget (reference §10)", () => {
  /*
   * [X 40g-sr4] ==B F-F 2m== |A| ==A M-M 146m trunk== |A| ==A F-M 1m== |A| ==A F-F 1m== [Y 40g-sr4]
   * 150 m of OM4 and three mated pairs.
   */
  const steps = (suffix: string): Step[] => [
    { cable: `mpo12-typeB-ff-om4${suffix}`, m: 2 },
    { adapter: "A", family: "MPO-12" },
    { cable: `mpo12-typeA-mm-om4${suffix}`, m: 146 },
    { adapter: "A", family: "MPO-12" },
    { cable: `mpo12-typeA-mf-om4${suffix}`, m: 1, from: "b1", to: "a1" },
    { adapter: "A", family: "MPO-12" },
    { cable: `mpo12-typeA-ff-om4${suffix}`, m: 1 },
  ];
  const judge = (suffix: string, conventions: LossConventions) => {
    const ch = linearChannel("qsfpp-40gbase-sr4", steps(suffix), "qsfpp-40gbase-sr4", { conventions });
    return judgeChannel(ch.model, ch.a);
  };

  it("TIA 3.0 dB/km with three 0.35 dB MTP Elite pairs: 1.50 dB, pass", () => {
    const j = judge("-elite", { attenuation: "TIA", matedPair: "by-grade" });
    expect(j.verdict).toBe("pass");
    expect(j.links[0]).toMatchObject({ lossDb: 1.5, maxLossDb: 1.5, lengthM: 150, matedPairs: 3, lowestGrade: "OM4", reachM: 150 });
  });

  it("ISO 3.5 dB/km with the same parts: 1.575 dB, fail, and the finding says which convention", () => {
    const j = judge("-elite", { attenuation: "ISO", matedPair: "by-grade" });
    expect(codes(j.findings)).toEqual(["LOSS_OVER_LIMIT"]);
    const f = j.findings[0]!;
    expect(f.figures).toMatchObject({ lossDb: 1.575, maxLossDb: 1.5, lengthM: 150, matedPairs: 3, attenuation: "ISO" });
    expect(f.message).toContain("1.575 dB");
    expect(f.message).toContain("ISO/IEC 11801");
  });

  it("standard connectors count as low loss only under the site's low-loss convention", () => {
    expect(judge("", { attenuation: "TIA", matedPair: "low-loss" }).links[0]!.lossDb).toBe(1.5);
    const std = judge("", { attenuation: "TIA", matedPair: "by-grade" });
    expect(std.links[0]!.lossDb).toBe(2.7); // 0.45 + 3 x 0.75
    expect(codes(std.findings)).toEqual(["LOSS_OVER_LIMIT"]);
    expect(judge("-elite", { attenuation: "TIA", matedPair: "standard" }).links[0]!.lossDb).toBe(2.7);
  });

  it("one standard connector makes its pair a standard pair", () => {
    const s = steps("-elite");
    s[6] = { cable: "mpo12-typeA-ff-om4", m: 1 };
    const ch = linearChannel("qsfpp-40gbase-sr4", s, "qsfpp-40gbase-sr4", { conventions: { attenuation: "TIA", matedPair: "by-grade" } });
    expect(judgeChannel(ch.model, ch.a).links[0]!.lossDb).toBe(1.9); // 0.45 + 0.35 + 0.35 + 0.75
  });

  it("a component type's own mated-pair loss overrides the convention", () => {
    const base = linearChannel("qsfpp-40gbase-sr4", steps(""), "qsfpp-40gbase-sr4").model;
    const own = base.componentTypes.slice();
    const retyped = base.cables.map((c) => {
      const t = compileSite(base).catalog.cable(c.typeId)!;
      const id = `${c.typeId}-x`;
      if (!own.some((o) => o.id === id)) own.push({ ...t, id, matedPairLossDb: 0.2 } as CableType);
      return { ...c, typeId: id };
    });
    const model = { ...base, site: { ...base.site, conventions: { attenuation: "TIA", matedPair: "standard" } as const }, cables: retyped, componentTypes: own };
    expect(judgeChannel(model, "X:1").links[0]!.lossDb).toBe(1.05); // 0.45 + 3 x 0.2
  });

  it("two standard cassettes break a 10GBASE-SR budget (four 0.75 dB pairs)", () => {
    const ch = linearChannel(
      "sfpp-10gbase-sr",
      [
        { cable: "lc-ab-om4", m: 2 },
        { module: "cas-mpo12-6xlc-methodB-m-om4", enter: "front" },
        { cable: "mpo12-typeB-ff-om4", m: 36 },
        { module: "cas-mpo12-6xlc-methodB-relabeled-m-om4", enter: "rear" },
        { cable: "lc-ab-om4", m: 2 },
      ],
      "sfpp-10gbase-sr",
    );
    const j = judgeChannel(ch.model, ch.a);
    expect(codes(j.findings)).toEqual(["LOSS_OVER_LIMIT"]);
    expect(j.links[0]).toMatchObject({ matedPairs: 4, lossDb: 3.14, maxLossDb: 2.9 });
  });

  it("reach: 310 m of OM3 is over 10GBASE-SR's 300 m", () => {
    const ch = linearChannel("sfpp-10gbase-sr", [{ cable: "lc-ab-om3", m: 310 }], "sfpp-10gbase-sr");
    const j = judgeChannel(ch.model, ch.a);
    expect(codes(j.findings)).toEqual(["LENGTH_OVER_REACH"]);
    expect(j.findings[0]!.figures).toMatchObject({ lengthM: 310, reachM: 300, grade: "OM3" });
  });

  it("OM5 uses the OM4 row when an application has none; grade mixes use the lowest grade", () => {
    const om5 = linearChannel("qsfpp-40gbase-sr4", [{ cable: "mpo12-typeB-ff-om5" }], "qsfpp-40gbase-sr4");
    expect(judgeChannel(om5.model, om5.a).links[0]).toMatchObject({ lowestGrade: "OM5", maxLossDb: 1.5, reachM: 150 });
    /* [X 100g-sr4] ==B F-F OM3== |A| ==A M-M OM4== |A| ==A F-F OM3== [Y] */
    const mix = linearChannel(
      "qsfp28-100gbase-sr4",
      [
        { cable: "mpo12-typeB-ff-om3" },
        { adapter: "A", family: "MPO-12" },
        { cable: "mpo12-typeA-mm-om4", m: 20 },
        { adapter: "A", family: "MPO-12" },
        { cable: "mpo12-typeA-ff-om3" },
      ],
      "qsfp28-100gbase-sr4",
    );
    const j = judgeChannel(mix.model, mix.a);
    expect(codes(j.findings)).toEqual(["FIBER_GRADE_MIX", "FIBER_GRADE_MIX"]);
    expect(j.verdict).toBe("warning");
    expect(j.links[0]).toMatchObject({ lowestGrade: "OM3", maxLossDb: 1.8, reachM: 70 });
  });

  it("an application without a verified loss limit gets an info finding, not a pass on faith", () => {
    const ch = linearChannel("qsfpdd-400gbase-sr4", [{ cable: "mpo12-typeB-ff-om4-apc", m: 5 }], "qsfpdd-400gbase-sr4");
    const j = judgeChannel(ch.model, ch.a);
    expect(codes(j.findings)).toEqual(["LIMITS_UNKNOWN"]);
    expect(j.verdict).toBe("pass");
    expect(j.links[0]).toMatchObject({ reachM: 100, maxLossDb: null });
  });
});

describe("applications and matings at the optic", () => {
  it.each([
    ["40GBASE-SR4 to 100GBASE-SR4", "qsfpp-40gbase-sr4", "mpo12-typeB-ff-om4", "qsfp28-100gbase-sr4", ["APPLICATION_MISMATCH"]],
    ["UPC optic with an APC cord", "qsfp28-100gbase-sr4", "mpo12-typeB-ff-om4-apc", "qsfp28-100gbase-sr4", ["POLISH_MISMATCH", "POLISH_MISMATCH"]],
    ["pinned cord into a pinned optic", "qsfp28-100gbase-sr4", "mpo12-typeB-mf-om4", "qsfp28-100gbase-sr4", ["MPO_GENDER_MALE_MALE"]],
    ["single-mode optic on multimode cord", "qsfpdd-400gbase-dr4", "mpo12-typeB-ff-om4-apc", "qsfpdd-400gbase-dr4", ["FIBER_MODE_MISMATCH", "FIBER_MODE_MISMATCH"]],
  ] as const)("%s", (_name, a, cord, b, expected) => {
    const ch = linearChannel(a, [{ cable: cord }], b);
    expect(codes(judgeChannel(ch.model, ch.a).findings)).toEqual([...expected].sort());
  });
});

describe("breakouts and lanes", () => {
  /*
   *                                   leg 1 --[Y1 10g-sr]
   * [X 40g-sr4] ==harness MPO-8 F==<  leg 2 --[Y2 10g-sr]
   *                                   leg 3 --[Y3 10g-sr]
   *                                   leg 4 --[Y4 10g-sr]
   */
  function breakout(harness: string | CableType, legsTo = [1, 2, 3, 4]) {
    const b = new SiteBuilder({ id: "bo" });
    if (typeof harness !== "string") b.type(harness);
    b.device("X", "switch").device("Y", "server");
    const x = b.cage("X", "1", "qsfpp-40gbase-sr4");
    const ys = [1, 2, 3, 4].map((k) => b.cage("Y", String(k), "sfpp-10gbase-sr"));
    const ends: Record<string, string> = { a1: x };
    legsTo.forEach((y, i) => (ends[`b${i + 1}`] = ys[y - 1]!));
    b.cable("h", typeof harness === "string" ? harness : harness.id, 3, ends);
    return { model: b.build(), x, ys };
  }

  it("40GBASE-SR4 to 4 x 10GBASE-SR is one channel of five ports and four links, and passes", () => {
    const { model, x, ys } = breakout("harness-mpo8-4xlc-f-om4");
    const j = judgeChannel(model, x);
    expect(j.verdict).toBe("pass");
    expect(j.findings).toEqual([]);
    expect(j.members).toEqual([x, ...ys].sort());
    expect(j.links.map((l) => [l.a, l.b])).toEqual(ys.map((y) => [x, y]));
    expect(judgeChannel(model, ys[2]!).key).toBe(j.key);
    expect(judgeSite(model).channels).toHaveLength(1);
  });

  it("legs plugged into the wrong optics still pass: each leg carries one whole lane", () => {
    const { model, x } = breakout("harness-mpo8-4xlc-f-om4", [2, 1, 4, 3]);
    expect(judgeChannel(model, x).verdict).toBe("pass");
  });

  const custom = (id: string, legs: [number, number][]): CableType => ({
    kind: "cable",
    id,
    name: id,
    cableKind: "harness",
    fiber: "OM4",
    connectors: [
      { id: "a1", end: "a", family: "MPO-8", gender: "female", polish: "UPC" },
      ...legs.map((_l, i) => ({ id: `b${i + 1}`, end: "b" as const, family: "LC" as const, polish: "UPC" as const, leg: i + 1 })),
    ],
    fibers: legs.flatMap(([pa, pb], i) => [
      { a: { connector: "a1", position: pa }, b: { connector: `b${i + 1}`, position: 1 } },
      { a: { connector: "a1", position: pb }, b: { connector: `b${i + 1}`, position: 2 } },
    ]),
  });

  it("a harness that gives lane 1's receive fiber to leg 2 splits the lane pair", () => {
    // leg 1: A = 12 (Tx lane 1), B = 2 (Rx lane 2); leg 2: A = 11 (Tx lane 2), B = 1 (Rx lane 1)
    const { model, x } = breakout(custom("split-harness", [[12, 2], [11, 1], [10, 3], [9, 4]]));
    const j = judgeChannel(model, x);
    const split = j.findings.filter((f) => f.code === "LANE_PAIR_SPLIT");
    expect(split.map((f) => `${f.elements[0]!.id} lane ${f.elements[0]!.lanes}`).sort()).toEqual([
      "X:1 lane 1",
      "X:1 lane 2",
      "Y:1 lane 1",
      "Y:2 lane 1",
    ]);
    expect(j.verdict).toBe("fail");
  });

  it("a harness with lanes 1 and 2 on each other's legs is a lane swap (warning)", () => {
    const { model, x } = breakout(custom("swap-harness", [[11, 2], [12, 1], [10, 3], [9, 4]]));
    const j = judgeChannel(model, x);
    expect(codes(j.findings)).toEqual(["LANES_SWAPPED", "LANES_SWAPPED"]);
    expect(j.verdict).toBe("warning");
    expect(j.findings.map((f) => f.message).join(" ")).toContain("lane 2 → lane 1 (leg 1)");
  });

  it("a point-to-point cable that crosses lanes 1 and 2 keeps Tx→Rx but warns", () => {
    const map: [number, number][] = [[1, 11], [2, 12], [3, 10], [4, 9], [9, 4], [10, 3], [11, 1], [12, 2]];
    const t: CableType = {
      kind: "cable",
      id: "lane-swap-cord",
      name: "lane swap",
      cableKind: "patch-cord",
      fiber: "OM4",
      connectors: [
        { id: "a1", end: "a", family: "MPO-12", gender: "female", polish: "UPC" },
        { id: "b1", end: "b", family: "MPO-12", gender: "female", polish: "UPC" },
      ],
      fibers: map.map(([p, q]) => ({ a: { connector: "a1", position: p }, b: { connector: "b1", position: q } })),
    };
    const b = new SiteBuilder({ id: "swap" }, [t]);
    const ch = linearChannel("qsfp28-100gbase-sr4", [{ cable: "lane-swap-cord" }], "qsfp28-100gbase-sr4", { builder: b });
    const j = judgeChannel(ch.model, ch.a);
    expect(codes(j.findings)).toEqual(["LANES_SWAPPED"]);
    expect(j.findings[0]!.elements.map((e) => e.lanes)).toEqual([[1, 2], [1, 2]]);
  });

  /*
   * [X 40g-sr4] ==Type B trunk== [rear  U1 cassette  port k] --LC cord-- [Yk 10g-sr]   (k = 1..4)
   */
  function cassetteBreakout(cassette: ModuleType, cord: string) {
    const b = new SiteBuilder({ id: "cbo" }, [cassette]);
    b.device("X", "switch").device("P", "panel").device("Y", "server");
    const x = b.cage("X", "1", "qsfpp-40gbase-sr4");
    b.module("P", "1", cassette.id);
    const rear = cassette.ports.find((p) => p.role === "rear")!.name;
    const fronts = cassette.ports.filter((p) => p.role === "front").map((p) => p.name);
    b.cable("t", "mpo12-typeB-ff-om4", 30, { a1: x, b1: `P:1/${rear}` });
    const ys = [1, 2, 3, 4].map((k) => b.cage("Y", String(k), "sfpp-10gbase-sr"));
    ys.forEach((y, k) => b.cable(`c${k + 1}`, cord, 2, { a1: `P:1/${fronts[k]}`, b1: y }));
    return { model: b.build(), x };
  }
  const u1 = getBuiltInType("cas-mpo12-6xlc-u1-m-om4-elite") as ModuleType;

  it("40GBASE-SR4 breaks out through a universal cassette: lane k on front port k passes", () => {
    const { model, x } = cassetteBreakout(u1, "lc-ab-om4-ll");
    const j = judgeChannel(model, x);
    expect(j.findings).toEqual([]);
    expect(j.verdict).toBe("pass");
    expect(j.members).toHaveLength(5);
  });

  it("a cassette that puts lanes 1 and 2 on each other's front ports is a lane swap (warning), as a harness is", () => {
    const [p1, p2] = u1.ports.filter((p) => p.role === "front").map((p) => p.name);
    const swapped: ModuleType = {
      ...u1,
      id: "cas-swapped-1-2",
      name: "cassette with ports 1 and 2 swapped",
      fibers: u1.fibers.map((f) => ({ ...f, b: { ...f.b, connector: f.b.connector === p1 ? p2! : f.b.connector === p2 ? p1! : f.b.connector } })),
    };
    const { model, x } = cassetteBreakout(swapped, "lc-ab-om4-ll");
    const j = judgeChannel(model, x);
    expect(codes(j.findings)).toEqual(["LANES_SWAPPED", "LANES_SWAPPED"]);
    expect(j.verdict).toBe("warning");
    expect(j.findings.map((f) => f.message).join(" ")).toContain("(leg 1)");
  });

  it("800GBASE-SR8 breaks out to 2 x 400GBASE-SR4 through a 16 → 2 x 8 conversion cord", () => {
    const b = new SiteBuilder({ id: "conv" });
    b.device("X", "switch").device("Y", "switch");
    const x = b.cage("X", "1", "osfp-800gbase-sr8");
    const y1 = b.cage("Y", "1", "qsfpdd-400gbase-sr4");
    const y2 = b.cage("Y", "2", "qsfpdd-400gbase-sr4");
    b.cable("conv", "conv-mpo16-2xmpo8-ff-om4", 3, { a1: x, b1: y1, b2: y2 });
    const j = judgeChannel(b.build(), x);
    expect(j.members).toEqual([x, y1, y2]);
    // no verified loss limit for either application, on either link
    expect(codes(j.findings)).toEqual(Array(4).fill("LIMITS_UNKNOWN"));
    expect(j.links.map((l) => l.reachM)).toEqual([100, 100]);
    expect(j.verdict).toBe("pass");
  });

  describe("two-row MPO-24 (100GBASE-SR10)", () => {
    const SR10 = "cxp-100gbase-sr10";
    it.each([
      ["Type B cord", [{ cable: "mpo24-typeB-ff-om4" }], []],
      ["Type A cord", [{ cable: "mpo24-typeA-ff-om4" }], ["POLARITY_RX_TO_RX", "POLARITY_TX_TO_TX"]],
      [
        "B cord |A| B trunk |A| B cord (rows flipped twice)",
        [
          { cable: "mpo24-typeB-ff-om4" },
          { adapter: "A", family: "MPO-24" },
          { cable: "mpo24-typeB-mm-om4", m: 30 },
          { adapter: "A", family: "MPO-24" },
          { cable: "mpo24-typeB-ff-om4" },
        ],
        [],
      ],
      [
        "B cord |A| B trunk |B| B cord",
        [
          { cable: "mpo24-typeB-ff-om4" },
          { adapter: "A", family: "MPO-24" },
          { cable: "mpo24-typeB-mm-om4", m: 30 },
          { adapter: "B", family: "MPO-24" },
          { cable: "mpo24-typeB-ff-om4" },
        ],
        ["POLARITY_RX_TO_RX", "POLARITY_TX_TO_TX"],
      ],
    ] as [string, Step[], FindingCode[]][])("%s", (_n, steps, expected) => {
      const ch = linearChannel(SR10, steps, SR10);
      expect(codes(judgeChannel(ch.model, ch.a).findings).filter((c) => c !== "LIMITS_UNKNOWN")).toEqual(expected);
    });

    it("a Type A adapter flips rows: position 14 (row 2, col 2) meets 2 (row 1, col 2)", () => {
      const ch = linearChannel(SR10, [{ cable: "mpo24-typeA-ff-om4" }, { adapter: "A", family: "MPO-24" }], null);
      const f = trace(ch.model, ch.a).fibers.find((x) => x.start.position === 13 + 1)!;
      // Tx lane 1 at MDI (2, 2) meets plug (2, 11) = 23; straight cable; the adapter sends 23 to (1, 11) = 11.
      expect(f.hops.at(-1)).toMatchObject({ kind: "adapter", from: { position: 23 }, to: { position: 11 } });
      expect(f.end).toMatchObject({ kind: "open-port", side: "rear", position: 11 });
    });
  });
});

describe("broken fibers", () => {
  it("an adapter with nothing behind it: POLARITY_OPEN_PORT naming the side and positions", () => {
    const ch = linearChannel("qsfp28-100gbase-sr4", [{ cable: "mpo12-typeB-ff-om4" }, { adapter: "A", family: "MPO-12" }], null);
    const j = judgeChannel(ch.model, ch.a);
    expect(codes(j.findings)).toEqual(["POLARITY_OPEN_PORT"]);
    expect(j.findings[0]!.elements[1]).toEqual({ kind: "port", id: ch.steps[0], side: "rear", positions: [1, 2, 3, 4, 9, 10, 11, 12] });
    expect(j.findings[0]!.elements[0]!.lanes).toEqual([1, 2, 3, 4]);
  });

  it("a cord with its far end loose: POLARITY_OPEN_CABLE_END", () => {
    const ch = linearChannel("sfpp-10gbase-sr", [{ cable: "lc-ab-om4" }], null);
    const j = judgeChannel(ch.model, ch.a);
    expect(codes(j.findings)).toEqual(["POLARITY_OPEN_CABLE_END"]);
    expect(j.findings[0]!.elements[1]).toMatchObject({ kind: "cable", id: "c1", connector: "b1", positions: [1, 2] });
  });

  it("a Base-8 trunk between 12-fiber method B cassettes drops ports 3 and 4", () => {
    /* [X] --ab-- {cas B} port k ==MPO-8 B F-F== {cas B relabeled} port k --ab-- [Y] */
    const verdicts = [1, 2, 3, 4, 5, 6].map((k) => {
      const ch = linearChannel(
        "sfpp-10gbase-sr",
        [
          { cable: "lc-ab-om4" },
          { module: "cas-mpo12-6xlc-methodB-m-om4", enter: "front", port: String(k) },
          { cable: "mpo8-typeB-ff-om4", m: 20 },
          { module: "cas-mpo12-6xlc-methodB-relabeled-m-om4", enter: "rear", port: String(k) },
          { cable: "lc-ab-om4" },
        ],
        "sfpp-10gbase-sr",
        { conventions: LOW_LOSS },
      );
      const j = judgeChannel(ch.model, ch.a);
      return codes(j.findings).filter((c, i, a) => a.indexOf(c) === i).join(",") || "pass";
    });
    expect(verdicts).toEqual(["pass", "pass", "FIBER_COUNT_TOO_SMALL", "FIBER_COUNT_TOO_SMALL", "pass", "pass"]);
  });

  it("a cable with fibers on four positions only: POLARITY_DEAD_END at each optic", () => {
    const t: CableType = {
      kind: "cable",
      id: "mpo12-4f",
      name: "4-fiber MPO-12",
      cableKind: "patch-cord",
      fiber: "OM4",
      connectors: [
        { id: "a1", end: "a", family: "MPO-12", gender: "female", polish: "UPC" },
        { id: "b1", end: "b", family: "MPO-12", gender: "female", polish: "UPC" },
      ],
      fibers: [1, 2, 3, 4].map((p) => ({ a: { connector: "a1", position: p }, b: { connector: "b1", position: 13 - p } })),
    };
    const ch = linearChannel("qsfp28-100gbase-sr4", [{ cable: "mpo12-4f" }], "qsfp28-100gbase-sr4", { builder: new SiteBuilder({ id: "d" }, [t]) });
    const j = judgeChannel(ch.model, ch.a);
    expect(codes(j.findings)).toEqual(["POLARITY_DEAD_END", "POLARITY_DEAD_END"]);
    const x = j.findings.find((f) => f.elements[0]!.id === ch.a)!;
    expect(x.elements[1]).toMatchObject({ kind: "cable", connector: "a1", positions: [9, 10, 11, 12] });
    expect(x.elements[0]!.lanes).toEqual([1, 2, 3, 4]);
  });

  it("a cord looped from the rear of an adapter to its front: TRACE_LOOP, and the trace ends", () => {
    /*  |A p1| front <--c1--+
     *         rear  ---c1--+   (one Type B M-F cord from rear back to front)
     */
    const b = new SiteBuilder({ id: "loop" });
    b.device("p1", "panel");
    const p = b.adapter("p1", "1", "MPO-12", "A");
    b.cable("c1", "mpo12-typeB-mf-om4", 2, { a1: `${p}@front`, b1: `${p}@rear` });
    const model = b.build();
    const site = judgeSite(model);
    expect(codes(site.findings)).toEqual(Array(6).fill("TRACE_LOOP"));
    const t = trace(model, p);
    expect(t.fibers).toHaveLength(12);
    expect(t.fibers.every((f) => f.end.kind === "loop")).toBe(true);
  });

  it("a loop through two panels is found once per fiber circle", () => {
    const b = new SiteBuilder({ id: "loop2" });
    b.device("p1", "panel").device("p2", "panel");
    const p1 = b.adapter("p1", "1", "LC", "B");
    const p2 = b.adapter("p2", "1", "LC", "B");
    b.cable("c1", "lc-ab-om4", 2, { a1: `${p1}@rear`, b1: `${p2}@front` });
    b.cable("c2", "lc-ab-om4", 2, { a1: `${p2}@rear`, b1: `${p1}@front` });
    const site = judgeSite(b.build());
    // LC adapter B flips, each A-to-B cord flips: position 1 comes back as 1 after one round.
    expect(codes(site.findings)).toEqual(["TRACE_LOOP", "TRACE_LOOP"]);
  });

  it("dark fiber: a trace from a panel port follows the fiber to the optic at the far end", () => {
    const ch = linearChannel(
      "qsfp28-100gbase-sr4",
      [
        { cable: "mpo12-typeB-ff-om4", m: 3 },
        { adapter: "A", family: "MPO-12" },
        { cable: "mpo12-typeB-mm-om4", m: 50 },
        { adapter: "A", family: "MPO-12" },
        { cable: "mpo12-typeB-ff-om4", m: 3 },
      ],
      "qsfp28-100gbase-sr4",
    );
    const t = trace(ch.model, ch.steps[0]!);
    expect(t.fibers).toHaveLength(12);
    // front 1 → rear 1 → trunk (B) 12 → |A| 12 → cord (B) 1 → MDI 12 of Y: Rx lane 1
    const f1 = t.fibers.find((f) => f.start.position === 1)!;
    expect(f1.end).toMatchObject({ kind: "transceiver", portId: ch.b, position: 12, role: "rx", lane: 1 });
    expect(f1.matedPairs).toBe(2);
    expect(f1.lengthM).toBe(53);
    // from the rear towards X: rear 1 → front 1 → cord (B) 12 → MDI 1 of X: Tx lane 1
    const back = trace(ch.model, ch.steps[0]!, { side: "rear" }).fibers.find((f) => f.start.position === 1)!;
    expect(back.end).toMatchObject({ kind: "transceiver", portId: ch.a, position: 1, role: "tx", lane: 1 });
    const dark = t.fibers.find((f) => f.start.position === 6)!;
    expect(dark.end).toMatchObject({ kind: "transceiver", portId: ch.b, role: "unused", position: 7 });
  });
});

describe("dark fiber through cassettes", () => {
  it("a trace from a cassette's front port crosses both cassettes and names the far optic's lane", () => {
    /* [X] --ab-- {cas B} port 2 ==B trunk== {cas B relabeled} port 2 --ab-- [Y]; trace from the near port 2 */
    const ch = linearChannel(
      "sfpp-10gbase-sr",
      [
        { cable: "lc-ab-om4" },
        { module: "cas-mpo12-6xlc-methodB-m-om4", enter: "front", port: "2" },
        { cable: "mpo12-typeB-ff-om4", m: 30 },
        { module: "cas-mpo12-6xlc-methodB-relabeled-m-om4", enter: "rear", port: "2" },
        { cable: "lc-ab-om4", m: 2 },
      ],
      "sfpp-10gbase-sr",
    );
    const t = trace(ch.model, ch.steps[0]!);
    expect(t.fibers).toHaveLength(2);
    const kinds = t.fibers[0]!.hops.map((h) => h.kind);
    expect(kinds).toEqual(["adapter", "module", "adapter", "cable", "adapter", "module", "adapter", "cable"]);
    // Front position A (1) of the near port: the aligned LC adapter gives B on the harness plug,
    // rear 4, Type B adapter 9, trunk 4, far Type B adapter 9 → relabeled port 2 A, LC adapter B,
    // A-to-B cord → A: MDI 2 of Y, its receiver. Four mated pairs: the near front port (X's cord
    // is in it), both rear adapters and the far front port.
    expect(t.fibers[0]!.end).toMatchObject({ kind: "transceiver", portId: ch.b, position: 2, role: "rx" });
    expect(t.fibers[0]!.matedPairs).toBe(4);
    expect(t.fibers[0]!.lengthM).toBe(32);
    expect(t.fibers[1]!.end).toMatchObject({ kind: "transceiver", portId: ch.b, position: 1, role: "tx" });
  });
});

describe("model problems", () => {
  it("unknown types, double plugs, inner sides and empty cages are findings, not crashes", () => {
    const b = new SiteBuilder({ id: "bad" });
    b.device("X", "switch").device("p", "panel");
    const x = b.cage("X", "1");
    b.module("p", "1", "cas-mpo12-6xlc-methodA-m-om4");
    const front = b.adapter("p", "9", "LC", "B");
    b.cable("c1", "lc-ab-om4", 1, { a1: x, b1: "p:1/1@rear" });
    b.cable("c2", "no-such-cable", 1, { a1: front });
    b.cable("c3", "lc-ab-om4", 1, { a1: `${front}@front` });
    b.cable("c4", "lc-ab-om4", 1, { a1: `${front}@front` });
    const site = judgeSite(b.build());
    expect(codes(site.findings)).toEqual(["MODEL_INNER_SIDE", "MODEL_NO_TRANSCEIVER", "MODEL_SLOT_TAKEN", "MODEL_UNKNOWN_TYPE"]);
    expect(site.verdict).toBe("fail");
  });
});

describe("channel keys for incremental judging", () => {
  function twoChannels() {
    const b = new SiteBuilder({ id: "keys", conventions: LOW_LOSS });
    // two duplex channels through the same cassette pair, on ports 1 and 2
    for (const k of ["1", "2"]) {
      linearChannel(
        "sfpp-10gbase-sr",
        [
          { cable: "lc-ab-om4" },
          { module: "cas-mpo12-6xlc-methodB-m-om4", enter: "front", port: k },
          { cable: "mpo12-typeB-ff-om4", m: 20 },
          { module: "cas-mpo12-6xlc-methodB-relabeled-m-om4", enter: "rear", port: k },
          { cable: "lc-ab-om4" },
        ],
        "sfpp-10gbase-sr",
        { builder: b, prefix: `k${k}` },
      );
    }
    return b.build();
  }

  it("a port, a cable or a module names exactly the channels through it", () => {
    const model = twoChannels();
    expect(channelKeysFor(model, { portId: "k1X:1" })).toEqual(["k1X:1"]);
    expect(channelKeysFor(model, { cableId: "k2c3" })).toEqual(["k2X:1"]);
    expect(channelKeysFor(model, { portId: "k1p2:1/R" })).toEqual(["k1X:1"]);
    expect(channelKeysFor(model, { moduleId: "k2p4/1" })).toEqual(["k2X:1"]);
    expect(channelMembers(model, "k2Y:1")).toEqual(["k2X:1", "k2Y:1"]);
    expect(judgeSite(model).channels.map((c) => c.key)).toEqual(["k1X:1", "k2X:1"]);
  });

  it("judging one channel gives the same findings as judging the site", () => {
    const model = twoChannels();
    const site = judgeSite(model);
    for (const ch of site.channels) expect(judgeChannel(model, ch.members[1]!)).toEqual(ch);
  });
});

describe("mating fast path", () => {
  it("agrees with the rules table on every mating of a mixed site", () => {
    const b = new SiteBuilder({ id: "mix" });
    b.device("X", "switch").device("p", "panel");
    const cords = ["mpo12-typeB-ff-om4", "mpo12-typeB-mm-om3", "mpo12-typeA-mf-os2", "mpo12-typeB-ff-om4-apc", "mpo16-typeB-ff-om4", "mpo8-typeA-mm-om4", "lc-ab-om4", "lc-aa-os2-apc"];
    let n = 0;
    for (const fa of cords)
      for (const fb of cords)
        for (const key of ["A", "B"] as const) {
          const port = b.adapter("p", String(++n), "MPO-12", key);
          b.cable(`a${n}`, fa, 1, { a1: `${port}@front` });
          b.cable(`b${n}`, fb, 1, { a1: `${port}@rear` });
        }
    for (const t of ["qsfp28-100gbase-sr4", "qsfpdd-400gbase-dr4", "sfpp-10gbase-sr"])
      for (const c of cords) {
        const x = b.cage("X", String(++n), t);
        b.cable(`x${n}`, c, 1, { a1: x });
      }
    const cs = compileSite(b.build());
    let dirty = 0;
    for (let p = 0; p < cs.portCount; p++) {
      const rules = checkMating(matingAt(cs, p));
      expect(matingIsClean(cs, p), cs.portIds[p]).toBe(rules.length === 0);
      if (rules.length) dirty++;
    }
    expect(dirty).toBeGreaterThan(50);
  });
});
