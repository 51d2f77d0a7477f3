import fc from "fast-check";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { replyTransformer } from "./transformer";

/** What goes over the wire: the transformer's output as tRPC writes it. */
const wire = (v: unknown) => JSON.stringify(replyTransformer.serialize(v));

/** Values such as replies hold: plain records and lists of texts, numbers, booleans, nulls and Dates, and now and then something superjson annotates. */
const leaf = fc.oneof(
  { weight: 6, arbitrary: fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)) },
  { weight: 2, arbitrary: fc.date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }) },
  { weight: 1, arbitrary: fc.oneof(fc.constant(undefined), fc.constant(Number.NaN), fc.constant(-0), fc.constant(Infinity), fc.constant(new Date(Number.NaN))) },
  { weight: 1, arbitrary: fc.oneof(fc.constant(new Map([["a", 1]])), fc.constant(new Set([1])), fc.bigInt(), fc.constant(/x/)) },
);
const key = fc.oneof({ weight: 8, arbitrary: fc.string({ maxLength: 6 }) }, { weight: 1, arbitrary: fc.constantFrom("a.b", "a\\b", "0", "10", "constructor") });
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.array(tie("tree"), { maxLength: 5 }), fc.dictionary(key, tie("tree"), { maxKeys: 5 })),
}));

describe("the API's reply transformer", () => {
  it("writes what superjson writes, and superjson reads it back the same, on generated values", () => {
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(key, tree, { maxKeys: 6 }), fc.array(tree, { maxLength: 6 }), tree), (value) => {
        let expected: string;
        try {
          expected = JSON.stringify(superjson.serialize(value));
        } catch (err) {
          expect(() => replyTransformer.serialize(value)).toThrow((err as Error).message);
          return;
        }
        expect(wire(value)).toBe(expected);
        expect(superjson.deserialize(JSON.parse(wire(value)))).toEqual(superjson.deserialize(JSON.parse(expected)));
      }),
      { numRuns: 3000, seed: 20261206 },
    );
  });

  it("annotates Dates at any depth as superjson does and leaves the value it was given unchanged", () => {
    const when = new Date("2026-12-06T08:00:00.000Z");
    const reply = { port: { id: "p1", createdAt: when, tags: ["a", { at: when }] }, rows: [{ n: 1 }, { n: 2, at: new Date(0) }] };
    const copy = structuredClone(reply);
    expect(replyTransformer.serialize(reply)).toEqual(superjson.serialize(reply));
    expect(JSON.stringify(replyTransformer.serialize(reply))).toBe(JSON.stringify(superjson.serialize(reply)));
    expect(reply).toEqual(copy);
    expect(reply.port.createdAt).toBe(when);
  });

  it("hands superjson an object reached twice, undefined, and a key it escapes", () => {
    const shared = { a: 1 };
    for (const value of [{ x: shared, y: shared }, { x: undefined }, { "a.b": 1 }, { list: [1, , 3] }])
      expect(JSON.stringify(replyTransformer.serialize(value))).toBe(JSON.stringify(superjson.serialize(value)));
  });
});
