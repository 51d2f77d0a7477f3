"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/features/trpc/client";
import { formError } from "@/features/ui/errors";
import type { DeviceTypeOutcome } from "@/server/services/imports/device-types";
import styles from "../exports/exchange.module.css";

interface Loaded {
  name: string;
  content: string;
  answers: Record<string, string>;
}

const OUTCOME: Record<DeviceTypeOutcome["outcome"], string> = {
  ready: "ready to import",
  imported: "imported",
  "already-in-catalog": "already in the catalog",
  "needs-answers": "needs answers",
  refused: "refused",
};

/**
 * NetBox devicetype-library files into the catalog: each file is checked, what was inferred is
 * shown with where it came from, what the file leaves open is asked; answer and check again, then
 * import the ready cassettes (administrators).
 */
export function DeviceTypeImport({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const [files, setFiles] = useState<Loaded[]>([]);
  const run = useMutation(trpc.imports.deviceTypes.mutationOptions());
  const results = run.data?.files ?? [];

  async function choose(list: FileList | null) {
    run.reset();
    setFiles(await Promise.all([...(list ?? [])].map(async (f) => ({ name: f.name, content: await f.text(), answers: {} }))));
  }
  const submit = (dryRun: boolean, next = files) => run.mutate({ dryRun, files: next.map((f) => ({ name: f.name, content: f.content, answers: f.answers })) });
  const answer = (file: string, field: string, value: string) => setFiles((fs) => fs.map((f) => (f.name === file ? { ...f, answers: { ...f.answers, [field]: value } } : f)));
  const ready = results.filter((r) => r.outcome === "ready").length;

  return (
    <section className="card" aria-labelledby="dt-import">
      <h2 id="dt-import">Import NetBox device types</h2>
      <p className="muted">Module and device type files of the NetBox devicetype-library (both port-mapping formats). Cassettes become module types of the catalog; switch models and panel housings become device types to make devices from.</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="dt-files">Device-type files (YAML)</label>
          <input id="dt-files" type="file" multiple accept=".yaml,.yml" onChange={(e) => void choose(e.target.files)} />
        </div>
        <div className="button-row">
          <button type="button" className="button" disabled={files.length === 0 || run.isPending} onClick={() => submit(true)}>
            Check
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={!isAdmin || ready === 0 || run.isPending}
            title={isAdmin ? undefined : "Adding types to the catalog needs the admin role."}
            onClick={() => submit(false)}
          >
            Import {ready || ""} ready type{ready === 1 ? "" : "s"}
          </button>
        </div>
      </div>
      {run.error ? (
        <div className={`${styles.outcome} ${styles.refused}`} role="alert">
          {formError(run.error)}
        </div>
      ) : null}
      {run.data && !run.data.dryRun ? (
        <div className={`${styles.outcome} ${styles.ok}`} role="status">
          Imported {run.data.imported} type{run.data.imported === 1 ? "" : "s"} into the catalog.
        </div>
      ) : null}
      {results.map((r) => (
        <div key={r.file} className={styles.file}>
          <h4>
            {r.file} <span className={`badge ${r.outcome === "refused" ? "fail" : r.outcome === "needs-answers" ? "warning" : "pass"}`}>{OUTCOME[r.outcome]}</span>
          </h4>
          {"name" in r && r.name ? (
            <div className="muted">
              {r.name}
              {"id" in r && r.id ? ` · ${r.id}` : ""}
              {"summary" in r && r.summary ? ` · ${r.summary}` : ""}
            </div>
          ) : null}
          {r.outcome === "refused" ? (
            <ul>
              {r.reasons.map((why, i) => (
                <li key={i}>{why}</li>
              ))}
            </ul>
          ) : null}
          {r.outcome === "needs-answers"
            ? r.questions.map((q) => (
                <div key={q.field} className={styles.question}>
                  <label htmlFor={`${r.file}-${q.field}`}>
                    <strong>{q.field}</strong>
                  </label>
                  <div>
                    <select id={`${r.file}-${q.field}`} value={files.find((f) => f.name === r.file)?.answers[q.field] ?? ""} onChange={(e) => answer(r.file, q.field, e.target.value)}>
                      <option value="">choose…</option>
                      {q.choices.map((c) => (
                        <option key={c.value} value={c.value}>
                          {c.label}
                        </option>
                      ))}
                    </select>
                    <div className="muted">
                      {q.why}
                      {q.suggested ? ` Suggested: ${q.suggested.value} (${q.suggested.reason}).` : ""}
                      {q.evidence.length ? ` The file says: ${q.evidence.map((e) => `"${e.text}" (${e.source}: ${e.value})`).join("; ")}.` : ""}
                    </div>
                  </div>
                </div>
              ))
            : null}
          {r.inferred.length ? (
            <details className={styles.inferred}>
              <summary>What was inferred ({r.inferred.length})</summary>
              <table className="table">
                <tbody>
                  {r.inferred.map((f) => (
                    <tr key={f.field}>
                      <td>{f.field}</td>
                      <td>{f.value}</td>
                      <td className="muted">
                        from {f.source}: “{f.text}”
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          ) : null}
          {r.warnings.length ? <p className="muted">{r.warnings.join(" · ")}</p> : null}
        </div>
      ))}
      {results.some((r) => r.outcome === "needs-answers") ? (
        <button type="button" className="button" disabled={run.isPending} onClick={() => submit(true)}>
          Check again with these answers
        </button>
      ) : null}
    </section>
  );
}
