import { parseSiteFileInSteps } from "../../../domain";
import type { ServiceContext } from "../context";
import { importSiteModel } from "../site-files/import-site-file";
import { importSiteFileInWorker } from "../site-files/in-worker";
import { importSiteFileInput } from "../site-files/schemas";
import { breathe, formatBytes, maxImportBytes, pacer } from "./limits";
import { ImportRefused, type ProgressListener } from "./problems";
import { decodeUtf8 } from "./utf8";
import { siteFileRefusal } from "../site-files/refusal";
import { requireRole } from "../../auth/actor";

/** Reads an uploaded file as UTF-8 text, refusing other encodings with the byte, line and column. */
export async function readUtf8(file: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, limit: number, onProgress: ProgressListener): Promise<string> {
  return decodeUtf8(await readBytes(file, limit, onProgress));
}

/** Reads an uploaded file's bytes, up to `limit` (progress in bytes). */
export async function readBytes(file: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, limit: number, onProgress: ProgressListener): Promise<Buffer> {
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
  return Buffer.concat(parts);
}

export interface SiteFileUploadInput {
  name?: string;
  code: string;
  description?: string;
}

/** Site files from this size on are decoded, checked and turned into rows in a worker thread
 *  (see site-file-worker.ts); smaller ones on the server's thread, without a worker's start. */
export const SITE_FILE_WORKER_FROM_BYTES = Number(process.env.FERRULE_SITE_FILE_WORKER_BYTES ?? 4_000_000);

/**
 * An uploaded site file (YAML or JSON) as a new site: read (progress in bytes), decoded and checked
 * with every error reported by line and field, then written in one transaction (progress in rows,
 * then the judgement's). A large file is decoded, checked and made into rows in a worker thread,
 * the server's thread running its statements: a campus's text and model (gigabytes of objects)
 * then live and are collected off the event loop, whose collections had held it 300–390 ms.
 */
export async function importSiteFileUpload(
  ctx: ServiceContext,
  input: SiteFileUploadInput,
  file: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  onProgress: ProgressListener = () => undefined,
  opts: { workerFromBytes?: number } = {},
) {
  // The form fields first, so a wrong code is said before a large file is read.
  const fields = importSiteFileInput.omit({ yaml: true }).parse(input);
  requireRole(ctx.actor, "editor", null);
  const bytes = await readBytes(file, maxImportBytes(), onProgress);
  if (bytes.byteLength >= (opts.workerFromBytes ?? SITE_FILE_WORKER_FROM_BYTES)) return importSiteFileInWorker(ctx, fields, bytes, onProgress);
  let text: string | undefined = decodeUtf8(bytes);
  // Parsed a piece at a time, the event loop running in between: progress goes out, other requests are answered.
  const parsed = await parseSiteFileInSteps(text, breathe, (done, total) => onProgress({ phase: "checking", done, total, unit: "steps" }));
  text = undefined;
  if (!parsed.ok) throw siteFileRefusal(parsed.errors);
  return importSiteModel(ctx, fields, parsed.model, onProgress);
}
