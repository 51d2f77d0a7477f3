import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expandNameRange, MAX_RANGE_DIGITS } from "./name-range";
import { expandName } from "./site-file";

describe("name ranges", () => {
  it("expands what people write", () => {
    expect(expandNameRange("Ethernet1/1..3", 256)).toEqual({ ok: true, names: ["Ethernet1/1", "Ethernet1/2", "Ethernet1/3"] });
    expect(expandNameRange("08..10", 256)).toEqual({ ok: true, names: ["08", "09", "10"] });
    expect(expandNameRange("R", 256)).toEqual({ ok: true, names: ["R"] });
  });

  it("refuses numbers past 2^53 instead of looping (they read as equal as JavaScript numbers)", () => {
    for (const pattern of ["9007199254740993..9007199254740999", "p9007199254740992..9007199254740993", "1..99999999999999999999"]) {
      const r = expandNameRange(pattern, 256);
      expect(r.ok).toBe(false);
      expect(expandName(pattern)).toBeUndefined();
    }
    expect(expandNameRange("9007199254740993..9007199254740999", 256)).toMatchObject({ reason: expect.stringContaining("digits") });
  });

  it("any numbers a user can type give at most maxCount names, exactly the range asked for, or a reason", () => {
    const numeral = fc.oneof(
      fc.stringMatching(/^\d{1,30}$/),
      fc.bigInt({ min: 0n, max: 10n ** 25n }).map(String),
      fc.constantFrom("9007199254740991", "9007199254740992", "9007199254740993", "999999999", "1000000000", "0"),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), numeral, numeral, fc.integer({ min: 1, max: 2048 }), (prefix, a, b, max) => {
        const r = expandNameRange(`${prefix.replace(/\d|\.\./g, "")}${a}..${b}`, max);
        if (!r.ok) {
          expect(r.reason.length).toBeGreaterThan(0);
          return;
        }
        const from = BigInt(a);
        const to = BigInt(b);
        expect(a.length).toBeLessThanOrEqual(MAX_RANGE_DIGITS);
        expect(b.length).toBeLessThanOrEqual(MAX_RANGE_DIGITS);
        expect(BigInt(r.names.length)).toBe(to - from + 1n);
        expect(r.names.length).toBeLessThanOrEqual(max);
        expect(new Set(r.names).size).toBe(r.names.length);
      }),
      { numRuns: 2000 },
    );
  });
});
