import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../src/server/db/client";

/**
 * Runs once per `vitest run`. PGlite: builds one migrated database and dumps it, so each test file
 * loads a migrated copy in half a second instead of running initdb and the migrations again.
 * PostgreSQL (FERRULE_TEST_DRIVER=postgres): migrates TEST_DATABASE_URL once.
 */
export default async function setup(project: TestProject) {
  if (process.env.FERRULE_TEST_DRIVER === "postgres") {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error("FERRULE_TEST_DRIVER=postgres needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/ferrule_test).");
    const database = await openDatabase({ url });
    await database.close();
    return;
  }
  const database = await openDatabase({ dataDir: "memory://" });
  const client = (database.db as unknown as { $client: { dumpDataDir(c: "none"): Promise<Blob> } }).$client;
  const dump = await client.dumpDataDir("none");
  const file = path.join(tmpdir(), `ferrule-test-template-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide("pgliteTemplate", file);
  return () => rm(file, { force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
