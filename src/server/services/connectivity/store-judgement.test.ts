import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChannelRow, FindingRow } from "./judgement-rows";
import { digestOf, unchangedLeftOut } from "./store-judgement";

const channel = (over: Partial<ChannelRow> = {}): ChannelRow => ({
  key: "k1",
  members: ["p-03", "p-01"],
  ports: ["p-01", "p-02", "p-03", "p-10"],
  title: "leaf1:Ethernet1/1 ↔ leaf2:Ethernet1/1",
  verdict: "pass",
  fibers: 8,
  errors: 0,
  warnings: 0,
  links: [{ a: "p-01", b: "p-03", lossDb: 1.2 }],
  ...over,
});

const finding = (over: Partial<FindingRow> = {}): FindingRow => ({
  channelKey: null,
  code: "MATING_GENDER",
  severity: "error",
  severityRank: 0,
  message: "male meets male",
  portIds: ["p-02", "p-01"],
  rackIds: ["r-2", "r-1"],
  elements: [{ kind: "port", id: "p-01" }],
  figures: null,
  ...over,
});

describe("digestOf", () => {
  it("reads a row's id lists as sets: in order or not, the same digest", () => {
    const d = digestOf("paths", channel());
    expect(digestOf("paths", channel({ ports: ["p-10", "p-03", "p-01", "p-02"], members: ["p-01", "p-03"] }))).toBe(d);
    expect(digestOf("paths", channel({ ports: ["p-01", "p-03", "p-02", "p-10"] }))).toBe(d);
    expect(digestOf("findings", finding({ portIds: ["p-01", "p-02"], rackIds: ["r-1", "r-2"] }))).toBe(digestOf("findings", finding()));
  });

  it("changes with anything a row says", () => {
    const path = digestOf("paths", channel());
    for (const over of [{ key: "k2" }, { members: ["p-01"] }, { ports: ["p-01", "p-02", "p-03"] }, { ports: ["p-01", "p-02", "p-03", "p-11"] }])
      expect(digestOf("paths", channel(over)), JSON.stringify(over)).not.toBe(path);
    // The same ids, one list's boundary elsewhere.
    expect(digestOf("paths", channel({ members: ["p-01"], ports: ["p-02", "p-03"] }))).not.toBe(digestOf("paths", channel({ members: ["p-01", "p-02"], ports: ["p-03"] })));
    const judgement = digestOf("channels", channel());
    for (const over of [{ key: "k2" }, { verdict: "fail" as const }, { title: "x" }, { links: [] }, { fibers: 7 }, { errors: 1 }, { warnings: 1 }])
      expect(digestOf("channels", channel(over)), JSON.stringify(over)).not.toBe(judgement);
    expect(digestOf("findings", finding({ message: "female meets female" }))).not.toBe(digestOf("findings", finding()));
  });

  it("keeps a channel's path and its judgement apart: a new loss leaves the path's digest, a moved fiber the judgement's", () => {
    const moved = channel({ ports: ["p-01", "p-02", "p-03", "p-11"] });
    const lossier = channel({ links: [{ a: "p-01", b: "p-03", lossDb: 3.4 }], verdict: "warning" });
    expect(digestOf("paths", lossier)).toBe(digestOf("paths", channel()));
    expect(digestOf("channels", lossier)).not.toBe(digestOf("channels", channel()));
    expect(digestOf("channels", moved)).toBe(digestOf("channels", channel()));
    expect(digestOf("paths", moved)).not.toBe(digestOf("paths", channel()));
  });

  it("leaves the row's own lists as they were", () => {
    const row = channel({ ports: ["p-10", "p-01"] });
    digestOf("paths", row);
    expect(row.ports).toEqual(["p-10", "p-01"]);
  });
});

describe("unchangedLeftOut", () => {
  it("keeps a stored row for each new row saying the same, as a multiset; the rest of the stored rows go, the rest of the new rows are written", () => {
    const [a, b, c] = ["m1", "m2", "m3"].map((message) => finding({ message }));
    const d = (f: FindingRow) => digestOf("findings", f);
    const stored: [string, string | null][] = [["s1", d(a!)], ["s2", d(a!)], ["s3", d(a!)], ["s4", d(b!)], ["s5", null], ["s6", "an old digest"]];
    const { gone, fresh } = unchangedLeftOut("findings", stored, [a!, c!, a!, b!, b!].map((f) => ({ ...f })));
    // Three equal rows stored, two new: one goes. One b stored, two new: one written.
    expect(gone).toEqual(["s3", "s5", "s6"]);
    expect(fresh.map((f) => [f.message, f.digest])).toEqual([["m3", d(c!)], ["m2", d(b!)]]);
  });

  it("agrees with counting each content's stored and new rows", () => {
    const contents = ["m1", "m2", "m3", "m4"];
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.constantFrom(...contents), { nil: null }), { maxLength: 40 }),
        fc.array(fc.constantFrom(...contents), { maxLength: 40 }),
        (storedContents, newContents) => {
          const stored = storedContents.map((m, i): [string, string | null] => [`s${i}`, m === null ? null : digestOf("findings", finding({ message: m }))]);
          const { gone, fresh } = unchangedLeftOut("findings", stored, newContents.map((message) => finding({ message })));
          for (const m of contents) {
            const had = storedContents.filter((x) => x === m).length;
            const now = newContents.filter((x) => x === m).length;
            expect(gone.filter((id) => storedContents[Number(id.slice(1))] === m)).toHaveLength(Math.max(0, had - now));
            expect(fresh.filter((f) => f.message === m)).toHaveLength(Math.max(0, now - had));
          }
          // Every stored row is kept or gone, once; a row without a digest always goes.
          expect(new Set(gone).size).toBe(gone.length);
          for (const [i, m] of storedContents.entries()) if (m === null) expect(gone).toContain(`s${i}`);
        },
      ),
    );
  });
});
