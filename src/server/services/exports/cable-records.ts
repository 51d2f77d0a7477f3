import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { portTia } from "../../documents/identifiers";
import { queryRows } from "../inventory/sql";

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

/** A cable as the schedule and the NetBox export list it. */
export interface CableRecord {
  id: string;
  label: string;
  typeId: string;
  typeName: string;
  cableKind: string | null;
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

const connectorOrder = (x: { connector: string }, y: { connector: string }) => x.connector.localeCompare(y.connector, "en", { numeric: true });

interface Row {
  id: string;
  label: string;
  type_id: string;
  type_name: string;
  cable_kind: string | null;
  fiber: string | null;
  polarity: string | null;
  colour: string;
  length_m: number;
  status: CableRecord["status"];
  splices: number;
  ends: { connector: string; side: "front" | "rear"; device: string; port: string; portId: string; kind: "transceiver" | "adapter"; u: number | null; rack: string | null; row: string | null; position: number | null }[] | null;
}

/**
 * A site's cables with both ends and their TIA-606 identifiers, ordered by label, `pageSize` at a
 * time, so an export of 100,000 cables never holds them all.
 */
export async function* cableRecords(db: Db, siteId: string, siteCode: string, pageSize = 2000): AsyncGenerator<CableRecord[]> {
  let after: { label: string; id: string } | null = null;
  for (;;) {
    const keyset: SQL = after ? sql` and (lower(c.label), c.id) > (${after.label.toLowerCase()}, ${after.id}::uuid)` : sql``;
    const rows: Row[] = await queryRows<Row>(
      db,
      sql`select c.id, c.label, c.type_id, t.name as type_name, t.cable_kind, t.fiber, t.polarity, c.colour, c.length_m, c.status, c.splices,
                 (select json_agg(json_build_object('connector', cp.connector, 'side', cp.side, 'device', d.name, 'port', p.name, 'portId', p.id,
                                                    'kind', p.kind, 'u', d.u_position, 'rack', r.name, 'row', r.row, 'position', r.position))
                    from cable_plugs cp join ports p on p.id = cp.port_id join devices d on d.id = p.device_id left join racks r on r.id = d.rack_id
                   where cp.cable_id = c.id) as ends
            from cables c join component_types t on t.id = c.type_id
           where c.site_id = ${siteId}${keyset}
           order by lower(c.label), c.id
           limit ${pageSize}`,
    );
    if (rows.length === 0) return;
    yield rows.map((r) => {
      const ends = (r.ends ?? [])
        .map(
          (e): CableEnd => ({
            connector: e.connector,
            side: e.side,
            device: e.device,
            port: e.port,
            portId: e.portId,
            kind: e.kind,
            tia: portTia(siteCode, e.rack ? { name: e.rack, row: e.row ?? "", position: e.position } : null, { name: e.device, uPosition: e.u }, e.port),
          }),
        )
        .sort(connectorOrder);
      return {
        id: r.id,
        label: r.label,
        typeId: r.type_id,
        typeName: r.type_name,
        cableKind: r.cable_kind,
        fiber: r.fiber,
        polarity: r.polarity,
        colour: r.colour,
        lengthM: Number(r.length_m),
        status: r.status,
        splices: Number(r.splices),
        a: ends.filter((e) => e.connector.startsWith("a")),
        b: ends.filter((e) => !e.connector.startsWith("a")),
      };
    });
    if (rows.length < pageSize) return;
    const last: Row = rows[rows.length - 1]!;
    after = { label: last.label, id: last.id };
  }
}
