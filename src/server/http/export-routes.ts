import { ZodError } from "zod";
import { createContext } from "../api/context";
import { zodMessage } from "../api/errors";
import { getAppDatabase } from "../db/client";
import { exportAudit } from "../services/audit/export-audit";
import { ServiceError } from "../services/errors";

const STATUS: Record<string, number> = { UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, INVALID: 400 };

/** Streams an async generator of text as a download. */
function download(lines: AsyncGenerator<string>, filename: string, type: string): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await lines.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: { "content-type": type, "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
  });
}

function refusal(err: unknown): Response {
  if (err instanceof ServiceError) return Response.json({ error: { message: err.message, fields: err.fields } }, { status: STATUS[err.code] ?? 400 });
  if (err instanceof ZodError) return Response.json({ error: { message: zodMessage(err) } }, { status: 400 });
  throw err;
}

/** GET /api/export/audit?format=csv|json&from=&to=&siteId=&actor=&objectType=&objectId=&action= */
export async function auditExportRoute(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const format = url.searchParams.get("format") === "json" ? "json" : "csv";
  const filters = Object.fromEntries([...url.searchParams].filter(([k]) => k !== "format" && url.searchParams.get(k) !== ""));
  const { db } = await getAppDatabase();
  const ctx = await createContext({ db, headers: req.headers, url: req.url });
  try {
    const lines = exportAudit(ctx, filters, format);
    // Run up to the first line now, so a refusal (401/403/400) is a status, not a broken download.
    const first = await lines.next();
    async function* rest() {
      if (!first.done) yield first.value;
      yield* lines;
    }
    const stamp = new Date().toISOString().slice(0, 10);
    return download(rest(), `ferrule-audit-${stamp}.${format}`, format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8");
  } catch (err) {
    return refusal(err);
  }
}
