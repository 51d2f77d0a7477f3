import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { listBuiltInTypeIds } from "../../../domain";
import { useTestDatabase } from "../../../../test/db";
import { cables, componentTypes, findings, sites } from "../../db/schema";
import { storedAndFresh } from "../connectivity/agreement";
import { DEMO_SITE, seedDemoSite } from "./seed-demo";

const t = useTestDatabase();

describe("demo seed", () => {
  it("imports the two-room demo site with findings on the first screen, once", () =>
    t.rollback(async (ctx) => {
      expect(await seedDemoSite(ctx)).toBe(true);
      const [site] = await ctx.db.select().from(sites).where(eq(sites.code, DEMO_SITE.code));
      expect(site?.name).toBe("Demo Data Center 1");
      const codes = (await ctx.db.select({ code: findings.code }).from(findings).where(eq(findings.siteId, site!.id))).map((f) => f.code);
      for (const code of ["POLARITY_TX_TO_TX", "APC_ALIGNED_KEY_ADAPTER", "LENGTH_OVER_REACH", "MPO_GENDER_FEMALE_FEMALE", "POLARITY_OPEN_PORT", "FIBER_GRADE_MIX"]) {
        expect(codes).toContain(code);
      }
      const [n] = await ctx.db.select({ n: count() }).from(cables).where(eq(cables.siteId, site!.id));
      expect(n!.n).toBe(46);
      const [builtIns] = await ctx.db.select({ n: count() }).from(componentTypes).where(eq(componentTypes.builtIn, true));
      expect(builtIns!.n).toBeGreaterThanOrEqual(listBuiltInTypeIds().length);
      const { stored, fresh } = await storedAndFresh(ctx.db, site!.id);
      expect(stored).toEqual(fresh);

      expect(await seedDemoSite(ctx)).toBe(false);
      expect((await ctx.db.select({ n: count() }).from(sites))[0]!.n).toBe(1);
    }));
});
