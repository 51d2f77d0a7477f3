import type { Server } from "node:http";
import type { Database } from "./db/client";

/** On SIGINT or SIGTERM: stop accepting requests, close the database (PGlite flushes and the data
 *  folder lock is released), exit 0. A second signal, from 2 s after the first, exits at once. */
export function closeOnSignals(database: Database, server: Server | undefined, log: (m: string) => void) {
  let closing = 0;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (closing) {
      // One of several server processes hears a stop twice: from the terminal and from the process
      // that started it (processes.ts).
      if (Date.now() - closing < 2_000) return;
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    closing = Date.now();
    log(`${signal}: shutting down`);
    server?.close();
    server?.closeAllConnections();
    try {
      await database.close();
      log("database closed");
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGINT", (s) => void shutdown(s));
  process.on("SIGTERM", (s) => void shutdown(s));
}
