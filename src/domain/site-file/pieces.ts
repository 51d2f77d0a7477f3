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

const TOP_KEY = /^([A-Za-z_][A-Za-z0-9_]*)[ \t]*:(.*)$/;
const LISTS = new Set(["rooms", "racks", "devices", "cables", "types"]);

/** The pieces of a site file, or one piece (the whole file) when it is not written the usual way. */
export function filePieces(text: string): FilePiece[] {
  const whole: FilePiece[] = [{ key: null, kind: "file", text, lineOffset: 0, items: 0 }];
  if (/^\s*[{[]/.test(text) || text.length < 1_000_000) return whole;
  const lines = text.split("\n");
  // Top-level entries: [key, first line, end line).
  const entries: { key: string; rest: string; start: number; end: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === "" || l[0] === " " || l[0] === "#" || l[0] === "\r") continue;
    const m = TOP_KEY.exec(l);
    if (!m) return whole;
    if (entries.some((e) => e.key === m[1])) return whole;
    if (entries.length) entries[entries.length - 1]!.end = i;
    entries.push({ key: m[1]!, rest: m[2]!.trim(), start: i, end: lines.length });
  }
  const out: FilePiece[] = [];
  for (const e of entries) {
    const body = lines.slice(e.start + 1, e.end);
    const first = body.findIndex((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
    const indent = first >= 0 ? /^( *)- /.exec(body[first]!)?.[1] : undefined;
    if (!LISTS.has(e.key) || (e.rest !== "" && !e.rest.startsWith("#")) || indent === undefined) {
      out.push({ key: e.key, kind: "value", text: lines.slice(e.start, e.end).join("\n"), lineOffset: e.start, items: 0 });
      continue;
    }
    const itemStart = `${indent}-`;
    let from = first;
    let count = 0;
    for (let j = first; j <= body.length; j++) {
      const l = body[j];
      const startsItem = l !== undefined && l.startsWith(itemStart) && (l.length === itemStart.length || l[itemStart.length] === " " || l[itemStart.length] === "\r");
      if (l !== undefined && l.trim() !== "" && !l.startsWith(indent) && !l.trimStart().startsWith("#")) return whole;
      if (j === body.length || (startsItem && count === ITEMS_PER_PIECE)) {
        out.push({ key: e.key, kind: "items", text: body.slice(from, j).join("\n"), lineOffset: e.start + 1 + from, items: count });
        from = j;
        count = 0;
      }
      if (startsItem) count++;
    }
  }
  return out;
}
