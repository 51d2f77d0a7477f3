import { z } from "zod";

/** Exports of one site (zod only: safe in client bundles). */
export const siteExportInput = z.object({ siteId: z.uuid("Choose a site.") });
export type SiteExportInput = z.input<typeof siteExportInput>;

export const SCHEDULE_FORMATS = ["csv", "xlsx"] as const;
export const REPORT_FORMATS = ["html", "pdf"] as const;
export const LABEL_KINDS = ["ports", "cables"] as const;

/** The documents a site can be exported as, by the file name the download gets. */
export const SITE_DOCUMENTS = {
  "cable-schedule.csv": "Cable schedule (CSV)",
  "cable-schedule.xlsx": "Cable schedule (Excel)",
  "site.yaml": "Site file (YAML)",
  "netbox-cables.csv": "NetBox cable CSV",
  "validation-report.html": "Validation report (HTML)",
  "validation-report.pdf": "Validation report (PDF)",
  "port-labels.pdf": "Port labels (PDF)",
  "cable-labels.pdf": "Cable labels (PDF)",
} as const;
export type SiteDocument = keyof typeof SITE_DOCUMENTS;
export const isSiteDocument = (s: string): s is SiteDocument => Object.hasOwn(SITE_DOCUMENTS, s);
