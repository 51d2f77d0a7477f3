/**
 * The worker thread of a whole-site judgement (see whole-site.ts): receives the site's rows as JSON
 * pages, judges them with the engine and hands the judgement rows back as JSON batches, one as the
 * server's thread starts writing the one before — all off the server's event loop.
 */
import { parentPort } from "node:worker_threads";
import { addDigests, addTuples, COMPARING, emptyDigests, emptySiteRows, goneCount, REMOVING, judgeTables, rowsToWrite, writeMessages, type StoredDigests, type ToMain, type ToWorker } from "./whole-site";

const port = parentPort!;
const tables = emptySiteRows();
let stored: StoredDigests = emptyDigests();
const send = (m: ToMain) => port.postMessage(m);
/** The writes not handed over yet: one more each time the server's thread asks (writeMessages). */
let writes: Iterator<ToMain> | undefined;
const sendNext = () => {
  const next = writes?.next();
  if (next && !next.done) send(next.value);
};

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
    if (m.type === "next") {
      sendNext();
      return;
    }
    const t0 = performance.now();
    const judged = judgeTables(tables, m.site, m.userTypes, (step, done, total) => send({ type: "progress", step, done, total }));
    // The plant's rows are judged: let them go before the comparing and the writes (a campus's are
    // half a gigabyte, held until the last write otherwise).
    Object.assign(tables, emptySiteRows());
    send({ type: "progress", step: COMPARING, done: 0, total: judged.channels.length });
    const out = rowsToWrite(judged, stored);
    stored = emptyDigests();
    send({ type: "progress", step: REMOVING, done: 0, total: goneCount(out) });
    send({ type: "progress", step: "storing channels", done: 0, total: out.paths.length + out.channels.length });
    writes = writeMessages(out, m.batch, { type: "done", channels: judged.channels.length, findings: judged.findings.length, ms: performance.now() - t0 });
    sendNext();
  } catch (err) {
    send({ type: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
