import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { ApiClient, TEST_PASSWORD, createAccount } from "../../../../test/api-client";
import { testDriver, useTestDatabase } from "../../../../test/db";
import { handleTrpcRequest } from "../../api/http-handler";
import { originMatches } from "../../api/context";
import { PasswordGate } from "../../auth/passwords";
import { newSecret, sha256 } from "../../auth/secrets";
import { apiTokens, sessions } from "../../db/schema";
import { RateLimited } from "../errors";
import { createSite } from "../sites/create-site";
import { MAX_SESSIONS_PER_USER, SIGN_IN_LIMITS, openSession, resolveSession } from "./sessions";
import { resolveApiToken } from "./api-tokens";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { Db } from "../../db/client";
import * as schema from "../../db/schema";

const t = useTestDatabase();

/** The same connection as `db`, logging every statement (PGlite in tests: one session, one transaction). */
function countingDb(db: Db, out: string[]): Db {
  const logger = { logQuery: (query: string) => out.push(query) };
  const client = (db as unknown as { $client?: unknown; session?: { client?: unknown } }).session?.client ?? (db as unknown as { $client: unknown }).$client;
  if (testDriver === "postgres") {
    // A postgres.js transaction handle has no `options`; drizzle reads the type parsers from there.
    const options = (t.db as unknown as { $client: { options: unknown } }).$client.options;
    const tx = new Proxy(client as object, { get: (o, k) => (k === "options" ? options : (o as Record<PropertyKey, unknown>)[k]) });
    return drizzlePostgres({ client: tx as never, schema, casing: "snake_case", logger }) as unknown as Db;
  }
  return drizzlePglite({ client: client as never, schema, casing: "snake_case", logger }) as unknown as Db;
}


describe("sign-in throttling under parallel attempts", () => {
  it(`checks at most ${SIGN_IN_LIMITS.perEmail} passwords of ${4 * SIGN_IN_LIMITS.perEmail} parallel tries on one email; the rest get 429 with Retry-After`, () =>
    t.rollback(async (ctx) => {
      await createAccount(ctx.db, "ana@example.com", "editor");
      const tries = Array.from({ length: 4 * SIGN_IN_LIMITS.perEmail }, (_, i) => {
        const api = new ApiClient(ctx.db);
        return api.call("auth.signIn", { email: "ana@example.com", password: `guess ${i}` }).then((res) => ({ res, headers: api.lastHeaders }));
      });
      const answers = await Promise.all(tries);
      const statuses = answers.map((a) => a.res.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(SIGN_IN_LIMITS.perEmail);
      expect(statuses.filter((s) => s === 429)).toHaveLength(3 * SIGN_IN_LIMITS.perEmail);
      const refused = answers.find((a) => a.res.status === 429)!;
      const retry = Number(refused.headers.get("retry-after"));
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(SIGN_IN_LIMITS.windowMinutes * 60);
      const [audited] = await ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_events where action = 'auth.sign_in_failed'`).then((r) => (Array.isArray(r) ? r : (r as unknown as { rows: { n: number }[] }).rows));
      expect(audited!.n).toBe(SIGN_IN_LIMITS.perEmail);
    }));

  it("a successful sign-in takes its attempt back: five good sign-ins in a row do not lock the account", () =>
    t.rollback(async (ctx) => {
      await createAccount(ctx.db, "ana@example.com", "editor");
      for (let i = 0; i < SIGN_IN_LIMITS.perEmail + 1; i++) await new ApiClient(ctx.db).signIn("ana@example.com", TEST_PASSWORD);
    }));
});

describe("password hashing in flight", () => {
  it("runs at most `limit` at once, queues a few more, and refuses beyond with a Retry-After", async () => {
    const gate = new PasswordGate(2, 3);
    let running = 0;
    let peak = 0;
    const work = () =>
      gate.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        return "done";
      });
    const results = await Promise.allSettled(Array.from({ length: 8 }, work));
    expect(peak).toBe(2);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as RateLimited);
    expect(refused).toHaveLength(3);
    expect(refused[0]).toBeInstanceOf(RateLimited);
    expect(refused[0]!.retryAfterSeconds).toBeGreaterThan(0);
    expect(gate.inFlight).toBe(0);
    expect(await work()).toBe("done"); // the gate is free again
  });
});

describe("credentials", () => {
  it("a password change revokes the account's API tokens", () =>
    t.rollback(async (ctx) => {
      await createAccount(ctx.db, "ana@example.com", "editor");
      const api = await new ApiClient(ctx.db).signIn("ana@example.com");
      const { token } = (await api.call("auth.tokens.create", { name: "ci", role: "viewer" })).data as { token: string };
      const bot = new ApiClient(ctx.db, { bearer: token });
      expect((await bot.call("sites.list")).status).toBe(200);
      expect((await api.call("auth.changePassword", { current: TEST_PASSWORD, next: "a much longer new secret" })).status).toBe(200);
      expect((await bot.call("sites.list")).status).toBe(401);
    }));

  it(`keeps at most ${MAX_SESSIONS_PER_USER} sessions per account, ending the oldest`, () =>
    t.rollback(async (ctx) => {
      const ana = await createAccount(ctx.db, "ana@example.com", "editor");
      const first = newSecret();
      const base = Date.now();
      for (let i = 0; i <= MAX_SESSIONS_PER_USER + 4; i++) {
        const token = i === 0 ? first : newSecret();
        await openSession(ctx.db, { tokenHash: sha256(token), userId: ana.id, csrfToken: newSecret(), expiresAt: new Date(base + 3_600_000), createdAt: new Date(base + i * 1000) });
      }
      const left = await ctx.db.select({ tokenHash: sessions.tokenHash }).from(sessions).where(eq(sessions.userId, ana.id));
      expect(left).toHaveLength(MAX_SESSIONS_PER_USER);
      expect(left.map((s) => s.tokenHash)).not.toContain(sha256(first));
    }));

  it("writes a token's last use at most once a minute", () =>
    t.rollback(async (ctx) => {
      const api = await new ApiClient(ctx.db).actAs(await createAccount(ctx.db, "ana@example.com", "editor"));
      const { token, id } = (await api.call("auth.tokens.create", { name: "ci", role: "viewer" })).data as { token: string; id: string };
      const bot = new ApiClient(ctx.db, { bearer: token });
      const lastUsed = async () => (await ctx.db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, id)))[0]!.at;
      await bot.call("sites.list");
      const first = await lastUsed();
      expect(first).not.toBeNull();
      const earlier = new Date(first!.getTime() - 30_000);
      await ctx.db.update(apiTokens).set({ lastUsedAt: earlier }).where(eq(apiTokens.id, id));
      await bot.call("sites.list");
      expect(await lastUsed()).toEqual(earlier); // 30 s ago: not written again
      await ctx.db.update(apiTokens).set({ lastUsedAt: new Date(Date.now() - 61_000) }).where(eq(apiTokens.id, id));
      await bot.call("sites.list");
      expect(Date.now() - (await lastUsed())!.getTime()).toBeLessThan(10_000);
    }));

  it("resolves a token or a session in one query (plus a last-use write at most once a minute)", () =>
    t.rollback(async (ctx) => {
      const api = await new ApiClient(ctx.db).actAs(await createAccount(ctx.db, "ana@example.com", "editor"));
      const { token } = (await api.call("auth.tokens.create", { name: "ci", role: "viewer" })).data as { token: string };
      // A second handle on the same connection (and so the same open transaction) that counts statements.
      const statements: string[] = [];
      const counted = countingDb(ctx.db, statements);
      await resolveApiToken({ db: counted }, token);
      expect(statements).toHaveLength(2); // first use: the read, and last_used_at
      statements.length = 0;
      const actor = await resolveApiToken({ db: counted }, token);
      expect(actor?.grants).toEqual([{ role: "viewer", siteId: null }]);
      expect(statements).toHaveLength(1);
      statements.length = 0;
      const session = await resolveSession({ db: counted }, api.cookies.get("ferrule_session")!);
      expect(session?.actor.grants).toEqual([{ role: "editor", siteId: null }]);
      expect(statements).toHaveLength(1);
    }));

  it("the Origin check does not trust X-Forwarded-Host; FERRULE_PUBLIC_URL names the addresses behind a proxy", () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(originMatches(h({ origin: "https://ferrule.example.com", host: "ferrule.example.com" }), [])).toBe(true);
    expect(originMatches(h({ origin: "https://evil.example", host: "ferrule.example.com", "x-forwarded-host": "evil.example" }), [])).toBe(false);
    expect(originMatches(h({ origin: "https://ferrule.example.com", host: "app:3000" }), ["https://ferrule.example.com"])).toBe(true);
    expect(originMatches(h({ origin: "https://evil.example", host: "app:3000", "x-forwarded-host": "evil.example" }), ["https://ferrule.example.com"])).toBe(false);
  });
});

describe("request and reply bounds", () => {
  afterEach(() => {
    delete process.env.FERRULE_MAX_REPLY_BYTES;
  });

  const batchUrl = (paths: string[]) =>
    `http://ferrule.test/api/trpc/${paths.join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(Object.fromEntries(paths.map((_, i) => [i, { json: null }]))))}`;

  it("refuses a batch over the limit with 400 naming the limit, and marks replies no-store", () =>
    t.rollback(async (ctx) => {
      const api = await new ApiClient(ctx.db).actAs(await createAccount(ctx.db, "ana@example.com", "viewer"));
      const cookie = [...api.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
      const send = (n: number) => handleTrpcRequest(new Request(batchUrl(Array.from({ length: n }, () => "sites.list")), { headers: { cookie, host: "ferrule.test" } }), ctx.db);
      const ok = await send(10);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("cache-control")).toBe("no-store");
      const refused = await send(11);
      expect(refused.status).toBe(400);
      const body = (await refused.json()) as { error: { json: { message: string } } }[];
      expect(body[0]!.error.json.message).toBe("A batch may hold at most 10 calls; this one has 11. Send fewer calls per request (FERRULE_MAX_BATCH sets the limit).");
      expect(refused.headers.get("cache-control")).toBe("no-store");
    }));

  it("refuses a reply over the bound with 413 and a sentence saying how to ask for less; a batch shares one bound", () =>
    t.rollback(async (ctx) => {
      for (let i = 0; i < 40; i++) await createSite(ctx, { name: `Site ${"x".repeat(80)} ${i}`, code: `S${i}` });
      const api = await new ApiClient(ctx.db).actAs(await createAccount(ctx.db, "ana@example.com", "viewer"));
      expect((await api.call("sites.list")).status).toBe(200);
      process.env.FERRULE_MAX_REPLY_BYTES = String(64 * 1024);
      const one = await api.call("sites.list");
      expect(one.status).toBe(200); // ~ 10 KB
      const cookie = [...api.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
      const batch = await handleTrpcRequest(new Request(batchUrl(Array.from({ length: 10 }, () => "sites.list")), { headers: { cookie, host: "ferrule.test" } }), ctx.db);
      const answers = (await batch.json()) as { result?: unknown; error?: { json: { message: string; data: { httpStatus: number } } } }[];
      const refused = answers.filter((a) => a.error);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]!.error!.json.data.httpStatus).toBe(413);
      expect(refused[0]!.error!.json.message).toMatch(/^The reply to sites\.list would be over 0\.1 MB \(the most one request may return\): ask for less at a time/);
    }));
});
