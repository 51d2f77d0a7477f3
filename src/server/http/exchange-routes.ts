/**
 * Exports and imports over HTTP, for the browser and the CLI:
 *
 *   GET  /api/export/sites/<siteId>/<document>      cable-schedule.csv|.xlsx, site.yaml, netbox-cables.csv,
 *                                                   validation-report.html|.pdf, port-labels.pdf (?deviceId=, ?emptyCages=1), cable-labels.pdf
 *   POST /api/import/site-file?code=&name=&description=           body: the site file
 *   POST /api/import/sites/<siteId>/netbox-cables?skipUnmatched=1&dryRun=1   body: the CSV
 *   POST /api/import/netbox-site?slug=&code=&answers=<JSON>&source=dump      body: a NetBox dumpdata dump
 *   POST /api/import/netbox-site?slug=&code=&answers=<JSON>&source=api       body: { "url": NetBox's URL, "token": … }
 *
 * An import answers with NDJSON, one object a line: `{"type":"progress","phase":…,"done":…}` as it
 * reads, writes and judges, then `{"type":"result",…}` or `{"type":"error","message":…,"problems":[…]}`.
 * The request body is read as it arrives (up to FERRULE_MAX_IMPORT_BYTES, 200 MB by default; see
 * limits.ts), never buffered whole.
 */
import { ZodError } from "zod";
import { requireRole } from "../auth/actor";
import { createContext, type Context } from "../api/context";
import { zodMessage } from "../api/errors";
import { getAppDatabase } from "../db/client";
import { ServiceError } from "../services/errors";
import { cableScheduleCsv, cableScheduleXlsx } from "../services/exports/cable-schedule";
import { exportNetboxCables } from "../services/exports/netbox-cables";
import { isSiteDocument, type SiteDocument } from "../services/exports/schemas";
import { siteFileParts } from "../services/exports/site-file";
import { fileStem, siteForExport } from "../services/exports/site-head";
import { importNetboxCables } from "../services/imports/netbox-cables";
import { importNetboxSite, netboxApiSource } from "../services/imports/netbox-site";
import { ImportRefused, type ImportProgress } from "../services/imports/problems";
import { importSiteFileUpload } from "../services/imports/site-file";
import { validationReportHtml, validationReportPdf } from "../services/exports/validation-report";
import { labelsPdf } from "../services/exports/labels";
import { STATIC_SECURITY_HEADERS } from "./security-headers";

const STATUS: Record<string, number> = { UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, INVALID: 400, CONFLICT: 409, TOO_LARGE: 413 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CONTENT_TYPES: Record<string, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  yaml: "application/yaml; charset=utf-8",
  html: "text/html; charset=utf-8",
  pdf: "application/pdf",
};

function headers(extra: Record<string, string>): Headers {
  const h = new Headers({ ...STATIC_SECURITY_HEADERS, "cache-control": "no-store", ...extra });
  return h;
}

function refusal(err: unknown): Response {
  if (err instanceof ServiceError) return Response.json({ error: { message: err.message, fields: err.fields } }, { status: STATUS[err.code] ?? 400, headers: headers({}) });
  if (err instanceof ZodError) return Response.json({ error: { message: zodMessage(err) } }, { status: 400, headers: headers({}) });
  throw err;
}

/** A download of text or bytes produced as they are read. */
function streamed(parts: AsyncGenerator<string | Uint8Array>, first: IteratorResult<string | Uint8Array>, filename: string, type: string): Response {
  const encoder = new TextEncoder();
  let pending: IteratorResult<string | Uint8Array> | undefined = first;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = pending ?? (await parts.next());
      pending = undefined;
      if (next.done) controller.close();
      else controller.enqueue(typeof next.value === "string" ? encoder.encode(next.value) : next.value);
    },
    async cancel() {
      await parts.return(undefined);
    },
  });
  return new Response(body, { headers: headers({ "content-type": type, "content-disposition": `attachment; filename="${filename}"` }) });
}

async function contextOf(req: Request): Promise<Context> {
  const { db } = await getAppDatabase();
  return createContext({ db, headers: req.headers, url: req.url });
}

/** GET /api/export/sites/<siteId>/<document> */
export async function siteExportRoute(req: Request, params: { siteId: string; document: string }): Promise<Response> {
  const ctx = await contextOf(req);
  try {
    if (!UUID.test(params.siteId)) throw new ServiceError("NOT_FOUND", "There is no such site.");
    if (!isSiteDocument(params.document)) throw new ServiceError("NOT_FOUND", `There is no export "${params.document}".`);
    const doc: SiteDocument = params.document;
    const site = await siteForExport(ctx, params.siteId);
    const stem = `${fileStem(site)}-${new Date().toISOString().slice(0, 10)}`;
    const ext = doc.slice(doc.lastIndexOf(".") + 1);
    const filename = `${stem}-${doc}`;
    const once = (data: string | Buffer) => new Response(typeof data === "string" ? data : new Uint8Array(data), { headers: headers({ "content-type": CONTENT_TYPES[ext]!, "content-disposition": `attachment; filename="${filename}"` }) });
    const input = { siteId: site.id };
    const deviceId = new URL(req.url).searchParams.get("deviceId") || undefined;
    switch (doc) {
      case "cable-schedule.csv":
      case "netbox-cables.csv": {
        const lines = doc === "cable-schedule.csv" ? cableScheduleCsv(ctx, input) : exportNetboxCables(ctx, input);
        return streamed(lines, await lines.next(), filename, CONTENT_TYPES.csv!);
      }
      case "cable-schedule.xlsx": {
        const parts = cableScheduleXlsx(ctx, input);
        return streamed(parts, await parts.next(), filename, CONTENT_TYPES.xlsx!);
      }
      case "site.yaml": {
        const parts = siteFileParts(ctx, input);
        return streamed(parts, await parts.next(), filename, CONTENT_TYPES.yaml!);
      }
      case "validation-report.html":
        return once(await validationReportHtml(ctx, input));
      case "validation-report.pdf":
        return once(await validationReportPdf(ctx, input));
      case "port-labels.pdf":
      case "cable-labels.pdf":
        return once(
          await labelsPdf(ctx, {
            ...input,
            kind: doc === "port-labels.pdf" ? "ports" : "cables",
            ...(deviceId ? { deviceId } : {}),
            emptyCages: new URL(req.url).searchParams.get("emptyCages") === "1",
          }),
        );
    }
  } catch (err) {
    return refusal(err);
  }
}

/** The request's body as chunks, as they arrive. */
async function* bodyChunks(req: Request): AsyncGenerator<Uint8Array> {
  if (!req.body) return;
  const reader = req.body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      if (value) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

type Work = (ctx: Context, body: AsyncIterable<Uint8Array>, progress: (p: ImportProgress) => void) => Promise<unknown>;

/**
 * Runs an import, answering NDJSON progress and then its result. Who may import is checked first
 * (401/403 as a status); a refused file is the last line, with every problem.
 */
async function ndjsonImport(req: Request, precheck: (ctx: Context) => void, work: Work): Promise<Response> {
  const ctx = await contextOf(req);
  try {
    if (!ctx.sameOrigin) throw new ServiceError("FORBIDDEN", "Cross-site request refused.");
    if (ctx.via === "session" && !ctx.csrfValid) throw new ServiceError("FORBIDDEN", "Missing or wrong CSRF token. Reload the page and try again.");
    precheck(ctx);
  } catch (err) {
    return refusal(err);
  }
  const total = Number(req.headers.get("content-length") ?? "") || undefined;
  const encoder = new TextEncoder();
  const body = new TransformStream<Uint8Array, Uint8Array>();
  const writer = body.writable.getWriter();
  const send = (obj: unknown) => writer.write(encoder.encode(`${JSON.stringify(obj)}\n`)).catch(() => undefined);
  let last = 0;
  let lastPhase = "";
  const progress = (p: ImportProgress) => {
    const now = Date.now();
    if (p.phase === lastPhase && now - last < 100) return;
    last = now;
    lastPhase = p.phase;
    void send({ type: "progress", ...p, ...(p.phase === "reading" && p.total === undefined && total ? { total } : {}) });
  };
  void (async () => {
    try {
      const result = await work(ctx, bodyChunks(req), progress);
      await send({ type: "result", result });
    } catch (err) {
      if (err instanceof ImportRefused) await send({ type: "error", message: err.message, problems: err.problems, total: err.total });
      else if (err instanceof ServiceError) await send({ type: "error", message: err.message, fields: err.fields, problems: [] });
      else if (err instanceof ZodError) await send({ type: "error", message: zodMessage(err), problems: [] });
      else {
        console.error("[ferrule] import failed:", err);
        await send({ type: "error", message: "The import failed on the server; nothing was imported.", problems: [] });
      }
    } finally {
      await writer.close().catch(() => undefined);
    }
  })();
  return new Response(body.readable, { headers: headers({ "content-type": "application/x-ndjson; charset=utf-8", "x-accel-buffering": "no" }) });
}

const flag = (v: string | null) => v === "1" || v === "true";

/** POST /api/import/site-file?code=DC2&name=&description= */
export function siteFileImportRoute(req: Request): Promise<Response> {
  const q = new URL(req.url).searchParams;
  return ndjsonImport(
    req,
    (ctx) => requireRole(ctx.actor, "editor", null),
    (ctx, body, progress) => importSiteFileUpload(ctx, { code: q.get("code") ?? "", name: q.get("name") ?? "", description: q.get("description") ?? "" }, body, progress),
  );
}

/** POST /api/import/sites/<siteId>/netbox-cables?skipUnmatched=1&dryRun=1 */
export function netboxCableImportRoute(req: Request, params: { siteId: string }): Promise<Response> {
  const q = new URL(req.url).searchParams;
  return ndjsonImport(
    req,
    (ctx) => {
      if (!UUID.test(params.siteId)) throw new ServiceError("NOT_FOUND", "There is no such site.");
      requireRole(ctx.actor, "editor", params.siteId);
    },
    (ctx, body, progress) => importNetboxCables(ctx, { siteId: params.siteId, skipUnmatched: flag(q.get("skipUnmatched")), dryRun: flag(q.get("dryRun")) }, body, progress),
  );
}

/** A small JSON request body (NetBox's URL and token), at most 64 KiB. */
async function smallJson(body: AsyncIterable<Uint8Array>): Promise<unknown> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const b of body) {
    n += b.byteLength;
    if (n > 65_536) throw new ServiceError("TOO_LARGE", "The request body is over 64 KiB; send NetBox's URL and token only.");
    parts.push(b);
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString("utf8"));
  } catch {
    throw new ServiceError("INVALID", 'Send NetBox\'s URL and token as JSON: {"url": "https://netbox.example.com", "token": "…"}.', { url: "not JSON" });
  }
}

/** POST /api/import/netbox-site?slug=&code=&answers=&source=dump|api */
export function netboxSiteImportRoute(req: Request): Promise<Response> {
  const q = new URL(req.url).searchParams;
  return ndjsonImport(
    req,
    (ctx) => requireRole(ctx.actor, "editor", null),
    async (ctx, body, progress) => {
      let answers: unknown = {};
      try {
        answers = JSON.parse(q.get("answers") || "{}");
      } catch {
        throw new ServiceError("INVALID", "answers: not JSON; write them as {\"question key\": {\"field\": \"value\"}}.", { answers: "not JSON" });
      }
      const input = { slug: q.get("slug") ?? "", code: q.get("code") ?? "", answers: answers as Record<string, Record<string, string>> };
      if (q.get("source") === "api") {
        const api = netboxApiSource.parse(await smallJson(body));
        return importNetboxSite(ctx, input, { kind: "api", ...api }, progress);
      }
      return importNetboxSite(ctx, input, { kind: "dump", file: body }, progress);
    },
  );
}
