/** A small deterministic generator for property tests over random plants, so a failure can be replayed. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return {
    next: () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32),
    pick<T>(xs: readonly T[]): T {
      return xs[Math.floor(this.next() * xs.length)]!;
    },
  };
}
