/**
 * A loss budget chart: one horizontal bar per link, split into what makes up its loss (fiber,
 * connections, splices), with the application's limit drawn as a line across it. Written as SVG
 * (HTML reports) or drawn into a PDF with the same geometry.
 */
import type PDFKit from "pdfkit";
import { escapeHtml, pdfText } from "./text";

export interface BudgetSegment {
  readonly label: string;
  readonly value: number;
}

export interface BudgetBar {
  /** What the bar is: "leaf1:Ethernet1/1 ↔ spine1:Ethernet1/1". */
  readonly label: string;
  readonly segments: readonly BudgetSegment[];
  /** The limit the total is held against; null when no limit is known. */
  readonly limit: number | null;
  /** "100GBASE-SR4 on OM4: 1.90 dB". */
  readonly limitLabel: string;
}

export const SEGMENT_COLOURS = ["#3b82c4", "#e0a030", "#8a5cc2", "#4aa36b"];
const OVER = "#c0392b";

export interface ChartGeometry {
  readonly width: number;
  readonly labelWidth: number;
  readonly barHeight: number;
  readonly gap: number;
}

const total = (b: BudgetBar) => b.segments.reduce((n, s) => n + s.value, 0);

/** The scale's top: the largest total or limit, with some room, rounded up to a half dB. */
export function chartMax(bars: readonly BudgetBar[]): number {
  const top = Math.max(0.5, ...bars.map((b) => Math.max(total(b), b.limit ?? 0)));
  return Math.ceil((top * 1.1) / 0.5) * 0.5;
}

const fmt = (n: number) => n.toFixed(2);

/** The chart as an SVG string. */
export function budgetChartSvg(bars: readonly BudgetBar[], geometry: Partial<ChartGeometry> = {}): string {
  const g: ChartGeometry = { width: 720, labelWidth: 240, barHeight: 18, gap: 26, ...geometry };
  const max = chartMax(bars);
  const plot = g.width - g.labelWidth - 70;
  const x = (v: number) => g.labelWidth + (v / max) * plot;
  const top = 24;
  const height = top + bars.length * (g.barHeight + g.gap) + 30;
  const parts: string[] = [];
  const ticks = Math.min(10, Math.round(max / 0.5));
  for (let i = 0; i <= ticks; i++) {
    const v = (max / ticks) * i;
    parts.push(`<line x1="${x(v)}" y1="${top - 6}" x2="${x(v)}" y2="${height - 24}" stroke="#e3e6ea"/>`);
    parts.push(`<text x="${x(v)}" y="${height - 10}" text-anchor="middle" font-size="10" fill="#555">${fmt(v)}</text>`);
  }
  bars.forEach((b, i) => {
    const y = top + i * (g.barHeight + g.gap);
    const sum = total(b);
    const over = b.limit !== null && sum > b.limit;
    parts.push(`<text x="${g.labelWidth - 8}" y="${y + g.barHeight / 2 + 4}" text-anchor="end" font-size="11" fill="#222">${escapeHtml(b.label)}</text>`);
    let at = 0;
    b.segments.forEach((s, k) => {
      if (s.value <= 0) return;
      parts.push(
        `<rect x="${x(at)}" y="${y}" width="${Math.max(0.5, x(at + s.value) - x(at))}" height="${g.barHeight}" fill="${SEGMENT_COLOURS[k % SEGMENT_COLOURS.length]}"><title>${escapeHtml(`${s.label}: ${fmt(s.value)} dB`)}</title></rect>`,
      );
      at += s.value;
    });
    parts.push(`<text x="${x(sum) + 4}" y="${y + g.barHeight / 2 + 4}" font-size="11" font-weight="600" fill="${over ? OVER : "#222"}">${fmt(sum)} dB</text>`);
    if (b.limit !== null) {
      parts.push(`<line x1="${x(b.limit)}" y1="${y - 4}" x2="${x(b.limit)}" y2="${y + g.barHeight + 4}" stroke="${OVER}" stroke-width="2"/>`);
    }
    parts.push(`<text x="${g.labelWidth}" y="${y + g.barHeight + 14}" font-size="10" fill="${over ? OVER : "#666"}">${escapeHtml(b.limit === null ? `no verified limit (${b.limitLabel})` : `limit ${b.limitLabel}${over ? " — over" : ""}`)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="budget-chart" width="${g.width}" height="${height}" viewBox="0 0 ${g.width} ${height}" role="img" aria-label="Loss budget">${parts.join("")}</svg>`;
}

/** The segments' legend as HTML. */
export function budgetLegendHtml(labels: readonly string[]): string {
  return `<p class="legend">${labels
    .map((l, k) => `<span><i style="background:${SEGMENT_COLOURS[k % SEGMENT_COLOURS.length]}"></i>${escapeHtml(l)}</span>`)
    .join(" ")} <span><i class="limit"></i>application limit</span></p>`;
}

/** Height in points the chart of `count` bars takes in a PDF. */
export const pdfChartHeight = (count: number, g: Partial<ChartGeometry> = {}): number => 24 + count * ((g.barHeight ?? 12) + (g.gap ?? 20)) + 20;

/** Draws the chart into a PDF at (x0, y0); returns the y below it. */
export function drawBudgetChart(doc: PDFKit.PDFDocument, bars: readonly BudgetBar[], x0: number, y0: number, geometry: Partial<ChartGeometry> = {}): number {
  const g: ChartGeometry = { width: 500, labelWidth: 170, barHeight: 12, gap: 20, ...geometry };
  const max = chartMax(bars);
  const plot = g.width - g.labelWidth - 50;
  const x = (v: number) => x0 + g.labelWidth + (v / max) * plot;
  const top = y0 + 12;
  const bottom = top + bars.length * (g.barHeight + g.gap);
  const ticks = Math.min(10, Math.round(max / 0.5));
  doc.save();
  doc.lineWidth(0.5).strokeColor("#d5d9de");
  for (let i = 0; i <= ticks; i++) {
    const v = (max / ticks) * i;
    doc.moveTo(x(v), top - 4).lineTo(x(v), bottom).stroke();
    doc.fillColor("#555555").font("Helvetica").fontSize(7).text(fmt(v), x(v) - 15, bottom + 3, { width: 30, align: "center", lineBreak: false });
  }
  bars.forEach((b, i) => {
    const y = top + i * (g.barHeight + g.gap);
    const sum = total(b);
    const over = b.limit !== null && sum > b.limit;
    doc.fillColor("#222222").font("Helvetica").fontSize(8).text(pdfText(b.label), x0, y + 2, { width: g.labelWidth - 6, align: "right", lineBreak: false, ellipsis: true });
    let at = 0;
    b.segments.forEach((s, k) => {
      if (s.value <= 0) return;
      doc.rect(x(at), y, Math.max(0.5, x(at + s.value) - x(at)), g.barHeight).fill(SEGMENT_COLOURS[k % SEGMENT_COLOURS.length]!);
      at += s.value;
    });
    doc.fillColor(over ? OVER : "#222222").font("Helvetica-Bold").fontSize(8).text(`${fmt(sum)} dB`, x(sum) + 3, y + 2, { lineBreak: false });
    if (b.limit !== null) doc.lineWidth(1.5).strokeColor(OVER).moveTo(x(b.limit), y - 3).lineTo(x(b.limit), y + g.barHeight + 3).stroke();
    doc
      .fillColor(over ? OVER : "#666666")
      .font("Helvetica")
      .fontSize(7)
      .text(pdfText(b.limit === null ? `no verified limit (${b.limitLabel})` : `limit ${b.limitLabel}${over ? " - over" : ""}`), x0 + g.labelWidth, y + g.barHeight + 2, { lineBreak: false });
  });
  doc.restore();
  return bottom + 14;
}
