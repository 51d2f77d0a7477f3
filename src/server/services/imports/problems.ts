import { ServiceError } from "../errors";
import { LOG_STEPS_FROM_MS, stepTimes } from "../step-times";

/** One thing wrong with an imported file: where (line, and the column or key path) and what. */
export interface ImportProblem {
  readonly line: number;
  /** The column (CSV) or field path (YAML) at fault, when there is one. */
  readonly field?: string;
  readonly message: string;
}

/** Progress of an import, reported as it goes (an upload streams these as NDJSON). */
export interface ImportProgress {
  readonly phase: "reading" | "checking" | "writing" | "judging";
  /** Bytes or rows done, and the total when known. */
  readonly done: number;
  readonly total?: number;
  /** Judging counts steps of the whole-site judgement. */
  readonly unit: "bytes" | "rows" | "cables" | "steps";
}

export type ProgressListener = (p: ImportProgress) => void;

/**
 * Passes progress on and times each phase; `log` writes the phases' times to the server's log when
 * the import took longer than `fromMs` (a campus import is worth a line, a demo import is not).
 */
export function timedPhases(onProgress: ProgressListener, what: string, fromMs = LOG_STEPS_FROM_MS) {
  const times = stepTimes();
  return {
    progress: ((p) => {
      times.enter(p.phase);
      onProgress(p);
    }) satisfies ProgressListener,
    log() {
      const { ms, steps } = times.summary();
      if (ms >= fromMs) console.info(`[ferrule] ${what} in ${(ms / 1000).toFixed(1)} s: ${steps}`);
    },
  };
}

/** At most this many problems are kept in full; the count goes on. */
export const MAX_PROBLEMS = 1000;

/**
 * A file that cannot be imported as it is: nothing was written. `problems` lists each one with its
 * line and field (the first MAX_PROBLEMS of `total`).
 */
export class ImportRefused extends ServiceError {
  constructor(
    message: string,
    readonly problems: readonly ImportProblem[],
    readonly total: number = problems.length,
  ) {
    super("INVALID", message, problems.length > 0 ? { file: problems.slice(0, 10).map(formatProblem).join("\n") } : {});
    this.name = "ImportRefused";
  }
}

/** `line 12, side_a_name: device leaf9 is not in site DC1`. */
export const formatProblem = (p: ImportProblem): string => `line ${p.line}${p.field ? `, ${p.field}` : ""}: ${p.message}`;

/** Collects problems, keeping the first MAX_PROBLEMS. */
export class ProblemList {
  readonly items: ImportProblem[] = [];
  total = 0;
  add(p: ImportProblem): void {
    this.total++;
    if (this.items.length < MAX_PROBLEMS) this.items.push(p);
  }
  get empty(): boolean {
    return this.total === 0;
  }
  /** "3 rows cannot be imported: line 4, side_a_device: …" */
  refusal(what: string): ImportRefused {
    const first = this.items[0];
    return new ImportRefused(`${what}: ${this.total} problem${this.total === 1 ? "" : "s"}${first ? `, the first on ${formatProblem(first)}` : ""}. Nothing was imported.`, this.items, this.total);
  }
}
