/**
 * Writes a site model as a site file. Ports are written by device and name (the file has no
 * port ids: the parser names ports `<device>:<port>`), consecutive ports of the same kind are
 * written as a range ("1..12"), module ports are implied by their module, and a cable end's side
 * is written only when it is not the default one.
 */
import { Document } from "yaml";
import { createCatalog } from "../catalog";
import type { AdapterPort, Device, Module, Port, SiteModel, TransceiverPort } from "../site-model";
import { SITE_FILE_VERSION, type SiteFile } from "./schema";

export type SiteFileDevice = NonNullable<SiteFile["devices"]>[number];
type Cage = NonNullable<SiteFileDevice["cages"]>[number];
type Adapter = NonNullable<SiteFileDevice["adapters"]>[number];

/** Groups consecutive entries whose names count up by one and whose other fields are equal. */
function compact<T extends { name: string }>(items: readonly T[]): T[] {
  const out: T[] = [];
  const parse = (n: string) => /^(.*?)(\d+)$/.exec(n);
  let i = 0;
  while (i < items.length) {
    const first = items[i]!;
    const m = parse(first.name);
    let j = i;
    if (m) {
      const [, prefix, digits] = m;
      const rest = JSON.stringify({ ...first, name: "" });
      const width = digits!.startsWith("0") ? digits!.length : 0;
      while (j + 1 < items.length) {
        const next = items[j + 1]!;
        const expected = `${prefix}${String(Number(digits) + (j + 1 - i)).padStart(width, "0")}`;
        if (next.name !== expected || JSON.stringify({ ...next, name: "" }) !== rest) break;
        j++;
      }
      if (j > i) out.push({ ...first, name: `${prefix}${digits}..${String(Number(digits) + (j - i)).padStart(width, "0")}` });
    }
    if (j === i) out.push(first);
    i = j + 1;
  }
  return out;
}

/** A device as the site file lists it: its cages and panel adapters (consecutive ones as ranges)
 *  and its modules by slot; module ports are implied by their module. `ports` and `modules` in the
 *  order the file lists them; `transceiver` gives the type installed in a cage. */
export function siteFileDevice(
  d: Device,
  ports: readonly Port[],
  modules: readonly Pick<Module, "slot" | "typeId">[],
  transceiver: (p: TransceiverPort) => string | undefined,
): SiteFileDevice {
  const cages: Cage[] = ports
    .filter((p): p is TransceiverPort => p.kind === "transceiver")
    .map((p) => {
      const t = transceiver(p);
      return { name: p.name, ...(t !== undefined ? { transceiver: t } : {}), ...(p.cage !== undefined ? { cage: p.cage } : {}) };
    });
  const adapters: Adapter[] = ports
    .filter((p): p is AdapterPort => p.kind === "adapter" && p.moduleId === undefined)
    .map((p) => ({ name: p.name, family: p.family, key: p.key }));
  const slots = modules.map((m) => ({ slot: m.slot, type: m.typeId }));
  return {
    id: d.id,
    ...(d.name !== d.id ? { name: d.name } : {}),
    role: d.role,
    ...(d.rackId !== undefined ? { rack: d.rackId } : {}),
    ...(d.unit !== undefined ? { unit: d.unit } : {}),
    ...(d.uHeight !== undefined ? { height: d.uHeight } : {}),
    ...(d.face !== undefined ? { face: d.face } : {}),
    ...(cages.length ? { cages: compact(cages) } : {}),
    ...(adapters.length ? { adapters: compact(adapters) } : {}),
    ...(slots.length ? { modules: slots } : {}),
  };
}

export function toSiteFileObject(model: SiteModel): SiteFile {
  const portsByDevice = new Map<string, Port[]>();
  for (const p of model.ports) {
    const list = portsByDevice.get(p.deviceId) ?? [];
    list.push(p);
    portsByDevice.set(p.deviceId, list);
  }
  const modulesByDevice = new Map<string, SiteModel["modules"][number][]>();
  for (const m of model.modules) {
    const list = modulesByDevice.get(m.deviceId) ?? [];
    list.push(m);
    modulesByDevice.set(m.deviceId, list);
  }
  const xcvrByPort = new Map(model.transceivers.map((t) => [t.portId, t.typeId]));
  const portById = new Map(model.ports.map((p) => [p.id, p]));
  const moduleById = new Map(model.modules.map((m) => [m.id, m]));
  const deviceById = new Map(model.devices.map((d) => [d.id, d]));
  const catalog = createCatalog(model.componentTypes);
  /** A module port's outer side comes from its module type; other ports default to the front. */
  const outerSide = (p: Port): "front" | "rear" => {
    if (p.kind !== "adapter" || p.moduleId === undefined) return "front";
    const m = moduleById.get(p.moduleId);
    const role = m ? catalog.module(m.typeId)?.ports.find((x) => x.name === p.modulePort)?.role : undefined;
    return role === "rear" ? "rear" : "front";
  };

  const file: SiteFile = {
    ferrule: SITE_FILE_VERSION,
    site: {
      id: model.site.id,
      ...(model.site.name !== model.site.id ? { name: model.site.name } : {}),
      conventions: { attenuation: model.site.conventions.attenuation, matedPair: model.site.conventions.matedPair },
    },
  };
  if (model.rooms.length) file.rooms = model.rooms.map((r) => ({ id: r.id, ...(r.name !== r.id ? { name: r.name } : {}) }));
  if (model.racks.length)
    file.racks = model.racks.map((r) => ({
      id: r.id,
      room: r.roomId,
      ...(r.name !== r.id ? { name: r.name } : {}),
      ...(r.units !== undefined ? { units: r.units } : {}),
    }));
  if (model.devices.length)
    file.devices = model.devices.map((d) =>
      siteFileDevice(
        d,
        portsByDevice.get(d.id) ?? [],
        modulesByDevice.get(d.id) ?? [],
        (p) => xcvrByPort.get(p.id),
      ),
    );
  if (model.cables.length) {
    const plugsByCable = new Map<string, { connector: string; end: string }[]>();
    for (const pl of model.plugs) {
      const p = portById.get(pl.portId);
      const dev = p ? deviceById.get(p.deviceId) : undefined;
      const base = p && dev ? `${dev.id}:${p.name}` : pl.portId;
      const end = p && pl.side === outerSide(p) ? base : `${base}@${pl.side}`;
      const list = plugsByCable.get(pl.cableId) ?? [];
      list.push({ connector: pl.connector, end });
      plugsByCable.set(pl.cableId, list);
    }
    file.cables = model.cables.map((c) => ({
      id: c.id,
      type: c.typeId,
      length: c.lengthM,
      ...(c.label !== undefined ? { label: c.label } : {}),
      ...(c.splices !== undefined ? { splices: c.splices } : {}),
      ends: Object.fromEntries((plugsByCable.get(c.id) ?? []).map((x) => [x.connector, x.end])),
    }));
  }
  if (model.componentTypes.length) file.types = model.componentTypes as NonNullable<SiteFile["types"]>;
  return file;
}

/** The site file text of a model. */
export function toSiteFile(model: SiteModel, opts: { header?: string } = {}): string {
  const doc = new Document(toSiteFileObject(model));
  doc.commentBefore = opts.header ?? ` Ferrule site file (format ${SITE_FILE_VERSION}), see docs/site-file.md`;
  return doc.toString({ lineWidth: 0 });
}
