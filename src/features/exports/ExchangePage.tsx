"use client";

import { useQuery } from "@tanstack/react-query";
import { SiteNav } from "@/features/inventory/common/SiteNav";
import { DeviceTypeImport } from "@/features/imports/DeviceTypeImport";
import { NetboxCableImport } from "@/features/imports/NetboxCableImport";
import { NetboxSiteImport } from "@/features/imports/NetboxSiteImport";
import { SiteFileImport } from "@/features/imports/SiteFileImport";
import { useTRPC } from "@/features/trpc/client";
import styles from "./exchange.module.css";

const ROLE_RANK = { viewer: 0, editor: 1, approver: 2, admin: 3 } as const;

/** Exports and imports of a site: documents to download, files to bring in. */
export function ExchangePage({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const summary = useQuery(trpc.exports.summary.queryOptions({ siteId }));
  const me = useQuery(trpc.auth.me.queryOptions());
  const roleOn = (site: string | null) => {
    const grants = me.data?.grants ?? [];
    return Math.max(-1, ...grants.filter((g) => g.siteId === null || g.siteId === site).map((g) => ROLE_RANK[g.role]));
  };
  const s = summary.data;
  return (
    <div className="page">
      <SiteNav siteId={siteId} siteName={s?.site.name ?? "Site"} trail={[{ label: "Exports and imports" }]} />
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
        <NetboxCableImport siteId={siteId} canEdit={roleOn(siteId) >= ROLE_RANK.editor} />
        <SiteFileImport />
        <NetboxSiteImport />
        <DeviceTypeImport isAdmin={roleOn(null) >= ROLE_RANK.admin} />
      </div>
    </div>
  );
}
