/**
 * CSV as exports write it (RFC 4180 through csv-stringify): CRLF line ends, a field quoted when it
 * holds a comma, a quote or a line break, or starts or ends with white space (so a reader that
 * trims gets the value back exactly). `spreadsheetSafe` turns a text a spreadsheet would run as a
 * formula into plain text.
 */
import { stringify, type Options } from "csv-stringify/sync";

export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[-+]?\d+(\.\d+)?$/;

/**
 * A text a spreadsheet opens as text: one starting with = + - @, a tab or a carriage return gets a
 * leading apostrophe (OWASP's advice for CSV injection), unless it is a plain number ("-3.5").
 */
export function spreadsheetSafe(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

const OPTIONS: Options = {
  record_delimiter: "windows",
  quoted_match: [/^\s/, /\s$/, /[\r\n]/],
  cast: { number: (n: number) => (Number.isFinite(n) ? String(n) : "") },
};

/** Records as CSV text, each ending in CRLF; every text field made spreadsheet-safe. */
export function csvRecords(records: readonly (readonly CsvValue[])[]): string {
  if (records.length === 0) return "";
  return stringify(
    records.map((r) => r.map((v) => (typeof v === "string" ? spreadsheetSafe(v) : v))),
    OPTIONS,
  );
}
