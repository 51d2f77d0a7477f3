import { describe, expect, it } from "vitest";
import { compileSite } from "./compile";
import { SiteBuilder } from "./site-builder";

describe("compileSite's run types", () => {
  const site = () => {
    const b = new SiteBuilder({ id: "lab" });
    b.device("X", "switch").device("Y", "server");
    const x = b.cage("X", "1", "qsfpp-40gbase-sr4");
    const y = b.cage("Y", "1", "qsfpp-40gbase-sr4");
    b.cable("t", "mpo12-typeB-ff-om4", 5, { a1: x, b1: y });
    return b.build();
  };

  it("are made once per type and conventions, and again under other conventions", () => {
    const a = compileSite(site());
    const b = compileSite(site());
    expect(a.runTypes).toHaveLength(1);
    expect(b.runTypes[0]).toBe(a.runTypes[0]);
    const tia = compileSite(site(), { conventions: { attenuation: "TIA", matedPair: "by-grade" } });
    expect(tia.runTypes[0]).not.toBe(a.runTypes[0]);
    expect(tia.runTypes[0]!.id).toBe(a.runTypes[0]!.id);
    expect(compileSite(site(), { conventions: { attenuation: "TIA", matedPair: "by-grade" } }).runTypes[0]).toBe(tia.runTypes[0]);
  });
});
