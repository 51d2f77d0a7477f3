import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/** Playwright drives the system's Chromium (Debian's `chromium` package); it never downloads one. */
export const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!existsSync(chromiumPath)) {
  throw new Error(
    `No Chromium at ${chromiumPath}. Install it with "apt-get update && apt-get install -y chromium", ` +
      `or set CHROMIUM_PATH to a Chromium or Chrome binary.`,
  );
}

/** Where the server under test listens (E2E_PORT, default 3100): set it when 3100 is taken. */
const port = Number(process.env.E2E_PORT ?? 3100);
/** The production build the tests run: their own folder (npm run build:test), never the .next a
 *  running demo serves. */
// Set in the environment too, so specs that start servers of their own (replicas) serve the same build.
process.env.FERRULE_DIST_DIR ||= ".next-test";
const distDir = process.env.FERRULE_DIST_DIR;
if (!existsSync(path.join(distDir, "BUILD_ID"))) {
  throw new Error(`No production build in ${distDir}: run "npm run build:test" first (npm test and npm run test:e2e do), or set FERRULE_DIST_DIR to the folder you built.`);
}
// A fresh embedded database for every run, shared by the config in the runner and its workers.
process.env.FERRULE_E2E_DATA_DIR ??= path.join(tmpdir(), `ferrule-e2e-${process.pid}-${Date.now()}`);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"], storageState: "e2e/.auth/admin.json" }, dependencies: ["setup"] },
  ],
  webServer: {
    // The production build (npm test builds first), on its own embedded database with the demo site.
    command: "node --import tsx src/server/main.ts",
    url: `http://127.0.0.1:${port}/`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      FERRULE_DATA_DIR: process.env.FERRULE_E2E_DATA_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      FERRULE_DIST_DIR: distDir,
      DATABASE_URL: "",
      // Every uploaded site file through the worker thread, as a campus's file goes (in place: the integration tests).
      FERRULE_SITE_FILE_WORKER_BYTES: "0",
    },
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
