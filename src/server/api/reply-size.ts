/**
 * A reply's size, estimated without serializing it: the bytes its JSON would take, walked until the
 * budget is spent. Every tRPC reply is charged against its request's budget (a batch shares one), so
 * no request can make the server build and send an unbounded answer; the caller is told to ask for
 * less instead.
 */
export interface ReplyBudget {
  limit: number;
  used: number;
  /** The calls of one request run one after another: settled when the previous one is done. */
  turn?: Promise<void>;
}

/** Runs `work` after the request's previous call has finished (a batch of eight heavy reads holds
 *  one reply in memory at a time, not eight). */
export async function inTurn<T>(budget: ReplyBudget, work: () => Promise<T>): Promise<T> {
  const previous = budget.turn ?? Promise.resolve();
  let done!: () => void;
  budget.turn = new Promise<void>((resolve) => (done = resolve));
  await previous;
  try {
    return await work();
  } finally {
    done();
  }
}

/** Adds the estimated JSON size of `value` to `budget.used`; stops early and returns false once over. */
export function charge(budget: ReplyBudget, value: unknown): boolean {
  const stack: unknown[] = [value];
  let used = budget.used;
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") used += v.length + 2;
    else if (typeof v === "number" || typeof v === "bigint") used += 12;
    else if (typeof v === "boolean" || v === null || v === undefined) used += 5;
    else if (v instanceof Date) used += 26;
    else if (Array.isArray(v)) {
      used += 2 + v.length;
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    } else if (v instanceof Map) {
      used += 2 + v.size * 2;
      for (const [k, x] of v) stack.push(k, x);
    } else if (v instanceof Set) {
      used += 2 + v.size;
      for (const x of v) stack.push(x);
    } else if (typeof v === "object") {
      used += 2;
      for (const k in v as Record<string, unknown>) {
        used += k.length + 4;
        stack.push((v as Record<string, unknown>)[k]);
      }
    }
    if (used > budget.limit) {
      budget.used = used;
      return false;
    }
  }
  budget.used = used;
  return true;
}

export const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
