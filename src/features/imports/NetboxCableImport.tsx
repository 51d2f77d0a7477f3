"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { NetboxImportResult } from "@/server/services/imports/netbox-cables";
import styles from "../exports/exchange.module.css";
import { ImportProgressBar, ProblemTable } from "./ImportProgress";
import { uploadFile, type UploadOutcome, type UploadProgress } from "./upload";

/** NetBox cable CSV into this site: check first, then import all or nothing (or skip the rows that do not match). */
export function NetboxCableImport({ siteId, canEdit }: { siteId: string; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [skip, setSkip] = useState(false);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<UploadOutcome<NetboxImportResult> | null>(null);

  async function run(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    const q = new URLSearchParams({ skipUnmatched: skip ? "1" : "0", dryRun: dryRun ? "1" : "0" });
    const result = await uploadFile<NetboxImportResult>(`/api/import/sites/${siteId}/netbox-cables?${q}`, file, setProgress);
    setBusy(false);
    setProgress(null);
    setOutcome(result);
    if (result.ok && !dryRun) await queryClient.invalidateQueries();
  }

  return (
    <section className="card" aria-labelledby="nb-import">
      <h2 id="nb-import">Import NetBox cables</h2>
      <p className="muted">
        NetBox&apos;s bulk cable CSV. Devices and ports are matched by name (interfaces are cages; front and rear ports are the sides of panel and cassette adapters). The cable
        type is read from the comments (&quot;Ferrule type lc-ab-om4&quot;, as Ferrule&apos;s export writes it) or inferred from the connectors and the fiber grade.
      </p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void run(false);
        }}
      >
        <div className="field">
          <label htmlFor="nb-file">Cable CSV</label>
          <input id="nb-file" type="file" accept=".csv,text/csv" onChange={(e) => (setFile(e.target.files?.[0] ?? null), setOutcome(null))} />
        </div>
        <div className="field field--check">
          <label>
            <input type="checkbox" checked={skip} onChange={(e) => setSkip(e.target.checked)} /> Import the rows that match and skip the others
          </label>
        </div>
        <div className="button-row">
          <button type="button" className="button" disabled={!file || busy} onClick={() => void run(true)}>
            Check
          </button>
          <button type="submit" className="button button--primary" disabled={!file || busy || !canEdit} title={canEdit ? undefined : "Importing needs the editor role on this site."}>
            Import cables
          </button>
        </div>
      </form>
      <ImportProgressBar progress={progress} />
      {outcome?.ok ? (
        <div className={`${styles.outcome} ${styles.ok}`} role="status">
          {outcome.result.dryRun
            ? `Checked: ${n(outcome.result.cables, "cable")} would be imported${outcome.result.skipped ? `, ${n(outcome.result.skipped, "row")} skipped` : ""}. Nothing was written.`
            : `Imported ${n(outcome.result.cables, "cable")}${outcome.result.skipped ? `, skipped ${n(outcome.result.skipped, "row")}` : ""}. The site now has ${n(outcome.result.channels, "channel")} and ${n(outcome.result.findings, "finding")}.`}
        </div>
      ) : null}
      {outcome && !outcome.ok ? (
        <div className={`${styles.outcome} ${styles.refused}`} role="alert">
          {outcome.message}
        </div>
      ) : null}
      {outcome ? (
        <ProblemTable
          label="Rows that cannot be imported"
          problems={outcome.ok ? outcome.result.problems : outcome.problems}
          total={outcome.ok ? outcome.result.problems.length : outcome.total}
        />
      ) : null}
    </section>
  );
}

/** A count with its noun: "1 cable", "2 cables". */
const n = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
