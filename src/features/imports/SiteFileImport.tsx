"use client";

import Link from "next/link";
import { useState } from "react";
import styles from "../exports/exchange.module.css";
import { ImportProgressBar, ProblemTable } from "./ImportProgress";
import { uploadFile, type UploadOutcome, type UploadProgress } from "./upload";

interface Imported {
  site: { id: string; name: string; code: string };
  counts: { cables: number; devices: number; channels: number; findings: number };
}

/** A site file (YAML) as a new site, with upload and server progress, and every error by line. */
export function SiteFileImport() {
  const [file, setFile] = useState<File | null>(null);
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<UploadOutcome<Imported> | null>(null);

  async function submit() {
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    const q = new URLSearchParams({ code, name });
    const result = await uploadFile<Imported>(`/api/import/site-file?${q}`, file, setProgress);
    setBusy(false);
    setProgress(null);
    setOutcome(result);
  }

  return (
    <section className="card" aria-labelledby="sf-import">
      <h2 id="sf-import">Import a site file as a new site</h2>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor="sf-file">Site file (YAML)</label>
          <input id="sf-file" type="file" accept=".yaml,.yml,.json,application/yaml,text/yaml,application/json" onChange={(e) => (setFile(e.target.files?.[0] ?? null), setOutcome(null))} />
        </div>
        <div className="field">
          <label htmlFor="sf-code">Code</label>
          <input id="sf-code" value={code} maxLength={16} onChange={(e) => setCode(e.target.value)} placeholder="DC2" required />
        </div>
        <div className="field">
          <label htmlFor="sf-name">Name</label>
          <input id="sf-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder="from the file" />
        </div>
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={!file || !code || busy}>
            Import site
          </button>
        </div>
      </form>
      <ImportProgressBar progress={progress} />
      {outcome?.ok ? (
        <div className={`${styles.outcome} ${styles.ok}`} role="status">
          Imported <Link href={`/sites/${outcome.result.site.id}`}>{outcome.result.site.name}</Link> ({outcome.result.site.code}): {outcome.result.counts.devices} devices, {outcome.result.counts.cables} cables,{" "}
          {outcome.result.counts.channels} channels, {outcome.result.counts.findings} findings.
        </div>
      ) : null}
      {outcome && !outcome.ok ? (
        <>
          <div className={`${styles.outcome} ${styles.refused}`} role="alert">
            {outcome.message}
          </div>
          <ProblemTable label="Errors in the site file" problems={outcome.problems} total={outcome.total} />
        </>
      ) : null}
    </section>
  );
}
