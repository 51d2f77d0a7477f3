import { sql } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { queryRows } from "../inventory/sql";
import { aroundPorts, judgeAroundPart, partAround, type Around } from "./around";
import { SEVERITY_RANK, type ChannelRow, type FindingRow } from "./judgement-rows";
import { lockSitePlant } from "./site-lock";
import { replaceJudgements } from "./store-judgement";
import { judgeSiteRows, type WholeSiteProgress } from "./whole-site";

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
 * The touched ports are those whose plugs, cassette, transceiver or name the change alters. `begin`
 * locks the site's plant. `finish` judges again exactly what can have changed:
 * - the channels whose fibers crossed a touched port before the change (the stored channels through
 *   it) and those whose fibers cross one after it (walked from the touched ports), loaded along
 *   their fibers only (see fiber-part.ts);
 * - the other findings that touch a touched port: its matings and those of its cables' other ends,
 *   loops through it, model problems of its elements.
 * Everything else keeps its stored rows, which judging the whole site would give again.
 */
export async function beginPlantChange(tx: ServiceContext, siteId: string, touched: readonly string[]) {
  await lockSitePlant(tx.db, siteId);
  const seeds = new Set(touched);
  // Before the write: the other ports of the touched ports' cables (an unplugged or deleted cable
  // leaves them), and the channels through any of these as stored.
  const before = await aroundPorts(tx.db, siteId, touched);
  return {
    touch(more: readonly string[]) {
      for (const p of more) seeds.add(p);
    },
    async finish(more: readonly string[] = []): Promise<ChangeOutcome> {
      for (const p of more) seeds.add(p);
      const after = await aroundPorts(tx.db, siteId, [...seeds]);
      return judgeAround(tx, siteId, {
        ports: [...new Set([...before.ports, ...after.ports])],
        channels: new Map([...before.channels, ...after.channels]),
      });
    },
  };
}

/** Judges the channels and findings around a change (after it) and stores them. */
async function judgeAround(tx: ServiceContext, siteId: string, around: Around): Promise<ChangeOutcome> {
  const loaded = await partAround(tx.db, siteId, around);
  if (!loaded) throw new Error(`site ${siteId} vanished during a change`);
  const { rows, kept } = judgeAroundPart(loaded.part.built, around);
  await replaceJudgements(tx.db, siteId, {
    channelKeys: [...new Set([...around.channels.keys(), ...rows.channels.map((c) => c.key)])],
    ports: around.ports,
    rows,
  });
  // What the person who made the change reads: the channels through it with every finding on them
  // (matings on their path included), and the other findings around the change.
  const channelFindings = kept.flatMap((c) => c.findings);
  const seen = new Set<string>();
  const findings = [...channelFindings, ...rows.findings.filter((f) => f.channelKey === null)].flatMap((f) => {
    const k = `${f.code}|${f.message}`;
    if (seen.has(k)) return [];
    seen.add(k);
    return [{ code: f.code, severity: f.severity, message: f.message, severityRank: SEVERITY_RANK[f.severity] }];
  });
  return outcomeFor(rows.channels, findings);
}

const VERDICT_ORDER = { fail: 0, warning: 1, pass: 2 } as const;

/** The channels and findings of the part of the plant the change touched, worst first (capped). */
function outcomeFor(judged: ChannelRow[], found: { code: string; severity: FindingRow["severity"]; message: string; severityRank: number }[]): ChangeOutcome {
  const channels = [...judged].sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.title.localeCompare(b.title));
  const findings = [...found].sort((a, b) => a.severityRank - b.severityRank || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
  return {
    channels: channels.slice(0, 50).map((c) => ({ key: c.key, title: c.title, verdict: c.verdict, errors: c.errors, warnings: c.warnings })),
    findings: findings.slice(0, 100).map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
  };
}

/**
 * Ports a bulk change (an import into an existing site) may touch and still be judged around, in
 * this process: beyond it the part loaded along the fibers approaches the whole site, and the
 * engine's work on it would hold the event loop, so the whole site is judged in the worker instead.
 */
export const JUDGE_AROUND_MAX_PORTS = 5_000;

/**
 * A bulk change to a site's plant (cables imported into a site that has a plant already), judged in
 * the caller's transaction like beginPlantChange when it touches few ports: ten cords imported into
 * a campus re-judge the channels through them, not 144,000 channels. A large change judges the
 * whole site. `finish` returns the site's counts after the change.
 */
export async function beginBulkPlantChange(tx: ServiceContext, siteId: string, touched: readonly string[], onProgress?: JudgeProgress) {
  const around = touched.length <= JUDGE_AROUND_MAX_PORTS ? await beginPlantChange(tx, siteId, touched) : null;
  if (!around) await lockSitePlant(tx.db, siteId);
  return {
    async finish(): Promise<{ channels: number; findings: number }> {
      if (!around) return judgeSiteRows(tx.db, siteId, onProgress);
      onProgress?.({ phase: "judge", step: "judging the channels through the new cables", done: 0, total: 1 });
      await around.finish();
      const [counts] = await queryRows<{ channels: number; findings: number }>(
        tx.db,
        sql`select (select count(*) from channel_judgements where site_id = ${siteId})::int as channels,
                   (select count(*) from findings where site_id = ${siteId})::int as findings`,
      );
      onProgress?.({ phase: "judge", step: "judging the channels through the new cables", done: 1, total: 1 });
      return counts!;
    },
  };
}

/** Progress of a whole-site judgement, as imports and the site form show it. */
export type JudgeProgress = (p: WholeSiteProgress) => void;

/** Judges a whole site again from scratch (import, a change of loss conventions). */
export async function judgeWholeSite(tx: ServiceContext, siteId: string, onProgress?: JudgeProgress): Promise<{ channels: number; findings: number }> {
  await lockSitePlant(tx.db, siteId);
  return judgeSiteRows(tx.db, siteId, onProgress);
}
