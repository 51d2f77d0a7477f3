import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IdIndex, UuidPool } from "./id-index";

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

  const uuid = fc.uuid().map((u) => u.toLowerCase());

  it("holds UUIDs as the database writes them: finds each, tells apart near misses, lists duplicates", () => {
    const a = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b";
    const b = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c"; // one bit of the last word apart
    const c = "ffffffff-ffff-ffff-ffff-ffffffffffff"; // words of -1, as the empty slot's index
    const ix = new IdIndex([a, b, c, a]);
    expect([a, b, c].map((id) => ix.get(id))).toEqual([0, 1, 2]);
    expect(ix.duplicates).toEqual([3]);
    // Not the canonical form: no stored id is equal to it as a string.
    for (const miss of [a.toUpperCase(), a.replaceAll("-", ""), `${a} `, a.slice(0, 35), `${a.slice(0, 8)}x${a.slice(9)}`, "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2\u00e9"])
      expect(ix.get(miss)).toBeUndefined();
    expect(ix.size).toBe(3);
  });

  it("agrees with a Map on UUIDs, on sequences of one clock, and on UUIDs mixed with names", () => {
    const sequential = fc.integer({ min: 0, max: 2 ** 20 }).map((n) => `0190a1b2-c3d4-7e5f-8a6b-${n.toString(16).padStart(12, "0")}`);
    const ids = fc.oneof(uuid, sequential, uuid, fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(fc.oneof(uuid, sequential), { maxLength: 300 }), fc.array(ids, { maxLength: 50 }), fc.boolean(), (stored, probes, mixed) => {
        const all = mixed ? [...stored, "sw1:Ethernet1/1"] : stored;
        const ix = new IdIndex(all);
        const m = new Map<string, number>();
        all.forEach((id, i) => (m.has(id) ? undefined : m.set(id, i)));
        for (const id of [...all, ...probes, ...probes.map((p) => p.toUpperCase())]) expect(ix.get(id)).toBe(m.get(id));
        expect(ix.size).toBe(m.size);
        expect(ix.duplicates).toEqual(all.flatMap((id, i) => (m.get(id) === i ? [] : [i])));
      }),
    );
  });
});

describe("UuidPool", () => {
  it("gives one string per UUID, the first seen, through its growth; other strings are not its", () => {
    const pool = new UuidPool();
    const ids = Array.from({ length: 5_000 }, (_, i) => `0190a1b2-c3d4-7e5f-8a6b-${i.toString(16).padStart(12, "0")}`);
    for (const id of ids) expect(pool.intern(id)).toBe(id);
    // Strings of equal content, made apart (which of the two is returned cannot be told in JavaScript).
    for (const id of ids) expect(pool.intern([...id].join(""))).toBe(id);
    expect(pool.size).toBe(5_000);
    for (const other of ["sw1:Ethernet1/1", ids[0]!.toUpperCase(), `${ids[0]!.slice(0, 35)}g`]) expect(pool.intern(other)).toBeUndefined();
    expect(pool.size).toBe(5_000);
  });

  it("agrees with a map of the strings", () => {
    fc.assert(
      fc.property(fc.array(fc.uuid().map((u) => u.toLowerCase()), { maxLength: 300 }), (found) => {
        const pool = new UuidPool();
        const first = new Map<string, string>();
        for (const id of [...found, ...found]) {
          if (!first.has(id)) first.set(id, id);
          expect(pool.intern(id)).toBe(first.get(id));
        }
        expect(pool.size).toBe(first.size);
      }),
    );
  });
});
