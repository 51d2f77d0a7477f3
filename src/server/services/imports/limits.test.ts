import { describe, expect, it } from "vitest";
import { stat } from "node:fs";
import { breathe, forEachBreathing } from "./limits";

describe("forEachBreathing", () => {
  it("visits every item in order and lets the event loop run while the work goes on, however long each item takes", async () => {
    const items = Array.from({ length: 8_192 }, (_, i) => i);
    const seen: number[] = [];
    let breaths = 0;
    // Queued before the loop starts: it runs at the loop's first pause, not after the last item.
    let ranAt: number | undefined;
    setImmediate(() => (ranAt = seen.length));
    await forEachBreathing(
      items,
      (n) => {
        seen.push(n);
        // About 20 µs an item: 160 ms in all, several pauses of the 40 ms pace.
        const until = performance.now() + 0.02;
        while (performance.now() < until);
      },
      () => breaths++,
    );
    expect(seen).toEqual(items);
    expect(breaths).toBeGreaterThanOrEqual(2);
    expect(ranAt).toBeLessThan(items.length);
  });
});

describe("breathe", () => {
  it("lets due timers run even when the work was resumed by I/O (a query's answer)", async () => {
    const ranBeforeResume = await new Promise<boolean>((done) => {
      // The callback of I/O runs in the loop's poll phase, as the answer of a query does.
      stat(import.meta.filename, () => {
        let fired = false;
        setTimeout(() => (fired = true), 0);
        const until = performance.now() + 3; // the timer is due
        while (performance.now() < until);
        void breathe().then(() => done(fired));
      });
    });
    expect(ranBeforeResume).toBe(true);
  });
});
