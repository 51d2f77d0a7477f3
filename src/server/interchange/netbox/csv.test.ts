/** The RFC 4180 tokenizer: quoting, line ends, byte-order mark, line numbers, chunk boundaries. */
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvTokenizer, csvField, csvLine, parseCsv } from "./csv";

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe("CSV tokenizer", () => {
  it("reads plain, quoted and empty fields", () => {
    expect(fields('a,b,c\r\n1,"two, three",\r\n')).toEqual([
      ["a", "b", "c"],
      ["1", "two, three", ""],
    ]);
  });

  it("reads a doubled quote inside a quoted field as one quote", () => {
    expect(fields('"say ""hi""",x\n')).toEqual([['say "hi"', "x"]]);
    expect(fields('""""\n')).toEqual([['"']]);
  });

  it("accepts CRLF, LF and a lone CR as record ends, and a last record without one", () => {
    expect(fields("a\r\nb\nc\rd")).toEqual([["a"], ["b"], ["c"], ["d"]]);
  });

  it("keeps line breaks inside quoted fields and numbers records by their first line", () => {
    const recs = parseCsv('h1,h2\r\n"multi\r\nline\nfield",x\r\nnext,y\r\n');
    expect(recs.map((r) => [r.line, ...r.fields])).toEqual([
      [1, "h1", "h2"],
      [2, "multi\r\nline\nfield", "x"],
      [5, "next", "y"],
    ]);
  });

  it("drops a byte-order mark and skips blank lines", () => {
    expect(parseCsv("\uFEFFa,b\r\n\r\n\nc,d\r\n").map((r) => [r.line, ...r.fields])).toEqual([
      [1, "a", "b"],
      [4, "c", "d"],
    ]);
  });

  it("names what is wrong with bad quoting, record by record", () => {
    const recs = parseCsv('ok,1\nab"c,2\n"closed"x,3\n"never closed,4\n');
    expect(recs.map((r) => [r.line, r.error ?? "-"])).toEqual([
      [1, "-"],
      [2, 'a quote inside unquoted field 1 (quote the whole field and write the quote twice: "")'],
      [3, 'text after the closing quote of field 1 (a quote inside a quoted field is written twice: "")'],
      [4, "a quoted field opened on line 4 is never closed"],
    ]);
  });

  it("gives the same records however the text is cut into chunks", () => {
    const text = '\uFEFFa,"b\r\nc",""""\r\nd,e,f\r\n"g",,\r';
    const whole = parseCsv(text);
    for (let size = 1; size <= text.length; size++) {
      const t = new CsvTokenizer();
      const out = [];
      for (let i = 0; i < text.length; i += size) out.push(...t.push(text.slice(i, i + size)));
      out.push(...t.end());
      expect(out, `chunks of ${size}`).toEqual(whole);
    }
  });

  it("quotes on write only what needs it, and reads back what it wrote (property)", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField(" lead")).toBe('" lead"');
    const field = fc.string({ unit: fc.constantFrom("a", "Z", "9", ",", '"', "\r", "\n", " ", "é", "Ω", "\uFEFF") });
    const record = fc.array(field, { minLength: 1, maxLength: 6 }).filter((r) => !(r.length === 1 && r[0] === ""));
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }), (records, cuts) => {
        const text = records.map(csvLine).join("");
        const t = new CsvTokenizer();
        const out = [];
        let i = 0;
        let k = 0;
        while (i < text.length) {
          const n = cuts[k++ % cuts.length]!;
          out.push(...t.push(text.slice(i, i + n)));
          i += n;
        }
        out.push(...t.end());
        // A field starting with a byte-order mark is quoted (\s includes U+FEFF), so even that survives.
        expect(out.map((r) => r.fields)).toEqual(records);
        expect(out.every((r) => r.error === undefined)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("reads well-formed files as csv-parse does, whatever their line ends (conformance)", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "Z", "9", ",", '"', "\r", "\n", " ", "é", "Ω") });
    const record = fc.array(field, { minLength: 1, maxLength: 6 }).filter((r) => !(r.length === 1 && r[0] === ""));
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), fc.constantFrom("\r\n", "\n", "\r"), (records, end) => {
        const text = records.map(csvLine).join("").replace(/\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/g, end);
        const theirs = parse(text, { bom: true, relax_column_count: true, record_delimiter: ["\r\n", "\n", "\r"] }) as string[][];
        expect(parseCsv(text).map((r) => r.fields)).toEqual(theirs);
        expect(theirs).toEqual(records);
      }),
      { numRuns: 300 },
    );
  });
});
