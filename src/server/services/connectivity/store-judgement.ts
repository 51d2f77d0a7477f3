import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { channelJudgements, findings } from "../../db/schema";
import { uuidArray } from "../inventory/sql";
import type { ChannelRow, FindingRow } from "./judgement-rows";

const BATCH = 500;

async function insertBatches<T>(rows: readonly T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/**
 * Replaces the stored judgements of part of a site: every channel and finding touching a port of
 * `scope` goes (the whole site when scope is null), the new rows come in.
 */
export async function replaceJudgements(
  db: Db,
  siteId: string,
  scope: readonly string[] | null,
  rows: { channels: readonly ChannelRow[]; findings: readonly FindingRow[] },
): Promise<void> {
  if (scope === null) {
    await db.delete(channelJudgements).where(eq(channelJudgements.siteId, siteId));
    await db.delete(findings).where(eq(findings.siteId, siteId));
  } else if (scope.length > 0) {
    // A channel's ports include its members. One index lookup per port: an overlap with a long
    // array defeats the planner's estimate and scans the table.
    const arr = uuidArray(scope);
    await db.delete(channelJudgements).where(
      sql`${channelJudgements.id} in (select c.id from unnest(${arr}::uuid[]) p(p) join channel_judgements c on c.ports @> array[p.p] where c.site_id = ${siteId})`,
    );
    await db.delete(findings).where(
      sql`${findings.id} in (select f.id from unnest(${arr}::uuid[]) p(p) join findings f on f.port_ids @> array[p.p] where f.site_id = ${siteId})`,
    );
  }
  await insertBatches(rows.channels, (batch) => db.insert(channelJudgements).values(batch.map((c) => ({ ...c, siteId }))));
  await insertBatches(rows.findings, (batch) => db.insert(findings).values(batch.map((f) => ({ ...f, siteId }))));
}
