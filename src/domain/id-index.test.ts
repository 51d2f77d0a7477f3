import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IdIndex } from "./id-index";

describe("IdIndex", () => {
  it("finds every id at its first position, misses the others, and lists duplicates", () => {
    const ix = new IdIndex(["a", "b", "sw1:Ethernet1/1", "b", "c"]);
    expect(["a", "b", "sw1:Ethernet1/1", "c"].map((id) => ix.get(id))).toEqual([0, 1, 2, 4]);
    expect(ix.get("d")).toBeUndefined();
    expect(ix.has("c")).toBe(true);
    expect(ix.duplicates).toEqual([3]);
    expect(ix.size).toBe(4);
  });

  it("agrees with a Map on random ids, collisions included", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 300 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 50 }), (ids, probes) => {
        const ix = new IdIndex(ids);
        const m = new Map<string, number>();
        ids.forEach((id, i) => (m.has(id) ? undefined : m.set(id, i)));
        for (const id of [...ids, ...probes]) expect(ix.get(id)).toBe(m.get(id));
        expect(ix.size).toBe(m.size);
      }),
    );
  });
});
