import { eq, sql } from "drizzle-orm";
import { judgeSite } from "../../../domain";
import type { Db } from "../../db/client";
import { findings } from "../../db/schema";
import { queryRows } from "../inventory/sql";
import { stableJson } from "../stable-json";
import { buildModel } from "./build-model";
import { judgementRows } from "./judgement-rows";
import { loadModelRows } from "./model-rows";

const norm = (xs: readonly string[]) => [...xs].sort().join(",");

/**
 * The stored judgements of a site next to the engine's judgement of the whole site, both as sorted
 * lines: equal when the incremental updates agree with judging from scratch.
 */
export async function storedAndFresh(db: Db, siteId: string) {
  const data = await loadModelRows(db, siteId, null);
  const built = buildModel(data!);
  const fresh = judgementRows(built, judgeSite(built.model));
  // A channel's judgement and its path, each of which must have the other (a missing one: nulls).
  const storedChannels = await queryRows<{ key: string; verdict: string; members: string[]; ports: string[]; title: string; errors: number; warnings: number; fibers: number; links: unknown }>(
    db,
    sql`select coalesce(j.key, p.key) as key, j.verdict, j.errors, j.warnings, j.fibers, j.links, j.title, coalesce(p.members, '{}') as members, coalesce(p.ports, '{}') as ports
          from (select * from channel_judgements where site_id = ${siteId}) j
          full join (select * from channel_paths where site_id = ${siteId}) p on p.key = j.key`,
  );
  const storedFindings = await db.select().from(findings).where(eq(findings.siteId, siteId));
  const channelLine = (c: { key: string; verdict: string; members: readonly string[]; ports: readonly string[]; title: string; errors: number; warnings: number; fibers: number; links: unknown }) =>
    `${c.key} ${c.verdict} ${c.errors}/${c.warnings} ${c.fibers} [${norm(c.members)}] [${norm(c.ports)}] ${stableJson(c.links)} ${c.title}`;
  const findingLine = (f: { code: string; message: string; portIds: readonly string[]; rackIds: readonly string[]; channelKey: string | null; elements: unknown; figures: unknown }) =>
    `${f.code} ${f.message} [${norm(f.portIds)}] [${norm(f.rackIds)}] ${stableJson(f.elements)} ${stableJson(f.figures)}`;
  return {
    stored: { channels: storedChannels.map(channelLine).sort(), findings: storedFindings.map(findingLine).sort() },
    fresh: { channels: fresh.channels.map(channelLine).sort(), findings: fresh.findings.map(findingLine).sort() },
  };
}
