import { sql } from "drizzle-orm";
import { z } from "zod";
import { linkTia, portTia } from "../../documents/identifiers";
import { createPdf } from "../../documents/pdf";
import { drawQr } from "../../documents/qr";
import { pdfText } from "../../documents/text";
import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { queryRows } from "../inventory/sql";
import { cableRecords } from "./cable-records";
import { siteForExport } from "./site-head";

export const labelsInput = z.object({
  siteId: z.uuid("Choose a site."),
  kind: z.enum(["ports", "cables"]),
  /** Only this device's ports (port labels). */
  deviceId: z.uuid().optional(),
  /** Port labels for cages with no transceiver and nothing plugged too (left out unless asked for). */
  emptyCages: z.boolean().default(false),
});
export type LabelsInput = z.input<typeof labelsInput>;

/** Most labels in one sheet file. */
export const MAX_LABELS = 6000;

export interface Label {
  /** The identifier printed large and encoded in the QR code. */
  readonly id: string;
  /** Under it; a line that does not fit is cut with "...". */
  readonly lines: readonly string[];
  /** Lines printed whole, wrapped onto a second line rather than cut (identifiers). */
  readonly whole?: readonly string[];
}

/** Label stock: 3 × 8 labels of 70 × 37 mm on A4 (a common laser sheet). */
export const SHEET = { columns: 3, rows: 8, width: 198.4, height: 104.9, top: 42.5, left: 0 } as const;

/** The text cut to fit `width` points in the current font, with an ellipsis when cut. */
function fitter(doc: PDFKit.PDFDocument) {
  return (text: string, width: number): string => {
    if (doc.widthOfString(text) <= width) return text;
    let t = text;
    while (t.length > 1 && doc.widthOfString(`${t}...`) > width) t = t.slice(0, -1);
    return `${t}...`;
  };
}

/** Draws labels onto sheets: a QR code of the identifier on the left, the identifier and its lines on the right. */
export async function labelSheetPdf(title: string, labels: readonly Label[]): Promise<Buffer> {
  const pdf = createPdf({ title, bare: true, margin: 0 });
  const doc = pdf.doc;
  const perPage = SHEET.columns * SHEET.rows;
  const fit = fitter(doc);
  labels.forEach((label, i) => {
    if (i > 0 && i % perPage === 0) doc.addPage();
    const k = i % perPage;
    const x = SHEET.left + (k % SHEET.columns) * SHEET.width;
    const y = SHEET.top + Math.floor(k / SHEET.columns) * SHEET.height;
    const pad = 8;
    const qr = SHEET.height - 2 * pad;
    drawQr(doc, label.id, x + pad - 4, y + pad, qr);
    const tx = x + pad + qr + 2;
    const tw = SHEET.width - (tx - x) - pad;
    // The identifier on one line when it fits at 6.5 pt or more, else wrapped after its ':'.
    const id = pdfText(label.id);
    let size = 10;
    doc.font("Helvetica-Bold").fontSize(size);
    while (size > 6.5 && doc.widthOfString(id) > tw) doc.fontSize((size -= 0.5));
    doc.fillColor("#000000").text(doc.widthOfString(id) > tw ? id.replace(":", ":\n") : id, tx, y + pad + 6, { width: tw, height: 34, ellipsis: true });
    doc.font("Helvetica").fontSize(7).fillColor("#333333");
    let ly = Math.max(doc.y + 2, y + pad + 26);
    // An identifier is never cut: it wraps after a separator, in a smaller size when it must.
    for (const line of label.whole ?? []) {
      const text = pdfText(line);
      doc.fontSize(doc.heightOfString(text, { width: tw }) > 18 ? 6 : 7);
      const h = doc.heightOfString(text, { width: tw });
      if (ly + h > y + SHEET.height - pad) break;
      doc.text(text, tx, ly, { width: tw });
      ly += h + 1;
    }
    doc.fontSize(7);
    for (const line of label.lines) {
      if (ly > y + SHEET.height - pad - 8) break;
      doc.text(fit(pdfText(line), tw), tx, ly, { lineBreak: false });
      ly += 9;
    }
  });
  if (labels.length === 0) doc.font("Helvetica").fontSize(11).text("No labels: nothing matches.", 60, 80);
  return pdf.finish();
}

/**
 * Label sheets (PDF) with TIA-606 identifiers and QR codes: one per port (rack, device and port
 * order), or two per cable, one for each end, each naming the link near end first.
 */
export async function labelsPdf(ctx: ServiceContext, input: LabelsInput): Promise<Buffer> {
  const data = labelsInput.parse(input);
  const site = await siteForExport(ctx, data.siteId);
  const labels: Label[] = [];
  if (data.kind === "ports") {
    const device = data.deviceId ? sql` and d.id = ${data.deviceId}` : sql``;
    // A cage with no optic and nothing plugged has nothing to label yet: left out unless asked for.
    const empty = data.emptyCages
      ? sql``
      : sql` and not (p.kind = 'transceiver' and not exists (select 1 from transceivers x where x.port_id = p.id) and not exists (select 1 from cable_plugs cp where cp.port_id = p.id))`;
    const rows = await queryRows<{ device: string; port: string; kind: string; family: string | null; u: number | null; rack: string | null; row: string | null; position: number | null; room: string | null }>(
      ctx.db,
      sql`select d.name as device, p.name as port, p.kind, p.family, d.u_position as u, r.name as rack, r.row, r.position, ro.name as room
            from ports p join devices d on d.id = p.device_id left join racks r on r.id = d.rack_id left join rooms ro on ro.id = r.room_id
           where p.site_id = ${site.id}${device}${empty}
           order by ro.name nulls last, r.row, r.position, r.name, d.u_position desc nulls last, d.name, p.ordinal, p.name
           limit ${MAX_LABELS + 1}`,
    );
    if (rows.length > MAX_LABELS) throw new ServiceError("INVALID", `More than ${MAX_LABELS} port labels: print them a device at a time.`, { deviceId: "Choose a device." });
    for (const r of rows)
      labels.push({
        id: portTia(site.code, r.rack ? { name: r.rack, row: r.row ?? "", position: r.position } : null, { name: r.device, uPosition: r.u }, r.port),
        lines: [`${r.device}:${r.port}`, [r.kind === "transceiver" ? "cage" : r.family, r.room, r.rack].filter(Boolean).join(" · ")],
      });
  } else {
    for await (const page of cableRecords(ctx.db, site.id, site.code)) {
      for (const c of page) {
        const a = c.a.map((e) => e.tia).join(", ") || "(not plugged)";
        const b = c.b.map((e) => e.tia).join(", ") || "(not plugged)";
        const details = [c.typeId, `${c.lengthM} m`].join(" · ");
        // One label for each end, the link named near end first (reference §11).
        for (const [near, far] of [[a, b], [b, a]] as const)
          labels.push({ id: c.label || linkTia(near, far), whole: [`here: ${near}`, `far: ${far}`], lines: [details] });
      }
      if (labels.length > MAX_LABELS) throw new ServiceError("INVALID", `More than ${MAX_LABELS} cable labels: the site has too many cables for one sheet file.`, {});
    }
  }
  return labelSheetPdf(`${site.code} ${data.kind === "ports" ? "port" : "cable"} labels`, labels);
}
