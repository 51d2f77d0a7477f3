import { sql } from "drizzle-orm";
import { check, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { rowId, rowTimes } from "./columns";

/** A site: one campus or building, the unit a team plans and audits. */
export const sites = pgTable(
  "sites",
  {
    id: rowId(),
    name: text("name").notNull(),
    /** Short code used as the first element of TIA-606 identifiers, e.g. "DC1". */
    code: text("code").notNull(),
    description: text("description").notNull().default(""),
    /** Loss conventions the site's channels are judged under (reference §10): fiber attenuation by
     *  ISO/IEC 11801 or TIA-568, and how mated pairs are counted. */
    attenuation: text("attenuation", { enum: ["ISO", "TIA"] }).notNull().default("ISO"),
    matedPair: text("mated_pair", { enum: ["by-grade", "standard", "low-loss"] }).notNull().default("by-grade"),
    ...rowTimes(),
  },
  (t) => [
    uniqueIndex("sites_name_unique").on(sql`lower(${t.name})`),
    uniqueIndex("sites_code_unique").on(sql`lower(${t.code})`),
    check("sites_attenuation_valid", sql`${t.attenuation} in ('ISO','TIA')`),
    check("sites_mated_pair_valid", sql`${t.matedPair} in ('by-grade','standard','low-loss')`),
  ],
);

/** The site a row belongs to: deleting the site deletes the row. */
export const siteRef = () =>
  uuid("site_id")
    .notNull()
    .references(() => sites.id, { onDelete: "cascade" });

/** A room (computer room, meet-me room, telecom room) inside a site. */
export const rooms = pgTable(
  "rooms",
  {
    id: rowId(),
    siteId: siteRef(),
    name: text("name").notNull(),
    ...rowTimes(),
  },
  (t) => [uniqueIndex("rooms_site_name_unique").on(t.siteId, sql`lower(${t.name})`)],
);

/**
 * The NetBox site a Ferrule site was imported from: importing the same NetBox site again opens
 * the difference as a draft change plan instead of making a second site.
 */
export const netboxSources = pgTable(
  "netbox_sources",
  {
    id: rowId(),
    siteId: siteRef(),
    /** The NetBox site's slug. */
    netboxSlug: text("netbox_slug").notNull(),
    /** Where it was last read from: NetBox's URL, or "dump". */
    lastSource: text("last_source").notNull(),
    ...rowTimes(),
  },
  (t) => [uniqueIndex("netbox_sources_site_unique").on(t.siteId), uniqueIndex("netbox_sources_slug_unique").on(sql`lower(${t.netboxSlug})`)],
);
