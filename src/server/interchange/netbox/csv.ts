/**
 * RFC 4180 CSV. Writing goes through csv-stringify. Reading is this file's tokenizer, kept because
 * an import must report every bad record by its line and go on with the next one: csv-parse stops
 * at the first quoting error, or (skipping records with errors) loses its place after a bad closing
 * quote and misreads the records after it, and it takes one line-end style per file. A conformance
 * test (csv.test.ts) checks that both read well-formed files the same.
 *
 * The reader, small and streaming: fields separated by commas, records by CRLF (LF and a lone CR
 * are accepted too), fields with commas, quotes or line breaks enclosed in double quotes, a quote
 * inside a quoted field written twice. A byte-order mark at the start is dropped. Text arrives in
 * chunks of any size (a chunk may end inside a quoted field or between CR and LF), and complete
 * records come out as soon as they end, so a large file never sits in memory as one string.
 */
import { stringify, type Options } from "csv-stringify/sync";

export interface CsvRecord {
  /** Line on which the record starts (1-based). */
  readonly line: number;
  readonly fields: readonly string[];
  /** What is wrong with the record's quoting, when something is. */
  readonly error?: string;
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote was seen inside a quoted field: an escaped quote or the field's end. */
  QuoteInQuoted,
}

export class CsvTokenizer {
  private state = State.FieldStart;
  private field = "";
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private quotedFrom = 0;
  private afterCR = false;
  private crInQuoted = false;
  private started = false;
  private error: string | undefined;
  private blank = true;

  /** Feeds a chunk; returns the records it completes. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let s = chunk;
    if (!this.started && s.length > 0) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const n = s.length;
    let i = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (this.afterCR) {
        this.afterCR = false;
        if (c === LF) {
          i++;
          continue;
        }
      }
      switch (this.state) {
        case State.Quoted: {
          // Copy the run up to the next quote in one slice.
          const q = s.indexOf('"', i);
          const end = q < 0 ? n : q;
          const run = s.slice(i, end);
          this.countLines(run);
          this.field += run;
          i = end;
          if (q >= 0) {
            this.crInQuoted = false;
            this.state = State.QuoteInQuoted;
            i++;
          }
          continue;
        }
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
            i++;
            continue;
          }
          if (c === COMMA || c === CR || c === LF) break;
          this.error ??= `text after the closing quote of field ${this.fields.length + 1} (a quote inside a quoted field is written twice: "")`;
          this.state = State.Unquoted;
          break;
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted;
            this.quotedFrom = this.line;
            this.blank = false;
            i++;
            continue;
          }
          break;
        case State.Unquoted:
          break;
      }
      if (c === COMMA) {
        this.fields.push(this.field);
        this.field = "";
        this.state = State.FieldStart;
        this.blank = false;
        i++;
        continue;
      }
      if (c === CR || c === LF) {
        if (c === CR) this.afterCR = true;
        this.line++;
        this.endRecord(out);
        i++;
        continue;
      }
      // Unquoted text: copy the run up to the next delimiter or quote.
      let j = i;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (d === COMMA || d === CR || d === LF || d === QUOTE) break;
        j++;
      }
      if (j === i) {
        // A quote in the middle of an unquoted field.
        this.error ??= `a quote inside unquoted field ${this.fields.length + 1} (quote the whole field and write the quote twice: "")`;
        this.field += '"';
        j = i + 1;
      } else this.field += s.slice(i, j);
      this.state = State.Unquoted;
      this.blank = false;
      i = j;
    }
    return out;
  }

  /** Ends the input; returns the last record, if any. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.state === State.Quoted) this.error ??= `a quoted field opened on line ${this.quotedFrom} is never closed`;
    if (!this.blank || this.field !== "" || this.fields.length > 0) this.endRecord(out);
    return out;
  }

  /** Line breaks inside a quoted field (CRLF counts once, also when a chunk ends between CR and LF). */
  private countLines(run: string): void {
    for (let k = 0; k < run.length; k++) {
      const c = run.charCodeAt(k);
      if (c === LF) {
        if (!this.crInQuoted) this.line++;
        this.crInQuoted = false;
      } else if (c === CR) {
        this.line++;
        this.crInQuoted = true;
      } else this.crInQuoted = false;
    }
  }

  private endRecord(out: CsvRecord[]): void {
    this.fields.push(this.field);
    const blankLine = this.blank && this.fields.length === 1 && this.field === "";
    if (!blankLine) out.push({ line: this.recordLine, fields: this.fields, ...(this.error ? { error: this.error } : {}) });
    this.fields = [];
    this.field = "";
    this.state = State.FieldStart;
    this.error = undefined;
    this.blank = true;
    this.recordLine = this.line;
  }
}

/** All records of a text. */
export function parseCsv(text: string): CsvRecord[] {
  const t = new CsvTokenizer();
  return [...t.push(text), ...t.end()];
}

const WRITE_OPTIONS: Options = { record_delimiter: "windows", quoted_match: [/^\s/, /\s$/, /[\r\n]/] };

/** A field as written: quoted when it holds a comma, a quote or a line break, or starts or ends with white space. */
export function csvField(value: string): string {
  return csvLine([value]).slice(0, -2);
}

/** One record with its CRLF (csv-stringify). */
export const csvLine = (fields: readonly string[]): string => stringify([fields as string[]], WRITE_OPTIONS);
