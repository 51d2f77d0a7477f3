/**
 * Every setting the server reads from its environment, checked once at start: a bad value stops the
 * server with a message naming the variable and what it accepts, instead of a 500 on the first
 * request that needs it (or a limit that silently does nothing).
 */
import { ROLES } from "./db/schema/accounts";

type Env = Record<string, string | undefined>;

interface Setting {
  /** What the variable accepts, as said in the refusal. */
  accepts: string;
  /** Null when the value is fine, else nothing (the refusal says `accepts`). */
  valid(value: string, env: Env): boolean;
}

const oneOf = (...values: string[]): Setting => ({ accepts: `one of ${values.join(", ")}`, valid: (v) => values.includes(v) });
const integer = (min: number, max: number): Setting => ({
  accepts: `a whole number from ${min} to ${max}`,
  valid: (v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max,
});
const url = (protocols: string[]): Setting => ({
  accepts: `an absolute ${protocols.join(" or ")} URL`,
  valid: (v) => {
    try {
      return protocols.includes(new URL(v).protocol.replace(/:$/, ""));
    } catch {
      return false;
    }
  },
});
const text = (max: number): Setting => ({ accepts: `text of 1 to ${max} characters`, valid: (v) => v.trim().length > 0 && v.length <= max });

/** The variables the server reads. */
export const SERVER_SETTINGS: Record<string, Setting> = {
  FERRULE_DATA_DIR: text(4096),
  FERRULE_DIST_DIR: text(4096),
  FERRULE_DEMO: oneOf("0", "1"),
  FERRULE_SECURE_COOKIES: oneOf("0", "1"),
  FERRULE_MAX_BODY_BYTES: integer(1024, 1024 ** 3),
  FERRULE_MAX_BATCH: integer(8, 100), // the dashboard batches up to 8 calls
  FERRULE_MAX_REPLY_BYTES: integer(64 * 1024, 2 * 1024 ** 3),
  FERRULE_SIGN_IN_CONCURRENCY: integer(1, 64),
  FERRULE_TRUST_PROXY: integer(0, 5),
  FERRULE_MAX_IMPORT_BYTES: integer(1024, 4 * 1024 ** 3),
  FERRULE_JUDGE_WORKER_PORTS: integer(0, 100_000_000),
  FERRULE_SITE_FILE_WORKER_BYTES: integer(0, 4 * 1024 ** 3),
  FERRULE_PG_PREPARE: oneOf("0", "1"),
  FERRULE_KEEP_CALLERS: oneOf("0", "1"),
  FERRULE_PROCESSES: integer(1, 64),
  FERRULE_NETBOX_URLS: {
    accepts: "one or more absolute http or https URLs of NetBox servers, separated by commas",
    valid: (v) => v.split(",").every((u) => url(["http", "https"]).valid(u.trim(), {})),
  },
  FERRULE_PUBLIC_URL: {
    accepts: "one or more absolute http or https URLs (the addresses users open), separated by commas",
    valid: (v) => v.split(",").every((u) => url(["http", "https"]).valid(u.trim(), {})),
  },
  FERRULE_OIDC_ISSUER: url(["https", "http"]),
  FERRULE_OIDC_CLIENT_ID: text(500),
  FERRULE_OIDC_CLIENT_SECRET: text(4096),
  FERRULE_OIDC_REDIRECT_URI: url(["https", "http"]),
  FERRULE_OIDC_DEFAULT_ROLE: oneOf(...ROLES),
  FERRULE_OIDC_LABEL: text(80),
};

/** Variables of the command line, tests and benchmarks: the server does not read them. */
const NOT_SERVER = /^FERRULE_(URL|TOKEN|TEST_|E2E_|BENCH|WRITE_DOCS)/;

export interface ConfigCheck {
  errors: string[];
  warnings: string[];
}

export function checkConfig(env: Env = process.env): ConfigCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith("FERRULE_") || value === undefined) continue;
    const setting = SERVER_SETTINGS[name];
    if (!setting) {
      if (!NOT_SERVER.test(name)) warnings.push(`${name} is not a Ferrule setting and is ignored (known: ${Object.keys(SERVER_SETTINGS).join(", ")}).`);
      continue;
    }
    if (value === "" && name !== "FERRULE_OIDC_CLIENT_SECRET") continue; // empty means unset
    if (!setting.valid(value, env)) errors.push(`${name}=${JSON.stringify(value.slice(0, 100))} is not valid: it accepts ${setting.accepts}.`);
  }
  const issuer = env.FERRULE_OIDC_ISSUER?.trim();
  const client = env.FERRULE_OIDC_CLIENT_ID?.trim();
  if (Boolean(issuer) !== Boolean(client)) {
    errors.push(`FERRULE_OIDC_ISSUER and FERRULE_OIDC_CLIENT_ID are set together (single sign-on needs both; set both or neither).`);
  }
  if (serverProcesses(env) > 1 && !env.DATABASE_URL) {
    errors.push(`FERRULE_PROCESSES=${env.FERRULE_PROCESSES} needs DATABASE_URL: the embedded database's folder is one process's (leave FERRULE_PROCESSES unset, or set DATABASE_URL to a PostgreSQL database).`);
  }
  // 0: any free port (the tests use it).
  if (env.PORT !== undefined && env.PORT !== "" && !integer(0, 65535).valid(env.PORT, env)) {
    errors.push(`PORT=${JSON.stringify(env.PORT.slice(0, 100))} is not valid: it accepts a whole number from 0 to 65535.`);
  }
  return { errors, warnings };
}

function numberSetting(name: string, fallback: number, env: Env = process.env): number {
  const v = env[name];
  const setting = SERVER_SETTINGS[name]!;
  return v && setting.valid(v, env) ? Number(v) : fallback;
}

/** Largest tRPC batch (calls in one request). */
export const maxBatch = (env: Env = process.env) => numberSetting("FERRULE_MAX_BATCH", 10, env);
/** Largest tRPC reply, in bytes of JSON. */
export const maxReplyBytes = (env: Env = process.env) => numberSetting("FERRULE_MAX_REPLY_BYTES", 64 * 1024 * 1024, env);
/** Password hashes computed at once (each scrypt holds 128 MiB). */
export const signInConcurrency = (env: Env = process.env) => numberSetting("FERRULE_SIGN_IN_CONCURRENCY", 2, env);
/** Largest API request body. */
export const maxBodyBytes = (env: Env = process.env) => numberSetting("FERRULE_MAX_BODY_BYTES", 1024 * 1024, env);
/** Server processes on this machine, sharing its port (see processes.ts). */
export const serverProcesses = (env: Env = process.env) => numberSetting("FERRULE_PROCESSES", 1, env);
/** How many proxies in front of the server append to X-Forwarded-For (0: the socket's address is the client's). */
export const trustedProxies = (env: Env = process.env) => numberSetting("FERRULE_TRUST_PROXY", 0, env);

/** The client's address: the socket's, or with `proxies` trusted proxies in front, the address the
 *  outermost of them saw (the entry that many places from the right of X-Forwarded-For). Entries
 *  further left were written by the client and are not believed. */
export function clientAddress(socketAddress: string, forwardedFor: string | string[] | undefined, proxies: number): string {
  if (proxies <= 0 || !forwardedFor) return socketAddress;
  const list = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",").map((s) => s.trim()).filter(Boolean);
  return list[list.length - proxies] ?? list[0] ?? socketAddress;
}

/** The origins users reach this server at, when it runs behind a proxy that rewrites Host. */
export function publicOrigins(env: Env = process.env): string[] {
  const v = env.FERRULE_PUBLIC_URL;
  if (!v || !SERVER_SETTINGS.FERRULE_PUBLIC_URL!.valid(v, env)) return [];
  return v.split(",").map((u) => new URL(u.trim()).origin);
}
