import { sql } from "drizzle-orm";
import { attenuationDbPerKm, describeConventions, isFiberGrade, type ChannelLink } from "../../../domain";
import { budgetChartSvg, budgetLegendHtml, drawBudgetChart, pdfChartHeight, type BudgetBar } from "../../documents/budget-chart";
import { portTia } from "../../documents/identifiers";
import { createPdf, ensureSpace, pageBox, pdfHeading, pdfKeyValues, pdfParagraph, pdfTable } from "../../documents/pdf";
import { escapeHtml, formatLength, pdfText } from "../../documents/text";
import type { ServiceContext } from "../context";
import { queryRows, uuidArray } from "../inventory/sql";
import { siteExportInput, type SiteExportInput } from "./schemas";
import { siteForExport, type SiteHead } from "./site-head";

/** Channels drawn in full (the others are counted); every finding is listed up to its own cap. */
export const REPORT_CHANNEL_LIMIT = { html: 2000, pdf: 300 } as const;
export const REPORT_FINDING_LIMIT = 5000;

interface ChannelRow {
  key: string;
  title: string;
  verdict: "pass" | "warning" | "fail";
  errors: number;
  warnings: number;
  fibers: number;
  links: ChannelLink[];
}

interface FindingRow {
  severity: "error" | "warning" | "info";
  code: string;
  message: string;
  title: string | null;
}

export interface ReportData {
  site: SiteHead;
  conventions: string;
  generated: Date;
  counts: { channels: number; pass: number; warning: number; fail: number; error: number; warningFindings: number; info: number };
  channels: (ChannelRow & { bars: BudgetBar[]; linkRows: string[][] })[];
  findings: FindingRow[];
  findingTotal: number;
}

const VERDICT_WORD = { pass: "pass", warning: "warning", fail: "fail" } as const;

/** One loss bar of a link: fiber attenuation and connections (mated pairs and splices), against its limit. */
function barOf(link: ChannelLink, names: Map<string, { label: string; tia: string }>, site: SiteHead): BudgetBar {
  const grade = link.lowestGrade && isFiberGrade(link.lowestGrade) ? link.lowestGrade : undefined;
  const fiber = grade ? Math.min(link.lossDb, (link.lengthM / 1000) * attenuationDbPerKm(grade, site.attenuation)) : 0;
  const apps = [...new Set(link.applications)].join(" / ").toUpperCase() || "unknown application";
  return {
    label: `${names.get(link.a)?.label ?? "?"} ↔ ${names.get(link.b)?.label ?? "?"}`,
    segments: [
      { label: "fiber", value: Math.round(fiber * 1e4) / 1e4 },
      { label: "connections and splices", value: Math.max(0, Math.round((link.lossDb - fiber) * 1e4) / 1e4) },
    ],
    limit: link.maxLossDb,
    limitLabel: `${apps}${grade ? ` on ${grade}` : ""}${link.maxLossDb !== null ? `: ${link.maxLossDb.toFixed(2)} dB` : ""}`,
  };
}

/** What the report shows, read once: the stored judgement of every channel and every finding. */
export async function reportData(ctx: ServiceContext, input: SiteExportInput, channelLimit: number): Promise<ReportData> {
  const { siteId } = siteExportInput.parse(input);
  const site = await siteForExport(ctx, siteId);
  const [counts] = await queryRows<{ channels: number; pass: number; warning: number; fail: number }>(
    ctx.db,
    sql`select count(*)::int as channels, count(*) filter (where verdict = 'pass')::int as pass, count(*) filter (where verdict = 'warning')::int as warning,
               count(*) filter (where verdict = 'fail')::int as fail
          from channel_judgements where site_id = ${site.id}`,
  );
  const [fcounts] = await queryRows<{ error: number; warning: number; info: number }>(
    ctx.db,
    sql`select count(*) filter (where severity = 'error')::int as error, count(*) filter (where severity = 'warning')::int as warning, count(*) filter (where severity = 'info')::int as info
          from findings where site_id = ${site.id}`,
  );
  const channels = await queryRows<ChannelRow>(
    ctx.db,
    sql`select key, title, verdict, errors, warnings, fibers, links from channel_judgements where site_id = ${site.id}
         order by case verdict when 'fail' then 0 when 'warning' then 1 else 2 end, title, key limit ${channelLimit}`,
  );
  const findings = await queryRows<FindingRow>(
    ctx.db,
    sql`select f.severity, f.code, f.message, c.title from findings f left join channel_judgements c on c.site_id = f.site_id and c.key = f.channel_key
         where f.site_id = ${site.id} order by f.severity_rank, f.code, f.message limit ${REPORT_FINDING_LIMIT}`,
  );
  const portIds = [...new Set(channels.flatMap((c) => c.links.flatMap((l) => [l.a, l.b])))];
  const portRows = portIds.length
    ? await queryRows<{ id: string; device: string; port: string; u: number | null; rack: string | null; row: string | null; position: number | null }>(
        ctx.db,
        sql`select p.id, d.name as device, p.name as port, d.u_position as u, r.name as rack, r.row, r.position
              from ports p join devices d on d.id = p.device_id left join racks r on r.id = d.rack_id where p.id = any(${uuidArray(portIds)}::uuid[])`,
      )
    : [];
  const names = new Map(
    portRows.map((p) => [p.id, { label: `${p.device}:${p.port}`, tia: portTia(site.code, p.rack ? { name: p.rack, row: p.row ?? "", position: p.position } : null, { name: p.device, uPosition: p.u }, p.port) }]),
  );
  return {
    site,
    conventions: describeConventions({ attenuation: site.attenuation, matedPair: site.matedPair }),
    generated: new Date(),
    counts: { ...counts!, error: fcounts!.error, warningFindings: fcounts!.warning, info: fcounts!.info },
    channels: channels.map((c) => ({
      ...c,
      bars: c.links.map((l) => barOf(l, names, site)),
      linkRows: c.links.map((l) => [
        `${names.get(l.a)?.tia ?? "?"} / ${names.get(l.b)?.tia ?? "?"}`,
        [...new Set(l.applications)].join(" / ").toUpperCase(),
        l.lowestGrade ?? "",
        `${formatLength(l.lengthM)}${l.reachM !== null ? ` of ${formatLength(l.reachM)}` : ""}`,
        String(l.matedPairs),
        `${l.lossDb.toFixed(2)} dB${l.maxLossDb !== null ? ` of ${l.maxLossDb.toFixed(2)} dB` : ""}`,
      ]),
    })),
    findings,
    findingTotal: fcounts!.error + fcounts!.warning + fcounts!.info,
  };
}

const LINK_HEADERS = ["Link (TIA-606)", "Application", "Fiber", "Length / reach", "Mated pairs", "Loss / limit"];

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2530;margin:2rem auto;max-width:60rem;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{margin-top:2rem;border-bottom:1px solid #d5d9de;padding-bottom:.2rem}h3{margin:1.5rem 0 .3rem;font-size:1.05rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:13px}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e3e6ea;vertical-align:top}
th{background:#eef2f6}.muted{color:#5b6673}.badge{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:12px;font-weight:600}
.pass{background:#dff3e4;color:#1e6b34}.warning{background:#fff1cc;color:#7a5600}.fail{background:#fbdcd8;color:#9b2316}.error{color:#9b2316}.info{color:#35608f}
.summary td:first-child{width:14rem;font-weight:600}.legend span{margin-right:1rem;font-size:12px}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}
.legend i.limit{width:3px;background:#c0392b}svg.budget-chart{max-width:100%;height:auto}
@media print{body{margin:0;max-width:none}section.channel{break-inside:avoid}}`;

/** The validation report as one self-contained HTML page (loss charts as inline SVG). */
export async function validationReportHtml(ctx: ServiceContext, input: SiteExportInput): Promise<string> {
  const d = await reportData(ctx, input, REPORT_CHANNEL_LIMIT.html);
  const e = escapeHtml;
  const c = d.counts;
  const out: string[] = [];
  out.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(`Validation report: ${d.site.code} ${d.site.name}`)}</title><style>${CSS}</style></head><body>`);
  out.push(`<h1>Validation report</h1><p class="muted">${e(`${d.site.code} · ${d.site.name} · ${d.generated.toISOString().slice(0, 16).replace("T", " ")} UTC`)}</p>`);
  out.push(`<h2>Summary</h2><table class="summary"><tbody>`);
  out.push(`<tr><td>Verdict</td><td><span class="badge ${c.fail ? "fail" : c.warning ? "warning" : "pass"}">${c.fail ? "fail" : c.warning ? "warning" : "pass"}</span></td></tr>`);
  out.push(`<tr><td>Channels</td><td>${c.channels}: ${c.pass} pass, ${c.warning} with warnings, ${c.fail} failing</td></tr>`);
  out.push(`<tr><td>Findings</td><td><span class="error">${c.error} errors</span>, ${c.warningFindings} warnings, <span class="info">${c.info} notes</span></td></tr>`);
  out.push(`<tr><td>Loss conventions</td><td>${e(d.conventions)}</td></tr></tbody></table>`);
  out.push(`<h2>Findings</h2>`);
  if (d.findings.length === 0) out.push(`<p>No findings.</p>`);
  else {
    out.push(`<table><thead><tr><th>Severity</th><th>Code</th><th>Finding</th><th>Channel</th></tr></thead><tbody>`);
    for (const f of d.findings) out.push(`<tr><td class="${f.severity}">${f.severity}</td><td><code>${e(f.code)}</code></td><td>${e(f.message)}</td><td>${e(f.title ?? "")}</td></tr>`);
    out.push(`</tbody></table>`);
    if (d.findingTotal > d.findings.length) out.push(`<p class="muted">${d.findingTotal - d.findings.length} more findings are on the Findings page.</p>`);
  }
  out.push(`<h2>Channels and loss budgets</h2>${budgetLegendHtml(["fiber", "connections and splices"])}`);
  for (const ch of d.channels) {
    out.push(`<section class="channel"><h3>${e(ch.title)} <span class="badge ${ch.verdict}">${VERDICT_WORD[ch.verdict]}</span></h3>`);
    out.push(`<p class="muted">${ch.fibers} fibers · ${ch.errors} errors · ${ch.warnings} warnings</p>`);
    if (ch.links.length) {
      out.push(`<table><thead><tr>${LINK_HEADERS.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>`);
      for (const r of ch.linkRows) out.push(`<tr>${r.map((x) => `<td>${e(x)}</td>`).join("")}</tr>`);
      out.push(`</tbody></table>${budgetChartSvg(ch.bars)}`);
    } else out.push(`<p>No link reaches a transceiver at the far end.</p>`);
    out.push(`</section>`);
  }
  if (c.channels > d.channels.length) out.push(`<p class="muted">${c.channels - d.channels.length} more passing channels are not shown.</p>`);
  out.push(`</body></html>\n`);
  return out.join("\n");
}

/** The validation report as a PDF: summary, findings, and each channel's loss budget drawn against its limit. */
export async function validationReportPdf(ctx: ServiceContext, input: SiteExportInput): Promise<Buffer> {
  const d = await reportData(ctx, input, REPORT_CHANNEL_LIMIT.pdf);
  const c = d.counts;
  const pdf = createPdf({ title: "Validation report", subtitle: `${d.site.code} · ${d.site.name}`, date: d.generated });
  const doc = pdf.doc;
  pdfHeading(doc, "Summary");
  pdfKeyValues(doc, [
    ["Verdict", c.fail ? "fail" : c.warning ? "warning" : "pass"],
    ["Channels", `${c.channels}: ${c.pass} pass, ${c.warning} with warnings, ${c.fail} failing`],
    ["Findings", `${c.error} errors, ${c.warningFindings} warnings, ${c.info} notes`],
    ["Loss conventions", d.conventions],
  ]);
  pdfHeading(doc, "Findings");
  if (d.findings.length === 0) pdfParagraph(doc, "No findings.");
  else
    pdfTable(doc, {
      // The code column holds the longest code on one line (codes have no place to break).
      columns: [{ header: "Severity", width: 1 }, { header: "Code", width: 3.3 }, { header: "Finding", width: 5 }, { header: "Channel", width: 2.6 }],
      rows: d.findings.map((f) => [f.severity, f.code, f.message, f.title ?? ""]),
      fontSize: 7.5,
      rowColor: (r) => (r[0] === "error" ? "#9b2316" : r[0] === "warning" ? "#7a5600" : undefined),
    });
  if (d.findingTotal > d.findings.length) pdfParagraph(doc, `${d.findingTotal - d.findings.length} more findings are on the Findings page.`, { color: "#5b6673" });

  pdfHeading(doc, "Channels and loss budgets");
  pdfParagraph(doc, "Each bar is a link's worst fiber: blue is fiber attenuation, amber the mated pairs and splices; the red line is the application's limit for the link's lowest fiber grade.", { color: "#5b6673" });
  for (const ch of d.channels) {
    ensureSpace(doc, 40 + ch.links.length * 14 + pdfChartHeight(ch.bars.length));
    const box = pageBox(doc);
    const colour = ch.verdict === "fail" ? "#9b2316" : ch.verdict === "warning" ? "#7a5600" : "#1e6b34";
    doc.font("Helvetica-Bold").fontSize(9.5).fillColor("#1d2530").text(pdfText(ch.title), box.left, doc.y, { width: box.width - 70, continued: false });
    const y = doc.y;
    doc.font("Helvetica-Bold").fontSize(8).fillColor(colour).text(ch.verdict.toUpperCase(), box.right - 60, y - 11, { width: 60, align: "right" });
    doc.y = y;
    if (ch.links.length) {
      pdfTable(doc, { columns: LINK_HEADERS.map((h, i) => ({ header: h, width: [4, 2, 1, 2, 1, 2][i]! })), rows: ch.linkRows, fontSize: 7 });
      doc.y = drawBudgetChart(doc, ch.bars, box.left, doc.y - 4, { width: box.width });
    } else pdfParagraph(doc, "No link reaches a transceiver at the far end.");
    doc.moveDown(0.4);
  }
  if (c.channels > d.channels.length) pdfParagraph(doc, `${c.channels - d.channels.length} more channels are in the HTML report and on the Findings page.`, { color: "#5b6673" });
  return pdf.finish();
}
