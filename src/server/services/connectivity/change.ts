import { judgeSite } from "../../../domain";
import type { ServiceContext } from "../context";
import { buildModel, type BuiltModel } from "./build-model";
import { componentPortIds } from "./component";
import { judgementRows, type ChannelRow, type FindingRow } from "./judgement-rows";
import { loadModelRows } from "./model-rows";
import { lockSitePlant } from "./site-lock";
import { replaceJudgements } from "./store-judgement";

/** What a saved change did to the channels it touched: shown right after saving. */
export interface ChangeOutcome {
  channels: { key: string; title: string; verdict: ChannelRow["verdict"]; errors: number; warnings: number }[];
  findings: { code: string; severity: FindingRow["severity"]; message: string }[];
}

/**
 * A change to a site's plant, re-judged incrementally in the caller's transaction:
 *
 *   const change = await beginPlantChange(tx, siteId, portsAboutToChange);
 *   …write…
 *   const outcome = await change.finish(newPortsTouched);
 *
 * `begin` locks the site's plant and notes the part of it joined to the touched ports; `finish`
 * takes that part again after the write (a removal may have split it, an addition joined more),
 * judges it with the engine, and replaces the stored channels and findings of both.
 */
export async function beginPlantChange(tx: ServiceContext, siteId: string, touched: readonly string[]) {
  await lockSitePlant(tx.db, siteId);
  const seeds = new Set(touched);
  const before = await componentPortIds(tx.db, [...seeds]);
  return {
    touch(more: readonly string[]) {
      for (const p of more) seeds.add(p);
    },
    async finish(more: readonly string[] = []): Promise<ChangeOutcome> {
      for (const p of more) seeds.add(p);
      const after = await componentPortIds(tx.db, [...new Set([...seeds, ...before])]);
      const judged = await judgePart(tx, siteId, after, [...new Set([...before, ...after])]);
      return outcomeFor(judged.rows);
    },
  };
}

interface Judged {
  built: BuiltModel;
  rows: { channels: ChannelRow[]; findings: FindingRow[] };
}

/** Judges the ports `part` (or the whole site) and stores the result over `scope`. */
export async function judgePart(tx: ServiceContext, siteId: string, part: readonly string[] | null, scope: readonly string[] | null): Promise<Judged> {
  const data = await loadModelRows(tx.db, siteId, part);
  if (!data) throw new Error(`site ${siteId} vanished during a change`);
  const built = buildModel(data);
  const rows = judgementRows(built, judgeSite(built.model));
  await replaceJudgements(tx.db, siteId, scope, rows);
  return { built, rows };
}

const VERDICT_ORDER = { fail: 0, warning: 1, pass: 2 } as const;

/** The channels and findings of the part of the plant the change touched, worst first (capped). */
function outcomeFor(rows: Judged["rows"]): ChangeOutcome {
  const channels = [...rows.channels].sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.title.localeCompare(b.title));
  const findings = [...rows.findings].sort((a, b) => a.severityRank - b.severityRank || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
  return {
    channels: channels.slice(0, 50).map((c) => ({ key: c.key, title: c.title, verdict: c.verdict, errors: c.errors, warnings: c.warnings })),
    findings: findings.slice(0, 100).map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
  };
}

/** Judges a whole site again from scratch (import, a change of loss conventions). */
export async function judgeWholeSite(tx: ServiceContext, siteId: string): Promise<{ channels: number; findings: number }> {
  await lockSitePlant(tx.db, siteId);
  const { rows } = await judgePart(tx, siteId, null, null);
  return { channels: rows.channels.length, findings: rows.findings.length };
}
