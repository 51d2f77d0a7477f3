import { readFile } from "node:fs/promises";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/db";
import { cablePlugs, cables, devices, findings, ports, sites } from "../../db/schema";
import { storedAndFresh } from "../connectivity/agreement";
import { createSite } from "../sites/create-site";
import { ServiceError } from "../errors";
import { importSiteFile } from "./import-site-file";

const t = useTestDatabase();
const example = (name: string) => readFile(new URL(`../../../../examples/${name}`, import.meta.url), "utf8");

describe("import a site file into the database", () => {
  it("writes the plant and its judgement: R3 (SR4 over Type B cords and trunk) passes", () =>
    t.rollback(async (ctx) => {
      const { site, counts } = await importSiteFile(ctx, { yaml: await example("r03-sr4-typeB-trunk.yaml"), code: "R3" });
      expect(site).toMatchObject({ name: "SR4 over Type B cords and trunk, Type A adapters", code: "R3", attenuation: "ISO" });
      expect(counts).toMatchObject({ rooms: 1, racks: 2, devices: 4, ports: 4, transceivers: 2, cables: 3, channels: 1, findings: 0 });
      const plugs = await ctx.db.select({ n: count() }).from(cablePlugs).where(eq(cablePlugs.siteId, site.id));
      expect(plugs[0]!.n).toBe(6);
      const labels = (await ctx.db.select({ label: cables.label }).from(cables).where(eq(cables.siteId, site.id))).map((c) => c.label).sort();
      expect(labels).toEqual(["C1", "C2", "C3"]);
      const { stored, fresh } = await storedAndFresh(ctx.db, site.id);
      expect(stored).toEqual(fresh);
    }));

  it("stores the engine's findings: R7 (method B, far module not relabeled) warns about the port map", () =>
    t.rollback(async (ctx) => {
      const { site } = await importSiteFile(ctx, { yaml: await example("r07-method-B-not-relabeled.yaml"), code: "R7" });
      const rows = await ctx.db.select({ code: findings.code, severity: findings.severity }).from(findings).where(eq(findings.siteId, site.id));
      expect(new Set(rows.map((r) => `${r.severity} ${r.code}`))).toEqual(new Set(["warning PORT_MAP_CROSSED"]));
    }));

  it("refuses a file with errors, naming the line and the field, and writes nothing", () =>
    t.rollback(async (ctx) => {
      const yaml = (await example("r03-sr4-typeB-trunk.yaml")).replace('b1: "pp2:1@rear"', 'b1: "pp9:1@rear"');
      const err = (await importSiteFile(ctx, { yaml, code: "BAD" }).catch((e: unknown) => e)) as ServiceError;
      expect(err).toBeInstanceOf(ServiceError);
      expect(err.code).toBe("INVALID");
      expect(err.fields.yaml).toMatch(/^line \d+, column \d+: cables\[1\]\.ends\.b1: device pp9 is not defined/);
      expect((await ctx.db.select().from(sites).where(eq(sites.code, "BAD"))).length).toBe(0);
    }));

  it("is all or nothing: a taken code leaves no device behind", () =>
    t.rollback(async (ctx) => {
      await createSite(ctx, { name: "Existing", code: "R3" });
      const [before] = await ctx.db.select({ n: count() }).from(devices);
      const err = (await importSiteFile(ctx, { yaml: await example("r03-sr4-typeB-trunk.yaml"), code: "r3" }).catch((e: unknown) => e)) as ServiceError;
      expect(err.fields.code).toBe('The code "r3" is already used by another site.');
      const [after] = await ctx.db.select({ n: count() }).from(devices);
      expect(after!.n).toBe(before!.n);
      expect((await ctx.db.select({ n: count() }).from(ports))[0]!.n).toBe((await ctx.db.select({ n: count() }).from(ports))[0]!.n);
    }));
});
