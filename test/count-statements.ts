import type { Db } from "../src/server/db/client";

/** Savepoints are the transaction's own: PGlite's are sent as statements, postgres.js sends its own. */
const SAVEPOINT = /^\s*(savepoint|release savepoint|rollback to savepoint)\b/i;

/**
 * A handle on `db` that records the text of every statement a service sends through it, in the
 * transactions and savepoints it opens too — on either driver the same list (savepoints left out).
 * For tests that hold a use case to its round trips: a count, never a time.
 */
export function countingStatements(db: Db): { db: Db; sent: string[] } {
  const sent: string[] = [];
  const counting = new WeakSet<object>();
  const sessionOf = (session: object): object => {
    if (counting.has(session)) return session;
    const proxy = new Proxy(session, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key !== "prepareQuery" || typeof value !== "function") return value;
        return (query: { sql: string }, ...rest: unknown[]) => {
          if (!SAVEPOINT.test(query.sql)) sent.push(query.sql);
          return (value as (...a: unknown[]) => unknown).call(target, query, ...rest);
        };
      },
    });
    counting.add(proxy);
    return proxy;
  };
  const wrap = (handle: Db): Db =>
    new Proxy(handle, {
      get(target, key, receiver) {
        if (key === "session") return sessionOf(Reflect.get(target, key, receiver) as object);
        if (key === "transaction")
          return (work: (tx: Db) => Promise<unknown>, config?: unknown) =>
            (target.transaction as (w: (tx: Db) => Promise<unknown>, c?: unknown) => Promise<unknown>).call(receiver, (tx) => work(wrap(tx)), config);
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
  return { db: wrap(db), sent };
}
