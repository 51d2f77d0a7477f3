/**
 * QR codes for labels and work orders (`qrcode` package): the module matrix, drawn into a PDF or
 * written as SVG. Error correction M (15 %) survives a scuffed label; a 4-module quiet zone is
 * left around the code as the standard asks.
 */
import QRCode from "qrcode";

export interface QrMatrix {
  /** Modules per side. */
  readonly size: number;
  /** Whether the module at (row, column) is dark. */
  dark(row: number, column: number): boolean;
}

export function qrMatrix(text: string, level: "L" | "M" | "Q" | "H" = "M"): QrMatrix {
  const code = QRCode.create(text, { errorCorrectionLevel: level });
  const { size, data } = code.modules;
  return { size, dark: (r, c) => data[r * size + c] === 1 };
}

/** Anything that fills rectangles (a PDFKit document). */
export interface RectPainter {
  rect(x: number, y: number, w: number, h: number): unknown;
  fill(color?: string): unknown;
}

/**
 * Draws a QR code into a PDF with its top-left corner at (x, y), `size` points wide including the
 * quiet zone. Runs of dark modules in a row are drawn as one rectangle.
 */
export function drawQr(doc: RectPainter, text: string, x: number, y: number, size: number): void {
  const m = qrMatrix(text);
  const n = m.size + 8;
  const cell = size / n;
  for (let r = 0; r < m.size; r++) {
    let c = 0;
    while (c < m.size) {
      if (!m.dark(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < m.size && m.dark(r, c)) c++;
      // A hair of overlap keeps viewers from drawing seams between modules.
      doc.rect(x + (start + 4) * cell, y + (r + 4) * cell, (c - start) * cell + 0.01, cell + 0.01);
    }
  }
  doc.fill("#000000");
}

/** The QR code as an SVG element string, `size` pixels wide including the quiet zone. */
export function qrSvg(text: string, size = 128): string {
  const m = qrMatrix(text);
  const n = m.size + 8;
  let path = "";
  for (let r = 0; r < m.size; r++) {
    let c = 0;
    while (c < m.size) {
      if (!m.dark(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < m.size && m.dark(r, c)) c++;
      path += `M${start + 4} ${r + 4}h${c - start}v1h-${c - start}z`;
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges" role="img"><rect width="${n}" height="${n}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
