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

/** Whether another process started this one (its settings were checked and said there). */
export const startedByAnother = (): boolean => cluster.isWorker;

/** This process's place among the server's processes, for its log lines ("" when it is the only one). */
export const processTag = (): string => (cluster.isWorker ? ` (process ${cluster.worker!.id})` : "");

/**
 * Starts `processes` server processes and keeps them running; SIGINT or SIGTERM is passed on to
 * each, and this process exits when they all have. One that stops before it listens (a setting, the
 * database or the port is wrong: it would stop again) stops them all, with exit code 1; one that
 * stops later is started again.
 */
export function runProcesses(processes: number, log: (m: string) => void): void {
  let closing = false;
  const running = new Set<Worker>();
  const listening = new WeakSet<Worker>();
  const start = () => running.add(cluster.fork());
  cluster.on("listening", (worker) => listening.add(worker));
  cluster.on("exit", (worker, code, signal) => {
    running.delete(worker);
    if (closing) {
      if (running.size === 0) process.exit(); // with the exit code set below, if one failed at start
      return;
    }
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    if (!listening.has(worker)) {
      log(`a server process stopped before it served (${how}): stopping the others`);
      closing = true;
      process.exitCode = 1;
      for (const w of running) w.process.kill("SIGTERM");
      if (running.size === 0) process.exit();
      return;
    }
    log(`a server process stopped (${how}): starting another`);
    start();
  });
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    log(`${signal}: stopping ${running.size} server processes`);
    for (const w of running) w.process.kill(signal);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  log(`starting ${processes} server processes`);
  for (let i = 0; i < processes; i++) start();
}
