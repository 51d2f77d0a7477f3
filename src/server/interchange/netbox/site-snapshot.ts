/**
 * One NetBox site as read from NetBox, in the few words the import needs: its locations, racks,
 * devices with their types and component templates, module bays and modules, interfaces, front
 * and rear ports, and cables with their terminations. Two readers fill it: a `manage.py dumpdata`
 * JSON dump (`snapshotFromDump`) and the REST API (`snapshotFromApi`, in api-source.ts). Pure: no
 * database, no network.
 */

export type NbPortKind = "interface" | "frontport" | "rearport";

export interface NbTemplatePort {
  readonly kind: NbPortKind;
  readonly name: string;
  readonly type: string;
  readonly label?: string;
  readonly description?: string;
  readonly positions?: number;
  /** A front port template's rear port (template name) and position (legacy mapping, NetBox ≤ 4.4). */
  readonly rearPort?: string;
  readonly rearPortPosition?: number;
}

export interface NbType {
  /** `device-type:7` or `module-type:3` (NetBox ids). */
  readonly key: string;
  readonly kind: "device-type" | "module-type";
  readonly id: number;
  readonly manufacturer: string;
  readonly model: string;
  readonly slug?: string;
  readonly partNumber?: string;
  readonly uHeight?: number;
  readonly comments?: string;
  readonly description?: string;
  readonly ports: NbTemplatePort[];
  /** Module-bay templates: name and position. */
  readonly bays: { name: string; position: string }[];
}

export interface NbLocation {
  readonly id: number;
  readonly name: string;
}

export interface NbRack {
  readonly id: number;
  readonly name: string;
  readonly locationId: number | null;
  readonly uHeight: number;
}

export interface NbDevice {
  readonly id: number;
  readonly name: string | null;
  readonly typeId: number;
  readonly role: string;
  readonly rackId: number | null;
  readonly locationId: number | null;
  readonly position: number | null;
  readonly face: "front" | "rear" | null;
}

export interface NbModuleBay {
  readonly id: number;
  readonly deviceId: number;
  readonly name: string;
  readonly position: string;
}

export interface NbModule {
  readonly id: number;
  readonly deviceId: number;
  readonly bayId: number;
  readonly typeId: number;
}

export interface NbPort {
  readonly kind: NbPortKind;
  readonly id: number;
  readonly deviceId: number;
  readonly moduleId: number | null;
  readonly name: string;
  readonly type: string;
}

export interface NbTermination {
  /** `dcim.interface`, `dcim.frontport`, `dcim.rearport`, or anything else NetBox terminates cables on. */
  readonly objectType: string;
  readonly id: number;
}

export interface NbCable {
  readonly id: number;
  readonly label: string;
  readonly type: string;
  readonly status: string;
  readonly color: string;
  readonly length: number | null;
  readonly lengthUnit: string;
  readonly a: NbTermination[];
  readonly b: NbTermination[];
}

export interface NbSnapshot {
  readonly site: { id: number; name: string; slug: string };
  readonly locations: NbLocation[];
  readonly racks: NbRack[];
  readonly devices: NbDevice[];
  readonly types: Map<string, NbType>;
  readonly bays: NbModuleBay[];
  readonly modules: NbModule[];
  readonly ports: NbPort[];
  readonly cables: NbCable[];
}

export const typeKey = (kind: "device-type" | "module-type", id: number): string => `${kind}:${id}`;

/** A dump or a page the reader cannot use: what and where. */
export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SnapshotError";
  }
}

// ---------------------------------------------------------------------------------------------
// Small readers of loosely typed JSON

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const num = (v: unknown): number | null => {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return null;
};
/** A foreign key as the dump writes it (a number) or the API does (a nested object with an id). */
const ref = (v: unknown): number | null => (isObj(v) ? num(v.id) : num(v));
/** A choice field: the dump writes the value, the API `{ value, label }`. */
const choice = (v: unknown): string => (isObj(v) ? str(v.value) : str(v));

// ---------------------------------------------------------------------------------------------
// dumpdata JSON

interface DumpRecord {
  model: string;
  pk: number;
  fields: Obj;
}

/**
 * The site `slug` of a `manage.py dumpdata` dump (a JSON array of `{ model, pk, fields }`), as
 * NetBox 3.x writes it (cable terminations as `dcim.cabletermination` rows; before 3.3, as
 * `termination_a_type/_id` on the cable). Throws SnapshotError for a file that is not a dump or
 * has no such site, naming the sites it has.
 */
export function snapshotFromDump(data: unknown, slug: string): NbSnapshot {
  if (!Array.isArray(data)) throw new SnapshotError("The file is not a NetBox dumpdata dump: expected a JSON array of { model, pk, fields }.");
  const by = new Map<string, DumpRecord[]>();
  data.forEach((r: unknown, i) => {
    if (!isObj(r) || typeof r.model !== "string" || !isObj(r.fields)) throw new SnapshotError(`Record ${i + 1} of the dump is not { model, pk, fields }.`);
    const pk = num(r.pk);
    if (pk === null) return; // content types and other natural-key rows
    const list = by.get(r.model) ?? [];
    list.push({ model: r.model, pk, fields: r.fields });
    by.set(r.model, list);
  });
  const all = (m: string): DumpRecord[] => by.get(m) ?? [];
  const siteRow = all("dcim.site").find((s) => str(s.fields.slug) === slug);
  if (!siteRow) {
    const slugs = all("dcim.site").map((s) => str(s.fields.slug));
    throw new SnapshotError(`The dump has no site "${slug}"${slugs.length ? `; its sites are ${slugs.join(", ")}` : " (it holds no dcim.site records)"}.`);
  }
  const siteId = siteRow.pk;
  const manufacturers = new Map(all("dcim.manufacturer").map((m) => [m.pk, str(m.fields.name)]));
  const roles = new Map([...all("dcim.devicerole"), ...all("dcim.role")].map((r) => [r.pk, str(r.fields.slug)]));

  const devices: NbDevice[] = all("dcim.device")
    .filter((d) => ref(d.fields.site) === siteId)
    .map((d) => ({
      id: d.pk,
      name: d.fields.name === null ? null : str(d.fields.name),
      typeId: ref(d.fields.device_type) ?? 0,
      role: roles.get(ref(d.fields.role ?? d.fields.device_role) ?? 0) ?? "",
      rackId: ref(d.fields.rack),
      locationId: ref(d.fields.location),
      position: num(d.fields.position),
      face: face(d.fields.face),
    }));
  const deviceIds = new Set(devices.map((d) => d.id));
  const bays = all("dcim.modulebay")
    .filter((b) => deviceIds.has(ref(b.fields.device) ?? -1))
    .map((b) => ({ id: b.pk, deviceId: ref(b.fields.device)!, name: str(b.fields.name), position: str(b.fields.position) }));
  const modules = all("dcim.module")
    .filter((m) => deviceIds.has(ref(m.fields.device) ?? -1))
    .map((m) => ({ id: m.pk, deviceId: ref(m.fields.device)!, bayId: ref(m.fields.module_bay) ?? 0, typeId: ref(m.fields.module_type) ?? 0 }));
  const ports: NbPort[] = [];
  for (const kind of ["interface", "frontport", "rearport"] as const)
    for (const p of all(`dcim.${kind}`))
      if (deviceIds.has(ref(p.fields.device) ?? -1))
        ports.push({ kind, id: p.pk, deviceId: ref(p.fields.device)!, moduleId: ref(p.fields.module), name: str(p.fields.name), type: choice(p.fields.type) });

  // Types used by the site's devices and modules, with their component templates.
  const used = new Set([...devices.map((d) => typeKey("device-type", d.typeId)), ...modules.map((m) => typeKey("module-type", m.typeId))]);
  const types = new Map<string, NbType>();
  for (const [kind, model] of [
    ["device-type", "dcim.devicetype"],
    ["module-type", "dcim.moduletype"],
  ] as const)
    for (const t of all(model)) {
      const key = typeKey(kind, t.pk);
      if (!used.has(key)) continue;
      types.set(key, {
        key,
        kind,
        id: t.pk,
        manufacturer: manufacturers.get(ref(t.fields.manufacturer) ?? 0) ?? "",
        model: str(t.fields.model),
        ...(t.fields.slug !== undefined ? { slug: str(t.fields.slug) } : {}),
        partNumber: str(t.fields.part_number),
        ...(num(t.fields.u_height) !== null ? { uHeight: num(t.fields.u_height)! } : {}),
        comments: str(t.fields.comments),
        description: str(t.fields.description),
        ports: [],
        bays: [],
      });
    }
  const owner = (f: Obj): NbType | undefined => {
    const d = ref(f.device_type);
    if (d !== null) return types.get(typeKey("device-type", d));
    const m = ref(f.module_type);
    return m !== null ? types.get(typeKey("module-type", m)) : undefined;
  };
  const rearTemplates = new Map<number, string>();
  for (const t of all("dcim.rearporttemplate")) {
    rearTemplates.set(t.pk, str(t.fields.name));
    owner(t.fields)?.ports.push({ kind: "rearport", name: str(t.fields.name), type: choice(t.fields.type), label: str(t.fields.label), description: str(t.fields.description), positions: num(t.fields.positions) ?? 1 });
  }
  for (const t of all("dcim.frontporttemplate")) {
    const rear = ref(t.fields.rear_port);
    owner(t.fields)?.ports.push({
      kind: "frontport",
      name: str(t.fields.name),
      type: choice(t.fields.type),
      label: str(t.fields.label),
      description: str(t.fields.description),
      ...(rear !== null && rearTemplates.has(rear) ? { rearPort: rearTemplates.get(rear)!, rearPortPosition: num(t.fields.rear_port_position) ?? 1 } : {}),
    });
  }
  for (const t of all("dcim.interfacetemplate"))
    owner(t.fields)?.ports.push({ kind: "interface", name: str(t.fields.name), type: choice(t.fields.type), label: str(t.fields.label), description: str(t.fields.description) });
  for (const t of all("dcim.modulebaytemplate")) owner(t.fields)?.bays.push({ name: str(t.fields.name), position: str(t.fields.position) });

  // Cables that end on the site's devices: terminations as rows (3.3+) or on the cable (≤ 3.2).
  const contentTypes = new Map(all("contenttypes.contenttype").map((c) => [c.pk, `${str(c.fields.app_label)}.${str(c.fields.model)}`]));
  const ctName = (v: unknown): string => (Array.isArray(v) ? v.map(str).join(".") : contentTypes.get(num(v) ?? -1) ?? str(v));
  const portDevice = new Map(ports.map((p) => [`dcim.${p.kind}:${p.id}`, p.deviceId]));
  const ends = new Map<number, { a: NbTermination[]; b: NbTermination[] }>();
  const onSiteCables = new Set<number>();
  const endOf = (cable: number) => ends.get(cable) ?? (ends.set(cable, { a: [], b: [] }), ends.get(cable)!);
  for (const t of all("dcim.cabletermination")) {
    const cable = ref(t.fields.cable);
    if (cable === null) continue;
    const term = { objectType: ctName(t.fields.termination_type), id: num(t.fields.termination_id) ?? 0 };
    if (ref(t.fields._site) === siteId || deviceIds.has(ref(t.fields._device) ?? -1)) onSiteCables.add(cable);
    endOf(cable)[str(t.fields.cable_end) === "B" ? "b" : "a"].push(term);
  }
  const cables: NbCable[] = [];
  for (const c of all("dcim.cable")) {
    const e = ends.get(c.pk) ?? {
      a: c.fields.termination_a_id !== undefined ? [{ objectType: ctName(c.fields.termination_a_type), id: num(c.fields.termination_a_id) ?? 0 }] : [],
      b: c.fields.termination_b_id !== undefined ? [{ objectType: ctName(c.fields.termination_b_type), id: num(c.fields.termination_b_id) ?? 0 }] : [],
    };
    const onSite = onSiteCables.has(c.pk) || [...e.a, ...e.b].some((t) => deviceIds.has(portDevice.get(`${t.objectType}:${t.id}`) ?? -1));
    if (!onSite) continue;
    cables.push({
      id: c.pk,
      label: str(c.fields.label),
      type: choice(c.fields.type),
      status: choice(c.fields.status),
      color: str(c.fields.color),
      length: num(c.fields.length),
      lengthUnit: choice(c.fields.length_unit),
      a: e.a,
      b: e.b,
    });
  }
  return {
    site: { id: siteId, name: str(siteRow.fields.name), slug },
    locations: all("dcim.location")
      .filter((l) => ref(l.fields.site) === siteId)
      .map((l) => ({ id: l.pk, name: str(l.fields.name) })),
    racks: all("dcim.rack")
      .filter((r) => ref(r.fields.site) === siteId)
      .map((r) => ({ id: r.pk, name: str(r.fields.name), locationId: ref(r.fields.location), uHeight: num(r.fields.u_height) ?? 42 })),
    devices,
    types,
    bays,
    modules,
    ports,
    cables,
  };
}

function face(v: unknown): "front" | "rear" | null {
  const f = choice(v);
  return f === "front" || f === "rear" ? f : null;
}

// ---------------------------------------------------------------------------------------------
// REST API objects (one list endpoint's `results`)

/** The API lists the import reads, in order, with the filter that narrows each to the site. */
export const API_LISTS = [
  { key: "sites", path: "/api/dcim/sites/", filter: "slug" },
  { key: "locations", path: "/api/dcim/locations/", filter: "site" },
  { key: "racks", path: "/api/dcim/racks/", filter: "site" },
  { key: "devices", path: "/api/dcim/devices/", filter: "site" },
  { key: "module-bays", path: "/api/dcim/module-bays/", filter: "site" },
  { key: "modules", path: "/api/dcim/modules/", filter: "site" },
  { key: "interfaces", path: "/api/dcim/interfaces/", filter: "site" },
  { key: "front-ports", path: "/api/dcim/front-ports/", filter: "site" },
  { key: "rear-ports", path: "/api/dcim/rear-ports/", filter: "site" },
  { key: "cables", path: "/api/dcim/cables/", filter: "site" },
] as const;

/** Template lists, read per device type (`devicetype_id`) and module type (`moduletype_id`). */
export const API_TEMPLATE_LISTS = [
  { kind: "interface", path: "/api/dcim/interface-templates/" },
  { kind: "frontport", path: "/api/dcim/front-port-templates/" },
  { kind: "rearport", path: "/api/dcim/rear-port-templates/" },
  { kind: "bay", path: "/api/dcim/module-bay-templates/" },
] as const;

export interface ApiObjects {
  readonly lists: Readonly<Record<(typeof API_LISTS)[number]["key"], readonly unknown[]>>;
  /** A device or module type as `GET /api/dcim/device-types/<id>/` answers. */
  readonly types: ReadonlyMap<string, unknown>;
  /** Templates per type key. */
  readonly templates: ReadonlyMap<string, Readonly<Record<(typeof API_TEMPLATE_LISTS)[number]["kind"], readonly unknown[]>>>;
}

const objs = (list: readonly unknown[]): Obj[] => list.filter(isObj);

/** A snapshot from the REST API's objects (NetBox 3.3 – 4.4 shapes: nested objects with `id`, choices as `{ value, label }`). */
export function snapshotFromApiObjects(slug: string, o: ApiObjects): NbSnapshot {
  const site = objs(o.lists.sites).find((s) => str(s.slug) === slug);
  if (!site) throw new SnapshotError(`NetBox has no site "${slug}".`);
  const siteId = num(site.id) ?? 0;
  const devices: NbDevice[] = objs(o.lists.devices).map((d) => ({
    id: num(d.id) ?? 0,
    name: d.name === null ? null : str(d.name),
    typeId: ref(d.device_type) ?? 0,
    role: isObj(d.role) ? str(d.role.slug) : isObj(d.device_role) ? str(d.device_role.slug) : "",
    rackId: ref(d.rack),
    locationId: ref(d.location),
    position: num(d.position),
    face: face(d.face),
  }));
  const ports: NbPort[] = [];
  for (const [kind, key] of [
    ["interface", "interfaces"],
    ["frontport", "front-ports"],
    ["rearport", "rear-ports"],
  ] as const)
    for (const p of objs(o.lists[key])) ports.push({ kind, id: num(p.id) ?? 0, deviceId: ref(p.device) ?? 0, moduleId: ref(p.module), name: str(p.name), type: choice(p.type) });
  const types = new Map<string, NbType>();
  for (const [key, raw] of o.types) {
    if (!isObj(raw)) continue;
    const kind = key.startsWith("module-type") ? "module-type" : "device-type";
    const t = o.templates.get(key);
    const tplPorts: NbTemplatePort[] = [];
    for (const p of objs(t?.rearport ?? []))
      tplPorts.push({ kind: "rearport", name: str(p.name), type: choice(p.type), label: str(p.label), description: str(p.description), positions: num(p.positions) ?? 1 });
    // NetBox ≤ 4.4: `rear_port` (nested) and `rear_port_position`; 4.5+ (OpenAPI FrontPortTemplateMapping):
    // `rear_ports: [{ position, rear_port: <id>, rear_port_position }]`, read for a one-position front port.
    const rearNames = new Map(objs(t?.rearport ?? []).map((r) => [num(r.id), str(r.name)]));
    for (const p of objs(t?.frontport ?? [])) {
      const mapped = Array.isArray(p.rear_ports) ? objs(p.rear_ports).find((m) => (num(m.position) ?? 1) === 1) : undefined;
      const rear = isObj(p.rear_port) ? str(p.rear_port.name) : mapped ? (rearNames.get(ref(mapped.rear_port)) ?? "") : "";
      const position = isObj(p.rear_port) ? num(p.rear_port_position) : mapped ? num(mapped.rear_port_position) : null;
      tplPorts.push({
        kind: "frontport",
        name: str(p.name),
        type: choice(p.type),
        label: str(p.label),
        description: str(p.description),
        ...(rear ? { rearPort: rear, rearPortPosition: position ?? 1 } : {}),
      });
    }
    for (const p of objs(t?.interface ?? [])) tplPorts.push({ kind: "interface", name: str(p.name), type: choice(p.type), label: str(p.label), description: str(p.description) });
    types.set(key, {
      key,
      kind,
      id: num(raw.id) ?? 0,
      manufacturer: isObj(raw.manufacturer) ? str(raw.manufacturer.name) : "",
      model: str(raw.model),
      ...(raw.slug !== undefined ? { slug: str(raw.slug) } : {}),
      partNumber: str(raw.part_number),
      ...(num(raw.u_height) !== null ? { uHeight: num(raw.u_height)! } : {}),
      comments: str(raw.comments),
      description: str(raw.description),
      ports: tplPorts,
      bays: objs(t?.bay ?? []).map((b) => ({ name: str(b.name), position: str(b.position) })),
    });
  }
  const term = (list: unknown): NbTermination[] =>
    objs(Array.isArray(list) ? list : []).map((t) => ({ objectType: str(t.object_type ?? t.termination_type), id: num(t.object_id ?? t.termination_id) ?? 0 }));
  return {
    site: { id: siteId, name: str(site.name), slug },
    locations: objs(o.lists.locations).map((l) => ({ id: num(l.id) ?? 0, name: str(l.name) })),
    racks: objs(o.lists.racks).map((r) => ({ id: num(r.id) ?? 0, name: str(r.name), locationId: ref(r.location), uHeight: num(r.u_height) ?? 42 })),
    devices,
    types,
    bays: objs(o.lists["module-bays"]).map((b) => ({ id: num(b.id) ?? 0, deviceId: ref(b.device) ?? 0, name: str(b.name), position: str(b.position) })),
    modules: objs(o.lists.modules).map((m) => ({ id: num(m.id) ?? 0, deviceId: ref(m.device) ?? 0, bayId: ref(m.module_bay) ?? 0, typeId: ref(m.module_type) ?? 0 })),
    ports,
    cables: objs(o.lists.cables).map((c) => ({
      id: num(c.id) ?? 0,
      label: str(c.label),
      type: choice(c.type),
      status: choice(c.status),
      color: str(c.color),
      length: num(c.length),
      lengthUnit: choice(c.length_unit),
      a: term(c.a_terminations),
      b: term(c.b_terminations),
    })),
  };
}
