// Preloaded into the server a benchmark starts (`node --import ./bench/support/loop-delay.mjs …`):
// records the event loop's delay with monitorEventLoopDelay and writes the figures since the last
// reset to FERRULE_BENCH_LOOP_FILE every 200 ms. SIGUSR2 resets them (the benchmark does so before
// each phase). Nothing of this runs in a server started without the preload.
import { writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

const file = process.env.FERRULE_BENCH_LOOP_FILE;
if (file) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const write = () => {
    const rss = process.memoryUsage.rss();
    writeFileSync(file, JSON.stringify({ maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, rssMb: rss / 2 ** 20 }));
  };
  setInterval(write, 200).unref();
  process.on("SIGUSR2", () => {
    h.reset();
    write();
  });
}
