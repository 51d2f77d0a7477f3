"use client";

import { useId } from "react";

type SelectProps = Omit<React.SelectHTMLAttributes<HTMLSelectElement>, "id">;

/** A labelled select with the server's message for that field right under it. */
export function SelectField({
  label,
  error,
  hint,
  options,
  placeholder,
  ...select
}: SelectProps & { label: string; error?: string; hint?: string; options: readonly (string | { value: string; label: string })[]; placeholder?: string }) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} {...select}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => {
          const { value, label: text } = typeof o === "string" ? { value: o, label: o } : o;
          return (
            <option key={value} value={value}>
              {text}
            </option>
          );
        })}
      </select>
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

/** A labelled checkbox. */
export function CheckField({ label, ...input }: Omit<React.InputHTMLAttributes<HTMLInputElement>, "id" | "type"> & { label: string }) {
  const id = useId();
  return (
    <div className="field field--check">
      <input id={id} type="checkbox" {...input} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
