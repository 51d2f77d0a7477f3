import type { ChangeFeed } from "../../db/changes";
import { authChanges, type Db } from "../../db/client";

/** How long a recognised caller is kept at most, even when no change was heard. */
export const AUTH_KEPT_MS = 60_000;
/** How many callers a process keeps; past it, the longest kept is forgotten first. */
export const AUTH_KEPT_MAX = 10_000;

interface Kept<V> {
  value: V;
  until: number;
}

/**
 * Recognised callers (an API token's or a session's row, by the hash of its secret), kept by one
 * server process so a request does not read them again: at ten concurrent traces the token's
 * statement was one of the two the server waited for on every request. Kept only while the feed of
 * the database's auth changes is live and silent (see ChangeFeed): a revocation, an ended session,
 * a changed grant or account, heard from any process on the database, forgets everything kept, and
 * so does this process's own such change before its next request. A value is also given up when
 * `stillValid` says so (its expiry passed) and after AUTH_KEPT_MS. Unknown secrets are not kept, so
 * guessing fills nothing.
 */
export class AuthCache<V> {
  private kept = new Map<string, Kept<V>>();
  private generation: number;
  hits = 0;
  misses = 0;

  constructor(
    private readonly feed: Pick<ChangeFeed, "generation" | "live">,
    private readonly stillValid: (value: V, now: number) => boolean = () => true,
    private readonly now: () => number = Date.now,
  ) {
    this.generation = feed.generation;
  }

  async read(key: string, load: () => Promise<V | null>): Promise<V | null> {
    if (this.generation !== this.feed.generation) {
      this.kept.clear();
      this.generation = this.feed.generation;
    }
    const now = this.now();
    const hit = this.kept.get(key);
    if (hit && hit.until > now && this.feed.live && this.stillValid(hit.value, now)) {
      this.hits++;
      return hit.value;
    }
    if (hit) this.kept.delete(key);
    this.misses++;
    const generation = this.feed.generation;
    const value = await load();
    // Kept only when no change was heard while it was read: the read may have begun before it.
    if (value !== null && this.feed.live && this.feed.generation === generation) {
      if (this.kept.size >= AUTH_KEPT_MAX) this.kept.delete(this.kept.keys().next().value!);
      this.kept.set(key, { value, until: this.now() + AUTH_KEPT_MS });
    }
    return value;
  }
}

const caches = new WeakMap<ChangeFeed, Map<string, AuthCache<unknown>>>();

/** A caller of one kind by the hash of its secret: kept by this process (see AuthCache), or read
 *  with `read` — every time for a transaction or with FERRULE_KEEP_CALLERS=0. */
export function readCaller<V>(db: Db, kind: string, key: string, stillValid: (value: V, now: number) => boolean, read: () => Promise<V | null>): Promise<V | null> {
  const kept = keptCallers(db, kind, stillValid);
  return kept ? kept.read(key, read) : read();
}

/** This process's kept callers of one kind on a database, or undefined for a transaction. */
function keptCallers<V>(db: Db, kind: string, stillValid: (value: V, now: number) => boolean): AuthCache<V> | undefined {
  if (process.env.FERRULE_KEEP_CALLERS === "0") return undefined; // behind a pooler that does not carry LISTEN
  const feed = authChanges(db);
  if (!feed) return undefined;
  let kinds = caches.get(feed);
  if (!kinds) caches.set(feed, (kinds = new Map()));
  let cache = kinds.get(kind) as AuthCache<V> | undefined;
  if (!cache) kinds.set(kind, (cache = new AuthCache<V>(feed, stillValid)) as unknown as AuthCache<unknown>);
  return cache;
}

/** Forgets every caller this process keeps for the database: call after committing a change to
 *  tokens, sessions, accounts or grants, so this process's next request does not wait for the
 *  database's notification to arrive. */
export function forgetKeptCallers(db: Db): void {
  authChanges(db)?.changed();
}

/** How often this process found a caller of one kind kept, and how often it read one (benchmarks, tests). */
export function keptCallerCounts(db: Db, kind: string): { hits: number; misses: number } {
  const feed = authChanges(db);
  const cache = feed && caches.get(feed)?.get(kind);
  return { hits: cache?.hits ?? 0, misses: cache?.misses ?? 0 };
}
