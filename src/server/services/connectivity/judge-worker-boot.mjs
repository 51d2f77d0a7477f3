// Starts a judging worker thread: the worker's code is TypeScript, loaded through tsx as the server is.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
