import path from "node:path";
import { Worker } from "node:worker_threads";

/**
 * A worker thread running a TypeScript module of the sources (`entry`, from the project's folder):
 * the whole-site judgement's, the large site file's. Loaded from the sources through tsx, as the
 * server loads them, not from the page framework's bundle.
 */
export function tsWorker(entry: string): Worker {
  return new Worker(path.join(/*turbopackIgnore: true*/ process.cwd(), "src/server/services/worker-boot.mjs"), {
    workerData: { entry: path.join(/*turbopackIgnore: true*/ process.cwd(), entry) },
  });
}
