/** The built-in catalog, type validation, type changes and field re-pin / re-key rules. */
import { describe, expect, it } from "vitest";
import {
  typeNotices,
  typeTraits,
  checkTypeChange,
  fieldChangeAllowed,
  getBuiltInType,
  listBuiltInTypeIds,
  validateComponentType,
  type CableType,
  type ModuleType,
  type TransceiverType,
} from "./index";

describe("built-in catalog", () => {
  const ids = listBuiltInTypeIds();

  it("lists unique slugs that all resolve to a valid type with that id", () => {
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(900);
    for (const id of ids) {
      const t = getBuiltInType(id);
      expect(t?.id, id).toBe(id);
      expect(validateComponentType(t!, { allowBuiltInId: true }), id).toEqual([]);
    }
  });

  it("has the slugs the brief names, and one slug per type", () => {
    expect(getBuiltInType("mpo12-typeB-ff-om4")).toMatchObject({ kind: "cable", polarity: "B", fiber: "OM4" });
    expect(getBuiltInType("mpo12-typeB-ff-om4-upc")).toBeUndefined(); // UPC is the default: not canonical
    expect(getBuiltInType("lc-ab-om4-elite")).toBeUndefined(); // MTP is an MPO brand
    expect(getBuiltInType("cas-mpo12-5xlc-methodA-m-om4")).toBeUndefined(); // 12 fibers make 6 ports
    expect(getBuiltInType("mpo12-typeB-ff-os2")).toMatchObject({ connectors: [{ polish: "APC" }, { polish: "APC" }] });
  });

  it("records MTP mechanics (floating ferrule, elliptical steel pins, metal clamp) on MTP connectors only", () => {
    const mtp = getBuiltInType("mpo12-typeB-ff-om4-elite") as CableType;
    expect(mtp.connectors[0]!.mechanics).toEqual({ floatingFerrule: true, guidePins: "elliptical-steel", pinClamp: "metal" });
    expect((getBuiltInType("mpo12-typeB-ff-om4") as CableType).connectors[0]!.mechanics).toBeUndefined();
  });

  it("builds a 144-fiber trunk as 12 MPO-12 legs per end, leg k to leg k", () => {
    const t = getBuiltInType("trunk-12xmpo12-typeB-ff-om4") as CableType;
    expect(t.connectors).toHaveLength(24);
    expect(t.fibers).toHaveLength(144);
    expect(t.fibers.find((f) => f.a.connector === "a7" && f.a.position === 3)!.b).toEqual({ connector: "b7", position: 10 });
    expect(t.name).toContain("144-fiber");
  });

  it("maps the MPO-8 breakout harness lane k to leg k: A = 13-k, B = k", () => {
    const t = getBuiltInType("harness-mpo8-4xlc-f-om4") as CableType;
    const leg = (k: number, p: number) => t.fibers.find((f) => f.b.connector === `b${k}` && f.b.position === p)!.a.position;
    expect([1, 2, 3, 4].map((k) => [leg(k, 1), leg(k, 2)])).toEqual([[12, 1], [11, 2], [10, 3], [9, 4]]);
  });

  it("builds method cassettes: straight, relabeled and universal harnesses with their rear key", () => {
    const front = (id: string, k: number) => {
      const t = getBuiltInType(id) as ModuleType;
      return [1, 2].map((p) => t.fibers.find((f) => f.b.connector === String(k) && f.b.position === p)!.a.position);
    };
    expect(front("cas-mpo12-6xlc-methodA-m-om4", 2)).toEqual([3, 4]);
    expect(front("cas-mpo12-6xlc-methodB-relabeled-m-om4", 2)).toEqual([9, 10]);
    expect(front("cas-mpo12-6xlc-u1-m-om4", 2)).toEqual([2, 11]);
    expect(front("cas-mpo8-4xlc-methodA-m-om4", 3)).toEqual([9, 10]);
    expect((getBuiltInType("cas-mpo12-6xlc-u2-m-om4") as ModuleType).ports[0]).toMatchObject({ role: "rear", key: "B", gender: "male" });
    expect((getBuiltInType("cas-mpo12-6xlc-u1-m-om4") as ModuleType).ports[0]).toMatchObject({ key: "A" });
  });

  it("builds the vendor variants as data: type AF flips every pair, flipped universal swaps A and B", () => {
    const front = (id: string, k: number) => {
      const t = getBuiltInType(id) as ModuleType;
      return [1, 2].map((p) => t.fibers.find((f) => f.b.connector === String(k) && f.b.position === p)!.a.position);
    };
    expect(front("cas-mpo12-6xlc-methodAF-m-om4", 2)).toEqual([4, 3]);
    expect(front("cas-mpo8-4xlc-methodAF-m-om4", 3)).toEqual([10, 9]);
    expect(front("cas-mpo12-6xlc-u1-flipped-m-om4", 2)).toEqual([11, 2]);
    expect(front("cas-mpo12-6xlc-u2-flipped-m-om4", 1)).toEqual([12, 1]);
    const af = getBuiltInType("cas-mpo12-6xlc-methodAF-m-om4") as ModuleType;
    expect([af.method, af.ports[0]!.role, af.ports[0]!.key]).toEqual(["AF", "rear", "A"]);
    const u2f = getBuiltInType("cas-mpo12-6xlc-u2-flipped-m-om4") as ModuleType;
    expect([u2f.method, u2f.ports[0]!.role, u2f.ports[0]!.key]).toEqual(["U2-flipped", "rear", "B"]);
  });

  it("never builds an APC MPO rear in a key-up to key-up adapter: Type B rear cassettes are UPC", () => {
    for (const id of listBuiltInTypeIds()) {
      const t = getBuiltInType(id)!;
      if (t.kind !== "module") continue;
      for (const p of t.ports) if (p.family.startsWith("MPO")) expect(p.polish === "APC" && p.key === "B", id).toBe(false);
    }
    // Single-mode method B / U2: UPC by default, and there is no APC variant to ask for.
    expect((getBuiltInType("cas-mpo12-6xlc-methodB-m-os2") as ModuleType).ports[0]).toMatchObject({ key: "B", polish: "UPC" });
    expect((getBuiltInType("cas-mpo12-6xlc-u2-m-os2") as ModuleType).ports[0]).toMatchObject({ key: "B", polish: "UPC" });
    expect(getBuiltInType("cas-mpo12-6xlc-methodB-m-os2-apc")).toBeUndefined();
    expect(getBuiltInType("cas-mpo16-8xlc-u2-m-om4-apc")).toBeUndefined();
    // Type A rear: single-mode stays APC.
    expect((getBuiltInType("cas-mpo12-6xlc-u1-m-os2") as ModuleType).ports[0]).toMatchObject({ key: "A", polish: "APC" });
  });
});

const cable = (over: Partial<CableType> = {}): CableType => ({
  kind: "cable",
  id: "my-cord",
  name: "My cord",
  cableKind: "patch-cord",
  fiber: "OM4",
  connectors: [
    { id: "a1", end: "a", family: "MPO-8", gender: "female", polish: "UPC" },
    { id: "b1", end: "b", family: "MPO-8", gender: "female", polish: "UPC" },
  ],
  fibers: [1, 2, 3, 4, 9, 10, 11, 12].map((p) => ({ a: { connector: "a1", position: p }, b: { connector: "b1", position: 13 - p } })),
  ...over,
});

describe("typeTraits: a type in words", () => {
  it("says gender, polish, fiber count, loss grade and method for every built-in type, from the engine's tables", () => {
    for (const id of listBuiltInTypeIds()) {
      const w = typeTraits(getBuiltInType(id)!);
      for (const v of Object.values(w)) expect(v.length, id).toBeGreaterThan(2);
    }
    expect(typeTraits(getBuiltInType("cas-mpo12-6xlc-u2-flipped-f-om4")!)).toEqual({
      gender: "rear female (unpinned)",
      polish: "UPC (flat)",
      fiberCount: "12 fibers: 1 × MPO-12 rear to 6 × LC front",
      lossGrade: "standard (0.75 dB per mated pair)",
      polarity: "universal U2, other A/B orientation: universal, other orientation: port k carries fibers n+1-k (A) and k (B); rear adapter key-up to key-up (Type B)",
    });
    expect(typeTraits(getBuiltInType("mpo12-typeB-mf-om4")!).gender).toBe("end a male (pinned), end b female (unpinned)");
    expect(typeTraits(getBuiltInType("lc-ab-om4-ll")!)).toMatchObject({ gender: "none (LC has no gender)", polarity: "A-to-B (crossed: A meets B)" });
    expect(typeTraits({ ...(getBuiltInType("cas-mpo12-6xlc-methodA-m-om4") as ModuleType), matedPairLossDb: 0.45 }).lossGrade).toBe("0.45 dB per mated pair (stated for this type)");
  });
});

describe("validateComponentType", () => {
  it("refuses a module whose APC MPO port sits in a key-up to key-up adapter", () => {
    const base = getBuiltInType("cas-mpo12-6xlc-u1-m-os2") as ModuleType;
    const bad: ModuleType = { ...base, id: "my-cas", ports: base.ports.map((p) => (p.role === "rear" ? { ...p, key: "B" as const } : p)) };
    expect(validateComponentType(bad)).toEqual([{ field: "ports[0].key", message: expect.stringContaining("APC MPO-12 cannot sit in a key-up to key-up") }]);
    expect(validateComponentType({ ...base, id: "my-cas" })).toEqual([]);
  });

  it("names the positions a partial map leaves without a fiber (a notice, not an error)", () => {
    const base = getBuiltInType("cas-mpo12-6xlc-methodA-m-om4") as ModuleType;
    expect(typeNotices(base)).toEqual([]);
    const half: ModuleType = { ...base, id: "my-half", fibers: base.fibers.filter((f) => f.a.position <= 6) };
    expect(validateComponentType(half)).toEqual([]);
    expect(typeNotices(half).map((n) => n.message)).toEqual([
      "rear port R (MPO-12): positions 7-12 carry no fiber in the map; installed, they are dead ends",
      "front port 4 (LC): positions A, B carry no fiber in the map; installed, they are dead ends",
      "front port 5 (LC): positions A, B carry no fiber in the map; installed, they are dead ends",
      "front port 6 (LC): positions A, B carry no fiber in the map; installed, they are dead ends",
    ]);
  });

  it("accepts a well-formed user type", () => {
    expect(validateComponentType(cable())).toEqual([]);
  });

  it.each([
    ["a built-in id", cable({ id: "mpo12-typeB-ff-om4" }), "id"],
    ["a non-slug id", cable({ id: "My Cord" }), "id"],
    ["a position with no fiber on MPO-8", cable({ fibers: [{ a: { connector: "a1", position: 5 }, b: { connector: "b1", position: 8 } }] }), "fibers[0].a.position"],
    ["a missing connector", cable({ fibers: [{ a: { connector: "a9", position: 1 }, b: { connector: "b1", position: 1 } }] }), "fibers[0].a.connector"],
    ["a fiber from end b to end b", cable({ fibers: [{ a: { connector: "b1", position: 1 }, b: { connector: "b1", position: 2 } }] }), "fibers[0].a.connector"],
    [
      "a position mapped twice",
      cable({
        fibers: [
          { a: { connector: "a1", position: 1 }, b: { connector: "b1", position: 1 } },
          { a: { connector: "a1", position: 2 }, b: { connector: "b1", position: 1 } },
        ],
      }),
      "fibers[1].b.position",
    ],
    ["an MPO without gender", cable({ connectors: [{ id: "a1", end: "a", family: "MPO-12", polish: "UPC" }, { id: "b1", end: "b", family: "MPO-12", gender: "male", polish: "UPC" }] }), "connectors[0].gender"],
    ["an LC with gender", cable({ connectors: [{ id: "a1", end: "a", family: "LC", gender: "male", polish: "UPC" }, { id: "b1", end: "b", family: "LC", polish: "UPC" }] }), "connectors[0].gender"],
    ["an MTP LC", cable({ connectors: [{ id: "a1", end: "a", family: "LC", polish: "UPC", brand: "MTP" }, { id: "b1", end: "b", family: "LC", polish: "UPC" }] }), "connectors[0].brand"],
    ["duplicate connector ids", cable({ connectors: [{ id: "a1", end: "a", family: "LC", polish: "UPC" }, { id: "a1", end: "b", family: "LC", polish: "UPC" }] }), "connectors[1].id"],
    ["an empty map", cable({ fibers: [] }), "fibers"],
    ["mechanics on an LC", cable({ connectors: [{ id: "a1", end: "a", family: "LC", polish: "UPC", mechanics: { boot: "short" } }, { id: "b1", end: "b", family: "LC", polish: "UPC" }] }), "connectors[0].mechanics"],
  ] as const)("rejects %s, naming the field", (_name, type, field) => {
    const errors = validateComponentType(type);
    expect(errors.map((e) => e.field)).toContain(field);
  });

  const xcvr = (over: Partial<TransceiverType>): TransceiverType => ({
    kind: "transceiver",
    id: "my-optic",
    name: "My optic",
    formFactor: "qsfp28",
    application: "100gbase-sr4",
    receptacle: { family: "MPO-12", gender: "male", polish: "UPC" },
    mode: "MM",
    lanes: [
      { position: 1, role: "tx", lane: 1 },
      { position: 12, role: "rx", lane: 1 },
    ],
    netbox: "100gbase-sr4",
    ...over,
  });

  it("checks transceivers: pinned receptacle, lanes paired, positions exist, application known", () => {
    expect(validateComponentType(xcvr({}))).toEqual([]);
    expect(validateComponentType(xcvr({ receptacle: { family: "MPO-12", gender: "female", polish: "UPC" } })).map((e) => e.field)).toEqual(["receptacle.gender"]);
    expect(validateComponentType(xcvr({ lanes: [{ position: 1, role: "tx", lane: 1 }] })).map((e) => e.field)).toEqual(["lanes"]);
    expect(validateComponentType(xcvr({ lanes: [{ position: 13, role: "tx", lane: 1 }, { position: 12, role: "rx", lane: 1 }] })).map((e) => e.field)).toEqual(["lanes[0].position"]);
    expect(validateComponentType(xcvr({ application: "42gbase-xx" })).map((e) => e.field)).toEqual(["application"]);
    expect(validateComponentType(xcvr({ mode: "SM" })).map((e) => e.field)).toEqual(["mode"]);
  });
});

describe("checkTypeChange", () => {
  const renamed = cable({ name: "Renamed" });
  const remapped = cable({ fibers: cable().fibers.map((f) => ({ a: f.a, b: { connector: "b1", position: f.a.position } })) });

  it("lets a type in use change its name but not its map or connectors", () => {
    expect(checkTypeChange(cable(), renamed, true)).toEqual([]);
    expect(checkTypeChange(cable(), remapped, true).map((e) => e.field)).toEqual(["fibers"]);
    const regendered = cable({ connectors: [cable().connectors[0]!, { ...cable().connectors[1]!, gender: "male" }] });
    expect(checkTypeChange(cable(), regendered, true).map((e) => e.field)).toEqual(["connectors"]);
  });

  it("lets a type not in use change its map, but never its id", () => {
    expect(checkTypeChange(cable(), remapped, false)).toEqual([]);
    expect(checkTypeChange(cable(), cable({ id: "other" }), false).map((e) => e.field)).toEqual(["id"]);
  });

  it("still validates the new version", () => {
    expect(checkTypeChange(cable(), cable({ fibers: [] }), false).map((e) => e.field)).toEqual(["fibers"]);
  });
});

describe("field re-pin and re-key", () => {
  it.each([
    [{ family: "MPO-12", gender: "male", polish: "UPC", brand: "MTP" }, "gender", true],
    [{ family: "MPO-12", gender: "male", polish: "UPC", brand: "MTP" }, "key", true],
    [{ family: "MPO-12", gender: "male", polish: "APC", brand: "MTP" }, "gender", true],
    [{ family: "MPO-12", gender: "male", polish: "APC", brand: "MTP" }, "key", false],
    [{ family: "MPO-12", gender: "male", polish: "UPC", brand: "MPO" }, "gender", false],
    [{ family: "MPO-12", gender: "male", polish: "UPC" }, "key", false],
    [{ family: "LC", polish: "UPC" }, "gender", false],
  ] as const)("%o %s → %s", (connector, change, allowed) => {
    const v = fieldChangeAllowed(connector, change);
    expect(v.allowed).toBe(allowed);
    expect(v.reason.length).toBeGreaterThan(20);
  });
});
