import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { budgetChartSvg, chartMax } from "./budget-chart";
import { linkTia, portTia } from "./identifiers";
import { createPdf, pdfHeading, pdfTable } from "./pdf";
import { drawQr, qrMatrix, qrSvg } from "./qr";
import { csvRecords, spreadsheetSafe } from "./csv";
import { escapeHtml, formatLength, pdfText } from "./text";
import { columnName, readXlsx, writeXlsx, xlsxStream } from "./xlsx";

describe("xlsx", () => {
  it("names columns like a spreadsheet", () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(["A", "Z", "AA", "AB", "ZZ", "AAA"]);
  });
  it("writes a sheet that exceljs reads back cell for cell, text as text (never a formula)", async () => {
    const rows = [
      ["DC1.A01-38:01", "a & b <c> \"q\"", 2.5, null, "=SUM(A1)"],
      ["ünïcödé ↔", "", 0, -3, "line\nbreak"],
      ["@x", "+1-2", "-cmd|' /C calc'!A0", "\tx", "bell\u0007"],
    ];
    const file = await writeXlsx({ name: "Bad:/name?", columns: [{ header: "A end" }, { header: "Note" }, { header: "Length m" }, { header: "X" }, { header: "F" }] }, rows);
    const sheets = await readXlsx(file);
    expect([...sheets.keys()]).toEqual(["Bad--name-"]);
    const back = sheets.get("Bad--name-")!;
    expect(back[0]).toEqual(["A end", "Note", "Length m", "X", "F"]);
    expect(back[1]).toEqual(["DC1.A01-38:01", 'a & b <c> "q"', 2.5, null, "=SUM(A1)"]);
    expect(back[2]).toEqual(["ünïcödé ↔", null, 0, -3, "line\nbreak"]);
    // readXlsx throws on a formula cell: these are text cells, shown as typed, run by nothing.
    expect(back[3]).toEqual(["@x", "+1-2", "-cmd|' /C calc'!A0", "\tx", "bell"]);
  });
  it("streams a sheet as its pages arrive and stops reading when the download stops", async () => {
    let pagesRead = 0;
    async function* pages() {
      for (let p = 0; p < 1000; p++) {
        pagesRead++;
        yield Array.from({ length: 500 }, (_, i) => [`row ${p * 500 + i}`, Math.random().toString(36).repeat(8), p * 500 + i]);
      }
    }
    let bytes = 0;
    for await (const chunk of xlsxStream({ name: "s", columns: [{ header: "a" }, { header: "b" }, { header: "n" }] }, pages())) {
      bytes += chunk.length;
      if (bytes > 2_000_000) break;
    }
    expect(bytes).toBeGreaterThan(2_000_000);
    expect(pagesRead).toBeLessThan(1000);
  });
});

describe("text", () => {
  it("quotes CSV cells and neutralises formulas but not negative numbers", () => {
    expect(csvRecords([["a", "b,c", 'say "hi"', 3, null, "=1+2", "-2.5", "@x", " pad", "two\nlines"]])).toBe('a,"b,c","say ""hi""",3,,\'=1+2,-2.5,\'@x," pad","two\nlines"\r\n');
    expect(spreadsheetSafe("-cmd")).toBe("'-cmd");
    expect(spreadsheetSafe("+1-2")).toBe("'+1-2");
    expect(spreadsheetSafe("\tx")).toBe("'\tx");
    expect(spreadsheetSafe("\rx")).toBe("'\rx");
    expect(spreadsheetSafe("+12")).toBe("+12");
    expect(spreadsheetSafe("A=1")).toBe("A=1");
  });
  it("writes CSV byte for byte as csv-stringify does, and csv-parse reads every field back", () => {
    // Pieces that decide quoting and formulas: delimiters, quotes, line ends, white space (Unicode too) at either end, formula starts.
    const pieces = ["a", "Z9", ",", '"', "\r", "\n", "\r\n", " ", "\t", "\u00a0", "\u2028", "\ufeff", "=", "+", "-", "@", "'", "1", ".5", "ü", "↔", ";", "|"];
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const value = (): string | number | null | undefined => {
      const kind = random(12);
      if (kind === 0) return null;
      if (kind === 1) return undefined;
      if (kind === 2) return [0, -3, 2.5, 1e21, -0.125, Number.NaN, Number.POSITIVE_INFINITY][random(7)];
      if (kind === 3) return "";
      return Array.from({ length: 1 + random(6) }, () => pieces[random(pieces.length)]).join("");
    };
    const records = Array.from({ length: 3000 }, () => Array.from({ length: 1 + random(6) }, value));
    const text = csvRecords(records);
    // What csv-stringify writes with the options exports used to pass it.
    const library = stringify(
      records.map((r) => r.map((v) => (typeof v === "string" ? spreadsheetSafe(v) : v))),
      { record_delimiter: "windows", quoted_match: [/^\s/, /\s$/, /[\r\n]/], cast: { number: (n: number) => (Number.isFinite(n) ? String(n) : "") } },
    );
    expect(text).toBe(library);
    const back = parse(text, { relax_column_count: true, record_delimiter: "\r\n" }) as string[][];
    expect(back).toEqual(records.map((r) => r.map((v) => (typeof v === "string" ? spreadsheetSafe(v) : typeof v === "number" && Number.isFinite(v) ? String(v) : ""))));
    expect(csvRecords([])).toBe("");
  });
  it("escapes HTML and keeps PDF text to what standard fonts draw", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    expect(pdfText("leaf1 ↔ spine1 – 1.5 dB ≤ 1.9 dB · µ ✓ 日本")).toBe("leaf1 <-> spine1 – 1.5 dB <= 1.9 dB · µ ok ??");
    expect(formatLength(2)).toBe("2 m");
    expect(formatLength(1250)).toBe("1.25 km");
  });
  it("names ports and links the TIA-606 way", () => {
    const rack = { name: "A12", row: "A", position: 12 };
    const near = portTia("DC1", rack, { name: "pp1", uPosition: 40 }, "5");
    expect(near).toBe("DC1.A12-40:05");
    expect(linkTia(near, "DC1.B01-38:05")).toBe("DC1.A12-40:05/DC1.B01-38:05");
  });
});

describe("qr", () => {
  it("makes a QR matrix and an SVG of it", () => {
    const m = qrMatrix("DC1.A12-40:05");
    expect(m.size).toBe(21);
    // The three finder patterns: dark corners.
    expect(m.dark(0, 0) && m.dark(0, 20) && m.dark(20, 0)).toBe(true);
    const svg = qrSvg("DC1.A12-40:05", 100);
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 29 29"/);
  });
  it("draws runs of dark modules as rectangles", () => {
    const rects: number[][] = [];
    drawQr({ rect: (...a: number[]) => rects.push(a), fill: () => undefined }, "x", 0, 0, 29);
    expect(rects.length).toBeGreaterThan(20);
    for (const [x, y, w, h] of rects) {
      expect(x! >= 4 && y! >= 4 && x! + w! <= 25.02 && h! <= 1.02).toBe(true);
    }
  });
});

describe("budget chart and PDF", () => {
  const bars = [
    { label: "leaf1:Ethernet1/1 ↔ leaf2:Ethernet1/1", segments: [{ label: "fiber", value: 0.4 }, { label: "connections", value: 1.5 }], limit: 1.9, limitLabel: "1.90 dB" },
    { label: "a ↔ b", segments: [{ label: "fiber", value: 2.2 }], limit: null, limitLabel: "400GBASE-SR4" },
  ];
  it("scales to the largest total or limit", () => {
    expect(chartMax(bars)).toBe(2.5);
  });
  it("draws a bar per link with its limit line", () => {
    const svg = budgetChartSvg(bars);
    expect(svg.match(/<rect /g)!.length).toBe(3);
    expect(svg).toContain("leaf1:Ethernet1/1 ↔ leaf2:Ethernet1/1");
    expect(svg).toContain("no verified limit (400GBASE-SR4)");
    expect(svg).toContain('stroke="#c0392b"');
  });
  it("writes a PDF with page numbers on every page", async () => {
    const pdf = createPdf({ title: "Test report ↔", subtitle: "DC1" });
    pdfHeading(pdf.doc, "Table");
    pdfTable(pdf.doc, { columns: [{ header: "n", width: 1 }, { header: "text", width: 4 }], rows: Array.from({ length: 120 }, (_, i) => [String(i), `row ${i}`]) });
    const bytes = await pdf.finish();
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const pages = Number(/\/Type \/Pages\s*\/Count (\d+)/.exec(bytes.toString("latin1"))?.[1]);
    expect(pages).toBeGreaterThan(1);
  });
});
