/**
 * The worker thread of a whole-site judgement (see whole-site.ts): receives the site's rows as JSON
 * pages, judges them with the engine and sends the judgement rows back as JSON batches — all off
 * the server's event loop.
 */
import { parentPort } from "node:worker_threads";
import { addDigests, addTuples, COMPARING, emptySiteRows, judgeTables, rowsToWrite, type StoredDigests, type ToMain, type ToWorker } from "./whole-site";

const port = parentPort!;
const tables = emptySiteRows();
const stored: StoredDigests = { channels: [], findings: [] };
const send = (m: ToMain) => port.postMessage(m);

port.on("message", (m: ToWorker) => {
  try {
    if (m.type === "rows") {
      addTuples(tables, m.table, JSON.parse(m.json) as unknown[]);
      return;
    }
    if (m.type === "stored") {
      addDigests(stored, m.kind, m.json);
      return;
    }
    const t0 = performance.now();
    const judged = judgeTables(tables, m.site, m.userTypes, (step, done, total) => send({ type: "progress", step, done, total }));
    send({ type: "progress", step: COMPARING, done: 0, total: judged.channels.length });
    const out = rowsToWrite(judged, stored);
    send({ type: "gone", kind: "channels", ids: out.gone.channels });
    send({ type: "gone", kind: "findings", ids: out.gone.findings });
    send({ type: "progress", step: "storing channels", done: 0, total: out.channels.length });
    for (let i = 0; i < out.channels.length; i += m.batch) {
      const part = out.channels.slice(i, i + m.batch);
      send({ type: "batch", kind: "channels", n: part.length, json: JSON.stringify(part) });
    }
    for (let i = 0; i < out.findings.length; i += m.batch) {
      const part = out.findings.slice(i, i + m.batch);
      send({ type: "batch", kind: "findings", n: part.length, json: JSON.stringify(part) });
    }
    send({ type: "done", channels: judged.channels.length, findings: judged.findings.length, ms: performance.now() - t0 });
  } catch (err) {
    send({ type: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
