/**
 * How long each step of a long piece of work took, for the server's log: `enter` a step as the work
 * reports it, `summary` closes the current one. Used by the imports (per phase) and by the
 * whole-site judgement (per step).
 */
export function stepTimes() {
  const started = performance.now();
  const took = new Map<string, number>();
  let step: string | null = null;
  let at = started;
  const close = () => {
    if (step !== null) took.set(step, (took.get(step) ?? 0) + performance.now() - at);
    at = performance.now();
  };
  return {
    enter(name: string) {
      if (name === step) return;
      close();
      step = name;
    },
    /** Milliseconds since the start, and "step 1.2 s, …". */
    summary(): { ms: number; steps: string } {
      close();
      step = null;
      return { ms: performance.now() - started, steps: [...took].map(([k, t]) => `${k} ${(t / 1000).toFixed(1)} s`).join(", ") };
    },
  };
}

/** Work taking longer than this is logged with the time of each step. */
export const LOG_STEPS_FROM_MS = 5_000;
