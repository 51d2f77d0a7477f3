/**
 * Reference cases R1-R10 (fiber-connectivity.md §8) and the method rows of §7, numbered and
 * table-driven. Each case draws its channel:
 *   [X]  transceiver        ==B F-F==  MPO cord/trunk, polarity type and genders
 *   |A|  panel adapter, key-up to key-down (Type A); |B| key-up to key-up (Type B)
 *   {cas A}  cassette (rear MPO adapter inside), --ab-- / --aa--  duplex LC cords
 */
import { describe, expect, it } from "vitest";
import { judgeChannel, judgeSite, trace } from "./index";
import type { FindingCode } from "./findings";
import { linearChannel, type Step } from "./testing";

interface Case {
  id: string;
  drawing: string;
  a: string;
  steps: Step[];
  b: string;
  verdict: "pass" | "warning" | "fail";
  /** Exactly these codes (sorted, with repeats) must be found. */
  codes: FindingCode[];
  /** Transceiver ports the channel reaches from X (default 2). */
  members?: number;
}

const SR4 = "qsfp28-100gbase-sr4";
const DR4 = "qsfpdd-400gbase-dr4";
const SR8 = "qsfpdd-400gbase-sr8";
const SR = "sfpp-10gbase-sr";

const REFERENCE: Case[] = [
  {
    id: "R1",
    drawing: "[X sr4] ==B F-F UPC OM4 3m== [Y sr4]",
    a: SR4,
    steps: [{ cable: "mpo12-typeB-ff-om4", m: 3 }],
    b: SR4,
    verdict: "pass",
    codes: [],
  },
  {
    id: "R2",
    drawing: "[X sr4] ==A F-F 3m== [Y sr4]",
    a: SR4,
    steps: [{ cable: "mpo12-typeA-ff-om4", m: 3 }],
    b: SR4,
    verdict: "fail",
    codes: ["POLARITY_RX_TO_RX", "POLARITY_TX_TO_TX"],
  },
  {
    id: "R3",
    drawing: "[X sr4] ==B F-F== |A| ==B M-M trunk== |A| ==B F-F== [Y sr4]",
    a: SR4,
    steps: [
      { cable: "mpo12-typeB-ff-om4", m: 3 },
      { adapter: "A", family: "MPO-12" },
      { cable: "mpo12-typeB-mm-om4", m: 50 },
      { adapter: "A", family: "MPO-12" },
      { cable: "mpo12-typeB-ff-om4", m: 3 },
    ],
    b: SR4,
    verdict: "pass",
    codes: [],
  },
  {
    id: "R4",
    drawing: "[X sr4] ==B F-F== |A| ==B M-M trunk== |B| ==B F-F== [Y sr4]",
    a: SR4,
    steps: [
      { cable: "mpo12-typeB-ff-om4", m: 3 },
      { adapter: "A", family: "MPO-12" },
      { cable: "mpo12-typeB-mm-om4", m: 50 },
      { adapter: "B", family: "MPO-12" },
      { cable: "mpo12-typeB-ff-om4", m: 3 },
    ],
    b: SR4,
    verdict: "fail",
    codes: ["POLARITY_RX_TO_RX", "POLARITY_TX_TO_TX"],
  },
  {
    id: "R5",
    drawing: "[X sr4] ==B F-F== |A| ==B F-F== [Y sr4]",
    a: SR4,
    steps: [{ cable: "mpo12-typeB-ff-om4" }, { adapter: "A", family: "MPO-12" }, { cable: "mpo12-typeB-ff-om4" }],
    b: SR4,
    verdict: "fail",
    codes: ["MPO_GENDER_FEMALE_FEMALE", "POLARITY_RX_TO_RX", "POLARITY_TX_TO_TX"],
  },
  {
    id: "R6",
    drawing: "[X 10g-sr] --ab-- {cas A} ==A F-F trunk== {cas A} --ab-- [Y 10g-sr]",
    a: SR,
    steps: [
      { cable: "lc-ab-om4" },
      { module: "cas-mpo12-6xlc-methodA-m-om4", enter: "front" },
      { cable: "mpo12-typeA-ff-om4", m: 40 },
      { module: "cas-mpo12-6xlc-methodA-m-om4", enter: "rear" },
      { cable: "lc-ab-om4" },
    ],
    b: SR,
    verdict: "fail",
    codes: ["POLARITY_RX_TO_RX", "POLARITY_TX_TO_TX"],
  },
  {
    id: "R7",
    drawing: "[X 10g-sr] --ab-- {cas B} port 1 ==B F-F trunk== {cas B, not relabeled} port 6 --ab-- [Y 10g-sr]",
    a: SR,
    steps: [
      { cable: "lc-ab-om4" },
      { module: "cas-mpo12-6xlc-methodB-m-om4", enter: "front", port: "1" },
      { cable: "mpo12-typeB-ff-om4", m: 40 },
      { module: "cas-mpo12-6xlc-methodB-m-om4", enter: "rear", port: "6" },
      { cable: "lc-ab-om4" },
    ],
    b: SR,
    verdict: "warning",
    codes: ["PORT_MAP_CROSSED"],
  },
  {
    id: "R8",
    drawing: "[X dr4] ==B F-F SM APC== |B| ==B M-F SM APC== [Y dr4]",
    a: DR4,
    steps: [{ cable: "mpo12-typeB-ff-os2" }, { adapter: "B", family: "MPO-12" }, { cable: "mpo12-typeB-mf-os2" }],
    b: DR4,
    verdict: "fail",
    codes: ["APC_ALIGNED_KEY_ADAPTER"],
  },
  {
    id: "R9",
    drawing: "[X qsfp-dd sr8] ==MPO-16 B F-F== |A MPO-12 panel| ==MPO-16 B M-F== [Y sr8]",
    a: SR8,
    steps: [{ cable: "mpo16-typeB-ff-om4" }, { adapter: "A", family: "MPO-12" }, { cable: "mpo16-typeA-mf-om4" }],
    b: SR8,
    verdict: "fail",
    codes: ["CONNECTOR_FAMILY_MISMATCH"],
    // The cords do not mate at the panel, so X and Y are two separate (broken) channels.
    members: 1,
  },
  {
    id: "R10",
    drawing: "[X dr4] ==B F-F OS2 APC== |A| ==A M-M OM4 APC trunk== |A| ==A F-F OS2 APC== [Y dr4]",
    a: DR4,
    steps: [
      { cable: "mpo12-typeB-ff-os2" },
      { adapter: "A", family: "MPO-12" },
      { cable: "mpo12-typeA-mm-om4-apc", m: 30 },
      { adapter: "A", family: "MPO-12" },
      { cable: "mpo12-typeA-ff-os2" },
    ],
    b: DR4,
    verdict: "fail",
    codes: ["FIBER_MODE_MISMATCH", "FIBER_MODE_MISMATCH"],
  },
];

const DUPLEX_TRUNK = 40;

/** §7 method rows. Duplex: 10GBASE-SR at both ends; parallel: 100GBASE-SR4 at both ends. */
const METHODS: Case[] = [
  {
    id: "M1 duplex A",
    drawing: "[X] --ab-- {cas A} ==A F-F== {cas A} --aa-- [Y]",
    a: SR,
    steps: [
      { cable: "lc-ab-om4" },
      { module: "cas-mpo12-6xlc-methodA-m-om4", enter: "front", port: "3" },
      { cable: "mpo12-typeA-ff-om4", m: DUPLEX_TRUNK },
      { module: "cas-mpo12-6xlc-methodA-m-om4", enter: "rear", port: "3" },
      { cable: "lc-aa-om4" },
    ],
    b: SR,
    verdict: "pass",
    codes: [],
  },
  {
    id: "M2 duplex B",
    drawing: "[X] --ab-- {cas B} port 2 ==B F-F== {cas B} port 5 --ab-- [Y]   (port k → 7-k)",
    a: SR,
    steps: [
      { cable: "lc-ab-om4" },
      { module: "cas-mpo12-6xlc-methodB-m-om4", enter: "front", port: "2" },
      { cable: "mpo12-typeB-ff-om4", m: DUPLEX_TRUNK },
      { module: "cas-mpo12-6xlc-methodB-m-om4", enter: "rear", port: "5" },
      { cable: "lc-ab-om4" },
    ],
    b: SR,
    verdict: "warning",
    codes: ["PORT_MAP_CROSSED"],
  },
  {
    id: "M3 duplex B relabeled",
    drawing: "[X] --ab-- {cas B} port 2 ==B F-F== {cas B inverted+relabeled} port 2 --ab-- [Y]",
    a: SR,
    steps: [
      { cable: "lc-ab-om4" },
      { module: "cas-mpo12-6xlc-methodB-m-om4", enter: "front", port: "2" },
      { cable: "mpo12-typeB-ff-om4", m: DUPLEX_TRUNK },
      { module: "cas-mpo12-6xlc-methodB-relabeled-m-om4", enter: "rear", port: "2" },
      { cable: "lc-ab-om4" },
    ],
    b: SR,
    verdict: "pass",
    codes: [],
  },
  {
    id: "M4 duplex C",
    drawing: "[X] --ab-- {cas C} ==C F-F== {cas C} --ab-- [Y]",
    a: SR,
    steps: [
      { cable: "lc-ab-om4" },
      { module: "cas-mpo12-6xlc-methodC-m-om4", enter: "front", port: "4" },
      { cable: "mpo12-typeC-ff-om4", m: DUPLEX_TRUNK },
      { module: "cas-mpo12-6xlc-methodC-m-om4", enter: "rear", port: "4" },
      { cable: "lc-ab-om4" },
    ],
    b: SR,
    verdict: "pass",
    codes: [],
  },
  {
    id: "M5 duplex U1",
    drawing: "[X] --ab-- {cas U1, Type A adapter} ==B F-F== {cas U1} --ab-- [Y]",
    a: SR,
    steps: [
      { cable: "lc-ab-om4" },
      { module: "cas-mpo12-6xlc-u1-m-om4", enter: "front", port: "5" },
      { cable: "mpo12-typeB-ff-om4", m: DUPLEX_TRUNK },
      { module: "cas-mpo12-6xlc-u1-m-om4", enter: "rear", port: "5" },
      { cable: "lc-ab-om4" },
    ],
    b: SR,
    verdict: "pass",
    codes: [],
  },
  {
    id: "M6 duplex U2",
    drawing: "[X] --ab-- {cas U2, Type B adapter} ==B F-F== {cas U2} --ab-- [Y]",
    a: SR,
    steps: [
      { cable: "lc-ab-om4" },
      { module: "cas-mpo12-6xlc-u2-m-om4", enter: "front", port: "6" },
      { cable: "mpo12-typeB-ff-om4", m: DUPLEX_TRUNK },
      { module: "cas-mpo12-6xlc-u2-m-om4", enter: "rear", port: "6" },
      { cable: "lc-ab-om4" },
    ],
    b: SR,
    verdict: "pass",
    codes: [],
  },
  {
    id: "M7 parallel A",
    drawing: "[X sr4] ==A F-F== |A| ==A M-M== |A| ==B F-F== [Y sr4]",
    a: SR4,
    steps: [
      { cable: "mpo12-typeA-ff-om4" },
      { adapter: "A", family: "MPO-12" },
      { cable: "mpo12-typeA-mm-om4", m: 60 },
      { adapter: "A", family: "MPO-12" },
      { cable: "mpo12-typeB-ff-om4" },
    ],
    b: SR4,
    verdict: "pass",
    codes: [],
  },
  {
    id: "M8 parallel B (Type B adapters)",
    drawing: "[X sr4] ==B F-F== |B| ==B M-M== |B| ==B F-F== [Y sr4]",
    a: SR4,
    steps: [
      { cable: "mpo12-typeB-ff-om4" },
      { adapter: "B", family: "MPO-12" },
      { cable: "mpo12-typeB-mm-om4", m: 60 },
      { adapter: "B", family: "MPO-12" },
      { cable: "mpo12-typeB-ff-om4" },
    ],
    b: SR4,
    verdict: "pass",
    codes: [],
  },
  {
    id: "M9 parallel B (Type A adapters at both ends)",
    drawing: "[X sr4] ==B F-F== |A| ==B M-M== |A| ==B F-F== [Y sr4]",
    a: SR4,
    steps: [
      { cable: "mpo12-typeB-ff-om4" },
      { adapter: "A", family: "MPO-12" },
      { cable: "mpo12-typeB-mm-om4", m: 60 },
      { adapter: "A", family: "MPO-12" },
      { cable: "mpo12-typeB-ff-om4" },
    ],
    b: SR4,
    verdict: "pass",
    codes: [],
  },
  {
    id: "M10 parallel with a Type C trunk",
    drawing: "[X sr4] ==B F-F== |A| ==C M-M== |A| ==B F-F== [Y sr4]   (Type C breaks lane pairing)",
    a: SR4,
    steps: [
      { cable: "mpo12-typeB-ff-om4" },
      { adapter: "A", family: "MPO-12" },
      { cable: "mpo12-typeC-mm-om4", m: 60 },
      { adapter: "A", family: "MPO-12" },
      { cable: "mpo12-typeB-ff-om4" },
    ],
    b: SR4,
    verdict: "fail",
    codes: ["POLARITY_RX_TO_RX", "POLARITY_TX_TO_TX"],
  },
];

/**
 * Polarity is what these cases are about: judge them with low-loss mated pairs, so that the four
 * pairs of a two-cassette channel stay inside the 10GBASE-SR budget (see the loss tests).
 */
const LOW_LOSS = { attenuation: "ISO", matedPair: "low-loss" } as const;

function run(c: Case) {
  const ch = linearChannel(c.a, c.steps, c.b, { conventions: LOW_LOSS });
  const j = judgeChannel(ch.model, ch.a);
  return { ch, j, codes: j.findings.map((f) => f.code).sort() };
}

describe("reference cases §8", () => {
  it.each(REFERENCE)("$id: $drawing", (c) => {
    const { j, codes } = run(c);
    expect(codes).toEqual([...c.codes].sort());
    expect(j.verdict).toBe(c.verdict);
    expect(j.members).toHaveLength(c.members ?? 2);
  });

  it("R2 names the lanes: Tx lanes 1-4 face Tx lanes 1-4 at MDI 1-4", () => {
    const { j, ch } = run(REFERENCE[1]!);
    const tx = j.findings.find((f) => f.code === "POLARITY_TX_TO_TX")!;
    expect(tx.elements).toEqual([
      { kind: "port", id: ch.a, positions: [1, 2, 3, 4], lanes: [1, 2, 3, 4] },
      { kind: "port", id: ch.b, positions: [1, 2, 3, 4], lanes: [1, 2, 3, 4] },
    ]);
    const rx = j.findings.find((f) => f.code === "POLARITY_RX_TO_RX")!;
    expect(rx.elements[0]!.positions).toEqual([9, 10, 11, 12]);
  });

  it("R3 counts two mated pairs and the full length on every fiber", () => {
    const { ch } = run(REFERENCE[2]!);
    const t = trace(ch.model, ch.a);
    expect(t.fibers).toHaveLength(8);
    for (const f of t.fibers) {
      expect(f.matedPairs).toBe(2);
      expect(f.lengthM).toBe(56);
      expect(f.end.kind).toBe("transceiver");
    }
    // Tx lane 1 (MDI 1) enters the cord at 12, leaves at 1, crosses both Type A adapters at 1,
    // is reversed by the trunk to 12, by the last cord to 1, and meets MDI 12 (Rx lane 1).
    const f1 = t.fibers.find((f) => f.start.position === 1)!;
    expect(f1.hops.map((h) => `${h.kind}:${h.from.position}>${h.to.position}`)).toEqual([
      "cable:12>1",
      "adapter:1>1",
      "cable:1>12",
      "adapter:12>12",
      "cable:12>1",
    ]);
    expect(f1.end).toMatchObject({ kind: "transceiver", position: 12, role: "rx", lane: 1 });
  });

  it("R5 reports the female-female mating at the adapter with both cords", () => {
    const { j, ch } = run(REFERENCE[4]!);
    const ff = j.findings.find((f) => f.code === "MPO_GENDER_FEMALE_FEMALE")!;
    expect(ff.elements.map((e) => e.id)).toEqual([ch.steps[0], "c1", "c3"]);
    expect(ff.severity).toBe("error");
  });

  it("R7 names the near port 1 and the far port 6", () => {
    const { j, ch } = run(REFERENCE[6]!);
    const f = j.findings[0]!;
    expect(f.severity).toBe("warning");
    expect(f.elements.map((e) => e.id).sort()).toEqual([ch.steps[0], ch.steps[3]].sort());
    expect(ch.steps[0]).toMatch(/:1\/1$/);
    expect(ch.steps[3]).toMatch(/:1\/6$/);
  });

  it("R9 stops the fibers at the panel instead of inventing polarity errors", () => {
    const { ch } = run(REFERENCE[8]!);
    const t = trace(ch.model, ch.a);
    expect(t.fibers).toHaveLength(16);
    expect(new Set(t.fibers.map((f) => f.end.kind))).toEqual(new Set(["no-mate"]));
  });

  it("R10 flags both matings between single-mode cords and the OM4 trunk", () => {
    const { j, ch } = run(REFERENCE[9]!);
    expect(j.findings.map((f) => f.elements[0]!.id).sort()).toEqual([ch.steps[0], ch.steps[1]].sort());
  });
});

describe("connectivity methods §7", () => {
  it.each(METHODS)("$id: $drawing", (c) => {
    const { j, codes } = run(c);
    expect(codes).toEqual([...c.codes].sort());
    expect(j.verdict).toBe(c.verdict);
  });

  it("method B without relabeling sends port k to port 7-k on every port", () => {
    for (let k = 1; k <= 6; k++) {
      const ch = linearChannel(
        SR,
        [
          { cable: "lc-ab-om4" },
          { module: "cas-mpo12-6xlc-methodB-m-om4", enter: "front", port: String(k) },
          { cable: "mpo12-typeB-ff-om4", m: DUPLEX_TRUNK },
        ],
        null,
      );
      const t = trace(ch.model, ch.a);
      // Port k carries rear positions 2k-1, 2k; the Type B adapter and trunk bring them to the
      // trunk's far plug at 2k-1, 2k, which a far Type B adapter turns into 14-2k, 13-2k:
      // port 7-k of the far module.
      const positions = t.fibers.map((f) => (f.end.kind === "open-cable-end" ? f.end.position : -1));
      expect(positions.sort((x, y) => x - y)).toEqual([2 * k - 1, 2 * k]);
    }
  });

  it("every method row passes on every cassette port with lane identity", () => {
    for (const c of METHODS.filter((m) => m.verdict === "pass" && m.a === SR)) {
      for (let k = 1; k <= 6; k++) {
        const steps = c.steps.map((s) => ("module" in s ? { ...s, port: String(k) } : s));
        const ch = linearChannel(c.a, steps, c.b, { conventions: LOW_LOSS });
        expect(judgeChannel(ch.model, ch.a).verdict, `${c.id} port ${k}`).toBe("pass");
      }
    }
  });

  it("a site with every method row judges each one as its own channel", () => {
    const all = [...REFERENCE, ...METHODS];
    // judgeSite on each model separately must agree with judgeChannel
    for (const c of all) {
      const ch = linearChannel(c.a, c.steps, c.b, { conventions: LOW_LOSS });
      const site = judgeSite(ch.model);
      expect(site.channels).toHaveLength(c.members === 1 ? 2 : 1);
      for (const channel of site.channels) expect(channel.verdict, c.id).toBe(c.verdict);
    }
  });
});
