/**
 * Every built-in transceiver over one correct and one wrong channel:
 *   [X t] ==right cord== [Y t]   must pass (no error) with every lane fiber joined Tx→Rx;
 *   [X t] ==wrong cord== [Y t]   (Type A / A-to-A instead of Type B / A-to-B) must show Tx meeting Tx.
 */
import { describe, expect, it } from "vitest";
import { defaultPolish, familyToken } from "./catalog/options";
import { FIXED_TRANSCEIVERS, getBuiltInType, judgeChannel, laneCount, TRANSCEIVERS, type TransceiverType } from "./index";
import { linearChannel } from "./testing";

function cords(t: TransceiverType): { right: string; wrong: string } {
  const grade = t.mode === "MM" ? "om4" : "os2";
  const family = t.receptacle.family;
  if (family === "LC" || family === "SC") {
    const fam = familyToken(family);
    return { right: `${fam}-ab-${grade}`, wrong: `${fam}-aa-${grade}` };
  }
  const polish = t.receptacle.polish ?? defaultPolish(family, t.mode);
  const suffix = polish === defaultPolish(family, t.mode) ? "" : `-${polish.toLowerCase()}`;
  const base = (type: string) => `${familyToken(family)}-type${type}-ff-${grade}${suffix}`;
  return { right: base("B"), wrong: base("A") };
}

describe("built-in transceivers", () => {
  it("cover every application of reference §5 and §9", () => {
    const apps = new Set(TRANSCEIVERS.map((t) => t.application));
    for (const a of [
      "10gbase-sr", "25gbase-sr", "10gbase-lr", "40gbase-sr4", "40gbase-lr4", "100gbase-sr4", "200gbase-sr4",
      "100g-psm4", "400gbase-dr4", "400gbase-sr4", "400gbase-vr4", "400gbase-sr4_2", "400gbase-sr8",
      "800gbase-sr8", "800gbase-dr8", "100gbase-sr10", "100gbase-lr4", "100gbase-fr1", "100g-cwdm4",
      "400gbase-fr4", "400gbase-lr8", "100gbase-dr",
    ])
      expect(apps.has(a), a).toBe(true);
  });

  describe.each([...TRANSCEIVERS, ...FIXED_TRANSCEIVERS].map((t) => [t.id, t] as const))("%s", (_id, t) => {
    const { right, wrong } = cords(t);

    it(`passes over ${right}`, () => {
      expect(getBuiltInType(right), right).toBeDefined();
      const ch = linearChannel(t.id, [{ cable: right, m: 5 }], t.id);
      const j = judgeChannel(ch.model, ch.a);
      expect(j.findings.filter((f) => f.severity !== "info")).toEqual([]);
      expect(j.links).toHaveLength(1);
      expect(j.links[0]!.fibers).toBe(2 * laneCount(t));
      expect(j.fibers).toBe(2 * laneCount(t));
    });

    it(`fails over ${wrong}: Tx meets Tx`, () => {
      const ch = linearChannel(t.id, [{ cable: wrong, m: 5 }], t.id);
      const j = judgeChannel(ch.model, ch.a);
      expect(j.verdict).toBe("fail");
      const tx = j.findings.find((f) => f.code === "POLARITY_TX_TO_TX");
      expect(tx, j.findings.map((f) => f.code).join()).toBeDefined();
      // Every lane is named at both ends.
      const all = Array.from({ length: laneCount(t) }, (_, i) => i + 1);
      expect(tx!.elements[0]!.lanes).toEqual(all);
    });
  });
});
