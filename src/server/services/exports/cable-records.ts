import { cableKindOf } from "../../../domain";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { portTia } from "../../documents/identifiers";
import { dialect, postgresClient, queryRows, readAhead } from "../inventory/sql";

/** Where one connector of a cable is plugged. */
export interface CableEnd {
  connector: string;
  side: "front" | "rear";
  device: string;
  port: string;
  portId: string;
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
  typeName: string;
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

/** One plugged connector as the query answers it: [connector, side, device, port, portId, port kind, u, rack, row, position, device role, rack id]. */
type EndTuple = [string, "front" | "rear", string, string, string, "transceiver" | "adapter", number | null, string | null, string | null, number | null, string, string | null];

interface Row {
  id: string;
  label: string;
  label_key: string;
  type_id: string;
  type_name: string;
  cable_kind: string | null;
  fiber: string | null;
  polarity: string | null;
  colour: string;
  length_m: number | string;
  status: CableRecord["status"];
  splices: number | string;
  ends: EndTuple[] | string | null;
}

const connectorOrder = (x: { connector: string }, y: { connector: string }) => x.connector.localeCompare(y.connector, "en", { numeric: true });

/**
 * The query of a site's cables in label order. The order is `(site_id, lower(label) collate "C",
 * id)`, exactly the key of the index `cables_site_label_c_idx`: PostgreSQL walks the index, with no
 * sort and no scan of other sites, and a page after a key starts where the last one ended.
 */
function recordsQuery(siteId: string, after: { key: string; id: string } | null, limit: number | null): SQL {
  const keyset = after ? sql` and (lower(c.label) collate "C", c.id) > (${after.key} collate "C", ${after.id}::uuid)` : sql``;
  const cap = limit === null ? sql`` : sql` limit ${limit}`;
  return sql`select c.id, c.label, lower(c.label) collate "C" as label_key, c.type_id, t.name as type_name, t.cable_kind, t.fiber, t.polarity,
                    c.colour, c.length_m, c.status, c.splices,
                    (select json_agg(json_build_array(cp.connector, cp.side, d.name, p.name, p.id, p.kind, d.u_position, r.name, r.row, r.position, d.role, d.rack_id))
                       from cable_plugs cp join ports p on p.id = cp.port_id join devices d on d.id = p.device_id left join racks r on r.id = d.rack_id
                      where cp.cable_id = c.id) as ends
               from cables c join component_types t on t.id = c.type_id
              where c.site_id = ${siteId}${keyset}
              order by lower(c.label) collate "C", c.id${cap}`;
}

function toRecord(r: Row, siteCode: string): CableRecord {
  const tuples: EndTuple[] = typeof r.ends === "string" ? (JSON.parse(r.ends) as EndTuple[]) : (r.ends ?? []);
  const ends = tuples
    .map(
      ([connector, side, device, port, portId, kind, u, rack, row, position]): CableEnd => ({
        connector,
        side,
        device,
        port,
        portId,
        kind,
        tia: portTia(siteCode, rack ? { name: rack, row: row ?? "", position } : null, { name: device, uPosition: u }, port),
      }),
    )
    .sort(connectorOrder);
  return {
    id: r.id,
    label: r.label,
    typeId: r.type_id,
    typeName: r.type_name,
    cableKind: r.cable_kind,
    role: cableKindOf(
      r.cable_kind,
      tuples.map((e) => ({ side: e[1] as "front" | "rear", kind: e[5] as "transceiver" | "adapter" })),
    ) ?? "",
    fiber: r.fiber,
    polarity: r.polarity,
    colour: r.colour,
    lengthM: Number(r.length_m),
    status: r.status,
    splices: Number(r.splices),
    a: ends.filter((e) => e.connector.startsWith("a")),
    b: ends.filter((e) => !e.connector.startsWith("a")),
  };
}

/**
 * A site's cables with both ends and their TIA-606 identifiers, in label order, `pageSize` at a
 * time, so an export of 500,000 cables never holds them all. On PostgreSQL one query is read
 * through a cursor; on the embedded database each page is one query that starts after the last
 * key of the one before, served by the same index (`paged` reads that way on PostgreSQL too).
 */
export async function* cableRecords(db: Db, siteId: string, siteCode: string, pageSize = 2000, opts: { paged?: boolean } = {}): AsyncGenerator<CableRecord[]> {
  const client = opts.paged ? undefined : postgresClient(db);
  if (client) {
    const query = dialect.sqlToQuery(recordsQuery(siteId, null, null));
    const cursor = client.unsafe<Row[]>(query.sql, query.params as never[]).cursor(pageSize);
    for await (const rows of readAhead(cursor)) yield rows.map((r) => toRecord(r, siteCode));
    return;
  }
  let after: { key: string; id: string } | null = null;
  for (;;) {
    const rows: Row[] = await queryRows<Row>(db, recordsQuery(siteId, after, pageSize));
    if (rows.length === 0) return;
    yield rows.map((r) => toRecord(r, siteCode));
    if (rows.length < pageSize) return;
    const last: Row = rows[rows.length - 1]!;
    after = { key: last.label_key, id: last.id };
  }
}

/** The export query's text and parameters (the bench reads it through a cursor and looks at its plan). */
export function cableRecordsQueryText(siteId: string): { sql: string; params: unknown[] } {
  return dialect.sqlToQuery(recordsQuery(siteId, null, null));
}
