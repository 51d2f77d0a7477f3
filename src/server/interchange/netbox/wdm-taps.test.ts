/**
 * Multiplexers, taps and splitters imported from devicetype-library files work in the engine: a
 * DWDM channel through two imported FS FHD mux/demux modules, a link tapped by the imported FS FHX
 * TAP cassette with its monitor to a tool, and the imported 1×N PLC splitter's branches.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SiteBuilder, judgeChannel, trace, type ModuleType, type TransceiverType } from "../../../domain";
import { convertNetboxType, type Answers } from "./index";

const FIBER_SET = fileURLToPath(new URL("./__fixtures__/devicetype-library-fiber/", import.meta.url));
const SAMPLE = fileURLToPath(new URL("./__fixtures__/devicetype-library/", import.meta.url));

function imported(file: string, answers: Answers = {}): ModuleType {
  const r = convertNetboxType(readFileSync((file.startsWith("module-types/FS/FHD-D8") || file.startsWith("module-types/FS/FHX") ? SAMPLE : FIBER_SET) + file), { file, answers });
  if (r.outcome !== "converted" || r.part.family !== "cassette") throw new Error(`${file}: ${r.outcome}`);
  return r.part.type;
}

const dwdmOptic = (channelNm: number): TransceiverType => ({
  kind: "transceiver",
  id: `sfpp-10g-dwdm-${channelNm}`,
  name: `SFP+ 10G DWDM ${channelNm} nm`,
  formFactor: "sfpp",
  application: "10g-dwdm-80",
  receptacle: { family: "LC", polish: "UPC" },
  mode: "SM",
  lanes: [
    { position: 1, role: "tx", lane: 1 },
    { position: 2, role: "rx", lane: 1 },
  ],
  wavelengthNm: channelNm,
  netbox: "10gbase-x-sfpp",
});

describe("imported multiplexers, taps and splitters in the engine", () => {
  it("a DWDM C21 channel through two imported FS FHD-D82128EM3 modules passes at their stated 2.4 dB; into the C22 port it is blocked", () => {
    const mux = imported("module-types/FS/FHD-D82128EM3.yaml");
    const c21 = dwdmOptic(1560.61);
    for (const port of ["C21", "C22"]) {
      const b = new SiteBuilder({ id: "dwdm" }, [mux, c21]);
      b.device("A", "switch").device("B", "switch").device("P1", "panel").device("P2", "panel");
      const a = b.cage("A", "1", c21.id);
      const bb = b.cage("B", "1", c21.id);
      b.module("P1", "1", mux.id);
      b.module("P2", "1", mux.id);
      b.cable("ca", "lc-ab-os2", 3, { a1: a, b1: "P1:1/C21" });
      b.cable("line", "lc-ab-os2", 30000, { a1: "P1:1/LINE", b1: "P2:1/LINE" });
      b.cable("cb", "lc-ab-os2", 3, { a1: bb, b1: `P2:1/${port}` });
      const j = judgeChannel(b.build(), a);
      if (port === "C21") {
        expect(j.findings).toEqual([]);
        expect(j.links[0]!.lossDb).toBeCloseTo(2 * 2.4 + 4 * 0.75 + 30.006 * 0.4, 3);
      } else expect(judgeChannel(b.build(), bb).findings.map((f) => f.code)).toContain("WDM_WAVELENGTH_MISMATCH");
    }
  });

  it("a 10GBASE-LR link through the imported FS FHX TAP cassette: the live path passes, TAP1 reaches the tool's Rx", () => {
    const tap = imported("module-types/FS/FHX-3LCQSMF73.yaml", { tapMonitor: "rear-first", frontPolish: "UPC" });
    const b = new SiteBuilder({ id: "tap" }, [tap]);
    b.device("A", "switch").device("B", "switch").device("TOOL", "server").device("T", "panel");
    const a = b.cage("A", "1", "sfpp-10gbase-lr");
    const bb = b.cage("B", "1", "sfpp-10gbase-lr");
    const tool = b.cage("TOOL", "1", "sfpp-10gbase-lr");
    b.module("T", "1", tap.id);
    b.cable("ca", "lc-ab-os2", 3, { a1: a, b1: "T:1/R1" });
    b.cable("cb", "lc-aa-os2", 3, { a1: "T:1/1", b1: bb });
    b.cable("ct", "lc-ab-os2", 3, { a1: "T:1/1-TAP1", b1: tool });
    const model = b.build();
    const j = judgeChannel(model, a);
    expect(j.members).toEqual([a, bb, tool].sort());
    const live = j.links.find((l) => [l.a, l.b].sort().join() === [a, bb].sort().join())!;
    expect(live.lossDb).toBeCloseTo(10 * Math.log10(1 / 0.7) + 0.4 + 2 * 0.75 + 0.006 * 0.4, 3);
    expect(j.findings.filter((f) => f.code !== "LOSS_OVER_LIMIT")).toEqual([]);
    // The 30 % monitor branch is over 10GBASE-LR's 6.2 dB: said, on the tool's link only.
    expect(j.findings.map((f) => f.elements.map((e) => e.id).sort().join())).toEqual([[a, tool].sort().join()]);
    const tx = trace(model, a).fibers.filter((f) => f.start.role === "tx");
    expect(tx.map((f) => (f.end.kind === "transceiver" ? f.end.portId : f.end.kind))).toEqual([bb, tool]);
  });

  it("the imported 1×4 PLC splitter: a trace from its input lists one fiber per output", () => {
    const plc = imported("module-types/FS/FLG-PLC1x4LGX1LCA.yaml", { fiber: "OS2" });
    expect(plc.split?.branches.map((x) => x.share)).toEqual([0.25, 0.25, 0.25]);
    const b = new SiteBuilder({ id: "plc" }, [plc]);
    b.device("S", "panel");
    b.module("S", "1", plc.id);
    const fibers = trace(b.build(), "S:1/IN", { side: "rear" }).fibers;
    expect(fibers.map((f) => (f.end.kind === "open-port" ? f.end.portId : f.end.kind))).toEqual(["S:1/1", "S:1/2", "S:1/3", "S:1/4"]);
    expect(fibers.map((f) => f.lossDb)).toEqual(Array(4).fill(fibers[0]!.lossDb));
  });
});
