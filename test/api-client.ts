import { handleTrpcRequest } from "../src/server/api/http-handler";
import { appRouter } from "../src/server/api/root";
import type { Role } from "../src/server/auth/actor";
import { hashPassword } from "../src/server/auth/passwords";
import type { Db } from "../src/server/db/client";
import { newSecret, sha256 } from "../src/server/auth/secrets";
import { roleGrants, sessions, users } from "../src/server/db/schema";
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from "../src/server/http/cookies";

export interface ApiResponse {
  status: number;
  data?: unknown;
  error?: { message: string; code: string; fieldErrors: Record<string, string> | null };
}

type ProcedureDef = { _def: { type: "query" | "mutation" | "subscription"; meta?: { access?: string } } };

/** Every procedure of the router by dotted path, with its type and declared access. */
export function procedures(): { path: string; type: "query" | "mutation"; access: string | undefined }[] {
  const record = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;
  return Object.entries(record).map(([path, p]) => ({ path, type: p._def.type as "query" | "mutation", access: p._def.meta?.access }));
}

/**
 * Calls the API the way a browser or script does: real HTTP requests through tRPC's fetch adapter, with
 * a cookie jar, the CSRF header echoed from its cookie, or a Bearer token.
 */
export class ApiClient {
  readonly cookies = new Map<string, string>();
  /** The response headers of the last call. */
  lastHeaders = new Headers();
  constructor(
    private readonly db: Db,
    private readonly opts: { bearer?: string; origin?: string; sendCsrf?: boolean } = {},
  ) {}

  async call(path: string, input?: unknown): Promise<ApiResponse> {
    const proc = procedures().find((p) => p.path === path);
    if (!proc) throw new Error(`no procedure ${path}`);
    const body = JSON.stringify({ json: input });
    const headers = new Headers({ "content-type": "application/json", host: "ferrule.test" });
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; "));
    const csrf = this.cookies.get(CSRF_COOKIE);
    if (csrf && this.opts.sendCsrf !== false) headers.set(CSRF_HEADER, csrf);
    if (this.opts.bearer) headers.set("authorization", `Bearer ${this.opts.bearer}`);
    if (this.opts.origin) headers.set("origin", this.opts.origin);
    const url =
      proc.type === "query" ? `http://ferrule.test/api/trpc/${path}?input=${encodeURIComponent(body)}` : `http://ferrule.test/api/trpc/${path}`;
    const res = await handleTrpcRequest(new Request(url, { method: proc.type === "query" ? "GET" : "POST", body: proc.type === "query" ? undefined : body, headers }), this.db, (_path, error) =>
      console.error(`[api-client] 500 on ${path}:`, error),
    );
    this.lastHeaders = res.headers;
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq);
      const value = decodeURIComponent(pair!.slice(eq + 1));
      if (value === "" || /Max-Age=0/.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const json = (await res.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string; data: { code: string; fieldErrors: Record<string, string> | null } } } };
    return {
      status: res.status,
      data: json.result?.data.json,
      error: json.error ? { message: json.error.json.message, code: json.error.json.data.code, fieldErrors: json.error.json.data.fieldErrors } : undefined,
    };
  }

  /** Opens a session for the account directly in the database (no password hashing: fast). The
   *  sign-in procedure itself is tested on its own. */
  async actAs(user: { id: string }): Promise<this> {
    const token = newSecret();
    const csrfToken = newSecret();
    await this.db.insert(sessions).values({ tokenHash: sha256(token), userId: user.id, csrfToken, expiresAt: new Date(Date.now() + 3_600_000) });
    this.cookies.set(SESSION_COOKIE, token);
    this.cookies.set(CSRF_COOKIE, csrfToken);
    return this;
  }

  async signIn(email: string, password = TEST_PASSWORD): Promise<this> {
    const res = await this.call("auth.signIn", { email, password });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.error?.message}`);
    return this;
  }
}

export const TEST_PASSWORD = "correct horse battery staple";
let testHash: Promise<string> | undefined;

/** An account with a global role (or none), created directly in the database. */
export async function createAccount(db: Db, email: string, role: Role | null, siteRoles: { siteId: string; role: Role }[] = []) {
  testHash ??= hashPassword(TEST_PASSWORD);
  const [user] = await db.insert(users).values({ email, name: email.split("@")[0]!, passwordHash: await testHash }).returning();
  if (role) await db.insert(roleGrants).values({ userId: user!.id, siteId: null, role });
  for (const g of siteRoles) await db.insert(roleGrants).values({ userId: user!.id, siteId: g.siteId, role: g.role });
  return user!;
}
