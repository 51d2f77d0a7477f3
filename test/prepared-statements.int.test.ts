/**
 * On PostgreSQL, statements with a few parameters are kept prepared on their connection (one round
 * trip from their second use instead of two); statements with many parameters and every statement
 * with FERRULE_PG_PREPARE=0 are not. Reads of a fixed shape are planned once, on PostgreSQL and on
 * the embedded database.
 */
import { sql } from "drizzle-orm";
import { pgTable, text } from "drizzle-orm/pg-core";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, plannedOnceReads, type Database } from "../src/server/db/client";
import { queryRows } from "../src/server/services/inventory/sql";

const url = process.env.TEST_DATABASE_URL;
/** A catalog table every PostgreSQL database has (this file runs before the migrations in the first pass). */
const pgDatabase = pgTable("pg_database", { datname: text("datname") });
let database: Database | undefined;

afterEach(async () => {
  await database?.close();
  database = undefined;
  delete process.env.FERRULE_PG_PREPARE;
});

/** Runs `work` in one transaction (one connection) and answers the texts of the statements prepared on it. */
async function preparedAfter(work: (db: Database["db"]) => Promise<unknown>): Promise<string[]> {
  database = await openDatabase({ url, migrate: false });
  return database.db.transaction(async (tx) => {
    await work(tx as unknown as Database["db"]);
    const rows = await queryRows<{ statement: string }>(tx as unknown as Database["db"], sql`select statement from pg_prepared_statements`);
    return rows.map((r) => r.statement);
  });
}

describe.skipIf(!url)("prepared statements on PostgreSQL", () => {
  it("keeps a statement with few parameters prepared, from the query builder and from raw SQL", async () => {
    const texts = await preparedAfter(async (db) => {
      await db.select({ name: pgDatabase.datname }).from(pgDatabase).where(sql`${pgDatabase.datname} = ${"no-such-database"}`);
      await queryRows(db, sql`select ${41}::int + 1 as answer_prepared`);
    });
    expect(texts.some((t) => t.includes('from "pg_database"') && t.includes("$1"))).toBe(true);
    expect(texts.some((t) => t.includes("answer_prepared"))).toBe(true);
  });

  it("leaves a statement with many parameters unprepared", async () => {
    const values = Array.from({ length: 40 }, (_, i) => sql`${i}::int`);
    const texts = await preparedAfter((db) => queryRows(db, sql`select greatest(${sql.join(values, sql`, `)}) as many_parameters`));
    expect(texts.some((t) => t.includes("many_parameters"))).toBe(false);
  });

  it("prepares nothing with FERRULE_PG_PREPARE=0", async () => {
    process.env.FERRULE_PG_PREPARE = "0";
    const texts = await preparedAfter((db) => queryRows(db, sql`select ${41}::int + 1 as answer_unprepared`));
    expect(texts.some((t) => t.includes("answer_unprepared"))).toBe(false);
  });

  it("reads a fixed-shape statement on connections that plan it once, and a transaction in itself", async () => {
    database = await openDatabase({ url, migrate: false });
    const mode = async (db: Database["db"]) => (await queryRows<{ mode: string }>(db, sql`select current_setting('plan_cache_mode') as mode`))[0]!.mode;
    const planned = plannedOnceReads(database.db);
    expect(planned).not.toBe(database.db);
    expect(await mode(planned)).toBe("force_generic_plan");
    expect(await mode(database.db)).toBe("force_custom_plan");
    await database.db.transaction(async (tx) => {
      expect(plannedOnceReads(tx as unknown as Database["db"])).toBe(tx);
    });
  });
});

describe("plans on the embedded database", () => {
  it("prepares a fixed-shape read by name, runs it with a generic plan and leaves the setting as it was", async () => {
    database = await openDatabase({ dataDir: "memory://", migrate: false });
    const planned = plannedOnceReads(database.db);
    expect(planned).not.toBe(database.db);
    // Three at once, as requests come: the statement is prepared once.
    const answers = await Promise.all([1, 2, 41].map((n) => queryRows<{ answer: number; name: string }>(planned, sql`select ${n}::int + 1 as answer, ${"it's"}::text as name`)));
    expect(answers).toEqual([1, 2, 41].map((n) => [{ answer: n + 1, name: "it's" }]));
    // The query builder's own reads (arrays of values a row) come back as they do unprepared.
    const [db] = await planned.select({ name: pgDatabase.datname }).from(pgDatabase).where(sql`${pgDatabase.datname} = ${"template1"}`);
    expect(db).toEqual({ name: "template1" });
    const statements = await queryRows<{ statement: string; generic_plans: number; custom_plans: number }>(
      database.db,
      sql`select statement, generic_plans::int, custom_plans::int from pg_prepared_statements where name like 'ferrule_planned_%'`,
    );
    const answer = statements.find((x) => x.statement.includes("as answer"));
    expect(answer).toMatchObject({ generic_plans: 3, custom_plans: 0 });
    const [mode] = await queryRows<{ mode: string }>(database.db, sql`select current_setting('plan_cache_mode') as mode`);
    expect(mode!.mode).toBe("auto");
    // A statement that fails leaves the setting as it was too.
    await expect(queryRows(planned, sql`select 1 / (${0}::int) as nothing`)).rejects.toThrow();
    const [after] = await queryRows<{ mode: string }>(database.db, sql`select current_setting('plan_cache_mode') as mode`);
    expect(after!.mode).toBe("auto");
  });
});
