/**
 * Name ranges as people write them: "Ethernet1/1..48", "01..12" (keeps the width), "R" (one name).
 *
 * The bounds are compared as exact integers (BigInt), never as JavaScript numbers: past 2^53 two
 * different numerals read as the same number, a range such as 9007199254740993..9007199254740999
 * would pass a count check and its counter would stop moving. Here the count is checked on the exact
 * values before anything is allocated, and a bound longer than MAX_DIGITS is refused outright.
 */
export const MAX_RANGE_DIGITS = 9;

export type NameRange =
  | { ok: true; names: string[] }
  | { ok: false; reason: string };

export function expandNameRange(pattern: string, maxCount: number): NameRange {
  const m = /^(.*?)(\d+)\.\.(\d+)$/.exec(pattern);
  if (!m) {
    if (pattern.includes("..")) return { ok: false, reason: "write one name, or a range such as 1..24" };
    return { ok: true, names: [pattern] };
  }
  const [, prefix, fromS, toS] = m as unknown as [string, string, string, string];
  if (fromS.length > MAX_RANGE_DIGITS || toS.length > MAX_RANGE_DIGITS) {
    return { ok: false, reason: `a range's numbers have at most ${MAX_RANGE_DIGITS} digits` };
  }
  const from = BigInt(fromS);
  const to = BigInt(toS);
  if (to < from) return { ok: false, reason: `the range ends (${toS}) before it starts (${fromS})` };
  if (to - from >= BigInt(maxCount)) return { ok: false, reason: `at most ${maxCount} names in one range` };
  const width = fromS.startsWith("0") ? fromS.length : 0;
  const count = Number(to - from) + 1;
  const start = Number(from); // ≤ 9 digits: exact
  const names = new Array<string>(count);
  for (let i = 0; i < count; i++) names[i] = `${prefix}${String(start + i).padStart(width, "0")}`;
  return { ok: true, names };
}
