import { inArray } from "drizzle-orm";
import { FAMILIES, familiesMate, getBuiltInType, type ComponentType, type ConnectorFamily, type SiteModel } from "../../../domain";
import type { Db } from "../../db/client";
import { componentTypes, sites } from "../../db/schema";
import { loadTypes } from "../catalog/resolve-type";
import { typeSummary } from "../catalog/summary";
import { fieldError } from "../errors";
import { bulkInsert, type BulkColumn } from "../imports/bulk-insert";
import { forEachBreathing } from "../imports/limits";
import { uuidV7Sequence } from "../imports/uuid-v7";
import type { ImportProgress } from "../imports/problems";
import { stableJson } from "../stable-json";

/** What the import reports as it goes: checking the file, writing rows, judging the site. */
export type SiteImportProgress = (p: ImportProgress) => void;

/** "A12" → row A, position 12: a rack id written as its grid location places it in its row. */
function gridOf(id: string): { row: string; position: number | null } {
  const m = /^([A-Za-z]+)-?(\d{1,3})$/.exec(id);
  return m ? { row: m[1]!.toUpperCase(), position: Number(m[2]) } : { row: "", position: null };
}

/** User types of the file: new ones are added to the catalog, known ones must be the same. */
async function storeUserTypes(db: Db, types: readonly ComponentType[]): Promise<number> {
  if (types.length === 0) return 0;
  const existing = await db.select().from(componentTypes).where(inArray(componentTypes.id, types.map((t) => t.id)));
  let added = 0;
  for (const t of types) {
    const have = existing.find((e) => e.id === t.id);
    if (have) {
      if (stableJson(have.definition) !== stableJson(t))
        throw fieldError("yaml", `The file defines type ${t.id}, but the catalog already has a different type with that id. Rename it in the file.`, "CONFLICT");
      continue;
    }
    await db.insert(componentTypes).values({ ...typeSummary(t), builtIn: false, definition: t });
    added++;
  }
  return added;
}

export interface NewSiteFields {
  name: string;
  code: string;
  description: string;
}

/** Rows written per statement. */
const BATCH = 10_000;

/** What writing a site model made: the site's row and the rows of each table. */
export interface SiteWritten {
  site: typeof sites.$inferSelect;
  written: { rooms: number; racks: number; devices: number; modules: number; ports: number; transceivers: number; cables: number; typesAdded: number };
}

/**
 * Writes a checked site model as a new site, in the caller's transaction: rooms, racks, devices,
 * bays, cassettes, ports, transceivers, cables and plugs, each table in multi-row statements of
 * thousands of rows (progress after each). Runs on the server's thread for a small file, and in a
 * worker thread for a large one, its statements then run by the server's thread in the
 * transaction (see site-file-worker.ts).
 */
export async function writeSiteModel(db: Db, fields: NewSiteFields, model: SiteModel, onProgress: SiteImportProgress = () => undefined): Promise<SiteWritten> {
  const siteName = fields.name || model.site.name;
  const totalRows =
    model.rooms.length + model.racks.length + model.devices.length + 2 * model.modules.length + model.ports.length + model.transceivers.length + model.cables.length + model.plugs.length;
  let rowsWritten = 0;
  const wrote = (n: number) => {
    rowsWritten += n;
    onProgress({ phase: "writing", done: rowsWritten, total: totalRows, unit: "rows" });
  };
  /** A progress line while the rows of the next table are made. */
  const still = () => wrote(0);
  /** bulkInsert with the running count of rows written. */
  const insert = async <T>(db: Db, table: string, columns: readonly BulkColumn<T>[], rows: readonly T[]) => {
    let before = 0;
    await bulkInsert(db, table, columns, rows, BATCH, (done) => {
      wrote(done - before);
      before = done;
    });
  };
  const [site] = await db
    .insert(sites)
    .values({
      name: siteName,
      code: fields.code,
      description: fields.description,
      attenuation: model.site.conventions.attenuation,
      matedPair: model.site.conventions.matedPair,
    })
    .returning();
  const siteId = site!.id;
  onProgress({ phase: "writing", done: 0, total: totalRows, unit: "rows" });
  const typesAdded = await storeUserTypes(db, model.componentTypes);
  // Built-in types the file uses get their catalog rows (the foreign keys need them).
  const usedTypes = new Set<string>();
  for (const c of model.cables) usedTypes.add(c.typeId);
  for (const m of model.modules) usedTypes.add(m.typeId);
  for (const x of model.transceivers) usedTypes.add(x.typeId);
  const types = await loadTypes(db, [...usedTypes].filter((id) => getBuiltInType(id)));
  const typeOf = (id: string) => types.get(id) ?? model.componentTypes.find((u) => u.id === id);
  const nextId = uuidV7Sequence();

  const roomId = new Map(model.rooms.map((r) => [r.id, nextId()]));
  await insert(db, "rooms", [
    { name: "id", type: "uuid[]", value: (r: SiteModel["rooms"][number]) => roomId.get(r.id)! },
    { name: "site_id", type: "uuid[]", value: () => siteId },
    { name: "name", type: "text[]", value: (r) => r.name },
  ], model.rooms);

  const rackId = new Map(model.racks.map((r) => [r.id, nextId()]));
  const rackHeight = new Map(model.racks.map((r) => [r.id, r.units ?? 42]));
  model.devices.forEach((d, i) => {
    if (d.unit === undefined || d.rackId === undefined) return;
    const top = d.unit + (d.uHeight ?? 1) - 1;
    if (top > rackHeight.get(d.rackId)!) throw fieldError("yaml", `devices[${i}]: ${d.id} reaches U${top}, above the top of rack ${d.rackId} (${rackHeight.get(d.rackId)} U).`);
  });
  await insert(db, "racks", [
    { name: "id", type: "uuid[]", value: (r: SiteModel["racks"][number]) => rackId.get(r.id)! },
    { name: "site_id", type: "uuid[]", value: () => siteId },
    { name: "room_id", type: "uuid[]", value: (r) => roomId.get(r.roomId)! },
    { name: "name", type: "text[]", value: (r) => r.name },
    { name: "row", type: "text[]", value: (r) => gridOf(r.id).row },
    { name: "position", type: "int4[]", value: (r) => gridOf(r.id).position },
    { name: "u_height", type: "int4[]", value: (r) => rackHeight.get(r.id)! },
  ], model.racks);

  const deviceId = new Map(model.devices.map((d) => [d.id, nextId()]));
  await insert(db, "devices", [
    { name: "id", type: "uuid[]", value: (d: SiteModel["devices"][number]) => deviceId.get(d.id)! },
    { name: "site_id", type: "uuid[]", value: () => siteId },
    { name: "rack_id", type: "uuid[]", value: (d) => (d.rackId ? rackId.get(d.rackId)! : null) },
    { name: "name", type: "text[]", value: (d) => d.name },
    { name: "role", type: "text[]", value: (d) => d.role },
    { name: "u_position", type: "int4[]", value: (d) => d.unit ?? null },
    { name: "u_height", type: "int4[]", value: (d) => d.uHeight ?? 1 },
    { name: "face", type: "text[]", value: (d) => d.face ?? "front" },
    { name: "full_depth", type: "bool[]", value: (d) => d.role === "switch" || d.role === "server" || d.role === "router" },
  ], model.devices);

  // Bays (one per module slot, in file order) and cassettes.
  const moduleId = new Map<string, string>();
  const bayOf = new Map<string, string>();
  const bayPosition = new Map<string, number>();
  const slotsOf = new Map<string, number>();
  await forEachBreathing(model.modules, (m) => {
    const n = (slotsOf.get(m.deviceId) ?? 0) + 1;
    slotsOf.set(m.deviceId, n);
    bayPosition.set(m.id, n);
    bayOf.set(m.id, nextId());
    moduleId.set(m.id, nextId());
  }, still);
  slotsOf.clear();
  type ModuleRow = SiteModel["modules"][number];
  await insert(db, "module_bays", [
    { name: "id", type: "uuid[]", value: (m: ModuleRow) => bayOf.get(m.id)! },
    { name: "site_id", type: "uuid[]", value: () => siteId },
    { name: "device_id", type: "uuid[]", value: (m) => deviceId.get(m.deviceId)! },
    { name: "name", type: "text[]", value: (m) => m.slot },
    { name: "position", type: "int4[]", value: (m) => bayPosition.get(m.id)! },
  ], model.modules);
  await insert(db, "modules", [
    { name: "id", type: "uuid[]", value: (m: ModuleRow) => moduleId.get(m.id)! },
    { name: "site_id", type: "uuid[]", value: () => siteId },
    { name: "device_id", type: "uuid[]", value: (m) => deviceId.get(m.deviceId)! },
    { name: "bay_id", type: "uuid[]", value: (m) => bayOf.get(m.id)! },
    { name: "kind", type: "text[]", value: () => "cassette" },
    { name: "type_id", type: "text[]", value: (m) => m.typeId },
  ], model.modules);
  bayOf.clear();

  const portId = new Map<string, string>();
  const ordinalOf = new Map<string, number>();
  let device = "";
  let n = 0;
  await forEachBreathing(model.ports, (p) => {
    portId.set(p.id, nextId());
    // Ports of a device are consecutive in the model: their order is the file's.
    if (p.deviceId !== device) {
      device = p.deviceId;
      n = 0;
    }
    n++;
    ordinalOf.set(p.id, p.kind === "adapter" && p.moduleId ? 100_000 + bayPosition.get(p.moduleId)! * 1000 + n : n);
  }, still);
  type PortRow = SiteModel["ports"][number];
  const adapter = (p: PortRow) => (p.kind === "adapter" ? p : undefined);
  await insert(db, "ports", [
    { name: "id", type: "uuid[]", value: (p: PortRow) => portId.get(p.id)! },
    { name: "site_id", type: "uuid[]", value: () => siteId },
    { name: "device_id", type: "uuid[]", value: (p) => deviceId.get(p.deviceId)! },
    { name: "module_id", type: "uuid[]", value: (p) => (p.kind === "adapter" && p.moduleId ? moduleId.get(p.moduleId)! : null) },
    { name: "name", type: "text[]", value: (p) => p.name },
    { name: "kind", type: "text[]", value: (p) => p.kind },
    { name: "family", type: "text[]", value: (p) => adapter(p)?.family ?? null },
    { name: "key_type", type: "text[]", value: (p) => adapter(p)?.key ?? null },
    { name: "positions", type: "int4[]", value: (p) => (p.kind === "adapter" ? FAMILIES[p.family].positions : null) },
    { name: "cage", type: "text[]", value: (p) => (p.kind === "transceiver" ? (p.cage ?? null) : null) },
    { name: "module_port", type: "text[]", value: (p) => adapter(p)?.modulePort ?? null },
    { name: "ordinal", type: "int4[]", value: (p) => ordinalOf.get(p.id)! },
  ], model.ports);
  ordinalOf.clear();
  await insert(db, "transceivers", [
    { name: "id", type: "uuid[]", value: () => nextId() },
    { name: "site_id", type: "uuid[]", value: () => siteId },
    { name: "port_id", type: "uuid[]", value: (x: SiteModel["transceivers"][number]) => portId.get(x.portId)! },
    { name: "type_id", type: "text[]", value: (x) => x.typeId },
  ], model.transceivers);

  // The family a cable plugs into at each port: the adapter's, or the transceiver's receptacle.
  const familyAt = new Map<string, ConnectorFamily>();
  await forEachBreathing(model.transceivers, (x) => {
    const t = typeOf(x.typeId);
    if (t?.kind === "transceiver") familyAt.set(x.portId, t.receptacle.family);
  }, still);
  const portFamily = (id: string): ConnectorFamily | undefined => familyAt.get(id) ?? adapterFamily.get(id);
  const adapterFamily = new Map<string, ConnectorFamily>();
  await forEachBreathing(model.ports, (p) => {
    if (p.kind === "adapter") adapterFamily.set(p.id, p.family);
  }, still);

  const cableId = new Map<string, string>();
  const cableType = new Map<string, string>();
  await forEachBreathing(model.cables, (c) => {
    cableId.set(c.id, nextId());
    cableType.set(c.id, c.typeId);
  }, still);
  type CableRow = SiteModel["cables"][number];
  await insert(db, "cables", [
    { name: "id", type: "uuid[]", value: (c: CableRow) => cableId.get(c.id)! },
    { name: "site_id", type: "uuid[]", value: () => siteId },
    { name: "type_id", type: "text[]", value: (c) => c.typeId },
    { name: "label", type: "text[]", value: (c) => c.label ?? c.id },
    { name: "length_m", type: "float8[]", value: (c) => c.lengthM },
    { name: "splices", type: "int4[]", value: (c) => c.splices ?? 0 },
    { name: "status", type: "text[]", value: () => "installed" },
  ], model.cables);
  type PlugRow = SiteModel["plugs"][number];
  // Row ids in time order, as every other table's here: random ones would land all over the primary key's index.
  await insert(db, "cable_plugs", [
    { name: "id", type: "uuid[]", value: () => nextId() },
    { name: "site_id", type: "uuid[]", value: () => siteId },
    { name: "cable_id", type: "uuid[]", value: (p: PlugRow) => cableId.get(p.cableId)! },
    { name: "connector", type: "text[]", value: (p) => p.connector },
    { name: "port_id", type: "uuid[]", value: (p) => portId.get(p.portId)! },
    { name: "side", type: "text[]", value: (p) => p.side },
    {
      name: "family_mismatch_confirmed",
      type: "bool[]",
      value: (p) => {
        const t = typeOf(cableType.get(p.cableId)!);
        const family = t?.kind === "cable" ? t.connectors.find((k) => k.id === p.connector)?.family : undefined;
        const at = portFamily(p.portId);
        return family !== undefined && at !== undefined && !familiesMate(at, family);
      },
    },
  ], model.plugs);
  const written = {
    rooms: model.rooms.length,
    racks: model.racks.length,
    devices: model.devices.length,
    modules: model.modules.length,
    ports: model.ports.length,
    transceivers: model.transceivers.length,
    cables: model.cables.length,
    typesAdded,
  };
  for (const m of [roomId, rackId, deviceId, moduleId, portId, cableId, cableType, familyAt, adapterFamily, bayPosition]) m.clear();
  return { site: site!, written };
}

