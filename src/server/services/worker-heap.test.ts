import { getHeapStatistics } from "node:v8";
import { describe, expect, it } from "vitest";
import { heapKeeper } from "./worker-heap";

const usedMb = () => getHeapStatistics().used_heap_size / 1024 / 1024;

describe("heapKeeper", () => {
  it("collects the old generation's garbage once the heap grew by its step, and not before", () => {
    const keep = heapKeeper(32);
    // Large arrays live in V8's large-object space, which only a full collection frees.
    let garbage: number[][] | null = Array.from({ length: 8 }, () => new Array<number>(1_000_000).fill(1.5));
    expect(garbage.length).toBe(8);
    garbage = null;
    const grown = usedMb();
    keep();
    // 8 arrays of a million doubles: some 60 MB gone.
    expect(usedMb()).toBeLessThan(grown - 40);

    // Garbage of less than its step: left to V8.
    let less: number[][] | null = Array.from({ length: 2 }, () => new Array<number>(1_000_000).fill(2.5));
    expect(less.length).toBe(2);
    less = null;
    const before = usedMb();
    keep();
    expect(usedMb()).toBeGreaterThan(before - 5);
  });
});
