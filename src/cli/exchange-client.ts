/**
 * What `ferrule import` and `ferrule export` share: the server and token from flags or the
 * environment, a site named by id or code, HTTP with upload progress (node:http, so the body
 * streams from disk with its length), NDJSON progress read line by line, and progress on stderr.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Readable } from "node:stream";
import superjson from "superjson";
import type { Io } from "./io";

export interface Conn {
  readonly url: string;
  readonly token: string;
}

export interface Flags {
  readonly positional: string[];
  readonly values: Map<string, string>;
  readonly switches: Set<string>;
}

/** Splits `--name value` options (those in `valued`) and `--switch` flags from positional arguments. */
export function parseFlags(args: readonly string[], valued: readonly string[]): Flags | string {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (valued.includes(name)) {
        const v = inline ?? args[++i];
        if (v === undefined) return `--${name} needs a value`;
        values.set(name, v);
      } else if (inline === undefined) switches.add(name);
      else return `--${name} takes no value`;
    } else if (a === "-h") switches.add("help");
    else positional.push(a);
  }
  return { positional, values, switches };
}

export function connection(flags: Flags, env: Record<string, string | undefined>): Conn | string {
  const token = flags.values.get("token") ?? env.FERRULE_TOKEN ?? "";
  if (!token) return "no API token: pass --token or set FERRULE_TOKEN (create one on the Account page)";
  return { url: (flags.values.get("url") ?? env.FERRULE_URL ?? "http://localhost:3000").replace(/\/$/, ""), token };
}

export interface HttpAnswer {
  status: number;
  headers: IncomingMessage["headers"];
  body: IncomingMessage;
}

/** One HTTP request; `body` streams with its length, `onSent` reports bytes sent. */
export function http(conn: Conn, method: string, path: string, body?: { stream: Readable; length: number; type: string }, onSent?: (bytes: number) => void): Promise<HttpAnswer> {
  const url = new URL(path, `${conn.url}/`);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method,
        headers: {
          authorization: `Bearer ${conn.token}`,
          ...(body ? { "content-type": body.type, "content-length": String(body.length) } : {}),
        },
      },
      (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }),
    );
    req.on("error", reject);
    if (!body) {
      req.end();
      return;
    }
    let sent = 0;
    body.stream.on("data", (chunk: Buffer) => {
      sent += chunk.length;
      onSent?.(sent);
    });
    body.stream.on("error", (e) => req.destroy(e));
    body.stream.pipe(req);
  });
}

export async function readAll(res: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of res) parts.push(c as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

/** The JSON objects of an NDJSON answer, as each line arrives. */
export async function* ndjson(res: IncomingMessage): AsyncGenerator<Record<string, unknown>> {
  let buf = "";
  for await (const c of res) {
    buf += (c as Buffer).toString("utf8");
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) yield JSON.parse(line) as Record<string, unknown>;
    }
  }
  if (buf.trim()) yield JSON.parse(buf) as Record<string, unknown>;
}

/** The message of a refused request's JSON answer. */
export function refusalMessage(status: number, text: string): string {
  try {
    const j = JSON.parse(text) as { error?: { message?: string; fields?: Record<string, string> } };
    const fields = Object.entries(j.error?.fields ?? {}).map(([k, v]) => `\n  ${k}: ${v}`).join("");
    return `${status} ${j.error?.message ?? text}${fields}`;
  } catch {
    return `${status} ${text.slice(0, 200)}`;
  }
}

/** Calls a tRPC query with the token (for looking up a site by code). */
export async function trpcQuery<T>(conn: Conn, path: string, input?: unknown): Promise<T> {
  const q = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  const res = await http(conn, "GET", `/api/trpc/${path}${q}`);
  const text = await readAll(res.body);
  const j = JSON.parse(text) as { result?: { data: Parameters<typeof superjson.deserialize>[0] }; error?: { json: { message: string } } };
  if (!j.result) throw new Error(`${res.status} ${j.error?.json.message ?? text.slice(0, 200)}`);
  return superjson.deserialize(j.result.data) as T;
}

export async function trpcMutation<T>(conn: Conn, path: string, input: unknown): Promise<T> {
  const { Readable } = await import("node:stream");
  const body = Buffer.from(JSON.stringify(superjson.serialize(input)));
  const res = await http(conn, "POST", `/api/trpc/${path}`, { stream: Readable.from([body]), length: body.length, type: "application/json" });
  const text = await readAll(res.body);
  const j = JSON.parse(text) as { result?: { data: Parameters<typeof superjson.deserialize>[0] }; error?: { json: { message: string; data?: { fieldErrors?: Record<string, string> } } } };
  if (!j.result) {
    const fields = Object.entries(j.error?.json.data?.fieldErrors ?? {}).map(([k, v]) => `\n  ${k}: ${v}`).join("");
    throw new Error(`${res.status} ${j.error?.json.message ?? text.slice(0, 200)}${fields}`);
  }
  return superjson.deserialize(j.result.data) as T;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A site by its id, or by its code (looked up with sites.list). */
export async function resolveSite(conn: Conn, site: string): Promise<string> {
  if (UUID.test(site)) return site;
  const sites = await trpcQuery<{ id: string; code: string; name: string }[]>(conn, "sites.list");
  const hit = sites.find((s) => s.code.toLowerCase() === site.toLowerCase() || s.name.toLowerCase() === site.toLowerCase());
  if (!hit) throw new Error(`no site "${site}" (known: ${sites.map((s) => s.code).join(", ") || "none"})`);
  return hit.id;
}

const mb = (n: number) => `${(n / 1_048_576).toFixed(1)} MB`;

/** Progress on stderr: one line rewritten in place on a terminal, a line per step otherwise. */
export function progressPrinter(io: Io, tty: boolean) {
  let lastLine = "";
  let lastAt = 0;
  return {
    show(phase: string, done: number, total: number | undefined, unit: string) {
      const amount = unit === "bytes" ? `${mb(done)}${total ? ` of ${mb(total)}` : ""}` : `${done}${total ? ` of ${total}` : ""} ${unit}`;
      const pct = total ? ` (${Math.floor((done / total) * 100)}%)` : "";
      const line = `${phase} ${amount}${pct}`;
      const now = Date.now();
      if (line === lastLine) return;
      if (tty) io.err(`\r\u001b[K${line}`);
      else if (now - lastAt >= 1000 || !lastLine.startsWith(phase) || (total !== undefined && done === total)) io.err(`${line}\n`);
      else return;
      lastLine = line;
      lastAt = now;
    },
    done() {
      if (tty && lastLine) io.err("\n");
    },
  };
}
