import { desc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ApiClient, TEST_PASSWORD, createAccount } from "../../../../test/api-client";
import { useTestDatabase } from "../../../../test/db";
import { anonymous } from "../../auth/actor";
import type { Db } from "../../db/client";
import { auditEvents, users } from "../../db/schema";
import { createSite } from "../sites/create-site";
import { SIGN_IN_LIMITS } from "./sessions";
import { needsSetup, setupAdmin } from "./setup-admin";

const t = useTestDatabase();

async function lastAudit(db: Db, action: string) {
  const [row] = await db.select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(desc(auditEvents.id)).limit(1);
  return row;
}

describe("sign-in and sessions", () => {
  it("signs in, audits it, and signs out", () =>
    t.rollback(async (ctx) => {
      const user = await createAccount(ctx.db, "ana@example.com", "editor");
      const api = await new ApiClient(ctx.db).signIn("ANA@example.com ");
      expect(api.cookies.get("ferrule_session")).toBeTruthy();
      expect((await api.call("auth.me")).data).toMatchObject({ user: { email: "ana@example.com" }, grants: [{ role: "editor", siteId: null }] });
      expect(await lastAudit(ctx.db, "auth.sign_in")).toMatchObject({ actorUserId: user.id, actorLabel: "ana@example.com" });
      expect((await api.call("auth.signOut", {})).status).toBe(200);
      expect(api.cookies.has("ferrule_session")).toBe(false);
      expect((await api.call("sites.list")).status).toBe(401);
    }));

  it("answers a wrong password and an unknown email alike, and audits both", () =>
    t.rollback(async (ctx) => {
      await createAccount(ctx.db, "ana@example.com", "editor");
      const api = new ApiClient(ctx.db);
      const wrong = await api.call("auth.signIn", { email: "ana@example.com", password: "nope" });
      const unknown = await api.call("auth.signIn", { email: "bob@example.com", password: "nope" });
      expect([wrong.status, wrong.error?.message]).toEqual([401, "Wrong email or password."]);
      expect([unknown.status, unknown.error?.message]).toEqual([401, "Wrong email or password."]);
      expect((await lastAudit(ctx.db, "auth.sign_in_failed"))?.after).toEqual({ email: "bob@example.com", reason: "unknown email" });
    }));

  it(`throttles an email after ${SIGN_IN_LIMITS.perEmail} failures, even with the right password`, () =>
    t.rollback(async (ctx) => {
      await createAccount(ctx.db, "ana@example.com", "editor");
      const api = new ApiClient(ctx.db);
      for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++) {
        expect((await api.call("auth.signIn", { email: "ana@example.com", password: `guess ${i}` })).status).toBe(401);
      }
      const blocked = await api.call("auth.signIn", { email: "ana@example.com", password: TEST_PASSWORD });
      expect(blocked.status).toBe(429);
      expect(blocked.error?.message).toMatch(/Too many failed sign-in attempts/);
    }));

  it("refuses a mutation made with the session cookie but without the CSRF header, or from another origin", () =>
    t.rollback(async (ctx) => {
      const user = await createAccount(ctx.db, "ana@example.com", "editor");
      const noHeader = await new ApiClient(ctx.db, { sendCsrf: false }).actAs(user);
      const refused = await noHeader.call("sites.create", { name: "CSRF", code: "CSRF" });
      expect([refused.status, refused.error?.message]).toEqual([403, "Missing or wrong CSRF token. Reload the page and try again."]);
      expect((await noHeader.call("sites.list")).status).toBe(200); // reads need no token

      const crossSite = await new ApiClient(ctx.db, { origin: "https://evil.example" }).actAs(user);
      expect((await crossSite.call("sites.create", { name: "CSRF", code: "CSRF" })).status).toBe(403);
      expect((await new ApiClient(ctx.db, { origin: "https://evil.example" }).call("auth.signIn", { email: "ana@example.com", password: TEST_PASSWORD })).status).toBe(403);
    }));

  it("ends every session when the password changes", () =>
    t.rollback(async (ctx) => {
      await createAccount(ctx.db, "ana@example.com", "editor");
      const api = await new ApiClient(ctx.db).signIn("ana@example.com");
      const other = await new ApiClient(ctx.db).signIn("ana@example.com");
      expect((await api.call("auth.changePassword", { current: TEST_PASSWORD, next: "a much longer new secret" })).status).toBe(200);
      expect((await other.call("sites.list")).status).toBe(401);
      await new ApiClient(ctx.db).signIn("ana@example.com", "a much longer new secret");
    }));
});

describe("first start", () => {
  it("creates the first administrator once, then refuses", () =>
    t.rollback(async (ctx) => {
      await ctx.db.delete(users); // an empty installation
      const anon = { ...ctx, actor: anonymous };
      expect(await needsSetup(anon)).toBe(true);
      await setupAdmin(anon, { email: "root@example.com", name: "Root", password: "a long enough password" });
      expect(await needsSetup(anon)).toBe(false);
      const again = await setupAdmin(anon, { email: "x@example.com", name: "X", password: "a long enough password" }).catch((e: Error) => e);
      expect((again as Error).message).toMatch(/already has an administrator/);
    }));
});

describe("roles", () => {
  it("a role on one site does not reach another, and a role change is audited", () =>
    t.rollback(async (ctx) => {
      const a = await createSite(ctx, { name: "Site A", code: "SA" });
      const b = await createSite(ctx, { name: "Site B", code: "SB" });
      const ana = await createAccount(ctx.db, "ana@example.com", null, [{ siteId: a.id, role: "editor" }]);
      const api = await new ApiClient(ctx.db).actAs(ana);
      expect(((await api.call("sites.list")).data as { name: string }[]).map((s) => s.name)).toEqual(["Site A"]);
      expect((await api.call("racks.create", { siteId: a.id, room: "R", name: "A01", uHeight: 42 })).status).toBe(200);
      const other = await api.call("racks.create", { siteId: b.id, room: "R", name: "A01", uHeight: 42 });
      expect([other.status, other.error?.message]).toEqual([403, "This needs the editor role on this site; you do not have it."]);
      expect((await api.call("sites.get", { id: b.id })).status).toBe(403);

      const admin = await new ApiClient(ctx.db).actAs(await createAccount(ctx.db, "root@example.com", "admin"));
      expect((await admin.call("auth.users.setRole", { userId: ana.id, siteId: b.id, role: "viewer" })).status).toBe(200);
      expect(await lastAudit(ctx.db, "role.grant")).toMatchObject({ objectId: ana.id, siteId: b.id, after: { role: "viewer", siteId: b.id }, actorLabel: "root@example.com" });
      expect((await api.call("sites.get", { id: b.id })).status).toBe(200);
    }));

  it("never removes the last administrator", () =>
    t.rollback(async (ctx) => {
      const root = await createAccount(ctx.db, "root@example.com", "admin");
      const admin = await new ApiClient(ctx.db).actAs(root);
      const res = await admin.call("auth.users.setRole", { userId: root.id, siteId: null, role: "viewer" });
      expect([res.status, res.error?.message]).toEqual([409, "This is the last administrator: make someone else admin first."]);
    }));
});

describe("API tokens", () => {
  it("are shown once, work as Bearer, never exceed their owner, and stop working when revoked", () =>
    t.rollback(async (ctx) => {
      const site = await createSite(ctx, { name: "Site A", code: "SA" });
      const ana = await createAccount(ctx.db, "ana@example.com", "editor");
      const api = await new ApiClient(ctx.db).actAs(ana);

      const tooMuch = await api.call("auth.tokens.create", { name: "x", role: "admin" });
      expect([tooMuch.status, tooMuch.error?.fieldErrors?.role]).toEqual([403, "You cannot give a token more than your own role."]);

      const created = await api.call("auth.tokens.create", { name: "nightly export", role: "viewer" });
      const { token, id } = created.data as { token: string; id: string };
      expect(token).toMatch(/^frl_[A-Za-z0-9_-]{43}$/);
      const listed = (await api.call("auth.tokens.list")).data as Record<string, unknown>[];
      expect(JSON.stringify(listed)).not.toContain(token);
      expect(listed[0]).toMatchObject({ name: "nightly export", role: "viewer", prefix: token.slice(0, 10) });
      expect(await lastAudit(ctx.db, "token.create")).toMatchObject({ objectId: id, actorLabel: "ana@example.com" });

      const bot = new ApiClient(ctx.db, { bearer: token });
      expect((await bot.call("racks.list", { siteId: site.id })).status).toBe(200);
      const write = await bot.call("racks.create", { siteId: site.id, room: "R", name: "A01", uHeight: 42 });
      expect(write.status).toBe(403); // the token is viewer even though its owner is an editor
      expect(await lastAudit(ctx.db, "token.create")).toBeTruthy();

      expect((await api.call("auth.tokens.revoke", { id })).status).toBe(200);
      expect(await lastAudit(ctx.db, "token.revoke")).toMatchObject({ objectId: id });
      expect((await bot.call("racks.list", { siteId: site.id })).status).toBe(401);
      expect((await new ApiClient(ctx.db, { bearer: "frl_notarealtoken" }).call("sites.list")).status).toBe(401);
    }));

  it("a site-scoped token reaches only its site", () =>
    t.rollback(async (ctx) => {
      const a = await createSite(ctx, { name: "Site A", code: "SA" });
      const b = await createSite(ctx, { name: "Site B", code: "SB" });
      const api = await new ApiClient(ctx.db).actAs(await createAccount(ctx.db, "ana@example.com", "editor"));
      const { token } = (await api.call("auth.tokens.create", { name: "site A importer", role: "editor", siteId: a.id })).data as { token: string };
      const bot = new ApiClient(ctx.db, { bearer: token });
      expect((await bot.call("racks.create", { siteId: a.id, room: "R", name: "A01", uHeight: 42 })).status).toBe(200);
      expect((await bot.call("racks.create", { siteId: b.id, room: "R", name: "A01", uHeight: 42 })).status).toBe(403);
    }));
});

describe("audit trail", () => {
  it("cannot be edited or deleted, not even by the application", () =>
    t.rollback(async (ctx) => {
      await createSite(ctx, { name: "Site A", code: "SA" });
      const entry = await lastAudit(ctx.db, "site.create");
      expect(entry?.after).toMatchObject({ name: "Site A", code: "SA" });
      const refusal = (work: Promise<unknown>) => work.then(() => "no error", (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ""}`);
      expect(await refusal(ctx.db.transaction((tx) => tx.execute(sql`update audit_events set actor_label = 'someone else'`)))).toMatch(/append-only: UPDATE/);
      expect(await refusal(ctx.db.transaction((tx) => tx.execute(sql`delete from audit_events`)))).toMatch(/append-only: DELETE/);
      expect((await lastAudit(ctx.db, "site.create"))?.actorLabel).toBe(entry?.actorLabel);
    }));
});
