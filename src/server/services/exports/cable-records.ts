import { cableKindOf } from "../../../domain";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { portTia } from "../../documents/identifiers";
import { dialect } from "../inventory/sql";
import { labelOrder, labelOrderedRows, type LabelKey, type LabelOrderedQuery } from "./copy-rows";

/** Where one connector of a cable is plugged. */
export interface CableEnd {
  connector: string;
  side: "front" | "rear";
  device: string;
  port: string;
  kind: "transceiver" | "adapter";
  /** TIA-606 identifier of the port: `DC1.A12-40:05`. */
  tia: string;
}

/** What a cable is on the floor: the catalog's kind, or a trunk when a plain cable links panels of two racks. */
export type CableRole = "patch-cord" | "trunk" | "harness" | "conversion";

/** A cable as the schedule and the NetBox export list it. */
export interface CableRecord {
  id: string;
  label: string;
  typeId: string;
  /** The catalog's cable kind of the type (patch-cord, trunk, harness, conversion). */
  cableKind: string | null;
  /** What the cable is laid as (cableKindOf: a plain MPO cable between panel rears is a trunk): the kind the schedule shows. */
  role: string;
  fiber: string | null;
  polarity: string | null;
  colour: string;
  lengthM: number;
  status: "planned" | "installed" | "decommissioned";
  splices: number;
  /** Connectors of the A end (a1, a2 …) and of the B end, in connector order, plugged ones only. */
  a: CableEnd[];
  b: CableEnd[];
}

/** One plugged connector as the query answers it: [connector, side, device, port, port kind, u, rack, row, position]. */
type EndTuple = [string, "front" | "rear", string, string, "transceiver" | "adapter", number | null, string | null, string | null, number | null];

/** One cable as the query writes it, a JSON array: id, label, type, kind, fiber, polarity, colour, length, status, splices, ends. */
type RecordTuple = [string, string, string, string | null, string | null, string | null, string, number, CableRecord["status"], number, EndTuple[] | null];

/** Connectors in their order: a1, a2 … a10 (numbers by value). One collator, made once, not one a comparison. */
const connectorCollator = new Intl.Collator("en", { numeric: true });
const connectorOrder = (x: CableEnd, y: CableEnd) => connectorCollator.compare(x.connector, y.connector);

/**
 * The query of a site's cables in label order, each one JSON array (`RecordTuple`) with its plugged
 * connectors. The order is `(site_id, lower(label) collate "C", id)`, exactly the key of the index
 * `cables_site_label_c_idx`, and the site's plugs (`cable_plugs_site_idx`), so no other site's
 * cables or plugs are read; a page (`limit` cables) after a key starts where the last one ended.
 * The ends are joined and gathered by cable (grouped in the order of the output, so one sort does
 * both), not gathered by a subquery for each cable: PostgreSQL then reads the plugs, ports, devices
 * and racks in one pass each instead of four index probes a connector (measured at 68,000 cables:
 * 0.8–1.2 s against 2.5–2.7 s). One JSON text a cable is also the least for the server to take apart
 * (one `JSON.parse`): a row a connector, the cable's columns again on each, took it twice the CPU.
 * Each connector's tuple is made in the joined subquery, not inside the aggregate: PostgreSQL then
 * builds it where the plugs are joined, in its parallel workers, and the one process that gathers
 * the rows by cable only strings them together (at 3,000 racks that process had been busy 3 s of
 * a 5.9 s statement, 1.3 s of 3.6–4.7 s now; the schedule read and written in 3.8–4.6 s from 5.1–5.3
 * in a quiet hour).
 */
function recordsQuery(siteId: string, after: LabelKey | null, limit: number | null): SQL {
  const page = labelOrder("label", "id");
  const { order, keyColumns } = labelOrder("c.label", "c.id");
  const cables = limit === null ? sql`cables` : sql`(select * from cables where site_id = ${siteId}${page.after(after)} order by ${page.order} limit ${limit})`;
  const key = limit === null ? sql`` : keyColumns;
  return sql`select json_build_array(c.id, c.label, c.type_id, t.cable_kind, t.fiber, t.polarity, c.colour, c.length_m, c.status, c.splices,
                    json_agg(e.tuple) filter (where e.tuple is not null))::text as record${key}
               from ${cables} c join component_types t on t.id = c.type_id
               left join (select cp.cable_id, json_build_array(cp.connector, cp.side, d.name, p.name, p.kind, d.u_position, r.name, r.row, r.position) as tuple
                            from cable_plugs cp join ports p on p.id = cp.port_id join devices d on d.id = p.device_id left join racks r on r.id = d.rack_id
                           where cp.site_id = ${siteId}) e
                 on e.cable_id = c.id
              where c.site_id = ${siteId}
              group by ${order}, c.label, c.type_id, c.colour, c.length_m, c.status, c.splices, t.id
              order by ${order}`;
}

function toRecord([id, label, typeId, cableKind, fiber, polarity, colour, lengthM, status, splices, tuples]: RecordTuple, siteCode: string): CableRecord {
  const ends: CableEnd[] = [];
  for (const [connector, side, device, port, kind, u, rack, row, position] of tuples ?? [])
    ends.push({ connector, side, device, port, kind, tia: portTia(siteCode, rack ? { name: rack, row: row ?? "", position } : null, { name: device, uPosition: u }, port) });
  if (ends.length > 1) ends.sort(connectorOrder);
  const a: CableEnd[] = [];
  const b: CableEnd[] = [];
  for (const e of ends) (e.connector.startsWith("a") ? a : b).push(e);
  return { id, label, typeId, cableKind, role: cableKindOf(cableKind, ends) ?? "", fiber, polarity, colour, lengthM: Number(lengthM), status, splices: Number(splices), a, b };
}

/**
 * A site's cables with both ends and their TIA-606 identifiers, in label order, `pageSize` at a
 * time, so an export of 500,000 cables never holds them all. Pages of 200, not thousands: a page
 * lives while it is written, and the larger it is the more of it outlives the young generation's
 * collections (measured at 68,000 cables, the same time: memory growth of the CSV 124 MB with pages
 * of 2,000, 58 MB with 500); and a page is written in one go, without the event loop turning (at
 * 3,000 racks a workbook's pages of 500 held it 66–170 ms, pages of 200 35–56 ms).
 *
 * Read through one COPY on PostgreSQL, page by page on the embedded database (labelOrderedRows).
 */
export async function* cableRecords(db: Db, siteId: string, siteCode: string, pageSize = 200, opts: { paged?: boolean } = {}): AsyncGenerator<CableRecord[]> {
  const query: LabelOrderedQuery = (after, limit) => recordsQuery(siteId, after, limit);
  for await (const page of labelOrderedRows<RecordTuple>(db, query, pageSize, opts)) yield page.map((t) => toRecord(t, siteCode));
}

/** The export query's text and parameters (the bench reads it through a cursor and looks at its plan). */
export function cableRecordsQueryText(siteId: string): { sql: string; params: unknown[] } {
  return dialect.sqlToQuery(recordsQuery(siteId, null, null));
}
