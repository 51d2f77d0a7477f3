/** Largest file an import reads, unless FERRULE_MAX_IMPORT_BYTES says otherwise (200 MB). */
export const DEFAULT_MAX_IMPORT_BYTES = 200_000_000;

/** The largest file (site file or CSV) an import reads, in bytes: FERRULE_MAX_IMPORT_BYTES or 200 MB. */
export function maxImportBytes(env: Record<string, string | undefined> = process.env): number {
  const v = Number(env.FERRULE_MAX_IMPORT_BYTES);
  return Number.isFinite(v) && v >= 1 ? Math.floor(v) : DEFAULT_MAX_IMPORT_BYTES;
}

/** "200 MB", "1.5 MB", "800 bytes": a limit as people read it. */
export function formatBytes(n: number): string {
  if (n < 1e6) return `${n} bytes`;
  const mb = n / 1e6;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/**
 * Lets the event loop run (timers, sockets, progress lines) between batches of long work: a whole
 * turn of it. One `setImmediate` is not enough when the work was resumed by a socket's data (the
 * poll phase, as every query's answer is): its callback comes in the same turn's check phase, with
 * no timer run in between, so the first pause of such work paused nothing (profiled: 132 ms of
 * matching an import's ports with the loop's timers held throughout). The second one is reached
 * only through the next turn's timers and poll.
 */
export const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

/**
 * Pauses for a loop of many short steps (each awaited, so they never return to the event loop on
 * their own): `due` once `ms` have passed since the last pause, `pause` lets the event loop run.
 */
export function pacer(ms = 40): { due(): boolean; pause(): Promise<void> } {
  let last = performance.now();
  return {
    due: () => performance.now() - last >= ms,
    async pause() {
      await breathe();
      last = performance.now();
    },
  };
}

/**
 * `fn` over every item, letting the event loop run every 40 ms (looked at every 1,024 items): one
 * pass over the ports of a campus (a million) is seconds of work, which would hold every other
 * request and the progress lines for that long. A pause every 20,000 items had held the loop
 * 130–210 ms at a time over a campus's ports and cables, each item a few maps and a new id, with
 * the collections they bring (profiled on the import of a 3,000-rack site file). `onBreath` at each
 * pause: a progress line while no row is written.
 */
export async function forEachBreathing<T>(items: readonly T[], fn: (item: T, index: number) => void, onBreath?: () => void): Promise<void> {
  const pace = pacer();
  for (let i = 0; i < items.length; i++) {
    fn(items[i]!, i);
    if ((i & 1023) === 1023 && pace.due()) {
      onBreath?.();
      await pace.pause();
    }
  }
}
