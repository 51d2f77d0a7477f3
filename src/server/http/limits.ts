import type { IncomingMessage, ServerResponse } from "node:http";
import { maxImportBytes } from "../services/imports/limits";
import { maxBodyBytes } from "../config";

/** Largest request body accepted, by path prefix (first match wins). File imports stream through
 *  their own routes and may be as large as an import reads (FERRULE_MAX_IMPORT_BYTES, 200 MB);
 *  everything else is small JSON. */
export const BODY_LIMITS: readonly { prefix: string; bytes: number }[] = [
  { prefix: "/api/import", bytes: maxImportBytes() },
  { prefix: "/", bytes: maxBodyBytes() },
];

const BODYLESS = new Set(["GET", "HEAD", "OPTIONS"]);

export function bodyLimitFor(path: string): number {
  return BODY_LIMITS.find((l) => path.startsWith(l.prefix))!.bytes;
}

/**
 * Refuses an oversized request before any of it is read: 413 when Content-Length is over the limit,
 * 411 when a body comes without a length (chunked), so nothing unbounded ever reaches a handler.
 * Returns true when the request was answered here.
 */
export function refuseOversizedBody(req: IncomingMessage, res: ServerResponse): boolean {
  if (BODYLESS.has(req.method ?? "GET")) return false;
  const path = (req.url ?? "/").split("?")[0]!;
  const limit = bodyLimitFor(path);
  const declared = req.headers["content-length"];
  const answer = (status: number, message: string) => {
    res.writeHead(status, { "content-type": "application/json", connection: "close" });
    res.end(JSON.stringify({ error: { message } }));
    req.resume();
    return true;
  };
  if (declared === undefined) {
    if (req.headers["transfer-encoding"]) return answer(411, "Send the request with a Content-Length header.");
    return false;
  }
  const length = Number(declared);
  if (!Number.isFinite(length) || length < 0) return answer(400, "Invalid Content-Length header.");
  if (length > limit) return answer(413, `Request body too large: ${length} bytes, at most ${limit} accepted here.`);
  return false;
}
