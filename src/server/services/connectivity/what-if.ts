import { FINDING_CODES, type FindingCode } from "../../../domain";
import type { Db } from "../../db/client";
import { notFound } from "../errors";
import { aroundPorts, judgeImagined } from "./around";
import type { ModelRows } from "./model-rows";

export interface WhatIf {
  /** One sentence per channel the change breaks or repairs: "This makes channel X fail: …". */
  warnings: string[];
  channels: { title: string; before: "pass" | "warning" | "fail" | null; after: "pass" | "warning" | "fail" }[];
  newFindings: { code: string; severity: string; message: string }[];
  clearedFindings: { code: string; severity: string; message: string }[];
}

const VERDICT_WORD = { pass: "pass", warning: "pass with warnings", fail: "fail" } as const;

/**
 * Judges the plant around the ports an imagined change touches, before and after it, and says what
 * the change does. `imagine` turns the rows of the part as it is into the rows after the change.
 */
export async function whatIf(db: Db, siteId: string, touched: readonly string[], imagine: (rows: ModelRows) => ModelRows, subject: string): Promise<WhatIf> {
  const judged = await judgeImagined(db, siteId, await aroundPorts(db, siteId, touched), imagine);
  if (!judged) throw notFound("This site");
  const { before: judgedBefore, after: judgedAfter } = judged;
  const a = judgedBefore.rows;
  const b = judgedAfter.rows;
  const key = (f: { code: string; message: string }) => `${f.code}|${f.message}`;
  const beforeKeys = new Set([...a.findings.map(key), ...judgedBefore.kept.flatMap((c) => c.findings.map(key))]);
  // Every finding on a channel's path, its matings included (those are stored with their port).
  const onChannel = new Map(judgedAfter.kept.map((c) => [c.key, c.findings]));
  const afterKeys = new Set(b.findings.map(key));
  const channels = b.channels.map((c) => {
    const was = a.channels.find((x) => x.key === c.key) ?? a.channels.find((x) => x.members.some((m) => c.members.includes(m)));
    return { title: c.title, before: was?.verdict ?? null, after: c.verdict, key: c.key };
  });
  const warnings: string[] = [];
  for (const c of channels) {
    // New problems on this channel (a channel that already failed may fail for a new reason).
    const codes = [
      ...new Set((onChannel.get(c.key) ?? []).filter((f) => !beforeKeys.has(key(f)) && f.severity !== "info").map((f) => FINDING_CODES[f.code as FindingCode]?.title ?? f.code)),
    ];
    if (c.after === "pass") {
      if (c.before !== null && c.before !== "pass") warnings.push(`${subject} makes channel ${c.title} pass.`);
    } else if (codes.length) {
      warnings.push(`${subject} makes channel ${c.title} ${VERDICT_WORD[c.after]}: ${codes.join("; ")}.`);
    }
  }
  // The other new errors: those no channel above already names.
  const named = new Set(judgedAfter.kept.flatMap((c) => c.findings.map(key)));
  const loose = b.findings.filter((f) => f.channelKey === null && !beforeKeys.has(key(f)) && !named.has(key(f)) && f.severity === "error");
  for (const f of loose) warnings.push(`${subject}: ${f.message}`);
  return {
    warnings,
    channels: channels.map(({ key: _k, ...c }) => c),
    newFindings: b.findings.filter((f) => !beforeKeys.has(key(f))).map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
    clearedFindings: a.findings.filter((f) => !afterKeys.has(key(f))).map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
  };
}
