"use client";

import { useId } from "react";

type InputProps = Omit<React.InputHTMLAttributes<HTMLInputElement>, "id">;

/** A labelled input with the server's message for that field right under it. */
export function Field({ label, error, hint, ...input }: InputProps & { label: string; error?: string; hint?: string }) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} {...input} />
      {error ? (
        <p className="field__error" id={errorId} role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="field__hint">{hint}</p>
      ) : null}
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}

/** Reads a number input: empty stays NaN so the server answers "enter a number" on that field. */
export function numberValue(form: FormData, name: string): number {
  const raw = String(form.get(name) ?? "").trim();
  return raw === "" ? Number.NaN : Number(raw);
}

export function optionalNumber(form: FormData, name: string): number | null {
  const raw = String(form.get(name) ?? "").trim();
  return raw === "" ? null : Number(raw);
}
