/**
 * Device-type conversion: the position rule, both mapping formats, inference with its sources,
 * questions and answers, precise errors on malformed files, and the converted cassettes checked
 * against the engine's own built-in cassettes and channel judge.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { getBuiltInType, judgeSite, parseSiteFile, type ModuleType } from "../../../domain";
import { convertNetboxType, expandModuleToken, ferrulePortName, type Answers, type NetboxTypeConversion } from "./index";

const ROOT = fileURLToPath(new URL("./__fixtures__/devicetype-library/", import.meta.url));
const fixture = (path: string) => readFileSync(ROOT + path);

const convert = (text: string | Uint8Array, answers?: Answers, file = "module-types/Test/part.yaml") =>
  convertNetboxType(text, { file, ...(answers ? { answers } : {}) });

function converted(r: NetboxTypeConversion) {
  if (r.outcome !== "converted") throw new Error(`expected converted, got ${r.outcome}: ${JSON.stringify(r.outcome === "refused" ? r.errors : r.questions.map((q) => q.field))}`);
  return r;
}
function cassette(r: NetboxTypeConversion): ModuleType {
  const c = converted(r);
  if (c.part.family !== "cassette") throw new Error(`expected a cassette, got ${c.part.family}`);
  return c.part.type;
}
function errors(r: NetboxTypeConversion) {
  if (r.outcome !== "refused") throw new Error(`expected refused, got ${r.outcome}`);
  return r.errors.map((e) => `${e.line ?? "-"}:${e.column ?? "-"} ${e.path}: ${e.message}`);
}
function questions(r: NetboxTypeConversion) {
  if (r.outcome !== "needs-answers") throw new Error(`expected needs-answers, got ${r.outcome}`);
  return r.questions;
}
const fiberMap = (t: ModuleType) => t.fibers.map((f) => `${f.a.connector}#${f.a.position}>${f.b.connector}#${f.b.position}`);

/** A legacy-format MPO → LC cassette: `n` duplex fronts on one rear of `n` positions. */
function legacy(n: number, comments: string, extra = ""): string {
  const fronts = Array.from(
    { length: n },
    (_, i) => `  - name: '{module}:${2 * i + 1}-${2 * i + 2}'\n    type: lc\n    rear_port: '{module}:R'\n    rear_port_position: ${i + 1}\n`,
  ).join("");
  return `---\nmanufacturer: Acme\nmodel: AC-${n}\ncomments: ${JSON.stringify(comments)}\n${extra}front-ports:\n${fronts}rear-ports:\n  - name: '{module}:R'\n    type: mpo\n    positions: ${n}\n`;
}

const DONE: Answers = { rearGender: "male", rearPolish: "UPC", frontPolish: "UPC" };

describe("position rule: NetBox positions to strands", () => {
  it("a 6-position MPO rear with 6 LC duplex fronts: position k = strands 2k-1 and 2k of an MPO-12", () => {
    const t = cassette(convert(legacy(6, "Type A, OM4, MTP-12 (Male)"), { rearPolish: "UPC", frontPolish: "UPC" }));
    expect(t.ports[0]).toMatchObject({ name: "R", role: "rear", family: "MPO-12", key: "A", gender: "male" });
    expect(fiberMap(t).slice(4, 6)).toEqual(["R#5>5-6#1", "R#6>5-6#2"]);
  });

  it("4 positions make an MPO-8, whose strands sit on ferrule positions 1-4 and 9-12", () => {
    const t = cassette(convert(legacy(4, "Type A OM4"), DONE));
    expect(t.ports[0]!.family).toBe("MPO-8");
    expect(t.fibers.map((f) => f.a.position)).toEqual([1, 2, 3, 4, 9, 10, 11, 12]);
  });

  it("12 positions fit an MPO-24 per pair and an MPO-12 per strand: Ferrule asks, and each answer gives its own map", () => {
    const text = legacy(12, "Type A OM4").replace(/'\{module\}:\d+-\d+'/g, (_, i: number) => `'{module}:P${i}'`);
    const q = questions(convert(text, DONE)).find((x) => x.field === "positionUnit")!;
    expect(q.choices.map((c) => c.value)).toEqual(["pair", "strand"]);
    const pair = cassette(convert(text, { ...DONE, positionUnit: "pair" }));
    expect(pair.ports[0]!.family).toBe("MPO-24");
    expect(pair.fibers).toHaveLength(24);
    const strand = convert(text, { ...DONE, positionUnit: "strand" });
    const t = cassette(strand);
    expect(t.ports[0]!.family).toBe("MPO-12");
    expect(t.fibers).toHaveLength(12);
    expect(t.fibers.every((f) => f.b.position === 1)).toBe(true);
    expect(converted(strand).warnings.map((w) => w.message).join("\n")).toContain("position B of these ports is left dark");
  });

  it("a stated fiber count decides between pair and strand, and says where it came from", () => {
    const text = legacy(12, "24 Fibers, Type A OM4").replace(/'\{module\}:\d+-\d+'/g, (_, i: number) => `'{module}:P${i}'`);
    const r = converted(convert(text, DONE));
    expect(r.inferred.positionUnit).toEqual({ value: "pair", source: "comments", text: "24 Fibers, Type A OM4" });
    expect(r.inferred.rearFamily?.value).toBe("MPO-24");
  });

  it("per-strand files pair their fronts by A/B labels into duplex ports (Panduit FC2XO-24-10AS)", () => {
    const r = converted(convertNetboxType(fixture("module-types/Panduit/FC2XO-24-10AS.yaml"), { file: "module-types/Panduit/FC2XO-24-10AS.yaml", answers: DONE }));
    expect(r.inferred.positionUnit).toMatchObject({ value: "strand", source: "port-label" });
    if (r.part.family !== "cassette") throw new Error();
    expect(fiberMap(r.part.type).slice(0, 4)).toEqual(["1#1>01#1", "1#2>01#2", "1#3>02#1", "1#4>02#2"]);
    expect(r.part.portNames.filter((p) => p.ferrule === "01")).toEqual([
      { netbox: "{module}:01", role: "front", ferrule: "01", positions: [1] },
      { netbox: "{module}:02", role: "front", ferrule: "01", positions: [2] },
    ]);
  });

  it("evidence that disagrees about the unit is a question, not a guess", () => {
    // Names say two fibers per front (pair: 12 fibers), the comments say 6 fibers (strand).
    const qs = questions(convert(legacy(6, "6 Fibers, Type A OM4"), DONE));
    const q = qs.find((x) => x.field === "positionUnit")!;
    expect(q.evidence.map((e) => `${e.value}@${e.source}`)).toEqual(["pair@port-names", "strand@comments"]);
  });

  it("a position count that fits no MPO is refused with the arithmetic", () => {
    expect(errors(convert(legacy(5, "Type A OM4"), DONE))).toEqual([
      expect.stringMatching(/rear-ports\[0\]\.positions: rear port "\{module\}:R" has 5 positions, one per duplex pair: 10 fibers, which no MPO has/),
    ]);
  });
});

describe("both mapping formats", () => {
  const mappings = `---
manufacturer: Acme
model: AC-6
comments: "Type A OM4, MTP-12 (Male)"
front-ports:
${[1, 2, 3, 4, 5, 6].map((k) => `  - { name: "{module}:${2 * k - 1}-${2 * k}", type: lc, positions: 1 }`).join("\n")}
rear-ports:
  - { name: "{module}:R", type: mpo, positions: 6 }
port-mappings:
${[1, 2, 3, 4, 5, 6].map((k) => `  - { front_port: "{module}:${2 * k - 1}-${2 * k}", front_port_position: 1, rear_port: "{module}:R", rear_port_position: ${k} }`).join("\n")}
`;
  it("legacy inline rear_port and port-mappings give the same type", () => {
    const a = cassette(convert(legacy(6, "Type A OM4, MTP-12 (Male)"), DONE));
    const b = cassette(convert(mappings, DONE));
    expect(b).toEqual(a);
  });

  it("a mapping stated in both formats counts once; two different ones for a rear position are a splitter", () => {
    const both = legacy(6, "Type A OM4, MTP-12 (Male)") + mappings.slice(mappings.indexOf("port-mappings:"));
    expect(cassette(convert(both, DONE)).fibers).toHaveLength(12);
    const split = mappings.replace('rear_port: "{module}:R", rear_port_position: 2 }', 'rear_port: "{module}:R", rear_port_position: 1 }');
    expect(errors(convert(split, DONE))).toEqual([
      expect.stringMatching(/^\d+:\d+ port-mappings\[1\]\.rear_port_position: rear port "\{module\}:R" position 1 is already mapped to front port "\{module\}:1-2" \(port-mappings\[0\]\); one rear position feeding two front ports is a splitter/),
    ]);
  });
});

describe("names", () => {
  it("{module} becomes the bay position in NetBox and disappears inside the Ferrule type", () => {
    expect(expandModuleToken("{module}:1-2", "3")).toBe("3:1-2");
    expect(expandModuleToken("Slot {module} port {module}", "B")).toBe("Slot B port B");
    expect(ferrulePortName("{module}:1-2")).toBe("1-2");
    expect(ferrulePortName("{module}/A-1")).toBe("A-1");
    expect(ferrulePortName("Port 1 @front")).toBe("Port_1_-front");
  });

  it("a rear port named like a front port is prefixed with R (FHZ: rear 1-12 and front 1-12)", () => {
    const r = converted(
      convertNetboxType(fixture("module-types/FS/FHZ-36F3MTPLCOM4.yaml"), {
        file: "module-types/FS/FHZ-36F3MTPLCOM4.yaml",
        answers: { method: "U1", ...DONE },
      }),
    );
    if (r.part.family !== "cassette") throw new Error();
    expect(r.part.type.ports.filter((p) => p.role === "rear").map((p) => p.name)).toEqual(["R1-12", "R13-24", "R25-36"]);
    expect(r.part.portNames[0]).toEqual({ netbox: "{module}:1-12", role: "rear", ferrule: "R1-12", positions: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] });
  });

  it("a module whose port names lack {module} converts with a warning", () => {
    const file = "module-types/Panduit/FC2XO-24-10U.yaml";
    const r = converted(convertNetboxType(fixture(file), { file, answers: { method: "U1", ...DONE } }));
    expect(r.warnings.map((w) => w.message)).toContain("port names lack {module}: two of these modules in one device get the same port names in NetBox");
  });
});

describe("inference, with where it came from", () => {
  it("polarity: Type B is method B with a key-up to key-up rear adapter", () => {
    const r = converted(convert(legacy(6, "MTP-12 Type B cassette, OS2, Male, MTP/UPC, LC/UPC")));
    expect(r.inferred.method).toEqual({ value: "B", source: "comments", text: "MTP-12 Type B cassette, OS2, Male, MT…" });
    expect(r.inferred.rearPolish).toMatchObject({ value: "UPC", source: "comments" });
    expect(r.inferred.frontPolish).toMatchObject({ value: "UPC", source: "comments" });
    expect(cassette(convert(legacy(6, "MTP-12 Type B cassette, OS2, Male, MTP/UPC, LC/UPC"))).ports[0]).toMatchObject({ key: "B", polish: "UPC" });
  });

  it("an APC MPO rear on a key-up to key-up adapter cannot mate: refused, and APC is not offered for one", () => {
    const r = convert(legacy(6, "MTP-12 Type B cassette, OS2, Male, MTP/APC, LC/UPC"));
    expect(r.outcome).toBe("refused");
    if (r.outcome !== "refused") return;
    expect(r.errors[0]!.message).toMatch(/rear MPO is APC .*key-up to key-up .*cannot mate as described/);
    // Single-mode method B with no polish stated: asked, UPC or PC only, and APC is not suggested.
    const q = questions(convert(legacy(6, "MTP-12 Type B cassette, OS2, Male, LC/UPC"))).find((x) => x.field === "rearPolish")!;
    expect(q.choices.map((c) => c.value)).toEqual(["UPC", "PC"]);
    expect(q.suggested).toBeUndefined();
    // The same part with a key-up to key-down rear (method A) keeps APC and its suggestion.
    const qa = questions(convert(legacy(6, "MTP-12 Type A cassette, OS2, Male, LC/UPC"))).find((x) => x.field === "rearPolish")!;
    expect(qa.choices.map((c) => c.value)).toContain("APC");
    expect(qa.suggested?.value).toBe("APC");
  });

  it("polarity: 'Method C' and 'Method U2' are read as methods", () => {
    expect(converted(convert(legacy(6, "Method C, OM3, pinned"), { rearPolish: "UPC", frontPolish: "UPC" })).inferred.method?.value).toBe("C");
    const u2 = cassette(convert(legacy(6, "Universal, Method U2, OM4, unpinned"), { rearPolish: "UPC", frontPolish: "UPC" }));
    expect(u2.method).toBe("U2");
    expect(u2.ports[0]).toMatchObject({ key: "B", gender: "female" });
  });

  it("polarity: 'Universal' names two orientations and two rear keys: what the file does not say is asked", () => {
    // A stated key narrows it to U1 or the same harness in the other A/B orientation.
    const keyed = questions(convert(legacy(6, "Universal polarity, Key Up to Key Down adapter, OM4"), DONE)).find((x) => x.field === "method")!;
    expect(keyed.choices.map((c) => c.value)).toEqual(["U1", "U1-flipped"]);
    expect(keyed.why).toContain("two A/B orientations");
    const q = questions(convert(legacy(6, "Universal polarity, OM4"), DONE)).find((x) => x.field === "method")!;
    expect(q.choices.map((c) => c.value)).toEqual(["U1", "U1-flipped", "U2", "U2-flipped"]);
    expect(q.evidence).toEqual([{ value: "U", source: "comments", text: "Universal polarity, OM4" }]);
    // Answered, the flipped orientation puts fiber k on B of port k.
    const flipped = cassette(convert(legacy(6, "Universal polarity, Key Up to Key Down adapter, OM4"), { ...DONE, method: "U1-flipped" }));
    expect(flipped.fibers.filter((f) => f.b.connector === "1-2").map((f) => `${f.b.position}:${f.a.position}`)).toEqual(["1:12", "2:1"]);
  });

  it("polarity: FS 'Type AF' is the pair-flipped harness with a key-up to key-down rear", () => {
    const af = cassette(convert(legacy(6, "MTP-12 Type AF cassette, OM4, Male, MTP/UPC, LC/UPC")));
    expect(af.method).toBe("AF");
    expect(af.ports[0]).toMatchObject({ role: "rear", key: "A" });
    expect(af.fibers.filter((f) => f.b.connector === "3-4").map((f) => `${f.b.position}:${f.a.position}`)).toEqual(["1:4", "2:3"]);
  });

  it("port words that state the harness ('Strands 1-2') are evidence: a method with another harness is asked", () => {
    const file = `manufacturer: Corning
model: TEST-UM
comments: "Universal Polarity, OM4, MTP 12 F (pinned), MTP/UPC, LC/UPC"
front-ports:
${[1, 2, 3, 4, 5, 6].map((k) => `  - { name: "{module}${k}", type: lc, rear_port: "{module}R", rear_port_position: ${k}, comments: "Front Port ${k} (Strands ${2 * k - 1}-${2 * k})" }`).join("\n")}
rear-ports:
  - { name: "{module}R", type: mpo, positions: 6, comments: "strands 1-12" }
`;
    const r = convertNetboxType(file, { file: "module-types/Test/um.yaml" });
    const q = questions(r).find((x) => x.field === "method")!;
    expect(q.why).toContain("Strands 1-2");
    expect(q.why).toContain("straight harness");
    expect(q.choices.slice(0, 3).map((c) => c.value)).toEqual(["A", "B", "C"]);
    if (r.outcome === "needs-answers") expect(r.inferred.harness).toMatchObject({ value: "straight", source: "port-comments" });
    // Answered B, the harness is the straight one the ports describe.
    const b = cassette(convertNetboxType(file, { file: "module-types/Test/um.yaml", answers: { method: "B" } }));
    expect(b.fibers.filter((f) => f.b.connector === "1").map((f) => f.a.position)).toEqual([1, 2]);
  });

  it("polarity stated two ways (model suffix A, comments Type AF) is a question showing both", () => {
    const q = questions(
      convertNetboxType(fixture("module-types/FS/FHD-1MTP6LCDSMFA.yaml"), { file: "module-types/FS/FHD-1MTP6LCDSMFA.yaml" }),
    ).find((x) => x.field === "method")!;
    expect(q.evidence.map((e) => `${e.value}@${e.source}`)).toEqual(["AF@comments", "A@model"]);
    expect(q.why).toContain("The file says it 2 ways");
  });

  it("the universal harness: port k carries fibers k and n+1-k, and names that say otherwise stay labels", () => {
    const r = converted(
      convertNetboxType(fixture("module-types/FS/FHD-1MTP6LCDOM4U.yaml"), { file: "module-types/FS/FHD-1MTP6LCDOM4U.yaml", answers: { method: "U1", ...DONE } }),
    );
    if (r.part.family !== "cassette") throw new Error();
    expect(fiberMap(r.part.type).slice(0, 4)).toEqual(["1-12#1>1-2#1", "1-12#12>1-2#2", "1-12#2>3-4#1", "1-12#11>3-4#2"]);
    expect(r.warnings.map((w) => w.message).join("\n")).toContain("the port names describe a straight harness");
  });

  it("gender: stated two ways is a question", () => {
    const q = questions(convert(legacy(6, "Type A OM4, Male pins, female housing"), { rearPolish: "UPC", frontPolish: "UPC" }));
    expect(q.map((x) => x.field)).toEqual(["rearGender"]);
  });

  it("fiber: 'OM3/OM4' asks with both first; 'OM4 Single Mode' asks; 'Single Mode' alone asks and suggests OS2", () => {
    const a = questions(convert(legacy(6, "Type A, OM3/OM4, Male"), DONE)).find((q) => q.field === "fiber")!;
    expect(a.choices.slice(0, 2).map((c) => c.value)).toEqual(["OM3", "OM4"]);
    const b = questions(convert(legacy(6, "Type A, 12 Fibers OM4 Single Mode, Male"), DONE)).find((q) => q.field === "fiber")!;
    expect(b.evidence.map((e) => e.value)).toEqual(["OM4", "single-mode"]);
    expect(b.choices.map((c) => c.value).slice(0, 3)).toEqual(["OM4", "OS1", "OS2"]);
    const c = questions(convert(legacy(6, "Type A, Single Mode, Male"), DONE)).find((q) => q.field === "fiber")!;
    expect(c.choices.map((x) => x.value)).toEqual(["OS1", "OS2"]);
    expect(c.suggested?.value).toBe("OS2");
    const d = questions(convert(legacy(6, "Type A, Male"), DONE)).find((q) => q.field === "fiber")!;
    expect(d.choices).toHaveLength(7);
  });

  it("polish from the adapter colour counts on single-mode parts only", () => {
    const sm = converted(convert(legacy(6, "Type A, OS2 Single Mode, 1x MTP-12 (Male) to 6x LC Duplex (Blue)"), { rearPolish: "APC" }));
    expect(sm.inferred.frontPolish).toEqual({
      value: "UPC",
      source: "comments",
      text: "…1x MTP-12 (Male) to 6x LC Duplex (Blue) (single-mode blue = UPC)",
    });
    const mm = questions(convert(legacy(6, "Type A, OM4, 1x MTP-12 (Male) to 6x LC Duplex (Blue)"), { rearPolish: "UPC" }));
    expect(mm.map((q) => q.field)).toEqual(["frontPolish"]);
  });

  it("polish from the port type slug names the key it came from", () => {
    const text = legacy(6, "Type A OM4 Male").replace(/type: lc\n/g, "type: lc-apc\n");
    const r = converted(convert(text, { rearPolish: "APC" }));
    expect(r.inferred.frontPolish).toEqual({ value: "APC", source: "port-type", text: "front-ports[0].type: lc-apc" });
  });

  it("rear polish on a single-mode part is asked with APC suggested, never applied unasked", () => {
    const q = questions(convert(legacy(6, "Type A OS2 Male, LC/UPC"))).find((x) => x.field === "rearPolish")!;
    expect(q.suggested).toEqual({ value: "APC", reason: "single-mode MPO is practically always APC (reference §3)" });
  });

  it("MTP and 0.35 dB give brand MTP and a low-loss rear", () => {
    const t = cassette(convert(legacy(6, "FHD MTP-12 Cassette, Type A, OM4, Male, 0.35dB max"), DONE));
    expect(t.ports[0]).toMatchObject({ brand: "MTP", grade: "low-loss" });
  });

  it("an MPO adapter plate reads its key from 'Key Up to Key Down' and asks the family when several are named", () => {
    const file = "module-types/FS/FHD-FAP12MTPHA.yaml";
    const r = convertNetboxType(fixture(file), { file });
    expect(r.outcome === "needs-answers" && r.inferred.adapterKey).toEqual({
      value: "A",
      source: "comments",
      text: "…/OM4, 12 x MTP®-8/12/24 Key Up to Key Down (https://www.fs.com/uk/…",
    });
    const plate = converted(convertNetboxType(fixture(file), { file, answers: { adapterFamily: "MPO-12" } }));
    expect(plate.part.family === "adapter-plate" && plate.part.adapters[0]).toEqual({
      name: "1",
      family: "MPO-12",
      key: "A",
      netboxFront: "{module}:1",
      netboxRear: "{module}:1",
    });
  });

  it("a housing whose u_height contradicts its model asks which height", () => {
    const file = "device-types/Panduit/FCE2U.yaml";
    const q = questions(convertNetboxType(fixture(file), { file }))[0]!;
    expect(q.field).toBe("uHeight");
    expect(q.evidence.map((e) => `${e.value}@${e.source}`)).toEqual(["1@u_height", "2@model"]);
    const h = converted(convertNetboxType(fixture(file), { file, answers: { uHeight: "2" } }));
    expect(h.part.family === "housing" && h.part.uHeight).toBe(2);
  });

  it("a switch lists its cages with their NetBox types and leaves out management ports", () => {
    const file = "device-types/Cisco/N9K-C9336C-FX2.yaml";
    const r = converted(convertNetboxType(fixture(file), { file }));
    if (r.part.family !== "switch") throw new Error();
    expect(r.part.cages[0]).toEqual({ name: "Ethernet1/1", netbox: "100gbase-x-qsfp28", cage: "qsfp28", speedGbps: 100 });
    expect(r.part.skipped).toEqual([{ name: "mgmt0", type: "1000base-t", reason: "management interface" }]);
    expect(r.warnings[0]!.message).toContain("module bays of a switch (PS1, PS2, Fan 1, Fan 2, …)");
    expect(r.id).toBe("cisco-n9k-c9336c-fx2");
  });
});

describe("device types with fixed ports", () => {
  it("a fixed LC panel is an adapter plate whose names keep their NetBox form", () => {
    const text = `manufacturer: Acme\nmodel: LC-24\nslug: acme-lc-24\nu_height: 1\nfront-ports:\n${[1, 2, 3]
      .map((k) => `  - {name: "Port ${k}", type: lc-upc, rear_port: "Port ${k}"}`)
      .join("\n")}\nrear-ports:\n${[1, 2, 3].map((k) => `  - {name: "Port ${k}", type: lc-upc}`).join("\n")}\n`;
    const r = converted(convertNetboxType(text, { file: "device-types/Acme/LC-24.yaml" }));
    expect(r.kind).toBe("device-type");
    expect(r.id).toBe("acme-lc-24");
    expect(r.warnings).toEqual([]);
    expect(r.part.family === "adapter-plate" && r.part.adapters[2]).toEqual({
      name: "Port_3",
      family: "LC",
      key: "B",
      polish: "UPC",
      netboxFront: "Port 3",
      netboxRear: "Port 3",
    });
  });

  it("a device type with both fiber interfaces and ports, or ports and bays, is refused", () => {
    const both = "manufacturer: A\nmodel: B\nslug: b\ninterfaces:\n  - {name: e1, type: 100gbase-x-qsfp28}\nfront-ports:\n  - {name: f, type: lc, rear_port: r}\nrear-ports:\n  - {name: r, type: lc}\n";
    expect(errors(convertNetboxType(both, { file: "device-types/A/B.yaml" }))[0]).toContain("interfaces: the part has both fiber interfaces and front/rear ports");
    const bays = "manufacturer: A\nmodel: B\nslug: b\nmodule-bays:\n  - {name: '1', position: '1'}\nfront-ports:\n  - {name: f, type: lc, rear_port: r}\nrear-ports:\n  - {name: r, type: lc}\n";
    expect(errors(convertNetboxType(bays, { file: "device-types/A/B.yaml" }))[0]).toContain("module-bays: the part has both fixed front/rear ports and bays");
  });

  it("a switch without any fiber cage is refused, naming the interface types", () => {
    const copper = "manufacturer: A\nmodel: B\nslug: b\ninterfaces:\n  - {name: e1, type: 1000base-t}\n  - {name: e2, type: 1000base-t}\n";
    expect(errors(convertNetboxType(copper, { file: "device-types/A/B.yaml" }))).toEqual([
      "5:3 interfaces: none of the 2 interfaces is a fiber cage or optic (types: 1000base-t)",
    ]);
  });
});

describe("answers", () => {
  it("an answer that is not one of the choices is an error naming the field", () => {
    expect(errors(convert(legacy(6, "Type A OM4"), { ...DONE, rearGender: "pinned" }))).toEqual([
      '-:- answers.rearGender: the answer "pinned" is not one of male, female',
    ]);
  });
  it("an unknown answer field is an error", () => {
    expect(errors(convert(legacy(6, "Type A OM4 Male"), { ...DONE, colour: "blue" } as Answers))[0]).toContain('answers.colour: "colour" is not a question field');
  });
  it("an answer overrides what the file says", () => {
    const r = converted(convert(legacy(6, "Type A OM4 Male"), { ...DONE, fiber: "OM3" }));
    expect(r.inferred.fiber).toEqual({ value: "OM3", source: "answer", text: "answered OM3" });
  });
});

describe("malformed files are refused with file, key path, line and what is wrong", () => {
  const ok = legacy(6, "Type A OM4 Male");

  it("wrong types", () => {
    expect(errors(convert(ok.replace("positions: 6", "positions: six"), DONE))).toEqual([
      '33:16 rear-ports[0].positions: positions must be a whole number from 1 to 1024, not the text "six"',
    ]);
    expect(errors(convert(ok.replace("  - name: '{module}:1-2'", "  - name: 12"), DONE))).toEqual([
      "6:11 front-ports[0].name: the front port's name must be text, not number 12",
    ]);
    expect(errors(convert("manufacturer: Acme\nmodel: X\nfront-ports: {a: 1}\n"))).toEqual([
      "3:14 front-ports: front-ports must be a list, not a mapping",
    ]);
    expect(errors(convert("manufacturer: Acme\nfront-ports: []\n"))).toEqual(["1:1 model: model is required"]);
    expect(errors(convert("- just\n- a list\n"))[0]).toContain("(file): a device-type or module-type file is a mapping of keys");
  });

  it("duplicate port names", () => {
    expect(errors(convert(ok.replace("'{module}:3-4'", "'{module}:1-2'"), DONE))).toEqual([
      '10:11 front-ports[1].name: front port name "{module}:1-2" is used twice (also front-ports[0])',
    ]);
  });

  it("a mapping to a port that does not exist", () => {
    expect(errors(convert(ok.replace("rear_port: '{module}:R'\n    rear_port_position: 3", "rear_port: '{module}:X'\n    rear_port_position: 3"), DONE))).toEqual([
      '16:16 front-ports[2].rear_port: rear port "{module}:X" does not exist (rear ports: "{module}:R")',
    ]);
    const pm = "manufacturer: A\nmodel: B\nfront-ports:\n  - {name: f, type: lc}\nrear-ports:\n  - {name: r, type: mpo, positions: 6}\nport-mappings:\n  - {front_port: g, rear_port: r}\n";
    expect(errors(convert(pm))).toEqual(['8:18 port-mappings[0].front_port: front port "g" does not exist (front ports: "f")']);
  });

  it("a mapping to a position that does not exist", () => {
    expect(errors(convert(ok.replace("rear_port_position: 6", "rear_port_position: 7"), DONE))).toEqual([
      '29:25 front-ports[5].rear_port_position: rear port "{module}:R" has 6 positions; there is no position 7',
    ]);
  });

  it("positions outside 1..1024", () => {
    expect(errors(convert(ok.replace("positions: 6", "positions: 0"), DONE))).toEqual([
      "33:16 rear-ports[0].positions: positions must be from 1 to 1024, not 0",
    ]);
    expect(errors(convert(ok.replace("positions: 6", "positions: 1025"), DONE))).toEqual([
      "33:16 rear-ports[0].positions: positions must be from 1 to 1024, not 1025",
    ]);
    expect(errors(convert(ok.replace("rear_port_position: 1\n", "rear_port_position: 2000\n"), DONE))).toEqual([
      "9:25 front-ports[0].rear_port_position: rear_port_position must be from 1 to 1024, not 2000",
    ]);
  });

  it("truncated YAML: cut inside a quoted name, and cut at a line end", () => {
    const cut = ok.slice(0, ok.indexOf("'{module}:5-6'") + 6);
    expect(errors(convert(cut, DONE))[0]).toMatch(/^\d+:\d+ \(file\): YAML syntax: Missing closing 'quote/);
    const lines = ok.slice(0, ok.indexOf("rear-ports:"));
    expect(errors(convert(lines, DONE))[0]).toBe('8:16 front-ports[0].rear_port: rear port "{module}:R" does not exist (rear ports: none)');
  });

  it("bytes that are not UTF-8 are named by offset, line and column", () => {
    const latin1 = Buffer.from("manufacturer: Acme\nmodel: X\ncomments: MTP\xae cassette\n", "latin1");
    expect(errors(convert(new Uint8Array(latin1)))).toEqual([
      "3:14 (file): not UTF-8: byte 0xAE at offset 41 does not start a valid UTF-8 character; save the file as UTF-8",
    ]);
    // The same text in UTF-8 (the ® of FHD-D82936EM) is fine.
    expect(convert(new TextEncoder().encode("manufacturer: Acme\nmodel: X\ncomments: MTP® plate\n")).outcome).toBe("converted");
  });

  it("a byte-order mark and CRLF line ends are accepted", () => {
    const bytes = new TextEncoder().encode(`\uFEFF${ok.replace(/\n/g, "\r\n")}`);
    expect(cassette(convert(bytes, DONE))).toEqual(cassette(convert(ok, DONE)));
  });

  it("duplicate keys are a YAML error with their line", () => {
    expect(errors(convert("manufacturer: A\nmodel: B\nmodel: C\n"))).toEqual(["3:1 (file): YAML syntax: Map keys must be unique"]);
  });

  it("parts Ferrule does not model say why", () => {
    expect(errors(convert("manufacturer: A\nmodel: B\nslug: b\nu_height: 1\n", undefined, "device-types/A/B.yaml"))).toEqual([
      "1:1 (file): the device type has no front or rear ports, interfaces, or bays: nothing Ferrule models",
    ]);
    const hybrid = "manufacturer: A\nmodel: B\nfront-ports:\n  - {name: f, type: lc, rear_port: r}\nrear-ports:\n  - {name: r, type: sc}\n";
    expect(errors(convert(hybrid))[0]).toContain('front port "f" (lc) passes through to rear port "r" (sc): a hybrid adapter');
    const mpoFront = "manufacturer: A\nmodel: B\nfront-ports:\n  - {name: f, type: mpo, positions: 6, rear_port: r}\nrear-ports:\n  - {name: r, type: mpo, positions: 6}\n";
    expect(errors(convert(mpoFront))[0]).toContain("mpo");
  });
});

describe("robustness", () => {
  it("YAML alias bombs are refused, not expanded", () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nmanufacturer: A\nmodel: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    expect(errors(convert(bomb))[0]).toMatch(/^-:- \(file\): YAML: /);
  });

  it("no cut, splice or byte flip of a sample file makes the conversion throw (property)", () => {
    const samples = ["module-types/FS/FHZ-36F3MTPLCOM4.yaml", "module-types/Panduit/FC2XO-24-10AS.yaml", "device-types/Corning/EDGE-01U.yaml"].map((f) =>
      fixture(f),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 }), (which, at, len, byte) => {
        const src = samples[which]!;
        const i = at % src.length;
        const cut = Buffer.concat([src.subarray(0, i), Buffer.from([byte]), src.subarray(Math.min(src.length, i + (len % 40)))]);
        const r = convertNetboxType(new Uint8Array(cut), { file: "module-types/X/x.yaml", answers: { rearGender: "male" } });
        expect(["converted", "needs-answers", "refused"]).toContain(r.outcome);
        if (r.outcome === "refused") for (const e of r.errors) expect(e.message).not.toBe("");
      }),
      { numRuns: 400 },
    );
  });
});

describe("converted cassettes against the engine", () => {
  /** The engine's built-in cassette with its port names replaced by the converted one's. */
  function sameAsBuiltIn(t: ModuleType, builtInId: string, rename: (name: string) => string) {
    const b = getBuiltInType(builtInId);
    if (b?.kind !== "module") throw new Error(builtInId);
    const norm = (fibers: ModuleType["fibers"], f: (n: string) => string) =>
      fibers.map((x) => `${f(x.a.connector)}#${x.a.position}>${f(x.b.connector)}#${x.b.position}`).sort();
    expect(norm(t.fibers, (n) => n)).toEqual(norm(b.fibers, rename));
    const spec = (p: ModuleType["ports"][number]) => [p.role, p.family, p.key, p.gender, p.polish];
    expect(t.ports.map(spec)).toEqual(b.ports.map(spec));
  }
  const pairName = (n: string) => (n === "R" ? "1-12" : `${2 * Number(n) - 1}-${2 * Number(n)}`);

  it("FS Type A MPO-12 cassette = built-in method A cassette", () => {
    const file = "module-types/FS/FHD-1MTP6LCDOM4A.yaml";
    sameAsBuiltIn(cassette(convertNetboxType(fixture(file), { file, answers: DONE })), "cas-mpo12-6xlc-methodA-m-om4-elite", pairName);
  });

  it("FS universal MPO-12 cassette answered U1 = built-in U1 cassette", () => {
    const file = "module-types/FS/FHD-1MTP6LCDOM4U.yaml";
    sameAsBuiltIn(cassette(convertNetboxType(fixture(file), { file, answers: { method: "U1", ...DONE } })), "cas-mpo12-6xlc-u1-m-om4-mtp", pairName);
  });

  it("FS universal MPO-8 cassette: each rear = built-in MPO-8 U2 cassette", () => {
    const file = "module-types/FS/FHD-3MTP6LCQOM4U.yaml";
    const t = cassette(convertNetboxType(fixture(file), { file, answers: { method: "U2", ...DONE } }));
    const first: ModuleType = {
      ...t,
      ports: t.ports.filter((p) => p.name === "1-8" || ["1-2", "3-4", "5-6", "7-8"].includes(p.name)),
      fibers: t.fibers.filter((f) => f.a.connector === "1-8"),
    };
    sameAsBuiltIn(first, "cas-mpo8-4xlc-u2-m-om4-elite", (n) => (n === "R" ? "1-8" : `${2 * Number(n) - 1}-${2 * Number(n)}`));
  });

  it("Panduit per-strand method A cassette: each rear = built-in method A cassette", () => {
    const file = "module-types/Panduit/FC2XO-24-10AS.yaml";
    const t = cassette(convertNetboxType(fixture(file), { file, answers: DONE }));
    const second: ModuleType = {
      ...t,
      ports: t.ports.filter((p) => p.name === "2" || (p.role === "front" && Number(p.name) > 6)),
      fibers: t.fibers.filter((f) => f.a.connector === "2"),
    };
    sameAsBuiltIn({ ...second, ports: second.ports.map((p) => ({ ...p, brand: "MPO" as const })) }, "cas-mpo12-6xlc-methodA-m-om3", (n) =>
      n === "R" ? "2" : String(Number(n) + 6).padStart(2, "0"),
    );
  });

  // Every mated pair counted as low loss: the converted cassettes' LC fronts are standard grade
  // (the file states 0.35 dB for the MTP only), and the check here is the fiber map, not the loss.
  const example = readFileSync(fileURLToPath(new URL("../../../../examples/m-duplex-a.yaml", import.meta.url)), "utf8").replace(
    "matedPair: by-grade",
    "matedPair: low-loss",
  );
  /** Method A example with its two cassettes (pp1 then pp2) replaced by converted FS cassettes. */
  function withConverted(near: ModuleType, far: ModuleType): string {
    let n = 0;
    const types = near.id === far.id ? [near] : [near, far];
    return (
      example
        .replaceAll("cas-mpo12-6xlc-methodA-m-om4-elite", () => (n++ === 0 ? near.id : far.id))
        .replace(/(pp[12]):1\/R"/g, '$1:1/1-12"')
        .replace(/(pp[12]):1\/(\d)"/g, (_, pp: string, k: string) => `${pp}:1/${2 * Number(k) - 1}-${2 * Number(k)}"`) + stringify({ types })
    );
  }

  it("two converted FS Type A cassettes pass the method A example; one answered as method B fails it", () => {
    const file = "module-types/FS/FHD-1MTP6LCDOM4A.yaml";
    const a = cassette(convertNetboxType(fixture(file), { file, answers: DONE }));
    const site = parseSiteFile(withConverted(a, a));
    if (!site.ok) throw new Error(JSON.stringify(site.errors));
    const pass = judgeSite(site.model);
    expect(pass.counts.channels).toBe(6);
    expect(pass.findings).toEqual([]);
    expect(pass.verdict).toBe("pass");
    const b = cassette(convertNetboxType(fixture(file), { file, answers: { ...DONE, method: "B" } }));
    expect(b.ports[0]!.key).toBe("B");
    const wrong = parseSiteFile(withConverted(a, { ...b, id: `${b.id}-method-b` }));
    if (!wrong.ok) throw new Error(JSON.stringify(wrong.errors));
    const failed = judgeSite(wrong.model);
    expect(failed.verdict).toBe("fail");
    expect(new Set(failed.findings.map((f) => f.code))).toContain("POLARITY_TX_TO_TX");
  });

  it("a stated loss grade reaches every connector: FS '0.35dB max' cassettes keep a 25GBASE-SR channel within its 1.9 dB", () => {
    const file = "module-types/FS/FHD-1MTP6LCDOM4A.yaml";
    const a = cassette(convertNetboxType(fixture(file), { file, answers: DONE }));
    expect(a.ports.every((p) => p.grade === "low-loss")).toBe(true);
    // Pairs by connector grade: a pair is low loss only when both of its connectors are.
    const byGrade = (t: ModuleType) => withConverted(t, t).replace("matedPair: low-loss", "matedPair: by-grade");
    const site = parseSiteFile(byGrade(a));
    if (!site.ok) throw new Error(JSON.stringify(site.errors));
    const link = judgeSite(site.model).channels[0]!.links[0]!;
    // Four low-loss pairs (two LC, two MTP) at 0.35 dB and 44 m of OM4 at 3.5 dB/km.
    expect(link.matedPairs).toBe(4);
    expect(link.lossDb).toBeCloseTo(4 * 0.35 + 0.044 * 3.5, 6);
    expect(link.lossDb).toBeLessThanOrEqual(link.maxLossDb!);
    // Read as standard LC fronts (what the file's port type alone says), the same channel fails.
    const std: ModuleType = { ...a, id: `${a.id}-std`, ports: a.ports.map((p) => (p.role === "front" ? { ...p, grade: "standard" as const } : p)) };
    const worse = parseSiteFile(byGrade(std));
    if (!worse.ok) throw new Error(JSON.stringify(worse.errors));
    const judged = judgeSite(worse.model);
    expect(judged.channels[0]!.links[0]!.lossDb).toBeCloseTo(2 * 0.75 + 2 * 0.35 + 0.044 * 3.5, 6);
    expect(new Set(judged.findings.map((f) => f.code))).toContain("LOSS_OVER_LIMIT");
  });

  it("a stated part loss ('(0.90dB)') is half per mated pair of the cassette", () => {
    const file = "module-types/Leviton/FM-A012CAC0BE.yml";
    const bytes = readFileSync(fileURLToPath(new URL("./__fixtures__/devicetype-library-fiber/", import.meta.url)) + file);
    const t = cassette(convertNetboxType(bytes, { file, answers: { rearGender: "male", rearPolish: "UPC", frontPolish: "UPC" } }));
    expect(t.matedPairLossDb).toBe(0.45);
    // The Leviton file maps 6 LC onto positions 1-6 of a 12-position MTP: read as pairs on an MPO-12.
    expect(t.ports.find((p) => p.role === "rear")!.family).toBe("MPO-12");
    expect(t.fibers).toHaveLength(12);
  });
});

describe("media converters", () => {
  const FIBER = fileURLToPath(new URL("./__fixtures__/devicetype-library-fiber/", import.meta.url));
  const MC = "device-types/Generic/media-converter-1g-sc.yaml";
  const mc = readFileSync(FIBER + MC);
  const part = (lines: readonly string[]) => ["manufacturer: Acme", "model: MC-1", "slug: acme-mc-1", "u_height: 1", ...lines].join("\n");
  const dev = "device-types/Acme/mc.yaml";

  it("asks which fixed optic the SC port is, offering the 1G optics with an SC receptacle; answered, a template cage with that optic, the copper port skipped", () => {
    const [q, ...rest] = questions(convertNetboxType(mc, { file: MC }));
    expect(rest).toEqual([]);
    expect(q!.field).toBe("optic");
    expect(q!.choices.map((c) => c.value)).toEqual(["fixed-sc-1000base-sx", "fixed-sc-1000base-lx"]);
    expect(q!.why).toMatch(/"LAN" \(SC duplex UPC\) of this media converter is a fixed optic.*speed \(1 Gb\/s\)/);
    expect(q!.suggested).toBeUndefined();

    const r = converted(convertNetboxType(mc, { file: MC, answers: { optic: "fixed-sc-1000base-lx" } }));
    expect(r.part).toEqual({
      family: "switch",
      role: "switch",
      cages: [{ name: "LAN", netbox: "sc-upc", transceivers: ["fixed-sc-1000base-lx"], fixedOptic: "fixed-sc-1000base-lx", speedGbps: 1 }],
      skipped: [{ name: "Ethernet", type: "8p8c", reason: "copper front port: out of scope (Ferrule manages fiber); the converter turns it into the optic on LAN" }],
    });
    expect(r.inferred.mediaConverter).toMatchObject({ value: "LAN", source: "port-type", text: "front-ports[0].type: 8p8c mapped to LAN (sc-upc)" });
    expect(r.inferred.speedGbps).toMatchObject({ value: 1, source: "model" });
    expect(r.warnings.map((w) => w.message).join("\n")).toMatch(/copper port "Ethernet" \(8p8c\) is left out \(Ferrule manages fiber\)[\s\S]*u_height 0/);
    // An answer that is not one of the choices (an LC optic for an SC port) is refused, naming the field.
    expect(errors(convertNetboxType(mc, { file: MC, answers: { optic: "sfp-1000base-lx" } }))[0]).toMatch(/answers\.optic: the answer "sfp-1000base-lx" is not one of fixed-sc-1000base-sx, fixed-sc-1000base-lx/);
  });

  it("the words decide the optic when they name the mode, and tell a converter whose copper port is not mapped", () => {
    const r = converted(
      convert(
        part(["comments: Gigabit media converter, single-mode", "front-ports:", "  - {name: RJ45, type: 8p8c}", "rear-ports:", "  - {name: FX, type: sc-upc}"]),
        undefined,
        dev,
      ),
    );
    expect(r.inferred.optic).toMatchObject({ value: "fixed-sc-1000base-lx", source: "comments" });
    expect(r.inferred.mediaConverter).toMatchObject({ source: "comments" });
    expect(r.part.family === "switch" && r.part.skipped.map((s) => s.name)).toEqual(["RJ45"]);
  });

  it("refuses copper beside fiber when the fiber side cannot be told, and a converter whose receptacle no optic has", () => {
    // Two fiber ports: not one optic.
    const two = convert(
      part(["front-ports:", "  - {name: RJ45, type: 8p8c, rear_port: A}", "rear-ports:", "  - {name: A, type: sc-upc}", "  - {name: B, type: sc-upc}"]),
      undefined,
      dev,
    );
    expect(errors(two)[0]).toMatch(/port type "8p8c" is not a fiber connector \(this part mixes copper and fiber ports\)/);
    // Copper next to one fiber port, not mapped to it and no words: not told a converter.
    const loose = convert(part(["front-ports:", "  - {name: RJ45, type: 8p8c}", "rear-ports:", "  - {name: A, type: lc-upc}"]), undefined, dev);
    expect(errors(loose)[0]).toMatch(/is not a fiber connector/);
    // 10G over SC: no built-in optic has an SC receptacle at 10 Gb/s.
    const tenG = convert(part(["model: MC-10G", "front-ports:", "  - {name: RJ45, type: 8p8c, rear_port: FX}", "rear-ports:", "  - {name: FX, type: sc-upc}"]).replace("model: MC-1\n", ""), undefined, dev);
    expect(errors(tenG)[0]).toMatch(/rear-ports\[0\]\.type: the media converter's fiber port "FX" \(SC duplex UPC receptacle at 10 Gb\/s\): no built-in optic has one/);
  });
});
