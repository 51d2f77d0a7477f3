/**
 * A 1G media converter's fixed optic (1000BASE-LX behind a duplex SC receptacle) cabled to a
 * switch's 1000BASE-LX SFP (duplex LC) with a hybrid LC-to-SC cord:
 *   [S sfp-1000base-lx] --lc-sc-ab-os2, 3 m-- [M fixed-sc-1000base-lx]
 * An A-to-B cord joins Tx to Rx and the channel passes; an A-to-A cord brings Tx to Tx.
 */
import { describe, expect, it } from "vitest";
import { FIXED_TRANSCEIVERS, SiteBuilder, fitsCage, getApplication, getBuiltInType, judgeChannel, transceiverSpeedGbps, validateComponentType } from "./index";

function channel(cord: string) {
  const b = new SiteBuilder({ id: "mc" });
  b.device("S", "switch").device("M", "other");
  const s = b.cage("S", "1", "sfp-1000base-lx", "sfp");
  const m = b.cage("M", "LAN", "fixed-sc-1000base-lx");
  b.cable("c", cord, 3, { a1: s, b1: m });
  return { model: b.build(), s, m };
}

describe("a media converter's fixed optic", () => {
  it("1000BASE-SX and -LX on duplex SC are built-in fixed optics of 1 Gb/s, fitting no cage", () => {
    for (const t of FIXED_TRANSCEIVERS) {
      expect(getBuiltInType(t.id)).toBe(t);
      expect(validateComponentType({ ...t, id: `copy-${t.id}` }), t.id).toEqual([]);
      expect(t.receptacle).toEqual({ family: "SC", polish: "UPC" });
      expect(transceiverSpeedGbps(t)).toBe(1);
      expect(fitsCage("sfp", t.formFactor)).toBe(false);
      expect(getApplication(t.application)?.limits.length).toBeGreaterThan(0);
    }
    expect(fitsCage("sfpp", "sfp")).toBe(true);
  });

  it("cabled to a switch's 1000BASE-LX SFP with an LC-to-SC A-to-B cord, makes a passing channel", () => {
    const { model, s, m } = channel("lc-sc-ab-os2");
    const j = judgeChannel(model, s);
    expect(j.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(j.verdict).toBe("pass");
    expect(j.members).toEqual([m, s].sort());
    expect(j.links).toHaveLength(1);
    expect(j.links[0]!.fibers).toBe(2);
  });

  it("with an A-to-A cord Tx meets Tx", () => {
    const { model, s } = channel("lc-sc-aa-os2");
    const j = judgeChannel(model, s);
    expect(j.verdict).toBe("fail");
    expect(j.findings.map((f) => f.code)).toContain("POLARITY_TX_TO_TX");
  });
});
