import { asc, eq, sql } from "drizzle-orm";
import { Document } from "yaml";
import { createCatalog, siteFileDevice, toSiteFileObject, type Device, type Module, type Port } from "../../../domain";
import type { Db } from "../../db/client";
import { racks, rooms } from "../../db/schema";
import { userTypesOf } from "../catalog/resolve-type";
import { ENGINE_ROLE } from "../connectivity/build-model";
import { dialect, queryRows } from "../inventory/sql";
import type { ServiceContext } from "../context";
import { inOneSnapshot, labelOrder, labelOrderedRows, type LabelOrderedQuery } from "./copy-rows";
import { siteExportInput, type SiteExportInput } from "./schemas";
import { siteForExport, type SiteHead } from "./site-head";

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Hands out site-file ids: the wanted one when it is valid and free, else a cleaned or numbered one. */
class IdPool {
  private readonly used = new Set<string>();
  constructor(private readonly fallback: string) {}
  take(wanted: string): string {
    let base = ID.test(wanted) ? wanted : wanted.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").replace(/-+$/, "");
    if (!base) base = this.fallback;
    let id = base;
    for (let n = 2; this.used.has(id.toLowerCase()); n++) id = `${base}-${n}`;
    this.used.add(id.toLowerCase());
    return id;
  }
}

/** A port name the site file accepts (no spaces or '@'). */
const filePortName = (name: string) => name.replace(/\s+/g, "_").replace(/@/g, "-");
const fileSlot = (name: string) => name.replace(/[\s@:/]+/g, "-");

/** A port as the device's record lists it: name, kind, family, key, cage, the type of the transceiver in it. */
type PortTuple = [string, "transceiver" | "adapter", string | null, "A" | "B" | null, string | null, string | null];
/** A module as the device's record lists it: id, kind, type, bay. */
type ModuleTuple = [string, "cassette" | "plate", string | null, string];
/** A device as the query writes it, a JSON array: id, name, role, rack, unit, height, face, its ports
 *  in the order of the file and its modules by bay (null when it has none). */
type DeviceTuple = [string, string, string, string | null, number | null, number, "front" | "rear", PortTuple[] | null, ModuleTuple[] | null];

/** A port of a cassette (`p`, its module `pm`): the file lists the cassette and its type, which imply
 *  its ports (at 3,000 racks, 672,000 of the 960,000 ports). */
const IN_CASSETTE = sql`coalesce(p.kind = 'adapter' and p.module_port is not null and pm.kind = 'cassette' and pm.type_id is not null, false)`;

/**
 * The site's devices with their ports, modules and transceivers, a device a record, in name order
 * (lower case, byte order: the order the site file's ids are handed out in, whatever the database's
 * collation), read through one COPY on PostgreSQL and page by page on the embedded database.
 */
const devicesQuery =
  (siteId: string): LabelOrderedQuery =>
  (after, limit) => {
    const { order, after: keyset, keyColumns } = labelOrder("d.name", "d.id");
    const key = limit === null ? sql`` : keyColumns;
    return sql`select json_build_array(d.id, d.name, d.role, d.rack_id, d.u_position, d.u_height, d.face,
                 (select json_agg(json_build_array(p.name, p.kind, p.family, p.key_type, p.cage, x.type_id) order by p.ordinal, p.name)
                    from ports p left join transceivers x on x.port_id = p.id left join modules pm on pm.id = p.module_id
                   where p.device_id = d.id and not ${IN_CASSETTE}),
                 (select json_agg(json_build_array(m.id, m.kind, m.type_id, b.name) order by b.position, b.name)
                    from modules m join module_bays b on b.id = m.bay_id where m.device_id = d.id))::text as record${key}
          from devices d where d.site_id = ${siteId}${keyset(after)}
         order by ${order}${limit === null ? sql`` : sql` limit ${limit}`}`;
  };

/** A device's record as the site model's device, ports and modules, with the file's ids. */
function deviceOfRecord(
  [, name, role, rack, unit, height, face, portTuples, moduleTuples]: DeviceTuple,
  id: string,
  rackId: ReadonlyMap<string, string>,
): { device: Device; ports: Port[]; modules: Module[]; transceivers: Map<string, string> } {
  const device: Device = {
    id,
    name,
    role: ENGINE_ROLE[role] ?? "other",
    ...(rack ? { rackId: rackId.get(rack)! } : {}),
    ...(unit !== null ? { unit } : {}),
    uHeight: height,
    face,
  };
  // A cassette's ports come with its type; an adapter plate's are plain adapters of the panel.
  const modules: Module[] = (moduleTuples ?? []).flatMap(([moduleId, kind, typeId, bay]) =>
    kind === "cassette" && typeId !== null ? [{ id: moduleId, deviceId: id, slot: fileSlot(bay), typeId }] : [],
  );
  const transceivers = new Map<string, string>();
  const ports = (portTuples ?? []).map(([portName, kind, family, keyType, cage, xcvrType], i): Port => {
    const portId = String(i);
    const fileName = filePortName(portName);
    if (kind === "transceiver") {
      if (xcvrType !== null) transceivers.set(portId, xcvrType);
      return cage ? { id: portId, deviceId: id, name: fileName, kind, cage } : { id: portId, deviceId: id, name: fileName, kind };
    }
    // Not a cassette's (those are not read): an adapter of the panel, or of an adapter plate,
    // which the file lists on the panel.
    return { id: portId, deviceId: id, name: fileName, kind, family: family as Extract<Port, { kind: "adapter" }>["family"], key: keyType ?? "B" };
  });
  return { device, ports, modules, transceivers };
}

/** A cable as the query writes it, a JSON array: label, type, length, splices, plugs in connector
 *  order ([connector, side, device, port name, the port's cassette type, its module port]). */
type CableTuple = [string, string, number, number, [string, "front" | "rear", string, string, string | null, string | null][] | null];

/**
 * The site's cables in label order (lower case, byte order: the key of `cables_site_label_c_idx`),
 * decommissioned ones left out, read through one COPY on PostgreSQL and page by page on the
 * embedded database (labelOrderedRows). The site's plugs are
 * joined and gathered by cable in one pass, as the cable schedule reads them (cable-records.ts),
 * not by a subquery for each cable; each plug with its port's device, name and cassette type, so
 * that no map of the site's ports is held while the cables are written.
 */
const cablesQuery =
  (siteId: string): LabelOrderedQuery =>
  (after, limit) => {
    const page = labelOrder("label", "id");
    const { order, keyColumns } = labelOrder("c.label", "c.id");
    const cables =
      limit === null
        ? sql`cables`
        : sql`(select * from cables where site_id = ${siteId} and status <> 'decommissioned'${page.after(after)} order by ${page.order} limit ${limit})`;
    const key = limit === null ? sql`` : keyColumns;
    return sql`select json_build_array(c.label, c.type_id, c.length_m, c.splices,
                 json_agg(json_build_array(cp.connector, cp.side, p.device_id, p.name,
                   case when ${IN_CASSETTE} then pm.type_id end, p.module_port)
                   order by cp.connector) filter (where cp.cable_id is not null))::text as record${key}
          from ${cables} c left join cable_plugs cp on cp.cable_id = c.id and cp.site_id = ${siteId}
               left join ports p on p.id = cp.port_id left join modules pm on pm.id = p.module_id
         where c.site_id = ${siteId} and c.status <> 'decommissioned'
         group by ${order}, c.label, c.type_id, c.length_m, c.splices
         order by ${order}`;
  };

/** The site file's two reads, whole, as the export sends them to PostgreSQL in COPY (the bench's floor). */
export const siteFileQueryTexts = (siteId: string): string[] =>
  [devicesQuery(siteId), cablesQuery(siteId)].map((query) => dialect.sqlToQuery(query(null, null).inlineParams()).sql);

/** Site-file ids of cables: a label that is an id keeps it (the first of equal labels), the others are numbered. */
class CableIds {
  private lastOwn: string | undefined;
  private n = 0;
  /** `reserved`: labels of the form C<digits>, lower case, so a numbered id never takes one. */
  constructor(private readonly reserved: ReadonlySet<string>) {}
  /** Labels must come in lower-case order, so that equal labels come one after the other. */
  take(label: string): { id: string; own: boolean } {
    const lower = label.toLowerCase();
    if (ID.test(label) && lower !== this.lastOwn) {
      this.lastOwn = lower;
      return { id: label, own: true };
    }
    let id: string;
    do id = `C${String(++this.n).padStart(4, "0")}`;
    while (this.reserved.has(id.toLowerCase()));
    return { id, own: false };
  }
}

const yamlPart = (key: string, items: unknown[], first: boolean): string => {
  const text = new Document({ [key]: items }).toString({ lineWidth: 0 });
  return first ? text : text.slice(text.indexOf("\n") + 1);
};

/** A cable as the site file lists it. */
export interface CableItem {
  id: string;
  type: string;
  length: number;
  label?: string;
  splices?: number;
  ends: Record<string, string>;
}

/**
 * Texts this file writes as they are: a letter, then letters, digits and `. _ / - @ ( ) +`, words
 * joined by single colons (`sw1-A01:Ethernet1/1@rear`), and none of the words YAML reads as
 * something else. YAML's writer leaves such a text plain too.
 */
const PLAIN_TEXT = /^[A-Za-z][\w./@()+-]*(?::[\w./@()+-]+)*$/;
const NOT_TEXT = /^(?:null|true|false|yes|no|on|off|y|n)$/i;
const plainText = (s: string | undefined) => s !== undefined && PLAIN_TEXT.test(s) && !NOT_TEXT.test(s);
const plainNumber = (n: number) => Number.isFinite(n) && !Object.is(n, -0) && !/e/i.test(String(n));

/** One cable as a block sequence item, or undefined when a text or number in it is not one written as it is. */
function plainCableYaml(c: CableItem): string | undefined {
  if (!plainText(c.id) || !plainText(c.type) || !plainNumber(c.length)) return undefined;
  if ((c.label !== undefined && !plainText(c.label)) || (c.splices !== undefined && !plainNumber(c.splices))) return undefined;
  let text = `  - id: ${c.id}\n    type: ${c.type}\n    length: ${c.length}\n`;
  if (c.label !== undefined) text += `    label: ${c.label}\n`;
  if (c.splices !== undefined) text += `    splices: ${c.splices}\n`;
  const connectors = Object.keys(c.ends);
  if (connectors.length === 0) return `${text}    ends: {}\n`;
  text += "    ends:\n";
  for (const k of connectors) {
    const end = c.ends[k];
    if (!plainText(k) || !plainText(end)) return undefined;
    text += `      ${k}: ${end}\n`;
  }
  return text;
}

/**
 * A page of cables as YAML, the same text as the YAML library writes for it (`cables:` first when
 * `first`). Nearly every cable is written here, as plain lines: the library builds a node for each
 * value, which took 7 of the 12 s of a site file of 68,000 cables; a cable with a text that would
 * need quoting (a label with a space, a port named "1") is written by the library.
 */
export function cablesYaml(items: readonly CableItem[], first: boolean): string {
  let text = first ? "cables:\n" : "";
  for (const c of items) text += plainCableYaml(c) ?? yamlPart("cables", [c], false);
  return text;
}

/**
 * The site as a site file (YAML), ready for `ferrule check` or an import into another
 * installation, as text parts: the site, its rooms and racks, then the devices and the cables a
 * page at a time as they are read, then the user-defined types they use. What is held meanwhile is
 * the devices' and racks' ids in the file and the cassette types' port sides (a campus's 960,000
 * ports had been read into one site model and written as one YAML document: 1.6 GB).
 */
export async function* siteFileParts(ctx: ServiceContext, input: SiteExportInput): AsyncGenerator<string> {
  const { siteId } = siteExportInput.parse(input);
  const site = await siteForExport(ctx, siteId);
  yield* inOneSnapshot(ctx.db, (db) => siteFileText(db, site));
}

async function* siteFileText(db: Db, site: SiteHead): AsyncGenerator<string> {
  const [roomRows, rackRows] = await Promise.all([
    db.select({ id: rooms.id, name: rooms.name }).from(rooms).where(eq(rooms.siteId, site.id)).orderBy(asc(rooms.name), asc(rooms.id)),
    db
      .select({ id: racks.id, roomId: racks.roomId, name: racks.name, row: racks.row, position: racks.position, uHeight: racks.uHeight })
      .from(racks)
      .where(eq(racks.siteId, site.id))
      .orderBy(asc(racks.row), asc(racks.position), asc(racks.name), asc(racks.id)),
  ]);
  // Ids a site file can hold: rooms, racks and devices named as a person reads them (a rack by its
  // grid location, so that importing the file places it in the same row again).
  const roomIds = new IdPool("room");
  const roomId = new Map(roomRows.map((r) => [r.id, roomIds.take(r.name.toLowerCase())]));
  const rackIds = new IdPool("rack");
  const rackId = new Map(
    rackRows.map((r) => [r.id, rackIds.take(/^[A-Za-z]+$/.test(r.row) && r.position !== null ? `${r.row}${String(r.position).padStart(2, "0")}` : r.name)]),
  );
  const head = toSiteFileObject({
    site: { id: site.code.replace(/[^A-Za-z0-9._-]/g, "-"), name: site.name, conventions: { attenuation: site.attenuation, matedPair: site.matedPair } },
    rooms: roomRows.map((r) => ({ id: roomId.get(r.id)!, name: r.name })),
    racks: rackRows.map((r) => ({ id: rackId.get(r.id)!, roomId: roomId.get(r.roomId)!, name: r.name, units: r.uHeight })),
    devices: [],
    modules: [],
    ports: [],
    transceivers: [],
    cables: [],
    plugs: [],
    componentTypes: [],
  });
  const doc = new Document(head);
  doc.commentBefore = [
    ` Ferrule site file (format 1), see docs/site-file.md`,
    ` Site ${site.code} "${site.name}", exported ${new Date().toISOString().slice(0, 19)}Z.`,
    ` Not in this format: cable status and colour, device models and labels, adapter plates`,
    ` (their adapters are listed on the panel), and decommissioned cables.`,
  ].join("\n");
  yield doc.toString({ lineWidth: 0 });

  const deviceIds = new IdPool("device");
  const deviceId = new Map<string, string>();
  /** The types of the cassettes and transceivers, in the order met. */
  const structureTypeIds = new Set<string>();
  let first = true;
  for await (const page of labelOrderedRows<DeviceTuple>(db, devicesQuery(site.id), 50)) {
    const items = page.map((record) => {
      const id = deviceIds.take(record[1]);
      deviceId.set(record[0], id);
      const { device, ports, modules, transceivers } = deviceOfRecord(record, id, rackId);
      for (const m of modules) structureTypeIds.add(m.typeId);
      for (const t of transceivers.values()) structureTypeIds.add(t);
      return siteFileDevice(device, ports, modules, (p) => transceivers.get(p.id));
    });
    if (items.length === 0) continue;
    yield yamlPart("devices", items, first);
    first = false;
  }
  const structureTypes = await userTypesOf(db, [...structureTypeIds]);
  const catalog = createCatalog(structureTypes);
  // A module port's outer side comes from its cassette's type; other ports' is the front.
  const sides = new Map<string, "front" | "rear">();
  const outerSide = (typeId: string | null, modulePort: string | null): "front" | "rear" => {
    if (typeId === null || modulePort === null) return "front";
    const key = `${typeId}\u0000${modulePort}`;
    let side = sides.get(key);
    if (side === undefined) {
      side = catalog.module(typeId)?.ports.find((x) => x.name === modulePort)?.role === "rear" ? "rear" : "front";
      sides.set(key, side);
    }
    return side;
  };

  const reserved = new Set(
    (await queryRows<{ l: string }>(db, sql`select lower(label) as l from cables where site_id = ${site.id} and status <> 'decommissioned' and label ~* '^c[0-9]+$'`)).map((r) => r.l),
  );
  const ids = new CableIds(reserved);
  const cableTypes = new Set<string>();
  first = true;
  for await (const page of labelOrderedRows<CableTuple>(db, cablesQuery(site.id), 200)) {
    const items = page.map(([label, typeId, lengthM, cableSplices, plugs]) => {
      const { id, own } = ids.take(label);
      cableTypes.add(typeId);
      const ends = Object.fromEntries(
        (plugs ?? []).map(([connector, side, device, portName, cassetteType, modulePort]) => {
          const base = `${deviceId.get(device)}:${filePortName(portName)}`;
          return [connector, side === outerSide(cassetteType, modulePort) ? base : `${base}@${side}`];
        }),
      );
      const splices = Number(cableSplices);
      const item: CableItem = { id, type: typeId, length: Number(lengthM), ...(own ? {} : { label }), ...(splices ? { splices } : {}), ends };
      return item;
    });
    if (items.length === 0) continue;
    yield cablesYaml(items, first);
    first = false;
  }
  const known = new Set(structureTypes.map((t) => t.id));
  // By id: the catalog answers in no particular order, and the same site gives the same file.
  const types = [...structureTypes, ...(await userTypesOf(db, [...cableTypes].filter((id) => !known.has(id))))].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (types.length > 0) yield yamlPart("types", types, true);
}

/** The whole site file as one text (small sites, tests and the CLI's checks). */
export async function exportSiteFile(ctx: ServiceContext, input: SiteExportInput): Promise<string> {
  let text = "";
  for await (const part of siteFileParts(ctx, input)) text += part;
  return text;
}
