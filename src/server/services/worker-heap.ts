import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * For a worker thread that makes a large site's rows: a full collection each time its heap has grown
 * by `stepMb` since the last one. Such a worker holds a campus's model (700–900 MB) and makes a
 * statement's text every few hundred milliseconds; the text lives until its statement is answered,
 * so it outlives the young generation's collections and is garbage of the old one, which V8 lets
 * grow far past the live heap before it collects: writing a campus's site file grew the worker's
 * heap from 724 MB to 1,749 MB, the import's peak in the process's memory (2.0 GB; with a
 * collection every 256 MB, 1.23 GB, and the import no slower). A full collection of such a heap
 * takes a few hundred milliseconds, in the worker, off the server's event loop. (Tried in the
 * whole-site judgement's worker too: no lower peak, a slower judgement — what it holds is live.)
 *
 * `gc` is V8's own (`--expose-gc`, set at run time: the flag only adds the function to contexts made
 * after it, here one made for it), so no flag is needed when the server starts.
 */
export function heapKeeper(stepMb: number): () => void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const step = stepMb * 1024 * 1024;
  let base = getHeapStatistics().used_heap_size;
  return () => {
    if (getHeapStatistics().used_heap_size - base < step) return;
    gc();
    base = getHeapStatistics().used_heap_size;
  };
}
