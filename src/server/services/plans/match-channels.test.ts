import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChannelRow } from "../connectivity/judgement-rows";
import { matchChannels } from "./evaluate";

const channel = (members: string[]): ChannelRow => ({ key: members.join("|"), members }) as unknown as ChannelRow;

/** The rule as written first: a scan of every pair. */
function scanned(before: readonly ChannelRow[], after: readonly ChannelRow[]): Map<ChannelRow, ChannelRow> {
  const same = (a: ChannelRow, b: ChannelRow) => a.members.length === b.members.length && a.members.every((m) => b.members.includes(m));
  const out = new Map<ChannelRow, ChannelRow>();
  const taken = new Set<ChannelRow>();
  for (const a of after) {
    const b = before.find((x) => same(x, a)) ?? before.find((x) => !taken.has(x) && x.members.some((m) => a.members.includes(m)));
    if (b) {
      taken.add(b);
      out.set(a, b);
    }
  }
  return out;
}

/** Which before each after is matched with, by position (the channels compared by identity). */
const pairs = (m: Map<ChannelRow, ChannelRow>, before: readonly ChannelRow[], after: readonly ChannelRow[]) => after.map((a) => (m.has(a) ? before.indexOf(m.get(a)!) : -1));

const port = fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `p${i}`));
const distinct = fc.uniqueArray(port, { minLength: 1, maxLength: 4 }).map(channel);
const any = fc.array(port, { minLength: 1, maxLength: 4 }).map(channel);

describe("channels after a plan matched with those before it", () => {
  it("as the scan of every pair matches them, for channels of distinct ports (property)", () =>
    fc.assert(
      fc.property(fc.array(distinct, { maxLength: 14 }), fc.array(distinct, { maxLength: 14 }), (before, after) => {
        expect(pairs(matchChannels(before, after), before, after)).toEqual(pairs(scanned(before, after), before, after));
      }),
      { numRuns: 2000 },
    ));

  it("and where a channel repeats a port (property)", () =>
    fc.assert(
      fc.property(fc.array(any, { maxLength: 10 }), fc.array(any, { maxLength: 10 }), (before, after) => {
        expect(pairs(matchChannels(before, after), before, after)).toEqual(pairs(scanned(before, after), before, after));
      }),
      { numRuns: 500 },
    ));

  it("takes the first before with the same ports even when taken, else the first free one sharing a port", () => {
    const b1 = channel(["a", "b"]);
    const b2 = channel(["b", "c"]);
    const a1 = channel(["b", "a"]);
    const a2 = channel(["a", "b"]);
    const a3 = channel(["c", "d"]);
    const m = matchChannels([b1, b2], [a1, a2, a3]);
    expect(m.get(a1)).toBe(b1);
    expect(m.get(a2)).toBe(b1);
    expect(m.get(a3)).toBe(b2);
  });
});
