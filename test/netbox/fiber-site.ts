/**
 * A small NetBox site with fiber: two leaf switches with SFP+ cages, two panel housings each with a
 * Type B MPO-12 to 6 × LC cassette, a trunk between the cassettes, two patch cords and a power cable.
 * `fiberSiteDump()` writes it as `manage.py dumpdata` records (NetBox 3.6); `fiberSiteApi()` as the
 * REST API's list results (NetBox 4.x shapes).
 */
type Rec = { model: string; pk: number; fields: Record<string, unknown> };

export interface FiberSiteOptions {
  /** Leave the second patch cord without a length (the import asks for one). */
  readonly lengthless?: boolean;
  /** A change in NetBox since the first import: the trunk re-run at another length, a cord moved, a device added. */
  readonly changed?: boolean;
  /** A second cord onto the front of panel 1's first port, which P-101 already holds. */
  readonly doubled?: boolean;
}

export function fiberSiteDump(opts: FiberSiteOptions = {}): Rec[] {
  const r: Rec[] = [];
  const add = (model: string, pk: number, fields: Record<string, unknown>) => r.push({ model, pk, fields });
  add("dcim.site", 1, { name: "Lab One", slug: "lab-1" });
  add("dcim.site", 2, { name: "Elsewhere", slug: "elsewhere" });
  add("dcim.manufacturer", 1, { name: "Acme", slug: "acme" });
  add("dcim.devicerole", 1, { name: "Leaf", slug: "leaf-switch" });
  add("dcim.devicerole", 2, { name: "Patch panel", slug: "patch-panel" });
  add("dcim.devicerole", 3, { name: "PDU", slug: "pdu" });
  add("dcim.location", 1, { name: "Hall A", slug: "hall-a", site: 1, parent: null });
  add("dcim.rack", 1, { name: "R01", site: 1, location: 1, u_height: 42 });
  add("dcim.rack", 2, { name: "R02", site: 1, location: 1, u_height: 42 });
  add("dcim.devicetype", 1, { manufacturer: 1, model: "Leaf-48S", slug: "leaf-48s", part_number: "", u_height: "1.0", comments: "" });
  add("dcim.devicetype", 2, { manufacturer: 1, model: "FHD-1U", slug: "fhd-1u", part_number: "", u_height: "1.0", comments: "1 RU fiber enclosure" });
  add("dcim.devicetype", 3, { manufacturer: 1, model: "PDU-8", slug: "pdu-8", part_number: "", u_height: "0.0", comments: "" });
  add("dcim.moduletype", 1, { manufacturer: 1, model: "CAS-MTP12-6LC-OM4-B", part_number: "", comments: "MTP-12 (Male) to 6 LC duplex, OM4 Multi Mode, Type B" });
  let tpl = 0;
  for (let i = 1; i <= 4; i++) add("dcim.interfacetemplate", ++tpl, { device_type: 1, module_type: null, name: `Ethernet${i}`, type: "10gbase-x-sfpp", label: "", description: "" });
  add("dcim.interfacetemplate", ++tpl, { device_type: 1, module_type: null, name: "mgmt0", type: "1000base-t", label: "", description: "" });
  add("dcim.modulebaytemplate", 1, { device_type: 2, name: "Slot 1", position: "1" });
  add("dcim.modulebaytemplate", 2, { device_type: 2, name: "Slot 2", position: "2" });
  add("dcim.rearporttemplate", 1, { device_type: null, module_type: 1, name: "{module}/R", type: "mpo", positions: 6, label: "", description: "" });
  for (let i = 1; i <= 6; i++) add("dcim.frontporttemplate", i, { device_type: null, module_type: 1, name: `{module}/${i}`, type: "lc", rear_port: 1, rear_port_position: i, label: "", description: "" });

  const dev = (pk: number, name: string, type: number, role: number, rack: number, position: string | null) =>
    add("dcim.device", pk, { name, device_type: type, role, site: 1, location: 1, rack, position, face: "front", status: "active" });
  dev(1, "leaf1", 1, 1, 1, "40.0");
  dev(2, "leaf2", 1, 1, 2, opts.changed ? "41.0" : "40.0");
  dev(3, "PP:R01", 2, 2, 1, "38.0");
  dev(4, "PP:R02", 2, 2, 2, "38.0");
  dev(5, "pdu1", 3, 3, 1, null);
  if (opts.changed) dev(6, "leaf3", 1, 1, 1, "30.0");
  add("dcim.device", 7, { name: "far", device_type: 1, role: 1, site: 2, location: null, rack: null, position: null, face: "", status: "active" });

  let port = 0;
  const iface = (device: number, name: string, type: string) => (add("dcim.interface", ++port, { device, module: null, name, type }), port);
  const eth: Record<string, number> = {};
  for (const d of opts.changed ? [1, 2, 6] : [1, 2]) for (let i = 1; i <= 4; i++) eth[`${d}:${i}`] = iface(d, `Ethernet${i}`, "10gbase-x-sfpp");
  for (const d of opts.changed ? [1, 2, 6] : [1, 2]) iface(d, "mgmt0", "1000base-t");
  iface(7, "Ethernet1", "10gbase-x-sfpp");
  add("dcim.modulebay", 1, { device: 3, name: "Slot 1", position: "1" });
  add("dcim.modulebay", 2, { device: 3, name: "Slot 2", position: "2" });
  add("dcim.modulebay", 3, { device: 4, name: "Slot 1", position: "1" });
  add("dcim.modulebay", 4, { device: 4, name: "Slot 2", position: "2" });
  add("dcim.module", 1, { device: 3, module_bay: 1, module_type: 1, status: "active" });
  add("dcim.module", 2, { device: 4, module_bay: 3, module_type: 1, status: "active" });
  const rear: Record<number, number> = {};
  const front: Record<string, number> = {};
  for (const [m, d] of [
    [1, 3],
    [2, 4],
  ] as const) {
    rear[m] = 100 + m;
    add("dcim.rearport", rear[m], { device: d, module: m, name: "1/R", type: "mpo", positions: 6 });
    for (let i = 1; i <= 6; i++) {
      front[`${m}:${i}`] = 200 + m * 10 + i;
      add("dcim.frontport", front[`${m}:${i}`]!, { device: d, module: m, name: `1/${i}`, type: "lc", rear_port: rear[m], rear_port_position: i });
    }
  }
  add("dcim.powerport", 1, { device: 1, name: "PSU1", type: "iec-60320-c14" });
  add("dcim.poweroutlet", 1, { device: 5, name: "1", type: "iec-60320-c13" });

  let term = 0;
  const cable = (pk: number, label: string, type: string, length: number | null, a: [string, number], b: [string, number]) => {
    add("dcim.cable", pk, { type, status: "connected", label, color: type.startsWith("mmf") ? "00ffff" : "", length, length_unit: length === null ? "" : "m" });
    add("dcim.cabletermination", ++term, { cable: pk, cable_end: "A", termination_type: a[0].split("."), termination_id: a[1], _device: null, _site: 1 });
    add("dcim.cabletermination", ++term, { cable: pk, cable_end: "B", termination_type: b[0].split("."), termination_id: b[1], _device: null, _site: 1 });
  };
  cable(1, "P-101", "mmf-om4", 2, ["dcim.interface", eth["1:1"]!], ["dcim.frontport", front["1:1"]!]);
  cable(2, "T-1", "mmf-om4", opts.changed ? 35 : 30, ["dcim.rearport", rear[1]!], ["dcim.rearport", rear[2]!]);
  cable(3, "", "mmf-om4", opts.lengthless ? null : 3, ["dcim.interface", eth["2:1"]!], ["dcim.frontport", front[opts.changed ? "2:2" : "2:1"]!]);
  cable(4, "PWR-1", "power", 1, ["dcim.powerport", 1], ["dcim.poweroutlet", 1]);
  if (opts.doubled) cable(6, "P-102", "mmf-om4", 2, ["dcim.interface", eth["1:2"]!], ["dcim.frontport", front["1:1"]!]);
  if (opts.changed) cable(5, "P-301", "mmf-om4", 2, ["dcim.interface", eth["6:1"]!], ["dcim.frontport", front["1:2"]!]);
  return r;
}

const nested = (id: number | null | undefined, extra: Record<string, unknown> = {}) => (id === null || id === undefined ? null : { id, url: `/api/x/${id}/`, display: String(id), ...extra });
const choice = (v: unknown) => (v === "" || v === null || v === undefined ? null : { value: v, label: String(v) });

/** The same site as the REST API's objects: list endpoint → results, and `/api/dcim/<kind>s/<id>/` → type. */
export function fiberSiteApi(opts: FiberSiteOptions = {}): Map<string, Record<string, unknown>[]> {
  const recs = fiberSiteDump(opts);
  const all = (m: string) => recs.filter((x) => x.model === m);
  const manufacturer = (id: unknown) => ({ id, name: all("dcim.manufacturer").find((m) => m.pk === id)?.fields.name, slug: "acme" });
  const role = (id: unknown) => ({ id, name: "r", slug: all("dcim.devicerole").find((m) => m.pk === id)?.fields.slug });
  const site = (id: unknown) => nested(id as number, { slug: id === 1 ? "lab-1" : "elsewhere" });
  const out = new Map<string, Record<string, unknown>[]>();
  out.set("/api/dcim/sites/", all("dcim.site").map((s) => ({ id: s.pk, ...s.fields })));
  out.set("/api/dcim/locations/", all("dcim.location").map((l) => ({ id: l.pk, name: l.fields.name, slug: l.fields.slug, site: site(l.fields.site) })));
  out.set("/api/dcim/racks/", all("dcim.rack").map((x) => ({ id: x.pk, name: x.fields.name, site: site(x.fields.site), location: nested(x.fields.location as number), u_height: x.fields.u_height })));
  out.set(
    "/api/dcim/devices/",
    all("dcim.device").map((d) => ({
      id: d.pk,
      name: d.fields.name,
      device_type: nested(d.fields.device_type as number),
      role: role(d.fields.role),
      site: site(d.fields.site),
      location: nested(d.fields.location as number),
      rack: nested(d.fields.rack as number),
      position: d.fields.position === null ? null : Number(d.fields.position),
      face: choice(d.fields.face),
    })),
  );
  const devOf = (id: unknown) => nested(id as number);
  out.set("/api/dcim/module-bays/", all("dcim.modulebay").map((b) => ({ id: b.pk, device: devOf(b.fields.device), name: b.fields.name, position: b.fields.position })));
  out.set("/api/dcim/modules/", all("dcim.module").map((m) => ({ id: m.pk, device: devOf(m.fields.device), module_bay: nested(m.fields.module_bay as number), module_type: nested(m.fields.module_type as number) })));
  for (const [model, path] of [
    ["dcim.interface", "/api/dcim/interfaces/"],
    ["dcim.frontport", "/api/dcim/front-ports/"],
    ["dcim.rearport", "/api/dcim/rear-ports/"],
  ] as const)
    out.set(path, all(model).map((p) => ({ id: p.pk, device: devOf(p.fields.device), module: nested(p.fields.module as number), name: p.fields.name, type: choice(p.fields.type), positions: p.fields.positions })));
  const terms = all("dcim.cabletermination");
  out.set(
    "/api/dcim/cables/",
    all("dcim.cable").map((c) => {
      const end = (e: string) => terms.filter((t) => t.fields.cable === c.pk && t.fields.cable_end === e).map((t) => ({ object_type: (t.fields.termination_type as string[]).join("."), object_id: t.fields.termination_id, object: {} }));
      return { id: c.pk, type: c.fields.type, status: choice(c.fields.status), label: c.fields.label, color: c.fields.color, length: c.fields.length, length_unit: choice(c.fields.length_unit), a_terminations: end("A"), b_terminations: end("B") };
    }),
  );
  out.set("/api/dcim/device-types/", all("dcim.devicetype").map((t) => ({ id: t.pk, ...t.fields, manufacturer: manufacturer(t.fields.manufacturer), u_height: Number(t.fields.u_height) })));
  out.set("/api/dcim/module-types/", all("dcim.moduletype").map((t) => ({ id: t.pk, ...t.fields, manufacturer: manufacturer(t.fields.manufacturer) })));
  const owner = (f: Record<string, unknown>) => ({ device_type: nested(f.device_type as number), module_type: nested(f.module_type as number) });
  out.set("/api/dcim/interface-templates/", all("dcim.interfacetemplate").map((t) => ({ id: t.pk, ...owner(t.fields), name: t.fields.name, type: choice(t.fields.type) })));
  out.set("/api/dcim/rear-port-templates/", all("dcim.rearporttemplate").map((t) => ({ id: t.pk, ...owner(t.fields), name: t.fields.name, type: choice(t.fields.type), positions: t.fields.positions })));
  const rearName = (id: unknown) => all("dcim.rearporttemplate").find((x) => x.pk === id)?.fields.name;
  out.set(
    "/api/dcim/front-port-templates/",
    all("dcim.frontporttemplate").map((t) => ({ id: t.pk, ...owner(t.fields), name: t.fields.name, type: choice(t.fields.type), rear_port: { id: t.fields.rear_port, name: rearName(t.fields.rear_port) }, rear_port_position: t.fields.rear_port_position })),
  );
  out.set("/api/dcim/module-bay-templates/", all("dcim.modulebaytemplate").map((t) => ({ id: t.pk, ...owner(t.fields), name: t.fields.name, position: t.fields.position })));
  return out;
}
