import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/db";
import { Plant } from "../../../../test/plant";
import { queryRows } from "../inventory/sql";
import { lockSitePlant, sitePlantLock } from "./site-lock";

const t = useTestDatabase();

/** The advisory locks this session holds, by the low 32 bits of their key (as text). */
const heldKeys = async (db: Parameters<typeof lockSitePlant>[0]) =>
  (await queryRows<{ key: string }>(db, sql`select objid::text as key from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()`)).map((r) => r.key);

describe("the site's plant lock", () => {
  it("is one lock for a site whatever case its id was typed in, the same the statements that read a cable take", () =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site();
      const [{ key }] = (await queryRows<{ key: string }>(ctx.db, sql`select (hashtext('ferrule-plant:' || ${p.siteId}::text)::bigint & 4294967295)::text as key`)) as [{ key: string }];
      await lockSitePlant(ctx.db, p.siteId.toUpperCase());
      expect(await heldKeys(ctx.db)).toContain(key);
      // The expression form, on the stored id (as a cable's change takes it), names the same lock.
      const [{ same }] = (await queryRows<{ same: number }>(
        ctx.db,
        sql`select count(*)::int as same from (select ${sitePlantLock(sql`s.id::text`)} from sites s where s.id = ${p.siteId}) l`,
      )) as [{ same: number }];
      expect(same).toBe(1);
      expect(new Set(await heldKeys(ctx.db)).size).toBe(1);
    }));
});
