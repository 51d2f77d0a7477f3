"use client";

/**
 * A moment in the reader's own locale and time zone ("6 Dec 2026, 05:04" or "Dec 6, 2026, 5:04 AM"),
 * with the exact instant in ISO 8601 for machines and tooltips. Rendered on the server in the
 * server's locale first, so the text may change once the page is live (expected, not a mismatch).
 */
export function When({ at, date = false }: { at: Date | string; date?: boolean }) {
  const d = new Date(at);
  const text = date ? d.toLocaleDateString(undefined, { dateStyle: "medium" }) : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  return (
    <time dateTime={d.toISOString()} title={d.toISOString()} suppressHydrationWarning>
      {text}
    </time>
  );
}
