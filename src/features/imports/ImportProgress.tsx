"use client";

import styles from "../exports/exchange.module.css";
import type { UploadProblem, UploadProgress } from "./upload";

const PHASE: Record<UploadProgress["phase"], string> = {
  uploading: "Uploading",
  reading: "Reading",
  checking: "Checking",
  writing: "Writing",
  judging: "Judging the site",
};

const mb = (n: number) => `${(n / 1_048_576).toFixed(1)} MB`;

/** A progress bar for an upload and the server's work on it. */
export function ImportProgressBar({ progress }: { progress: UploadProgress | null }) {
  if (!progress) return null;
  const pct = progress.total ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : undefined;
  const amount = progress.unit === "bytes" ? `${mb(progress.done)}${progress.total ? ` of ${mb(progress.total)}` : ""}` : `${progress.done}${progress.total ? ` of ${progress.total}` : ""} ${progress.unit}`;
  return (
    <div className={styles.progress}>
      <progress max={100} value={pct} aria-label={`${PHASE[progress.phase]} progress`} />
      <span>
        {PHASE[progress.phase]}: {amount}
        {pct !== undefined ? ` (${pct}%)` : "…"}
      </span>
    </div>
  );
}

/** Every problem of a refused file, by line and column. */
export function ProblemTable({ problems, total, label }: { problems: readonly UploadProblem[]; total: number; label: string }) {
  if (problems.length === 0) return null;
  return (
    <>
      <table className={`table ${styles.problems}`} aria-label={label}>
        <thead>
          <tr>
            <th className="num">Line</th>
            <th>Column</th>
            <th>Problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td className="num">{p.line}</td>
              <td>{p.field ?? ""}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > problems.length ? <p className="muted">… and {total - problems.length} more.</p> : null}
    </>
  );
}
