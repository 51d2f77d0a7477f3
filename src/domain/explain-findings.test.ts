import { describe, expect, it } from "vitest";
import { groupFindings, likelyCulprit, type ExplainFiber, type ExplainHop } from "./explain-findings";

// srv8 ── N-L3-8 (A-to-B) ── LC-B01/1 (method A) ══ T-B01-B03-C1 (Type A) ══ LC-B03/1 (method A) ── F-SRV8 (A-to-B) ── leaf3
const near: ExplainHop = { kind: "cable", id: "n", label: "N-L3-8", polarity: "AB", cableKind: "patch-cord" };
const cas1: ExplainHop = { kind: "module", id: "c1", label: "LC-B01/1", method: "A" };
const trunk: ExplainHop = { kind: "cable", id: "t", label: "T-B01-B03-C1", polarity: "A", cableKind: "trunk" };
const cas2: ExplainHop = { kind: "module", id: "c2", label: "LC-B03/1", method: "A" };
const far: ExplainHop = { kind: "cable", id: "f", label: "F-SRV8", polarity: "AB", cableKind: "patch-cord" };
const path = [near, cas1, trunk, cas2, far];

describe("a channel's findings, grouped and explained", () => {
  it("makes one polarity finding of Tx-to-Tx and Rx-to-Rx, naming both cords of the method A channel and the fix", () => {
    const fibers: ExplainFiber[] = [
      { ok: false, reachesOptic: true, hops: path },
      { ok: false, reachesOptic: true, hops: path },
    ];
    const grouped = groupFindings(
      [
        { code: "POLARITY_TX_TO_TX", severity: "error", message: "Between srv8 and leaf3 transmitters face transmitters (1→1): a cord, trunk or adapter has the wrong polarity type." },
        { code: "POLARITY_RX_TO_RX", severity: "error", message: "Between srv8 and leaf3 receivers face receivers (2→2): a cord, trunk or adapter has the wrong polarity type." },
        { code: "LOSS_OVER_LIMIT", severity: "error", message: "Loss 3.4 dB over 2.9 dB." },
      ],
      fibers,
    );
    expect(grouped).toHaveLength(2);
    expect(grouped[0]!.code).toBe("POLARITY");
    expect(grouped[0]!.messages).toHaveLength(2);
    expect(grouped[0]!.culprit).toMatchObject({ fixes: 2, of: 2, fix: "replace F-SRV8 with an A-to-A cord" });
    expect(grouped[0]!.culprit!.or.map((o) => o.fix)).toEqual(["replace N-L3-8 with an A-to-A cord"]);
    // Traced from the other end, the same answer.
    const back = groupFindings([{ code: "POLARITY_TX_TO_TX", severity: "error", message: "x" }], fibers.map((f) => ({ ...f, hops: [...f.hops].reverse() })));
    expect(back[0]!.culprit!.hop.label).toBe("F-SRV8");
    expect(grouped[1]!.title).toMatch(/loss/i);
    expect(grouped[1]!.culprit).toBeNull();
  });

  it("prefers the part only the wrong lanes cross, even when it is not a cord", () => {
    const good: ExplainFiber = { ok: true, reachesOptic: true, hops: [near, { kind: "cable", id: "t2", label: "T2", polarity: "B", cableKind: "trunk" }] };
    const bad: ExplainFiber = { ok: false, reachesOptic: true, hops: [near, { kind: "cable", id: "t3", label: "T3", polarity: "B", cableKind: "trunk" }] };
    expect(likelyCulprit([good, good, bad, bad])?.fix).toBe("replace T3 with a Type A trunk");
  });

  it("names no culprit when every lane is right or none reaches an optic", () => {
    expect(likelyCulprit([{ ok: true, reachesOptic: true, hops: path }])).toBeNull();
    expect(likelyCulprit([{ ok: false, reachesOptic: false, hops: path }])).toBeNull();
  });
});
