import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite, type QueryOptions, type Results } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { AUTH_CHANGED_CHANNEL, pgliteChangeFeed, postgresChangeFeed, type ChangeFeed } from "./changes";
import { acquireDataDirLock, type DataDirLock } from "./lock";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The database handle every service takes: a pool, or a transaction opened by a caller. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  driver: "pglite" | "postgres";
  /** Where the data lives: the PGlite folder, or the PostgreSQL URL without its password. */
  location: string;
  close(): Promise<void>;
}

/** Extensions the schema uses, loaded into every embedded database (PostgreSQL ships them in contrib). */
export const PGLITE_EXTENSIONS = { pg_trgm };

export const migrationsFolder = path.join(/*turbopackIgnore: true*/ process.cwd(), "drizzle");

export function defaultDataDir(): string {
  const configured = process.env.FERRULE_DATA_DIR;
  return configured
    ? path.resolve(/*turbopackIgnore: true*/ configured)
    : path.join(/*turbopackIgnore: true*/ process.cwd(), ".ferrule", "pgdata");
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

export interface OpenOptions {
  /** PostgreSQL URL; when absent, the embedded PGlite database is used. */
  url?: string;
  /** PGlite data folder, or "memory://" for a throwaway in-memory database. */
  dataDir?: string;
  /** Apply committed migrations before returning (default true). */
  migrate?: boolean;
}

/** Several app servers may start at once on one PostgreSQL database: the first to take this
 *  session-level advisory lock applies the migrations, the others wait and then find nothing to do. */
async function migrateSerialised(client: postgres.Sql, migrate: () => Promise<void>): Promise<void> {
  const conn = await client.reserve();
  try {
    await conn`select pg_advisory_lock(hashtext('ferrule.migrations'))`;
    try {
      await migrate();
    } finally {
      await conn`select pg_advisory_unlock(hashtext('ferrule.migrations'))`;
    }
  } finally {
    conn.release();
  }
}

/** Statements with at most this many parameters are kept prepared on each connection. */
const PREPARE_UP_TO_PARAMS = 32;

/**
 * The query builder sends every statement unprepared, and postgres.js then asks the server for the
 * statement's parameter types before it can send the values: two round trips for every query with
 * parameters. Kept prepared on its connection (named, parsed once; with `force_custom_plan` still
 * planned for each call's values), a statement is one round trip from its second use. At 3,000 racks
 * that was a trace's four socket writes down to two. Statements with many parameters (a list of
 * ids written out, a batch of rows) vary with their length and are left unprepared, so a
 * connection keeps a bounded set. `FERRULE_PG_PREPARE=0` turns it off (for a pooler in transaction
 * mode that does not carry prepared statements).
 */
function preparingStatements(client: postgres.Sql): postgres.Sql {
  if (process.env.FERRULE_PG_PREPARE === "0") return client;
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, key, receiver) {
        const value = Reflect.get(t, key, receiver) as unknown;
        if (key === "unsafe")
          return (query: string, params?: unknown[], opts?: { prepare?: boolean }) =>
            (value as postgres.Sql["unsafe"]).call(t, query, params as never[], {
              ...opts,
              prepare: params !== undefined && params.length > 0 && params.length <= PREPARE_UP_TO_PARAMS ? true : (opts?.prepare ?? false),
            });
        // A transaction's and a savepoint's connection prepare the same way.
        if (key === "begin" || key === "savepoint")
          return (...args: unknown[]) => {
            const i = args.findIndex((a) => typeof a === "function");
            const work = args[i] as (sql: object) => unknown;
            args[i] = (sql: object) => work(wrap(sql));
            return (value as (...a: unknown[]) => unknown).apply(t, args);
          };
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(t) : value;
      },
    });
  return wrap(client);
}

const plannedOnce = new WeakMap<Db, Db>();

/**
 * The same database, planning each statement once (generic plans), for reads of a fixed shape whose
 * arrays hold a handful of ids, where the plan does not depend on them: a trace's part, the caller's
 * token or session. PostgreSQL planned a trace's statement afresh every time in 0.8–0.9 ms of its
 * 1.4–1.5 ms (`EXPLAIN ANALYZE` at 3,000 racks; the generic plan runs as fast), which at ten
 * concurrent traces is CPU the server's own thread needs; on the embedded database, planning in
 * WebAssembly was 2 ms of a 3.6 ms trace part (500 racks). Every other statement keeps custom plans
 * (see openDatabase), but for those a transaction asks to cache (`cachedPlans`: a bulk write's, and
 * a small change's judgement, which must read inside its transaction). PostgreSQL: a pool of its own; embedded: the one connection, each statement
 * prepared by name (see preparedOnce). A transaction answers with itself: what it reads must be read
 * in it.
 */
export function plannedOnceReads(db: Db): Db {
  return plannedOnce.get(db) ?? db;
}

/** Each database's feed of auth changes, started on first use (a CLI command that never resolves a
 *  caller opens no listening connection), closed with the database. */
const authFeeds = new WeakMap<Db, { start(): ChangeFeed; feed?: ChangeFeed }>();

/** The feed of changes to tokens, sessions, accounts and grants heard by this process on this
 *  database (see ChangeFeed), or undefined for a transaction: what it reads must be read in it. */
export function authChanges(db: Db): ChangeFeed | undefined {
  const entry = authFeeds.get(db);
  if (!entry) return undefined;
  entry.feed ??= entry.start();
  return entry.feed;
}

function closeAuthFeed(db: Db): Promise<void> {
  return authFeeds.get(db)?.feed?.close() ?? Promise.resolve();
}

/** A literal of a statement's parameter, or undefined for a value not written as one here. */
function literal(v: unknown): string | undefined {
  if (v === null || v === undefined) return "null";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return `'${v.replaceAll("'", "''")}'`; // standard_conforming_strings is on
  return undefined;
}

/**
 * The embedded database's one connection with its statements (up to PREPARE_UP_TO_PARAMS
 * parameters) prepared by name once and run with a generic plan. PGlite sends every statement
 * unnamed, planned anew each time; and the protocol's named statements are not reachable through
 * it, so this goes through SQL: `PREPARE` once, then `EXECUTE` with the values as literals, the
 * generic plan asked for around it in the same message (one message is one turn of the database:
 * no other statement runs under that setting). A statement PostgreSQL cannot prepare, or a value
 * not written as a literal here, runs as before.
 */
function preparedOnce(client: PGlite): PGlite {
  // Each text's statement name, or null where it could not be prepared; set before the PREPARE is
  // answered, so two first calls of one text prepare it once.
  const names = new Map<string, Promise<string | null>>();
  const query = async <T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> => {
    const values = params?.map(literal);
    if (!values || values.length === 0 || values.length > PREPARE_UP_TO_PARAMS || values.some((v) => v === undefined)) return client.query<T>(text, params, options);
    let named = names.get(text);
    if (!named) {
      const name = `ferrule_planned_${names.size + 1}`;
      named = client.exec(`prepare ${name} as ${text}`).then(
        () => name,
        () => null,
      );
      names.set(text, named);
    }
    const name = await named;
    if (name === null) return client.query<T>(text, params, options);
    const results = await client.exec(`set plan_cache_mode = force_generic_plan; execute ${name}(${values.join(", ")}); reset plan_cache_mode`, options);
    return results[1]! as Results<T>;
  };
  return new Proxy(client, {
    get(target, key) {
      if (key === "query") return query;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Opens the database: postgres.js when a URL is given, PGlite otherwise. PGlite allows one process per
 *  data folder, so the folder is locked first and a second server stops here with a clear message. */
export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const shouldMigrate = options.migrate ?? true;
  if (options.url) {
    // Custom plans always: the queries that read a part of the plant take arrays of ids, and a plan
    // cached for "any array" (after five runs of a statement) scans whole tables at campus size.
    // No JIT: the planner's estimate for a lookup in an array index (`ports @> array[…]`) is far
    // above jit_above_cost, so a page of 100 cables that runs in 6 ms spent 185 ms compiling
    // (measured at 3,000 racks); Ferrule's queries are index lookups and streamed reads, which JIT
    // does not speed up.
    const client = postgres(options.url, { max: 10, onnotice: () => {}, connection: { plan_cache_mode: "force_custom_plan", jit: "off" } });
    const db = drizzlePostgres({ client: preparingStatements(client), schema, casing: "snake_case" });
    // Connected on first use: a process that never traces opens none of these.
    const planned = postgres(options.url, { max: 10, onnotice: () => {}, connection: { application_name: "ferrule (plans kept)", plan_cache_mode: "force_generic_plan", jit: "off" } });
    plannedOnce.set(db as unknown as Db, drizzlePostgres({ client: preparingStatements(planned), schema, casing: "snake_case" }) as unknown as Db);
    const url = options.url;
    authFeeds.set(db as unknown as Db, { start: () => postgresChangeFeed(url, AUTH_CHANGED_CHANNEL) });
    if (shouldMigrate) await migrateSerialised(client, () => migratePostgres(db, { migrationsFolder }));
    return {
      db: db as unknown as Db,
      driver: "postgres",
      location: redactUrl(options.url),
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), planned.end({ timeout: 5 }), closeAuthFeed(db as unknown as Db)]);
      },
    };
  }

  const dataDir = options.dataDir ?? defaultDataDir();
  const inMemory = dataDir.startsWith("memory://");
  let lock: DataDirLock | undefined;
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    lock = acquireDataDirLock(dataDir);
  }
  try {
    const client = await PGlite.create({ ...(inMemory ? {} : { dataDir }), extensions: PGLITE_EXTENSIONS });
    const db = drizzlePglite({ client, schema, casing: "snake_case" });
    plannedOnce.set(db as unknown as Db, drizzlePglite({ client: preparedOnce(client), schema, casing: "snake_case" }) as unknown as Db);
    authFeeds.set(db as unknown as Db, { start: () => pgliteChangeFeed(client, AUTH_CHANGED_CHANNEL) });
    if (shouldMigrate) await migratePglite(db, { migrationsFolder });
    return {
      db: db as unknown as Db,
      driver: "pglite",
      location: inMemory ? "memory" : dataDir,
      close: async () => {
        try {
          await closeAuthFeed(db as unknown as Db);
          await client.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/** The process-wide database shared by the HTTP server and the Next.js route bundle. Next bundles route
 *  code apart from the server entry, so the instance lives on globalThis, not in a module variable. */
const GLOBAL_KEY = Symbol.for("ferrule.database");
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Promise<Database> };

export function setAppDatabase(database: Promise<Database>): void {
  (globalThis as GlobalWithDb)[GLOBAL_KEY] = database;
}

export function getAppDatabase(): Promise<Database> {
  const g = globalThis as GlobalWithDb;
  g[GLOBAL_KEY] ??= openDatabase({ url: process.env.DATABASE_URL || undefined });
  return g[GLOBAL_KEY];
}
