/**
 * `ferrule api <procedure> [INPUT_JSON] [--url URL] [--token TOKEN]`: calls one procedure of a running
 * Ferrule server with an API token, for scripts and automation. The token and URL can also come from
 * FERRULE_TOKEN and FERRULE_URL. Prints the result as JSON; exit 0 on success, 1 when the server
 * refuses (its message and the fields it names go to stderr), 2 on a usage error.
 */
import superjson from "superjson";
import { appRouter } from "../server/api/root";
import type { Io } from "./io";

const HELP = `Usage: ferrule api <procedure> [INPUT_JSON] [--url URL] [--token TOKEN]

Calls a procedure of a Ferrule server, e.g.
  ferrule api sites.list
  ferrule api racks.create '{"siteId":"…","room":"Hall A","name":"A07","uHeight":42}'

  --url URL       the server (default $FERRULE_URL, else http://localhost:3000)
  --token TOKEN   an API token from the Account page (default $FERRULE_TOKEN)

Procedures:
`;

type ProcedureDef = { _def: { type: "query" | "mutation" | "subscription"; meta?: { access?: string } } };
const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;

export async function runApi(args: readonly string[], io: Io, fetchImpl: typeof fetch = fetch, env: Record<string, string | undefined> = process.env): Promise<number> {
  const positional: string[] = [];
  let url = env.FERRULE_URL || "http://localhost:3000";
  let token = env.FERRULE_TOKEN || "";
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--help" || a === "-h") {
      io.out(HELP + Object.entries(procedures).map(([p, d]) => `  ${p.padEnd(32)}${d._def.type.padEnd(9)}${d._def.meta?.access ?? ""}`).join("\n") + "\n");
      return 0;
    }
    if (a === "--url") url = args[++i] ?? "";
    else if (a === "--token") token = args[++i] ?? "";
    else positional.push(a);
  }
  const [path, rawInput] = positional;
  if (!path) return usage(io, "name a procedure");
  const proc = procedures[path];
  if (!proc) return usage(io, `no procedure "${path}" (see ferrule api --help)`);
  if (!token) return usage(io, "no API token: pass --token or set FERRULE_TOKEN (create one on the Account page)");
  let input: unknown;
  try {
    input = rawInput === undefined ? undefined : JSON.parse(rawInput);
  } catch (err) {
    return usage(io, `INPUT_JSON is not valid JSON (${(err as Error).message})`);
  }

  const body = JSON.stringify(superjson.serialize(input));
  const base = url.replace(/\/$/, "");
  const target = proc._def.type === "query" ? `${base}/api/trpc/${path}?input=${encodeURIComponent(body)}` : `${base}/api/trpc/${path}`;
  let res: Response;
  try {
    res = await fetchImpl(target, {
      method: proc._def.type === "query" ? "GET" : "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: proc._def.type === "query" ? undefined : body,
    });
  } catch (err) {
    io.err(`ferrule api: cannot reach ${base} (${(err as Error).message})\n`);
    return 1;
  }
  const payload = (await res.json().catch(() => null)) as {
    result?: { data: { json: unknown; meta?: unknown } };
    error?: { json: { message: string; data?: { fieldErrors?: Record<string, string> | null } } };
  } | null;
  if (res.ok && payload?.result) {
    io.out(`${JSON.stringify(superjson.deserialize(payload.result.data as Parameters<typeof superjson.deserialize>[0]), null, 2)}\n`);
    return 0;
  }
  const error = payload?.error?.json;
  io.err(`ferrule api: ${res.status} ${error?.message ?? res.statusText}\n`);
  for (const [field, message] of Object.entries(error?.data?.fieldErrors ?? {})) io.err(`  ${field}: ${message}\n`);
  return 1;
}

function usage(io: Io, message: string): number {
  io.err(`ferrule api: ${message}\n`);
  return 2;
}
