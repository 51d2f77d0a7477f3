import { mkdir, readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/db";
import { DEMO_SITE_FILE } from "../demo/seed-demo";
import { importSiteFile } from "../site-files/import-site-file";
import { labelsPdf } from "./labels";
import { validationReportHtml, validationReportPdf } from "./validation-report";

/** FERRULE_WRITE_DOCS=/some/dir keeps the documents, to look at them (pdftoppm -png). */
const out = process.env.FERRULE_WRITE_DOCS;
const t = useTestDatabase();
const pages = (pdf: Buffer) => Number(/\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString("latin1"))?.[1]);

describe("validation report and labels of the demo site", () => {
  it("writes the report as HTML with a loss chart per channel, and as a PDF", () =>
    t.rollback(async (ctx) => {
      const { site } = await importSiteFile(ctx, { yaml: await readFile(DEMO_SITE_FILE, "utf8"), code: "DC1", name: "Demo Data Center 1" });
      const html = await validationReportHtml(ctx, { siteId: site.id });
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain("LOSS_OVER_LIMIT");
      expect(html).toContain("ISO/IEC 11801 attenuation");
      const charts = html.match(/<svg [^>]*class="budget-chart"/g)?.length ?? 0;
      const sections = html.match(/<section class="channel">/g)?.length ?? 0;
      expect(charts).toBeGreaterThan(10);
      expect(charts).toBeLessThanOrEqual(sections);
      expect(html).not.toMatch(/<script/i);
      const pdf = await validationReportPdf(ctx, { siteId: site.id });
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      expect(pages(pdf)).toBeGreaterThan(2);
      const ports = await labelsPdf(ctx, { siteId: site.id, kind: "ports" });
      const cables = await labelsPdf(ctx, { siteId: site.id, kind: "cables" });
      expect(pages(ports)).toBeGreaterThan(5);
      expect(pages(cables)).toBeGreaterThan(2);
      if (out) {
        await mkdir(out, { recursive: true });
        await writeFile(`${out}/report.html`, html);
        await writeFile(`${out}/report.pdf`, pdf);
        await writeFile(`${out}/port-labels.pdf`, ports);
        await writeFile(`${out}/cable-labels.pdf`, cables);
      }
    }));
});
