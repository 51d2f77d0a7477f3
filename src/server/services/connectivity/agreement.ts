import { eq, sql } from "drizzle-orm";
import { judgeSite } from "../../../domain";
import type { Db } from "../../db/client";
import { findings } from "../../db/schema";
import { queryRows } from "../inventory/sql";
import { buildModel } from "./build-model";
import { judgementRows } from "./judgement-rows";
import { loadModelRows } from "./model-rows";

const norm = (xs: readonly string[]) => [...xs].sort().join(",");
/** A JSON value with its objects' keys in order (a stored jsonb value comes back with its keys reordered). */
const canon = (v: unknown) =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );

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
    `${c.key} ${c.verdict} ${c.errors}/${c.warnings} ${c.fibers} [${norm(c.members)}] [${norm(c.ports)}] ${canon(c.links)} ${c.title}`;
  const findingLine = (f: { code: string; message: string; portIds: readonly string[]; rackIds: readonly string[]; channelKey: string | null; elements: unknown; figures: unknown }) =>
    `${f.code} ${f.message} [${norm(f.portIds)}] [${norm(f.rackIds)}] ${canon(f.elements)} ${canon(f.figures)}`;
  return {
    stored: { channels: storedChannels.map(channelLine).sort(), findings: storedFindings.map(findingLine).sort() },
    fresh: { channels: fresh.channels.map(channelLine).sort(), findings: fresh.findings.map(findingLine).sort() },
  };
}
