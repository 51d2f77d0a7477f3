/**
 * `ferrule import site-file|netbox-cables|device-types …`: imports files into a running Ferrule
 * server with an API token. Uploads stream from disk; progress (upload, then the server's reading,
 * writing and judging) goes to stderr; the outcome is printed as JSON on stdout. Exit 0 when
 * imported, 1 when the server refused (every problem on stderr, with its line and field; nothing
 * was imported), 2 on a usage error.
 */
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { connection, http, ndjson, parseFlags, progressPrinter, readAll, refusalMessage, resolveSite, trpcMutation, type Conn } from "./exchange-client";
import { runImportNetbox } from "./import-netbox";
import type { Io } from "./io";

const HELP = `Usage:
  ferrule import site-file FILE --code CODE [--name NAME] [--description TEXT]
  ferrule import netbox-cables FILE --site SITE [--skip-unmatched] [--dry-run]
  ferrule import device-types FILE... [--answers JSON] [--dry-run]
  ferrule import netbox (--url NETBOX_URL --token TOKEN | --dump FILE) --site SLUG   (see ferrule import netbox --help)

  site-file       a site file (YAML or JSON) as a new site, CODE starting its TIA-606 identifiers
  netbox-cables   NetBox's bulk cable CSV into a site (by id or code), matching devices and ports
                  by name; any unmatched row refuses the file unless --skip-unmatched
  device-types    NetBox devicetype-library files into the catalog (admin); --answers '{"FILE":{"method":"B"}}'
                  answers the questions a file leaves open (or one object for every file)
  netbox          a whole NetBox site, from NetBox's API or a dumpdata dump; again: its changes as a draft plan

  --url URL       the server (default $FERRULE_URL, else http://localhost:3000)
  --token TOKEN   an API token from the Account page (default $FERRULE_TOKEN)
`;

interface Problem {
  line: number;
  field?: string;
  message: string;
}

export async function runImport(args: readonly string[], io: Io, env: Record<string, string | undefined> = process.env, tty = Boolean(process.stderr.isTTY)): Promise<number> {
  // Here --url and --token are NetBox's; the Ferrule server is --server / FERRULE_URL.
  if (args[0] === "netbox") return runImportNetbox(args.slice(1), io, env, tty);
  const flags = parseFlags(args, ["url", "token", "code", "name", "description", "site", "answers"]);
  if (typeof flags === "string") return usage(io, flags);
  if (flags.switches.has("help")) {
    io.out(HELP);
    return 0;
  }
  const [what, ...files] = flags.positional;
  if (!what) return usage(io, "say what to import: site-file, netbox-cables, device-types or netbox");
  const conn = connection(flags, env);
  if (typeof conn === "string") return usage(io, conn);
  try {
    switch (what) {
      case "site-file": {
        if (files.length !== 1) return usage(io, "name one site file");
        const code = flags.values.get("code");
        if (!code) return usage(io, "--code is needed: the new site's short code (it starts TIA-606 identifiers)");
        const q = new URLSearchParams({ code, name: flags.values.get("name") ?? "", description: flags.values.get("description") ?? "" });
        return await upload(io, conn, `/api/import/site-file?${q}`, files[0]!, files[0]!.toLowerCase().endsWith(".json") ? "application/json" : "application/yaml", tty);
      }
      case "netbox-cables": {
        if (files.length !== 1) return usage(io, "name one CSV file");
        const site = flags.values.get("site");
        if (!site) return usage(io, "--site is needed (the site's id or code)");
        const siteId = await resolveSite(conn, site);
        const q = new URLSearchParams({ skipUnmatched: flags.switches.has("skip-unmatched") ? "1" : "0", dryRun: flags.switches.has("dry-run") ? "1" : "0" });
        return await upload(io, conn, `/api/import/sites/${siteId}/netbox-cables?${q}`, files[0]!, "text/csv", tty);
      }
      case "device-types":
        return await deviceTypes(io, conn, files, flags.values.get("answers"), flags.switches.has("dry-run"));
      default:
        return usage(io, `cannot import "${what}": use site-file, netbox-cables, device-types or netbox`);
    }
  } catch (err) {
    io.err(`ferrule import: ${(err as Error).message}\n`);
    return 1;
  }
}

async function upload(io: Io, conn: Conn, path: string, file: string, type: string, tty: boolean): Promise<number> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return usage(io, `cannot read ${file}`);
  }
  const progress = progressPrinter(io, tty);
  const res = await http(conn, "POST", path, { stream: createReadStream(file), length: size, type }, (sent) => progress.show("uploading", sent, size, "bytes"));
  if (res.status !== 200) {
    progress.done();
    io.err(`ferrule import: ${refusalMessage(res.status, await readAll(res.body))}\n`);
    return 1;
  }
  for await (const msg of ndjson(res.body)) {
    if (msg.type === "progress") progress.show(String(msg.phase), Number(msg.done), msg.total === undefined ? undefined : Number(msg.total), String(msg.unit));
    else if (msg.type === "result") {
      progress.done();
      io.out(`${JSON.stringify(msg.result, null, 2)}\n`);
      const problems = ((msg.result as { problems?: Problem[] }).problems ?? []) as Problem[];
      for (const p of problems) io.err(`${basename(file)}:${p.line}${p.field ? ` ${p.field}` : ""}: ${p.message} (skipped)\n`);
      return 0;
    } else if (msg.type === "error") {
      progress.done();
      io.err(`ferrule import: ${String(msg.message)}\n`);
      for (const p of (msg.problems as Problem[] | undefined) ?? []) io.err(`${basename(file)}:${p.line}${p.field ? ` ${p.field}` : ""}: ${p.message}\n`);
      const total = Number(msg.total ?? 0);
      const shown = ((msg.problems as Problem[] | undefined) ?? []).length;
      if (total > shown) io.err(`… and ${total - shown} more\n`);
      return 1;
    }
  }
  progress.done();
  io.err("ferrule import: the server closed the connection before answering; nothing was imported\n");
  return 1;
}

async function deviceTypes(io: Io, conn: Conn, files: string[], answersJson: string | undefined, dryRun: boolean): Promise<number> {
  if (files.length === 0) return usage(io, "name one or more device-type files");
  let answers: Record<string, unknown> = {};
  try {
    answers = answersJson ? (JSON.parse(answersJson) as Record<string, unknown>) : {};
  } catch (err) {
    return usage(io, `--answers is not valid JSON (${(err as Error).message})`);
  }
  const perFile = Object.values(answers).every((v) => typeof v === "object" && v !== null);
  const input = {
    dryRun,
    files: await Promise.all(
      files.map(async (f) => ({ name: f, content: await readFile(f, "utf8"), answers: (perFile ? answers[f] ?? answers[basename(f)] ?? {} : answers) as Record<string, string> })),
    ),
  };
  const result = await trpcMutation<{ files: { file: string; outcome: string; reasons?: string[]; questions?: { field: string; why: string; choices: { value: string }[] }[] }[]; imported: number }>(
    conn,
    "imports.deviceTypes",
    input,
  );
  io.out(`${JSON.stringify(result, null, 2)}\n`);
  for (const f of result.files) {
    if (f.outcome === "refused") io.err(`${f.file}: refused: ${f.reasons?.join("; ")}\n`);
    if (f.outcome === "needs-answers") for (const q of f.questions ?? []) io.err(`${f.file}: asks ${q.field} (${q.choices.map((c) => c.value).join(", ")}): ${q.why}\n`);
  }
  return 0;
}

function usage(io: Io, message: string): number {
  io.err(`ferrule import: ${message}\n${HELP}`);
  return 2;
}
