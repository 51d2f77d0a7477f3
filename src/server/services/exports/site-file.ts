import { asc, eq, sql } from "drizzle-orm";
import { Document } from "yaml";
import { createCatalog, toSiteFileObject, type Device, type Module, type Port, type SiteModel, type DeviceRole } from "../../../domain";
import type { Db } from "../../db/client";
import { devices, moduleBays, modules, ports, racks, rooms, transceivers } from "../../db/schema";
import { userTypesOf } from "../catalog/resolve-type";
import { queryRows } from "../inventory/sql";
import type { ServiceContext } from "../context";
import { labelOrderedRows, type LabelOrderedQuery } from "./copy-rows";
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

const ENGINE_ROLE: Record<string, DeviceRole> = { switch: "switch", server: "server", router: "router", panel: "panel", enclosure: "panel", other: "other" };

/** The structure of a site as a site model without cables, and how to name its ports in the file. */
interface Structure {
  model: SiteModel;
  /** Port id → `<device>:<port>` and the side a plug takes when the file names no side. */
  portEnd: Map<string, { base: string; outer: "front" | "rear" }>;
}

/**
 * The site as the engine's site model, with ids a site file can hold: rooms, racks, devices and
 * ports named as a person reads them (a rack by its grid location, so that importing the file
 * places it in the same row again), ports by device and name. Cables come apart (siteFileCables).
 */
async function siteStructure(db: Db, site: SiteHead): Promise<Structure> {
  const siteId = site.id;
  const [roomRows, rackRows, deviceRows, moduleRows, portRows, xcvrRows] = await Promise.all([
    db.select({ id: rooms.id, name: rooms.name }).from(rooms).where(eq(rooms.siteId, siteId)).orderBy(asc(rooms.name), asc(rooms.id)),
    db
      .select({ id: racks.id, roomId: racks.roomId, name: racks.name, row: racks.row, position: racks.position, uHeight: racks.uHeight })
      .from(racks)
      .where(eq(racks.siteId, siteId))
      .orderBy(asc(racks.row), asc(racks.position), asc(racks.name), asc(racks.id)),
    db
      .select({ id: devices.id, name: devices.name, role: devices.role, rackId: devices.rackId, uPosition: devices.uPosition, uHeight: devices.uHeight, face: devices.face })
      .from(devices)
      .where(eq(devices.siteId, siteId))
      .orderBy(asc(devices.name), asc(devices.id)),
    db
      .select({ id: modules.id, deviceId: modules.deviceId, kind: modules.kind, typeId: modules.typeId, bay: moduleBays.name, position: moduleBays.position })
      .from(modules)
      .innerJoin(moduleBays, eq(moduleBays.id, modules.bayId))
      .where(eq(modules.siteId, siteId))
      .orderBy(asc(moduleBays.position), asc(moduleBays.name)),
    db
      .select({ id: ports.id, deviceId: ports.deviceId, moduleId: ports.moduleId, name: ports.name, kind: ports.kind, family: ports.family, keyType: ports.keyType, cage: ports.cage, modulePort: ports.modulePort })
      .from(ports)
      .where(eq(ports.siteId, siteId))
      .orderBy(asc(ports.ordinal), asc(ports.name)),
    db.select({ id: transceivers.id, portId: transceivers.portId, typeId: transceivers.typeId }).from(transceivers).where(eq(transceivers.siteId, siteId)),
  ]);

  const roomIds = new IdPool("room");
  const roomId = new Map(roomRows.map((r) => [r.id, roomIds.take(r.name.toLowerCase())]));
  const rackIds = new IdPool("rack");
  const rackId = new Map(
    rackRows.map((r) => [r.id, rackIds.take(/^[A-Za-z]+$/.test(r.row) && r.position !== null ? `${r.row}${String(r.position).padStart(2, "0")}` : r.name)]),
  );
  const deviceIds = new IdPool("device");
  const deviceId = new Map(deviceRows.map((d) => [d.id, deviceIds.take(d.name)]));

  const cassettes = moduleRows.filter((m) => m.kind === "cassette" && m.typeId !== null);
  const cassetteIds = new Set(cassettes.map((m) => m.id));
  const moduleModel: Module[] = cassettes.map((m) => ({ id: m.id, deviceId: deviceId.get(m.deviceId)!, slot: fileSlot(m.bay), typeId: m.typeId! }));

  const portModel: Port[] = portRows.map((p): Port => {
    const base = { id: p.id, deviceId: deviceId.get(p.deviceId)!, name: filePortName(p.name) };
    if (p.kind === "transceiver") return { ...base, kind: "transceiver", ...(p.cage ? { cage: p.cage } : {}) };
    // A cassette's ports come with its type; an adapter plate's are plain adapters of the panel.
    const inCassette = p.moduleId !== null && cassetteIds.has(p.moduleId) && p.modulePort !== null;
    return {
      ...base,
      kind: "adapter",
      family: p.family as Extract<Port, { kind: "adapter" }>["family"],
      key: (p.keyType ?? "B") as "A" | "B",
      ...(inCassette ? { moduleId: p.moduleId!, modulePort: p.modulePort! } : {}),
    };
  });

  const typeIds = [...new Set([...xcvrRows.map((x) => x.typeId), ...cassettes.map((m) => m.typeId!)])];
  const deviceModel: Device[] = deviceRows.map((d) => ({
    id: deviceId.get(d.id)!,
    name: d.name,
    role: ENGINE_ROLE[d.role] ?? "other",
    ...(d.rackId ? { rackId: rackId.get(d.rackId)! } : {}),
    ...(d.uPosition !== null ? { unit: d.uPosition } : {}),
    uHeight: d.uHeight,
    face: d.face,
  }));
  const componentTypes = await userTypesOf(db, typeIds);
  const catalog = createCatalog(componentTypes);
  const moduleType = new Map(moduleModel.map((m) => [m.id, m.typeId]));
  // A module port's outer side comes from its module type; other ports default to the front.
  const roles = new Map<string, "front" | "rear">();
  const outerSide = (typeId: string, modulePort: string | undefined): "front" | "rear" => {
    const key = `${typeId}\u0000${modulePort ?? ""}`;
    let side = roles.get(key);
    if (side === undefined) {
      side = catalog.module(typeId)?.ports.find((x) => x.name === modulePort)?.role === "rear" ? "rear" : "front";
      roles.set(key, side);
    }
    return side;
  };
  const portEnd = new Map(
    portModel.map((p) => {
      const typeId = p.kind === "adapter" && p.moduleId !== undefined ? moduleType.get(p.moduleId) : undefined;
      const outer = typeId && p.kind === "adapter" ? outerSide(typeId, p.modulePort) : "front";
      return [p.id, { base: `${p.deviceId}:${p.name}`, outer }];
    }),
  );
  return {
    model: {
      site: { id: site.code.replace(/[^A-Za-z0-9._-]/g, "-"), name: site.name, conventions: { attenuation: site.attenuation, matedPair: site.matedPair } },
      rooms: roomRows.map((r) => ({ id: roomId.get(r.id)!, name: r.name })),
      racks: rackRows.map((r) => ({ id: rackId.get(r.id)!, roomId: roomId.get(r.roomId)!, name: r.name, units: r.uHeight })),
      devices: deviceModel,
      modules: moduleModel,
      ports: portModel,
      transceivers: xcvrRows.map((x) => ({ id: x.id, portId: x.portId, typeId: x.typeId })),
      cables: [],
      plugs: [],
      componentTypes,
    },
    portEnd,
  };
}

/** A cable as the query writes it, a JSON array: label, type, length, splices, plugs ([connector, port, side], in connector order). */
type CableTuple = [string, string, number, number, [string, string, "front" | "rear"][] | null];

/**
 * The site's cables in label order (lower case, byte order: the key of `cables_site_label_c_idx`),
 * decommissioned ones left out, read through one COPY on PostgreSQL and page by page on the
 * embedded database (labelOrderedRows). The site's plugs are
 * joined and gathered by cable in one pass, as the cable schedule reads them (cable-records.ts),
 * not by a subquery for each cable.
 */
async function* cablePages(db: Db, siteId: string, pageSize = 200): AsyncGenerator<CableTuple[]> {
  const query: LabelOrderedQuery = (after, limit) => {
    const keyset = after ? sql` and (lower(label) collate "C", id) > (${after.key} collate "C", ${after.id}::uuid)` : sql``;
    const cables =
      limit === null
        ? sql`cables`
        : sql`(select * from cables where site_id = ${siteId} and status <> 'decommissioned'${keyset} order by lower(label) collate "C", id limit ${limit})`;
    const key = limit === null ? sql`` : sql`, lower(c.label) collate "C" as label_key, c.id`;
    return sql`select json_build_array(c.label, c.type_id, c.length_m, c.splices,
                 json_agg(json_build_array(cp.connector, cp.port_id, cp.side) order by cp.connector) filter (where cp.cable_id is not null))::text as record${key}
          from ${cables} c left join cable_plugs cp on cp.cable_id = c.id and cp.site_id = ${siteId}
         where c.site_id = ${siteId} and c.status <> 'decommissioned'
         group by lower(c.label) collate "C", c.id, c.label, c.type_id, c.length_m, c.splices
         order by lower(c.label) collate "C", c.id`;
  };
  yield* labelOrderedRows<CableTuple>(db, query, pageSize);
}

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
 * installation, as text parts: the structure first, then the cables a page at a time from the
 * cursor, then the user-defined types they use.
 */
export async function* siteFileParts(ctx: ServiceContext, input: SiteExportInput): AsyncGenerator<string> {
  const { siteId } = siteExportInput.parse(input);
  const site = await siteForExport(ctx, siteId);
  const { model, portEnd } = await siteStructure(ctx.db, site);
  const header = [
    ` Ferrule site file (format 1), see docs/site-file.md`,
    ` Site ${site.code} "${site.name}", exported ${new Date().toISOString().slice(0, 19)}Z.`,
    ` Not in this format: cable status and colour, device models and labels, adapter plates`,
    ` (their adapters are listed on the panel), and decommissioned cables.`,
  ].join("\n");
  const { types: structureTypes, ...structure } = toSiteFileObject(model);
  const doc = new Document(structure);
  doc.commentBefore = header;
  yield doc.toString({ lineWidth: 0 });

  const reserved = new Set(
    (await queryRows<{ l: string }>(ctx.db, sql`select lower(label) as l from cables where site_id = ${site.id} and status <> 'decommissioned' and label ~* '^c[0-9]+$'`)).map((r) => r.l),
  );
  const ids = new CableIds(reserved);
  const cableTypes = new Set<string>();
  let first = true;
  for await (const page of cablePages(ctx.db, site.id)) {
    const items = page.map(([label, typeId, lengthM, cableSplices, plugs]) => {
      const { id, own } = ids.take(label);
      cableTypes.add(typeId);
      const ends = Object.fromEntries(
        (plugs ?? []).map(([connector, portId, side]) => {
          const p = portEnd.get(portId);
          return [connector, p ? (side === p.outer ? p.base : `${p.base}@${side}`) : portId];
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
  const known = new Set((structureTypes ?? []).map((t) => t.id));
  const types = [...(structureTypes ?? []), ...(await userTypesOf(ctx.db, [...cableTypes].filter((id) => !known.has(id))))];
  if (types.length > 0) yield yamlPart("types", types, true);
}

/** The whole site file as one text (small sites, tests and the CLI's checks). */
export async function exportSiteFile(ctx: ServiceContext, input: SiteExportInput): Promise<string> {
  let text = "";
  for await (const part of siteFileParts(ctx, input)) text += part;
  return text;
}
