import { asc, eq, ne, and } from "drizzle-orm";
import { toSiteFile, type Device, type Module, type Port, type SiteModel, type DeviceRole } from "../../../domain";
import type { Db } from "../../db/client";
import { cablePlugs, cables, devices, moduleBays, modules, ports, racks, rooms, transceivers } from "../../db/schema";
import { userTypesOf } from "../catalog/resolve-type";
import type { ServiceContext } from "../context";
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

/**
 * The site as the engine's site model, with ids a site file can hold: rooms, racks, devices and
 * cables named as a person reads them (a rack by its grid location, so that importing the file
 * places it in the same row again), ports by device and name. Decommissioned cables are left out:
 * they are no longer part of the plant.
 */
export async function siteFileModel(db: Db, site: SiteHead): Promise<SiteModel> {
  const siteId = site.id;
  const [roomRows, rackRows, deviceRows, moduleRows, portRows, xcvrRows, cableRows, plugRows] = await Promise.all([
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
    db
      .select({ id: cables.id, typeId: cables.typeId, label: cables.label, lengthM: cables.lengthM, splices: cables.splices })
      .from(cables)
      .where(and(eq(cables.siteId, siteId), ne(cables.status, "decommissioned")))
      .orderBy(asc(cables.label), asc(cables.id)),
    db
      .select({ cableId: cablePlugs.cableId, connector: cablePlugs.connector, portId: cablePlugs.portId, side: cablePlugs.side })
      .from(cablePlugs)
      .where(eq(cablePlugs.siteId, siteId))
      .orderBy(asc(cablePlugs.cableId), asc(cablePlugs.connector)),
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

  const labelIds = new IdPool("cable");
  const taken = new Set<string>();
  const cableModel = cableRows.map((c) => {
    const own = ID.test(c.label) && !taken.has(c.label.toLowerCase());
    if (own) taken.add(c.label.toLowerCase());
    return { c, own };
  });
  // Labels that are ids keep them; the others are numbered after, so they never take a label's id.
  for (const { c, own } of cableModel) if (own) labelIds.take(c.label);
  let n = 0;
  const cableId = new Map<string, string>();
  const cablesOut = cableModel.map(({ c, own }) => {
    let id = c.label;
    if (!own) {
      do id = `C${String(++n).padStart(4, "0")}`;
      while (taken.has(id.toLowerCase()));
      taken.add(id.toLowerCase());
    }
    cableId.set(c.id, id);
    return { id, typeId: c.typeId, lengthM: c.lengthM, ...(own ? {} : { label: c.label }), ...(c.splices ? { splices: c.splices } : {}) };
  });

  const typeIds = [...new Set([...cableRows.map((c) => c.typeId), ...xcvrRows.map((x) => x.typeId), ...cassettes.map((m) => m.typeId!)])];
  const deviceModel: Device[] = deviceRows.map((d) => ({
    id: deviceId.get(d.id)!,
    name: d.name,
    role: ENGINE_ROLE[d.role] ?? "other",
    ...(d.rackId ? { rackId: rackId.get(d.rackId)! } : {}),
    ...(d.uPosition !== null ? { unit: d.uPosition } : {}),
    uHeight: d.uHeight,
    face: d.face,
  }));
  return {
    site: { id: site.code.replace(/[^A-Za-z0-9._-]/g, "-"), name: site.name, conventions: { attenuation: site.attenuation, matedPair: site.matedPair } },
    rooms: roomRows.map((r) => ({ id: roomId.get(r.id)!, name: r.name })),
    racks: rackRows.map((r) => ({ id: rackId.get(r.id)!, roomId: roomId.get(r.roomId)!, name: r.name, units: r.uHeight })),
    devices: deviceModel,
    modules: moduleModel,
    ports: portModel,
    transceivers: xcvrRows.map((x) => ({ id: x.id, portId: x.portId, typeId: x.typeId })),
    cables: cablesOut,
    plugs: plugRows.filter((p) => cableId.has(p.cableId)).map((p) => ({ cableId: cableId.get(p.cableId)!, connector: p.connector, portId: p.portId, side: p.side })),
    componentTypes: await userTypesOf(db, typeIds),
  };
}

/** The site as a site file (YAML), ready for `ferrule check` or an import into another installation. */
export async function exportSiteFile(ctx: ServiceContext, input: SiteExportInput): Promise<string> {
  const { siteId } = siteExportInput.parse(input);
  const site = await siteForExport(ctx, siteId);
  const model = await siteFileModel(ctx.db, site);
  const header = [
    ` Ferrule site file (format 1), see docs/site-file.md`,
    ` Site ${site.code} "${site.name}", exported ${new Date().toISOString().slice(0, 19)}Z.`,
    ` Not in this format: cable status and colour, device models and labels, adapter plates`,
    ` (their adapters are listed on the panel), and decommissioned cables.`,
  ].join("\n");
  return toSiteFile(model, { header });
}
