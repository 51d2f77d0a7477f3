/**
 * Reads one site from a running NetBox over its REST API: GET only (read-only on the NetBox side),
 * every list paged with `limit`/`offset` and followed through `next`, each request retried on a
 * transient failure (network error, 429, 502, 503, 504) with backoff, progress reported per page.
 */
import { API_LISTS, API_TEMPLATE_LISTS, SnapshotError, snapshotFromApiObjects, typeKey, type ApiObjects, type NbSnapshot } from "./site-snapshot";

export interface ApiProgress {
  /** The list being read (`devices`, `cables`, `templates`). */
  readonly list: string;
  readonly done: number;
  readonly total?: number;
}

export interface ApiSourceOptions {
  readonly url: string;
  readonly token: string;
  readonly slug: string;
  readonly onProgress?: (p: ApiProgress) => void;
  /** Objects per page (NetBox caps it at MAX_PAGE_SIZE, 1000 by default). */
  readonly pageSize?: number;
  /** Attempts per request, the first included. */
  readonly attempts?: number;
  /** Milliseconds before the first retry; doubled each time. */
  readonly backoffMs?: number;
  readonly fetchImpl?: typeof fetch;
}

const TRANSIENT = new Set([429, 502, 503, 504]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `Token <key>` for NetBox's classic tokens, `Bearer nbt_…` for v2 tokens (NetBox 4.5+). */
export const authorization = (token: string): string => (token.startsWith("nbt_") ? `Bearer ${token}` : `Token ${token}`);

export async function snapshotFromApi(opts: ApiSourceOptions): Promise<NbSnapshot> {
  let base: URL;
  try {
    base = new URL(opts.url);
  } catch {
    throw new SnapshotError(`"${opts.url}" is not a URL; give NetBox's address, e.g. https://netbox.example.com.`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") throw new SnapshotError(`NetBox's URL must be http or https, not ${base.protocol}`);
  const root = base.href.replace(/\/+$/, "").replace(/\/api$/, "");
  const doFetch = opts.fetchImpl ?? fetch;
  const attempts = opts.attempts ?? 4;
  const backoff = opts.backoffMs ?? 500;
  const progress = opts.onProgress ?? (() => undefined);

  async function get(href: string): Promise<unknown> {
    const target = new URL(href, root);
    if (target.origin !== new URL(root).origin) throw new SnapshotError(`NetBox answered a page link to another server (${target.origin}); refusing to follow it.`);
    let last = "";
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await sleep(backoff * 2 ** (i - 1));
      let res: Response;
      try {
        res = await doFetch(target, { method: "GET", headers: { Authorization: authorization(opts.token), Accept: "application/json" }, redirect: "error", signal: AbortSignal.timeout(60_000) });
      } catch (err) {
        last = `${target.pathname}: ${(err as Error).message}`;
        continue;
      }
      if (res.ok) {
        try {
          return await res.json();
        } catch {
          throw new SnapshotError(`${target.pathname}${target.search} did not answer JSON: is ${root} a NetBox?`);
        }
      }
      await res.body?.cancel();
      if (TRANSIENT.has(res.status)) {
        last = `${target.pathname}: HTTP ${res.status}`;
        const after = Number(res.headers.get("retry-after"));
        if (Number.isFinite(after) && after > 0) await sleep(Math.min(after, 10) * 1000);
        continue;
      }
      if (res.status === 401 || res.status === 403) throw new SnapshotError(`NetBox refused the token (HTTP ${res.status} on ${target.pathname}); a read-only token is enough.`);
      throw new SnapshotError(`NetBox answered HTTP ${res.status} on ${target.pathname}${target.search}.`);
    }
    throw new SnapshotError(`NetBox did not answer after ${attempts} attempts (${last}).`);
  }

  /** Every object of a list, following `next`. */
  async function list(name: string, path: string, query: Record<string, string>): Promise<unknown[]> {
    const q = new URLSearchParams({ ...query, limit: String(opts.pageSize ?? 1000), offset: "0" });
    let href: string | null = `${path}?${q}`;
    const out: unknown[] = [];
    while (href) {
      const page = await get(href);
      if (typeof page !== "object" || page === null || !Array.isArray((page as { results?: unknown }).results))
        throw new SnapshotError(`${path} did not answer a NetBox list ({ count, next, previous, results }).`);
      const p = page as { count?: unknown; next?: unknown; results: unknown[] };
      out.push(...p.results);
      progress({ list: name, done: out.length, ...(typeof p.count === "number" ? { total: p.count } : {}) });
      href = typeof p.next === "string" && p.next ? p.next : null;
      if (p.results.length === 0) href = null;
    }
    return out;
  }

  const [sitesList, ...rest] = API_LISTS;
  const sites = await list(sitesList.key, sitesList.path, { slug: opts.slug });
  const site = sites.find((s) => (s as { slug?: unknown }).slug === opts.slug) as { id?: unknown } | undefined;
  if (!site) throw new SnapshotError(`NetBox at ${root} has no site "${opts.slug}".`);
  const siteId = String(site.id);
  const lists: Record<string, readonly unknown[]> = { sites };
  for (const l of rest) {
    const objects = await list(l.key, l.path, { site_id: siteId });
    // Lists whose objects name their site keep only this site's (a NetBox that ignores the filter answers them all).
    lists[l.key] = objects.filter((o) => siteOf(o) === null || siteOf(o) === Number(siteId));
  }
  // The types the site uses, and their templates (filtered again here: 3.x calls the filter devicetype_id, 4.x device_type_id).
  const wanted = new Map<string, { kind: "device-type" | "module-type"; id: number }>();
  for (const d of lists.devices ?? []) {
    const id = (d as { device_type?: { id?: unknown } }).device_type?.id;
    if (typeof id === "number") wanted.set(typeKey("device-type", id), { kind: "device-type", id });
  }
  for (const m of lists.modules ?? []) {
    const id = (m as { module_type?: { id?: unknown } }).module_type?.id;
    if (typeof id === "number") wanted.set(typeKey("module-type", id), { kind: "module-type", id });
  }
  const types = new Map<string, unknown>();
  const templates = new Map<string, Record<string, readonly unknown[]>>() as Map<string, Record<string, readonly unknown[]>>;
  let n = 0;
  for (const [key, t] of wanted) {
    types.set(key, await get(`/api/dcim/${t.kind}s/${t.id}/`));
    const own: Record<string, readonly unknown[]> = {};
    const field = t.kind === "device-type" ? "device_type" : "module_type";
    const filter: Record<string, string> = t.kind === "device-type" ? { devicetype_id: String(t.id), device_type_id: String(t.id) } : { moduletype_id: String(t.id), module_type_id: String(t.id) };
    for (const l of API_TEMPLATE_LISTS) own[l.kind] = (await list(`templates`, l.path, filter)).filter((o) => (o as Record<string, { id?: unknown } | null>)[field]?.id === t.id);
    templates.set(key, own);
    progress({ list: "types", done: ++n, total: wanted.size });
  }
  return snapshotFromApiObjects(opts.slug, { lists: lists as ApiObjects["lists"], types, templates: templates as unknown as ApiObjects["templates"] });
}

/** The site id an API object names, or null when it names none. */
function siteOf(o: unknown): number | null {
  const id = (o as { site?: { id?: unknown } | null }).site?.id;
  return typeof id === "number" ? id : null;
}
