import { hash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { uuidArray } from "../inventory/sql";
import type { ChannelRow, FindingRow } from "./judgement-rows";

const textArray = (xs: readonly string[]) => `{${xs.map((x) => JSON.stringify(x)).join(",")}}`;

/** The ids in order; ids already in order (a channel's ports from a whole site's walk) as they are. */
const sorted = (xs: readonly string[]): readonly string[] => {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1]! > xs[i]!) return [...xs].sort();
  return xs;
};

/** A channel's path: the part of its row stored in `channel_paths`. */
export type PathRow = Pick<ChannelRow, "key" | "members" | "ports">;

/** The kinds of stored judgement rows, each in its own table, in the order a whole-site judgement
 *  writes them (a channel's path, then its judgement, then the findings). */
export const JUDGEMENT_TABLE = { paths: "channel_paths", channels: "channel_judgements", findings: "findings" } as const;
export type JudgementKind = keyof typeof JUDGEMENT_TABLE;
export const JUDGEMENT_KINDS = Object.keys(JUDGEMENT_TABLE) as JudgementKind[];

/** A channel's judgement: the part of its row stored in `channel_judgements`. */
export type JudgementRow = Omit<ChannelRow, "members" | "ports">;

interface RowOf {
  paths: PathRow;
  channels: JudgementRow;
  findings: FindingRow;
}

/** What a channel's judgement says (what `channel_judgements` holds of it; its members and ports
 *  are its path's, see pathText). */
const judgementContent = (r: JudgementRow) => [r.key, r.title, r.verdict, r.fibers, r.errors, r.warnings, r.links];

/** What a finding says, its id arrays as sets. */
const findingContent = (r: FindingRow) => [r.channelKey, r.code, r.severity, r.message, sorted(r.portIds), sorted(r.rackIds), r.elements, r.figures];

/** A channel row's path, a row of its own (its digest is set on it apart from the channel's). */
export const pathOf = (r: PathRow): PathRow => ({ key: r.key, members: r.members, ports: r.ports });

/** A path's content as text: ids only (hex digits and hyphens), so the separators cannot occur in
 *  them; half the time of the same as JSON (144,000 campus paths: 0.18 s against 0.35 s). */
const pathText = (r: PathRow) => `${r.key}|${sorted(r.members).join(",")}|${sorted(r.ports).join(",")}`;

/** A digest of what a row says: equal digests, equal rows. */
export function digestOf<K extends JudgementKind>(kind: K, row: RowOf[K]): string {
  // The one-shot hash: a hash object per row was a third of comparing a campus's 300,000 rows.
  const text =
    kind === "paths" ? pathText(row as PathRow) : JSON.stringify(kind === "channels" ? judgementContent(row as ChannelRow) : findingContent(row as FindingRow));
  return hash("sha1", text, "base64");
}

/**
 * The stored rows of one kind, by digest, against which a whole-site judgement's new rows are
 * matched one at a time as they are made (see unchangedLeftOut): a new row is `fresh` unless a
 * stored row says the same and is not taken yet. A campus judged again after an import of a few
 * thousand cables rewrites the channels those cables changed, not 144,000 rows and their indexes;
 * a change of loss conventions rewrites the channels' judgements and not their paths. Rows are
 * matched as a multiset: two equal findings stored are kept for two equal new ones. Matched as they
 * are made, the rows that change nothing are let go at once: a campus's 144,000 channel rows and
 * their findings, held until compared, had been some 400 MB of the judging worker's heap.
 */
export class StoredRows<K extends JudgementKind> {
  /** Each digest's first stored row not taken yet; after each row, the next row of the same digest
   *  (arrays of ids per digest and a set of the kept ids had been half of comparing a campus's
   *  300,000 rows, most of it their allocation). */
  private readonly first = new Map<string, number>();
  private readonly next: Int32Array;
  private readonly kept: Uint8Array;

  constructor(
    private readonly kind: K,
    private readonly stored: readonly (readonly [string, string | null])[],
  ) {
    this.next = new Int32Array(stored.length).fill(-1);
    this.kept = new Uint8Array(stored.length);
    for (let i = stored.length - 1; i >= 0; i--) {
      const digest = stored[i]![1];
      if (digest === null) continue;
      const head = this.first.get(digest);
      if (head !== undefined) this.next[i] = head;
      this.first.set(digest, i);
    }
  }

  /** Whether a new row must be written: no stored row left says the same. A fresh row gets its
   *  digest set on it (the row itself: copied, a campus's 156,000 rows all new had held 65 MB more);
   *  otherwise the stored row it matches is kept, and an equal new row after it takes the next. */
  fresh<R extends RowOf[K]>(row: R): row is R & { digest: string } {
    const digest = digestOf(this.kind, row);
    const at = this.first.get(digest) ?? -1;
    if (at === -1) {
      (row as R & { digest: string }).digest = digest;
      return true;
    }
    this.kept[at] = 1;
    this.first.set(digest, this.next[at]!);
    return false;
  }

  /** The stored rows no new row said again (once every new row was offered). */
  gone(): string[] {
    const gone: string[] = [];
    for (let i = 0; i < this.stored.length; i++) if (this.kept[i] === 0) gone.push(this.stored[i]![0]);
    return gone;
  }
}

/** What a judgement has to write over the stored rows of one kind: the stored rows whose content no
 *  new row has any more are `gone`, the new rows no stored row holds already are `fresh` (their
 *  digest set on them). See StoredRows. */
export function unchangedLeftOut<K extends JudgementKind, R extends RowOf[K]>(
  kind: K,
  stored: readonly (readonly [string, string | null])[],
  rows: readonly R[],
): { gone: string[]; fresh: (R & { digest: string })[] } {
  const matched = new StoredRows(kind, stored);
  const fresh = rows.filter((row): row is R & { digest: string } => matched.fresh(row));
  return { gone: matched.gone(), fresh };
}

/** Deletes stored judgement rows by id, a few thousand per statement. */
export async function deleteJudgementRows(db: Db, kind: JudgementKind, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 10_000)
    await db.execute(sql`delete from ${sql.identifier(JUDGEMENT_TABLE[kind])} where id = any(${uuidArray(ids.slice(i, i + 10_000))}::uuid[])`);
}

/** Inserts a JSON array of rows of one kind (PathRow, ChannelRow or FindingRow objects with their
 *  digest; other fields are ignored) in one statement. */
export async function insertJudgementJson(db: Db, siteId: string, kind: JudgementKind, json: string): Promise<void> {
  if (kind === "paths")
    await db.execute(sql`insert into channel_paths (site_id, key, members, ports, digest)
      select ${siteId}, r.key, r.members, r.ports, r.digest from json_to_recordset(${json}::json) as r(key text, members uuid[], ports uuid[], digest text)`);
  else if (kind === "channels")
    await db.execute(sql`insert into channel_judgements (site_id, key, title, verdict, fibers, errors, warnings, links, digest)
      select ${siteId}, r.key, r.title, r.verdict, r.fibers, r.errors, r.warnings, r.links, r.digest
        from json_to_recordset(${json}::json) as r(key text, title text, verdict text, fibers int, errors int, warnings int, links jsonb, digest text)`);
  else
    await db.execute(sql`insert into findings (site_id, channel_key, code, severity, severity_rank, message, port_ids, rack_ids, elements, figures, digest)
      select ${siteId}, r."channelKey", r.code, r.severity, r."severityRank", r.message, r."portIds", r."rackIds", r.elements, r.figures, r.digest
        from json_to_recordset(${json}::json) as r("channelKey" text, code text, severity text, "severityRank" int, message text, "portIds" uuid[], "rackIds" uuid[], elements jsonb, figures jsonb, digest text)`);
}

/**
 * Replaces the stored judgements around a change: the channels with these keys (before or after the
 * change) with their own findings, and the other findings touching these ports, by the new rows —
 * in one statement. A stored row that says what a new row says is kept (see unchangedLeftOut): a
 * cord's new length rewrites the judgement of the channel through it, not its path, nor the other
 * channels of its cassette. Findings are matched as a multiset.
 */
export async function replaceJudgements(
  db: Db,
  siteId: string,
  scope: { channelKeys: readonly string[]; ports: readonly string[]; rows: { channels: readonly ChannelRow[]; findings: readonly FindingRow[] } },
): Promise<void> {
  // A transceiver port is a member of one channel: a stored channel sharing a member with a new one
  // is the same channel as it was before the change.
  const members = scope.rows.channels.flatMap((c) => c.members);
  const channels = JSON.stringify(scope.rows.channels.map((r) => ({ ...r, digest: digestOf("channels", r), pathDigest: digestOf("paths", r) })));
  const found = JSON.stringify(scope.rows.findings.map((r) => ({ ...r, digest: digestOf("findings", r) })));
  await db.execute(sql`
    with new_channels as materialized (
      select * from json_to_recordset(${channels}::json)
        as r(key text, members uuid[], ports uuid[], title text, verdict text, fibers int, errors int, warnings int, links jsonb, digest text, "pathDigest" text)
    ),
    new_findings as materialized (
      select r.*, row_number() over (partition by r.digest) as n
        from json_to_recordset(${found}::json) as r("channelKey" text, code text, severity text, "severityRank" int, message text, "portIds" uuid[], "rackIds" uuid[], elements jsonb, figures jsonb, digest text)
    ),
    -- One index lookup per key and per member, gathered into an array first: joined as a set, the
    -- planner's estimate for an array containment makes it scan the whole table.
    stored_keys as materialized (
      select key from channel_paths where site_id = ${siteId} and key = any(${textArray(scope.channelKeys)}::text[])
      union
      select c.key from unnest(${uuidArray(members)}::uuid[]) m(id) join channel_paths c on c.members @> array[m.id] where c.site_id = ${siteId}
    ),
    stored_paths as materialized (
      select p.id, p.key, p.digest from channel_paths p where p.site_id = ${siteId} and p.key = any(array(select key from stored_keys))
    ),
    stored_channels as materialized (
      select c.id, c.key, c.digest from channel_judgements c where c.site_id = ${siteId} and c.key = any(array(select key from stored_keys))
    ),
    -- Their findings, and the other findings naming one of the ports (one index lookup per port).
    stored_findings as materialized (
      select f.id, f.digest, row_number() over (partition by f.digest order by f.id) as n from findings f where f.id = any(array(
        select f.id from findings f where f.site_id = ${siteId} and f.channel_key = any(array(select key from stored_keys))
        union
        select f.id from unnest(${uuidArray(scope.ports)}::uuid[]) p(p) join findings f on f.port_ids @> array[p.p]
         where f.site_id = ${siteId} and f.channel_key is null))
    ),
    -- A stored row whose key comes again with other content is updated in place (deleting and
    -- inserting a key in one statement would meet the unique key).
    gone_paths as (
      delete from channel_paths where id = any(array(
        select s.id from stored_paths s where not exists (select 1 from new_channels n where n.key = s.key)))
    ),
    put_paths as (
      insert into channel_paths (site_id, key, members, ports, digest)
      select ${siteId}, n.key, n.members, n.ports, n."pathDigest"
        from new_channels n where not exists (select 1 from stored_paths s where s.digest = n."pathDigest")
      on conflict (site_id, key) do update set
        members = excluded.members, ports = excluded.ports, digest = excluded.digest, updated_at = now(), version = channel_paths.version + 1
    ),
    gone_channels as (
      delete from channel_judgements where id = any(array(
        select s.id from stored_channels s where not exists (select 1 from new_channels n where n.key = s.key)))
    ),
    put_channels as (
      insert into channel_judgements (site_id, key, title, verdict, fibers, errors, warnings, links, digest)
      select ${siteId}, n.key, n.title, n.verdict, n.fibers, n.errors, n.warnings, n.links, n.digest
        from new_channels n where not exists (select 1 from stored_channels s where s.digest = n.digest)
      on conflict (site_id, key) do update set
        title = excluded.title, verdict = excluded.verdict, fibers = excluded.fibers,
        errors = excluded.errors, warnings = excluded.warnings, links = excluded.links, digest = excluded.digest,
        updated_at = now(), version = channel_judgements.version + 1
    ),
    gone_findings as (
      delete from findings where id = any(array(
        select s.id from stored_findings s where s.digest is null or not exists (select 1 from new_findings n where n.digest = s.digest and n.n = s.n)))
    ),
    put_findings as (
      insert into findings (site_id, channel_key, code, severity, severity_rank, message, port_ids, rack_ids, elements, figures, digest)
      select ${siteId}, n."channelKey", n.code, n.severity, n."severityRank", n.message, n."portIds", n."rackIds", n.elements, n.figures, n.digest
        from new_findings n where not exists (select 1 from stored_findings s where s.digest = n.digest and s.n = n.n)
    )
    select 1`);
}
