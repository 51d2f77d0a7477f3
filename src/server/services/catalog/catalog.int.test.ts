import { describe, expect, it } from "vitest";
import { getBuiltInType, listBuiltInTypeIds, type CableType, type ModuleType } from "../../../domain";
import { useTestDatabase } from "../../../../test/db";
import { failure } from "../../../../test/failure";
import { createType } from "./create-type";
import { deleteType } from "./delete-type";
import { getType } from "./get-type";
import { listTypes } from "./list-types";
import { ensureBuiltInTypes } from "./ensure-built-ins";
import { eq } from "drizzle-orm";
import { componentTypes } from "../../db/schema";
import { loadTypes } from "./resolve-type";
import { updateType } from "./update-type";

const t = useTestDatabase();


/** A 2-fiber LC cord whose fibers go straight across: an A-to-A cord under a vendor's own name. */
const lcStraight = (id = "acme-lc-straight-om4"): CableType => ({
  kind: "cable",
  id,
  name: "ACME LC straight cord OM4",
  cableKind: "patch-cord",
  fiber: "OM4",
  polarity: "AA",
  connectors: [
    { id: "a1", end: "a", family: "LC", polish: "UPC" },
    { id: "b1", end: "b", family: "LC", polish: "UPC" },
  ],
  fibers: [
    { a: { connector: "a1", position: 1 }, b: { connector: "b1", position: 1 } },
    { a: { connector: "a1", position: 2 }, b: { connector: "b1", position: 2 } },
  ],
});

describe("component-type catalog", () => {
  it("seeds every built-in type once and filters the list", () =>
    t.rollback(async (ctx) => {
      const all = await listTypes(ctx, { limit: 2000 });
      expect(all.filter((r) => r.builtIn)).toHaveLength(listBuiltInTypeIds().length);
      const again = await listTypes(ctx, { limit: 2000 });
      expect(again).toHaveLength(all.length);
      const sr4 = await listTypes(ctx, { kind: "transceiver", q: "100gbase-sr4" });
      expect(sr4.map((r) => r.id)).toEqual(["qsfp28-100gbase-sr4"]);
      expect(sr4[0]).toMatchObject({ families: "MPO-12", fiber: "MM", application: "100gbase-sr4", connectorCount: 8 });
      const trunks = await listTypes(ctx, { kind: "cable", cableKind: "trunk", q: "12xmpo12-typeB-ff-om4" });
      expect(trunks.map((r) => r.id)).toEqual(["trunk-12xmpo12-typeB-ff-om4"]);
    }));

  it("lists each type's gender, polish, fiber count, loss grade and polarity in words, built-in or the site's own", () =>
    t.rollback(async (ctx) => {
      const [af] = await listTypes(ctx, { q: "cas-mpo12-6xlc-methodAF-m-om4-elite" });
      expect(af!.traits).toEqual({
        gender: "rear male (pinned)",
        polish: "UPC (flat)",
        fiberCount: "12 fibers: 1 × MPO-12 rear to 6 × LC front",
        lossGrade: "low loss (0.35 dB per mated pair when both connectors are low loss)",
        polarity: "type AF (method A, pairs flipped): pair-flipped: port k carries fibers 2k (A) and 2k-1 (B); rear adapter key-up to key-down (Type A)",
      });
      await createType(ctx, { definition: { ...lcStraight() } });
      const [own] = await listTypes(ctx, { q: "acme-lc-straight-om4" });
      expect(own!.traits).toMatchObject({ gender: "none (LC has no gender)", fiberCount: "2 fibers", polarity: "A-to-A (straight: A meets A)" });
      expect(own).not.toHaveProperty("definition");
    }));

  it("refuses a cassette type whose APC MPO rear sits in a key-up to key-up adapter, naming the field", () =>
    t.rollback(async (ctx) => {
      const { tag: _tag, note: _note, ...base } = getBuiltInType("cas-mpo12-6xlc-u1-m-os2") as ModuleType;
      const def: ModuleType = { ...base, id: "acme-cas-apc-b", name: "ACME cassette", ports: base.ports.map(({ mechanics: _m, ...p }) => (p.role === "rear" ? { ...p, key: "B" as const } : p)) };
      const err = await failure(createType(ctx, { definition: { ...def } }));
      expect(err.code).toBe("INVALID");
      expect(err.fields, JSON.stringify(err.fields)).toHaveProperty(["definition.ports.0.key"]);
      expect(err.fields["definition.ports.0.key"]).toMatch(/APC MPO-12 cannot sit in a key-up to key-up/);
    }));

  it("says which positions a user type's partial map leaves without a fiber, and nothing for a full map", () =>
    t.rollback(async (ctx) => {
      const full = await createType(ctx, { definition: { ...lcStraight() } });
      expect(full.notices).toEqual([]);
      const half = lcStraight("acme-lc-half");
      const row = await createType(ctx, { definition: { ...half, fibers: [half.fibers[0]!] } });
      expect(row.notices).toEqual([
        "connectors[0]: connector a1 (LC): position B carries no fiber in the map; installed, it is a dead end",
        "connectors[1]: connector b1 (LC): position B carries no fiber in the map; installed, it is a dead end",
      ]);
    }));

  it("refreshes stored built-in summaries when the engine changed them (single-mode method B is UPC now)", () =>
    t.rollback(async (ctx) => {
      await listTypes(ctx, { limit: 1 });
      const id = "cas-mpo12-6xlc-methodB-m-os2";
      const stale = "MPO-12 male to 6 x LC duplex cassette, method B, OS2 (APC)";
      await ctx.db.update(componentTypes).set({ name: stale }).where(eq(componentTypes.id, id));
      await ctx.db.delete(componentTypes).where(eq(componentTypes.id, "cas-mpo12-6xlc-u2-flipped-m-os2"));
      expect(await ensureBuiltInTypes(ctx.db)).toBe(2);
      const [row] = await ctx.db.select({ name: componentTypes.name }).from(componentTypes).where(eq(componentTypes.id, id));
      expect(row!.name).toBe("MPO-12 male to 6 x LC duplex cassette, method B, OS2 (UPC)");
      expect(await ensureBuiltInTypes(ctx.db)).toBe(0);
    }));

  it("adds a parametric built-in to the table on first use", () =>
    t.rollback(async (ctx) => {
      const types = await loadTypes(ctx.db, ["trunk-3xmpo12-typeB-ff-om4", "no-such-type"]);
      expect([...types.keys()]).toEqual(["trunk-3xmpo12-typeB-ff-om4"]);
      const got = await getType(ctx, { id: "trunk-3xmpo12-typeB-ff-om4" });
      expect(got).toMatchObject({ builtIn: true, kind: "cable", cableKind: "trunk", connectorCount: 6, usage: 0 });
    }));

  it("adds a user type validated by the engine, and names the bad field", () =>
    t.rollback(async (ctx) => {
      const row = await createType(ctx, { definition: { ...lcStraight() } });
      expect(row).toMatchObject({ id: "acme-lc-straight-om4", builtIn: false, families: "LC", polarity: "AA", version: 1 });

      const bad = lcStraight("acme-bad");
      const err = await failure(
        createType(ctx, {
          definition: { ...bad, fibers: [bad.fibers[0]!, { a: { connector: "a1", position: 2 }, b: { connector: "b1", position: 1 } }] },
        }),
      );
      expect(err.code).toBe("INVALID");
      expect(err.fields["definition.fibers.1.b.position"]).toBe("b1 position 1 is already mapped by fibers[0]");

      const schemaErr = await failure(createType(ctx, { definition: { ...lcStraight("acme-x"), fiber: "OM9" } }));
      expect(Object.keys(schemaErr.fields)).toEqual(["definition.fiber"]);

      const builtInId = await failure(createType(ctx, { definition: { ...lcStraight("lc-ab-om4") } }));
      expect(builtInId.fields["definition.id"]).toMatch(/built-in type id/);

      const dup = await failure(createType(ctx, { definition: { ...lcStraight() } }));
      expect(dup.code).toBe("CONFLICT");
    }));

  it("lets an unused type change its map, refuses it once in use, and refuses deleting a type in use", () =>
    t.rollback(async (ctx) => {
      await createType(ctx, { definition: { ...lcStraight() } });
      const crossed = {
        ...lcStraight(),
        polarity: "AB",
        fibers: [
          { a: { connector: "a1", position: 1 }, b: { connector: "b1", position: 2 } },
          { a: { connector: "a1", position: 2 }, b: { connector: "b1", position: 1 } },
        ],
      };
      const v2 = await updateType(ctx, { id: "acme-lc-straight-om4", version: 1, definition: crossed });
      expect(v2).toMatchObject({ version: 2, polarity: "AB" });
      const stale = await failure(updateType(ctx, { id: "acme-lc-straight-om4", version: 1, definition: crossed }));
      expect(stale.message).toMatch(/changed by someone else since you opened it/);

      // Put it in use: a cable of this type.
      const { createSite } = await import("../sites/create-site");
      const { cables } = await import("../../db/schema");
      const site = await createSite(ctx, { name: "Catalog lab", code: "CATLAB" });
      await ctx.db.insert(cables).values({ siteId: site.id, typeId: "acme-lc-straight-om4", lengthM: 2 });

      const inUse = await failure(updateType(ctx, { id: "acme-lc-straight-om4", version: 2, definition: { ...lcStraight() } }));
      expect(inUse.code).toBe("CONFLICT");
      expect(inUse.fields["definition.fibers"]).toMatch(/in use, so its map cannot change/);
      const renamed = await updateType(ctx, { id: "acme-lc-straight-om4", version: 2, definition: { ...crossed, name: "ACME LC cord" } });
      expect(renamed.name).toBe("ACME LC cord");

      const del = await failure(deleteType(ctx, { id: "acme-lc-straight-om4", version: 3 }));
      expect(del.message).toMatch(/used by 1 item/);
      const builtIn = await failure(deleteType(ctx, { id: "lc-ab-om4", version: 1 }));
      expect(builtIn.code).toBe("CONFLICT");
    }));

  it("needs the admin role to change the catalog", () =>
    t.rollback(
      async (ctx) => {
        const err = await failure(createType(ctx, { definition: { ...lcStraight() } }));
        expect(err.code).toBe("FORBIDDEN");
        expect((await listTypes(ctx, { kind: "transceiver" })).length).toBeGreaterThan(10);
      },
      { kind: "user", userId: null, label: "ed", grants: [{ role: "editor", siteId: null }] },
    ));
});
