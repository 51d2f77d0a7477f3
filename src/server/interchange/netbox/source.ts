/**
 * Reading a NetBox YAML file: strict UTF-8 (the first bad byte is named), YAML syntax errors with
 * line and column, and a locator that turns a key path into a line and column.
 */
import { LineCounter, isNode, parseDocument, type Document } from "yaml";

export type KeyPath = readonly (string | number)[];

/** One problem of an input file, named precisely enough to fix it. */
export interface SourceIssue {
  readonly file: string;
  /** Key path in NetBox's own words, e.g. `front-ports[3].rear_port`; `(file)` for the whole file. */
  readonly path: string;
  /** 1-based; absent when the problem has no place in the text. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** `["front-ports", 3, "rear_port"]` → `front-ports[3].rear_port`. */
export function formatKeyPath(path: KeyPath): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out || "(file)";
}

/** Offset of the first byte that is not well-formed UTF-8 (no overlongs, no surrogates), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
      cp = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
      cp = b & 0x07;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineColumnOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Column in characters: count the UTF-8 lead bytes between the line start and the offset.
  let column = 1;
  for (let i = lineStart; i < offset; i++) if ((bytes[i]! & 0xc0) !== 0x80) column++;
  return { line, column };
}

export type DecodeResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly issue: SourceIssue };

/** Bytes (or text already decoded) → text without a byte-order mark. */
export function decodeText(input: Uint8Array | string, file: string): DecodeResult {
  if (typeof input === "string") return { ok: true, text: input.replace(/^\uFEFF/, "") };
  const bad = firstInvalidUtf8(input);
  if (bad >= 0) {
    const { line, column } = lineColumnOfByte(input, bad);
    const hex = input[bad]!.toString(16).toUpperCase().padStart(2, "0");
    return {
      ok: false,
      issue: {
        file,
        path: "(file)",
        line,
        column,
        message: `not UTF-8: byte 0x${hex} at offset ${bad} does not start a valid UTF-8 character; save the file as UTF-8`,
      },
    };
  }
  return { ok: true, text: new TextDecoder("utf-8").decode(input).replace(/^\uFEFF/, "") };
}

/** A parsed YAML document with a key-path locator. */
export interface YamlSource {
  readonly file: string;
  readonly doc: Document;
  /** The line and column of the value at `path`, or of its nearest existing parent. */
  locate(path: KeyPath): { line: number; column: number } | undefined;
  issue(path: KeyPath, message: string): SourceIssue;
}

export type YamlResult = { readonly ok: true; readonly source: YamlSource } | { readonly ok: false; readonly issues: readonly SourceIssue[] };

const MAX_SYNTAX_ERRORS = 3;

export function parseYamlSource(text: string, file: string): YamlResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const shown = doc.errors.slice(0, MAX_SYNTAX_ERRORS);
    const issues: SourceIssue[] = shown.map((e) => {
      const pos = e.linePos?.[0];
      const first = (e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, "");
      return { file, path: "(file)", ...(pos ? { line: pos.line, column: pos.col } : {}), message: `YAML syntax: ${first}` };
    });
    if (doc.errors.length > shown.length)
      issues.push({ file, path: "(file)", message: `${doc.errors.length - shown.length} more YAML syntax errors; is this a YAML file?` });
    return { ok: false, issues };
  }
  const locate = (path: KeyPath) => {
    for (let len = path.length; len >= 0; len--) {
      const node: unknown = len === 0 ? doc.contents : doc.getIn(path.slice(0, len), true);
      if (isNode(node) && node.range) {
        const p = lineCounter.linePos(node.range[0]);
        return { line: p.line, column: p.col };
      }
    }
    return undefined;
  };
  const source: YamlSource = {
    file,
    doc,
    locate,
    issue: (path, message) => {
      const at = locate(path);
      return { file, path: formatKeyPath(path), ...(at ?? {}), message };
    },
  };
  return { ok: true, source };
}
