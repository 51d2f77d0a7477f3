import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { systemActor } from "../src/server/auth/actor";
import { openDatabase } from "../src/server/db/client";
import { DataDirLockedError } from "../src/server/db/lock";
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
