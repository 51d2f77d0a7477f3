/**
 * Parses a site file (YAML) into a site model. Every error names the line, the column and the
 * field path (`cables[3].ends.a1`), from YAML syntax through the schema to the references.
 */
import { LineCounter, isMap, isNode, parseDocument, visit, type Document } from "yaml";
import type { z } from "zod";
import { createCatalog } from "../catalog";
import type { ComponentType } from "../components";
import { DEFAULT_CONVENTIONS } from "../loss";
import { expandNameRange } from "../name-range";
import { moduleIdOf, modulePortName, parseEndpoint } from "../site-builder";
import {
  innerSide,
  portIdOf,
  type Cable,
  type CablePlug,
  type Device,
  type Module,
  type Port,
  type Rack,
  type Room,
  type SiteModel,
  type Transceiver,
} from "../site-model";
import { validateComponentType } from "../validate-type";
import { siteFileSchema, type SiteFileParsed } from "./schema";

export type PathPart = string | number;

export interface SiteFileError {
  readonly line: number;
  readonly column: number;
  /** Field path, e.g. `cables[3].ends.a1`. */
  readonly path: string;
  readonly message: string;
}

export type SiteFileResult =
  | { readonly ok: true; readonly model: SiteModel }
  | { readonly ok: false; readonly errors: readonly SiteFileError[] };

export function formatPath(path: readonly PathPart[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out || "(file)";
}

/** `fibers[3].b.position` → ["fibers", 3, "b", "position"]. */
export function parsePath(s: string): PathPart[] {
  const out: PathPart[] = [];
  for (const m of s.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** "Ethernet1/1..4" → Ethernet1/1 … Ethernet1/4; "01..12" keeps the width. Plain names stay. */
export function expandName(name: string): string[] | undefined {
  if (!NUMBER_RANGE.test(name)) return [name]; // "M1..M4" is one name in a site file
  const range = expandNameRange(name, MAX_SITE_FILE_RANGE);
  return range.ok ? range.names : undefined;
}

const NUMBER_RANGE = /\d\.\.\d+$/;

/** Why a name range cannot be read, for the refusal. */
export function nameRangeProblem(name: string): string {
  const range = expandNameRange(name, MAX_SITE_FILE_RANGE);
  return range.ok ? "" : range.reason;
}

export const MAX_SITE_FILE_RANGE = 1024;
/** Alias references (`*name`) a site file may hold. */
export const MAX_ALIASES = 100;

class Errors {
  readonly list: SiteFileError[] = [];
  constructor(
    private readonly doc: Document,
    private readonly lc: LineCounter,
  ) {}

  /** Where a path is in the file: the node itself, or its nearest existing parent. */
  locate(path: readonly PathPart[], key?: string): { line: number; col: number } {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      if (!isNode(node) || !node.range) continue;
      if (key !== undefined && n === path.length && isMap(node)) {
        const pair = node.items.find((it) => isNode(it.key) && (it.key as { value?: unknown }).value === key);
        const k = pair?.key;
        if (isNode(k) && k.range) return this.lc.linePos(k.range[0]);
      }
      return this.lc.linePos(node.range[0]);
    }
    return { line: 1, col: 1 };
  }

  add(path: readonly PathPart[], message: string, key?: string): void {
    const { line, col } = this.locate(path, key);
    this.list.push({ line, column: col, path: formatPath(key !== undefined ? [...path, key] : path), message });
  }
}

function valueAt(data: unknown, path: readonly PathPart[]): unknown {
  let v = data;
  for (const p of path) v = v !== null && typeof v === "object" ? (v as Record<PathPart, unknown>)[p] : undefined;
  return v;
}

function zodMessage(issue: z.core.$ZodIssue, data: unknown, path: readonly PathPart[]): string {
  if (issue.code === "unrecognized_keys") return `unknown field "${issue.keys.join('", "')}"`;
  if (valueAt(data, path) === undefined) return "is required";
  if (issue.code === "invalid_value") return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  if (issue.code === "invalid_union") return issue.message;
  return issue.message.replace(/^Invalid input: /, "");
}

/** Parses a site file. */
export function parseSiteFile(text: string): SiteFileResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const errors = new Errors(doc, lc);
  for (const e of doc.errors) {
    const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
    errors.list.push({ line: pos.line, column: pos.col, path: "(yaml)", message: e.message.split("\n")[0]! });
  }
  if (errors.list.length) return { ok: false, errors: errors.list };

  // Aliases can expand a small file into a huge one: at most MAX_ALIASES references, each refused at its line.
  let aliases = 0;
  visit(doc, {
    Alias(_key, node) {
      aliases++;
      if (aliases === MAX_ALIASES + 1) {
        const pos = node.range ? lc.linePos(node.range[0]) : { line: 1, col: 1 };
        errors.list.push({ line: pos.line, column: pos.col, path: "(yaml)", message: `more than ${MAX_ALIASES} alias references (*${node.source}): a site file may repeat at most ${MAX_ALIASES} anchors; write the values out instead` });
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (errors.list.length) return { ok: false, errors: errors.list };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    // An alias that expands to too much even below the count (an alias of aliases).
    return { ok: false, errors: [{ line: 1, column: 1, path: "(yaml)", message: `the file's aliases expand to too much: ${(err as Error).message.split("\n")[0]}` }] };
  }
  const parsed = siteFileSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
      if (issue.code === "unrecognized_keys") for (const k of issue.keys) errors.add(path, `unknown field "${k}"`, k);
      else errors.add(path, zodMessage(issue, data, path));
    }
    return { ok: false, errors: sortErrors(errors.list) };
  }
  const model = build(parsed.data, errors);
  return errors.list.length ? { ok: false, errors: sortErrors(errors.list) } : { ok: true, model };
}

const sortErrors = (es: SiteFileError[]) => [...es].sort((a, b) => a.line - b.line || a.column - b.column);

function build(file: SiteFileParsed, errors: Errors): SiteModel {
  // User-defined types first: everything else may refer to them.
  const types: ComponentType[] = [];
  (file.types ?? []).forEach((t, i) => {
    const type = t as ComponentType;
    for (const e of validateComponentType(type)) errors.add(["types", i, ...parsePath(e.field)], e.message);
    types.push(type);
  });
  const catalog = createCatalog(types);

  const rooms: Room[] = [];
  const roomIds = new Set<string>();
  (file.rooms ?? []).forEach((r, i) => {
    if (roomIds.has(r.id)) errors.add(["rooms", i, "id"], `room ${r.id} is defined twice`);
    roomIds.add(r.id);
    rooms.push({ id: r.id, name: r.name ?? r.id });
  });

  const racks: Rack[] = [];
  const rackIds = new Set<string>();
  const rackNames = new Map<string, string>();
  (file.racks ?? []).forEach((r, i) => {
    if (rackIds.has(r.id)) errors.add(["racks", i, "id"], `rack ${r.id} is defined twice`);
    else {
      const name = r.name ?? r.id;
      const key = `${r.room}\u0000${name.toLowerCase()}`;
      const same = rackNames.get(key);
      if (same !== undefined) errors.add(["racks", i, r.name !== undefined ? "name" : "id"], `rack name ${name} differs from ${same} in room ${r.room} only in case: rack names must differ in more than case`);
      else rackNames.set(key, name);
    }
    rackIds.add(r.id);
    if (!roomIds.has(r.room)) errors.add(["racks", i, "room"], `room ${r.room} is not defined`);
    racks.push({ id: r.id, roomId: r.room, name: r.name ?? r.id, ...(r.units !== undefined ? { units: r.units } : {}) });
  });

  const devices: Device[] = [];
  const ports: Port[] = [];
  const modules: Module[] = [];
  const transceivers: Transceiver[] = [];
  const deviceIds = new Set<string>();
  /** Stored names are unique ignoring case (as in the database): lower-case name → the device that has it. */
  const deviceNames = new Map<string, string>();
  const portIds = new Set<string>();
  /** Outer side of module ports. */
  const outer = new Map<string, "front" | "rear">();
  const inner = new Map<string, "front" | "rear">();

  (file.devices ?? []).forEach((d, i) => {
    const at = ["devices", i] as PathPart[];
    if (deviceIds.has(d.id)) errors.add([...at, "id"], `device ${d.id} is defined twice`);
    else {
      const name = d.name ?? d.id;
      const same = deviceNames.get(name.toLowerCase());
      if (same !== undefined) errors.add([...at, d.name !== undefined ? "name" : "id"], `device name ${name} differs from ${same} only in case: device names must differ in more than case`);
      else deviceNames.set(name.toLowerCase(), name);
    }
    deviceIds.add(d.id);
    const portNames = new Map<string, string>();
    if (d.rack !== undefined && !rackIds.has(d.rack)) errors.add([...at, "rack"], `rack ${d.rack} is not defined`);
    devices.push({
      id: d.id,
      name: d.name ?? d.id,
      role: d.role,
      ...(d.rack !== undefined ? { rackId: d.rack } : {}),
      ...(d.unit !== undefined ? { unit: d.unit } : {}),
      ...(d.height !== undefined ? { uHeight: d.height } : {}),
      ...(d.face !== undefined ? { face: d.face } : {}),
    });
    const addPort = (name: string, where: PathPart[], make: (id: string) => Port): string | undefined => {
      const pid = portIdOf(d.id, name);
      if (portIds.has(pid)) {
        errors.add(where, `port ${name} is defined twice on ${d.id}`);
        return undefined;
      }
      const same = portNames.get(name.toLowerCase());
      if (same !== undefined) {
        errors.add(where, `port ${name} differs from ${same} on ${d.id} only in case: port names must differ in more than case`);
        return undefined;
      }
      portNames.set(name.toLowerCase(), name);
      portIds.add(pid);
      ports.push(make(pid));
      return pid;
    };
    (d.cages ?? []).forEach((c, j) => {
      const where = [...at, "cages", j, "name"];
      const names = expandName(c.name);
      if (!names) return errors.add(where, `bad port range ${c.name}: ${nameRangeProblem(c.name)}`);
      if (c.transceiver !== undefined && !catalog.transceiver(c.transceiver))
        errors.add([...at, "cages", j, "transceiver"], `unknown transceiver type ${c.transceiver}`);
      for (const name of names) {
        const pid = addPort(name, where, (id) => ({ id, deviceId: d.id, name, kind: "transceiver", ...(c.cage ? { cage: c.cage } : {}) }));
        if (pid && c.transceiver !== undefined) transceivers.push({ id: `${pid}#xcvr`, portId: pid, typeId: c.transceiver });
      }
    });
    (d.adapters ?? []).forEach((a, j) => {
      const where = [...at, "adapters", j, "name"];
      const names = expandName(a.name);
      if (!names) return errors.add(where, `bad port range ${a.name}: ${nameRangeProblem(a.name)}`);
      for (const name of names) addPort(name, where, (id) => ({ id, deviceId: d.id, name, kind: "adapter", family: a.family, key: a.key }));
    });
    const slots = new Set<string>();
    (d.modules ?? []).forEach((m, j) => {
      const where = [...at, "modules", j];
      if (slots.has(m.slot)) errors.add([...where, "slot"], `slot ${m.slot} of ${d.id} holds two modules`);
      slots.add(m.slot);
      const type = catalog.module(m.type);
      if (!type) return errors.add([...where, "type"], `unknown module type ${m.type}`);
      const mid = moduleIdOf(d.id, m.slot);
      modules.push({ id: mid, deviceId: d.id, slot: m.slot, typeId: m.type });
      for (const mp of type.ports) {
        const name = modulePortName(m.slot, mp.name);
        const pid = addPort(name, [...where, "slot"], (id) => ({
          id,
          deviceId: d.id,
          name,
          kind: "adapter",
          family: mp.family,
          key: mp.key,
          moduleId: mid,
          modulePort: mp.name,
        }));
        if (pid) {
          inner.set(pid, innerSide(mp.role));
          outer.set(pid, innerSide(mp.role) === "front" ? "rear" : "front");
        }
      }
    });
  });

  const cables: Cable[] = [];
  const plugs: CablePlug[] = [];
  const cableIds = new Set<string>();
  const taken = new Map<string, string>();
  (file.cables ?? []).forEach((c, i) => {
    const at = ["cables", i] as PathPart[];
    if (cableIds.has(c.id)) errors.add([...at, "id"], `cable ${c.id} is defined twice`);
    cableIds.add(c.id);
    const type = catalog.cable(c.type);
    if (!type) errors.add([...at, "type"], `unknown cable type ${c.type}`);
    cables.push({
      id: c.id,
      typeId: c.type,
      lengthM: c.length,
      ...(c.label !== undefined ? { label: c.label } : {}),
      ...(c.splices !== undefined ? { splices: c.splices } : {}),
    });
    for (const [connector, where] of Object.entries(c.ends)) {
      const path = [...at, "ends", connector];
      if (type && !type.connectors.some((k) => k.id === connector)) {
        errors.add(path, `cable type ${c.type} has no connector ${connector} (it has ${type.connectors.map((k) => k.id).join(", ")})`);
        continue;
      }
      const { portId, side } = parseEndpoint(where);
      const deviceId = portId.slice(0, portId.indexOf(":"));
      if (!deviceIds.has(deviceId)) {
        errors.add(path, `device ${deviceId} is not defined`);
        continue;
      }
      if (!portIds.has(portId)) {
        errors.add(path, `${deviceId} has no port ${portId.slice(deviceId.length + 1)}`);
        continue;
      }
      const s = side ?? outer.get(portId) ?? "front";
      if (inner.get(portId) === s) {
        errors.add(path, `the ${s} of ${portId} is inside its module; plug into the ${outer.get(portId)}`);
        continue;
      }
      const slot = `${portId}@${s}`;
      const other = taken.get(slot);
      if (other !== undefined) {
        errors.add(path, `the ${s} of ${portId} already holds ${other}`);
        continue;
      }
      taken.set(slot, `${c.id} ${connector}`);
      plugs.push({ cableId: c.id, connector, portId, side: s });
    }
  });

  return {
    site: {
      id: file.site.id,
      name: file.site.name ?? file.site.id,
      conventions: file.site.conventions ?? DEFAULT_CONVENTIONS,
    },
    rooms,
    racks,
    devices,
    modules,
    ports,
    transceivers,
    cables,
    plugs,
    componentTypes: types,
  };
}
