/**
 * NetBox cable CSV: typed rows, an error per row with line and column, streaming over 100,000
 * rows, the writer and its round trip, and the status and cable-type mappings.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CABLE_CSV_COLUMNS,
  FERRULE_CABLE_STATUSES,
  LENGTH_UNITS,
  NETBOX_CABLE_STATUSES,
  cableCsvLinesAsync,
  ferruleStatusToNetbox,
  fiberToNetboxCableType,
  netboxCableTypeToFiber,
  netboxStatusToFerrule,
  parseCableCsv,
  readCableCsv,
  toMetres,
  writeCableCsv,
  type CableCsvItem,
  type NetboxCableRow,
} from "./index";

const HEADER = CABLE_CSV_COLUMNS.join(",");

const SAMPLE = [
  HEADER,
  'DC1,leaf1,dcim.interface,Ethernet1/1,DC1,pp1,dcim.frontport,1:1-2,mmf-om4,connected,,,,N1,00ffff,2,m,,,"fiber,row-a"',
  // NetBox 4.7: several terminations in connector order, as a quoted comma list.
  'DC1,pp1,dcim.rearport,"1:1-12,2:1-12",DC1,pp2,dcim.rearport,"1:1-12, 2:1-12",smf-os2,planned,trunk-2c12p,Ops,B-7,T1,,40,ft,"Trunk, 2 legs","said ""keep""",',
  ",sw9,dcim.interface,eth0,,pp9,dcim.frontport,A:01,,decommissioning,,,,,,,,,,",
].join("\r\n");

describe("parse", () => {
  it("turns each record into a typed row", () => {
    const { rows, errors } = parseCableCsv(SAMPLE);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(rows[0]!.row).toEqual({
      sideA: { site: "DC1", device: "leaf1", type: "dcim.interface", names: ["Ethernet1/1"] },
      sideB: { site: "DC1", device: "pp1", type: "dcim.frontport", names: ["1:1-2"] },
      type: "mmf-om4",
      status: "connected",
      label: "N1",
      color: "00ffff",
      length: 2,
      lengthUnit: "m",
      lengthM: 2,
      tags: ["fiber", "row-a"],
    });
    expect(rows[1]!.row).toMatchObject({
      sideA: { names: ["1:1-12", "2:1-12"] },
      sideB: { names: ["1:1-12", "2:1-12"] },
      profile: "trunk-2c12p",
      tenant: "Ops",
      bundle: "B-7",
      length: 40,
      lengthUnit: "ft",
      lengthM: 12.192,
      description: "Trunk, 2 legs",
      comments: 'said "keep"',
      tags: [],
    });
    expect(rows[2]!.row).toEqual({
      sideA: { device: "sw9", type: "dcim.interface", names: ["eth0"] },
      sideB: { device: "pp9", type: "dcim.frontport", names: ["A:01"] },
      status: "decommissioning",
      tags: [],
    });
  });

  it("accepts a subset of the columns in any order, with a byte-order mark; status defaults to connected", () => {
    const text = "\uFEFFside_b_name,side_b_type,side_b_device,side_a_name,side_a_type,side_a_device,length,length_unit\nr1,dcim.rearport,pp2,r1,dcim.rearport,pp1,1.5,km\n";
    const { rows, errors } = parseCableCsv(text);
    expect(errors).toEqual([]);
    expect(rows[0]!.row).toMatchObject({ status: "connected", length: 1.5, lengthUnit: "km", lengthM: 1500 });
  });

  it("names the line and column of every problem and keeps the good rows", () => {
    const text = [
      HEADER,
      "DC1,leaf1,dcim.interface,Ethernet1/1,DC1,pp1,dcim.frontport,1:1-2,mmf-om4,live,,,,,,,,,,",
      "DC1,leaf1,dcim.interface,Ethernet1/2,DC1,pp1,dcim.frontport,1:3-4,,,,,,,#00ffff,2.5.1,m,,,",
      "DC1,leaf1,dcim.interface,Ethernet1/3,DC1,pp1,dcim.frontport,1:5-6,,,,,,,aqua,3,,,,",
      "DC1,leaf1,dcim.interface,Ethernet1/4,DC1,pp1,dcim.frontport,1:7-8,,,,,,,,3,yards,,,",
      "DC1,leaf1,dcim.interface,,DC1,,dcim.frontport,\"1:1-2,,1:3-4\",,,,,,,,-2,m,,,",
      "DC1,leaf1,dcim.consoleport,con0,DC1,pp1,dcim.frontport,1:9-10,OM4,,,,,,,,,,,",
      "DC1,leaf1,dcim.interface,Ethernet1/5,DC1,pp1,dcim.frontport,1:11-12,,connected",
      "DC1,leaf1,dcim.interface,Ethernet1/6,DC1,pp1,dcim.frontport,1:1-2,,connected,,,,,,,,,,",
    ].join("\n");
    const { rows, errors } = parseCableCsv(text);
    expect(rows.map((r) => r.line)).toEqual([9]);
    expect(errors.map((e) => `${e.line} ${e.column ?? "-"}: ${e.message}`)).toEqual([
      '2 status: "live" is not a cable status; use connected, planned, decommissioning',
      '3 color: "#00ffff": write the colour as 6 hex digits without "#"',
      '3 length: "2.5.1" is not a length; write a number of 0 or more, e.g. 3 or 2.5',
      '4 color: "aqua" is not a colour; write 6 hex digits, e.g. 00ffff',
      "4 length_unit: a length needs a unit (km, m, cm, mi, ft, in)",
      '5 length_unit: "yards" is not a length unit; use km, m, cm, mi, ft, in',
      "6 side_a_name: the name is empty",
      "6 side_b_device: the device is empty",
      '6 side_b_name: an empty name in the list "1:1-2,,1:3-4"',
      '6 length: "-2" is not a length; write a number of 0 or more, e.g. 3 or 2.5',
      '7 side_a_type: "dcim.consoleport" is not a fiber termination type; use dcim.interface, dcim.frontport, dcim.rearport',
      '7 type: "OM4" is not a cable type slug (lowercase, e.g. mmf-om4, smf-os2)',
      "8 -: 10 fields, but the header has 20 columns",
    ]);
  });

  it("reports unknown and repeated columns on line 1 and reads on without them", () => {
    const line2 = SAMPLE.split("\r\n")[1]!;
    const { rows, errors } = parseCableCsv(`${HEADER},colour,label\n${line2},aqua,L2\n`);
    expect(errors.map((e) => `${e.line} ${e.column}: ${e.message}`)).toEqual([
      `1 colour: unknown column "colour"; the columns are ${CABLE_CSV_COLUMNS.join(", ")}`,
      '1 label: column "label" appears twice',
    ]);
    expect(rows.map((r) => r.row.label)).toEqual(["N1"]);
  });

  it("stops at a missing required column, naming each one", () => {
    const { rows, errors } = parseCableCsv("side_a_device,side_a_name,side_b_device\nsw1,e1,pp1\n");
    expect(rows).toEqual([]);
    expect(errors.map((e) => `${e.line} ${e.column}: ${e.message}`)).toEqual([
      '1 side_a_type: required column "side_a_type" is missing',
      '1 side_b_type: required column "side_b_type" is missing',
      '1 side_b_name: required column "side_b_name" is missing',
    ]);
  });

  it("reports quoting errors with the record's first line", () => {
    const text = `${HEADER}\nDC1,leaf1,dcim.interface,"Ethernet1/1\nx",DC1,pp1,dcim.frontport,1:1-2,,,,,,,,,,,,\nDC1,leaf1,dcim.interface,Eth"1,DC1,pp1,dcim.frontport,1:1-2,,,,,,,,,,,,\n`;
    const { rows, errors } = parseCableCsv(text);
    expect(rows.map((r) => [r.line, r.row.sideA.names[0]])).toEqual([[2, "Ethernet1/1\nx"]]);
    expect(errors).toEqual([{ line: 4, message: 'a quote inside unquoted field 4 (quote the whole field and write the quote twice: "")' }]);
  });

  it("an empty file is one error, not an exception", () => {
    expect(parseCableCsv("")).toEqual({ rows: [], errors: [{ line: 1, message: "the file is empty: a cable CSV starts with a header line" }] });
  });

  it("never throws, whatever the text (property)", () => {
    const text = fc.string({ unit: fc.constantFrom(...`,"\r\n ab1.#-${HEADER.slice(0, 40)}`.split("")), maxLength: 300 });
    fc.assert(
      fc.property(text, (t) => {
        const r = parseCableCsv(`${HEADER}\n${t}`);
        for (const e of r.errors) expect(e.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe("streaming", () => {
  const rowLine = (i: number) =>
    `DC1,leaf${i % 50},dcim.interface,Ethernet${i},DC1,pp${i % 7},dcim.frontport,"${i}:1-2,${i}:3-4",mmf-om4,connected,,,,L${i},,${i % 30}.5,m,"row ${i}, Ω",,`;

  async function* chunks(n: number, size: (k: number) => number): AsyncGenerator<string> {
    let buf = `${HEADER}\r\n`;
    let k = 0;
    for (let i = 1; i <= n; i++) {
      buf += `${rowLine(i)}\r\n`;
      while (buf.length >= 4096) {
        const s = size(k++);
        yield buf.slice(0, s);
        buf = buf.slice(s);
      }
    }
    while (buf.length > 0) {
      const s = size(k++);
      yield buf.slice(0, s);
      buf = buf.slice(s);
    }
  }

  it("reads 100,000 rows from chunks cut anywhere, row by row", async () => {
    let count = 0;
    let first: CableCsvItem | undefined;
    let last: CableCsvItem | undefined;
    for await (const item of readCableCsv(chunks(100_000, (k) => 1 + ((k * 7919) % 3000)))) {
      if (item.errors) throw new Error(JSON.stringify(item.errors));
      count++;
      first ??= item;
      last = item;
    }
    expect(count).toBe(100_000);
    expect(first?.row?.sideA.names).toEqual(["Ethernet1"]);
    expect(last).toMatchObject({ line: 100_001, row: { sideA: { device: "leaf0", names: ["Ethernet100000"] }, sideB: { names: ["100000:1-2", "100000:3-4"] }, lengthM: 10.5, description: "row 100000, Ω" } });
  });

  it("reads UTF-8 bytes split inside a character, and stops at bytes that are not UTF-8", async () => {
    const bytes = new TextEncoder().encode(`${HEADER}\n${rowLine(1)}\n${rowLine(2)}\n`);
    const parts = async function* () {
      for (let i = 0; i < bytes.length; i += 3) yield bytes.slice(i, i + 3);
    };
    const items: CableCsvItem[] = [];
    for await (const it of readCableCsv(parts())) items.push(it);
    expect(items.map((i) => i.row?.description)).toEqual(["row 1, Ω", "row 2, Ω"]);

    const bad = [new TextEncoder().encode(`${HEADER}\n${rowLine(1)}\n`), new Uint8Array([0x44, 0xff, 0x0a])];
    const out: CableCsvItem[] = [];
    for await (const it of readCableCsv(bad)) out.push(it);
    expect(out.at(-1)).toEqual({ line: 2, errors: [{ line: 2, message: "the file is not UTF-8 (found after this line); save it as UTF-8" }] });
  });

  it("stops after the header when a required column is missing", async () => {
    const out: CableCsvItem[] = [];
    for await (const it of readCableCsv(["side_a_device\n", "sw1\nsw2\n"])) out.push(it);
    expect(out).toHaveLength(1);
    expect(out[0]!.errors?.map((e) => e.column)).toEqual(["side_a_type", "side_a_name", "side_b_device", "side_b_type", "side_b_name"]);
  });
});

/** The object without its undefined keys (the parser leaves absent fields out). */
const compact = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

describe("write", () => {
  const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 :/._-]{0,10}[A-Za-z0-9]$/);
  const text = fc
    .string({ unit: fc.constantFrom("a", "B", "7", ",", '"', "\n", "\r\n", " ", "Ω", "-"), minLength: 1, maxLength: 12 })
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const end = fc.record(
    { site: fc.option(name, { nil: undefined }), device: name, type: fc.constantFrom("dcim.interface", "dcim.frontport", "dcim.rearport") as fc.Arbitrary<"dcim.interface">, names: fc.array(name, { minLength: 1, maxLength: 3 }) },
    { requiredKeys: ["device", "type", "names"] },
  );
  const row: fc.Arbitrary<NetboxCableRow> = fc
    .record(
      {
        sideA: end,
        sideB: end,
        type: fc.constantFrom("mmf", "mmf-om3", "mmf-om4", "smf-os2", "aoc", "cat6"),
        status: fc.constantFrom(...NETBOX_CABLE_STATUSES),
        profile: fc.constantFrom("single-1c12p", "trunk-2c12p"),
        tenant: text,
        bundle: text,
        label: text,
        color: fc.stringMatching(/^[0-9a-f]{6}$/),
        length: fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100),
        lengthUnit: fc.constantFrom(...LENGTH_UNITS),
        description: text,
        comments: text,
        tags: fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { maxLength: 3 }),
      },
      { requiredKeys: ["sideA", "sideB", "status", "tags"] },
    )
    .map((r) => {
      const out = compact({ ...r, sideA: compact(r.sideA), sideB: compact(r.sideB) });
      return out.length !== undefined && out.lengthUnit !== undefined ? { ...out, lengthM: toMetres(out.length, out.lengthUnit) } : out;
    })
    .filter((r) => r.length === undefined || r.lengthUnit !== undefined);

  it("writes the header and one line per row, quoting what needs it", () => {
    const csv = writeCableCsv(parseCableCsv(SAMPLE).rows.map((r) => r.row));
    expect(csv.split("\r\n")[0]).toBe(HEADER);
    expect(csv.split("\r\n")[2]).toBe(
      'DC1,pp1,dcim.rearport,"1:1-12,2:1-12",DC1,pp2,dcim.rearport,"1:1-12,2:1-12",smf-os2,planned,trunk-2c12p,Ops,B-7,T1,,40,ft,"Trunk, 2 legs","said ""keep""",',
    );
    expect(csv.endsWith("\r\n")).toBe(true);
  });

  it("round trip: parse(write(rows)) gives the same rows (property)", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), (rows) => {
        const back = parseCableCsv(writeCableCsv(rows));
        expect(back.errors).toEqual([]);
        expect(back.rows.map((r) => r.row)).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });

  it("streams from an async source of rows", async () => {
    const rows = parseCableCsv(SAMPLE).rows.map((r) => r.row);
    async function* source() {
      yield* rows;
    }
    const lines: string[] = [];
    for await (const l of cableCsvLinesAsync(source())) lines.push(l);
    expect(lines.join("")).toBe(writeCableCsv(rows));
    expect(lines).toHaveLength(4);
  });
});

describe("mappings", () => {
  it("maps statuses both ways", () => {
    expect(NETBOX_CABLE_STATUSES.map(netboxStatusToFerrule)).toEqual(["installed", "planned", "decommissioned"]);
    expect(FERRULE_CABLE_STATUSES.map(ferruleStatusToNetbox)).toEqual(["connected", "planned", "decommissioning"]);
  });

  it("maps cable types to fiber mode and grade, and back", () => {
    expect(netboxCableTypeToFiber("mmf-om4")).toEqual({ mode: "MM", grade: "OM4" });
    expect(netboxCableTypeToFiber("smf-os2")).toEqual({ mode: "SM", grade: "OS2" });
    expect(netboxCableTypeToFiber("smf-os1")).toEqual({ mode: "SM", grade: "OS1" });
    expect(netboxCableTypeToFiber("mmf")).toEqual({ mode: "MM" });
    expect(netboxCableTypeToFiber("smf")).toEqual({ mode: "SM" });
    expect(netboxCableTypeToFiber("aoc")).toBeUndefined();
    expect(netboxCableTypeToFiber("cat6")).toBeUndefined();
    expect(fiberToNetboxCableType("OM5")).toBe("mmf-om5");
    expect(fiberToNetboxCableType("SM")).toBe("smf");
    for (const g of ["OM1", "OM2", "OM3", "OM4", "OM5", "OS1", "OS2"] as const) expect(netboxCableTypeToFiber(fiberToNetboxCableType(g))?.grade).toBe(g);
  });

  it("converts every length unit to metres", () => {
    expect(LENGTH_UNITS.map((u) => toMetres(3, u))).toEqual([3000, 3, 0.03, 4828.032, 0.9144, 0.0762]);
  });
});
