import { describe, expect, it } from "vitest";
import { ApiClient, createAccount } from "../../../test/api-client";
import { useTestDatabase } from "../../../test/db";

/** The HTTP contract the dashboard relies on: refused input comes back as 4xx with field messages. */
const t = useTestDatabase();

async function editor(ctx: { db: Parameters<typeof createAccount>[0] }) {
  return new ApiClient(ctx.db).actAs(await createAccount(ctx.db, "ed@example.com", "editor"));
}

describe("tRPC over HTTP", () => {
  it("creates and lists through the API", () =>
    t.rollback(async (ctx) => {
      const api = await editor(ctx);
      expect((await api.call("sites.create", { name: "API site", code: "API" })).status).toBe(200);
      const listed = await api.call("sites.list");
      expect(JSON.stringify(listed.data)).toContain("API site");
    }));

  it("answers bad input with 400 and the field's message", () =>
    t.rollback(async (ctx) => {
      const api = await editor(ctx);
      const site = await api.call("sites.create", { name: "API site", code: "API" });
      const siteId = (site.data as { id: string }).id;
      const bad = await api.call("racks.create", { siteId, room: "Hall A", name: "", uHeight: 300 });
      expect(bad.status).toBe(400);
      expect(bad.error?.fieldErrors).toEqual({ name: "Enter a name.", uHeight: "A rack is at most 60 U high." });
    }));

  it.each([
    ["an unknown id", { siteId: "00000000-0000-4000-8000-000000000000", room: "R", name: "A", uHeight: 42 }, 404, "siteId"],
    ["a malformed id", { siteId: "'; drop table racks; --", room: "R", name: "A", uHeight: 42 }, 400, "siteId"],
    ["a wrong type", { siteId: "00000000-0000-4000-8000-000000000000", room: "R", name: "A", uHeight: "42" }, 400, "uHeight"],
    ["a huge string", { siteId: "00000000-0000-4000-8000-000000000000", room: "R", name: "x".repeat(100_000), uHeight: 42 }, 400, "name"],
  ])("answers %s with a clear 4xx, never a 500", (_what, input, status, field) =>
    t.rollback(async (ctx) => {
      const api = await editor(ctx);
      const res = await api.call("racks.create", input);
      expect(res.status).toBe(status);
      expect(res.error?.fieldErrors?.[field]).toBeTruthy();
    }),
  );

  it("answers a stale save with 409 and the reason", () =>
    t.rollback(async (ctx) => {
      const api = await editor(ctx);
      const site = await api.call("sites.create", { name: "API site", code: "API" });
      const { id } = site.data as { id: string };
      expect((await api.call("sites.update", { id, version: 1, name: "Renamed" })).status).toBe(200);
      const stale = await api.call("sites.update", { id, version: 1, name: "Renamed again" });
      expect(stale.status).toBe(409);
      expect(stale.error?.message).toMatch(/changed by someone else since you opened it/);
    }));
});
