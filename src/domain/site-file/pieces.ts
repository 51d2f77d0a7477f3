/**
 * A site file cut into pieces that parse on their own, so that a large file is read a piece at a
 * time (the caller lets other work run in between). A file written the usual way — top-level keys
 * at the left margin, the long lists (racks, devices, cables…) as block sequences — is cut before
 * every few thousand list items; each piece is the items' own lines, which are YAML by themselves.
 * Anything else (JSON, a flow-style file, directives, document markers) is one piece, and so is a
 * file whose pieces do not parse alone (an alias to an anchor in another piece): the caller then
 * reads the whole file at once, which also says where a syntax error is.
 */

/** Items of a list read at once. */
export const ITEMS_PER_PIECE = 2000;

export interface FilePiece {
  /** The top-level key, or null for the whole file. */
  readonly key: string | null;
  /** "items": a run of a list's items (a YAML sequence); "value": the key's whole entry (`key: …`). */
  readonly kind: "items" | "value" | "file";
  readonly text: string;
  /** Lines before the piece in the file. */
  readonly lineOffset: number;
  /** Items in the piece (lists only). */
  readonly items: number;
}

const TOP_KEY = /^([A-Za-z_][A-Za-z0-9_]*)[ \t]*:([^\r]*)\r?$/;
const LISTS = new Set(["rooms", "racks", "devices", "cables", "types"]);

/** Spaces, tabs and carriage returns: what counts as nothing at either end of a line here. */
const isBlankChar = (c: number) => c === 32 || c === 9 || c === 13;

const wholeFile = (text: string): FilePiece => ({ key: null, kind: "file", text, lineOffset: 0, items: 0 });

/**
 * The pieces of a site file as the file is scanned, in one pass: a piece is handed out as soon as
 * its lines are known, so the caller reads (parses) each before the scan goes on, and the event
 * loop runs in between. When the scan finds the file is not written the usual way it hands out the
 * whole file (kind "file") and stops: the caller then reads the whole file at once.
 *
 * Lines are found with indexOf and pieces are slices of the text: splitting a 50 MB campus file
 * into its 1.5 million lines up front and joining them back had held the event loop 370 ms.
 */
export function* pieceStream(text: string): Generator<FilePiece, void> {
  if (/^\s*[{[]/.test(text) || text.length < 1_000_000) {
    yield wholeFile(text);
    return;
  }
  /** The top-level entry being scanned. `list`: undefined until its first line with content. */
  let entry: {
    key: string;
    rest: string;
    line: number;
    offset: number;
    list?: { indent: string; itemStart: string; from: number; fromLine: number; items: number } | null;
  } | null = null;
  const seen = new Set<string>();
  /** The entry's last piece, its text ending at `endOffset` (the "\n" before the next entry, or the file's end). */
  const close = (endOffset: number): FilePiece | null => {
    if (!entry) return null;
    const e = entry;
    if (e.list) return { key: e.key, kind: "items", text: text.slice(e.list.from, endOffset), lineOffset: e.list.fromLine, items: e.list.items };
    return { key: e.key, kind: "value", text: text.slice(e.offset, endOffset), lineOffset: e.line, items: 0 };
  };
  for (let line = 0, pos = 0; ; line++) {
    const nl = text.indexOf("\n", pos);
    const end = nl < 0 ? text.length : nl;
    const c = text.charCodeAt(pos);
    if (end > pos && c !== 32 && c !== 35 && c !== 13) {
      // A top-level key: the entry before it ends on the line before.
      const piece = close(pos - 1);
      if (piece) yield piece;
      const m = TOP_KEY.exec(text.slice(pos, end));
      if (!m || seen.has(m[1]!)) {
        yield wholeFile(text);
        return;
      }
      seen.add(m[1]!);
      entry = { key: m[1]!, rest: m[2]!.trim(), line, offset: pos };
    } else if (entry) {
      let first = pos;
      while (first < end && isBlankChar(text.charCodeAt(first))) first++;
      const blank = first === end;
      const comment = !blank && text.charCodeAt(first) === 35;
      if (entry.list === undefined) {
        if (!blank && !comment) {
          // The entry's first line with content says whether it is a list read in pieces.
          const indent = /^( *)- /.exec(text.slice(pos, end))?.[1];
          entry.list =
            LISTS.has(entry.key) && (entry.rest === "" || entry.rest.startsWith("#")) && indent !== undefined
              ? { indent, itemStart: `${indent}-`, from: pos, fromLine: line, items: 0 }
              : null;
        }
      }
      const list = entry.list;
      if (list) {
        if (!text.startsWith(list.indent, pos) && !blank && !comment) {
          yield wholeFile(text);
          return;
        }
        const after = text.charCodeAt(pos + list.itemStart.length);
        const startsItem = text.startsWith(list.itemStart, pos) && (end - pos === list.itemStart.length || after === 32 || after === 13);
        if (startsItem && list.items === ITEMS_PER_PIECE) {
          yield { key: entry.key, kind: "items", text: text.slice(list.from, pos - 1), lineOffset: list.fromLine, items: list.items };
          list.from = pos;
          list.fromLine = line;
          list.items = 0;
        }
        if (startsItem) list.items++;
      }
    }
    if (nl < 0) {
      const piece = close(text.length);
      if (piece) yield piece;
      return;
    }
    pos = nl + 1;
  }
}
