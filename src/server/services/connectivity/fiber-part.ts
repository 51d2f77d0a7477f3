import { sql, type SQL } from "drizzle-orm";
import { compileSite, trace, type CompiledSite } from "../../../domain";
import type { Db } from "../../db/client";
import { ports } from "../../db/schema";
import { userTypesOf } from "../catalog/resolve-type";
import { queryRows, tableRow, uuidArray } from "../inventory/sql";
import { buildModel, type BuiltModel } from "./build-model";
import { byPlugOrder, byRowId, type ModelRows } from "./model-rows";

/**
 * The part of a site's plant that the fibers through some ports cross — loaded along the fibers,
 * never by walking everything physically joined to them.
 *
 * A port is *closed* when the model holds everything a fiber crossing it can meet next: the cables
 * plugged into it (both sides) with all their connectors and the ports those sit in, and, for a
 * cassette port, the cassette with all its ports. The loader closes the seeds, lets the engine walk
 * the fibers of interest on the model so far, closes every port a fiber reached that is not closed
 * yet, and walks again, until the walks stay among closed ports. The walks then are exactly the
 * walks on the whole site: a walk only ever reads what a closed port leads to.
 *
 * In a meshed plant (cross-connects joining leaf/spine chains) a cassette joins ports of many
 * chains, so everything physically joined to a port is the whole site; the fibers of one channel
 * still cross a handful of ports. The stored channel membership (`channel_paths.ports`) lets
 * the first round close every port a channel through the seeds crosses, so a trace is usually one
 * round: one query for the rows, and one for user-defined types when the part holds any.
 */

export interface FiberPart {
  readonly built: BuiltModel;
  readonly compiled: CompiledSite;
  /** Ports whose whole neighbourhood is in the model. */
  readonly closed: ReadonlySet<string>;
  /** Rack of each device in the part, for labels (TIA-606 identifiers). */
  readonly rackOf: ReadonlyMap<string, { name: string; row: string; position: number | null }>;
  /** With `aroundOf`: the neighbourhood of those ports and the channels stored through it. */
  readonly around?: Neighbourhood;
  /** With `headOf`: that port's own row, every column. */
  readonly head?: typeof ports.$inferSelect;
}

/** The site of a part: its id, or the site of a port (read in the first round's statement, so a
 *  trace needs no statement of its own to learn where its port is). */
export type PartSite = string | { readonly ofPort: string };

/** Ports around a change and the stored channels crossing any of them: see around.ts. */
export interface Neighbourhood {
  /** The touched ports, the other ports of their cables and of their cassettes. */
  ports: string[];
  /** Stored channels crossing any of them: key → members. */
  channels: Map<string, string[]>;
}

/**
 * The ports of the neighbourhood of touched ports (a uuid[] literal), one a row: themselves, the
 * other ports of the cables plugged into them and of their cassettes — every port whose findings can
 * name one of them (a mating names its cable and its cassette).
 */
export const neighbourhoodPorts = (touched: string): SQL => sql`select unnest(${touched}::uuid[]) as id
  union
  select q2.port_id from cable_plugs q1 join cable_plugs q2 on q2.cable_id = q1.cable_id where q1.port_id = any(${touched}::uuid[])
  union
  select s.id from ports p1 join ports s on s.module_id = p1.module_id where p1.id = any(${touched}::uuid[])`;

interface PartOptions {
  /** Ports whose stored channels are closed in the first round (usually the ports of interest). */
  readonly channelsThrough?: readonly string[];
  /** Ports whose neighbours are closed in the first round too: the other ports of their cables and
   *  of their cassettes. Every finding that names one of these ports (a mating names the cable and
   *  the cassette it is in) is then judged on a whole neighbourhood. */
  readonly neighboursOf?: readonly string[];
  /** Ports a change touched: their neighbourhood (themselves, the other ports of their cables and
   *  of their cassettes) and the channels stored through it are read in the first round, in its
   *  statement, as aroundPorts reads them; the neighbourhood joins `channelsThrough` and
   *  `neighboursOf`, it and the channels' members join the seeds, and the part carries it. */
  readonly aroundOf?: readonly string[];
  /** The ports the fibers of interest reach, on the model so far (closed or not); `around` is the
   *  neighbourhood read with `aroundOf`. */
  readonly reached: (cs: CompiledSite, built: BuiltModel, around: Neighbourhood | undefined) => Iterable<string>;
  /** A port whose own row (every column) the first round reads too, as the part's `head`. */
  readonly headOf?: string;
}

/** A safety net: a fiber path longer than this many closing rounds is a plant no one builds. */
const MAX_ROUNDS = 200;

type PortTuple = [string, string, string | null, string, "transceiver" | "adapter", string | null, "A" | "B" | null, string | null, string | null];
type DeviceTuple = [string, string, string, string | null, number | null, number, "front" | "rear", string | null, string | null, number | null];

interface Loaded {
  head: Record<string, unknown> | null;
  around: { ports: string[]; channels: [string, string[]][] } | null;
  site: ModelRows["site"] | null;
  ports: PortTuple[] | null;
  devices: DeviceTuple[] | null;
  modules: [string, string, string, "cassette" | "plate", string | null][] | null;
  transceivers: [string, string, string][] | null;
  cables: [string, string, number, string, number, string][] | null;
  plugs: [string, string, string, "front" | "rear"][] | null;
}

const parse = <T>(v: unknown): T => (typeof v === "string" ? (JSON.parse(v) as T) : (v as T));

/**
 * One round: closes `ids` (and the ports of the stored channels through `channelsThrough`), in one
 * query. Rows come as JSON arrays: one round trip, whatever the part's size.
 */
async function closeRound(
  db: Db,
  partSite: PartSite,
  ids: readonly string[],
  first: { channelsThrough: readonly string[]; neighboursOf: readonly string[]; aroundOf?: readonly string[]; headOf?: string } | null,
): Promise<Loaded & { closed: string[] }> {
  const siteId = typeof partSite === "string" ? sql`${partSite}::uuid` : sql`(select hp.site_id from ports hp where hp.id = ${partSite.ofPort}::uuid)`;
  // The ports to close as one array value: the planner then estimates each step as a handful of
  // index probes (an estimate from a set-returning step makes it scan whole tables).
  const grow = first && (first.channelsThrough.length > 0 || first.neighboursOf.length > 0);
  const around = first?.aroundOf;
  // The neighbourhood of the touched ports (t) and the channels stored through it (sc), as
  // aroundPorts reads them: their ports are closed, and the neighbours of the neighbourhood.
  const aroundParts = around
    ? sql`t as (select array(${neighbourhoodPorts(uuidArray(around))}) as ids),
          sc as (select distinct c.key, c.members, c.ports from unnest((select ids from t)) f(id) join channel_paths c on c.ports @> array[f.id] where c.site_id = ${siteId}),
          nb as (select array(select unnest(${uuidArray(first.neighboursOf)}::uuid[]) union select unnest(ids) from t) as ids),`
    : sql``;
  const x = around
    ? sql`(select array(
            select unnest(${uuidArray(ids)}::uuid[])
            union
            select unnest(ids) from t
            union
            select unnest(members) from sc
            union
            select unnest(ports) from sc
            union
            select unnest(c.ports) from unnest(${uuidArray(first.channelsThrough)}::uuid[]) f(id)
              join channel_paths c on c.ports @> array[f.id] where c.site_id = ${siteId}
            union
            select q2.port_id from cable_plugs q1 join cable_plugs q2 on q2.cable_id = q1.cable_id
             where q1.port_id = any((select ids from nb)::uuid[])
            union
            select s.id from ports p1 join ports s on s.module_id = p1.module_id
             where p1.id = any((select ids from nb)::uuid[])))`
    : grow
    ? sql`(select array(
            select unnest(${uuidArray(ids)}::uuid[])
            union
            select unnest(c.ports) from unnest(${uuidArray(first.channelsThrough)}::uuid[]) f(id)
              join channel_paths c on c.ports @> array[f.id] where c.site_id = ${siteId}
            union
            select q2.port_id from cable_plugs q1 join cable_plugs q2 on q2.cable_id = q1.cable_id
             where q1.port_id = any(${uuidArray(first.neighboursOf)}::uuid[])
            union
            select s.id from ports p1 join ports s on s.module_id = p1.module_id
             where p1.id = any(${uuidArray(first.neighboursOf)}::uuid[])))`
    : sql`${uuidArray(ids)}::uuid[]`;
  const [row] = await queryRows<Record<keyof Loaded | "closed", unknown>>(
    db,
    sql`with ${aroundParts} xs as (select ${x} as ids),
        pl as (
          select cp.cable_id, cp.connector, cp.port_id, cp.side
            from cable_plugs cp join cables c on c.id = cp.cable_id
           where cp.cable_id = any(array(select q.cable_id from cable_plugs q where q.port_id = any((select ids from xs)::uuid[])))
             and c.status <> 'decommissioned'
        ),
        ap as (
          select p.* from ports p where p.id = any((select ids from xs)::uuid[])
          union
          select p.* from ports p where p.id = any(array(select port_id from pl))
        ),
        md as (select array(select distinct module_id from ap where module_id is not null) as ids),
        allp as (
          select * from ap
          union
          select p.* from ports p where p.module_id = any((select ids from md)::uuid[])
        ),
        dv as (select array(select distinct device_id from allp) as ids)
        select
          (select coalesce(json_agg(p.id), '[]') from ports p where p.id = any((select ids from xs)::uuid[])) as closed,
          (select coalesce(json_agg(json_build_array(a.id, a.device_id, a.module_id, a.name, a.kind, a.family, a.key_type, a.cage, a.module_port)), '[]') from allp a) as ports,
          (select coalesce(json_agg(json_build_array(d.id, d.name, d.role, d.rack_id, d.u_position, d.u_height, d.face, r.name, r.row, r.position)), '[]')
             from devices d left join racks r on r.id = d.rack_id where d.id = any((select ids from dv)::uuid[])) as devices,
          (select coalesce(json_agg(json_build_array(m.id, m.device_id, b.name, m.kind, m.type_id)), '[]')
             from modules m join module_bays b on b.id = m.bay_id where m.id = any((select ids from md)::uuid[])) as modules,
          (select coalesce(json_agg(json_build_array(t.id, t.port_id, t.type_id)), '[]') from transceivers t where t.port_id = any(array(select id from allp))) as transceivers,
          (select coalesce(json_agg(json_build_array(c.id, c.type_id, c.length_m, c.label, c.splices, c.status)), '[]')
             from cables c where c.id = any(array(select distinct cable_id from pl))) as cables,
          (select coalesce(json_agg(json_build_array(pl.cable_id, pl.connector, pl.port_id, pl.side)), '[]') from pl) as plugs,
          ${first ? sql`(select json_build_object('id', s.id, 'name', s.name, 'code', s.code, 'attenuation', s.attenuation, 'matedPair', s.mated_pair) from sites s where s.id = ${siteId})` : sql`null`} as site,
          ${around ? sql`json_build_object('ports', (select coalesce(json_agg(u.id), '[]') from unnest((select ids from t)) u(id)), 'channels', (select coalesce(json_agg(json_build_array(sc.key, sc.members)), '[]') from sc))` : sql`null`} as around,
          ${first?.headOf ? sql`(select row_to_json(hp) from ports hp where hp.id = ${first.headOf}::uuid)` : sql`null`} as head`,
  );
  return {
    head: parse<Record<string, unknown> | null>(row!.head),
    around: parse<Loaded["around"]>(row!.around),
    closed: parse<string[]>(row!.closed),
    site: parse<ModelRows["site"] | null>(row!.site),
    ports: parse(row!.ports),
    devices: parse(row!.devices),
    modules: parse(row!.modules),
    transceivers: parse(row!.transceivers),
    cables: parse(row!.cables),
    plugs: parse(row!.plugs),
  };
}

/**
 * Loads the part of the plant the fibers of interest cross (see above). `seeds` are closed first;
 * `reached` names, on each model, the ports those fibers reach. Returns null when the site is gone.
 */
export async function loadFiberPart(db: Db, partSite: PartSite, seeds: readonly string[], opts: PartOptions): Promise<FiberPart | null> {
  let site: ModelRows["site"] | null = null;
  let head: FiberPart["head"];
  const portRows = new Map<string, ModelRows["ports"][number]>();
  const deviceRows = new Map<string, ModelRows["devices"][number]>();
  const rackOf = new Map<string, { name: string; row: string; position: number | null }>();
  const moduleRows = new Map<string, ModelRows["modules"][number]>();
  const xcvrRows = new Map<string, ModelRows["transceivers"][number]>();
  const cableRows = new Map<string, ModelRows["cables"][number]>();
  const plugRows = new Map<string, ModelRows["plugs"][number]>();
  const typeIds = new Set<string>();
  let userTypes: ModelRows["userTypes"] = [];
  let around: Neighbourhood | undefined;
  const closed = new Set<string>();
  let toClose = [...new Set(seeds)];

  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (toClose.length > 0 || site === null) {
      const got = await closeRound(
        db,
        site?.id ?? partSite,
        toClose,
        site === null ? { channelsThrough: opts.channelsThrough ?? [], neighboursOf: opts.neighboursOf ?? [], aroundOf: opts.aroundOf, headOf: opts.headOf } : null,
      );
      if (site === null) {
        site = got.site;
        if (!site) return null;
        if (got.head) head = tableRow(ports, got.head);
      }
      if (got.around) {
        around = { ports: got.around.ports, channels: new Map(got.around.channels) };
        // Seeds as well: a deleted one is closed like any other.
        for (const id of around.ports) closed.add(id);
        for (const members of around.channels.values()) for (const id of members) closed.add(id);
      }
      for (const id of toClose) closed.add(id); // a deleted seed is closed: nothing can reach it
      for (const id of got.closed) closed.add(id);
      for (const [id, deviceId, moduleId, name, kind, family, keyType, cage, modulePort] of got.ports!)
        portRows.set(id, { id, deviceId, moduleId, name, kind, family, keyType, cage, modulePort });
      for (const [id, name, role, rackId, uPosition, uHeight, face, rack, row, position] of got.devices!) {
        deviceRows.set(id, { id, name, role, rackId, uPosition, uHeight, face });
        if (rack !== null) rackOf.set(id, { name: rack, row: row ?? "", position });
      }
      for (const [id, deviceId, bay, kind, typeId] of got.modules!) moduleRows.set(id, { id, deviceId, bay, kind, typeId });
      for (const [id, portId, typeId] of got.transceivers!) xcvrRows.set(id, { id, portId, typeId });
      for (const [id, typeId, lengthM, label, splices, status] of got.cables!) cableRows.set(id, { id, typeId, lengthM, label, splices, status });
      for (const [cableId, connector, portId, side] of got.plugs!) plugRows.set(`${cableId}\u0000${connector}`, { cableId, connector, portId, side });
      const newTypes: string[] = [];
      const note = (t: string | null) => {
        if (t !== null && !typeIds.has(t)) {
          typeIds.add(t);
          newTypes.push(t);
        }
      };
      for (const [, typeId] of got.cables!) note(typeId);
      for (const [, , typeId] of got.transceivers!) note(typeId);
      for (const [, , , , typeId] of got.modules!) note(typeId);
      if (newTypes.length) userTypes = [...userTypes, ...(await userTypesOf(db, newTypes))];
    }
    const rows: ModelRows = {
      site: site!,
      devices: [...deviceRows.values()].sort(byRowId),
      modules: [...moduleRows.values()].sort(byRowId),
      ports: [...portRows.values()].sort(byRowId),
      transceivers: [...xcvrRows.values()].sort(byRowId),
      cables: [...cableRows.values()].sort(byRowId),
      plugs: [...plugRows.values()].sort(byPlugOrder),
      userTypes,
    };
    const built = buildModel(rows);
    const compiled = compileSite(built.model);
    toClose = [];
    for (const id of opts.reached(compiled, built, around)) if (!closed.has(id)) toClose.push(id);
    if (toClose.length === 0) return { built, compiled, closed, rackOf, around, head };
    toClose = [...new Set(toClose)];
  }
  throw new Error(`the fibers from ${seeds.length} port(s) of site ${site?.id} did not settle after ${MAX_ROUNDS} rounds`);
}

/**
 * The ports crossed by every fiber from `focus` (both ways through an adapter port), and by the
 * channels of every transceiver those fibers reach — transitively, so a channel is walked whole.
 */
export function fibersFrom(cs: CompiledSite, focus: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const cages: string[] = [];
  const walked = new Set<string>();
  const take = (portId: string, side?: "front" | "rear") => {
    for (const f of trace(cs, portId, side ? { side } : {}).fibers) {
      for (const h of f.hops) if (h.kind === "adapter") out.add(h.portId);
      if ("portId" in f.end && f.end.portId) {
        out.add(f.end.portId);
        if (f.end.kind === "transceiver" && !walked.has(f.end.portId)) cages.push(f.end.portId);
      }
    }
  };
  for (const id of focus) {
    if (!cs.portIndex.has(id) || walked.has(id)) continue;
    walked.add(id);
    out.add(id);
    if (cs.model.ports[cs.portIndex.get(id)!]!.kind === "transceiver") take(id);
    else {
      take(id, "front");
      take(id, "rear");
    }
  }
  while (cages.length > 0) {
    const id = cages.pop()!;
    if (walked.has(id)) continue;
    walked.add(id);
    take(id);
  }
  return out;
}
