/**
 * A recognised API token or session is kept by the server process that read it, and forgotten as
 * soon as who may do what changes: a revocation, an ended session, a changed grant, from this
 * process or any other on the database. On PostgreSQL and on the embedded database alike.
 */
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/server/auth/actor";
import { newSecret, sha256 } from "../src/server/auth/secrets";
import { authChanges, openDatabase, type Database, type Db } from "../src/server/db/client";
import { apiTokens, roleGrants, sessions, users } from "../src/server/db/schema";
import { resolveApiToken, revokeApiToken, TOKEN_PREFIX } from "../src/server/services/accounts/api-tokens";
import { keptCallerCounts } from "../src/server/services/accounts/auth-cache";
import { resolveSession, signOut } from "../src/server/services/accounts/sessions";
import { setRole } from "../src/server/services/accounts/users";
import { testDriver } from "./db";

const url = testDriver === "postgres" ? process.env.TEST_DATABASE_URL! : undefined;
let database: Database;
let db: Db;
/** Another process on the same database (PostgreSQL), or the embedded database's one connection. */
let other: (text: string) => Promise<unknown>;
let otherClient: postgres.Sql | undefined;
const made: string[] = [];

beforeAll(async () => {
  database = await openDatabase(url ? { url, migrate: false } : { dataDir: "memory://" });
  db = database.db;
  if (url) {
    otherClient = postgres(url, { max: 1, onnotice: () => {} });
    other = (text) => otherClient!.unsafe(text);
  } else {
    other = (text) => db.execute(sql.raw(text));
  }
  await until(() => authChanges(db)!.live);
}, 60_000);

afterAll(async () => {
  if (url && made.length) {
    const ids = made.map((id) => `'${id}'`).join(",");
    // The audit trail is append-only; the rows of these test accounts go with them.
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql.raw(`delete from audit_events where object_id in (${ids}) or object_id in (select id::text from api_tokens where user_id in (${ids}))`));
      await tx.execute(sql.raw(`delete from users where id in (${ids})`));
    });
  }
  await otherClient?.end({ timeout: 5 });
  await database.close();
});

async function until(done: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error("not within 5 s");
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function account(role: "viewer" | "editor" | "admin" = "editor") {
  const email = `kept-${newSecret().slice(0, 10)}@example.com`;
  const [user] = await db.insert(users).values({ email, name: "kept" }).returning();
  made.push(user!.id);
  await db.insert(roleGrants).values({ userId: user!.id, siteId: null, role });
  const secret = newSecret(TOKEN_PREFIX);
  const [token] = await db.insert(apiTokens).values({ userId: user!.id, name: "script", prefix: secret.slice(0, 10), tokenHash: sha256(secret), role }).returning();
  const actor: Actor = { kind: "user", userId: user!.id, label: email, grants: [{ role: "admin", siteId: null }] };
  return { user: user!, token: token!, secret, actor };
}

const tokens = () => keptCallerCounts(db, "token");

/** Waits until this process has heard a change made elsewhere (at once on the embedded database). */
async function heard(change: () => Promise<unknown>): Promise<void> {
  const before = authChanges(db)!.generation;
  await change();
  await until(() => authChanges(db)!.generation > before);
}

describe(`callers kept by a server process (${testDriver})`, () => {
  it("reads a token once while nothing changes, and its last use at most once a minute", async () => {
    const { secret, token } = await account();
    const misses = tokens().misses;
    const first = await resolveApiToken({ db }, secret);
    const again = await resolveApiToken({ db }, secret);
    expect(first?.userId).toBe(token.userId);
    expect(again?.grants).toEqual(first?.grants);
    expect(tokens().misses - misses).toBe(1);
    const [row] = await db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(sql`${apiTokens.id} = ${token.id}`);
    expect(row!.at).not.toBeNull();
  });

  it("refuses a token revoked by this process at once", async () => {
    const { secret, token, actor } = await account();
    expect(await resolveApiToken({ db }, secret)).not.toBeNull();
    await revokeApiToken({ db, actor }, { id: token.id });
    expect(await resolveApiToken({ db }, secret)).toBeNull();
  });

  it("refuses a token revoked by another process once the database's notification is heard", async () => {
    const { secret, token } = await account();
    expect(await resolveApiToken({ db }, secret)).not.toBeNull();
    expect(await resolveApiToken({ db }, secret)).not.toBeNull();
    await heard(() => other(`update api_tokens set revoked_at = now() where id = '${token.id}'`));
    expect(await resolveApiToken({ db }, secret)).toBeNull();
  });

  it("follows a grant changed by another process, and one changed by this process at once", async () => {
    const { secret, user, actor } = await account("editor");
    expect((await resolveApiToken({ db }, secret))?.grants).toEqual([{ siteId: null, role: "editor" }]);
    await heard(() => other(`update role_grants set role = 'viewer' where user_id = '${user.id}'`));
    expect((await resolveApiToken({ db }, secret))?.grants).toEqual([{ siteId: null, role: "viewer" }]);
    await setRole({ db, actor }, { userId: user.id, siteId: null, role: null });
    expect((await resolveApiToken({ db }, secret))?.grants).toEqual([]);
  });

  it("refuses a token whose account was disabled elsewhere, and one that expired while kept", async () => {
    const a = await account();
    expect(await resolveApiToken({ db }, a.secret)).not.toBeNull();
    await heard(() => other(`update users set active = false where id = '${a.user.id}'`));
    expect(await resolveApiToken({ db }, a.secret)).toBeNull();

    const b = await account();
    await db.update(apiTokens).set({ expiresAt: new Date(Date.now() + 300) }).where(sql`${apiTokens.id} = ${b.token.id}`);
    await until(() => authChanges(db)!.live);
    expect(await resolveApiToken({ db }, b.secret)).not.toBeNull();
    expect(await resolveApiToken({ db }, b.secret)).not.toBeNull();
    await new Promise((r) => setTimeout(r, 350));
    expect(await resolveApiToken({ db }, b.secret)).toBeNull();
  });

  it("writing a token's last use tells no one: the kept callers stay kept", async () => {
    const { secret, token } = await account();
    await resolveApiToken({ db }, secret);
    const generation = authChanges(db)!.generation;
    await other(`update api_tokens set last_used_at = now() - interval '2 minutes' where id = '${token.id}'`);
    await other(`update sessions set last_seen_at = now() where false`);
    await new Promise((r) => setTimeout(r, 100));
    expect(authChanges(db)!.generation).toBe(generation);
  });

  it("forgets a session signed out", async () => {
    const { user } = await account();
    const cookie = newSecret();
    await db.insert(sessions).values({ userId: user.id, tokenHash: sha256(cookie), csrfToken: newSecret(), expiresAt: new Date(Date.now() + 86_400_000) });
    expect((await resolveSession({ db }, cookie))?.user.id).toBe(user.id);
    expect((await resolveSession({ db }, cookie))?.user.id).toBe(user.id);
    await signOut({ db, actor: { kind: "user", userId: user.id, label: "kept", grants: [] } }, cookie);
    expect(await resolveSession({ db }, cookie)).toBeNull();
  });

  it("keeps nothing with FERRULE_KEEP_CALLERS=0 (behind a pooler that does not carry LISTEN)", async () => {
    const { secret } = await account();
    process.env.FERRULE_KEEP_CALLERS = "0";
    try {
      const before = tokens();
      expect(await resolveApiToken({ db }, secret)).not.toBeNull();
      expect(await resolveApiToken({ db }, secret)).not.toBeNull();
      expect(tokens()).toEqual(before);
    } finally {
      delete process.env.FERRULE_KEEP_CALLERS;
    }
  });

  // PostgreSQL only: the embedded database's listening is in-process and is never lost.
  it.skipIf(!url)("keeps nothing while its listening connection is lost, and keeps again once it listens again", async () => {
    const { secret, token } = await account();
    await resolveApiToken({ db }, secret);
    await other(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'ferrule (change feed)' and datname = current_database()`);
    await until(() => !authChanges(db)!.live);
    // A revocation nobody heard: the connection was down.
    await other(`update api_tokens set revoked_at = now() where id = '${token.id}'`);
    expect(await resolveApiToken({ db }, secret)).toBeNull();
    await until(() => authChanges(db)!.live);
    const b = await account();
    const misses = tokens().misses;
    await resolveApiToken({ db }, b.secret);
    await resolveApiToken({ db }, b.secret);
    expect(tokens().misses - misses).toBe(1);
  });
});
