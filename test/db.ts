import { readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { afterAll, beforeAll, inject } from "vitest";
import { systemActor, type Actor } from "../src/server/auth/actor";
import { openDatabase, PGLITE_EXTENSIONS, type Database, type Db } from "../src/server/db/client";
import type { ServiceContext } from "../src/server/services/context";
import * as schema from "../src/server/db/schema";

export const testDriver = process.env.FERRULE_TEST_DRIVER === "postgres" ? "postgres" : "pglite";

/** A migrated database for one test file: a fresh PGlite loaded from the migrated template, or a
 *  connection to the migrated TEST_DATABASE_URL. */
export async function openTestDatabase(): Promise<Database> {
  if (testDriver === "postgres") {
    return openDatabase({ url: process.env.TEST_DATABASE_URL!, migrate: false });
  }
  const template = await readFile(inject("pgliteTemplate"));
  const client = await PGlite.create({ loadDataDir: new Blob([template]), extensions: PGLITE_EXTENSIONS });
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Db;
  return { db, driver: "pglite", location: "memory", close: () => client.close() };
}

class Rollback extends Error {}

/** Runs `work` in a transaction that is always rolled back, so tests never see each other's rows.
 *  Services that open their own transaction nest inside it as savepoints. */
export async function inRollback<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await db.transaction(async (tx) => {
      result = await work(tx as unknown as Db);
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return result as T;
}

/** Opens a test database for the current file; `rollback(fn)` runs one test's body. */
export function useTestDatabase() {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });
  return {
    get db(): Db {
      if (!database) throw new Error("the test database is opened in beforeAll");
      return database.db;
    },
    /** Runs a test body in a rolled-back transaction, acting as `actor` (default: the system, every right). */
    rollback<T>(work: (ctx: ServiceContext) => Promise<T>, actor: Actor = systemActor("test")): Promise<T> {
      return inRollback(this.db, (tx) => work({ db: tx, actor }));
    },
  };
}

/**
 * Removes a site a test wrote outside a rolled-back transaction (to be seen from another
 * connection), and its audit trail (other tests list the trail): the trail's triggers refuse a
 * delete, so they are off for that one statement (a superuser's session, as the tests run).
 */
export async function removeCommittedSite(db: Db, siteId: string): Promise<void> {
  await db.execute(sql`delete from sites where id = ${siteId}`);
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`delete from audit_events where site_id = ${siteId}`);
  });
}
