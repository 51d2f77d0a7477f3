import { endTia, linkTia } from "../../documents/identifiers";
import { csvRecords, type CsvValue } from "../../documents/csv";
import { xlsxStream } from "../../documents/xlsx";
import type { ServiceContext } from "../context";
import { cableRecords, type CableEnd, type CableRecord } from "./cable-records";
import { siteExportInput, type SiteExportInput } from "./schemas";
import { siteForExport } from "./site-head";

/** The columns of the cable schedule, in order, with spreadsheet widths. */
export const SCHEDULE_COLUMNS = [
  { header: "Label", width: 16 },
  { header: "Link (TIA-606)", width: 34 },
  { header: "A end (TIA-606)", width: 20 },
  { header: "A port", width: 24 },
  { header: "B end (TIA-606)", width: 20 },
  { header: "B port", width: 24 },
  { header: "Type", width: 30 },
  { header: "Kind", width: 11 },
  { header: "Fiber", width: 7 },
  { header: "Polarity", width: 9 },
  { header: "Length (m)", width: 11 },
  { header: "Status", width: 14 },
  { header: "Colour", width: 8 },
  { header: "Splices", width: 8 },
] as const;

const portText = (ends: readonly CableEnd[]) => ends.map((e) => `${e.device}:${e.port}${e.side === "rear" ? " (rear)" : ""}`).join(", ");

/** One schedule row of a cable: both ends with their identifiers, type, kind as laid, polarity, length, status. */
export function scheduleRow(c: CableRecord): CsvValue[] {
  const link = c.a[0] && c.b[0] ? linkTia(c.a[0].tia, c.b[0].tia) : "";
  return [
    c.label,
    link,
    endTia(c.a.map((e) => e.tia)),
    portText(c.a),
    endTia(c.b.map((e) => e.tia)),
    portText(c.b),
    c.typeId,
    c.role,
    c.fiber ?? "",
    c.polarity ?? "",
    c.lengthM,
    c.status,
    c.colour,
    c.splices,
  ];
}

/** The cable schedule as CSV text (header first), produced page by page from the cursor. */
export async function* cableScheduleCsv(ctx: ServiceContext, input: SiteExportInput): AsyncGenerator<string> {
  const { siteId } = siteExportInput.parse(input);
  const site = await siteForExport(ctx, siteId);
  yield csvRecords([SCHEDULE_COLUMNS.map((c) => c.header)]);
  for await (const page of cableRecords(ctx.db, site.id, site.code)) yield csvRecords(page.map(scheduleRow));
}

/**
 * The cable schedule as an Excel workbook, written as it is read: the bytes of the file come out
 * page by page (a streaming workbook writer), never the whole sheet in memory.
 */
export async function* cableScheduleXlsx(ctx: ServiceContext, input: SiteExportInput): AsyncGenerator<Uint8Array> {
  const { siteId } = siteExportInput.parse(input);
  const site = await siteForExport(ctx, siteId);
  async function* rows() {
    for await (const page of cableRecords(ctx.db, site.id, site.code)) yield page.map(scheduleRow);
  }
  yield* xlsxStream({ name: `${site.code} cables`, columns: SCHEDULE_COLUMNS, title: `${site.name}: cable schedule` }, rows());
}
