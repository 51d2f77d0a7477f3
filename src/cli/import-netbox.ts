/**
 * `ferrule import netbox`: one NetBox site into a Ferrule server, from NetBox's REST API (the
 * server reads it: `--url`, `--token` are NetBox's) or from a `manage.py dumpdata` dump uploaded
 * from disk (`--dump FILE`). The Ferrule server and its API token come from `--server` and
 * `--server-token`, else FERRULE_URL and FERRULE_TOKEN. Progress goes to stderr, every refused
 * NetBox object too; the last line on stdout is `imported N objects, refused M, channels C,
 * findings F`. Exit 0 when imported (or planned), 1 when refused, 2 on a usage error, 3 when the
 * import has questions to answer first (`--answers`).
 */
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { http, ndjson, parseFlags, progressPrinter, readAll, refusalMessage, type Conn } from "./exchange-client";
import type { Io } from "./io";
import type { Refusal, SiteQuestion as Question } from "../server/interchange/netbox/site-map";
import type { NetboxSiteSummary as Summary } from "../server/services/imports/netbox-site";

export const NETBOX_HELP = `Usage:
  ferrule import netbox --url NETBOX_URL --token NETBOX_TOKEN --site SLUG [options]
  ferrule import netbox --dump FILE --site SLUG [options]

  --site SLUG         the NetBox site's slug
  --url, --token      a running NetBox and a (read-only) API token; the Ferrule server reads it
  --dump FILE         a NetBox dump (python manage.py dumpdata > FILE), when NetBox cannot be reached
  --code CODE         the new Ferrule site's code (default: from the slug); first import only
  --answers JSON      answers to the import's questions, {"KEY": {"FIELD": "VALUE"}}, or @FILE
  --json              print the whole outcome as JSON on stdout
  --server URL        the Ferrule server (default $FERRULE_URL, else http://localhost:3000)
  --server-token T    a Ferrule API token (default $FERRULE_TOKEN)

The first import of a site creates it; importing it again opens NetBox's changes as a draft
change plan. Exit 3: the import asks something NetBox does not say; answer with --answers.
`;

type Outcome =
  | { outcome: "needs-answers"; questions: Question[]; refusals: Refusal[] }
  | { outcome: "imported"; site: { id: string; code: string; name: string }; summary: Summary; refusals: Refusal[]; catalog: { added: string[]; notAdded: string[] } }
  | { outcome: "planned" | "in-step"; site: { id: string; code: string; name: string }; plan: { id: string; name: string } | null; diff: Record<string, unknown> & { notPlanned: string[] }; summary: Summary; refusals: Refusal[] };

export async function runImportNetbox(args: readonly string[], io: Io, env: Record<string, string | undefined>, tty: boolean): Promise<number> {
  const flags = parseFlags(args, ["url", "token", "dump", "site", "code", "answers", "server", "server-token"]);
  if (typeof flags === "string") return usage(io, flags);
  if (flags.switches.has("help")) {
    io.out(NETBOX_HELP);
    return 0;
  }
  const slug = flags.values.get("site");
  if (!slug) return usage(io, "--site is needed: the NetBox site's slug");
  const dump = flags.values.get("dump");
  const netboxUrl = flags.values.get("url");
  const netboxToken = flags.values.get("token") ?? env.NETBOX_TOKEN;
  if (!dump && !netboxUrl) return usage(io, "say where the site is: --url NETBOX_URL --token TOKEN, or --dump FILE");
  if (dump && netboxUrl) return usage(io, "give either --url or --dump, not both");
  if (netboxUrl && !netboxToken) return usage(io, "--token is needed with --url (a NetBox API token; read-only is enough)");
  const serverToken = flags.values.get("server-token") ?? env.FERRULE_TOKEN ?? "";
  if (!serverToken) return usage(io, "no Ferrule API token: pass --server-token or set FERRULE_TOKEN (create one on the Account page)");
  const conn: Conn = { url: (flags.values.get("server") ?? env.FERRULE_URL ?? "http://localhost:3000").replace(/\/$/, ""), token: serverToken };
  let answers = flags.values.get("answers") ?? "{}";
  try {
    if (answers.startsWith("@")) answers = await readFile(answers.slice(1), "utf8");
    JSON.parse(answers);
  } catch (err) {
    return usage(io, `--answers is not valid JSON (${(err as Error).message})`);
  }
  const q = new URLSearchParams({ slug, code: flags.values.get("code") ?? "", answers, source: dump ? "dump" : "api" });
  const progress = progressPrinter(io, tty);
  try {
    let body: { stream: Readable; length: number; type: string };
    if (dump) {
      let size: number;
      try {
        size = (await stat(dump)).size;
      } catch {
        return usage(io, `cannot read ${dump}`);
      }
      body = { stream: createReadStream(dump), length: size, type: "application/json" };
    } else {
      const json = Buffer.from(JSON.stringify({ url: netboxUrl, token: netboxToken }));
      body = { stream: Readable.from([json]), length: json.length, type: "application/json" };
    }
    const res = await http(conn, "POST", `/api/import/netbox-site?${q}`, body, dump ? (sent) => progress.show("uploading", sent, body.length, "bytes") : undefined);
    if (res.status !== 200) {
      progress.done();
      io.err(`ferrule import netbox: ${refusalMessage(res.status, await readAll(res.body))}\n`);
      return 1;
    }
    for await (const msg of ndjson(res.body)) {
      if (msg.type === "progress") progress.show(String(msg.phase), Number(msg.done), msg.total === undefined ? undefined : Number(msg.total), String(msg.unit));
      else if (msg.type === "error") {
        progress.done();
        const fields = Object.entries((msg.fields as Record<string, string> | undefined) ?? {}).map(([k, v]) => `\n  ${k}: ${v}`).join("");
        io.err(`ferrule import netbox: ${String(msg.message)}${fields}\n`);
        for (const p of (msg.problems as { line: number; field?: string; message: string }[] | undefined) ?? []) io.err(`  line ${p.line}${p.field ? ` ${p.field}` : ""}: ${p.message}\n`);
        return 1;
      } else if (msg.type === "result") {
        progress.done();
        return report(io, msg.result as Outcome, flags.switches.has("json"), conn.url);
      }
    }
    progress.done();
    io.err("ferrule import netbox: the server closed the connection before answering; nothing was imported\n");
    return 1;
  } catch (err) {
    progress.done();
    io.err(`ferrule import netbox: ${(err as Error).message}\n`);
    return 1;
  }
}

function report(io: Io, r: Outcome, json: boolean, server: string): number {
  if (json) io.out(`${JSON.stringify(r, null, 2)}\n`);
  for (const x of r.refusals) io.err(`refused ${x.object} ${x.id} ${x.name}: ${x.reason}\n`);
  if (r.outcome === "needs-answers") {
    io.err(`\nNetBox does not say everything Ferrule needs; nothing was imported. Answer with --answers:\n`);
    const template: Record<string, Record<string, string>> = {};
    for (const q of r.questions) {
      io.err(`  ${q.key} · ${q.field} (${q.appliesTo}): ${q.why}\n    choices: ${q.choices.map((c) => c.value).join(", ") || "a number"}${q.suggested ? `; suggested ${q.suggested.value} (${q.suggested.reason})` : ""}\n`);
      (template[q.key] ??= {})[q.field] = q.suggested?.value ?? "";
    }
    io.err(`  --answers '${JSON.stringify(template)}'\n`);
    return 3;
  }
  if (r.outcome === "imported") {
    io.err(`site ${r.site.code} (${r.site.name}): ${server}/sites/${r.site.id}\n`);
    if (r.catalog.added.length) io.err(`device types added to the catalog: ${r.catalog.added.join(", ")}\n`);
    for (const n of r.catalog.notAdded) io.err(`device type ${n.replace(/^device-types\/[^/]+\//, "").replace(/\.yaml:/, " not added to the catalog:")}\n`);
  }
  else if (r.outcome === "in-step") io.err(`site ${r.site.code} is in step with NetBox: nothing changed since the last import\n`);
  else {
    io.err(`NetBox's changes are in the draft plan "${r.plan?.name}": ${server}/sites/${r.site.id}/plans/${r.plan?.id}\n`);
    for (const n of r.diff.notPlanned) io.err(`  not in the plan: ${n}\n`);
  }
  if (!json) io.out(`imported ${r.summary.imported} objects, refused ${r.summary.refused}, channels ${r.summary.channels}, findings ${r.summary.findings}\n`);
  return 0;
}

function usage(io: Io, message: string): number {
  io.err(`ferrule import netbox: ${message}\n${NETBOX_HELP}`);
  return 2;
}
