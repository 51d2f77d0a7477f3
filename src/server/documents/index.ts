/**
 * Document helpers shared by exports, reports, labels and work orders. Server only.
 *
 * - `pdf.ts`: PDF pages with running header and page numbers, headings, key–value blocks, tables.
 * - `qr.ts`: QR codes drawn into a PDF or written as SVG.
 * - `budget-chart.ts`: loss budget bars against the application's limit, in SVG and in PDF.
 * - `xlsx.ts`: spreadsheets written as their rows arrive and read back (exceljs).
 * - `csv.ts`: CSV records (RFC 4180, as csv-stringify writes them) with formula-like text made safe for spreadsheets.
 * - `identifiers.ts`: TIA-606 identifiers (`DC1.A12-40:05`, links `near/far`).
 * - `text.ts`: HTML escaping, text for PDF standard fonts, lengths.
 */
export * from "./budget-chart";
export * from "./identifiers";
export * from "./pdf";
export * from "./qr";
export * from "./text";
export * from "./xlsx";
export * from "./csv";
