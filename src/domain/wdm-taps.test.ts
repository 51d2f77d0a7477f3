/**
 * Wavelength multiplexers and taps (wdm.ts): site-built example channels.
 *
 * CWDM:  [A 1471 nm] --AB cord-- {MUX 1471 … LINE} ==AB line trunk, 10 km== {LINE … 1471 DEMUX} --AB cord-- [B 1471 nm]
 * TAP:   [A 10GBASE-LR] --AB-- {TAP NET-A | NET-B} --AB-- [B 10GBASE-LR];  {TAP MON-A} --AB-- [tool Rx]
 */
import { describe, expect, it } from "vitest";
import { SiteBuilder, typeTraits, type ModuleType, WDM_KIND_SPECS, SPLIT_KIND_SPECS, channelKeysFor, getBuiltInType, ituChannelNm, judgeChannel, judgeSite, shareLossDb, trace, validateComponentType } from "./index";

const CWDM = (nm: number) => `sfpp-10g-cwdm-${nm}`;

function cwdm(opts: { demuxPort?: number; farOptic?: string; nearOptic?: string } = {}) {
  const b = new SiteBuilder({ id: "cwdm" });
  b.device("A", "switch").device("B", "switch").device("M1", "panel").device("M2", "panel");
  const a = b.cage("A", "1", opts.nearOptic ?? CWDM(1471));
  const a2 = b.cage("A", "2", CWDM(1491));
  const bb = b.cage("B", "1", opts.farOptic ?? CWDM(1471));
  const b2 = b.cage("B", "2", CWDM(1491));
  b.module("M1", "1", "cwdm-8ch-1471-lc-os2");
  b.module("M2", "1", "cwdm-8ch-1471-lc-os2");
  b.cable("ca", "lc-ab-os2", 3, { a1: a, b1: "M1:1/1471" });
  b.cable("ca2", "lc-ab-os2", 3, { a1: a2, b1: "M1:1/1491" });
  b.cable("line", "lc-ab-os2", 10000, { a1: "M1:1/LINE", b1: "M2:1/LINE" });
  b.cable("cb", "lc-ab-os2", 3, { a1: bb, b1: `M2:1/${opts.demuxPort ?? 1471}` });
  b.cable("cb2", "lc-ab-os2", 3, { a1: b2, b1: "M2:1/1491" });
  return { model: b.build(), a, a2, bb, b2 };
}

function tapped(opts: { reversedMonitor?: boolean; tap?: string } = {}) {
  const b = new SiteBuilder({ id: "tap" });
  b.device("A", "switch").device("B", "switch").device("T", "panel").device("TOOL", "server");
  const a = b.cage("A", "1", "sfpp-10gbase-lr");
  const bb = b.cage("B", "1", "sfpp-10gbase-lr");
  const t1 = b.cage("TOOL", "1", "sfpp-10gbase-lr");
  const t2 = b.cage("TOOL", "2", "sfpp-10gbase-lr");
  b.module("T", "1", opts.tap ?? "tap-50-50-lc-os2");
  b.cable("ca", "lc-ab-os2", 3, { a1: a, b1: "T:1/NET-A" });
  b.cable("cb", "lc-ab-os2", 3, { a1: bb, b1: "T:1/NET-B" });
  b.cable("m1", opts.reversedMonitor ? "lc-aa-os2" : "lc-ab-os2", 3, { a1: t1, b1: "T:1/MON-A" });
  b.cable("m2", "lc-ab-os2", 3, { a1: t2, b1: "T:1/MON-B" });
  return { model: b.build(), a, bb, t1, t2 };
}

describe("wavelength multiplexers", () => {
  it("are described in words for the catalog: channels, pass loss; a tap's shares and losses", () => {
    const mux = typeTraits(getBuiltInType("cwdm-8ch-1471-lc-os2")!);
    expect(mux.fiberCount).toBe("CWDM mux/demux: 8 channels, 1471 nm to 1611 nm, sharing line LINE");
    expect(mux.lossGrade).toMatch(/^2\.5 dB per pass \(CWDM default, tag U\)/);
    const tap = typeTraits(getBuiltInType("tap-70-30-lc-os2")!);
    expect(tap.lossGrade).toMatch(/^live 70%: 1\.95 dB; monitor 30%: 5\.63 dB/);
    expect(tap.polarity).toMatch(/monitor outputs one way/);
    expect(typeTraits(getBuiltInType("sfpp-10g-cwdm-1611")!).polarity).toMatch(/coloured optic, 1611 nm$/);
  });

  it("a user type is refused, naming the field, when its bands overlap, a client has no wavelength, or a branch takes all the light", () => {
    const mux = getBuiltInType("cwdm-8ch-1471-lc-os2") as ModuleType;
    const overlap = { ...mux, id: "u-mux", ports: mux.ports.map((p) => (p.name === "1491" ? { ...p, wavelengthNm: 1475 } : p)) };
    expect(validateComponentType(overlap)).toContainEqual({ field: "fibers[2].b.connector", message: '"1491" (1475 nm) and "1471" (1471 nm) share line position LINE#1 with overlapping bands' });
    const bare = { ...mux, id: "u-mux2", ports: mux.ports.map((p) => (p.name === "1511" ? { ...p, wavelengthNm: undefined } : p)) };
    expect(validateComponentType(bare)).toContainEqual({ field: "fibers[4].b.connector", message: '"1511" shares line position LINE#1 but has no wavelength (wavelengthNm)' });
    const tap = getBuiltInType("tap-70-30-lc-os2") as ModuleType;
    const all = { ...tap, id: "u-tap", split: { ...tap.split!, branches: tap.split!.branches.map((b) => ({ ...b, share: 1 })) } };
    expect(validateComponentType(all).map((e) => e.field)).toContain("split.branches[0].share");
    expect(validateComponentType({ ...tap, id: "u-tap2", ports: tap.ports.map((p) => ({ ...p, wavelengthNm: 1310 })) })[0]?.field).toBe("ports[0].wavelengthNm");
  });

  it("turn ITU channels into nm on the 100 GHz grid", () => {
    expect(ituChannelNm(21)).toBe(1560.61);
    expect(ituChannelNm(60)).toBe(1529.55);
    expect(ituChannelNm(34)).toBe(1550.12);
  });

  it("built-in CWDM mux/demux and taps are valid types", () => {
    for (const id of ["cwdm-8ch-1471-lc-os2", "cwdm-18ch-1271-lc-os2", "tap-70-30-lc-os2", "tap-50-50-lc-om4"]) {
      const t = getBuiltInType(id);
      expect(t, id).toBeDefined();
      expect(validateComponentType({ ...t!, id: `copy-${id}` }), id).toEqual([]);
    }
    expect(getBuiltInType("cwdm-8ch-1611-lc-os2")).toBeUndefined();
    expect(getBuiltInType("tap-70-20-lc-os2")).toBeUndefined();
  });

  it("a CWDM channel through mux, line trunk and demux passes, with two filter passes in its loss", () => {
    const { model, a, a2, bb, b2 } = cwdm();
    const j = judgeChannel(model, a);
    expect(j.findings).toEqual([]);
    expect(j.verdict).toBe("pass");
    expect(j.members).toEqual([a, bb].sort());
    const link = j.links[0]!;
    expect(link.lossDb).toBeCloseTo(2 * WDM_KIND_SPECS.cwdm.insertionLossDb + 4 * 0.75 + 10.006 * 0.4, 3);
    // The second wavelength on the same line is a channel of its own.
    expect(judgeChannel(model, a2).members).toEqual([a2, b2].sort());
    const t = trace(model, a);
    expect(t.fibers.map((f) => [f.end.kind, f.wavelengthNm])).toEqual([
      ["transceiver", 1471],
      ["transceiver", 1471],
    ]);
    expect(judgeSite(model).verdict).toBe("pass");
  });

  it("the demux port of another wavelength fails: the line has no 1471 nm way to B, and B's optic is blocked", () => {
    const { model, a, bb } = cwdm({ demuxPort: 1511 });
    const j = judgeChannel(model, a);
    expect(j.verdict).toBe("fail");
    const codes = judgeSite(model).findings.map((f) => f.code);
    expect(codes).toContain("WDM_WAVELENGTH_MISMATCH");
    const mm = judgeChannel(model, bb).findings.find((f) => f.code === "WDM_WAVELENGTH_MISMATCH")!;
    expect(mm.message).toMatch(/sends 1471 nm .* into port 1511 of WDM M2\/1, which passes 1511 nm only/);
    // A's light leaves the demux by the 1471 port, where nothing is plugged.
    expect(j.findings.map((f) => f.code)).toContain("POLARITY_OPEN_PORT");
  });

  it("a grey optic on a coloured port is a finding; the lane takes the port's wavelength", () => {
    const { model, a } = cwdm({ nearOptic: "sfpp-10gbase-lr" });
    const j = judgeChannel(model, a);
    const grey = j.findings.find((f) => f.code === "WDM_GREY_OPTIC");
    expect(grey?.message).toMatch(/grey optic on .*1471 nm WDM port/);
    expect(trace(model, a).fibers[0]!.wavelengthNm).toBe(1471);
  });

  it("a line reaching a demux with no port of that wavelength", () => {
    const b = new SiteBuilder({ id: "nochan" });
    b.device("A", "switch").device("B", "switch").device("M1", "panel").device("M2", "panel");
    const a = b.cage("A", "1", CWDM(1271));
    b.module("M1", "1", "cwdm-18ch-1271-lc-os2");
    b.module("M2", "1", "cwdm-8ch-1471-lc-os2");
    b.cable("ca", "lc-ab-os2", 3, { a1: a, b1: "M1:1/1271" });
    b.cable("line", "lc-ab-os2", 1000, { a1: "M1:1/LINE", b1: "M2:1/LINE" });
    const j = judgeChannel(b.build(), a);
    const f = j.findings.find((x) => x.code === "WDM_NO_CHANNEL");
    expect(f?.message).toMatch(/1271 nm from .* reaches line LINE of WDM M2\/1, which has no client port for it/);
  });

  it("an edit on the line trunk finds every channel through it", () => {
    const { model, a, a2 } = cwdm();
    expect(channelKeysFor(model, { cableId: "line" })).toEqual([judgeChannel(model, a).key, judgeChannel(model, a2).key].sort());
    // Dark fiber from the line fans out: one traced fiber per client wavelength and line position.
    expect(trace(model, "M1:1/LINE").fibers).toHaveLength(2 * 8);
  });
});

describe("taps", () => {
  it("a tapped 10GBASE-LR link passes with the tap's live loss, and each monitor branch reaches a tool's Rx", () => {
    const { model, a, bb, t1, t2 } = tapped();
    const j = judgeChannel(model, a);
    expect(j.findings).toEqual([]);
    expect(j.verdict).toBe("pass");
    expect(j.members).toEqual([a, bb, t1, t2].sort());
    const live = j.links.find((l) => [l.a, l.b].sort().join() === [a, bb].sort().join())!;
    const ex = SPLIT_KIND_SPECS.tap.excessLossDb;
    expect(live.lossDb).toBeCloseTo(shareLossDb(0.5, ex) + 2 * 0.75 + 0.006 * 0.4, 3);
    const mon = j.links.find((l) => [l.a, l.b].sort().join() === [a, t1].sort().join())!;
    expect(mon.lossDb).toBeCloseTo(shareLossDb(0.5, ex) + 2 * 0.75 + 0.006 * 0.4, 3);
    expect(mon.fibers).toBe(1);
    // The trace shows one fiber per output: A's Tx reaches B's Rx, and by MON-A the tool's Rx.
    const t = trace(model, a);
    const tx = t.fibers.filter((f) => f.start.role === "tx");
    expect(tx.map((f) => (f.end.kind === "transceiver" ? [f.end.portId, f.end.role, f.branch?.port ?? "through"] : []))).toEqual([
      [bb, "rx", "through"],
      [t1, "rx", "MON-A"],
    ]);
    // The same channel from the tool's side, and every channel key from an edit on the tap.
    expect(judgeChannel(model, t1).key).toBe(j.key);
    expect(judgeChannel(model, t1).findings).toEqual([]);
    expect(channelKeysFor(model, { moduleId: "T/1" })).toEqual([j.key]);
    expect(judgeSite(model).verdict).toBe("pass");
  });

  it("a 70/30 tap costs less on the live path, and its monitor branch is over 10GBASE-LR's 6.2 dB", () => {
    const { model, a, bb, t1, t2 } = tapped({ tap: "tap-70-30-lc-os2" });
    const j = judgeChannel(model, a);
    const ex = SPLIT_KIND_SPECS.tap.excessLossDb;
    const live = j.links.find((l) => [l.a, l.b].sort().join() === [a, bb].sort().join())!;
    expect(live.lossDb).toBeCloseTo(shareLossDb(0.7, ex) + 2 * 0.75 + 0.006 * 0.4, 3);
    const over = j.findings.filter((f) => f.code === "LOSS_OVER_LIMIT");
    expect(over.map((f) => f.elements.map((e) => e.id))).toEqual([
      [a, t1],
      [bb, t2],
    ]);
  });

  it("an unused monitor output is no finding", () => {
    const b = new SiteBuilder({ id: "tap1" });
    b.device("A", "switch").device("B", "switch").device("T", "panel");
    const a = b.cage("A", "1", "sfpp-10gbase-lr");
    const bb = b.cage("B", "1", "sfpp-10gbase-lr");
    b.module("T", "1", "tap-50-50-lc-os2");
    b.cable("ca", "lc-ab-os2", 3, { a1: a, b1: "T:1/NET-A" });
    b.cable("cb", "lc-ab-os2", 3, { a1: bb, b1: "T:1/NET-B" });
    b.cable("idle", "lc-ab-os2", 3, { a1: "T:1/MON-B" });
    expect(judgeChannel(b.build(), a).findings).toEqual([]);
  });

  it("a reversed monitor fails: the tool's Tx meets the monitor output", () => {
    const { model, a, t1 } = tapped({ reversedMonitor: true });
    const j = judgeChannel(model, a);
    expect(j.verdict).toBe("fail");
    const f = j.findings.find((x) => x.code === "TAP_MONITOR_REVERSED");
    expect(f?.message).toMatch(/monitor output meets a transmitter/);
    expect(judgeChannel(model, t1).key).toBe(j.key);
  });

  it("a line cabled back into its own mux, or a tap's live ports joined, is a loop, found and bounded", () => {
    const b = new SiteBuilder({ id: "loops" });
    b.device("A", "switch").device("M", "panel").device("T", "panel");
    const a = b.cage("A", "1", CWDM(1491));
    b.module("M", "1", "cwdm-8ch-1471-lc-os2");
    b.module("T", "1", "tap-50-50-lc-os2");
    b.cable("ca", "lc-ab-os2", 3, { a1: a, b1: "M:1/1471" });
    b.cable("back", "lc-ab-os2", 3, { a1: "M:1/LINE", b1: "M:1/1491" });
    b.cable("tl", "lc-aa-os2", 3, { a1: "T:1/NET-B", b1: "T:1/NET-A" });
    const s = judgeSite(b.build());
    const loops = s.findings.filter((f) => f.code === "TRACE_LOOP").map((f) => f.elements[0]!.id);
    expect(new Set(loops)).toEqual(new Set(["M:1/LINE", "T:1/NET-A"]));
    expect(s.channels.map((c) => c.key)).toEqual([a]);
  });
});
