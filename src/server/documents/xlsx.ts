/**
 * A small Office Open XML spreadsheet (.xlsx) writer: one or more sheets of rows, a bold header row
 * that stays in view and filters, column widths, text and numbers. Strings are written inline (no
 * shared-string table), which Excel, LibreOffice and Google Sheets all read. `readXlsx` reads back
 * what `writeXlsx` wrote (tests, and anyone checking an export).
 */
import { readZip, writeZip } from "./zip";

export type Cell = string | number | null | undefined;

export interface SheetColumn {
  readonly header: string;
  /** Width in characters; default from the header. */
  readonly width?: number;
}

export interface Sheet {
  /** At most 31 characters, none of : \ / ? * [ ]. */
  readonly name: string;
  readonly columns: readonly SheetColumn[];
  readonly rows: Iterable<readonly Cell[]>;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";

/** XML text, with characters XML 1.0 cannot hold removed. */
export function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** Column letters of a 0-based index: 0 → A, 26 → AA. */
export function columnName(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const safeSheetName = (name: string): string => name.replace(/[:\\/?*[\]]/g, "-").slice(0, 31) || "Sheet";

function sheetXml(sheet: Sheet): string {
  const cols = sheet.columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.min(80, Math.max(6, c.width ?? c.header.length + 2))}" customWidth="1"/>`)
    .join("");
  const parts: string[] = [];
  const cell = (ref: string, v: Cell, style: number): string => {
    const s = style ? ` s="${style}"` : "";
    if (v === null || v === undefined || v === "") return "";
    if (typeof v === "number") return Number.isFinite(v) ? `<c r="${ref}"${s}><v>${v}</v></c>` : "";
    return `<c r="${ref}" t="inlineStr"${s}><is><t xml:space="preserve">${xmlText(v)}</t></is></c>`;
  };
  parts.push(`<row r="1">${sheet.columns.map((c, i) => cell(`${columnName(i)}1`, c.header, 1)).join("")}</row>`);
  let r = 1;
  for (const row of sheet.rows) {
    r++;
    parts.push(`<row r="${r}">${row.map((v, i) => cell(`${columnName(i)}${r}`, v, 0)).join("")}</row>`);
  }
  const last = `${columnName(Math.max(0, sheet.columns.length - 1))}${r}`;
  return (
    `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    `<dimension ref="A1:${last}"/>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>${parts.join("")}</sheetData>` +
    `<autoFilter ref="A1:${last}"/></worksheet>`
  );
}

/** The .xlsx file of some sheets. */
export function writeXlsx(sheets: readonly Sheet[], opts: { title?: string; modified?: Date } = {}): Buffer {
  const modified = opts.modified ?? new Date();
  const names = sheets.map((s) => safeSheetName(s.name));
  const entries = [
    {
      name: "[Content_Types].xml",
      data:
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
        `<Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
        `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
        sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("") +
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
        `<dc:title>${xmlText(opts.title ?? names[0] ?? "")}</dc:title><dc:creator>Ferrule</dc:creator>` +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${modified.toISOString().replace(/\.\d+Z$/, "Z")}</dcterms:created>` +
        `</cp:coreProperties>`,
    },
    {
      name: "xl/workbook.xml",
      data:
        `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheets>` +
        names.map((n, i) => `<sheet name="${xmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("") +
        `</sheets>` +
        `<definedNames>${names.map((n, i) => `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${xmlText(n.replace(/'/g, "''"))}'!$A$1:$${columnName(Math.max(0, sheets[i]!.columns.length - 1))}$1</definedName>`).join("")}</definedNames>` +
        `</workbook>`,
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data:
        `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
        sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("") +
        `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
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
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: sheetXml(s) })),
  ];
  return writeZip(entries, modified);
}

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g, (_m, name: string, dec?: string, hex?: string) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" } as Record<string, string>)[name]!,
  );

const columnIndex = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

/**
 * Reads the sheets of an .xlsx written by `writeXlsx` (inline strings and numbers; shared strings
 * too, for files saved again by a spreadsheet program): sheet name → rows of cells.
 */
export function readXlsx(file: Uint8Array): Map<string, Cell[][]> {
  const zip = readZip(file);
  const text = (name: string) => zip.get(name)?.toString("utf8");
  const workbook = text("xl/workbook.xml");
  if (!workbook) throw new Error("not a spreadsheet: xl/workbook.xml is missing");
  const shared = [...(text("xl/sharedStrings.xml") ?? "").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    [...m[1]!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => unescapeXml(t[1]!)).join(""),
  );
  const rels = new Map([...(text("xl/_rels/workbook.xml.rels") ?? "").matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
  const out = new Map<string, Cell[][]>();
  for (const m of workbook.matchAll(/<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]+)"/g)) {
    const xml = text(`xl/${rels.get(m[2]!)?.replace(/^\/?xl\//, "")}`) ?? "";
    const rows: Cell[][] = [];
    for (const row of xml.matchAll(/<row [^>]*r="(\d+)"[^>]*>([\s\S]*?)<\/row>/g)) {
      const cells: Cell[] = [];
      for (const c of row[2]!.matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const attrs = c[2]!;
        const inner = c[3] ?? "";
        const type = /t="([^"]+)"/.exec(attrs)?.[1];
        let v: Cell = null;
        if (type === "inlineStr") v = unescapeXml([...inner.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]!).join(""));
        else if (type === "s") v = shared[Number(/<v>([^<]*)<\/v>/.exec(inner)?.[1])] ?? "";
        else if (type === "str") v = unescapeXml(/<v>([^<]*)<\/v>/.exec(inner)?.[1] ?? "");
        else {
          const num = /<v>([^<]*)<\/v>/.exec(inner)?.[1];
          v = num === undefined ? null : Number(num);
        }
        cells[columnIndex(c[1]!)] = v;
      }
      rows[Number(row[1]) - 1] = Array.from(cells, (x) => x ?? null);
    }
    out.set(unescapeXml(m[1]!), Array.from(rows, (r) => r ?? []));
  }
  return out;
}
