// Starts a worker thread whose code is TypeScript (see tsWorker), loaded through tsx as the server is.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
