import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { listBuiltInTypeIds } from "../../../domain";
import { useTestDatabase } from "../../../../test/db";
import { cables, componentTypes, findings, sites } from "../../db/schema";
import { storedAndFresh } from "../connectivity/agreement";
import { listSites } from "../sites/list-sites";
import { DEMO_SITE, seedDemoSite } from "./seed-demo";

const t = useTestDatabase();

describe("demo seed", () => {
  it("imports the two-room demo site with findings on the first screen, once", () =>
    t.rollback(async (ctx) => {
      expect(await seedDemoSite(ctx)).toBe(true);
      const [site] = await ctx.db.select().from(sites).where(eq(sites.code, DEMO_SITE.code));
      expect(site?.name).toBe("Demo Data Center 1");
      const rows = await ctx.db.select({ code: findings.code, severity: findings.severity }).from(findings).where(eq(findings.siteId, site!.id));
      const codes = rows.map((f) => f.code);
      const severities = rows.map((f) => f.severity);
      for (const code of ["POLARITY_TX_TO_TX", "APC_ALIGNED_KEY_ADAPTER", "LENGTH_OVER_REACH", "MPO_GENDER_FEMALE_FEMALE", "POLARITY_OPEN_PORT", "FIBER_GRADE_MIX"]) {
        expect(codes).toContain(code);
      }
      const [n] = await ctx.db.select({ n: count() }).from(cables).where(eq(cables.siteId, site!.id));
      expect(n!.n).toBe(46);
      const [builtIns] = await ctx.db.select({ n: count() }).from(componentTypes).where(eq(componentTypes.builtIn, true));
      expect(builtIns!.n).toBeGreaterThanOrEqual(listBuiltInTypeIds().length);
      const { stored, fresh } = await storedAndFresh(ctx.db, site!.id);
      expect(stored).toEqual(fresh);
      // The sites list counts what the findings page lists.
      const listed = (await listSites(ctx)).find((x) => x.id === site!.id)!;
      expect(listed.errorCount).toBe(severities.filter((x) => x === "error").length);
      expect(listed.warningCount).toBe(severities.filter((x) => x === "warning").length);
      expect(listed.errorCount).toBeGreaterThan(0);
      expect(listed.channelCount).toBe(fresh.channels.length);
      // A channel line reads "<key> <verdict> …" (agreement.ts).
      expect(listed.failingChannels).toBe(fresh.channels.filter((line) => line.split(" ")[1] === "fail").length);
      expect(listed.failingChannels).toBeGreaterThan(0);

      expect(await seedDemoSite(ctx)).toBe(false);
      expect((await ctx.db.select({ n: count() }).from(sites))[0]!.n).toBe(1);
    }));
});
