// Preloaded into the server a benchmark starts (`node --import ./bench/support/loop-delay.mjs …`):
// records the event loop's delay with monitorEventLoopDelay and writes the figures since the last
// reset to FERRULE_BENCH_LOOP_FILE every 200 ms. SIGUSR2 resets them (the benchmark does so before
// each phase). A server of several processes (FERRULE_PROCESSES): each serving process writes its
// own file (the name with `-<pid>` after it), and the first passes SIGUSR2 on. With
// FERRULE_BENCH_STALLS=1 each stall over 90 ms is logged with the monotonic time of its end in
// microseconds, the clock of a CPU profile's samples (`--cpu-prof`), so the profile tells what held
// the loop, and each collection over 50 ms. Nothing of this runs in a server started without the
// preload.
import { rename, writeFile } from "node:fs/promises";
import { constants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { isMainThread } from "node:worker_threads";
import cluster from "node:cluster";

const base = process.env.FERRULE_BENCH_LOOP_FILE;
const file = base && cluster.isWorker ? `${base}-${process.pid}` : base;
// The server's own thread only: worker threads load the preload too (they inherit its options), and
// a judging worker holds its own loop by design.
if (file && isMainThread) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  // Written off the thread and renamed into place (the benchmark never reads half a file): a
  // synchronous write had itself held the loop 133 ms while PostgreSQL kept the disk busy.
  let writing = false;
  const write = () => {
    if (writing) return;
    writing = true;
    const text = JSON.stringify({ maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, rssMb: process.memoryUsage.rss() / 2 ** 20 });
    writeFile(`${file}.part`, text)
      .then(() => rename(`${file}.part`, file))
      .catch(() => {})
      .finally(() => (writing = false));
  };
  setInterval(write, 200).unref();
  if (process.env.FERRULE_BENCH_STALLS) {
    // FERRULE_BENCH_STALLS=1 logs stalls over 90 ms; a larger number, stalls over that many ms.
    const over = Number(process.env.FERRULE_BENCH_STALLS) > 1 ? Number(process.env.FERRULE_BENCH_STALLS) : 90;
    let tick = process.hrtime.bigint();
    setInterval(() => {
      const now = process.hrtime.bigint();
      const ms = Number(now - tick) / 1e6 - 10;
      if (ms > over) console.error(`[stall] ${ms.toFixed(0)} ms ending at ${now / 1000n} µs`);
      tick = now;
    }, 10).unref();
    // And each pause of the collector over 50 ms, in the same clock (a stall may be one).
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        if (e.duration > 50)
          console.error(`[collection] ${e.duration.toFixed(0)} ms (${e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR ? "full" : "young or incremental"}) ending at ${process.hrtime.bigint() / 1000n} µs`);
    }).observe({ entryTypes: ["gc"] });
  }
  process.on("SIGUSR2", () => {
    h.reset();
    write();
    if (cluster.isPrimary) for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGUSR2");
  });
}
