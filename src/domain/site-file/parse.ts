/**
 * Parses a site file (YAML, or JSON, which is YAML too) into a site model. Every error names the
 * line, the column and the field path (`cables[3].ends.a1`), from YAML syntax through the schema
 * to the references.
 *
 * Parsing: js-yaml, which reads a 50 MB campus file in seconds where the `yaml` package's document
 * model took minutes and gigabytes (measured in bench/imports-scale.bench.ts); a file that starts
 * with `{` is tried with JSON.parse first, faster still. Where a field is in the file is only
 * worked out when there is an error: the file is read again with a listener that notes where each
 * mapping and sequence starts and ends.
 */
import jsyaml from "js-yaml";
import { z } from "zod";
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
import { pieceStream } from "./pieces";
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

class TooManyAliases extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    why = `more than ${MAX_ALIASES} alias references: a site file may repeat at most ${MAX_ALIASES} anchors`,
  ) {
    super(`${why}; write the values out instead`);
  }
}

/**
 * js-yaml with the YAML 1.2 core schema, counting alias references: an alias gives the anchored
 * mapping or list itself, so a value met a second time is one. Aliases can make a small file
 * expand into a huge one; past MAX_ALIASES (over all the pieces of a file) the file is refused at
 * the line of the one too many.
 */
function loadYaml(text: string, aliases: { n: number; lineOffset?: number }): unknown {
  const opens: number[] = [];
  const counted = new Set<number>();
  const before = aliases.n;
  const data: unknown = jsyaml.load(text, {
    schema: jsyaml.CORE_SCHEMA,
    listener(event, state) {
      if (event === "open") {
        opens.push(state.position);
        return;
      }
      // A node written as an alias starts with `*` (after blanks).
      let i = opens.pop() ?? 0;
      while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
      if (text[i] !== "*" || counted.has(i)) return; // an entry and its node both start there
      counted.add(i);
      if (++aliases.n > MAX_ALIASES) {
        const lineStart = text.lastIndexOf("\n", i) + 1;
        let line = 1;
        for (let k = text.indexOf("\n"); k >= 0 && k < i; k = text.indexOf("\n", k + 1)) line++;
        const name = /^\*[^\s,\]}]+/.exec(text.slice(i, i + 200))?.[0] ?? "*";
        throw new TooManyAliases(line + (aliases.lineOffset ?? 0), i - lineStart + 1, `more than ${MAX_ALIASES} alias references (${name}): a site file may repeat at most ${MAX_ALIASES} anchors`);
      }
    },
  });
  // Aliases of aliases multiply: what the file stands for, counted once per shared value.
  if (aliases.n > before && expandedSize(data, new Map()) > MAX_EXPANDED_NODES + text.length) throw new TooManyAliases(1, 1, "the file's aliases expand to too much");
  return data;
}

/** Values a file may stand for once its aliases are written out (a real campus file is far below). */
const MAX_EXPANDED_NODES = 5_000_000;

function expandedSize(v: unknown, memo: Map<object, number>): number {
  if (v === null || typeof v !== "object") return 1;
  const known = memo.get(v);
  if (known !== undefined) return known;
  memo.set(v, 1);
  let n = 1;
  for (const child of Array.isArray(v) ? v : Object.values(v)) {
    n += expandedSize(child, memo);
    if (n > 1e12) break;
  }
  memo.set(v, n);
  return n;
}

/** Where each mapping and sequence of the file starts and ends (offsets), for error positions. */
interface Spans {
  readonly data: unknown;
  readonly span: WeakMap<object, readonly [number, number]>;
}

/** Reads the file again, noting the span of every mapping and sequence (only done for an invalid file). */
function spansOf(text: string): Spans | undefined {
  const span = new WeakMap<object, readonly [number, number]>();
  const open: number[] = [];
  try {
    const data = jsyaml.load(text, {
      schema: jsyaml.CORE_SCHEMA,
      listener(event, state) {
        if (event === "open") open.push(state.position);
        else {
          const start = open.pop() ?? 0;
          const result: unknown = state.result;
          if (result !== null && typeof result === "object") span.set(result, [start, state.position]);
        }
      },
    });
    return { data, span };
  } catch {
    return undefined;
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

class Errors {
  readonly list: SiteFileError[] = [];
  private spans: Spans | undefined | null = null;
  private lineStarts: number[] | undefined;
  constructor(private readonly text: string) {}

  /** Line and column (1-based) of an offset. */
  private lineCol(offset: number): { line: number; col: number } {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = this.text.indexOf("\n"); i >= 0; i = this.text.indexOf("\n", i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo]! + 1 };
  }

  /** The first non-blank offset at or after `at`. */
  private skipBlank(at: number): number {
    const m = /[^\s]/g;
    m.lastIndex = at;
    return m.exec(this.text)?.index ?? at;
  }

  /**
   * Where `key` is written in the mapping `obj` (its own keys, not those of nested mappings), and
   * where its value starts.
   */
  private keyIn(obj: Record<string, unknown>, key: string, spans: Spans): { key: number; value: number } | undefined {
    const [start, end] = spans.span.get(obj) ?? [0, 0];
    const inner: (readonly [number, number])[] = [];
    for (const v of Object.values(obj)) {
      const s = v !== null && typeof v === "object" ? spans.span.get(v) : undefined;
      if (s) inner.push(s);
    }
    const re = new RegExp(`(^|[\\s{,])(["']?)${escapeRe(key)}\\2[ \\t]*:`, "gm");
    re.lastIndex = start;
    for (let m = re.exec(this.text); m && m.index < end; m = re.exec(this.text)) {
      const at = m.index + m[1]!.length;
      if (inner.some(([s, e]) => at >= s && at < e)) continue;
      return { key: at, value: this.skipBlank(m.index + m[0].length) };
    }
    return undefined;
  }

  /** Where a path is in the file: the node itself, or its nearest existing parent. */
  locate(path: readonly PathPart[], key?: string): { line: number; col: number } {
    if (this.spans === null) this.spans = spansOf(this.text);
    const spans = this.spans;
    if (!spans) return { line: 1, col: 1 };
    const full = key !== undefined ? [...path, key] : path;
    // The deepest mapping or sequence on the path, and what of the path is left below it.
    let node: unknown = spans.data;
    let depth = 0;
    for (; depth < full.length; depth++) {
      const next = node !== null && typeof node === "object" ? (node as Record<PathPart, unknown>)[full[depth]!] : undefined;
      if (next === null || typeof next !== "object") break;
      node = next;
    }
    if (node === null || typeof node !== "object") return { line: 1, col: 1 };
    const s = spans.span.get(node);
    const here = s ? this.skipBlank(s[0]) : 0;
    const rest = full[depth];
    if (typeof rest === "string" && !Array.isArray(node)) {
      const found = this.keyIn(node as Record<string, unknown>, rest, spans);
      // An unknown key is shown at the key, a wrong value at the value.
      if (found) return this.lineCol(key !== undefined && depth === full.length - 1 ? found.key : found.value);
    }
    return this.lineCol(here);
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

/** The file's data: JSON.parse for a JSON file, else js-yaml (YAML 1.2 core schema, no repeated keys). */
function readData(text: string): { ok: true; data: unknown } | { ok: false; error: SiteFileError } {
  const aliases = { n: 0 };
  if (/^\s*\{/.test(text)) {
    try {
      return { ok: true, data: JSON.parse(text) as unknown };
    } catch {
      // Not plain JSON: read as YAML, which says where the mistake is.
    }
  }
  try {
    return { ok: true, data: loadYaml(text, aliases) };
  } catch (e) {
    if (e instanceof TooManyAliases) return { ok: false, error: { line: e.line, column: e.column, path: "(yaml)", message: e.message } };
    if (!(e instanceof jsyaml.YAMLException)) throw e;
    const mark = e.mark as { line?: number; column?: number } | undefined;
    return { ok: false, error: { line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1, path: "(yaml)", message: e.reason || e.message.split("\n")[0]! } };
  }
}

/** The lists of the file, validated a slice at a time. */
const LIST_KEYS = ["rooms", "racks", "devices", "cables", "types"] as const;
type ListKey = (typeof LIST_KEYS)[number];
const VALIDATE_STEP = 5000;

/** The file's data, a piece at a time when it is large (see pieces.ts); yields the items read. */
function* readInPieces(text: string): Generator<number, ReturnType<typeof readData>> {
  const data: Record<string, unknown> = {};
  const aliases = { n: 0 };
  // Each piece is read as the scan finds it: the scan of a campus file is spread over the pieces.
  for (const piece of pieceStream(text)) {
    if (piece.kind === "file") return readData(text);
    let value: unknown;
    try {
      value = loadYaml(piece.text, aliases);
    } catch {
      // A piece that does not parse alone: the whole file says what is wrong, and where.
      return readData(text);
    }
    if (piece.kind === "items") {
      if (!Array.isArray(value)) return readData(text);
      const list = (data[piece.key!] ??= []) as unknown[];
      for (const v of value) list.push(v);
      yield piece.items;
    } else if (value !== null && typeof value === "object" && !Array.isArray(value)) Object.assign(data, value);
    else return readData(text);
  }
  return { ok: true, data };
}

/** Checks the data against the format, the long lists a slice at a time; yields items checked. */
function* validate(raw: { data: unknown }, errors: Errors): Generator<number, SiteFileParsed | undefined> {
  const data = raw.data;
  const issues: { issue: z.core.$ZodIssue; path: PathPart[] }[] = [];
  const note = (list: readonly z.core.$ZodIssue[], prefix: PathPart[] = [], offset = 0) => {
    for (const issue of list) {
      const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
      if (prefix.length && typeof path[0] === "number") path[0] += offset;
      issues.push({ issue, path: [...prefix, ...path] });
    }
  };
  const lists = new Map<ListKey, unknown[]>();
  let top = data;
  if (data !== null && typeof data === "object" && !Array.isArray(data)) {
    const rest: Record<string, unknown> = { ...(data as Record<string, unknown>) };
    for (const k of LIST_KEYS)
      if (Array.isArray(rest[k])) {
        lists.set(k, rest[k]);
        rest[k] = [];
      }
    top = rest;
  }
  const head = siteFileSchema.safeParse(top);
  if (!head.success) note(head.error.issues);
  const out: Partial<Record<ListKey, unknown[]>> = {};
  for (const [k, list] of lists) {
    const schema = z.array(siteFileSchema.shape[k].unwrap().element as z.ZodType);
    const parsed: unknown[] = [];
    const step = k === "devices" ? VALIDATE_STEP / 10 : VALIDATE_STEP;
    for (let i = 0; i < list.length; i += step) {
      const r = schema.safeParse(list.slice(i, i + step));
      if (r.success) for (const v of r.data as unknown[]) parsed.push(v);
      else note(r.error.issues, [k], i);
      yield Math.min(step, list.length - i);
    }
    out[k] = parsed;
  }
  if (issues.length === 0 && head.success) {
    // Checked: the model is built from the checked copy, so the file's raw data is let go here
    // rather than held through the build beside it (a campus's lists twice over).
    raw.data = undefined;
    return { ...head.data, ...out } as SiteFileParsed;
  }
  for (const { issue, path } of issues) {
    if (issue.code === "unrecognized_keys") for (const key of issue.keys) errors.add(path, `unknown field "${key}"`, key);
    else errors.add(path, zodMessage(issue, data, path));
  }
  return undefined;
}

/** Parsing as steps: each yield is a count of items done (read, checked, built: three per item). */
function* parseSteps(text: string): Generator<number, SiteFileResult> {
  const read = yield* readInPieces(text);
  if (!read.ok) return { ok: false, errors: [read.error] };
  const errors = new Errors(text);
  const raw: { data: unknown } = { data: read.data };
  (read as { data?: unknown }).data = undefined;
  const file = yield* validate(raw, errors);
  if (!file) return { ok: false, errors: sortErrors(errors.list) };
  const model = yield* build(file, errors);
  return errors.list.length ? { ok: false, errors: sortErrors(errors.list) } : { ok: true, model };
}

/** Parses a site file. */
export function parseSiteFile(text: string): SiteFileResult {
  const steps = parseSteps(text);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** About how many list items (rooms, racks, devices, cables, types) a site file has, for progress. */
function roughItems(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return Math.max(1, n);
}

/**
 * Parses a site file a step at a time: `pause` lets other work run between steps (a large file
 * takes seconds), `onProgress` hears how far it is (done of total, in item steps).
 */
export async function parseSiteFileInSteps(text: string, pause: () => Promise<void>, onProgress: (done: number, total: number) => void = () => undefined): Promise<SiteFileResult> {
  const total = 3 * roughItems(text);
  let done = 0;
  const steps = parseSteps(text);
  for (;;) {
    const step = steps.next();
    if (step.done) {
      onProgress(total, total);
      return step.value;
    }
    done = Math.min(total, done + step.value);
    onProgress(done, total);
    await pause();
  }
}

const sortErrors = (es: SiteFileError[]) => [...es].sort((a, b) => a.line - b.line || a.column - b.column);

/** Items built between two pauses. */
const BUILD_STEP = 2000;

/**
 * Runs `each` over the list, yielding the count done after every `step` items. Each item is let go
 * once built (its slot emptied): the checked file's items are not needed after, and a campus's
 * cables would otherwise be held through the whole build beside the model made from them.
 */
function* stepped<T>(list: readonly T[], each: (item: T, i: number) => void, step = BUILD_STEP): Generator<number, void> {
  const slots = list as (T | undefined)[];
  for (let s = 0; s < list.length; s += step) {
    const end = Math.min(list.length, s + step);
    for (let i = s; i < end; i++) {
      each(slots[i]!, i);
      slots[i] = undefined;
    }
    yield end - s;
  }
}

function* build(file: SiteFileParsed, errors: Errors): Generator<number, SiteModel> {
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

  // A device makes dozens of ports: fewer of them a step.
  yield* stepped(file.devices ?? [], (d, i) => {
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
  }, BUILD_STEP / 10);

  const cables: Cable[] = [];
  const plugs: CablePlug[] = [];
  const cableIds = new Set<string>();
  const taken = new Map<string, string>();
  yield* stepped(file.cables ?? [], (c, i) => {
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
