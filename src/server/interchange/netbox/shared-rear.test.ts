/**
 * Rear ports that several fronts share: an adapter panel whose file gives its adapters' rears as one
 * rear port of N positions (imported as N adapters, each with its own rear side), against a
 * wavelength multiplexer whose channels really do share the line (imported as a WDM, from the
 * file's words, port labels or port names); and fronts that each pass to an MPO of one position.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SiteBuilder, judgeChannel, trace } from "../../../domain";
import { refusalReason } from "./conformance";
import { convertNetboxType, type AdapterPlatePart, type Answers, type NetboxTypeConversion } from "./index";

const FIBER_SET = fileURLToPath(new URL("./__fixtures__/devicetype-library-fiber/", import.meta.url));
const fixture = (file: string) => convertNetboxType(readFileSync(FIBER_SET + file), { file });
const convert = (text: string, answers?: Answers, file = "module-types/Test/part.yaml") => convertNetboxType(text, { file, ...(answers ? { answers } : {}) });

/** `n` fronts of `type`, front k mapped to position k of one rear port of n positions. */
function oneRear(model: string, n: number, type = "lc", extra: { label?: (k: number) => string; top?: string } = {}): string {
  const lines = ["manufacturer: Test", `model: "${model}"`, ...(extra.top ? [extra.top] : []), "front-ports:"];
  for (let k = 1; k <= n; k++)
    lines.push(`  - {name: "${String(k).padStart(2, "0")}", type: ${type}, rear_port: R, rear_port_position: ${k}${extra.label ? `, label: "${extra.label(k)}"` : ""}}`);
  lines.push("rear-ports:", `  - {name: R, type: ${type}, positions: ${n}}`);
  return lines.join("\n") + "\n";
}

function plate(r: NetboxTypeConversion): AdapterPlatePart {
  if (r.outcome !== "converted") throw new Error(`expected converted, got ${r.outcome}: ${JSON.stringify(r.outcome === "refused" ? r.errors : r.questions.map((q) => q.field))}`);
  if (r.part.family !== "adapter-plate") throw new Error(`expected an adapter plate, got ${r.part.family}`);
  return r.part;
}
const refusal = (r: NetboxTypeConversion) => (r.outcome === "refused" ? { key: refusalReason(r.errors.map((e) => e.message)).key, message: r.errors[0]!.message } : undefined);

describe("an adapter panel whose file gives its adapters' rears as one rear port", () => {
  it("imports as N adapters named from the fronts, each on its own rear position, and says what it inferred", () => {
    const r = convert(oneRear("Fiber Adapter Panel (6 LC Duplex/12 Strand, Aqua)", 6));
    const p = plate(r);
    expect(p.adapters.map((a) => `${a.name} ${a.family} ${a.key} ${a.netboxRear}#${a.netboxRearPosition}`)).toEqual([
      "01 LC B R#1",
      "02 LC B R#2",
      "03 LC B R#3",
      "04 LC B R#4",
      "05 LC B R#5",
      "06 LC B R#6",
    ]);
    expect(r.outcome === "converted" && r.inferred.sharedRear).toEqual({ value: "adapters", source: "model", text: "Fiber Adapter Panel (6 LC Duplex/12 Strand,…" });
    expect(r.warnings.map((w) => w.message)).toContainEqual(
      expect.stringContaining('rear port "R" (LC, 6 positions) is read as the rears of 6 LC adapters, front port k passing to its own rear at position k'),
    );
  });

  it("the imported adapters carry a channel end to end: optic, cord, adapter, cable, adapter, cord, optic", () => {
    const p = plate(fixture("module-types/Panduit/FAP6WAQDLCZ.yaml"));
    //  [X sr] --lc ab 2 m-- |P1 03| --lc ab 40 m-- |P2 03| --lc ab 2 m-- [Y sr]
    const b = new SiteBuilder({ id: "s" });
    b.device("X", "switch").device("Y", "switch").device("P1", "panel").device("P2", "panel");
    const x = b.cage("X", "1", "sfpp-10gbase-sr");
    const y = b.cage("Y", "1", "sfpp-10gbase-sr");
    for (const d of ["P1", "P2"]) for (const a of p.adapters) b.adapter(d, a.name, a.family, a.key);
    b.cable("cx", "lc-ab-om4", 2, { a1: x, b1: "P1:03@front" });
    b.cable("link", "lc-ab-om4", 40, { a1: "P1:03@rear", b1: "P2:03@rear" });
    b.cable("cy", "lc-ab-om4", 2, { a1: "P2:03@front", b1: y });
    const model = b.build();
    const j = judgeChannel(model, x);
    expect(j.findings).toEqual([]);
    expect(j.verdict).toBe("pass");
    const t = trace(model, x);
    expect(t.fibers.map((f) => f.end.kind === "transceiver" && f.end.portId)).toEqual([y, y]);
    // Each adapter's rear is its own: a neighbour adapter's rear is not on the channel.
    expect(t.fibers.flatMap((f) => f.hops.filter((h) => h.kind === "adapter").map((h) => h.kind === "adapter" && h.portId))).not.toContain("P1:04");
  });

  it("LC simplex adapters (the words say simplex) are one fiber each, each on its own rear", () => {
    const p = plate(fixture("module-types/Panduit/FAP12WBULCZ.yaml"));
    expect(p.adapters).toHaveLength(12);
    expect(p.adapters.every((a, i) => a.family === "LC-simplex" && a.key === "A" && a.netboxRearPosition === i + 1)).toBe(true);
  });

  it("the polish in the words (\"LC Duplex APC\") is the adapters' polish", () => {
    const p = plate(fixture("module-types/Panduit/FAP12WAGDLCZ.yaml"));
    expect(p.adapters.every((a) => a.polish === "APC")).toBe(true);
  });

  it("asks when the file does not say it is an adapter panel, and refuses as a multiplexer when told so", () => {
    const text = oneRear("LC unit 6", 6);
    const r = convert(text);
    expect(r.outcome).toBe("needs-answers");
    const q = r.outcome === "needs-answers" ? r.questions.find((x) => x.field === "sharedRear") : undefined;
    expect(q?.choices.map((c) => c.value)).toEqual(["adapters", "wdm", "tap"]);
    expect(q?.why).toContain("The file names neither.");
    expect(plate(convert(text, { sharedRear: "adapters" })).adapters).toHaveLength(6);
    expect(refusal(convert(text, { sharedRear: "wdm" }))?.key).toBe("wdm");
    expect(refusal(convert(text, { sharedRear: "tap" }))?.key).toBe("splitter");
  });

  it("asks when the stated strand count is not that of N adapters", () => {
    const r = convert(oneRear("Fiber Adapter Panel, 6 LC, 2 Fibers", 6));
    expect(r.outcome).toBe("needs-answers");
    const q = r.outcome === "needs-answers" ? r.questions.find((x) => x.field === "sharedRear") : undefined;
    expect(q?.why).toMatch(/says it 2 ways: adapters \(model: .*\); 2 fibers, not the 12 of 6 adapters/);
  });

  it("is not read into a rear that some front does not feed, nor one fed by another family", () => {
    const gap = oneRear("Fiber Adapter Panel", 6).replace("rear_port_position: 6}", "rear_port_position: 5}");
    expect(convert(gap).outcome).toBe("refused");
    const sc = oneRear("Fiber Adapter Panel", 2).replace("{name: R, type: lc", "{name: R, type: sc");
    expect(refusal(convert(sc))?.key).toBe("duplex-rear");
  });
});

const fixtureWith = (file: string, answers: Answers) => convertNetboxType(readFileSync(FIBER_SET + file), { file, answers });
const wdmOf = (r: NetboxTypeConversion) => (r.outcome === "converted" && r.part.family === "cassette" ? r.part.type : undefined);

describe("a multiplexer's channels sharing its line are imported as a WDM, from the file's evidence", () => {
  it("port labels naming ITU channels (ADVA 48CSM: 48 channels onto one network port); the polish it does not say is asked", () => {
    const asked = fixture("device-types/ADVA/f7-48csm-1hu-19600-19130.yaml");
    expect(asked.outcome === "needs-answers" && asked.questions.map((q) => q.field)).toEqual(["frontPolish"]);
    const t = wdmOf(fixtureWith("device-types/ADVA/f7-48csm-1hu-19600-19130.yaml", { frontPolish: "UPC" }))!;
    expect(t.wdm?.kind).toBe("dwdm");
    expect(t.ports.find((p) => p.name === "C1")?.wavelengthNm).toBe(1529.55); // label "ITU 60"
    expect(t.ports.find((p) => p.name === "C48")?.wavelengthNm).toBe(1567.13); // label "ITU 13"
    expect(t.ports.filter((p) => p.role === "front")).toHaveLength(48);
    expect(t.fibers.filter((f) => f.a.connector === "Network" && f.a.position === 1)).toHaveLength(48);
  });

  it("channel labels win over words that say adapter panel", () => {
    const r = convert(oneRear("Fiber Adapter Panel", 4, "lc", { label: (k) => `ITU ${20 + k}` }), { frontPolish: "UPC" });
    expect(wdmOf(r)?.ports.filter((p) => p.role === "front").map((p) => p.wavelengthNm)).toEqual([1560.61, 1559.79, 1558.98, 1558.17]);
    const nm = convert(oneRear("LC unit", 4, "lc", { label: (k) => `${1470 + 20 * k} nm` }), { frontPolish: "UPC" });
    expect(wdmOf(nm)?.wdm?.kind).toBe("cwdm");
  });

  it("an open line system with power supply bays (Smartoptics DCP-M40): its mux/demux is imported, the amplifier said to be unmodelled", () => {
    for (const f of ["device-types/Smartoptics/DCP-M40-PAM4-ER.yaml", "device-types/Smartoptics/DCP-M40-PAM4-ER+.yaml"]) {
      const r = fixture(f);
      const t = wdmOf(r)!;
      expect(t.ports.filter((p) => p.wavelengthNm !== undefined), f).toHaveLength(40);
      expect(r.outcome === "converted" && r.warnings.map((w) => w.message).join(" "), f).toMatch(/bays \(PSU 1, PSU 2\) carry no channel.*amplifies its line/);
    }
  });

  it("a transponder's line ports named for the mux, beside its client cages (Infinera Cloud Xpress 2): a device with interfaces", () => {
    const r = fixture("device-types/Infinera/Cloud-Xpress-2.yml");
    expect(r.outcome).toBe("converted");
    if (r.outcome !== "converted" || r.part.family !== "switch") throw new Error("expected a switch");
    expect(r.part.cages).toHaveLength(12);
    expect(r.part.skipped.filter((s) => s.reason.includes("DWDM line")).map((s) => s.name)).toEqual(["rx-mux0", "tx-mux0"]);
    expect(r.warnings.map((w) => w.message).join(" ")).toContain('rear ports "rx-mux0", "tx-mux0" are the line of the part\'s own DWDM optics');
  });

  it("a multiplexer whose client ports name no channel is refused for that", () => {
    const r = convert(oneRear("CWDM Mux Demux", 4));
    expect(refusal(r)).toEqual({ key: "wdm", message: expect.stringContaining("no client port names its wavelength or ITU channel") });
  });

  it("ports with bays or fiber interfaces and no such evidence are still refused for the mix", () => {
    const bays = "manufacturer: A\nmodel: B\nslug: b\nmodule-bays:\n  - {name: PSU 1, position: '1'}\nfront-ports:\n  - {name: f, type: lc, rear_port: r}\nrear-ports:\n  - {name: r, type: lc}\n";
    expect(refusal(convert(bays, undefined, "device-types/A/B.yaml"))?.key).toBe("ports-and-bays");
    // A switch's words about the optics it takes are not its ports'.
    const cwdm = "manufacturer: A\nmodel: B\nslug: b\ncomments: takes CWDM optics\ninterfaces:\n  - {name: e1, type: 10gbase-x-sfpp}\nfront-ports:\n  - {name: f, type: lc, rear_port: r}\nrear-ports:\n  - {name: r, type: lc}\n";
    expect(refusal(convert(cwdm, undefined, "device-types/A/B.yaml"))?.key).toBe("ports-and-interfaces");
  });
});

describe("fronts that each pass to an MPO of one position", () => {
  it("are refused for the missing fiber map, naming the file's words (Nexconec NGXCA01Q)", () => {
    const r = refusal(fixture("module-types/Nexconec/NGXCA01Q.yaml"));
    expect(r?.key).toBe("mpo-per-port");
    expect(r?.message).toContain('front port "{module}.1.1" (lc) passes through to rear port "{module}.1.1" (mpo) of one position, and so do 23 others');
    expect(r?.message).toContain('(description: "NGX transition Module 24FO SM G657A1")');
  });

  it("a hybrid between two single-adapter families is still the hybrid refusal", () => {
    const hybrid = "manufacturer: A\nmodel: B\nfront-ports:\n  - {name: f, type: lc, rear_port: r}\nrear-ports:\n  - {name: r, type: sc}\n";
    expect(refusal(convert(hybrid))?.key).toBe("hybrid");
  });
});
