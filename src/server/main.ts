/**
 * The Ferrule server: opens the database (the embedded PGlite folder is locked for this process, or
 * PostgreSQL when DATABASE_URL is set), applies the committed migrations, seeds the demo site on an
 * empty database, and only then starts serving. SIGINT/SIGTERM close PGlite and release the lock.
 *
 *   tsx src/server/main.ts          production (after `next build`)
 *   tsx src/server/main.ts --dev    development, with hot reload
 */
import { createServer } from "node:http";
import next from "next";
import { checkConfig, clientAddress, serverProcesses, trustedProxies } from "./config";
import { sql } from "drizzle-orm";
import { openDatabase, setAppDatabase, type Database, type Db } from "./db/client";
import { DataDirLockedError } from "./db/lock";
import { CLIENT_IP_HEADER } from "./http/cookies";
import { refuseOversizedBody } from "./http/limits";
import { isTrpcRequest, serveTrpc } from "./http/trpc-direct";
import { closeOnSignals } from "./lifecycle";
import { processTag, runProcesses, startedByAnother, startsProcesses } from "./processes";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts, seedDemoSite } from "./services/demo/seed-demo";
import { systemActor } from "./auth/actor";

const dev = process.argv.includes("--dev");
const port = Number.parseInt(process.env.PORT ?? "3000", 10);
const host = process.env.HOST || undefined;

function log(message: string) {
  console.log(`[ferrule]${processTag()} ${message}`);
}

async function openOrExit(): Promise<Database> {
  try {
    return await openDatabase({ url: process.env.DATABASE_URL || undefined });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(`[ferrule] ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}

async function main() {
  // Development serves one process (its hot reload watches the files once).
  const processes = dev ? 1 : serverProcesses();
  const config = checkConfig();
  // Said once, by the process that starts the others (or the only one).
  if (!startedByAnother()) for (const w of config.warnings) console.warn(`[ferrule] ${w}`);
  if (config.errors.length > 0) {
    for (const e of config.errors) console.error(`[ferrule] ${e}`);
    console.error("[ferrule] not started: fix the settings above.");
    process.exit(1);
  }
  if (startsProcesses(processes)) return runProcesses(processes, log);
  const database = await openOrExit();
  log(`database: ${database.driver} (${database.location}), migrations applied`);

  const server = createServer();
  closeOnSignals(database, server, log);

  if (process.env.FERRULE_DEMO !== "0") {
    // Several servers may start at once on one PostgreSQL database: one seeds, the others then find it done.
    const seeded = await database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('ferrule.demo_seed'))`);
      const system = { db: tx as unknown as Db, actor: systemActor("demo seed") };
      return { accounts: await seedDemoAccounts(system), site: await seedDemoSite(system) };
    });
    if (seeded.accounts) log(`demo accounts created, password "${DEMO_PASSWORD}": ${DEMO_ACCOUNTS.map((a) => `${a.email} (${a.role})`).join(", ")}`);
    if (seeded.site) log("empty database: demo site seeded (set FERRULE_DEMO=0 to skip)");
  }
  setAppDatabase(Promise.resolve(database));

  const app = next({ dev, dir: process.cwd(), port, hostname: host });
  await app.prepare();
  const handle = app.getRequestHandler();
  const proxies = trustedProxies();
  server.on("request", (req, res) => {
    if (refuseOversizedBody(req, res)) return;
    // The client's address as the socket saw it, for the audit trail and sign-in throttling.
    req.headers[CLIENT_IP_HEADER] = clientAddress(req.socket.remoteAddress ?? "", req.headers["x-forwarded-for"], proxies);
    if (!dev && isTrpcRequest(req.url)) void serveTrpc(req, res, database.db, (path, error) => console.error(`[ferrule] tRPC ${path ?? "?"} failed:`, error));
    else void handle(req, res);
  });
  server.on("error", async (err: NodeJS.ErrnoException) => {
    console.error(err.code === "EADDRINUSE" ? `[ferrule] port ${port} is already in use: set PORT to another port.` : err);
    await database.close();
    process.exit(1);
  });
  server.listen(port, host, () => log(`ready on http://${host ?? "localhost"}:${port} (${dev ? "development" : "production"})`));
}

main().catch((err: unknown) => {
  console.error("[ferrule] failed to start:", err);
  process.exit(1);
});
