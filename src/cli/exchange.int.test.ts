import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, describe, expect, it } from "vitest";
import { createAccount } from "../../test/api-client";
import { useTestDatabase } from "../../test/db";
import { createContext } from "../server/api/context";
import { appRouter } from "../server/api/root";
import type { Database, Db } from "../server/db/client";
import { setAppDatabase } from "../server/db/client";
import { netboxCableImportRoute, siteExportRoute, siteFileImportRoute } from "../server/http/exchange-routes";
import { createApiToken } from "../server/services/accounts/api-tokens";
import { DEMO_SITE_FILE } from "../server/services/demo/seed-demo";
import { fingerprint } from "../server/services/imports/exchange-fixtures";
import { importSiteFile } from "../server/services/site-files/import-site-file";
import { runExport } from "./export";
import { runImport } from "./import";
import { bufferIo } from "./io";

/** The exchange routes and tRPC over real HTTP on a loopback port, on the test database. */
const t = useTestDatabase();
let server: Server | undefined;
afterAll(() => server?.close());

function toRequest(req: IncomingMessage, base: string): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", base), {
    method: req.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
  } as RequestInit);
}

async function serve(db: Db): Promise<string> {
  setAppDatabase(Promise.resolve({ db } as Database));
  if (server) return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  server = createServer(async (req, res) => {
    const base = "http://127.0.0.1";
    const request = toRequest(req, base);
    const path = new URL(request.url).pathname;
    let answer: Response;
    let m: RegExpExecArray | null;
    if ((m = /^\/api\/export\/sites\/([^/]+)\/([^/]+)$/.exec(path))) answer = await siteExportRoute(request, { siteId: m[1]!, document: m[2]! });
    else if (path === "/api/import/site-file") answer = await siteFileImportRoute(request);
    else if ((m = /^\/api\/import\/sites\/([^/]+)\/netbox-cables$/.exec(path))) answer = await netboxCableImportRoute(request, { siteId: m[1]! });
    else
      answer = await fetchRequestHandler({ endpoint: "/api/trpc", req: request, router: appRouter, createContext: ({ resHeaders }) => createContext({ db, headers: request.headers, url: request.url, resHeaders }) });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    if (answer.body) for await (const chunk of Readable.fromWeb(answer.body as never)) res.write(chunk);
    res.end();
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function editorToken(ctx: { db: Db }) {
  const user = await createAccount(ctx.db, "cli-editor@example.com", "editor");
  const actor = { kind: "user" as const, userId: user.id, label: user.email, grants: [{ role: "editor" as const, siteId: null }] };
  return (await createApiToken({ db: ctx.db, actor }, { name: "cli", role: "editor" })).token;
}

describe("ferrule import and export", () => {
  it("export writes a site's document; import reports every unmatched row and changes nothing", () =>
    t.rollback(async (ctx) => {
      const { site } = await importSiteFile(ctx, { yaml: await readFile(DEMO_SITE_FILE, "utf8"), code: "DC1", name: "Demo Data Center 1" });
      const env = { FERRULE_URL: await serve(ctx.db), FERRULE_TOKEN: await editorToken(ctx) };
      const dir = await mkdtemp(join(tmpdir(), "ferrule-cli-"));

      const out = bufferIo();
      expect(await runExport(["netbox-cables.csv", "--site", "DC1", "--out", join(dir, "nb.csv")], out, env, false), out.stderr).toBe(0);
      const csv = await readFile(join(dir, "nb.csv"), "utf8");
      expect(csv.split("\r\n")[0]).toMatch(/^side_a_site,side_a_device/);
      expect(out.stderr).toMatch(/downloading/);

      const bad = csv.split("\r\n").slice(0, 1).concat(["Demo Data Center 1,spine9,dcim.interface,Ethernet1/9,Demo Data Center 1,MPO-A01,dcim.frontport,9,smf-os2,connected,,,,X,,2,m,,Ferrule type mpo12-typeB-ff-os2,"]).join("\r\n");
      await writeFile(join(dir, "bad.csv"), bad);
      const before = await fingerprint(ctx.db);
      const io = bufferIo();
      expect(await runImport(["netbox-cables", join(dir, "bad.csv"), "--site", site.id], io, env, false)).toBe(1);
      expect(io.stderr).toContain('bad.csv:2 side_a_device: device "spine9" is not in site DC1');
      expect(io.stderr).toMatch(/Nothing was imported/);
      expect(await fingerprint(ctx.db)).toBe(before);

      const yaml = bufferIo();
      expect(await runExport(["site.yaml", "--site", site.id, "--out", join(dir, "site.yaml")], yaml, env, false)).toBe(0);
      const imp = bufferIo();
      expect(await runImport(["site-file", join(dir, "site.yaml"), "--code", "DC9", "--name", "Copy"], imp, env, false), imp.stderr).toBe(0);
      expect(imp.stderr).toMatch(/uploading .* \(100%\)/);
      expect(imp.stderr).toMatch(/reading/);
      expect(JSON.parse(imp.stdout)).toMatchObject({ site: { code: "DC9", name: "Copy" } });
    }));

  it("exits 2 on a usage error and 1 when the token is refused", async () => {
    const io = bufferIo();
    expect(await runImport([], io, {}, false)).toBe(2);
    expect(await runImport(["site-file", "x.yaml"], io, { FERRULE_TOKEN: "x" }, false)).toBe(2);
    expect(io.stderr).toMatch(/--code is needed/);
    expect(await runExport(["nothing.pdf", "--site", "DC1"], io, { FERRULE_TOKEN: "x" }, false)).toBe(2);
    expect(await runExport(["site.yaml"], io, { FERRULE_TOKEN: "x" }, false)).toBe(2);
  });
});
