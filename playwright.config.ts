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

const port = Number(process.env.E2E_PORT ?? 3100);
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
      DATABASE_URL: "",
    },
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
