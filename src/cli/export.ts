/**
 * `ferrule export DOCUMENT --site SITE [--out FILE]`: downloads one of a site's documents from a
 * running Ferrule server with an API token, streaming it to a file (or stdout), with progress on
 * stderr. Exit 0 on success, 1 when refused, 2 on a usage error.
 */
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { SITE_DOCUMENTS } from "../server/services/exports/schemas";
import { connection, http, parseFlags, progressPrinter, readAll, refusalMessage, resolveSite } from "./exchange-client";
import type { Io } from "./io";

const HELP = `Usage: ferrule export DOCUMENT --site SITE [--out FILE] [--url URL] [--token TOKEN]

Documents:
${Object.entries(SITE_DOCUMENTS)
  .map(([file, title]) => `  ${file.padEnd(24)}${title}`)
  .join("\n")}

  --site SITE     the site's id or code
  --out FILE      where to write it (default: the server's file name; "-" for stdout)
  --url URL       the server (default $FERRULE_URL, else http://localhost:3000)
  --token TOKEN   an API token from the Account page (default $FERRULE_TOKEN)
`;

export async function runExport(args: readonly string[], io: Io, env: Record<string, string | undefined> = process.env, tty = Boolean(process.stderr.isTTY)): Promise<number> {
  const flags = parseFlags(args, ["url", "token", "site", "out"]);
  if (typeof flags === "string") return usage(io, flags);
  if (flags.switches.has("help")) {
    io.out(HELP);
    return 0;
  }
  const [doc] = flags.positional;
  if (!doc || !Object.hasOwn(SITE_DOCUMENTS, doc)) return usage(io, doc ? `no document "${doc}"` : "name a document");
  const site = flags.values.get("site");
  if (!site) return usage(io, "--site is needed (the site's id or code)");
  const conn = connection(flags, env);
  if (typeof conn === "string") return usage(io, conn);
  try {
    const siteId = await resolveSite(conn, site);
    const res = await http(conn, "GET", `/api/export/sites/${siteId}/${doc}`);
    if (res.status !== 200) {
      io.err(`ferrule export: ${refusalMessage(res.status, await readAll(res.body))}\n`);
      return 1;
    }
    const named = /filename="([^"]+)"/.exec(String(res.headers["content-disposition"] ?? ""))?.[1] ?? doc;
    const out = flags.values.get("out") ?? named;
    const total = Number(res.headers["content-length"]) || undefined;
    const progress = progressPrinter(io, tty);
    let got = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        got += chunk.length;
        progress.show("downloading", got, total, "bytes");
        cb(null, chunk);
      },
    });
    if (out === "-") {
      for await (const chunk of res.body.pipe(count)) io.out((chunk as Buffer).toString("utf8"));
    } else await pipeline(res.body, count, createWriteStream(out));
    progress.done();
    if (out !== "-") io.err(`wrote ${out} (${got} bytes)\n`);
    return 0;
  } catch (err) {
    io.err(`ferrule export: ${(err as Error).message}\n`);
    return 1;
  }
}

function usage(io: Io, message: string): number {
  io.err(`ferrule export: ${message}\n${HELP}`);
  return 2;
}
