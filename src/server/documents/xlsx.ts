/**
 * Spreadsheets (.xlsx). `xlsxStream` writes one sheet as its rows arrive: a bold header row that
 * stays in view and filters, column widths, text and numbers, strings inline, every text a text
 * cell (never a formula). The sheet's XML is made here, row by row, and zipped as it is made by
 * archiver (deflate on libuv's thread pool, beside the rows being read), so a sheet of 500,000
 * rows never sits in memory. exceljs's streaming writer makes the same file 4–5 times slower (all
 * of it on the main thread), which an export of a whole campus cannot afford; `readXlsx` reads a
 * file back with exceljs, and the tests check every file written here that way.
 */
import { once } from "node:events";
import { PassThrough } from "node:stream";
import { ZipArchive } from "archiver";

export type Cell = string | number | null | undefined;

export interface SheetColumn {
  readonly header: string;
  /** Width in characters; default from the header. */
  readonly width?: number;
}

export interface SheetSpec {
  /** At most 31 characters; : \\ / ? * [ ] are replaced. */
  readonly name: string;
  readonly columns: readonly SheetColumn[];
  /** The workbook's title (document properties). */
  readonly title?: string;
}

/** Column letters of a 0-based index: 0 → A, 26 → AA. */
export function columnName(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export const safeSheetName = (name: string): string => name.replace(/[:\\/?*[\]]/g, "-").slice(0, 31) || "Sheet";

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";

const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const XML_SPECIAL = /[&<>"]/;
/** Either of the above: most texts have neither, and are written as they are after one test. */
const NOT_PLAIN = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** XML text, with characters XML 1.0 cannot hold removed. */
export function xmlText(s: string): string {
  if (!NOT_PLAIN.test(s)) return s;
  const t = s.replace(NOT_XML, "");
  if (!XML_SPECIAL.test(t)) return t;
  return t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** One cell: a number as a number, a text as an inline string (so it is never read as a formula). */
function cellXml(ref: string, v: Cell, style: string): string {
  if (v === null || v === undefined || v === "") return "";
  if (typeof v === "number") return Number.isFinite(v) ? `<c r="${ref}"${style}><v>${v}</v></c>` : "";
  return `<c r="${ref}" t="inlineStr"${style}><is><t xml:space="preserve">${xmlText(v)}</t></is></c>`;
}

function fixedParts(spec: SheetSpec, name: string, created: Date): { name: string; data: string }[] {
  const lastColumn = columnName(Math.max(0, spec.columns.length - 1));
  return [
    {
      name: "[Content_Types].xml",
      data:
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
        `<Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
        `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
        `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
        `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
        `</Types>`,
    },
    {
      name: "_rels/.rels",
      data:
        `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
        `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
        `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
        `</Relationships>`,
    },
    {
      name: "docProps/core.xml",
      data:
        `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
        `<dc:title>${xmlText(spec.title ?? name)}</dc:title><dc:creator>Ferrule</dc:creator>` +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${created.toISOString().replace(/\.\d+Z$/, "Z")}</dcterms:created>` +
        `</cp:coreProperties>`,
    },
    {
      name: "xl/workbook.xml",
      data:
        `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheets><sheet name="${xmlText(name)}" sheetId="1" r:id="rId1"/></sheets>` +
        `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'${xmlText(name.replace(/'/g, "''"))}'!$A$1:$${lastColumn}$1</definedName></definedNames>` +
        `</workbook>`,
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data:
        `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
        `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
        `</Relationships>`,
    },
    {
      name: "xl/styles.xml",
      data:
        `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
        `<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
        `<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
        `<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF4"/><bgColor indexed="64"/></patternFill></fill></fills>` +
        `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
        `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
        `<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
        `<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/></cellXfs>` +
        `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
        `</styleSheet>`,
    },
  ];
}

/** Bytes buffered between the writer and the reader before the writer waits. */
const HIGH_WATER = 1 << 20;

/**
 * One sheet written as its pages of rows arrive; yields the file's bytes as they are made. Ending
 * the iteration early (a download cancelled) stops reading the rows.
 */
export async function* xlsxStream(spec: SheetSpec, pages: AsyncIterable<readonly (readonly Cell[])[]>): AsyncGenerator<Uint8Array> {
  const name = safeSheetName(spec.name);
  const letters = spec.columns.map((_, i) => columnName(i));
  const out = new PassThrough({ highWaterMark: HIGH_WATER });
  const zip = new ZipArchive({ zlib: { level: 1 }, highWaterMark: HIGH_WATER });
  zip.pipe(out);
  for (const part of fixedParts(spec, name, new Date())) zip.append(part.data, { name: part.name });
  const sheet = new PassThrough({ highWaterMark: HIGH_WATER });
  zip.append(sheet, { name: "xl/worksheets/sheet1.xml" });

  let stopped = false;
  const stop = new AbortController();
  let failure: unknown;
  const failed = (err: unknown) => {
    failure ??= err;
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  };
  zip.on("error", failed);
  const writing = (async () => {
    try {
      const cols = spec.columns
        .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.min(80, Math.max(6, c.width ?? c.header.length + 2))}" customWidth="1"/>`)
        .join("");
      sheet.write(
        `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
          `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
          `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>` +
          `<row r="1">${spec.columns.map((c, i) => cellXml(`${letters[i]}1`, c.header, ' s="1"')).join("")}</row>`,
      );
      let r = 1;
      for await (const page of pages) {
        if (stopped) return;
        let xml = "";
        for (const row of page) {
          r++;
          xml += `<row r="${r}">`;
          for (let i = 0; i < row.length; i++) xml += cellXml(`${letters[i] ?? columnName(i)}${r}`, row[i], "");
          xml += "</row>";
        }
        // Wait while the zip has not taken the last page, so a slow download holds the reading, not memory.
        if (!sheet.write(xml)) await once(sheet, "drain", { signal: stop.signal });
      }
      if (stopped) return;
      sheet.end(`</sheetData><autoFilter ref="A1:${letters[letters.length - 1] ?? "A"}1"/></worksheet>`);
      await zip.finalize();
    } catch (err) {
      failed(err);
    }
  })();
  try {
    for await (const chunk of out) yield chunk as Buffer;
    await writing;
    if (failure) throw failure;
  } finally {
    if (!out.readableEnded) {
      stopped = true;
      stop.abort();
      sheet.destroy();
      zip.abort();
      out.destroy();
      await writing.catch(() => undefined);
    }
  }
}

/** The whole file of one sheet (small documents and tests). */
export async function writeXlsx(spec: SheetSpec, rows: Iterable<readonly Cell[]>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  async function* one() {
    yield [...rows];
  }
  for await (const chunk of xlsxStream(spec, one())) parts.push(chunk);
  return Buffer.concat(parts);
}

/** Reads the sheets of an .xlsx with exceljs: sheet name → rows of cells (text, numbers, null for empty). */
export async function readXlsx(file: Uint8Array): Promise<Map<string, Cell[][]>> {
  // Loaded when needed: the server writes spreadsheets without it.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(file) as unknown as ArrayBuffer);
  const out = new Map<string, Cell[][]>();
  workbook.eachSheet((sheet) => {
    const rows: Cell[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        const v = cell.value;
        if (cell.type === ExcelJS.ValueType.Formula) throw new Error(`cell ${cell.address} is a formula`);
        cells[col - 1] = typeof v === "number" || typeof v === "string" ? v : v === null || v === undefined ? null : String(v);
      });
      rows[n - 1] = Array.from(cells, (x) => x ?? null);
    });
    out.set(sheet.name, Array.from(rows, (r) => r ?? []));
  });
  return out;
}
