import { sql } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { breathe } from "../imports/limits";
import { cachedPlans, queryRows } from "../inventory/sql";
import { aroundPorts, judgeAroundPart, partAroundTouched, type Around } from "./around";
import { SEVERITY_RANK, type ChannelRow, type FindingRow } from "./judgement-rows";
import { lockSitePlant } from "./site-lock";
import { replaceJudgements } from "./store-judgement";
import { judgeSiteRows, type PlantReader, type WholeSiteProgress } from "./whole-site";

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
export async function beginPlantChange(tx: ServiceContext, siteId: string, touched: readonly string[], opts: { locked?: boolean } = {}) {
  // `locked`: the caller took the lock already, with the statement that read the changed row (sitePlantLock).
  if (!opts.locked) await lockSitePlant(tx.db, siteId);
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
      return judgeAround(tx, siteId, [...seeds], before);
    },
  };
}

/**
 * The judgement after a change that moved no plug and altered no port, cassette or transceiver (a
 * cable's length, label, colour, splices or status short of decommissioning): the neighbourhood of
 * its ports and the channels stored through it are the same before and after such a write, so
 * they are read once, after it: the rows and outcome of beginPlantChange before the write and
 * `finish` after it, with one read of the neighbourhood instead of two. The caller took the site's
 * plant lock before its write (lockSitePlant, sitePlantLock).
 */
export async function judgeAroundUnmoved(tx: ServiceContext, siteId: string, ports: readonly string[]): Promise<ChangeOutcome> {
  return judgeAround(tx, siteId, ports);
}

/** Touched ports up to which a change's judgement runs on cached plans (judgeAround). A bulk change's
 *  groups (thousands of ports) keep their custom plans. */
const GENERIC_PLANS_UP_TO = 200;

/**
 * Judges the channels and findings around a change (after it) and stores them: around the
 * neighbourhood of the touched ports as the change left it (read with the part of the plant to
 * judge, in its first statement), joined to `before`, the neighbourhood read before the write.
 */
async function judgeAround(tx: ServiceContext, siteId: string, touched: readonly string[], before?: Around): Promise<ChangeOutcome> {
  // A change of a few ports (a cable, a cord, a panel) reads its part and writes its judgement on
  // the statements' cached plans: planned anew each time they were 2–6 ms of an edit's 10–15 ms in
  // PostgreSQL at 3,000 racks, their generic plans (index lookups throughout) 0.05 ms.
  const restorePlans = touched.length <= GENERIC_PLANS_UP_TO ? await cachedPlans(tx.db, "force_generic_plan") : null;
  const loaded = await partAroundTouched(tx.db, siteId, touched, before);
  if (!loaded) throw new Error(`site ${siteId} vanished during a change`);
  const { around } = loaded;
  const { rows, kept } = judgeAroundPart(loaded.part.built, around);
  await replaceJudgements(tx.db, siteId, {
    channelKeys: [...new Set([...around.channels.keys(), ...rows.channels.map((c) => c.key)])],
    ports: around.ports,
    rows,
  });
  await restorePlans?.();
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
 * Ports a bulk change (an import into an existing site) may touch and still be judged around them:
 * beyond it, judging around costs about what judging the whole site does (measured at 3,000 racks:
 * 5,000 ports around took 3.4–5.2 s where the whole site took 62 s in the same conditions), and the whole
 * site is judged, in its worker.
 */
export const JUDGE_AROUND_MAX_PORTS = 40_000;

/** Touched ports judged around at a time: the server answers others between groups. Measured at
 *  3,000 racks with 5,000 touched ports (load 7 on 2 cores): one group judged in 3.4 s holding the
 *  event loop up to 517 ms, groups of 2,500 in 5.2 s and 295 ms, groups of 500 in 16.5 s (each
 *  group reads its neighbourhood's stored channels again). */
const AROUND_GROUP = 2_500;

/**
 * A bulk change to a site's plant (cables imported into a site that has a plant already), judged in
 * the caller's transaction. Touching up to JUDGE_AROUND_MAX_PORTS ports, it is judged around them,
 * in groups: each group's neighbourhood as stored before the write, then after it, judged on the
 * plant as written — exactly what beginPlantChange does for one change, so each group's rows are
 * the whole site's; a channel through two groups is judged twice, to the same rows. Ten cords
 * imported into a campus re-judge the channels through them, not 144,000 channels. A larger change
 * judges the whole site. `finish` returns the site's counts after the change.
 *
 * `onReading` is called between the groups read before the write (they take a moment on a campus).
 */
export async function beginBulkPlantChange(
  tx: ServiceContext,
  siteId: string,
  touched: readonly string[],
  opts: { onProgress?: JudgeProgress; onReading?: () => void; groupPorts?: number; plantReader?: PlantReader } = {},
) {
  const { onProgress, onReading, groupPorts = AROUND_GROUP, plantReader } = opts;
  await lockSitePlant(tx.db, siteId);
  if (touched.length > JUDGE_AROUND_MAX_PORTS) return { finish: () => judgeSiteRows(tx.db, siteId, onProgress, { plantReader }) };
  const groups: { ports: readonly string[]; before: Around }[] = [];
  for (let i = 0; i < touched.length; i += groupPorts) {
    const ports = touched.slice(i, i + groupPorts);
    groups.push({ ports, before: await aroundPorts(tx.db, siteId, ports) });
    onReading?.();
  }
  return {
    async finish(): Promise<{ channels: number; findings: number }> {
      const step = "judging the channels through the new cables";
      let last: WholeSiteProgress = { phase: "judge", step, done: 0, total: groups.length };
      // While a group's rows are read and stored, say it still works.
      const heartbeat = setInterval(() => onProgress?.(last), 500);
      try {
        for (const [i, group] of groups.entries()) {
          last = { phase: "judge", step, done: i, total: groups.length };
          onProgress?.(last);
          await judgeAround(tx, siteId, group.ports, group.before);
          await breathe();
        }
      } finally {
        clearInterval(heartbeat);
      }
      const [counts] = await queryRows<{ channels: number; findings: number }>(
        tx.db,
        sql`select (select count(*) from channel_judgements where site_id = ${siteId})::int as channels,
                   (select count(*) from findings where site_id = ${siteId})::int as findings`,
      );
      onProgress?.({ phase: "judge", step, done: groups.length, total: groups.length });
      return counts!;
    },
  };
}

/** Progress of a whole-site judgement, as imports and the site form show it. */
export type JudgeProgress = (p: WholeSiteProgress) => void;

/** Judges a whole site again from scratch (import, a change of loss conventions). */
export async function judgeWholeSite(
  tx: ServiceContext,
  siteId: string,
  onProgress?: JudgeProgress,
  /** See judgeSiteRows: the database outside `tx` and the plant's tables `tx` wrote. */
  plantReader?: PlantReader,
): Promise<{ channels: number; findings: number }> {
  await lockSitePlant(tx.db, siteId);
  return judgeSiteRows(tx.db, siteId, onProgress, { plantReader });
}
