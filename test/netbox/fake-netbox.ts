/**
 * A NetBox REST API stand-in for tests: the objects of `fiberSiteApi()` served as NetBox serves
 * them — `limit`/`offset` pages of `{ count, next, previous, results }` with absolute `next`
 * links, `?slug=`, `?site_id=` and the template filters, one object at `/api/dcim/<kind>s/<id>/`,
 * `Authorization: Token <key>` required. It can fail requests transiently (503) to test retries,
 * and records every request (method and path) to prove the import only reads.
 */
import { createServer, type Server } from "node:http";
import { fiberSiteApi, type FiberSiteOptions } from "./fiber-site";

export interface FakeNetbox {
  readonly url: string;
  readonly requests: { method: string; path: string }[];
  /** Site options (a change in NetBox between two imports). */
  site: FiberSiteOptions;
  /** Answer 503 to every n-th request (0: never). */
  failEvery: number;
  close(): Promise<void>;
}

export const FAKE_NETBOX_TOKEN = "0123456789abcdef0123456789abcdef01234567";

type O = Record<string, unknown>;
const idOf = (v: unknown): number | undefined => (typeof v === "object" && v !== null ? ((v as O).id as number) : undefined);

export async function startFakeNetbox(port: number, pageSize = 5): Promise<FakeNetbox> {
  const state = { requests: [] as { method: string; path: string }[], site: {} as FiberSiteOptions, failEvery: 0 };
  let n = 0;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    state.requests.push({ method: req.method ?? "", path: url.pathname + url.search });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Token ${FAKE_NETBOX_TOKEN}`) return send(403, { detail: "Invalid token" });
    if (req.method !== "GET") return send(405, { detail: `Method "${req.method}" not allowed.` });
    if (state.failEvery > 0 && ++n % state.failEvery === 0) return send(503, { detail: "busy" });
    const api = fiberSiteApi(state.site);
    const one = /^(\/api\/dcim\/(?:device|module)-types\/)(\d+)\/$/.exec(url.pathname);
    if (one) {
      const hit = api.get(one[1]!)?.find((o) => o.id === Number(one[2]));
      return hit ? send(200, hit) : send(404, { detail: "Not found." });
    }
    let list = api.get(url.pathname);
    if (!list) return send(404, { detail: "Not found." });
    const q = url.searchParams;
    const devicesOf = (site: number) => new Set(api.get("/api/dcim/devices/")!.filter((d) => idOf(d.site) === site).map((d) => d.id as number));
    if (q.get("slug")) list = list.filter((o) => o.slug === q.get("slug"));
    if (q.get("site_id")) {
      const site = Number(q.get("site_id"));
      const devs = devicesOf(site);
      const ports = new Set(
        ["/api/dcim/interfaces/", "/api/dcim/front-ports/", "/api/dcim/rear-ports/"].flatMap((p) =>
          api.get(p)!.filter((o) => devs.has(idOf(o.device)!)).map((o) => `${p === "/api/dcim/interfaces/" ? "dcim.interface" : p === "/api/dcim/front-ports/" ? "dcim.frontport" : "dcim.rearport"}:${o.id as number}`),
        ),
      );
      list = list.filter((o) => {
        if ("site" in o) return idOf(o.site) === site;
        if ("device" in o) return devs.has(idOf(o.device)!);
        if ("a_terminations" in o) return [...(o.a_terminations as O[]), ...(o.b_terminations as O[])].some((t) => ports.has(`${t.object_type as string}:${t.object_id as number}`) || t.object_type === "dcim.powerport");
        return true;
      });
    }
    const dt = q.get("device_type_id") ?? q.get("devicetype_id");
    const mt = q.get("module_type_id") ?? q.get("moduletype_id");
    if (dt) list = list.filter((o) => idOf(o.device_type) === Number(dt));
    if (mt) list = list.filter((o) => idOf(o.module_type) === Number(mt));
    const limit = Math.min(Number(q.get("limit") ?? pageSize) || pageSize, pageSize);
    const offset = Number(q.get("offset") ?? 0) || 0;
    const page = list.slice(offset, offset + limit);
    const link = (off: number) => {
      const u = new URL(url.pathname + url.search, base);
      u.searchParams.set("limit", String(limit));
      u.searchParams.set("offset", String(off));
      return u.href;
    };
    send(200, { count: list.length, next: offset + limit < list.length ? link(offset + limit) : null, previous: offset > 0 ? link(Math.max(0, offset - limit)) : null, results: page });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EADDRINUSE") return reject(err);
      // Taken (another test run): any free port.
      server.listen(0, "127.0.0.1", resolve);
    });
    server.listen(port, "127.0.0.1", resolve);
  });
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return Object.assign(state, {
    url: base,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as FakeNetbox;
}
