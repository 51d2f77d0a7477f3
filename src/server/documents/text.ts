/**
 * Text helpers every document shares: HTML escaping and text for PDF standard fonts (which hold the Windows-1252 characters only).
 */

/** Text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);
}

/** Characters PDF standard fonts (WinAnsiEncoding) cannot draw, written another way. */
const PDF_REPLACEMENTS: Record<string, string> = {
  "↔": "<->",
  "→": "->",
  "←": "<-",
  "≤": "<=",
  "≥": ">=",
  "≠": "!=",
  "≈": "~",
  "−": "-",
  "✓": "ok",
  "✗": "x",
  "\u00a0": " ",
  "\u2009": " ",
  "\u202f": " ",
};
const WIN_ANSI_EXTRA = new Set([..."€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"]);

/** Text a PDF standard font (Helvetica, Courier) can draw: other characters replaced or shown as "?". */
export function pdfText(s: string): string {
  let out = "";
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch) || ch === "\n") out += ch;
    else out += PDF_REPLACEMENTS[ch] ?? (code < 0x20 ? " " : "?");
  }
  return out;
}

/** Metres as a person writes them: "2 m", "0.5 m", "1.25 km". */
export function formatLength(m: number): string {
  if (m >= 1000) return `${Number((m / 1000).toFixed(3))} km`;
  return `${Number(m.toFixed(2))} m`;
}

/** A loss in dB with two decimals. */
export const formatDb = (db: number): string => `${db.toFixed(2)} dB`;
