/**
 * Simplex connectors and fusion splices (fiber-connectivity.md §2, §10): a 10GBASE-LR duplex
 * channel carried over simplex SC cords and a cable fusion-spliced into a splice tray at each end.
 *
 *   [X 10g-lr] --fan-out LC→2 x SC--  {tray T1: SC simplex 1,2 | splices S1,S2}
 *        ~~~ 12-fiber OS2 cable, 500 m, fusion-spliced at both ends ~~~
 *   {tray T2: splices S1,S2 | SC simplex 1,2}  --SC simplex cords s1, s2--  |P2: SC simplex 1,2|
 *        --fan-out 2 x SC→LC-- [Y 10g-lr]
 *
 * The pair is rolled once (s1 from T2:1 to P2:2, s2 from T2:2 to P2:1): Tx reaches Rx. Laid
 * straight, Tx reaches Tx.
 */
import { describe, expect, it } from "vitest";
import { FAMILIES, LOSS_DEFAULTS, SiteBuilder, getBuiltInType, judgeChannel, trace, validateComponentType } from "./index";
import { checkMating } from "./rules/mating";

const LR = "sfpp-10gbase-lr";

function channel(rolled: boolean) {
  const b = new SiteBuilder({ id: "splice" });
  b.device("X", "switch").device("Y", "switch").device("T1", "panel").device("T2", "panel").device("P2", "panel");
  const x = b.cage("X", "1", LR);
  const y = b.cage("Y", "1", LR);
  b.module("T1", "1", "splice-12xscsimplex-os2");
  b.module("T2", "1", "splice-12xscsimplex-os2");
  const p1 = b.adapter("P2", "1", "SC-simplex", "A");
  const p2 = b.adapter("P2", "2", "SC-simplex", "A");
  b.cable("fx", "fanout-lc-2xscsimplex-os2", 2, { a1: x, b1: "T1:1/1", b2: "T1:1/2" });
  b.cable("trunk", "spliced-12f-os2", 500, { a1: "T1:1/S1", a2: "T1:1/S2", b1: "T2:1/S1", b2: "T2:1/S2" });
  b.cable("s1", "scsimplex-os2", 3, { a1: "T2:1/1", b1: rolled ? p2 : p1 });
  b.cable("s2", "scsimplex-os2", 3, { a1: "T2:1/2", b1: rolled ? p1 : p2 });
  b.cable("fy", "fanout-lc-2xscsimplex-os2", 2, { a1: y, b1: `${p1}@rear`, b2: `${p2}@rear` });
  return { model: b.build(), x, y };
}

describe("simplex connectors and splice trays", () => {
  it("are families of one fiber; a splice is fused, not mated", () => {
    for (const f of ["LC-simplex", "SC-simplex", "ST", "FC", "splice"] as const) {
      expect(FAMILIES[f].used).toEqual([1]);
      expect(FAMILIES[f].matesWith).toEqual([f]);
    }
    expect(FAMILIES.splice.joint).toBe("fused");
    expect(FAMILIES.ST.joint).toBe("mated");
  });

  it("built-in trays, simplex cords, fan-outs and spliced cables are valid types", () => {
    for (const id of ["splice-12xscsimplex-os2", "splice-6xlc-os2", "splice-12xst-om3", "scsimplex-os2", "fc-os2-apc", "fanout-lc-2xlcsimplex-om4", "spliced-12f-os2"]) {
      const t = getBuiltInType(id);
      expect(t, id).toBeDefined();
      expect(validateComponentType({ ...t!, id: `copy-${id}` }), id).toEqual([]);
    }
    const tray = getBuiltInType("splice-6xlc-os2");
    expect(tray?.kind === "module" && tray.fibers.filter((f) => f.b.connector === "3").map((f) => [f.a.connector, f.b.position])).toEqual([
      ["S5", 1],
      ["S6", 2],
    ]);
  });

  it("a duplex channel over simplex cords and two splice trays passes, with two splices at the splice loss", () => {
    const { model, x, y } = channel(true);
    const j = judgeChannel(model, x);
    expect(j.findings).toEqual([]);
    expect(j.verdict).toBe("pass");
    expect(j.members).toEqual([x, y].sort());
    // Mated pairs: T1 front, T2 front, P2 (3 x 0.75 dB); splices: T1 S1, T2 S1 (2 x 0.3 dB); 507 m of OS2 at 0.4 dB/km.
    const link = j.links[0]!;
    expect(link.matedPairs).toBe(3);
    expect(link.lengthM).toBe(507);
    expect(link.lossDb).toBeCloseTo(3 * 0.75 + 2 * LOSS_DEFAULTS.splice.db + 0.507 * 0.4, 6);
    const t = trace(model, x);
    expect(t.fibers).toHaveLength(2);
    for (const f of t.fibers) {
      expect(f.end.kind).toBe("transceiver");
      expect(f.splices).toBe(2);
      expect(f.matedPairs).toBe(3);
      expect(f.lossDb).toBeCloseTo(3.0528, 6);
    }
  });

  it("simplex cords laid straight bring Tx to Tx: a polarity error", () => {
    const { model, x } = channel(false);
    const j = judgeChannel(model, x);
    expect(j.verdict).toBe("fail");
    expect([...new Set(j.findings.map((f) => f.code))].sort()).toEqual(["POLARITY_RX_TO_RX", "POLARITY_TX_TO_TX"]);
  });

  it("a splice does not fit a connector, and polish is not asked of a fused joint", () => {
    const party = (family: "splice" | "LC-simplex", polish: "UPC" | "APC") => ({ family, polish, mode: "SM" as const, label: `${family} ${polish}`, ref: { kind: "cable" as const, id: "c" } });
    const at = { kind: "adapter" as const, portLabel: "T1:S1", port: { kind: "port" as const, id: "T1:S1" }, family: "splice" as const, key: "A" as const };
    expect(checkMating({ ...at, a: party("splice", "UPC"), b: party("splice", "APC") })).toEqual([]);
    expect(checkMating({ ...at, a: party("splice", "UPC"), b: party("LC-simplex", "UPC") }).map((f) => f.code)).toEqual(["CONNECTOR_FAMILY_MISMATCH"]);
  });
});
