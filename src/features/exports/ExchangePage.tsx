"use client";

import { useQuery } from "@tanstack/react-query";
import { SiteNav } from "@/features/inventory/common/SiteNav";
import { DeviceTypeImport } from "@/features/imports/DeviceTypeImport";
import { NetboxCableImport } from "@/features/imports/NetboxCableImport";
import { NetboxSiteImport } from "@/features/imports/NetboxSiteImport";
import { SiteFileImport } from "@/features/imports/SiteFileImport";
import { useRights } from "@/features/auth/useRights";
import { useTRPC } from "@/features/trpc/client";
import styles from "./exchange.module.css";

/** Exports and imports of a site: documents to download, files to bring in. */
export function ExchangePage({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const summary = useQuery(trpc.exports.summary.queryOptions({ siteId }));
  const onSite = useRights(siteId);
  const everywhere = useRights(null);
  const s = summary.data;
  return (
    <div className="page">
      <SiteNav siteId={siteId} siteName={s?.site.name} trail={[{ label: "Exports and imports" }]} />
      <header className="page__header">
        <h1>Exports and imports</h1>
      </header>
      <div className={styles.grid}>
        <section className="card" aria-labelledby="exports">
          <h2 id="exports">Export</h2>
          {s ? (
            <p className="muted">
              {s.counts.cables} cables ({s.counts.decommissioned} decommissioned), {s.counts.ports} ports, {s.counts.channels} channels, {s.counts.findings} findings.
              {s.counts.one_ended ? ` ${s.counts.one_ended} cables with an end unplugged are left out of the NetBox CSV.` : ""}
            </p>
          ) : null}
          <ul className={styles.documents} aria-label="Documents">
            {s?.documents.map((d) => (
              <li key={d.file}>
                <span>{d.title}</span>
                <a className="button button--small" href={d.href} download>
                  Download
                </a>
              </li>
            ))}
          </ul>
          <p className="muted">The site file holds the plant as the engine sees it; cable status and colour travel in the NetBox CSV and the cable schedule.</p>
        </section>
        {/* Imports that change the plant show only to those who may make them (the server checks again);
            the device-type import also reads a file without saving it, so every role sees it. */}
        {onSite.canEdit ? <NetboxCableImport siteId={siteId} canEdit /> : null}
        {everywhere.canEdit ? <SiteFileImport /> : null}
        {everywhere.canEdit ? <NetboxSiteImport /> : null}
        <DeviceTypeImport isAdmin={everywhere.isAdmin} />
      </div>
    </div>
  );
}
