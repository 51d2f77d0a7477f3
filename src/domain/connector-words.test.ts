import { describe, expect, it } from "vitest";
import { getBuiltInType, listBuiltInTypeIds } from "./catalog";
import { cableWords, connectorWords, typeWords } from "./connector-words";

describe("connector and type words", () => {
  it("says a connector's family, gender and polish", () => {
    expect(connectorWords({ family: "MPO-12", gender: "male", polish: "APC" })).toBe("MPO-12 male, APC");
    expect(connectorWords({ family: "LC", polish: "UPC" })).toBe("LC, UPC");
  });

  it("says an MPO cord as the engineer orders it", () => {
    const t = {
      fiber: "OS2" as const,
      polarity: "B" as const,
      connectors: [
        { id: "a1", end: "a" as const, family: "MPO-12" as const, gender: "male" as const, polish: "APC" as const },
        { id: "b1", end: "b" as const, family: "MPO-12" as const, gender: "male" as const, polish: "APC" as const },
      ],
    };
    expect(cableWords(t)).toBe("MPO-12 male, APC, OS2, Type B");
  });

  it("describes every built-in type without its id, and names a conversion cord's two ends", () => {
    for (const id of listBuiltInTypeIds()) {
      const words = typeWords(getBuiltInType(id)!);
      expect(words, id).not.toContain(id);
      expect(words.length, id).toBeGreaterThan(5);
    }
    const conversion = listBuiltInTypeIds().map((id) => getBuiltInType(id)!).find((t) => t.kind === "cable" && t.cableKind === "conversion");
    if (conversion) expect(typeWords(conversion)).toMatch(/ to /);
  });

  it("calls a multiplexer and a tap what they are, not cassettes", () => {
    expect(typeWords(getBuiltInType("cwdm-8ch-1471-lc-os2")!)).toBe("CWDM mux/demux: LC, UPC rear to 8 × LC, UPC front, OS2");
    expect(typeWords(getBuiltInType("tap-70-30-lc-os2")!)).toMatch(/^TAP: LC, UPC rear to 3 × LC, UPC front, OS2/);
    expect(typeWords(getBuiltInType("cas-mpo12-6xlc-methodB-f-os2")!)).toMatch(/^cassette: /);
  });
});

describe("the optics a cage is offered", () => {
  it("offers an SFP28 cage SFP optics only, and a QSFP-DD cage the QSFP family", async () => {
    const { fitsCage } = await import("./transceivers");
    expect(fitsCage("sfp28", "sfp28")).toBe(true);
    expect(fitsCage("sfp28", "sfpp")).toBe(true);
    expect(fitsCage("sfp28", "cxp")).toBe(false);
    expect(fitsCage("sfp28", "osfp")).toBe(false);
    expect(fitsCage("qsfpdd", "qsfp28")).toBe(true);
    expect(fitsCage(null, "osfp")).toBe(true);
  });
});
