import { parseSiteFileInSteps } from "../../../domain";
import type { ServiceContext } from "../context";
import { importSiteModel } from "../site-files/import-site-file";
import { importSiteFileInput } from "../site-files/schemas";
import { breathe, formatBytes, maxImportBytes, pacer } from "./limits";
import { ImportRefused, ProblemList, type ProgressListener } from "./problems";
import { requireRole } from "../../auth/actor";

/** Reads an uploaded file as UTF-8 text, refusing other encodings with the byte, line and column. */
export async function readUtf8(file: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, limit: number, onProgress: ProgressListener): Promise<string> {
  const parts: Uint8Array[] = [];
  let bytes = 0;
  let reported = 0;
  // A file whose chunks come without waiting (already in memory, made as it is read) would
  // otherwise be read in one go, the event loop held throughout (524 ms for a campus's 51 MB).
  const pace = pacer();
  for await (const chunk of file) {
    if (pace.due()) await pace.pause();
    const b = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    bytes += b.byteLength;
    if (bytes > limit)
      throw new ImportRefused(`The file is over ${formatBytes(limit)}, the largest this server reads (FERRULE_MAX_IMPORT_BYTES).`, [
        { line: 1, message: `the file is over ${limit} bytes; the server's FERRULE_MAX_IMPORT_BYTES allows more` },
      ]);
    parts.push(b);
    if (bytes - reported >= 256 * 1024) {
      reported = bytes;
      onProgress({ phase: "reading", done: bytes, unit: "bytes" });
    }
  }
  onProgress({ phase: "reading", done: bytes, unit: "bytes" });
  const all = Buffer.concat(parts);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(all);
  } catch {
    const ok = firstInvalidUtf8(all);
    const before = all.subarray(0, ok).toString("utf8");
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    throw new ImportRefused(`The file is not UTF-8: byte 0x${all[ok]?.toString(16).padStart(2, "0")} at offset ${ok} (line ${line}, column ${column}). Save it as UTF-8.`, [
      { line, message: `byte 0x${all[ok]?.toString(16).padStart(2, "0")} at offset ${ok}, column ${column}, is not UTF-8; save the file as UTF-8` },
    ]);
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const need = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return b.length;
}

export interface SiteFileUploadInput {
  name?: string;
  code: string;
  description?: string;
}

/**
 * An uploaded site file (YAML or JSON) as a new site: read and decoded (progress in bytes),
 * checked with every error reported by line and field, then written by the site-file service in
 * one transaction (progress in rows, then the judgement's). The file's text is let go once parsed.
 */
export async function importSiteFileUpload(ctx: ServiceContext, input: SiteFileUploadInput, file: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, onProgress: ProgressListener = () => undefined) {
  // The form fields first, so a wrong code is said before a large file is read.
  const fields = importSiteFileInput.omit({ yaml: true }).parse(input);
  requireRole(ctx.actor, "editor", null);
  let text: string | undefined = await readUtf8(file, maxImportBytes(), onProgress);
  // Parsed a piece at a time, the event loop running in between: progress goes out, other requests are answered.
  const parsed = await parseSiteFileInSteps(text, breathe, (done, total) => onProgress({ phase: "checking", done, total, unit: "steps" }));
  text = undefined;
  if (!parsed.ok) {
    const list = new ProblemList();
    for (const e of parsed.errors) list.add({ line: e.line, field: e.path, message: `column ${e.column}: ${e.message}` });
    throw list.refusal("The site file cannot be imported");
  }
  return importSiteModel(ctx, fields, parsed.model, onProgress);
}
