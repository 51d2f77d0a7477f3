"use client";

import Link from "next/link";
import { useState } from "react";
import styles from "../exports/exchange.module.css";
import { ImportProgressBar, ProblemTable } from "./ImportProgress";
import { uploadFile, type UploadOutcome, type UploadProgress } from "./upload";
import type { Refusal, SiteQuestion as Question } from "../../server/interchange/netbox/site-map";
import type { NetboxSiteSummary as Summary } from "../../server/services/imports/netbox-site";

type SiteRef = { id: string; name: string; code: string };
type Result =
  | { outcome: "needs-answers"; questions: Question[]; refusals: Refusal[] }
  | { outcome: "imported"; site: SiteRef; summary: Summary; refusals: Refusal[]; catalog: { added: string[]; already: string[]; notAdded: string[] } }
  | {
      outcome: "planned" | "in-step";
      site: SiteRef;
      plan: { id: string; name: string } | null;
      summary: Summary;
      refusals: Refusal[];
      diff: { devices: { added: string[]; removed: string[]; moved: string[] }; cables: { added: string[]; removed: string[]; changed: string[] }; modules: { added: string[]; removed: string[] }; notPlanned: string[] };
    };

const SHOWN = 200;
const line = (s: Summary) => `imported ${s.imported} objects, refused ${s.refused}, channels ${s.channels}, findings ${s.findings}`;

/** A whole NetBox site, from NetBox's API or a dumpdata dump: questions asked once per type, progress, and every refused object. */
export function NetboxSiteImport() {
  const [source, setSource] = useState<"api" | "dump">("api");
  const [url, setUrl] = useState("");
  const [token, setToken] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [slug, setSlug] = useState("");
  const [code, setCode] = useState("");
  const [answers, setAnswers] = useState<Record<string, Record<string, string>>>({});
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<UploadOutcome<Result> | null>(null);

  async function submit() {
    setBusy(true);
    setOutcome(null);
    const q = new URLSearchParams({ slug, code, source, answers: JSON.stringify(answers) });
    const body = source === "api" ? new Blob([JSON.stringify({ url, token })], { type: "application/json" }) : file!;
    const result = await uploadFile<Result>(`/api/import/netbox-site?${q}`, body, setProgress);
    setBusy(false);
    setProgress(null);
    setOutcome(result);
  }
  const answer = (key: string, field: string, value: string) => setAnswers((a) => ({ ...a, [key]: { ...a[key], [field]: value } }));
  const r = outcome?.ok ? outcome.result : null;
  const ready = slug.trim() !== "" && (source === "api" ? url.trim() !== "" && token.trim() !== "" : file !== null);

  return (
    <section className={`card ${styles.wide}`} aria-labelledby="nb-site-import">
      <h2 id="nb-site-import">Import a whole NetBox site</h2>
      <p className="muted">
        Locations, racks, devices, modules, fiber ports and cables, through the device-type conversion. The first import makes a new site; importing the same NetBox site again
        opens NetBox&apos;s changes as a draft change plan.
      </p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset className={styles.sources}>
          <legend>Read the site from</legend>
          <label>
            <input type="radio" name="nb-source" checked={source === "api"} onChange={() => setSource("api")} /> NetBox&apos;s API
          </label>{" "}
          <label>
            <input type="radio" name="nb-source" checked={source === "dump"} onChange={() => setSource("dump")} /> a dump file (manage.py dumpdata)
          </label>
        </fieldset>
        {source === "api" ? (
          <>
            <div className="field">
              <label htmlFor="nb-url">NetBox URL</label>
              <input id="nb-url" type="url" value={url} maxLength={500} onChange={(e) => setUrl(e.target.value)} placeholder="https://netbox.example.com" />
            </div>
            <div className="field">
              <label htmlFor="nb-token">API token (read-only is enough)</label>
              <input id="nb-token" type="password" autoComplete="off" value={token} maxLength={200} onChange={(e) => setToken(e.target.value)} />
            </div>
          </>
        ) : (
          <div className="field">
            <label htmlFor="nb-dump">Dump (JSON)</label>
            <input id="nb-dump" type="file" accept=".json,application/json" onChange={(e) => (setFile(e.target.files?.[0] ?? null), setOutcome(null))} />
          </div>
        )}
        <div className="field">
          <label htmlFor="nb-slug">NetBox site (slug)</label>
          <input id="nb-slug" value={slug} maxLength={100} onChange={(e) => setSlug(e.target.value)} placeholder="dc-east" />
        </div>
        <div className="field">
          <label htmlFor="nb-code">New site&apos;s code</label>
          <input id="nb-code" value={code} maxLength={16} onChange={(e) => setCode(e.target.value)} placeholder="from the slug" />
        </div>
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={!ready || busy}>
            {r?.outcome === "needs-answers" ? "Import with these answers" : "Import NetBox site"}
          </button>
        </div>
      </form>
      <ImportProgressBar progress={progress} />
      {r?.outcome === "needs-answers" ? (
        <div aria-label="Questions">
          <div className={`${styles.outcome} ${styles.refused}`} role="status">
            NetBox does not say everything Ferrule needs. Answer once per type, then import again; nothing was imported yet.
          </div>
          {r.questions.map((q) => (
            <div key={`${q.key}.${q.field}`} className={styles.file}>
              <h4>
                {q.key} · {q.field} <span className="muted">({q.appliesTo})</span>
              </h4>
              <p className="muted">{q.why}</p>
              {q.choices.length ? (
                <select aria-label={`${q.key} ${q.field}`} value={answers[q.key]?.[q.field] ?? ""} onChange={(e) => answer(q.key, q.field, e.target.value)}>
                  <option value="">Choose…</option>
                  {q.choices.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                      {q.suggested?.value === c.value ? " (suggested)" : ""}
                    </option>
                  ))}
                </select>
              ) : (
                <input aria-label={`${q.key} ${q.field}`} type="number" min={0.1} step={0.1} value={answers[q.key]?.[q.field] ?? ""} onChange={(e) => answer(q.key, q.field, e.target.value)} />
              )}
            </div>
          ))}
        </div>
      ) : null}
      {r?.outcome === "imported" ? (
        <div className={`${styles.outcome} ${styles.ok}`} role="status">
          Imported <Link href={`/sites/${r.site.id}`}>{r.site.name}</Link> ({r.site.code}): {line(r.summary)}.
          {r.catalog.added.length ? ` Device types added to the catalog: ${r.catalog.added.join(", ")}.` : ""}
          {r.catalog.notAdded.length ? ` ${r.catalog.notAdded.length} device type(s) not added to the catalog (${r.catalog.notAdded[0]}).` : ""}
        </div>
      ) : null}
      {r?.outcome === "in-step" ? (
        <div className={`${styles.outcome} ${styles.ok}`} role="status">
          <Link href={`/sites/${r.site.id}`}>{r.site.name}</Link> is in step with NetBox: nothing changed since the last import.
        </div>
      ) : null}
      {r?.outcome === "planned" && r.plan ? (
        <div className={`${styles.outcome} ${styles.ok}`} role="status">
          NetBox&apos;s changes to {r.site.name} are in the draft plan <Link href={`/sites/${r.site.id}/plans/${r.plan.id}`}>{r.plan.name}</Link>: devices +{r.diff.devices.added.length} −{r.diff.devices.removed.length}{" "}
          moved {r.diff.devices.moved.length}, cables +{r.diff.cables.added.length} −{r.diff.cables.removed.length} changed {r.diff.cables.changed.length}. Open it for the what-if.
          {r.diff.notPlanned.length ? (
            <ul aria-label="Not in the plan">
              {r.diff.notPlanned.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {r?.outcome === "needs-answers" && r.refusals.length ? <p className="muted">{r.refusals.length} NetBox objects would not be imported as the answers stand; the list comes with the import.</p> : null}
      {r && r.outcome !== "needs-answers" && r.refusals.length ? (
        <>
          <h3>Not imported ({r.refusals.length})</h3>
          <table className={`table ${styles.problems}`} aria-label="NetBox objects not imported">
            <thead>
              <tr>
                <th>NetBox object</th>
                <th className="num">Id</th>
                <th>Name</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {r.refusals.slice(0, SHOWN).map((x) => (
                <tr key={`${x.object}:${x.id}`}>
                  <td>{x.object}</td>
                  <td className="num">{x.id}</td>
                  <td>{x.name}</td>
                  <td>{x.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.refusals.length > SHOWN ? <p className="muted">… and {r.refusals.length - SHOWN} more (the command line lists every one).</p> : null}
        </>
      ) : null}
      {outcome && !outcome.ok ? (
        <>
          <div className={`${styles.outcome} ${styles.refused}`} role="alert">
            {outcome.message}
          </div>
          <ProblemTable label="Problems in the dump" problems={outcome.problems} total={outcome.total} />
        </>
      ) : null}
    </section>
  );
}
