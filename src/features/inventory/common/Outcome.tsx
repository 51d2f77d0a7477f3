"use client";

import { SeverityBadge, VerdictBadge } from "./Severity";

export interface Outcome {
  channels: { key: string; title: string; verdict: string; errors: number; warnings: number }[];
  findings: { code: string; severity: string; message: string }[];
}

/** What a saved change did to the channels it touched, shown right after saving. */
export function OutcomeNotice({ outcome, onClose }: { outcome: Outcome | null | undefined; onClose?: () => void }) {
  if (!outcome) return null;
  const failing = outcome.channels.filter((c) => c.verdict !== "pass");
  const n = outcome.channels.length;
  const checked = `${n} channel${n === 1 ? "" : "s"} checked`;
  return (
    <div className={`outcome ${outcome.findings.some((f) => f.severity === "error") ? "outcome--bad" : "outcome--good"}`} role="status" aria-label="Checks after saving">
      <div className="outcome__head">
        <strong>Saved. </strong>
        {/* Only what the change judged again: never a claim about channels it did not read. */}
        {n === 0 ? "No channel was judged again by this change." : failing.length === 0 ? `${checked}: all pass.` : `${checked}, ${failing.length} with findings.`}
        {onClose ? (
          <button type="button" className="button button--small" onClick={onClose}>
            Dismiss
          </button>
        ) : null}
      </div>
      {failing.length ? (
        <ul className="outcome__list">
          {failing.slice(0, 8).map((c) => (
            <li key={c.key}>
              <VerdictBadge verdict={c.verdict} /> {c.title}
            </li>
          ))}
        </ul>
      ) : null}
      {outcome.findings.length ? (
        <ul className="outcome__list">
          {outcome.findings.slice(0, 8).map((f, i) => (
            <li key={i}>
              <SeverityBadge severity={f.severity} /> {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Warnings of a what-if, shown in a form before saving. */
export function PreviewWarnings({ preview, pending }: { preview: { warnings: string[]; familyMismatches?: string[] } | undefined; pending: boolean }) {
  if (pending) return <p className="preview preview--pending">Checking the channels this would touch…</p>;
  if (!preview) return null;
  const lines = [...(preview.familyMismatches ?? []), ...preview.warnings];
  if (lines.length === 0) return <p className="preview preview--ok">Checked before saving: no channel gets worse.</p>;
  return (
    <div className="preview preview--warn" role="alert" aria-label="Warnings before saving">
      <strong>Before you save:</strong>
      <ul>
        {lines.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
    </div>
  );
}
