"use client";

import { useState, type ReactNode } from "react";

/**
 * A destructive action asked twice: the first click shows the question with "Yes, …" and "Keep";
 * only the second does it. `error` shows beside the buttons while the question is open.
 */
export function ConfirmAction({
  label,
  yes,
  question,
  onConfirm,
  onCancel,
  ariaLabel,
  error,
  small = false,
}: {
  /** The first button: "Delete device", "Remove". */
  label: string;
  /** The second: "Yes, delete". */
  yes: string;
  question?: string;
  onConfirm(): void;
  /** Called on "Keep" (reset the mutation's error there). */
  onCancel?(): void;
  ariaLabel?: string;
  error?: ReactNode;
  small?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const size = small ? " button--small" : "";
  if (!asking) {
    return (
      <button type="button" className={`button button--danger-quiet${size}`} aria-label={ariaLabel} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="button-row">
      {question ? <span>{question}</span> : null}
      <button type="button" className={`button button--danger${size}`} onClick={onConfirm}>
        {yes}
      </button>
      <button type="button" className={`button${size}`} onClick={() => (setAsking(false), onCancel?.())}>
        Keep
      </button>
      {error}
    </span>
  );
}

/** A form's save and cancel buttons. */
export function FormActions({ save, pending, onCancel }: { save: string; pending: boolean; onCancel(): void }) {
  return (
    <div className="form-actions">
      <button type="submit" className="button button--primary" disabled={pending}>
        {save}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
