/**
 * A NetBox site (NbSnapshot) as Ferrule's site file, plus NetBox's cable CSV rows for its cables,
 * through the device-type conversion (`convertNetboxType`) for every device and module type the
 * site uses. Pure. What cannot be placed is listed with its NetBox object, id, name and reason;
 * what NetBox does not say and Ferrule needs is asked once per type (`questions`), never guessed.
 */
import { stringify } from "yaml";
import { TRANSCEIVERS, type SiteFile } from "../../../domain";
import type { NetboxCableRow, TerminationType } from "./cable-csv";
import { convertNetboxType, expandModuleToken, type Answers, type Choice, type NetboxTypeConversion, type PlateAdapter, type PortNameMap } from "./devicetype";
import { interfaceTypeInfo, isLengthUnit, isNetboxCableStatus, netboxCableTypeToFiber } from "./slugs";
import type { NbDevice, NbPort, NbSnapshot, NbType } from "./site-snapshot";

/** What the import asks: a type's question (from the conversion), an interface type's transceiver, or the length of cables without one. */
export interface SiteQuestion {
  /** Answers are given per key: a type (`Acme FHD-CAS-B`), `interface 100gbase-x-qsfp28`, or `cables`. */
  readonly key: string;
  readonly field: string;
  readonly why: string;
  readonly choices: readonly Choice[];
  readonly suggested?: { readonly value: string; readonly reason: string };
  /** NetBox objects the answer applies to, e.g. "12 devices", "4 interfaces". */
  readonly appliesTo: string;
}

export type SiteAnswers = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** One NetBox object the import does not place, and why. */
export interface Refusal {
  /** `dcim.device`, `dcim.interface`, `dcim.cable`, … */
  readonly object: string;
  readonly id: number;
  readonly name: string;
  readonly reason: string;
}

export interface MappedCable {
  readonly netboxId: number;
  readonly row: NetboxCableRow;
}

export interface SiteMapping {
  readonly questions: SiteQuestion[];
  readonly siteFile: SiteFile;
  /** The site file as YAML, what the site-file import reads. */
  readonly yaml: string;
  readonly cables: MappedCable[];
  readonly refused: Refusal[];
  /** Devices whose NetBox name could not be a Ferrule name as it is (unnamed, or with ':', '@', '/'). */
  readonly renamed: { id: number; netbox: string; ferrule: string }[];
  /** Device types the site's devices use that the catalog keeps as device types (switches, housings, fixed panels), as devicetype-library files. */
  readonly deviceTypes: { name: string; content: string; answers: Record<string, string> }[];
  /** Objects placed, by kind. */
  readonly counts: { rooms: number; racks: number; devices: number; modules: number; ports: number; cables: number };
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const cleanId = (s: string, fallback: string): string => {
  const c = s
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[^A-Za-z0-9]+|-+$/g, "");
  return c && ID.test(c) ? c.slice(0, 64) : fallback;
};
/** A NetBox port name as a Ferrule port name: spaces become `_`, `@` becomes `-`. */
export const ferruleName = (s: string): string => s.trim().replace(/\s+/g, "_").replace(/@/g, "-");
const SLOT = /^[^\s@:/]+$/;

export const typeAnswerKey = (t: NbType): string => `${t.manufacturer} ${t.model}`.trim();
export const interfaceAnswerKey = (slug: string): string => `interface ${slug}`;
export const CABLES_KEY = "cables";

/** A NetBox type (with its templates) as a devicetype-library YAML file, what the conversion reads. */
export function typeYaml(t: NbType): string {
  const port = (p: NbType["ports"][number]) => ({ name: p.name, type: p.type, ...(p.label ? { label: p.label } : {}), ...(p.description ? { description: p.description } : {}) });
  const doc: Record<string, unknown> = {
    manufacturer: t.manufacturer,
    model: t.model,
    ...(t.kind === "device-type" ? { slug: t.slug || t.model.toLowerCase().replace(/[^a-z0-9]+/g, "-") } : {}),
    ...(t.partNumber ? { part_number: t.partNumber } : {}),
    ...(t.kind === "device-type" && t.uHeight !== undefined ? { u_height: t.uHeight } : {}),
    ...(t.comments ? { comments: t.comments } : {}),
    ...(t.description ? { description: t.description } : {}),
  };
  const ifaces = t.ports.filter((p) => p.kind === "interface");
  const fronts = t.ports.filter((p) => p.kind === "frontport");
  const rears = t.ports.filter((p) => p.kind === "rearport");
  if (ifaces.length) doc.interfaces = ifaces.map(port);
  if (fronts.length) doc["front-ports"] = fronts.map((p) => ({ ...port(p), ...(p.rearPort ? { rear_port: p.rearPort, rear_port_position: p.rearPortPosition ?? 1 } : {}) }));
  if (rears.length) doc["rear-ports"] = rears.map((p) => ({ ...port(p), positions: p.positions ?? 1 }));
  if (t.bays.length) doc["module-bays"] = t.bays.map((b) => ({ name: b.name, ...(b.position ? { position: b.position } : {}) }));
  return stringify(doc);
}

const ROLE_WORDS: [RegExp, "switch" | "router" | "server" | "panel"][] = [
  [/switch|leaf|spine|access|core|distribution/i, "switch"],
  [/router|firewall|gateway/i, "router"],
  [/server|compute|host|storage/i, "server"],
  [/panel|patch|fiber|odf|enclosure/i, "panel"],
];

/** Ports on a placed device: NetBox `dcim.<kind>:<id>` → the Ferrule port a cable end plugs into. */
interface PlacedPort {
  device: string;
  name: string;
  type: TerminationType;
}

/** An adapter plate's NetBox rear ports (names expanded), each with the adapters whose rear side it is. */
function plateRears(adapters: readonly PlateAdapter[], expand: (template: string) => string): Map<string, PlateAdapter[]> {
  const out = new Map<string, PlateAdapter[]>();
  for (const a of adapters) if (a.netboxRear) out.set(expand(a.netboxRear), [...(out.get(expand(a.netboxRear)) ?? []), a]);
  return out;
}

/**
 * Why a NetBox rear port that stands for the rears of several adapters is not placed: Ferrule gives
 * each adapter its own rear side, and a cable on the whole port cannot say which one it reaches.
 */
function sharedRearReason(adapters: readonly PlateAdapter[] | undefined, prefix = ""): string | undefined {
  if (!adapters || adapters.length < 2) return undefined;
  const names = adapters.map((a) => `${prefix}${a.name}`);
  return `its type's file gives the rears of ${adapters.length} adapters (${names.length > 4 ? `${names.slice(0, 2).join(", ")} … ${names[names.length - 1]}` : names.join(", ")}) as this one port; each adapter has its own rear side in Ferrule, and a cable on the whole port cannot say which adapter it reaches`;
}

export function mapNetboxSite(snap: NbSnapshot, answers: SiteAnswers = {}): SiteMapping {
  const refused: Refusal[] = [];
  const renamed: { id: number; netbox: string; ferrule: string }[] = [];
  const questions: SiteQuestion[] = [];
  const refuse = (object: string, id: number, name: string, reason: string) => refused.push({ object, id, name, reason });
  const portLabel = (p: NbPort, device: NbDevice) => `${device.name ?? `device ${device.id}`} ${p.name}`;

  // --- Types, through the device-type conversion, each asked about once.
  const conversions = new Map<string, NetboxTypeConversion>();
  const usage = new Map<string, number>();
  for (const d of snap.devices) usage.set(`device-type:${d.typeId}`, (usage.get(`device-type:${d.typeId}`) ?? 0) + 1);
  for (const m of snap.modules) usage.set(`module-type:${m.typeId}`, (usage.get(`module-type:${m.typeId}`) ?? 0) + 1);
  for (const [key, t] of snap.types) {
    const conv = convertNetboxType(typeYaml(t), { file: `${t.kind}s/${t.manufacturer}/${t.model}.yaml`, kind: t.kind, answers: (answers[typeAnswerKey(t)] ?? {}) as Answers });
    conversions.set(key, conv);
    if (conv.outcome === "needs-answers")
      for (const q of conv.questions)
        questions.push({
          key: typeAnswerKey(t),
          field: q.field,
          why: q.why,
          choices: q.choices,
          ...(q.suggested ? { suggested: q.suggested } : {}),
          appliesTo: `${usage.get(key) ?? 0} ${t.kind === "device-type" ? "device" : "module"}${usage.get(key) === 1 ? "" : "s"} of NetBox ${t.kind} ${t.id}`,
        });
  }
  const typeReason = (key: string): string | undefined => {
    const c = conversions.get(key);
    if (!c) return `its NetBox ${key.replace(":", " ")} was not read`;
    if (c.outcome === "refused") return `its type is not imported: ${c.errors.map((e) => e.message).join("; ")}`;
    if (c.outcome === "needs-answers") return `its type waits for answers (${c.questions.map((q) => q.field).join(", ")})`;
    return undefined;
  };

  // --- Rooms (locations) and racks.
  const rooms: { id: string; name: string }[] = [];
  const roomOf = new Map<number | null, string>();
  const usedIds = new Set<string>();
  const unique = (base: string, pk: number): string => {
    let id = base;
    if (usedIds.has(id.toLowerCase())) id = `${base}-${pk}`;
    usedIds.add(id.toLowerCase());
    return id;
  };
  for (const l of snap.locations) {
    const id = unique(cleanId(l.name, `location-${l.id}`), l.id);
    rooms.push({ id, name: l.name });
    roomOf.set(l.id, id);
  }
  const defaultRoom = (): string => {
    if (!roomOf.has(null)) {
      const id = unique(cleanId(snap.site.slug, "site"), 0);
      rooms.push({ id, name: snap.site.name });
      roomOf.set(null, id);
    }
    return roomOf.get(null)!;
  };
  const racks: { id: string; room: string; name: string; units: number }[] = [];
  const rackOf = new Map<number, { id: string; units: number }>();
  for (const r of snap.racks) {
    const id = unique(cleanId(r.name, `rack-${r.id}`), r.id);
    const room = roomOf.get(r.locationId) ?? defaultRoom();
    const units = Math.max(1, Math.round(r.uHeight));
    racks.push({ id, room, name: r.name, units });
    rackOf.set(r.id, { id, units });
  }

  // --- Devices, their modules and ports.
  type FileDevice = NonNullable<SiteFile["devices"]>[number];
  const devices: FileDevice[] = [];
  const fileTypes = new Map<string, NonNullable<SiteFile["types"]>[number]>();
  const placed = new Map<string, PlacedPort>();
  const portsOf = new Map<number, NbPort[]>();
  for (const p of snap.ports) portsOf.set(p.deviceId, [...(portsOf.get(p.deviceId) ?? []), p]);
  const bayById = new Map(snap.bays.map((b) => [b.id, b]));
  const modulesOf = new Map<number, typeof snap.modules>();
  for (const m of snap.modules) modulesOf.set(m.deviceId, [...(modulesOf.get(m.deviceId) ?? []), m]);
  const deviceNames = new Set<string>();
  const interfaceNeeds = new Map<string, { count: number; cage?: string; optics?: readonly string[] }>();
  const cabledInterfaces = new Set<number>();
  for (const c of snap.cables) for (const t of [...c.a, ...c.b]) if (t.objectType === "dcim.interface") cabledInterfaces.add(t.id);
  let modulesPlaced = 0;
  let portsPlaced = 0;

  for (const d of [...snap.devices].sort((x, y) => x.id - y.id)) {
    const label = d.name ?? `device ${d.id}`;
    // A Ferrule device name has no ':', '@' or '/' (a cable end is written device:port): they become '-'.
    const name = (d.name?.trim() || `netbox-device-${d.id}`).replace(/[:@/]/g, "-");
    if (name !== d.name) renamed.push({ id: d.id, netbox: d.name ?? "", ferrule: name });
    if (name.length > 64) {
      refuse("dcim.device", d.id, label, "a Ferrule device name has at most 64 characters");
      continue;
    }
    if (deviceNames.has(name.toLowerCase())) {
      refuse("dcim.device", d.id, label, `another device of the site is already called "${name}" (Ferrule matches devices by name)`);
      continue;
    }
    deviceNames.add(name.toLowerCase());
    const typeKey = `device-type:${d.typeId}`;
    const nbType = snap.types.get(typeKey);
    const conv = conversions.get(typeKey);
    const part = conv?.outcome === "converted" ? conv.part : undefined;
    const height = Math.max(1, Math.ceil(nbType?.uHeight ?? 1));
    const entry: FileDevice = { id: unique(cleanId(name, `device-${d.id}`), d.id), name, role: roleOf(d.role, part?.family) };
    const rack = d.rackId !== null ? rackOf.get(d.rackId) : undefined;
    if (rack) {
      entry.rack = rack.id;
      if (d.position !== null && (nbType?.uHeight ?? 1) > 0) {
        const unit = Math.max(1, Math.floor(d.position));
        if (unit + height - 1 > rack.units) refuse("dcim.device", d.id, label, `at U${unit} with ${height} U it reaches above the top of its rack (${rack.units} U); placed in the rack without a unit`);
        else {
          entry.unit = unit;
          entry.height = height;
          if (d.face) entry.face = d.face;
        }
      }
    }
    const cages: NonNullable<FileDevice["cages"]> = [];
    const adapters: NonNullable<FileDevice["adapters"]> = [];
    const modules: NonNullable<FileDevice["modules"]> = [];
    const names = new Set<string>();
    const place = (p: NbPort, ferrule: string, type: TerminationType): boolean => {
      if (names.has(ferrule.toLowerCase()) || /,/.test(ferrule)) {
        refuse(`dcim.${p.kind}`, p.id, portLabel(p, d), names.has(ferrule.toLowerCase()) ? `another port of the device is already called ${ferrule}` : "a port name with a comma cannot be written in NetBox's cable CSV");
        return false;
      }
      names.add(ferrule.toLowerCase());
      placed.set(`dcim.${p.kind}:${p.id}`, { device: name, name: ferrule, type });
      portsPlaced++;
      return true;
    };
    const own = portsOf.get(d.id) ?? [];
    const reason = typeReason(typeKey);
    const addInterface = (p: NbPort) => {
      const info = interfaceTypeInfo(p.type);
      if (!info.cage && !info.transceivers) {
        refuse("dcim.interface", p.id, portLabel(p, d), `interface type ${p.type || "(none)"} is not a fiber cage or optic; Ferrule manages fiber only`);
        return;
      }
      const fname = ferrulePortName(p.name);
      if (!place(p, fname, "dcim.interface")) return;
      let transceiver: string | undefined;
      if (cabledInterfaces.has(p.id)) {
        const need = interfaceNeeds.get(p.type) ?? { count: 0, ...(info.cage ? { cage: info.cage } : {}), ...(info.transceivers ? { optics: info.transceivers } : {}) };
        need.count++;
        interfaceNeeds.set(p.type, need);
        transceiver = info.transceivers?.length === 1 ? info.transceivers[0] : answers[interfaceAnswerKey(p.type)]?.transceiver;
        if (transceiver === "none") transceiver = undefined;
      }
      cages.push({ name: fname, ...(transceiver ? { transceiver } : {}), ...(info.cage ? { cage: info.cage } : {}) });
    };

    if (reason || !part) {
      for (const p of own) refuse(`dcim.${p.kind}`, p.id, portLabel(p, d), `the device ${label} is placed without ports: ${reason ?? "its type makes no ports"}`);
    } else if (part.family === "switch") {
      for (const p of own) {
        if (p.kind === "interface") addInterface(p);
        else refuse(`dcim.${p.kind}`, p.id, portLabel(p, d), "a front or rear port on a switch is not modelled");
      }
    } else if (part.family === "adapter-plate") {
      const byFront = new Map(part.adapters.map((a) => [a.netboxFront, a]));
      const byRear = plateRears(part.adapters, (t) => t);
      const names2 = new Set<string>();
      for (const p of own) {
        const shared = p.kind === "rearport" ? sharedRearReason(byRear.get(p.name)) : undefined;
        if (shared) {
          refuse(`dcim.${p.kind}`, p.id, portLabel(p, d), shared);
          continue;
        }
        const a = p.kind === "frontport" ? byFront.get(p.name) : p.kind === "rearport" ? byRear.get(p.name)?.[0] : undefined;
        if (!a) {
          if (p.kind === "interface") addInterface(p);
          else refuse(`dcim.${p.kind}`, p.id, portLabel(p, d), `the port is not in its device type ${nbType ? typeAnswerKey(nbType) : ""}`);
          continue;
        }
        // A pass-through adapter: the front port is its front side, the rear port its rear side.
        placed.set(`dcim.${p.kind}:${p.id}`, { device: name, name: a.name, type: p.kind === "frontport" ? "dcim.frontport" : "dcim.rearport" });
        portsPlaced++;
        if (!names2.has(a.name)) {
          names2.add(a.name);
          names.add(a.name.toLowerCase());
          adapters.push({ name: a.name, family: a.family, key: a.key });
        }
      }
    } else if (part.family === "housing") {
      for (const p of own.filter((x) => x.moduleId === null)) {
        if (p.kind === "interface") addInterface(p);
        else refuse(`dcim.${p.kind}`, p.id, portLabel(p, d), "a port on a housing itself (not on a module in a bay) is not modelled");
      }
    } else if (part.family === "cassette") {
      // Fixed ports that fan out (a splice panel, a fixed cassette): the panel holds the part as a
      // module in slot 1, and NetBox's ports are that module's ports.
      modules.push({ slot: "1", type: part.type.id });
      fileTypes.set(part.type.id, part.type as unknown as NonNullable<SiteFile["types"]>[number]);
      modulesPlaced++;
      const byName = new Map<string, PortNameMap[]>();
      for (const n of part.portNames) byName.set(`${n.role}:${n.netbox}`, [...(byName.get(`${n.role}:${n.netbox}`) ?? []), n]);
      for (const p of own.filter((x) => x.moduleId === null)) {
        if (p.kind === "interface") {
          addInterface(p);
          continue;
        }
        const ns = byName.get(`${p.kind === "frontport" ? "front" : "rear"}:${p.name}`) ?? [];
        if (ns.length === 0) refuse(`dcim.${p.kind}`, p.id, portLabel(p, d), `the port is not in its device type ${nbType ? typeAnswerKey(nbType) : ""}`);
        else if (ns.length > 1)
          refuse(
            `dcim.${p.kind}`,
            p.id,
            portLabel(p, d),
            `its ${ns.length} fibers are spliced one by one in Ferrule (1/${ns[0]!.ferrule} … 1/${ns[ns.length - 1]!.ferrule}); a NetBox cable to the whole port cannot say which fiber is which`,
          );
        else place(p, `1/${ns[0]!.ferrule}`, p.kind === "frontport" ? "dcim.frontport" : "dcim.rearport");
      }
    }
    // Modules in bays (any device family): cassettes, adapter plates, line cards.
    for (const m of (modulesOf.get(d.id) ?? []).sort((x, y) => x.id - y.id)) {
      const bay = bayById.get(m.bayId);
      const mType = snap.types.get(`module-type:${m.typeId}`);
      const mLabel = `${label} ${bay?.name ?? `bay ${m.bayId}`}`;
      const mPorts = own.filter((p) => p.moduleId === m.id);
      const mConv = conversions.get(`module-type:${m.typeId}`);
      const why = typeReason(`module-type:${m.typeId}`);
      const slot = bay ? (SLOT.test(bay.position) ? bay.position : cleanId(bay.name, `bay-${bay.id}`)) : undefined;
      const refuseAll = (r: string) => {
        refuse("dcim.module", m.id, mLabel, r);
        for (const p of mPorts) refuse(`dcim.${p.kind}`, p.id, portLabel(p, d), `its module ${mLabel} is not placed`);
      };
      if (!bay || !slot || !mType) {
        refuseAll("its module bay or module type was not read");
        continue;
      }
      if (why || mConv?.outcome !== "converted") {
        refuseAll(why ?? "its module type did not convert");
        continue;
      }
      const mp = mConv.part;
      if (mp.family === "cassette") {
        if (modules.some((x) => x.slot === slot)) {
          refuseAll(`two modules in slot ${slot}`);
          continue;
        }
        modules.push({ slot, type: mp.type.id });
        fileTypes.set(mp.type.id, mp.type as unknown as NonNullable<SiteFile["types"]>[number]);
        modulesPlaced++;
        const byName = new Map(mp.portNames.map((n) => [expandModuleToken(n.netbox, bay.position), n]));
        for (const p of mPorts) {
          const n = byName.get(p.name);
          if (!n || (n.role === "front") !== (p.kind === "frontport")) refuse(`dcim.${p.kind}`, p.id, portLabel(p, d), `the port is not in its module type ${typeAnswerKey(mType)}`);
          else place(p, `${slot}/${n.ferrule}`, p.kind === "frontport" ? "dcim.frontport" : "dcim.rearport");
        }
      } else if (mp.family === "adapter-plate") {
        modulesPlaced++;
        const byFront = new Map(mp.adapters.map((a) => [expandModuleToken(a.netboxFront, bay.position), a]));
        const byRear = plateRears(mp.adapters, (t) => expandModuleToken(t, bay.position));
        const seen = new Set<string>();
        for (const p of mPorts) {
          const shared = p.kind === "rearport" ? sharedRearReason(byRear.get(p.name), `${slot}/`) : undefined;
          if (shared) {
            refuse(`dcim.${p.kind}`, p.id, portLabel(p, d), shared);
            continue;
          }
          const a = p.kind === "frontport" ? byFront.get(p.name) : p.kind === "rearport" ? byRear.get(p.name)?.[0] : undefined;
          if (!a) {
            refuse(`dcim.${p.kind}`, p.id, portLabel(p, d), `the port is not in its module type ${typeAnswerKey(mType)}`);
            continue;
          }
          const fname = `${slot}/${a.name}`;
          placed.set(`dcim.${p.kind}:${p.id}`, { device: name, name: fname, type: p.kind === "frontport" ? "dcim.frontport" : "dcim.rearport" });
          portsPlaced++;
          if (!seen.has(fname)) {
            seen.add(fname);
            adapters.push({ name: fname, family: a.family, key: a.key });
          }
        }
      } else if (mp.family === "switch") {
        // A line card: its cages are the device's.
        modulesPlaced++;
        for (const p of mPorts) {
          if (p.kind === "interface") addInterface(p);
          else refuse(`dcim.${p.kind}`, p.id, portLabel(p, d), "a front or rear port on a line card is not modelled");
        }
      } else refuseAll(`its module type is a ${mp.family}, which holds no ports`);
    }
    if (cages.length) entry.cages = cages;
    if (adapters.length) entry.adapters = adapters;
    if (modules.length) entry.modules = modules;
    devices.push(entry);
  }

  // --- Transceivers: an interface type that is a cage, cabled: which optic is in it (asked once per type).
  for (const [slug, need] of interfaceNeeds) {
    if (need.optics?.length === 1) continue;
    const candidates = need.optics ?? TRANSCEIVERS.filter((t) => t.formFactor === need.cage).map((t) => t.id);
    const choices = [...candidates.map((id) => ({ value: id, label: TRANSCEIVERS.find((t) => t.id === id)?.name ?? id })), { value: "none", label: "none: leave the cages empty (their cables are refused)" }];
    const given = answers[interfaceAnswerKey(slug)]?.transceiver;
    if (given && choices.some((c) => c.value === given)) continue;
    questions.push({
      key: interfaceAnswerKey(slug),
      field: "transceiver",
      why: `NetBox records the cage (${slug}) but not the optic in it; Ferrule needs the transceiver to trace a channel.${given ? ` "${given}" is not one of the choices.` : ""}`,
      choices,
      appliesTo: `${need.count} cabled interface${need.count === 1 ? "" : "s"}`,
    });
  }

  // --- Cables, as NetBox's cable CSV rows.
  const cables: MappedCable[] = [];
  const deviceOfPort = new Map(snap.ports.map((p) => [`dcim.${p.kind}:${p.id}`, p]));
  let lengthMissing = 0;
  const lengthAnswer = answers[CABLES_KEY]?.lengthM;
  const defaultLength = lengthAnswer !== undefined && Number.isFinite(Number(lengthAnswer)) && Number(lengthAnswer) > 0 ? Number(lengthAnswer) : undefined;
  for (const c of snap.cables) {
    // One line per cable in the CSV: a label's line breaks become spaces.
    const label = c.label.replace(/[\r\n]+/g, " ").trim() || `#${c.id}`;
    const fiber = c.type ? netboxCableTypeToFiber(c.type) : undefined;
    if (c.type && !fiber) {
      refuse("dcim.cable", c.id, label, `cable type ${c.type} is not fiber; Ferrule manages fiber only`);
      continue;
    }
    const ends: (NetboxCableRow["sideA"] | string)[] = [c.a, c.b].map((list, i) => {
      if (list.length === 0) return `side ${i ? "B" : "A"} has no termination`;
      const got: PlacedPort[] = [];
      for (const t of list) {
        const p = placed.get(`${t.objectType}:${t.id}`);
        if (!p) {
          const nb = deviceOfPort.get(`${t.objectType}:${t.id}`);
          return nb
            ? `its end ${t.objectType} ${t.id} (${nb.name}) is not placed (see that port)`
            : `its end ${t.objectType} ${t.id} is not a port of the site's devices (${t.objectType.startsWith("circuits.") ? "a circuit" : t.objectType.includes("power") ? "power" : t.objectType.includes("console") ? "console" : "outside the site"})`;
        }
        got.push(p);
      }
      if (new Set(got.map((g) => g.device)).size > 1) return `side ${i ? "B" : "A"} ends on several devices; NetBox's cable CSV holds one device per side`;
      if (new Set(got.map((g) => g.type)).size > 1) return `side ${i ? "B" : "A"} mixes termination types`;
      return { device: got[0]!.device, type: got[0]!.type, names: got.map((g) => g.name) };
    });
    const bad = ends.find((e) => typeof e === "string");
    if (typeof bad === "string") {
      refuse("dcim.cable", c.id, label, bad);
      continue;
    }
    const unit = c.lengthUnit && isLengthUnit(c.lengthUnit) ? c.lengthUnit : undefined;
    let length = c.length !== null && unit ? c.length : undefined;
    if (length === undefined) {
      lengthMissing++;
      if (defaultLength !== undefined) length = defaultLength;
    }
    const row: NetboxCableRow = {
      sideA: ends[0] as NetboxCableRow["sideA"],
      sideB: ends[1] as NetboxCableRow["sideB"],
      ...(c.type ? { type: c.type } : {}),
      status: isNetboxCableStatus(c.status) ? c.status : "connected",
      label,
      ...(/^[0-9a-f]{6}$/i.test(c.color) ? { color: c.color.toLowerCase() } : {}),
      ...(length !== undefined ? { length, lengthUnit: unit && c.length !== null ? unit : "m" } : {}),
      comments: "",
      tags: [],
    };
    cables.push({ netboxId: c.id, row });
  }
  if (lengthMissing > 0 && defaultLength === undefined)
    questions.push({
      key: CABLES_KEY,
      field: "lengthM",
      why: "NetBox gives no length for these cables; Ferrule needs one for the loss budget. Give the length in metres to record for them (they can be corrected later).",
      choices: [],
      appliesTo: `${lengthMissing} cable${lengthMissing === 1 ? "" : "s"}`,
    });

  const siteFile: SiteFile = {
    ferrule: 1,
    site: { id: cleanId(snap.site.slug, "site"), name: snap.site.name },
    rooms,
    racks,
    devices,
    types: [...fileTypes.values()],
  };
  return {
    questions,
    siteFile,
    yaml: stringify(siteFile),
    cables,
    refused,
    renamed,
    deviceTypes: [...snap.types.values()]
      .filter((t) => {
        const c = conversions.get(t.key);
        return t.kind === "device-type" && c?.outcome === "converted" && (c.part.family === "switch" || c.part.family === "housing" || c.part.family === "adapter-plate");
      })
      .map((t) => ({ name: `device-types/${t.manufacturer}/${t.model}.yaml`, content: typeYaml(t), answers: { ...(answers[typeAnswerKey(t)] ?? {}) } })),
    counts: { rooms: rooms.length, racks: racks.length, devices: devices.length, modules: modulesPlaced, ports: portsPlaced, cables: cables.length },
  };
}

/** A device-level NetBox port name as Ferrule names it. */
const ferrulePortName = ferruleName;

function roleOf(netboxRole: string, family: string | undefined): "switch" | "router" | "server" | "panel" | "other" {
  for (const [re, role] of ROLE_WORDS) if (re.test(netboxRole)) return role;
  if (family === "switch") return "switch";
  if (family === "housing" || family === "adapter-plate" || family === "cassette") return "panel";
  return "other";
}
