import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { ImportRefused, type ProgressListener } from "../imports/problems";
import { cachedPlans, rawStatement } from "../inventory/sql";
import { tsWorker } from "../ts-worker";
import { importNewSite, type NewSiteFields, type SiteWritten } from "./import-site-file";
import type { FromSiteFileWorker, ToSiteFileWorker, WorkerError } from "./site-file-worker";

function rebuilt(e: WorkerError): Error {
  if (e.name === "ImportRefused") return new ImportRefused(e.message, e.problems ?? [], e.total);
  if (e.name === "ServiceError") return new ServiceError(e.code!, e.message, e.fields);
  return new Error(`the site file's worker failed: ${e.message}`);
}

/**
 * A large site file imported with its decoding, checking and rows made in a worker thread (see
 * site-file-worker.ts): this thread starts it with the file's bytes (handed over, not copied),
 * reports its progress, and once the file is checked opens the import's transaction and runs the
 * worker's statements in it one by one. The worker is ended before the judgement, its heap (the
 * file's text and model) gone with it. A statement that fails fails the import with its own error
 * (a code already taken is said on its field, as in place).
 */
export async function importSiteFileInWorker(ctx: ServiceContext, fields: NewSiteFields, bytes: Buffer, onProgress: ProgressListener) {
  const worker = tsWorker("src/server/services/site-files/site-file-worker.ts");
  const post = (m: ToSiteFileWorker, transfer: ArrayBuffer[] = []) => worker.postMessage(m, transfer);
  /** What the worker's next answer is awaited by (its statements are answered by `onStatement`). */
  let expecting: { resolve: (m: FromSiteFileWorker) => void; reject: (e: Error) => void } | undefined;
  let onStatement: ((m: Extract<FromSiteFileWorker, { type: "statement" }>) => void) | undefined;
  const next = () => new Promise<FromSiteFileWorker>((resolve, reject) => (expecting = { resolve, reject }));
  const fail = (e: Error) => {
    const w = expecting;
    expecting = undefined;
    w?.reject(e);
  };
  worker.on("message", (m: FromSiteFileWorker) => {
    if (m.type === "progress") onProgress(m.progress);
    else if (m.type === "statement") onStatement?.(m);
    else {
      const w = expecting;
      expecting = undefined;
      w?.resolve(m);
    }
  });
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the site file's worker stopped (exit code ${code})`)));
  try {
    // Handed over whole: a Buffer of this size owns its memory, but a pooled one would not.
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : Buffer.from(bytes);
    const checked = next();
    post({ type: "check", bytes: own }, [own.buffer as ArrayBuffer]);
    const answer = await checked;
    if (answer.type === "error") throw rebuilt(answer.error);
    if (answer.type !== "checked") throw new Error(`the site file's worker answered ${answer.type} to the check`);

    return await importNewSite(
      ctx,
      fields,
      answer.siteName,
      async (tx): Promise<SiteWritten> => {
        // Only writes from here on: each row's foreign-key check with a cached plan (cachedPlans).
        const restorePlans = await cachedPlans(tx.db);
        let failed: unknown;
        onStatement = (s) => {
          rawStatement(tx.db, s.text, s.params, s.arrays).then(
            (rows) => post({ type: "rows", id: s.id, rows }),
            (err: unknown) => {
              failed ??= err;
              post({ type: "failed", id: s.id, message: err instanceof Error ? err.message : String(err) });
            },
          );
        };
        const done = next();
        post({ type: "write", fields });
        const written = await done.catch((err: Error) => {
          throw failed ?? err;
        });
        if (failed) throw failed;
        if (written.type === "error") throw rebuilt(written.error);
        if (written.type !== "written") throw new Error(`the site file's worker answered ${written.type} to the writing`);
        await restorePlans();
        await worker.terminate();
        return written.result;
      },
      onProgress,
    );
  } finally {
    await worker.terminate();
  }
}
