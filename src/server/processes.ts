import cluster, { type Worker } from "node:cluster";

/**
 * Several server processes on one machine (`FERRULE_PROCESSES`), sharing its port: the first process
 * starts them and hands each new connection to one in turn (node:cluster), and starts one again
 * if it dies. Each is an app server as on another machine — its own connections to PostgreSQL, its
 * own kept callers told of changes by the change feed, the plant's advisory locks shared through
 * PostgreSQL — so one Node thread no longer bounds what a machine of several cores answers.
 * PostgreSQL only: the embedded database's folder is one process's.
 */

/** Whether this process is the one that starts the others (and serves nothing itself). */
export const startsProcesses = (processes: number): boolean => processes > 1 && cluster.isPrimary;

/** This process's place among the server's processes, for its log lines ("" when it is the only one). */
export const processTag = (): string => (cluster.isWorker ? ` (process ${cluster.worker!.id})` : "");

/** A process that died this soon after it was started is not started again (a setting or the port
 *  is wrong: it would die again). */
const STEADY_AFTER_MS = 10_000;

/**
 * Starts `processes` server processes and keeps them running; SIGINT or SIGTERM is passed on to
 * each, and this process exits when they all have.
 */
export function runProcesses(processes: number, log: (m: string) => void): void {
  let closing = false;
  const started = new Map<Worker, number>();
  const start = () => started.set(cluster.fork(), Date.now());
  cluster.on("exit", (worker, code, signal) => {
    const since = started.get(worker) ?? 0;
    started.delete(worker);
    if (closing) {
      if (started.size === 0) process.exit(); // with the exit code set below, if a process failed at start
      return;
    }
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    if (Date.now() - since < STEADY_AFTER_MS) {
      log(`a server process stopped at start (${how}): stopping the others`);
      closing = true;
      process.exitCode = 1;
      for (const w of started.keys()) w.process.kill("SIGTERM");
      if (started.size === 0) process.exit();
      return;
    }
    log(`a server process stopped (${how}): starting another`);
    start();
  });
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    log(`${signal}: stopping ${started.size} server processes`);
    for (const w of started.keys()) w.process.kill(signal);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  log(`starting ${processes} server processes`);
  for (let i = 0; i < processes; i++) start();
}
