import { linkSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database folder ${dataDir} is in use by another Ferrule process (pid ${pid}). ` +
        `PGlite allows one process per data folder: stop that process first, or set FERRULE_DATA_DIR ` +
        `to another folder, or set DATABASE_URL to use PostgreSQL.`,
    );
    this.name = "DataDirLockedError";
  }
}

export interface DataDirLock {
  file: string;
  release(): void;
}

/** When a process started, in clock ticks since boot (Linux /proc), or null where that cannot be read.
 *  A PID is reused by the system; the PID with its start time names one process. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2 (the command) is in parentheses and may hold spaces: count fields after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null; // field 22 overall: starttime
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

interface Holder {
  pid: number;
  started: string | null;
}

/** Lock file: pid, start time of that process (or "-"), ISO time, a random nonce. */
function readHolder(text: string): Holder {
  const [pid, started] = text.split("\n");
  return { pid: Number.parseInt(pid ?? "", 10), started: started && started !== "-" && /^\d+$/.test(started) ? started : null };
}

/** Whether the process that wrote the lock is still the one running under that PID. */
export function holderAlive(holder: Holder): boolean {
  if (!Number.isInteger(holder.pid) || holder.pid <= 0) return false;
  if (holder.pid === process.pid) return false; // left by this very process earlier (e.g. a crashed open)
  if (!processAlive(holder.pid)) return false;
  if (holder.started === null) return true; // written where start times cannot be read: trust the PID
  const now = processStartTime(holder.pid);
  return now === null || now === holder.started; // another start time: the PID was reused by an unrelated process
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Creates `file` with `content` if it does not exist; false when it exists. The content is written to
 *  a file of this process's own first and then hard-linked under the name: link() is atomic and fails
 *  when the name exists, so no other process can ever read the lock empty or half written (an empty
 *  lock would read as a dead holder and be taken over while its writer also goes on as the winner). */
function createExclusive(file: string, content: string): boolean {
  const own = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(own, content, { flag: "wx" });
  try {
    linkSync(own, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  } finally {
    rmSync(own, { force: true });
  }
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/**
 * Takes `ferrule.lock` in the data folder with an exclusive create. A lock left by a process that no
 * longer runs (killed with SIGKILL, power loss), or whose PID now belongs to another process, is taken
 * over; a live holder makes this throw.
 *
 * Removing a stale lock is done by one process at a time: it holds `ferrule.lock.takeover` (itself
 * an exclusive create) while it checks that the lock is still the stale one it read and deletes it.
 * Then everyone competes with O_EXCL again, which exactly one process wins. Without that, two
 * processes taking over at the same instant could each delete the lock the other had just written.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, "ferrule.lock");
  const takeover = `${file}.takeover`;
  const content = `${process.pid}\n${processStartTime(process.pid) ?? "-"}\n${new Date().toISOString()}\n${randomBytes(8).toString("hex")}\n`;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (createExclusive(file, content)) {
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          if (readOrNull(file) === content) rmSync(file, { force: true });
        },
      };
    }
    const seen = readOrNull(file);
    if (seen === null) continue; // removed meanwhile: try again
    const holder = readHolder(seen);
    if (holderAlive(holder)) throw new DataDirLockedError(dataDir, holder.pid);
    if (createExclusive(takeover, content)) {
      try {
        if (readOrNull(file) === seen) rmSync(file, { force: true });
      } finally {
        rmSync(takeover, { force: true });
      }
    } else {
      // Another process is taking over right now (or died doing so: its takeover file is then stale).
      const other = readOrNull(takeover);
      sleepSync(5);
      if (other !== null && !holderAlive(readHolder(other)) && readOrNull(takeover) === other) rmSync(takeover, { force: true });
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}: other processes kept taking it over. Try again.`);
}
