import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { orderedRowId, rowTimes } from "./columns";
import { siteRef } from "./sites";

/**
 * The ports every channel of a site crosses: what its fibers go through, kept apart from what the
 * engine says of them (`channelJudgements`). A channel's path changes only when the plant does; a
 * change of loss conventions rewrites every judgement and none of these rows, whose port arrays are
 * the expensive part to index (a GIN entry for each of a channel's ten ports: at 3,000 racks,
 * 50,000 channel rows took 2.3 s to write with them and 0.4 s as judgements alone). `key` is the
 * engine's channel key: the smallest port id among the channel's transceiver ports (`members`).
 */
export const channelPaths = pgTable(
  "channel_paths",
  {
    id: orderedRowId(),
    siteId: siteRef(),
    key: text("key").notNull(),
    members: uuid("members").array().notNull(),
    /** Every port the channel's fibers cross (panels, cassettes, the members): fault markers, and the
     *  channels an edit or a trace through a port concerns. */
    ports: uuid("ports").array().notNull().default(sql`'{}'::uuid[]`),
    /** A digest of the row's content: a whole-site judgement rewrites only the rows whose digest changed. */
    digest: text("digest"),
    ...rowTimes(),
  },
  (t) => [
    uniqueIndex("channel_paths_site_key_unique").on(t.siteId, t.key),
    // fastupdate off: lookups never wade through a pending list left by a large import.
    index("channel_paths_members_gin").using("gin", t.members).with({ fastupdate: "off" }),
    index("channel_paths_ports_gin").using("gin", t.ports).with({ fastupdate: "off" }),
  ],
);

/**
 * The engine's verdict on every channel of a site, kept up to date in the same transaction as each
 * change (only the channels a change touches are judged again); the channel's ports are its row in
 * `channelPaths`, of the same site and key, written in the same transaction.
 */
export const channelJudgements = pgTable(
  "channel_judgements",
  {
    id: orderedRowId(),
    siteId: siteRef(),
    key: text("key").notNull(),
    /** The members as a person reads them: "leaf1:Ethernet1/1 ↔ spine1:Ethernet1/1". */
    title: text("title").notNull().default(""),
    verdict: text("verdict", { enum: ["pass", "warning", "fail"] }).notNull(),
    fibers: integer("fibers").notNull(),
    errors: integer("errors").notNull().default(0),
    warnings: integer("warnings").notNull().default(0),
    /** The engine's links: ends, applications, length, loss and limits. */
    links: jsonb("links").notNull(),
    /** A digest of the row's content: a whole-site judgement rewrites only the rows whose digest changed. */
    digest: text("digest"),
    ...rowTimes(),
  },
  (t) => [
    uniqueIndex("channel_judgements_site_key_unique").on(t.siteId, t.key),
    index("channel_judgements_site_verdict_idx").on(t.siteId, t.verdict),
  ],
);

export const SEVERITIES = ["error", "warning", "info"] as const;

/**
 * Every finding of a site once, as the engine words it: channel findings, matings, loops. `portIds`
 * are the ports the finding concerns (its elements, the channel's members, the ports its cables and
 * modules sit in), so the findings of a changed part of the plant are found and replaced by overlap;
 * `rackIds` are the racks of those ports, for the findings page's filters.
 */
export const findings = pgTable(
  "findings",
  {
    id: orderedRowId(),
    siteId: siteRef(),
    channelKey: text("channel_key"),
    code: text("code").notNull(),
    severity: text("severity", { enum: SEVERITIES }).notNull(),
    /** 0 error, 1 warning, 2 info: for ordering. */
    severityRank: integer("severity_rank").notNull(),
    message: text("message").notNull(),
    portIds: uuid("port_ids").array().notNull(),
    rackIds: uuid("rack_ids").array().notNull(),
    elements: jsonb("elements").notNull(),
    figures: jsonb("figures"),
    /** A digest of the row's content: a whole-site judgement rewrites only the rows whose digest changed. */
    digest: text("digest"),
    ...rowTimes(),
  },
  (t) => [
    index("findings_site_order_idx").on(t.siteId, t.severityRank, t.code, t.id),
    // A channel's findings (replaced when it is judged again, listed in the topology's side panel).
    index("findings_site_channel_idx").on(t.siteId, t.channelKey),
    index("findings_port_ids_gin").using("gin", t.portIds).with({ fastupdate: "off" }),
    index("findings_rack_ids_gin").using("gin", t.rackIds).with({ fastupdate: "off" }),
    check("findings_severity_valid", sql`${t.severity} in ('error','warning','info')`),
  ],
);
