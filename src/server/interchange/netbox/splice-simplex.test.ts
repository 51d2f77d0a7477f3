/**
 * Splice trays (NetBox rear port type `splice`) and simplex adapters (`lc`/`sc` said to be
 * simplex, `st`, `fc`): how a file's positions become fibers, what is asked, and an imported splice
 * tray carrying a real channel through the engine at the splice loss.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LOSS_DEFAULTS, SiteBuilder, judgeChannel, type ModuleType } from "../../../domain";
import { convertNetboxType, type Answers, type NetboxTypeConversion } from "./index";
import { netboxPortType, portTypeInfo } from "./slugs";

const FIBER_SET = fileURLToPath(new URL("./__fixtures__/devicetype-library-fiber/", import.meta.url));
const convert = (text: string | Uint8Array, answers?: Answers, file = "module-types/Test/part.yaml") => convertNetboxType(text, { file, ...(answers ? { answers } : {}) });

function cassette(r: NetboxTypeConversion): ModuleType {
  if (r.outcome !== "converted") throw new Error(`expected converted, got ${r.outcome}: ${JSON.stringify(r.outcome === "refused" ? r.errors : r.questions.map((q) => q.field))}`);
  if (r.part.family !== "cassette") throw new Error(`expected a cassette, got ${r.part.family}`);
  return r.part.type;
}
const fiberMap = (t: ModuleType) => t.fibers.map((f) => `${f.a.connector}>${f.b.connector}#${f.b.position}`);

/** A splice tray: `fronts` front ports (names given) each on its own one-position splice rear. */
function tray(comments: string, fronts: string[], type = "lc-upc"): string {
  const lines = ["manufacturer: Test", "model: Tray", `comments: "${comments}"`, "front-ports:"];
  fronts.forEach((n, i) => lines.push(`  - {name: "${n}", type: ${type}, rear_port: "S${i + 1}", rear_port_position: 1}`));
  lines.push("rear-ports:");
  fronts.forEach((_n, i) => lines.push(`  - {name: "S${i + 1}", type: splice, positions: 1}`));
  return lines.join("\n") + "\n";
}

describe("NetBox port types", () => {
  it("st, fc and splice are families of their own; lc and sc stay duplex until the file says simplex", () => {
    expect(portTypeInfo("st").family).toBe("ST");
    expect(portTypeInfo("fc-apc")).toMatchObject({ family: "FC", polish: "APC" });
    expect(portTypeInfo("splice").family).toBe("splice");
    expect(portTypeInfo("lc-upc").family).toBe("LC");
    expect(portTypeInfo("lsh-apc")).toMatchObject({ family: "LSH", polish: "APC" });
    expect(portTypeInfo("mu").unsupported).toMatch(/no MU/);
    expect([netboxPortType("LC-simplex", "APC"), netboxPortType("SC-simplex"), netboxPortType("ST"), netboxPortType("FC", "APC"), netboxPortType("splice")]).toEqual([
      "lc-apc",
      "sc",
      "st",
      "fc-apc",
      "splice",
    ]);
  });
});

describe("splice trays", () => {
  it("a rear named for two fibers makes each duplex front a pair of splices", () => {
    const t = cassette(convert(tray("Splice cassette, 12 fibers, OS2", ["1-2", "3-4", "5-6", "7-8", "9-10", "11-12"])));
    expect(t.ports.filter((p) => p.role === "rear").every((p) => p.family === "splice" && p.key === "A")).toBe(true);
    expect(t.ports.filter((p) => p.role === "front").map((p) => `${p.name} ${p.family} ${p.key}`)).toEqual(["1-2 LC B", "3-4 LC B", "5-6 LC B", "7-8 LC B", "9-10 LC B", "11-12 LC B"]);
    expect(fiberMap(t).slice(0, 4)).toEqual(["S1.1>1-2#1", "S1.2>1-2#2", "S2.1>3-4#1", "S2.2>3-4#2"]);
  });

  it("A and B halves named .a and .b are joined into duplex adapters, one splice per fiber", () => {
    const t = cassette(convert(tray("Rear splice panel, OS2", ["Port/1.a", "Port/1.b", "Port/2.a", "Port/2.b"])));
    expect(t.ports.filter((p) => p.role === "front").map((p) => p.name)).toEqual(["Port/1", "Port/2"]);
    expect(fiberMap(t)).toEqual(["S1>Port/1#1", "S2>Port/1#2", "S3>Port/2#1", "S4>Port/2#2"]);
  });

  it('"N x LC Duplex" with 2N ports: consecutive ports are the A and B of one adapter', () => {
    const r = convert(tray("Includes 2 x LC SM Duplex", ["Port 1", "Port 2", "Port 3", "Port 4"]), { fiber: "OS2" });
    const t = cassette(r);
    expect(r.outcome === "converted" && r.inferred.positionUnit).toMatchObject({ value: "halves", source: "comments" });
    expect(t.ports.filter((p) => p.role === "front").map((p) => p.name)).toEqual(["Port_1-2", "Port_3-4"]);
  });

  it("asks when nothing says whether a front port is a pair or one fiber, and makes simplex adapters when told one fiber", () => {
    const text = tray("Splice module, OS2", ["1", "2", "3", "4"]);
    const r = convert(text);
    expect(r.outcome).toBe("needs-answers");
    const q = r.outcome === "needs-answers" ? r.questions.find((x) => x.field === "positionUnit") : undefined;
    expect(q?.choices.map((c) => c.value)).toEqual(["pair", "halves", "strand"]);
    const done = convert(text, { positionUnit: "strand" });
    const t = cassette(done);
    expect(t.ports.filter((p) => p.role === "front").map((p) => `${p.family} ${p.key}`)).toEqual(Array(4).fill("LC-simplex A"));
    expect(done.warnings.map((w) => w.message).join(" ")).toMatch(/imported as LC-simplex adapters/);
    expect(cassette(convert(text, { positionUnit: "pair" })).fibers).toHaveLength(8);
  });

  it("ST fronts on splices are simplex without a question", () => {
    const t = cassette(convert(tray("ST rear splice panel, OM3", ["1", "2"], "st"), { frontPolish: "UPC" }));
    expect(fiberMap(t)).toEqual(["S1>1#1", "S2>2#1"]);
    expect(t.ports.filter((p) => p.role === "front").map((p) => `${p.family} ${p.key}`)).toEqual(["ST A", "ST A"]);
  });

  it("refuses MPO fronts on a splice rear, and a splice as a front port", () => {
    const mpo = "manufacturer: T\nmodel: M\nfront-ports:\n  - {name: F, type: mpo, rear_port: S, rear_port_position: 1}\nrear-ports:\n  - {name: S, type: splice, positions: 12}\n";
    const r = convert(mpo);
    expect(r.outcome === "refused" && r.errors[0]!.message).toMatch(/MPO on a splice rear/);
    const front = "manufacturer: T\nmodel: M\nfront-ports:\n  - {name: F, type: splice, rear_port: S, rear_port_position: 1}\nrear-ports:\n  - {name: S, type: splice}\n";
    const f = convert(front);
    expect(f.outcome === "refused" && f.errors[0]!.message).toMatch(/front port "F" is a splice/);
  });

  it("an imported splice tray carries a 10GBASE-LR channel over a spliced cable, at the splice loss", () => {
    const file = "module-types/Leviton/SPLCS-12L.yml";
    const type = cassette(convertNetboxType(readFileSync(FIBER_SET + file), { file }));
    //  [X lr] --lc ab 2 m-- {tray 1} ~~ spliced 12 f 1000 m ~~ {tray 2} --lc ab 2 m-- [Y lr]
    // The pair is spliced crossed at one end (reverse-pair positioning): fiber 1 on A at tray 1 and
    // on B at tray 2, so the link has one crossing and the two A-to-B cords make three.
    const b = new SiteBuilder({ id: "s" }, [type]);
    b.device("X", "switch").device("Y", "switch").device("P1", "panel").device("P2", "panel");
    const x = b.cage("X", "1", "sfpp-10gbase-lr");
    const y = b.cage("Y", "1", "sfpp-10gbase-lr");
    b.module("P1", "1", type.id);
    b.module("P2", "1", type.id);
    b.cable("cx", "lc-ab-os2", 2, { a1: x, b1: "P1:1/1" });
    b.cable("trunk", "spliced-12f-os2", 1000, { a1: "P1:1/Splice.1", a2: "P1:1/Splice.2", b1: "P2:1/Splice.2", b2: "P2:1/Splice.1" });
    b.cable("cy", "lc-ab-os2", 2, { a1: "P2:1/1", b1: y });
    const j = judgeChannel(b.build(), x);
    expect(j.findings).toEqual([]);
    expect(j.verdict).toBe("pass");
    expect(j.links[0]!.matedPairs).toBe(2);
    expect(j.links[0]!.lossDb).toBeCloseTo(2 * 0.75 + 2 * LOSS_DEFAULTS.splice.db + 1.004 * 0.4, 6);
    // Spliced straight at both ends, the same cords bring Tx to Tx.
    const straight = new SiteBuilder({ id: "s" }, [type]);
    straight.device("X", "switch").device("Y", "switch").device("P1", "panel").device("P2", "panel");
    straight.cage("X", "1", "sfpp-10gbase-lr");
    straight.cage("Y", "1", "sfpp-10gbase-lr");
    straight.module("P1", "1", type.id);
    straight.module("P2", "1", type.id);
    straight.cable("cx", "lc-ab-os2", 2, { a1: x, b1: "P1:1/1" });
    straight.cable("trunk", "spliced-12f-os2", 1000, { a1: "P1:1/Splice.1", a2: "P1:1/Splice.2", b1: "P2:1/Splice.1", b2: "P2:1/Splice.2" });
    straight.cable("cy", "lc-ab-os2", 2, { a1: "P2:1/1", b1: y });
    expect(judgeChannel(straight.build(), x).findings.map((f) => f.code)).toContain("POLARITY_TX_TO_TX");
  });
});

describe("simplex adapter plates", () => {
  it("refuses ST fronts behind an MPO rear, saying so", () => {
    const text = "manufacturer: T\nmodel: M\nfront-ports:\n  - {name: '1', type: st, rear_port: R, rear_port_position: 1}\n  - {name: '2', type: st, rear_port: R, rear_port_position: 2}\nrear-ports:\n  - {name: R, type: mpo, positions: 12}\n";
    const r = convert(text);
    expect(r.outcome === "refused" && r.errors[0]!.message).toMatch(/is ST, one fiber, behind MPO rear port "R": cassettes with simplex fronts are not imported yet/);
  });

  it('"SC Simplex" plates are SC simplex adapters, one fiber, with the polish of the port type', () => {
    const file = "module-types/Panduit/FAP12WAGSCZ.yaml";
    const r = convertNetboxType(readFileSync(FIBER_SET + file), { file });
    expect(r.outcome).toBe("converted");
    if (r.outcome !== "converted" || r.part.family !== "adapter-plate") return;
    expect(r.part.adapters).toHaveLength(12);
    expect(r.part.adapters.every((a) => a.family === "SC-simplex" && a.key === "A" && a.polish === "APC")).toBe(true);
    expect(r.inferred.simplex).toMatchObject({ value: "SC-simplex" });
  });
});
