/**
 * The two roles on PostgreSQL: the application's login role, and `ferrule_audit_owner`, which owns
 * `audit_events`. Set up as docs/deployment.md says (a database the administrator owns, the app role
 * a member of the owner role for its first start, then not), the application can insert and read
 * audit entries but can neither change them, drop them, nor switch the append-only trigger off.
 * Runs on a fresh database and role of its own.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../src/server/auth/actor";
import { openDatabase, type Database } from "../src/server/db/client";
import { createSite } from "../src/server/services/sites/create-site";

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn("[audit-owner] skipped: TEST_DATABASE_URL is not set (the two roles need a PostgreSQL server).");

const suffix = `${process.pid}_${randomBytes(3).toString("hex")}`;
const appRole = `ferrule_app_${suffix}`;
const dbName = `ferrule_audit_${suffix}`;
let admin: postgres.Sql | undefined;
let database: Database | undefined;

beforeAll(async () => {
  if (!url) return;
  admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`do $$ begin create role ferrule_audit_owner nologin; exception when duplicate_object or unique_violation then null; end $$`);
  await admin.unsafe(`create role ${appRole} login nosuperuser nocreaterole nocreatedb`);
  await admin.unsafe(`grant ferrule_audit_owner to ${appRole}`);
  // The database and its public schema belong to the administrator, not the app: a schema's owner
  // may drop any table in it.
  await admin.unsafe(`create database ${dbName}`);
  await admin.unsafe(`grant create, connect on database ${dbName} to ${appRole}`);
  const own = new URL(url);
  own.pathname = `/${dbName}`;
  const dba = postgres(own.toString(), { max: 1, onnotice: () => {} });
  await dba.unsafe(`grant usage, create on schema public to ${appRole}, ferrule_audit_owner`);
  await dba.end();
  own.username = appRole;
  own.password = "";
  database = await openDatabase({ url: own.toString() }); // the first start: migrations as the app role
  await admin.unsafe(`revoke ferrule_audit_owner from ${appRole}`);
}, 120_000);

afterAll(async () => {
  await database?.close();
  if (admin) {
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.unsafe(`drop role if exists ${appRole}`);
    await admin.end();
  }
});

const failure = (p: Promise<unknown>) => p.then(() => "no error", (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ""}`);

describe.skipIf(!url)("audit table ownership (PostgreSQL, two roles)", () => {
  it("belongs to ferrule_audit_owner; the app inserts and reads, but cannot change rows or disable the trigger", async () => {
    const db = database!.db;
    const owner = await db.execute<{ tableowner: string }>(sql`select tableowner from pg_tables where tablename = 'audit_events'`);
    expect((owner as unknown as { tableowner: string }[])[0]!.tableowner).toBe("ferrule_audit_owner");

    await createSite({ db, actor: systemActor("test") }, { name: "Audited", code: "AUD" });
    const rows = (await db.execute(sql`select action from audit_events where action = 'site.create'`)) as unknown as { action: string }[];
    expect(rows).toHaveLength(1);

    expect(await failure(db.execute(sql`alter table audit_events disable trigger audit_events_no_update`))).toMatch(/must be owner/);
    expect(await failure(db.execute(sql`update audit_events set actor_label = 'someone else'`))).toMatch(/permission denied/);
    expect(await failure(db.execute(sql`delete from audit_events`))).toMatch(/permission denied/);
    expect(await failure(db.execute(sql`truncate audit_events`))).toMatch(/permission denied|must be owner/);
    expect(await failure(db.execute(sql`drop table audit_events`))).toMatch(/must be owner/);
    expect(await failure(db.execute(sql`set role ferrule_audit_owner`))).toMatch(/permission denied/);
  });
});
