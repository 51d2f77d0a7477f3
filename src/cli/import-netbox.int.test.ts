import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../test/api-client";
import { useTestDatabase } from "../../test/db";
import { FAKE_NETBOX_TOKEN, startFakeNetbox, type FakeNetbox } from "../../test/netbox/fake-netbox";
import { fiberSiteDump } from "../../test/netbox/fiber-site";
import { createContext } from "../server/api/context";
import { appRouter } from "../server/api/root";
import type { Database, Db } from "../server/db/client";
import { setAppDatabase } from "../server/db/client";
import { plans, sites } from "../server/db/schema";
import { netboxSiteImportRoute } from "../server/http/exchange-routes";
import { createApiToken } from "../server/services/accounts/api-tokens";
import { snapshotFromApi } from "../server/interchange/netbox/api-source";
import { runImport } from "./import";
import { bufferIo } from "./io";

/** `ferrule import netbox` against the Ferrule routes on a loopback port, reading a NetBox stand-in on a port of its own. */
const t = useTestDatabase();
let server: Server | undefined;
let netbox: FakeNetbox;
beforeAll(async () => {
  netbox = await startFakeNetbox(Number(process.env.FERRULE_TEST_NETBOX_PORT ?? 3243));
});
afterAll(async () => {
  server?.close();
  await netbox.close();
});

const ANSWERS = JSON.stringify({
  "Acme CAS-MTP12-6LC-OM4-B": { rearPolish: "UPC", frontPolish: "UPC" },
  "interface 10gbase-x-sfpp": { transceiver: "sfpp-10gbase-sr" },
});

function toRequest(req: IncomingMessage, base: string): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", base), { method: req.method, headers, ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}) } as RequestInit);
}

async function serve(db: Db): Promise<string> {
  setAppDatabase(Promise.resolve({ db } as Database));
  if (server) return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  server = createServer(async (req, res) => {
    const request = toRequest(req, "http://127.0.0.1");
    const answer =
      new URL(request.url).pathname === "/api/import/netbox-site"
        ? await netboxSiteImportRoute(request)
        : await fetchRequestHandler({ endpoint: "/api/trpc", req: request, router: appRouter, createContext: ({ resHeaders }) => createContext({ db, headers: request.headers, url: request.url, resHeaders }) });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    if (answer.body) for await (const chunk of Readable.fromWeb(answer.body as never)) res.write(chunk);
    res.end();
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function setup(db: Db) {
  const url = await serve(db);
  const user = await createAccount(db, "nb-editor@example.com", "editor");
  const actor = { kind: "user" as const, userId: user.id, label: user.email, grants: [{ role: "editor" as const, siteId: null }] };
  return { FERRULE_URL: url, FERRULE_TOKEN: (await createApiToken({ db, actor }, { name: "cli", role: "editor" })).token };
}

describe("NetBox's REST API as the source", () => {
  it("reads every page, retries transient failures, and only reads", async () => {
    netbox.requests.length = 0;
    netbox.failEvery = 4;
    const progress: string[] = [];
    const snap = await snapshotFromApi({ url: netbox.url, token: FAKE_NETBOX_TOKEN, slug: "lab-1", backoffMs: 1, onProgress: (p) => progress.push(`${p.list} ${p.done}/${p.total}`) });
    netbox.failEvery = 0;
    expect(snap.devices.map((d) => d.name).sort()).toEqual(["PP:R01", "PP:R02", "leaf1", "leaf2", "pdu1"]);
    expect(snap.ports).toHaveLength(8 + 2 + 14); // interfaces of two leaves, 2 rear + 12 front cassette ports
    expect(snap.cables.map((c) => c.id).sort()).toEqual([1, 2, 3, 4]);
    // Pages of 5: 24 ports and 12 templates came in several pages each.
    expect(progress).toContain("interfaces 10/10");
    expect(progress).toContain("front-ports 10/12");
    expect(netbox.requests.filter((r) => r.path.startsWith("/api/dcim/front-ports/"))).toHaveLength(3 + 1); // 3 pages, one retried
    expect(new Set(netbox.requests.map((r) => r.method))).toEqual(new Set(["GET"]));
  });

  it("names a wrong token and a missing site", async () => {
    await expect(snapshotFromApi({ url: netbox.url, token: "wrong", slug: "lab-1" })).rejects.toThrow(/refused the token \(HTTP 403/);
    await expect(snapshotFromApi({ url: netbox.url, token: FAKE_NETBOX_TOKEN, slug: "nope" })).rejects.toThrow(/has no site "nope"/);
    await expect(snapshotFromApi({ url: "http://127.0.0.1:1", token: "x", slug: "a", attempts: 2, backoffMs: 1 })).rejects.toThrow(/did not answer after 2 attempts/);
  });

  it("reads only the NetBox servers FERRULE_NETBOX_URLS names, when it is set", () =>
    t.rollback(async (ctx) => {
      const env = await setup(ctx.db);
      process.env.FERRULE_NETBOX_URLS = "https://netbox.example.com";
      const before = netbox.requests.length;
      try {
        const io = bufferIo();
        expect(await runImport(["netbox", "--url", netbox.url, "--token", FAKE_NETBOX_TOKEN, "--site", "lab-1"], io, env, false)).toBe(1);
        expect(io.stderr).toMatch(/reads NetBox only at https:\/\/netbox\.example\.com \(FERRULE_NETBOX_URLS\)/);
        expect(netbox.requests.length).toBe(before); // NetBox was not asked anything
      } finally {
        delete process.env.FERRULE_NETBOX_URLS;
      }
    }));

  it("ferrule import netbox --url: asks, imports, then opens NetBox's changes as a plan", () =>
    t.rollback(async (ctx) => {
      const env = await setup(ctx.db);
      netbox.site = {};
      const args = ["netbox", "--url", netbox.url, "--token", FAKE_NETBOX_TOKEN, "--site", "lab-1"];
      let io = bufferIo();
      expect(await runImport(args, io, env, false)).toBe(3);
      expect(io.stderr).toMatch(/interface 10gbase-x-sfpp · transceiver \(2 cabled interfaces\)/);
      expect(io.stderr).toMatch(/--answers '\{"Acme CAS-MTP12-6LC-OM4-B":\{"rearPolish":"","frontPolish":""\},"interface 10gbase-x-sfpp":\{"transceiver":""\}\}'/);
      io = bufferIo();
      expect(await runImport([...args, "--answers", ANSWERS], io, env, false), io.stderr).toBe(0);
      expect(io.stdout.trim().split("\n").at(-1)).toMatch(/^imported 35 objects, refused \d+, channels 2, findings \d+$/);
      expect(io.stderr).toMatch(/refused dcim\.cable 4 PWR-1: cable type power is not fiber/);
      expect(io.stderr).toMatch(/device type Leaf-48S not added to the catalog: .*needs the admin role/);
      const [site] = await ctx.db.select().from(sites).where(eq(sites.code, "LAB-1"));
      expect(site?.name).toBe("Lab One");
      netbox.site = { changed: true };
      io = bufferIo();
      expect(await runImport([...args, "--answers", ANSWERS], io, env, false), io.stderr).toBe(0);
      expect(io.stderr).toMatch(/NetBox's changes are in the draft plan "NetBox lab-1 /);
      expect((await ctx.db.select().from(plans).where(eq(plans.siteId, site!.id))).map((p) => p.status)).toEqual(["draft"]);
      netbox.site = {};
    }));

  it("ferrule import netbox --dump uploads a dump and prints the summary line", () =>
    t.rollback(async (ctx) => {
      const env = await setup(ctx.db);
      const dir = await mkdtemp(join(tmpdir(), "ferrule-nb-"));
      const file = join(dir, "netbox.json");
      await writeFile(file, JSON.stringify(fiberSiteDump()));
      const io = bufferIo();
      expect(await runImport(["netbox", "--dump", file, "--site", "lab-1", "--code", "LAB", "--answers", ANSWERS], io, env, false), io.stderr).toBe(0);
      expect(io.stdout.trim()).toMatch(/^imported 35 objects, refused \d+, channels 2, findings \d+$/);
      const bad = bufferIo();
      expect(await runImport(["netbox", "--dump", file, "--site", "elsewhere-not"], bad, env, false)).toBe(1);
      expect(bad.stderr).toMatch(/no site "elsewhere-not"; its sites are lab-1, elsewhere/);
      expect(await runImport(["netbox", "--site", "lab-1"], bufferIo(), env, false)).toBe(2);
    }));
});
