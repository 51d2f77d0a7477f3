/**
 * PDF layout shared by every printed document (validation reports, label sheets, work orders):
 * a page with a running header (title, site, date) and a footer with page numbers, headings,
 * key–value blocks and tables that break across pages and repeat their header row. PDFKit with
 * its standard fonts (Helvetica), so text goes through `pdfText`.
 *
 *   const pdf = createPdf({ title: "Validation report", subtitle: "DC1 · Demo Data Center 1" });
 *   pdfHeading(pdf.doc, "Summary");
 *   pdfTable(pdf.doc, { columns: [{ header: "Port", width: 2 }, …], rows });
 *   const bytes = await pdf.finish();
 */
import PDFDocument from "pdfkit";
import { pdfText } from "./text";

export type PdfDocument = PDFKit.PDFDocument;

export interface PdfOptions {
  readonly title: string;
  /** Second line of the running header, e.g. the site. */
  readonly subtitle?: string;
  readonly size?: "A4" | "LETTER";
  readonly layout?: "portrait" | "landscape";
  /** Page margins in points (1/72 in); default 40. */
  readonly margin?: number;
  /** Leave out the running header and footer (label sheets). */
  readonly bare?: boolean;
  /** Creation date written in the file and the header; default now. */
  readonly date?: Date;
}

export interface Pdf {
  readonly doc: PdfDocument;
  /** Writes headers and page numbers on every page and returns the file. */
  finish(): Promise<Buffer>;
}

const HEADER_SPACE = 34;
const FOOTER_SPACE = 24;

export function createPdf(opts: PdfOptions): Pdf {
  const margin = opts.margin ?? 40;
  const bare = opts.bare ?? false;
  const date = opts.date ?? new Date();
  const doc = new PDFDocument({
    size: opts.size ?? "A4",
    layout: opts.layout ?? "portrait",
    margins: { top: margin + (bare ? 0 : HEADER_SPACE), bottom: margin + (bare ? 0 : FOOTER_SPACE), left: margin, right: margin },
    bufferPages: true,
    info: { Title: pdfText(opts.title), Creator: "Ferrule", Producer: "Ferrule", CreationDate: date },
    autoFirstPage: true,
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.font("Helvetica").fontSize(9).fillColor("#222222");
  return {
    doc,
    async finish() {
      if (!bare) {
        const range = doc.bufferedPageRange();
        const stamp = date.toISOString().slice(0, 16).replace("T", " ") + " UTC";
        for (let i = range.start; i < range.start + range.count; i++) {
          doc.switchToPage(i);
          const { width, height } = doc.page;
          // Writing in the margins must not start a new page.
          const bottom = doc.page.margins.bottom;
          doc.page.margins.bottom = 0;
          doc.save();
          doc.font("Helvetica-Bold").fontSize(10).fillColor("#1f3a5a").text(pdfText(opts.title), margin, margin, { width: width - 2 * margin - 150, lineBreak: false, ellipsis: true });
          doc.font("Helvetica").fontSize(8).fillColor("#555555").text(stamp, width - margin - 150, margin + 1, { width: 150, align: "right", lineBreak: false });
          if (opts.subtitle) doc.fontSize(8).text(pdfText(opts.subtitle), margin, margin + 13, { width: width - 2 * margin, lineBreak: false, ellipsis: true });
          doc.lineWidth(0.5).strokeColor("#b8c2cc").moveTo(margin, margin + 26).lineTo(width - margin, margin + 26).stroke();
          doc.fontSize(8).fillColor("#555555").text(`Page ${i - range.start + 1} of ${range.count}`, margin, height - margin - 10, { width: width - 2 * margin, align: "right", lineBreak: false });
          doc.text("Ferrule", margin, height - margin - 10, { lineBreak: false });
          doc.restore();
          doc.page.margins.bottom = bottom;
        }
      }
      doc.end();
      return ended;
    },
  };
}

/** The writable box of the current page. */
export function pageBox(doc: PdfDocument): { left: number; right: number; top: number; bottom: number; width: number } {
  const { margins, width, height } = doc.page;
  return { left: margins.left, right: width - margins.right, top: margins.top, bottom: height - margins.bottom, width: width - margins.left - margins.right };
}

/** Starts a new page unless `height` points still fit below the cursor. */
export function ensureSpace(doc: PdfDocument, height: number): void {
  if (doc.y + height > pageBox(doc).bottom) doc.addPage();
}

export function pdfHeading(doc: PdfDocument, text: string, level: 1 | 2 = 1): void {
  ensureSpace(doc, level === 1 ? 60 : 40);
  const box = pageBox(doc);
  if (doc.y > box.top + 1) doc.moveDown(level === 1 ? 0.8 : 0.5);
  doc.font("Helvetica-Bold").fontSize(level === 1 ? 13 : 10.5).fillColor("#1f3a5a").text(pdfText(text), box.left, doc.y, { width: box.width });
  doc.moveDown(0.3).font("Helvetica").fontSize(9).fillColor("#222222");
}

export function pdfParagraph(doc: PdfDocument, text: string, opts: { color?: string; size?: number } = {}): void {
  const box = pageBox(doc);
  doc.font("Helvetica").fontSize(opts.size ?? 9).fillColor(opts.color ?? "#222222").text(pdfText(text), box.left, doc.y, { width: box.width });
  doc.moveDown(0.4).fillColor("#222222");
}

/** Label–value pairs in two columns. */
export function pdfKeyValues(doc: PdfDocument, pairs: readonly (readonly [string, string])[], labelWidth = 140): void {
  const box = pageBox(doc);
  for (const [k, v] of pairs) {
    ensureSpace(doc, 14);
    const y = doc.y;
    doc.font("Helvetica-Bold").fontSize(9).fillColor("#444444").text(pdfText(k), box.left, y, { width: labelWidth - 8 });
    const afterLabel = doc.y;
    doc.font("Helvetica").fillColor("#222222").text(pdfText(v), box.left + labelWidth, y, { width: box.width - labelWidth });
    doc.y = Math.max(doc.y, afterLabel) + 2;
  }
  doc.x = box.left;
}

export interface PdfColumn {
  readonly header: string;
  /** Relative width (the columns share the page width in proportion). */
  readonly width: number;
  readonly align?: "left" | "right" | "center";
}

export interface PdfTableOptions {
  readonly columns: readonly PdfColumn[];
  readonly rows: Iterable<readonly string[]>;
  readonly fontSize?: number;
  /** Colour of a row's text, e.g. by severity. */
  rowColor?(row: readonly string[], index: number): string | undefined;
}

/** A table that wraps long cells, breaks across pages and repeats its header on each page. */
export function pdfTable(doc: PdfDocument, opts: PdfTableOptions): void {
  const size = opts.fontSize ?? 8;
  const pad = 3;
  const box = pageBox(doc);
  const totalWeight = opts.columns.reduce((n, c) => n + c.width, 0);
  const widths = opts.columns.map((c) => (c.width / totalWeight) * box.width);
  const xs = widths.map((_, i) => box.left + widths.slice(0, i).reduce((n, w) => n + w, 0));
  const rowHeight = (cells: readonly string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(pdfText(c || " "), { width: widths[i]! - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: readonly string[], font: string, fill: string | null, color: string) => {
    const h = rowHeight(cells, font);
    const y = doc.y;
    if (fill) doc.rect(box.left, y, box.width, h).fill(fill);
    doc.font(font).fontSize(size).fillColor(color);
    cells.forEach((c, i) => doc.text(pdfText(c), xs[i]! + pad, y + pad, { width: widths[i]! - 2 * pad, align: opts.columns[i]!.align ?? "left" }));
    doc.lineWidth(0.3).strokeColor("#d5d9de").moveTo(box.left, y + h).lineTo(box.right, y + h).stroke();
    doc.y = y + h;
  };
  const header = opts.columns.map((c) => c.header);
  ensureSpace(doc, rowHeight(header, "Helvetica-Bold") + 20);
  drawRow(header, "Helvetica-Bold", "#e8eef4", "#1f3a5a");
  let i = 0;
  for (const row of opts.rows) {
    const h = rowHeight(row, "Helvetica");
    if (doc.y + h > pageBox(doc).bottom) {
      doc.addPage();
      drawRow(header, "Helvetica-Bold", "#e8eef4", "#1f3a5a");
    }
    drawRow(row, "Helvetica", i % 2 === 1 ? "#f7f9fb" : null, opts.rowColor?.(row, i) ?? "#222222");
    i++;
  }
  doc.x = box.left;
  doc.moveDown(0.5);
}
