/**
 * The worker thread of a whole-site judgement (see whole-site.ts): receives the site's rows as JSON
 * pages, judges them with the engine and hands the judgement rows back as JSON batches, one as the
 * server's thread starts writing the one before — all off the server's event loop.
 */
import { parentPort } from "node:worker_threads";
import { addDigests, addTuples, emptyDigests, emptySiteRows, judgeAndCompare, type ToMain, type ToWorker } from "./whole-site";

const port = parentPort!;
const tables = emptySiteRows();
const stored = emptyDigests();
const send = (m: ToMain) => port.postMessage(m);
/** The writes not handed over yet: one more each time the server's thread asks (writeMessages). */
let writes: Iterator<ToMain> | undefined;
const sendNext = () => {
  const next = writes?.next();
  if (next && !next.done) send(next.value);
};

port.on("message", (m: ToWorker) => {
  try {
    if (m.type === "rows") addTuples(tables, m.table, JSON.parse(m.json) as unknown[]);
    else if (m.type === "stored") addDigests(stored, m.kind, m.json);
    else if (m.type === "next") sendNext();
    else {
      writes = judgeAndCompare(tables, stored, m, send);
      sendNext();
    }
  } catch (err) {
    send({ type: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
