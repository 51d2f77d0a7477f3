/**
 * The worker thread of a large site file's import (see in-worker.ts): decodes and checks the file,
 * builds the site's model and turns it into rows — the statements go to the server's thread, which
 * runs them in the import's transaction and sends each one's rows back. The file's text, its model
 * and their collections stay off the server's event loop.
 */
import { parentPort } from "node:worker_threads";
import { drizzle } from "drizzle-orm/pg-proxy";
import { parseSiteFileInSteps, type SiteModel } from "../../../domain";
import type { Db } from "../../db/client";
import * as schema from "../../db/schema";
import { ServiceError } from "../errors";
import { decodeUtf8 } from "../imports/utf8";
import { siteFileRefusal } from "./refusal";
import { ImportRefused, type ImportProgress } from "../imports/problems";
import { heapKeeper } from "../worker-heap";
import { writeSiteModel, type NewSiteFields, type SiteWritten } from "./write-site-model";

/** What the server's thread sends. */
export type ToSiteFileWorker =
  | { type: "check"; bytes: Uint8Array }
  | { type: "write"; fields: NewSiteFields }
  | { type: "rows"; id: number; rows: unknown[] }
  | { type: "failed"; id: number; message: string };

/** An error of the worker as it crosses to the server's thread. */
export interface WorkerError {
  name: string;
  message: string;
  code?: ServiceError["code"];
  fields?: Record<string, string>;
  problems?: ImportRefused["problems"];
  total?: number;
}

/** What the worker sends. */
export type FromSiteFileWorker =
  | { type: "progress"; progress: ImportProgress }
  | { type: "checked"; siteName: string }
  | { type: "statement"; id: number; text: string; params: unknown[]; arrays: boolean }
  | { type: "written"; result: SiteWritten }
  | { type: "error"; error: WorkerError };

/** Checking's progress at most this often: each step of a campus's file is a message otherwise. */
const PROGRESS_EVERY_MS = 100;

const port = parentPort!;
const send = (m: FromSiteFileWorker) => port.postMessage(m);

/** Statements waiting for their rows from the server's thread. */
const waiting = new Map<number, { resolve: (rows: unknown[]) => void; reject: (e: Error) => void }>();
let statements = 0;

/** Collects the statements' texts, garbage once answered, before they pile up (see heapKeeper). */
const keepHeap = heapKeeper(256);

/** The import's transaction, reached through the server's thread: one statement at a time. */
const db = drizzle(
  (text, params, method) =>
    new Promise((resolve, reject) => {
      const id = ++statements;
      waiting.set(id, {
        resolve: (rows) => {
          keepHeap();
          resolve({ rows });
        },
        reject,
      });
      send({ type: "statement", id, text, params, arrays: method === "all" });
    }),
  { schema, casing: "snake_case" },
) as unknown as Db;

let model: SiteModel | undefined;

function errorOf(err: unknown): WorkerError {
  if (err instanceof ImportRefused) return { name: "ImportRefused", message: err.message, problems: err.problems, total: err.total };
  if (err instanceof ServiceError) return { name: "ServiceError", message: err.message, code: err.code, fields: err.fields };
  return { name: "Error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}

async function check(bytes: Uint8Array): Promise<void> {
  let text: string | undefined = decodeUtf8(bytes);
  let last = 0;
  const parsed = await parseSiteFileInSteps(
    text,
    () => Promise.resolve(),
    (done, total) => {
      const now = performance.now();
      if (now - last < PROGRESS_EVERY_MS && done < total) return;
      last = now;
      send({ type: "progress", progress: { phase: "checking", done, total, unit: "steps" } });
    },
  );
  text = undefined;
  if (!parsed.ok) throw siteFileRefusal(parsed.errors);
  model = parsed.model;
  send({ type: "checked", siteName: model.site.name });
}

async function write(fields: NewSiteFields): Promise<void> {
  const m = model!;
  model = undefined;
  let last = 0;
  const result = await writeSiteModel(db, fields, m, (progress) => {
    const now = performance.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    send({ type: "progress", progress });
  });
  send({ type: "written", result });
}

port.on("message", (m: ToSiteFileWorker) => {
  if (m.type === "rows" || m.type === "failed") {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.type === "rows") w?.resolve(m.rows);
    else w?.reject(new Error(m.message));
    return;
  }
  const work = m.type === "check" ? check(m.bytes) : write(m.fields);
  work.catch((err: unknown) => send({ type: "error", error: errorOf(err) }));
});
