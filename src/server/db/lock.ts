import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
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

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes `ferrule.lock` in the data folder with an exclusive create. A lock left by a process that no
 *  longer runs (killed with SIGKILL, power loss) is taken over; a live holder makes this throw. */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, "ferrule.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, `${process.pid}\n${new Date().toISOString()}\n`);
      closeSync(fd);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = Number.parseInt(readFileSync(file, "utf8").split("\n")[0] ?? "", 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new DataDirLockedError(dataDir, holder);
      }
      rmSync(file, { force: true }); // stale
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}`);
}
