/**
 * `ferrule check SITE.yaml [--format text|json]`: parses a site file and judges every channel.
 * Exit 0 when clean (warnings and info allowed), 1 when any finding is an error, 2 when the file
 * itself is bad.
 */
import { readFile } from "node:fs/promises";
import { judgeSite, parseSiteFile, type Finding, type SiteJudgement } from "../domain/index";
import type { Io } from "./io";

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_BAD_FILE = 2;

export type Format = "text" | "json";

export interface CheckOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly judgement?: SiteJudgement;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));

function findingLine(f: Finding): string {
  return `${pad(f.severity, 8)}${pad(f.code, 26)}${f.channel ? `[${f.channel}] ` : ""}${f.message}`;
}

/** Checks the text of a site file; `fileName` is only used in messages. */
export function checkSiteText(text: string, fileName: string, format: Format = "text"): CheckOutput {
  const parsed = parseSiteFile(text);
  if (!parsed.ok) {
    if (format === "json")
      return {
        exitCode: EXIT_BAD_FILE,
        stdout: `${JSON.stringify({ file: fileName, exitCode: EXIT_BAD_FILE, errors: parsed.errors }, null, 2)}\n`,
        stderr: "",
      };
    const lines = parsed.errors.map((e) => `${fileName}:${e.line}:${e.column} ${e.path}: ${e.message}`);
    return { exitCode: EXIT_BAD_FILE, stdout: "", stderr: `${lines.join("\n")}\n${fileName}: the site file is not valid (${parsed.errors.length} error${parsed.errors.length === 1 ? "" : "s"})\n` };
  }
  const judgement = judgeSite(parsed.model);
  const exitCode = judgement.counts.error > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
  if (format === "json") {
    const out = {
      file: fileName,
      exitCode,
      verdict: judgement.verdict,
      conventions: judgement.conventions,
      counts: judgement.counts,
      findings: judgement.findings,
      channels: judgement.channels.map((c) => ({ key: c.key, members: c.members, verdict: c.verdict, links: c.links })),
    };
    return { exitCode, stdout: `${JSON.stringify(out, null, 2)}\n`, stderr: "", judgement };
  }
  const c = judgement.counts;
  const lines = [
    `${fileName}: ${c.channels} channel${c.channels === 1 ? "" : "s"}, ${c.error} error${c.error === 1 ? "" : "s"}, ${c.warning} warning${c.warning === 1 ? "" : "s"}, ${c.info} info`,
    `loss convention: ${judgement.conventions.description}`,
    ...judgement.findings.map(findingLine),
    judgement.verdict === "fail" ? "FAIL" : judgement.verdict === "warning" ? "PASS with warnings" : "PASS",
  ];
  return { exitCode, stdout: `${lines.join("\n")}\n`, stderr: "", judgement };
}

export const CHECK_USAGE = `Usage: ferrule check SITE.yaml [--format text|json]

Judges every channel of a site file: polarity, matings, lanes, loss and reach.
Exit status: 0 clean (warnings allowed), 1 errors found, 2 the file itself is bad.`;

export async function runCheck(args: readonly string[], io: Io): Promise<number> {
  let format: Format = "text";
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--help" || a === "-h") {
      io.out(`${CHECK_USAGE}\n`);
      return EXIT_CLEAN;
    }
    if (a === "--format" || a.startsWith("--format=")) {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args[++i];
      if (v !== "text" && v !== "json") {
        io.err(`ferrule check: --format must be text or json\n`);
        return EXIT_BAD_FILE;
      }
      format = v;
    } else if (a.startsWith("-")) {
      io.err(`ferrule check: unknown option ${a}\n${CHECK_USAGE}\n`);
      return EXIT_BAD_FILE;
    } else files.push(a);
  }
  if (files.length !== 1) {
    io.err(`ferrule check: give exactly one site file\n${CHECK_USAGE}\n`);
    return EXIT_BAD_FILE;
  }
  const file = files[0]!;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    io.err(`ferrule check: cannot read ${file}: ${(e as Error).message}\n`);
    return EXIT_BAD_FILE;
  }
  const r = checkSiteText(text, file, format);
  if (r.stdout) io.out(r.stdout);
  if (r.stderr) io.err(r.stderr);
  return r.exitCode;
}
