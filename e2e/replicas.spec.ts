/**
 * Several app servers on one PostgreSQL database: two production servers (the build under test)
 * started at the same moment on one fresh database. A session made on one works on the other,
 * sign-in throttling counts across both, two applies of one plan and two imports racing for one port
 * serialise, and a token revoked on one is refused by the other at once. The second server runs as
 * two processes sharing its port (FERRULE_PROCESSES=2), as a machine of several cores would run it.
 *
 * Needs TEST_DATABASE_URL (a PostgreSQL server where it may create a database); skipped without it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { CSRF_COOKIE, CSRF_HEADER } from "../src/server/http/cookies";

const url = process.env.TEST_DATABASE_URL;
const basePort = Number(process.env.E2E_PORT ?? 3100);
const dbName = `ferrule_replicas_${process.pid}_${randomBytes(3).toString("hex")}`;
const servers: ChildProcess[] = [];
const logs: string[] = ["", ""];
let admin: postgres.Sql | undefined;

test.describe.configure({ mode: "serial", timeout: 240_000 });
// Several app servers share one database only on PostgreSQL (the embedded database is one process by
// design): without TEST_DATABASE_URL there is nothing to run these against. CI always sets it.
test.skip(!url, "TEST_DATABASE_URL is not set: several servers need a PostgreSQL database");

const origin = (i: number) => `http://127.0.0.1:${basePort + 1 + i}`;

async function waitReady(i: number) {
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    if (servers[i]!.exitCode !== null) throw new Error(`server ${i} exited: ${logs[i]}`);
    try {
      const res = await fetch(`${origin(i)}/api/trpc/auth.me`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server ${i} did not start: ${logs[i]}`);
}

/** A production server (the build under test) on this run's database, as `processes` processes,
 *  everything it prints handed to `output`. */
function startServer(port: number, processes: number, demo: boolean, output: (text: string) => void): ChildProcess {
  const own = new URL(url!);
  own.pathname = `/${dbName}`;
  const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: own.toString(),
      FERRULE_DEMO: demo ? "1" : "0",
      NEXT_TELEMETRY_DISABLED: "1",
      FERRULE_PROCESSES: String(processes),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (c: Buffer) => output(c.toString()));
  child.stderr!.on("data", (c: Buffer) => output(c.toString()));
  return child;
}

test.beforeAll(async () => {
  admin = postgres(url!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  // Both start at the same moment on the empty database: one migrates and seeds, the other waits for it.
  for (const i of [0, 1]) servers.push(startServer(basePort + 1 + i, i + 1, true, (text) => (logs[i] += text)));
  await Promise.all([waitReady(0), waitReady(1)]);
});

test.afterAll(async () => {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.exitCode !== null) return resolve();
          s.on("exit", () => resolve());
          s.kill("SIGTERM");
        }),
    ),
  );
  if (admin) {
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
});

/** A client of one server with its own cookie jar; `on(i)` sends the next calls to server i with the same cookies. */
class Client {
  cookies = new Map<string, string>();
  constructor(
    public server: number,
    private readonly bearer?: string,
  ) {}
  on(server: number): this {
    this.server = server;
    return this;
  }
  /** Each call on a connection of its own: a server of several processes hands each new connection
   *  to the next of them. */
  freshConnections = false;
  async call(path: string, input: unknown, kind: "query" | "mutation"): Promise<{ status: number; data?: unknown; message?: string; headers: Headers }> {
    const body = JSON.stringify({ json: input });
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.freshConnections) headers.connection = "close";
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (this.cookies.has(CSRF_COOKIE)) headers[CSRF_HEADER] = decodeURIComponent(this.cookies.get(CSRF_COOKIE)!);
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const res =
      kind === "query"
        ? await fetch(`${origin(this.server)}/api/trpc/${path}?input=${encodeURIComponent(body)}`, { headers })
        : await fetch(`${origin(this.server)}/api/trpc/${path}`, { method: "POST", body, headers });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const at = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const json = (await res.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string } } };
    return { status: res.status, data: json.result?.data.json, message: json.error?.json.message, headers: res.headers };
  }
  query = (path: string, input?: unknown) => this.call(path, input, "query");
  mutate = (path: string, input?: unknown) => this.call(path, input, "mutation");
  async importCsv(siteId: string, csv: string): Promise<{ type: string; message?: string; problems?: { line: number; message: string }[] }> {
    const headers: Record<string, string> = { "content-type": "text/csv", cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "), [CSRF_HEADER]: decodeURIComponent(this.cookies.get(CSRF_COOKIE)!) };
    const res = await fetch(`${origin(this.server)}/api/import/sites/${siteId}/netbox-cables`, { method: "POST", body: csv, headers });
    const lines = (await res.text()).trim().split("\n");
    return JSON.parse(lines[lines.length - 1]!) as { type: string };
  }
}

const PASSWORD = "ferrule-demo-password";

test("a session made on one server works on the other", async () => {
  const ana = new Client(0);
  expect((await ana.mutate("auth.signIn", { email: "admin@demo.ferrule", password: PASSWORD })).status).toBe(200);
  const me = await ana.on(1).query("auth.me");
  expect(me.data).toMatchObject({ user: { email: "admin@demo.ferrule" } });
  expect((await ana.on(1).mutate("sites.create", { name: "Made on server 2", code: "S2" })).status).toBe(200);
  expect(((await ana.on(0).query("sites.list")).data as { code: string }[]).map((s) => s.code)).toContain("S2");
});

test("sign-in throttling counts attempts on both servers together", async () => {
  const outcomes: number[] = [];
  for (let i = 0; i < 7; i++) outcomes.push((await new Client(i % 2).mutate("auth.signIn", { email: "viewer@demo.ferrule", password: `wrong ${i}` })).status);
  expect(outcomes).toEqual([401, 401, 401, 401, 401, 429, 429]);
  const refused = await new Client(0).mutate("auth.signIn", { email: "viewer@demo.ferrule", password: PASSWORD });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
});

test("a token revoked on one server is refused by the other at once", async () => {
  const owner = new Client(0);
  await owner.mutate("auth.signIn", { email: "editor@demo.ferrule", password: PASSWORD });
  const created = await owner.mutate("auth.tokens.create", { name: "replica check", role: "viewer" });
  const { token, id } = created.data as { token: string; id: string };
  const bot = new Client(1, token);
  bot.freshConnections = true;
  // Known to both processes of server 1 (each keeps the callers it recognised).
  for (let i = 0; i < 6; i++) expect((await bot.query("sites.list")).status).toBe(200);
  // Each process that recognised a caller listens for changes on a connection of its own: server
  // 0's, and both of server 1's.
  const [{ feeds }] = (await admin!`select count(*)::int as feeds from pg_stat_activity where datname = ${dbName} and application_name = 'ferrule (change feed)'`) as unknown as [{ feeds: number }];
  expect(feeds).toBe(3);
  expect((await owner.mutate("auth.tokens.revoke", { id })).status).toBe(200);
  for (let i = 0; i < 6; i++) expect((await bot.query("sites.list")).status).toBe(401);
  expect((await bot.on(0).query("sites.list")).status).toBe(401);
});

test("the same plan applied on both servers at once is applied exactly once", async () => {
  const a = new Client(0);
  await a.mutate("auth.signIn", { email: "admin@demo.ferrule", password: PASSWORD });
  const sites = (await a.query("sites.list")).data as { id: string; code: string }[];
  const siteId = sites.find((s) => s.code === "DC1")!.id;
  const spine = ((await a.query("devices.list", { siteId, q: "spine2" })).data as { items: { id: string; name: string }[] }).items.find((d) => d.name === "spine2")!;
  const port = ((await a.query("devices.get", { id: spine.id })).data as { ports: { id: string; name: string }[] }).ports.find((p) => p.name === "Ethernet1/9")!;
  let plan = (await a.mutate("plans.create", { siteId, name: "Replica race" })).data as { id: string; version: number };
  plan = ((await a.mutate("plans.addOperation", { planId: plan.id, version: plan.version, operation: { kind: "transceiver.add", portId: port.id, typeId: "qsfpdd-400gbase-dr4" } })).data as { plan: typeof plan }).plan;
  plan = (await a.mutate("plans.submit", { id: plan.id, version: plan.version })).data as typeof plan;
  plan = (await a.mutate("plans.approve", { id: plan.id, version: plan.version })).data as typeof plan;
  const b = new Client(1);
  b.cookies = new Map(a.cookies);
  const applies = await Promise.all([a.mutate("plans.release", { id: plan.id, version: plan.version }), b.mutate("plans.release", { id: plan.id, version: plan.version })]);
  expect(applies.map((r) => r.status).sort()).toEqual([200, 409]);
  const view = (await b.query("plans.get", { id: plan.id })).data as { plan: { status: string }; events: { action: string }[] };
  expect(view.plan.status).toBe("in_progress");
  expect(view.events.filter((e) => e.action === "release")).toHaveLength(1);
});

test("two imports racing for one port on the two servers: one lands, the other is refused naming the line", async () => {
  const a = new Client(0);
  await a.mutate("auth.signIn", { email: "admin@demo.ferrule", password: PASSWORD });
  const b = new Client(1);
  b.cookies = new Map(a.cookies);
  const siteId = ((await a.query("sites.list")).data as { id: string; code: string }[]).find((s) => s.code === "DC1")!.id;
  const header = "side_a_device,side_a_type,side_a_name,side_b_device,side_b_type,side_b_name,type,length,length_unit,comments,label";
  const csv = (label: string) => `${header}\nspine1,dcim.interface,Ethernet1/6,MPO-A01,dcim.frontport,6,smf-os2,2,m,Ferrule type mpo12-typeB-ff-os2,${label}\n`;
  const [first, second] = await Promise.all([a.importCsv(siteId, csv("RACE-A")), b.importCsv(siteId, csv("RACE-B"))]);
  const outcomes = [first, second];
  expect(outcomes.map((o) => o.type).sort()).toEqual(["error", "result"]);
  const refused = outcomes.find((o) => o.type === "error")!;
  expect(refused.message).not.toMatch(/failed on the server/);
  expect(refused.problems?.[0]).toMatchObject({ line: 2, message: expect.stringMatching(/taken|holds|already/) });
  const cables = (await a.query("cables.list", { siteId, q: "RACE-" })).data as { items: { label: string }[] };
  expect(cables.items).toHaveLength(1);
  expect(logs.join("")).not.toMatch(/import failed|tRPC .* failed/);
});

test("the server of two processes started both, and stops with both on SIGTERM", async () => {
  expect(logs[1]).toContain("starting 2 server processes");
  for (const n of [1, 2]) expect(logs[1]).toMatch(new RegExp(`\\(process ${n}\\) ready on http://127\\.0\\.0\\.1:${basePort + 2}`));
  const server = servers[1]!;
  const code = await new Promise<number | null>((resolve) => {
    server.on("exit", (c) => resolve(c));
    server.kill("SIGTERM");
  });
  expect(code).toBe(0);
  for (const n of [1, 2]) expect(logs[1]).toContain(`(process ${n}) database closed`);
});

test("a server of two processes whose port is taken stops, both processes with it", async () => {
  let log = "";
  const child = startServer(basePort + 1, 2, false, (text) => (log += text));
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  expect(code, log).toBe(1);
  expect(log).toContain(`port ${basePort + 1} is already in use`);
  expect(log).toContain("a server process stopped before it served");
});
