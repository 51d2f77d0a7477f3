import type { Db } from "../db/client";
import type { ServiceContext } from "./context";

/** Runs a use case in one transaction: everything it writes lands, or nothing does. When the caller
 *  already holds a transaction (a larger use case, a test), this nests as a savepoint. */
export function inTransaction<T>(ctx: ServiceContext, work: (tx: ServiceContext) => Promise<T>): Promise<T> {
  return ctx.db.transaction((tx) => work({ ...ctx, db: tx as unknown as Db }));
}
