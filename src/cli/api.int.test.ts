import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { createAccount } from "../../test/api-client";
import { useTestDatabase } from "../../test/db";
import { createContext } from "../server/api/context";
import { appRouter } from "../server/api/root";
import type { Db } from "../server/db/client";
import { createApiToken } from "../server/services/accounts/api-tokens";
import { createSite } from "../server/services/sites/create-site";
import { runApi } from "./api";
import { bufferIo } from "./io";

/** The CLI's HTTP calls, answered by the real router over the test database. */
const t = useTestDatabase();
const serverFor = (db: Db): typeof fetch => async (input, init) => {
  const req = new Request(input as string, init);
  return fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: ({ resHeaders }) => createContext({ db, headers: req.headers, url: req.url, resHeaders }) });
};

async function tokenFor(ctx: Parameters<typeof createSite>[0], role: "viewer" | "editor") {
  const user = await createAccount(ctx.db, `${role}@example.com`, "editor");
  const actor = { kind: "user" as const, userId: user.id, label: user.email, grants: [{ role: "editor" as const, siteId: null }] };
  return (await createApiToken({ ...ctx, actor }, { name: "cli", role })).token;
}

describe("ferrule api", () => {
  it("calls a query and a mutation with an API token", () =>
    t.rollback(async (ctx) => {
      const site = await createSite(ctx, { name: "CLI site", code: "CLI" });
      const env = { FERRULE_TOKEN: await tokenFor(ctx, "editor"), FERRULE_URL: "http://ferrule.test" };
      const io = bufferIo();
      expect(await runApi(["racks.create", JSON.stringify({ siteId: site.id, room: "Hall A", name: "A07", uHeight: 42 })], io, serverFor(ctx.db), env)).toBe(0);
      expect(JSON.parse(io.stdout)).toMatchObject({ name: "A07", uHeight: 42, roomName: "Hall A" });
      const list = bufferIo();
      expect(await runApi(["racks.list", JSON.stringify({ siteId: site.id })], list, serverFor(ctx.db), env)).toBe(0);
      expect((JSON.parse(list.stdout) as { name: string }[]).map((r) => r.name)).toEqual(["A07"]);
    }));

  it("exits 1 with the server's reason and fields when refused", () =>
    t.rollback(async (ctx) => {
      const site = await createSite(ctx, { name: "CLI site", code: "CLI" });
      const env = { FERRULE_TOKEN: await tokenFor(ctx, "viewer") };
      const io = bufferIo();
      expect(await runApi(["racks.create", JSON.stringify({ siteId: site.id, room: "Hall A", name: "A07", uHeight: 42 })], io, serverFor(ctx.db), env)).toBe(1);
      expect(io.stderr).toMatch(/403 .*needs the editor role/);
      const bad = bufferIo();
      const editor = { FERRULE_TOKEN: await tokenFor(ctx, "editor") };
      expect(await runApi(["racks.create", JSON.stringify({ siteId: site.id, room: "Hall A", name: "A07", uHeight: 0 })], bad, serverFor(ctx.db), editor)).toBe(1);
      expect(bad.stderr).toContain("uHeight: A rack is at least 1 U high.");
    }));

  it("exits 2 on a usage error", async () => {
    const io = bufferIo();
    expect(await runApi([], io, fetch, {})).toBe(2);
    expect(await runApi(["no.such.procedure"], io, fetch, { FERRULE_TOKEN: "x" })).toBe(2);
    expect(await runApi(["sites.list"], io, fetch, {})).toBe(2);
    expect(io.stderr).toMatch(/no API token/);
    expect(await runApi(["sites.create", "{not json"], io, fetch, { FERRULE_TOKEN: "x" })).toBe(2);
  });
});
