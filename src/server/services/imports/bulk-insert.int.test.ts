import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/db";
import { queryRows } from "../inventory/sql";
import { bulkInsert } from "./bulk-insert";

const t = useTestDatabase();

describe("bulkInsert", () => {
  it("writes every row, in statements that start small and never pass the largest batch, reporting after each", async () => {
    await t.rollback(async ({ db }) => {
      await db.execute(sql`create temporary table bulk_probe (n int4 primary key, label text, ok bool, len float8)`);
      const rows = Array.from({ length: 23_456 }, (_, i) => i);
      const reports: number[] = [];
      await bulkInsert(
        db,
        "bulk_probe",
        [
          { name: "n", type: "int4[]", value: (n: number) => n },
          { name: "label", type: "text[]", value: (n) => (n % 7 === 0 ? null : `C-${n} "quoted" \\ back`) },
          { name: "ok", type: "bool[]", value: (n) => n % 2 === 0 },
          { name: "len", type: "float8[]", value: (n) => n / 4 },
        ],
        rows,
        8_000,
        (done) => reports.push(done),
      );
      // The first statement is small, so the first progress comes early even on a slow server.
      expect(reports[0]).toBeLessThanOrEqual(2_000);
      expect(reports.at(-1)).toBe(rows.length);
      const steps = reports.map((d, i) => d - (reports[i - 1] ?? 0));
      expect(Math.max(...steps)).toBeLessThanOrEqual(8_000);
      expect(steps.every((s) => s > 0)).toBe(true);
      const [check] = await queryRows<{ n: number; nulls: number; quoted: string }>(
        db,
        sql`select count(*)::int as n, count(*) filter (where label is null)::int as nulls, (select label from bulk_probe where n = 1) as quoted from bulk_probe`,
      );
      expect(check).toEqual({ n: rows.length, nulls: Math.ceil(rows.length / 7), quoted: 'C-1 "quoted" \\ back' });
    });
  });

  it("writes with cached plans for the checks PostgreSQL runs on each row, and sets the plan mode back after", async () => {
    await t.rollback(async ({ db }) => {
      // The default of a column is worked out as each row is written: it records the mode then.
      await db.execute(sql`create temporary table bulk_mode (n int4 primary key, mode text default current_setting('plan_cache_mode'))`);
      const [before] = await queryRows<{ mode: string }>(db, sql`select current_setting('plan_cache_mode') as mode`);
      await bulkInsert(db, "bulk_mode", [{ name: "n", type: "int4[]", value: (n: number) => n }], [1, 2, 3]);
      const during = await queryRows<{ mode: string }>(db, sql`select distinct mode from bulk_mode`);
      const [after] = await queryRows<{ mode: string }>(db, sql`select current_setting('plan_cache_mode') as mode`);
      expect(during).toEqual([{ mode: "auto" }]);
      expect(after).toEqual(before);
    });
  });
});
