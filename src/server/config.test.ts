import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkConfig, clientAddress, maxBatch, SERVER_SETTINGS } from "./config";

describe("settings checked at start", () => {
  it("refuses a mistyped role, naming the variable and the allowed values", () => {
    expect(checkConfig({ FERRULE_OIDC_ISSUER: "https://login.example.com", FERRULE_OIDC_CLIENT_ID: "ferrule", FERRULE_OIDC_DEFAULT_ROLE: "superuser" }).errors).toEqual([
      'FERRULE_OIDC_DEFAULT_ROLE="superuser" is not valid: it accepts one of viewer, editor, approver, admin.',
    ]);
  });

  it("checks every variable the server reads", () => {
    const bad: Record<string, string> = {
      FERRULE_DEMO: "yes",
      FERRULE_SECURE_COOKIES: "true",
      FERRULE_MAX_BODY_BYTES: "1mb",
      FERRULE_MAX_BATCH: "7",
      FERRULE_MAX_REPLY_BYTES: "-5",
      FERRULE_SIGN_IN_CONCURRENCY: "1e3",
      FERRULE_TRUST_PROXY: "yes",
      FERRULE_PUBLIC_URL: "ferrule.example.com",
      FERRULE_OIDC_ISSUER: "login.example.com",
      FERRULE_OIDC_CLIENT_ID: " ",
      FERRULE_OIDC_REDIRECT_URI: "/callback",
      FERRULE_OIDC_DEFAULT_ROLE: "root",
      FERRULE_OIDC_LABEL: "x".repeat(200),
      FERRULE_DATA_DIR: " ",
      FERRULE_DIST_DIR: " ",
      FERRULE_OIDC_CLIENT_SECRET: "",
      FERRULE_MAX_IMPORT_BYTES: "200MB",
      FERRULE_JUDGE_WORKER_PORTS: "-1",
      FERRULE_NETBOX_URLS: "netbox.example.com",
      FERRULE_SITE_FILE_WORKER_BYTES: "4MB",
      FERRULE_PG_PREPARE: "no",
      FERRULE_KEEP_CALLERS: "false",
      FERRULE_PROCESSES: "0",
    };
    const { errors } = checkConfig(bad);
    for (const name of Object.keys(SERVER_SETTINGS)) expect(errors.some((e) => e.startsWith(`${name}=`)), name).toBe(true);
    expect(checkConfig({ PORT: "http" }).errors).toEqual(['PORT="http" is not valid: it accepts a whole number from 0 to 65535.']);
  });

  it("accepts good values, and warns about a name it does not know", () => {
    const good = checkConfig({
      FERRULE_DEMO: "0",
      FERRULE_MAX_BODY_BYTES: "2097152",
      FERRULE_MAX_BATCH: "20",
      FERRULE_PUBLIC_URL: "https://ferrule.example.com, http://10.0.0.5:3000",
      FERRULE_OIDC_ISSUER: "https://login.example.com/realms/dc",
      FERRULE_OIDC_CLIENT_ID: "ferrule",
      FERRULE_OIDC_DEFAULT_ROLE: "viewer",
      FERRULE_TOKEN: "frl_x",
      FERRULE_TEST_DRIVER: "postgres",
      FERRULE_DEM0: "0",
      PORT: "3000",
    });
    expect(good.errors).toEqual([]);
    expect(good.warnings).toEqual([expect.stringMatching(/^FERRULE_DEM0 is not a Ferrule setting/)]);
    expect(maxBatch({ FERRULE_MAX_BATCH: "20" })).toBe(20);
    expect(maxBatch({})).toBe(10);
  });

  it("believes X-Forwarded-For only as far as the trusted proxies go", () => {
    expect(clientAddress("10.0.0.2", "6.6.6.6, 203.0.113.9", 0)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", "6.6.6.6, 203.0.113.9", 1)).toBe("203.0.113.9"); // the client wrote 6.6.6.6 itself
    expect(clientAddress("10.0.0.2", "203.0.113.9, 10.0.0.7", 2)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.2", undefined, 1)).toBe("10.0.0.2");
  });

  it("knows every FERRULE_ variable the code reads (one it did not know would be called ignored at start)", () => {
    const read = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(ts|tsx|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
          for (const m of readFileSync(path, "utf8").matchAll(/env\.(FERRULE_[A-Z0-9_]+)/g)) read.add(m[1]!);
      }
    };
    walk("src");
    expect(read.size).toBeGreaterThan(15);
    const unknown = [...read].filter((name) => checkConfig({ [name]: "1" }).warnings.length > 0);
    expect(unknown).toEqual([]);
  });

  it("runs several processes only on PostgreSQL", () => {
    expect(checkConfig({ FERRULE_PROCESSES: "2" }).errors).toEqual([
      "FERRULE_PROCESSES=2 needs DATABASE_URL: the embedded database's folder is one process's (leave FERRULE_PROCESSES unset, or set DATABASE_URL to a PostgreSQL database).",
    ]);
    expect(checkConfig({ FERRULE_PROCESSES: "2", DATABASE_URL: "postgres://ferrule@db/ferrule" }).errors).toEqual([]);
    expect(checkConfig({ FERRULE_PROCESSES: "1" }).errors).toEqual([]);
  });

  it("the server stops before opening anything when a setting is bad", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
      env: { ...process.env, FERRULE_OIDC_ISSUER: "https://login.example.com", FERRULE_OIDC_CLIENT_ID: "c", FERRULE_OIDC_DEFAULT_ROLE: "superuser", DATABASE_URL: "postgres://nobody@127.0.0.1:1/none", PORT: "3219" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("FERRULE_OIDC_DEFAULT_ROLE=\"superuser\" is not valid: it accepts one of viewer, editor, approver, admin.");
    expect(run.stderr).toContain("not started");
  });
});
