import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { systemActor } from "../src/server/auth/actor";
import { openDatabase } from "../src/server/db/client";
import { acquireDataDirLock, DataDirLockedError, processStartTime } from "../src/server/db/lock";
import { listSites } from "../src/server/services/sites/list-sites";

/** PGlite lets two processes open one folder and corrupt it; Ferrule's lock must stop the second. */
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

function holdDatabase(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/hold-database.ts", dataDir], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("ready")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`holder exited early (${code}): ${out}`)));
  });
}

// Each case starts one or two Node processes with their own PGlite: slow on a loaded 2-core machine.
describe("embedded database folder", { timeout: 180_000 }, () => {
  it("refuses a second opener, then opens cleanly after the holder's SIGTERM", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ferrule-lock-"));
    const holder = await holdDatabase(dataDir);

    const second = await openDatabase({ dataDir }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(DataDirLockedError);
    expect((second as Error).message).toContain(`pid ${holder.pid}`);
    expect((second as Error).message).toContain("FERRULE_DATA_DIR");

    const exited = new Promise<number | null>((resolve) => holder.on("exit", resolve));
    holder.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(existsSync(path.join(dataDir, "ferrule.lock"))).toBe(false);

    const reopened = await openDatabase({ dataDir });
    try {
      expect((await listSites({ db: reopened.db, actor: systemActor("test") })).map((s) => s.name)).toEqual(["Held"]);
    } finally {
      await reopened.close();
    }
  });

  it("the server itself stops at start with a clear message when the folder is in use", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ferrule-lock-"));
    const holder = await holdDatabase(dataDir);
    const server = spawnSync(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
      env: { ...process.env, FERRULE_DATA_DIR: dataDir, DATABASE_URL: "", PORT: "0" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(server.status).toBe(1);
    expect(server.stderr).toContain(`is in use by another Ferrule process (pid ${holder.pid})`);
    holder.kill("SIGTERM");
  });

  it("takes over a lock left by a process that no longer runs", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ferrule-lock-"));
    const holder = await holdDatabase(dataDir);
    const exited = new Promise((resolve) => holder.on("exit", resolve));
    holder.kill("SIGKILL"); // no chance to clean up: the lock stays behind
    await exited;
    expect(existsSync(path.join(dataDir, "ferrule.lock"))).toBe(true);
    const reopened = await openDatabase({ dataDir });
    try {
      expect((await listSites({ db: reopened.db, actor: systemActor("test") })).map((s) => s.name)).toEqual(["Held"]);
    } finally {
      await reopened.close();
    }
  });
});

describe("taking over a stale lock", { timeout: 180_000 }, () => {
  const staleLock = (dataDir: string, pid: number, started: string) =>
    writeFileSync(path.join(dataDir, "ferrule.lock"), `${pid}\n${started}\n2026-01-01T00:00:00.000Z\nabcdef\n`);

  it("a lock whose PID now belongs to an unrelated process is stale, not 'another Ferrule process'", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ferrule-lock-"));
    const unrelated = spawn("sleep", ["60"]);
    children.push(unrelated);
    const real = processStartTime(unrelated.pid!);
    expect(real).not.toBeNull();
    staleLock(dataDir, unrelated.pid!, String(Number(real) + 1)); // same PID, another start: reused
    const lock = acquireDataDirLock(dataDir);
    expect(readFileSync(lock.file, "utf8").split("\n")[0]).toBe(String(process.pid));
    lock.release();
    // The same PID with its real start time is the live holder.
    staleLock(dataDir, unrelated.pid!, real!);
    expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
  });

  it("processes taking over one stale lock at the same instant: exactly one wins, every round", async () => {
    for (let round = 0; round < 4; round++) {
      const dataDir = mkdtempSync(path.join(tmpdir(), "ferrule-lock-"));
      staleLock(dataDir, 999_999_999, "1"); // no such process
      const at = Date.now() + 4000;
      const runs = Array.from({ length: 4 }, () => {
        const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/race-lock.ts", dataDir, String(at)], { stdio: ["ignore", "pipe", "inherit"] });
        children.push(child);
        return new Promise<string>((resolve) => {
          let out = "";
          child.stdout!.on("data", (c: Buffer) => {
            out += c.toString();
            if (out.includes("\n")) resolve(out.trim());
          });
          child.on("exit", () => resolve(out.trim()));
        });
      });
      const outcomes = await Promise.all(runs);
      for (const child of children.splice(0)) child.kill("SIGKILL");
      expect(outcomes.filter((o) => o === "won"), `round ${round}: ${outcomes.join(", ")}`).toHaveLength(1);
      expect(outcomes.filter((o) => o === "lost DataDirLockedError")).toHaveLength(3);
    }
  });
});
