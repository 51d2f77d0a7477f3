import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import type { WorkOrderView } from "./get-work-order";

/** The standard PDF fonts speak WinAnsi: say arrows and other signs in plain characters. */
const plain = (s: string) =>
  s
    .replace(/↔/g, "<->")
    .replace(/→/g, "->")
    .replace(/[“”]/g, '"')
    .replace(/[^\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u2022\u2026]/g, "?");

/**
 * The work order as a PDF (A4): the plan, then each step in order under its group (preparation,
 * cut-over k with the live links down during it), with a tick box, the step, the TIA-606 labels of
 * its ports and cable, and a QR code that opens the step on a phone. `stepUrl(n)` is the address
 * the code carries.
 */
export async function workOrderPdf(order: WorkOrderView, stepUrl: (n: number) => string): Promise<Buffer> {
  const qr = new Map<number, Buffer>();
  for (const s of order.steps) qr.set(s.n, await QRCode.toBuffer(stepUrl(s.n), { type: "png", margin: 1, width: 180, errorCorrectionLevel: "M" }));
  const doc = new PDFDocument({ size: "A4", margin: 42, info: { Title: plain(`Work order: ${order.plan.name}`), Author: "Ferrule" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  doc.font("Helvetica-Bold").fontSize(18).text(plain(`Work order: ${order.plan.name}`), left, doc.y, { width });
  doc
    .font("Helvetica")
    .fontSize(10)
    .fillColor("#5d6878")
    .text(plain(`${order.site.name} (${order.site.code}). Plan ${order.plan.status}${order.preview ? " - preview: the order may change until the plan is released to the floor" : ""}. ${order.steps.length} steps. Printed ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`), { width });
  doc.moveDown(0.4);
  doc.text("Tick each step when it is done, or scan its code to open it on a phone and mark it done there.", { width });
  doc.fillColor("#000");

  let group = -1;
  const QR = 64;
  for (const s of order.steps) {
    if (s.group !== group) {
      group = s.group;
      if (doc.y + 60 > bottom()) doc.addPage();
      doc.moveDown(0.8);
      doc.font("Helvetica-Bold").fontSize(12).text(group === 0 ? "Preparation: nothing live goes down" : `Cut-over ${group}`, left, doc.y, { width });
      if (group > 0) {
        doc
          .font("Helvetica")
          .fontSize(9)
          .fillColor("#b86e00")
          .text(plain(s.linksDown.length ? `Links down from the first to the last step of this cut-over: ${s.linksDown.join("; ")}` : "No passing link goes down."), { width });
        doc.fillColor("#000");
      }
      doc.moveDown(0.3);
    }
    const textWidth = width - 28 - QR - 12;
    doc.font("Helvetica-Bold").fontSize(10.5);
    const labels = [...s.tia, ...(s.link ? [`link ${s.link}`] : [])].join("   ");
    const h = Math.max(QR + 8, doc.heightOfString(plain(s.text), { width: textWidth }) + (labels ? doc.font("Courier").fontSize(8.5).heightOfString(plain(labels), { width: textWidth }) : 0) + 14);
    if (doc.y + h > bottom()) doc.addPage();
    const top = doc.y;
    doc.lineWidth(0.5).strokeColor("#999").roundedRect(left, top, width, h, 4).stroke();
    doc.lineWidth(1).strokeColor("#000").rect(left + 8, top + 8, 11, 11).stroke();
    if (s.doneAt) doc.font("Helvetica-Bold").fontSize(11).text("x", left + 10.5, top + 7.5);
    doc.font("Helvetica-Bold").fontSize(10.5).fillColor("#000").text(plain(`${s.n}. ${s.text}`), left + 28, top + 7, { width: textWidth });
    if (labels) doc.font("Courier").fontSize(8.5).fillColor("#333").text(plain(labels), left + 28, doc.y + 2, { width: textWidth });
    if (s.doneAt) doc.font("Helvetica").fontSize(8).fillColor("#1f7a3a").text(plain(`done ${new Date(s.doneAt).toISOString().slice(0, 16).replace("T", " ")} by ${s.doneBy ?? "?"}`), left + 28, doc.y + 2, { width: textWidth });
    doc.image(qr.get(s.n)!, left + width - QR - 4, top + 4, { width: QR, height: QR });
    doc.fillColor("#000");
    doc.y = top + h + 6;
  }
  doc.end();
  return finished;
}
