/** The site file: errors name the line and the field, the model round-trips, the schema is current. */
import jsyaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { SiteBuilder } from "../site-builder";
import { linearChannel } from "../testing";
import { expandName, parseSiteFile, parseSiteFileInSteps, toSiteFile } from "./index";
import { ITEMS_PER_PIECE, pieceStream, type FilePiece } from "./pieces";

/** The pieces of a site file, or one piece (the whole file) when it is not written the usual way. */
function filePieces(text: string): FilePiece[] {
  const pieces = [...pieceStream(text)];
  return pieces.some((p) => p.kind === "file") ? pieces.filter((p) => p.kind === "file") : pieces;
}

// The examples, the committed JSON Schema and the documentation's example are checked from
// src/cli/files.test.ts, which may read files.

const base = `ferrule: 1
site:
  id: t
devices:
  - id: sw1
    role: switch
    cages:
      - { name: e1, transceiver: qsfp28-100gbase-sr4 }
  - id: pp1
    role: panel
    adapters:
      - { name: "1..2", family: MPO-12, key: A }
    modules:
      - { slot: "3", type: cas-mpo12-6xlc-methodB-m-om4 }
cables:
  - id: c1
    type: mpo12-typeB-ff-om4
    length: 3
    ends:
      a1: sw1:e1
      b1: pp1:1
`;

function errorsOf(text: string) {
  const r = parseSiteFile(text);
  if (r.ok) throw new Error("expected errors");
  return r.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`);
}

describe("parseSiteFile", () => {
  it("builds the model with port ids device:port, module ports slot/port, and default sides", () => {
    const r = parseSiteFile(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.model.ports.map((p) => p.id)).toEqual([
      "sw1:e1",
      "pp1:1",
      "pp1:2",
      "pp1:3/R",
      ...[1, 2, 3, 4, 5, 6].map((k) => `pp1:3/${k}`),
    ]);
    expect(r.model.modules).toEqual([{ id: "pp1/3", deviceId: "pp1", slot: "3", typeId: "cas-mpo12-6xlc-methodB-m-om4" }]);
    expect(r.model.plugs).toEqual([
      { cableId: "c1", connector: "a1", portId: "sw1:e1", side: "front" },
      { cableId: "c1", connector: "b1", portId: "pp1:1", side: "front" },
    ]);
    expect(r.model.site.conventions).toEqual({ attenuation: "ISO", matedPair: "by-grade" });
  });

  it.each([
    ["a YAML syntax error", base.replace("length: 3", "length: [3"), /^1[89]:\d+ \(yaml\): /],
    ["a wrong type", base.replace("length: 3", "length: three"), /^18:13 cables\[0\]\.length: expected number, received string$/],
    ["an unknown field", base.replace("    length: 3", "    length: 3\n    colour: red"), /^19:5 cables\[0\]\.colour: unknown field "colour"$/],
    ["a bad enum", base.replace("key: A", "key: C"), /^12:46 devices\[1\]\.adapters\[0\]\.key: must be one of "A", "B"$/],
    ["a missing field", base.replace("    role: panel\n", ""), /^9:5 devices\[1\]\.role: is required$/],
    ["an unknown cable type", base.replace("mpo12-typeB-ff-om4", "mpo12-typeZ"), /^17:11 cables\[0\]\.type: unknown cable type mpo12-typeZ$/],
    ["an unknown device", base.replace("b1: pp1:1", "b1: pp9:1"), /^21:11 cables\[0\]\.ends\.b1: device pp9 is not defined$/],
    ["an unknown port", base.replace("b1: pp1:1", "b1: pp1:7"), /^21:11 cables\[0\]\.ends\.b1: pp1 has no port 7$/],
    ["a connector the type lacks", base.replace("b1: pp1:1", "b2: pp1:1"), /^21:11 cables\[0\]\.ends\.b2: cable type mpo12-typeB-ff-om4 has no connector b2 \(it has a1, b1\)$/],
    ["the inner side of a module port", base.replace("b1: pp1:1", "b1: pp1:3/R@front"), /cables\[0\]\.ends\.b1: the front of pp1:3\/R is inside its module; plug into the rear/],
    ["an unknown transceiver type", base.replace("qsfp28-100gbase-sr4", "qsfp-nope"), /^8:34 devices\[0\]\.cages\[0\]\.transceiver: unknown transceiver type qsfp-nope$/],
    ["a bad end syntax", base.replace("a1: sw1:e1", "a1: sw1 e1"), /^20:11 cables\[0\]\.ends\.a1: write an end as device:port/],
    ["a duplicate device", base.replace("id: pp1", "id: sw1"), /devices\[1\]\.id: device sw1 is defined twice/],
  ])("names line and field for %s", (_name, text, re) => {
    const errs = errorsOf(text);
    expect(errs.some((e) => re.test(e)), errs.join("\n")).toBe(true);
  });

  it("reports two plugs in one side with the cable already there", () => {
    const text = `${base}  - id: c2
    type: mpo12-typeB-mf-om4
    length: 1
    ends: { a1: "pp1:1@front" }
`;
    expect(errorsOf(text)).toEqual(["25:17 cables[1].ends.a1: the front of pp1:1 already holds c1 b1"]);
  });

  it("validates user-defined types and points into them", () => {
    const text = `${base}types:
  - kind: cable
    id: my-cord
    name: My cord
    cableKind: patch-cord
    fiber: OM4
    connectors:
      - { id: a1, end: a, family: MPO-8, gender: female, polish: UPC }
      - { id: b1, end: b, family: MPO-8, gender: female, polish: UPC }
    fibers:
      - { a: { connector: a1, position: 1 }, b: { connector: b1, position: 12 } }
      - { a: { connector: a1, position: 6 }, b: { connector: b1, position: 7 } }
`;
    expect(errorsOf(text)).toEqual([
      "33:41 types[0].fibers[1].a.position: position 6 carries no fiber on MPO-8 \"a1\" (positions 1, 2, 3, 4, 9, 10, 11, 12)",
      "33:76 types[0].fibers[1].b.position: position 7 carries no fiber on MPO-8 \"b1\" (positions 1, 2, 3, 4, 9, 10, 11, 12)",
    ]);
  });

  it("refuses more than 100 aliases at the line of the first one over, and names that differ only in case", () => {
    const anchors = `x: &v { name: "1", family: LC, key: A }\n`;
    const many = `ferrule: 1\nsite:\n  id: t\n${anchors}devices:\n  - id: pp1\n    role: panel\n    adapters:\n${Array.from({ length: 101 }, () => "      - *v\n").join("")}`;
    const aliasErrors = errorsOf(many);
    expect(aliasErrors).toHaveLength(1);
    expect(aliasErrors[0]).toMatch(/^109:9 \(yaml\): more than 100 alias references \(\*v\)/);
    const cased = `ferrule: 1
site:
  id: t
rooms:
  - id: r
racks:
  - { id: A01, room: r }
  - { id: a01, room: r }
devices:
  - id: PA0
    role: panel
    adapters:
      - { name: "P1", family: LC, key: A }
      - { name: "p1", family: LC, key: A }
  - id: pa0
    role: panel
`;
    expect(errorsOf(cased)).toEqual([
      "8:11 racks[1].id: rack name a01 differs from A01 in room r only in case: rack names must differ in more than case",
      "14:17 devices[0].adapters[1].name: port p1 differs from P1 on PA0 only in case: port names must differ in more than case",
      "15:5 devices[1].id: device name pa0 differs from PA0 only in case: device names must differ in more than case",
    ]);
  });

  it("bounds every number a file can hold (YAML's .inf included) before the engine uses it", () => {
    const huge = base.replace("length: 3", "length: .inf\n    splices: 9007199254740993").replace("    role: switch\n", "    role: switch\n    unit: 9999999\n");
    const errors = errorsOf(huge);
    expect(errors.some((e) => /devices\[0\]\.unit: /.test(e))).toBe(true);
    expect(errors.some((e) => /cables\[0\]\.length: /.test(e))).toBe(true);
    expect(errors.some((e) => /cables\[0\]\.splices: /.test(e))).toBe(true);
  });

  it("expands name ranges", () => {
    expect(expandName("Ethernet1/1..3")).toEqual(["Ethernet1/1", "Ethernet1/2", "Ethernet1/3"]);
    expect(expandName("08..10")).toEqual(["08", "09", "10"]);
    expect(expandName("R")).toEqual(["R"]);
    expect(expandName("5..2")).toBeUndefined();
  });
});

describe("toSiteFile", () => {
  it("round-trips a model built in code: ranges, sides, user types, splices, labels", () => {
    const b = new SiteBuilder({ id: "rt", name: "Round trip", conventions: { attenuation: "TIA", matedPair: "low-loss" } });
    b.room("r1", "Room 1").rack("A1", "r1", { units: 48 });
    b.device("p9", "panel", { rackId: "A1", unit: 3, uHeight: 2, face: "rear", name: "Panel nine" });
    for (let k = 1; k <= 12; k++) b.adapter("p9", `${k}`, "LC", "B");
    b.adapter("p9", "M1", "MPO-12", "A");
    const ch = linearChannel(
      "qsfp28-100gbase-sr4",
      [{ cable: "mpo12-typeB-ff-om4", m: 2.5 }, { module: "cas-mpo12-6xlc-u1-f-om4", enter: "rear" }, { cable: "lc-ab-om4" }],
      null,
      { builder: b },
    );
    b.cable("lbl", "lc-aa-om4", 1, { a1: "p9:1@rear", b1: "p9:2" }, { label: "TIA-606 A1-03:01/A1-03:02", splices: 2 });
    const model = { ...ch.model, ...b.build() };
    const text = toSiteFile(model);
    expect(text).toMatch(/name: "?1\.\.12"?\n/);
    expect(text).toContain("a1: p9:1@rear");
    const again = parseSiteFile(text);
    expect(again.ok && again.model).toEqual(model);
  });
});

describe("a large site file", () => {
  /** Over 1 MB: read a piece at a time. */
  function campus(racks: number): string {
    const out = ["ferrule: 1", "site:", "  id: big", "rooms:", "  - { id: hall }", "racks:"];
    for (let r = 1; r <= racks; r++) out.push(`  - id: R${r}`, "    room: hall");
    out.push("devices:");
    for (let r = 1; r <= racks; r++)
      out.push(`  - { id: s${r}, role: switch, rack: R${r}, unit: 1, cages: [{ name: "e1..8", transceiver: sfp28-25gbase-sr }] }`, `  - { id: p${r}, role: panel, rack: R${r}, unit: 2, adapters: [{ name: "1..8", family: LC, key: B }] }`);
    out.push("# the cables", "cables:");
    for (let r = 1; r <= racks; r++) for (let k = 1; k <= 8; k++) out.push(`  - { id: c${r}-${k}, type: lc-ab-om4, length: 3, ends: { a1: "s${r}:e${k}", b1: "p${r}:${k}" } }`);
    return out.join("\n") + "\n";
  }
  const text = campus(1500);

  it("is read a piece at a time, giving the model the whole file gives", async () => {
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(filePieces(text).length).toBeGreaterThan(3);
    const asJson = JSON.stringify(jsyaml.load(text));
    expect(filePieces(asJson)).toHaveLength(1);
    const progress: number[] = [];
    const r = await parseSiteFileInSteps(text, () => Promise.resolve(), (done) => progress.push(done));
    const whole = parseSiteFile(asJson);
    expect(r.ok && whole.ok).toBe(true);
    if (!r.ok || !whole.ok) return;
    expect(r.model.cables).toHaveLength(12_000);
    expect(r.model).toEqual(whole.model);
    expect(progress.length).toBeGreaterThan(10);
  });

  it("cuts a file at the same items whatever its line ends, comments and blank lines, and reads it the same", async () => {
    const variants = {
      crlf: text.replaceAll("\n", "\r\n"),
      commented: text.replace("cables:\n", "cables: # every cord\n\n  # the first rack\n").replaceAll("  - { id: c7", "\n  # rack 7 and up\n  - { id: c7"),
    };
    const whole = parseSiteFile(JSON.stringify(jsyaml.load(text)));
    for (const [name, file] of Object.entries(variants)) {
      const pieces = filePieces(file);
      expect(pieces.every((p) => p.kind !== "file"), name).toBe(true);
      // Every list's items are in its pieces, at most ITEMS_PER_PIECE a piece, in the file's order.
      const items = (key: string) => pieces.filter((p) => p.key === key).map((p) => p.items);
      expect(items("cables").reduce((a, b) => a + b, 0), name).toBe(12_000);
      expect(Math.max(...items("cables")), name).toBe(ITEMS_PER_PIECE);
      expect(items("devices").reduce((a, b) => a + b, 0), name).toBe(3_000);
      // A piece's first line is where it says.
      for (const p of pieces) expect(file.split("\n")[p.lineOffset], name).toBe(p.text.split("\n")[0]);
      const r = await parseSiteFileInSteps(file, () => Promise.resolve());
      expect(r.ok && whole.ok && r.model, name).toEqual(whole.ok && whole.model);
    }
    // Not written the usual way: one piece, the whole file.
    expect(filePieces(text.replace("racks:\n", "racks:\n\tbad: tab\n"))).toHaveLength(1);
    expect(filePieces(text + "rooms:\n  - { id: again }\n")).toHaveLength(1);
    expect(filePieces(text.replace("  - { id: c1-1,", "- { id: c1-1,"))).toHaveLength(1);
  });

  it("names the line and field of an error deep in a list", () => {
    const bad = text.replace("{ id: c1400-3, type: lc-ab-om4, length: 3,", "{ id: c1400-3, type: lc-ab-om4, length: three,");
    /** Line and column (1-based) of a text's first occurrence. */
    const where = (file: string, what: string) => {
      const lines = file.split("\n");
      const i = lines.findIndex((l) => l.includes(what));
      return `${i + 1}:${lines[i]!.indexOf(what) + 1}`;
    };
    expect(errorsOf(bad)).toEqual([`${where(bad, "three")} cables[11194].length: expected number, received string`]);
    const nowhere = text.replace('b1: "p1499:8"', 'b1: "p9999:8"');
    expect(errorsOf(nowhere)).toEqual([`${where(nowhere, '"p9999:8"')} cables[11991].ends.b1: device p9999 is not defined`]);
  });

  it("falls back to the whole file when a piece does not stand alone", () => {
    // An anchor in one piece, its alias in another.
    const aliased = text.replace("  - { id: c1-1, type: lc-ab-om4,", "  - { id: c1-1, type: &lc lc-ab-om4,").replace("  - { id: c1500-8, type: lc-ab-om4,", "  - { id: c1500-8, type: *lc,");
    const r = parseSiteFile(aliased);
    expect(r.ok).toBe(true);
    const broken = text.replace("  - { id: c1500-8, type: lc-ab-om4,", "  - { id: c1500-8, type: [lc-ab-om4,");
    expect(errorsOf(broken)[0]).toMatch(/^\d+:\d+ \(yaml\): /);
    expect(Number(errorsOf(broken)[0]!.split(":")[0])).toBeGreaterThanOrEqual(broken.split("\n").findIndex((l) => l.includes("[lc-ab-om4")) + 1);
  });
});
