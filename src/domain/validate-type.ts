/**
 * Validation of component types (built-in or user-defined): a map is a bijection between
 * existing positions of existing connectors, and a type in use cannot change its map.
 * Errors name the field with a path such as `fibers[3].b.position`.
 */
import { getApplication } from "./applications";
import { getBuiltInType } from "./catalog";
import type { CableType, ComponentType, ModuleType, TransceiverType } from "./components";
import { CABLE_KINDS, LANE_ROLES } from "./components";
import {
  BOOTS,
  GUIDE_PINS,
  PIN_CLAMPS,
  CONNECTOR_BRANDS,
  CONNECTOR_GRADES,
  FAMILIES,
  GENDERS,
  POLISHES,
  isConnectorFamily,
  type ConnectorFamily,
  type ConnectorSpec,
} from "./connectors";
import { isFiberGrade } from "./fiber";
import { ADAPTER_KEYS, type Fiber } from "./position-maps";
import { SPLIT_KINDS, WDM_KINDS, WDM_KIND_SPECS } from "./wdm";

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

const SLUG_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function checkConnector(c: ConnectorSpec, field: string, errors: FieldError[]): void {
  if (!isConnectorFamily(c.family)) {
    errors.push({ field: `${field}.family`, message: `unknown connector family "${String(c.family)}"` });
    return;
  }
  const spec = FAMILIES[c.family];
  if (spec.gendered && c.gender === undefined)
    errors.push({ field: `${field}.gender`, message: `an ${c.family} connector needs a gender (male = pinned, female = unpinned)` });
  if (!spec.gendered && c.gender !== undefined)
    errors.push({ field: `${field}.gender`, message: `${c.family} connectors have no gender` });
  if (c.gender !== undefined && !(GENDERS as readonly string[]).includes(c.gender))
    errors.push({ field: `${field}.gender`, message: `gender must be male or female` });
  if (!(POLISHES as readonly string[]).includes(c.polish))
    errors.push({ field: `${field}.polish`, message: `polish must be PC, UPC or APC` });
  if (c.brand !== undefined && !(CONNECTOR_BRANDS as readonly string[]).includes(c.brand))
    errors.push({ field: `${field}.brand`, message: `brand must be MPO or MTP` });
  if (c.brand === "MTP" && !spec.array)
    errors.push({ field: `${field}.brand`, message: `MTP is an MPO brand; a ${c.family} connector cannot be MTP` });
  if (c.grade !== undefined && !(CONNECTOR_GRADES as readonly string[]).includes(c.grade))
    errors.push({ field: `${field}.grade`, message: `grade must be standard or low-loss` });
  const m = c.mechanics;
  if (m !== undefined) {
    if (!spec.array) errors.push({ field: `${field}.mechanics`, message: `mechanical features are recorded on MPO connectors only` });
    if (m.guidePins !== undefined && !(GUIDE_PINS as readonly string[]).includes(m.guidePins))
      errors.push({ field: `${field}.mechanics.guidePins`, message: `guide pins must be ${GUIDE_PINS.join(" or ")}` });
    if (m.pinClamp !== undefined && !(PIN_CLAMPS as readonly string[]).includes(m.pinClamp))
      errors.push({ field: `${field}.mechanics.pinClamp`, message: `pin clamp must be ${PIN_CLAMPS.join(" or ")}` });
    if (m.boot !== undefined && !(BOOTS as readonly string[]).includes(m.boot))
      errors.push({ field: `${field}.mechanics.boot`, message: `boot must be one of ${BOOTS.join(", ")}` });
  }
}

/**
 * Checks a fiber map: each end names an existing connector on the right side and a position that
 * carries a fiber on that connector's family, and no end is used twice.
 */
function checkFibers(
  fibers: readonly Fiber[],
  aSide: ReadonlyMap<string, ConnectorSpec>,
  bSide: ReadonlyMap<string, ConnectorSpec>,
  aWord: string,
  bWord: string,
  errors: FieldError[],
  sharedA = false,
): void {
  if (!Array.isArray(fibers) || fibers.length === 0) {
    errors.push({ field: "fibers", message: "the map needs at least one fiber" });
    return;
  }
  const seen = new Map<string, number>();
  fibers.forEach((f, i) => {
    for (const [which, side, word] of [
      ["a", aSide, aWord],
      ["b", bSide, bWord],
    ] as const) {
      const end = f[which];
      const field = `fibers[${i}].${which}`;
      const c = side.get(end.connector);
      if (!c) {
        errors.push({ field: `${field}.connector`, message: `"${end.connector}" is not a ${word} of this type` });
        continue;
      }
      const spec = isConnectorFamily(c.family) ? FAMILIES[c.family] : undefined;
      if (!spec) continue;
      if (!Number.isInteger(end.position) || !spec.used.includes(end.position)) {
        errors.push({
          field: `${field}.position`,
          message: `position ${end.position} carries no fiber on ${c.family} "${end.connector}" (positions ${spec.used.join(", ")})`,
        });
        continue;
      }
      const key = `${which}:${end.connector}#${end.position}`;
      // A WDM's client fibers share the line's positions.
      if (which === "a" && sharedA) continue;
      const before = seen.get(key);
      if (before !== undefined)
        errors.push({ field: `${field}.position`, message: `${end.connector} position ${end.position} is already mapped by fibers[${before}]` });
      else seen.set(key, i);
    }
  });
}

function validateCable(t: CableType, errors: FieldError[]): void {
  if (!(CABLE_KINDS as readonly string[]).includes(t.cableKind))
    errors.push({ field: "cableKind", message: `cableKind must be one of ${CABLE_KINDS.join(", ")}` });
  if (!isFiberGrade(t.fiber)) errors.push({ field: "fiber", message: `unknown fiber grade "${String(t.fiber)}"` });
  if (!Array.isArray(t.connectors) || t.connectors.length < 2) {
    errors.push({ field: "connectors", message: "a cable needs at least one connector at each end" });
    return;
  }
  const a = new Map<string, ConnectorSpec>();
  const b = new Map<string, ConnectorSpec>();
  t.connectors.forEach((c, i) => {
    const field = `connectors[${i}]`;
    if (typeof c.id !== "string" || c.id === "") errors.push({ field: `${field}.id`, message: "connector id is required" });
    else if (a.has(c.id) || b.has(c.id)) errors.push({ field: `${field}.id`, message: `connector id "${c.id}" is used twice` });
    if (c.end !== "a" && c.end !== "b") errors.push({ field: `${field}.end`, message: `end must be "a" or "b"` });
    checkConnector(c, field, errors);
    if (c.end === "a") a.set(c.id, c);
    if (c.end === "b") b.set(c.id, c);
  });
  if (a.size === 0) errors.push({ field: "connectors", message: "no connector at end a" });
  if (b.size === 0) errors.push({ field: "connectors", message: "no connector at end b" });
  checkFibers(t.fibers, a, b, "connector at end a", "connector at end b", errors);
  if (t.shuffle !== undefined && typeof t.shuffle !== "boolean") errors.push({ field: "shuffle", message: "shuffle must be true or false" });
  checkLossOverride(t, errors);
}

/** A per-type mated-pair loss override must be a plausible figure. */
function checkLossOverride(t: CableType | ModuleType, errors: FieldError[]): void {
  if (t.matedPairLossDb !== undefined && !(t.matedPairLossDb >= 0 && t.matedPairLossDb < 10))
    errors.push({ field: "matedPairLossDb", message: "mated-pair loss must be between 0 and 10 dB" });
}

function validateModule(t: ModuleType, errors: FieldError[]): void {
  if (!isFiberGrade(t.fiber)) errors.push({ field: "fiber", message: `unknown fiber grade "${String(t.fiber)}"` });
  if (!Array.isArray(t.ports) || t.ports.length < 2) {
    errors.push({ field: "ports", message: "a module needs at least one rear and one front port" });
    return;
  }
  const rear = new Map<string, ConnectorSpec>();
  const front = new Map<string, ConnectorSpec>();
  t.ports.forEach((p, i) => {
    const field = `ports[${i}]`;
    if (typeof p.name !== "string" || p.name === "") errors.push({ field: `${field}.name`, message: "port name is required" });
    else if (rear.has(p.name) || front.has(p.name)) errors.push({ field: `${field}.name`, message: `port name "${p.name}" is used twice` });
    if (p.role !== "front" && p.role !== "rear") errors.push({ field: `${field}.role`, message: `role must be "front" or "rear"` });
    if (!(ADAPTER_KEYS as readonly string[]).includes(p.key))
      errors.push({ field: `${field}.key`, message: `key must be A (key-up to key-down) or B (key-up to key-up)` });
    checkConnector(p, field, errors);
    if (p.polish === "APC" && p.key === "B" && isConnectorFamily(p.family) && FAMILIES[p.family as ConnectorFamily].array)
      errors.push({
        field: `${field}.key`,
        message: `an APC ${p.family} cannot sit in a key-up to key-up (Type B) adapter: angled end faces only meet with opposed keys; use a key-up to key-down (Type A) adapter or a UPC plug`,
      });
    if (p.role === "rear") rear.set(p.name, p);
    if (p.role === "front") front.set(p.name, p);
  });
  if (rear.size === 0) errors.push({ field: "ports", message: "no rear port" });
  if (front.size === 0) errors.push({ field: "ports", message: "no front port" });
  checkFibers(t.fibers, rear, front, "rear port", "front port", errors, t.wdm !== undefined);
  checkLossOverride(t, errors);
  checkWdm(t, errors);
  checkSplit(t, errors);
}

const WAVELENGTH_RANGE = [1260, 1675] as const;
const okWavelength = (nm: unknown): boolean => typeof nm === "number" && nm >= WAVELENGTH_RANGE[0] && nm <= WAVELENGTH_RANGE[1];

/**
 * A WDM: a known kind, client ports with a wavelength in the O–U bands, no two clients of one line
 * position passing the same wavelength, and every fiber sharing a line position leading to a client.
 */
function checkWdm(t: ModuleType, errors: FieldError[]): void {
  const ports = Array.isArray(t.ports) ? t.ports : [];
  if (!t.wdm) {
    ports.forEach((p, i) => {
      if (p.wavelengthNm !== undefined) errors.push({ field: `ports[${i}].wavelengthNm`, message: "only a WDM module (with wdm) has ports of a wavelength" });
    });
    return;
  }
  if (t.split) errors.push({ field: "split", message: "a module is a WDM or a splitter, not both" });
  if (!(WDM_KINDS as readonly string[]).includes(t.wdm.kind)) errors.push({ field: "wdm.kind", message: `WDM kind must be ${WDM_KINDS.join(" or ")}` });
  const il = t.wdm.insertionLossDb;
  if (il !== undefined && !(il >= 0 && il <= 20)) errors.push({ field: "wdm.insertionLossDb", message: "insertion loss must be between 0 and 20 dB" });
  const half = WDM_KIND_SPECS[t.wdm.kind]?.halfWidthNm ?? 0;
  ports.forEach((p, i) => {
    if (p.wavelengthNm === undefined) return;
    if (p.role !== "front") errors.push({ field: `ports[${i}].wavelengthNm`, message: "only a client (front) port has a wavelength; the line (rear) port carries them all" });
    if (!okWavelength(p.wavelengthNm))
      errors.push({ field: `ports[${i}].wavelengthNm`, message: `wavelength must be a number of nm between ${WAVELENGTH_RANGE[0]} and ${WAVELENGTH_RANGE[1]}` });
  });
  const band = new Map(ports.map((p) => [p.name, p.wavelengthNm]));
  const byLine = new Map<string, { nm: number; port: string; i: number }[]>();
  (Array.isArray(t.fibers) ? t.fibers : []).forEach((f, i) => {
    const k = `${f.a.connector}#${f.a.position}`;
    const list = byLine.get(k) ?? [];
    list.push({ nm: band.get(f.b.connector) ?? 0, port: f.b.connector, i });
    byLine.set(k, list);
  });
  for (const [k, list] of byLine) {
    if (list.length < 2) continue;
    for (const x of list)
      if (!(x.nm > 0)) errors.push({ field: `fibers[${x.i}].b.connector`, message: `"${x.port}" shares line position ${k} but has no wavelength (wavelengthNm)` });
    for (let a = 0; a < list.length; a++)
      for (let b = a + 1; b < list.length; b++) {
        const x = list[a]!;
        const y = list[b]!;
        if (x.nm > 0 && y.nm > 0 && Math.abs(x.nm - y.nm) <= 2 * half)
          errors.push({ field: `fibers[${y.i}].b.connector`, message: `"${y.port}" (${y.nm} nm) and "${x.port}" (${x.nm} nm) share line position ${k} with overlapping bands` });
      }
  }
}

/** A splitter: a known kind, branches from an end of the map to a free port position, shares below 1. */
function checkSplit(t: ModuleType, errors: FieldError[]): void {
  const s = t.split;
  if (!s) return;
  if (!(SPLIT_KINDS as readonly string[]).includes(s.kind)) errors.push({ field: "split.kind", message: `split kind must be ${SPLIT_KINDS.join(" or ")}` });
  const ex = s.excessLossDb;
  if (ex !== undefined && !(ex >= 0 && ex <= 10)) errors.push({ field: "split.excessLossDb", message: "excess loss must be between 0 and 10 dB" });
  if (!Array.isArray(s.branches) || s.branches.length === 0) {
    errors.push({ field: "split.branches", message: "a splitter needs at least one branch" });
    return;
  }
  const fibers = Array.isArray(t.fibers) ? t.fibers : [];
  const mapped = new Set(fibers.flatMap((f) => [`${f.a.connector}#${f.a.position}`, `${f.b.connector}#${f.b.position}`]));
  const ports = new Map((Array.isArray(t.ports) ? t.ports : []).map((p) => [p.name, p]));
  const taken = new Map<string, number>();
  const outputs = new Set<string>();
  s.branches.forEach((b, i) => {
    const field = `split.branches[${i}]`;
    const from = `${b.from.connector}#${b.from.position}`;
    const to = `${b.to.connector}#${b.to.position}`;
    if (!mapped.has(from)) errors.push({ field: `${field}.from`, message: `${b.from.connector} position ${b.from.position} is no end of a fiber of the map` });
    const port = ports.get(b.to.connector);
    const spec = port && isConnectorFamily(port.family) ? FAMILIES[port.family as ConnectorFamily] : undefined;
    if (!port) errors.push({ field: `${field}.to.connector`, message: `"${b.to.connector}" is not a port of this type` });
    else if (spec && !spec.used.includes(b.to.position))
      errors.push({ field: `${field}.to.position`, message: `position ${b.to.position} carries no fiber on ${port.family} "${b.to.connector}"` });
    else if (mapped.has(to) || outputs.has(to)) errors.push({ field: `${field}.to`, message: `${b.to.connector} position ${b.to.position} already carries a fiber` });
    outputs.add(to);
    if (!(typeof b.share === "number" && b.share > 0 && b.share < 1)) errors.push({ field: `${field}.share`, message: "share must be between 0 and 1 (0.3 for a 70/30 monitor)" });
    taken.set(from, (taken.get(from) ?? 0) + (b.share || 0));
  });
  for (const [from, share] of taken)
    if (share >= 1 - 1e-9) errors.push({ field: "split.branches", message: `the branches from ${from.replace("#", " position ")} take all the light (shares add up to ${share})` });
}

function validateTransceiver(t: TransceiverType, errors: FieldError[]): void {
  const app = getApplication(t.application);
  if (!app) errors.push({ field: "application", message: `unknown application "${t.application}"` });
  else if (app.mode !== t.mode)
    errors.push({ field: "mode", message: `${app.name} runs on ${app.mode === "SM" ? "single-mode" : "multimode"} fiber` });
  if (t.mode !== "MM" && t.mode !== "SM") errors.push({ field: "mode", message: "mode must be MM or SM" });
  if (t.wavelengthNm !== undefined && !okWavelength(t.wavelengthNm))
    errors.push({ field: "wavelengthNm", message: `wavelength must be a number of nm between ${WAVELENGTH_RANGE[0]} and ${WAVELENGTH_RANGE[1]}` });
  const r = t.receptacle;
  if (!r || !isConnectorFamily(r.family)) {
    errors.push({ field: "receptacle.family", message: `unknown connector family "${String(r?.family)}"` });
    return;
  }
  const spec = FAMILIES[r.family];
  if (spec.gendered && r.gender !== "male")
    errors.push({ field: "receptacle.gender", message: "transceiver MPO receptacles are pinned (male)" });
  if (!spec.gendered && r.gender !== undefined)
    errors.push({ field: "receptacle.gender", message: `${r.family} receptacles have no gender` });
  if (r.polish !== null && !(POLISHES as readonly string[]).includes(r.polish))
    errors.push({ field: "receptacle.polish", message: "polish must be PC, UPC, APC or null (vendor specific)" });
  if (!Array.isArray(t.lanes) || t.lanes.length === 0) {
    errors.push({ field: "lanes", message: "a transceiver needs at least one lane" });
    return;
  }
  const positions = new Set<number>();
  const byLane = new Map<number, string[]>();
  t.lanes.forEach((l, i) => {
    const field = `lanes[${i}]`;
    if (!spec.used.includes(l.position))
      errors.push({ field: `${field}.position`, message: `MDI position ${l.position} does not exist on ${r.family}` });
    else if (positions.has(l.position))
      errors.push({ field: `${field}.position`, message: `MDI position ${l.position} is used twice` });
    positions.add(l.position);
    if (!(LANE_ROLES as readonly string[]).includes(l.role))
      errors.push({ field: `${field}.role`, message: "role must be tx, rx or bidi" });
    if (l.role === "bidi" && l.face !== "TR" && l.face !== "RT")
      errors.push({ field: `${field}.face`, message: "a bidirectional lane needs face TR or RT" });
    if (!Number.isInteger(l.lane) || l.lane < 1) errors.push({ field: `${field}.lane`, message: "lane must be a positive integer" });
    const key = l.role === "bidi" ? (l.face ?? "?") : l.role;
    byLane.set(l.lane, [...(byLane.get(l.lane) ?? []), key]);
  });
  for (const [lane, roles] of byLane) {
    const sorted = [...roles].sort().join(",");
    if (sorted !== "rx,tx" && sorted !== "RT,TR")
      errors.push({ field: "lanes", message: `lane ${lane} needs one Tx and one Rx (or one TR and one RT), has ${roles.join(", ")}` });
  }
}

/** 7, 8, 9, 12 → "7-9, 12": positions as a person reads a list of them. */
export const ranges = (ns: readonly number[]): string => {
  const out: string[] = [];
  for (let i = 0; i < ns.length; ) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j]! + 1) j++;
    out.push(j > i ? `${ns[i]}-${ns[j]}` : String(ns[i]));
    i = j + 1;
  }
  return out.join(", ");
};

/**
 * What a valid type leaves out: the positions of its connectors that its map gives no fiber (a
 * partial map). Not an error — a 6-fiber harness on an MPO-12 is a real part — but said, so that a
 * map that forgot half its fibers does not pass unnoticed: installed, those positions are dead ends.
 */
export function typeNotices(type: CableType | ModuleType): FieldError[] {
  const out: FieldError[] = [];
  const ends =
    type.kind === "cable"
      ? type.connectors.map((c, i) => ({ id: c.id, family: c.family, on: c.end, field: `connectors[${i}]`, word: `connector ${c.id}` }))
      : type.ports.map((p, i) => ({ id: p.name, family: p.family, on: p.role === "rear" ? "a" : "b", field: `ports[${i}]`, word: `${p.role} port ${p.name}` }));
  for (const e of ends) {
    if (!isConnectorFamily(e.family)) continue;
    const used = FAMILIES[e.family].used;
    const mapped = new Set(type.fibers.filter((f) => (e.on === "a" ? f.a : f.b).connector === e.id).map((f) => (e.on === "a" ? f.a : f.b).position));
    const dark = used.filter((p) => !mapped.has(p));
    if (dark.length === 0) continue;
    const words = e.family === "LC" || e.family === "SC" || e.family === "SN" || e.family === "MDC" || e.family === "CS" ? dark.map((p) => (p === 1 ? "A" : "B")).join(", ") : ranges(dark);
    out.push({
      field: e.field,
      message: `${e.word} (${e.family}): position${dark.length === 1 ? "" : "s"} ${words} carr${dark.length === 1 ? "ies" : "y"} no fiber in the map; installed, ${dark.length === 1 ? "it is a dead end" : "they are dead ends"}`,
    });
  }
  return out;
}

/** All errors of a component type, each naming its field; empty when the type is valid. */
export function validateComponentType(type: ComponentType, opts: { allowBuiltInId?: boolean } = {}): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof type.id !== "string" || !SLUG_RE.test(type.id))
    errors.push({ field: "id", message: "id must be a slug: letters, digits, '.', '_' or '-'" });
  else if (!opts.allowBuiltInId && getBuiltInType(type.id) !== undefined)
    errors.push({ field: "id", message: `"${type.id}" is a built-in type id` });
  if (typeof type.name !== "string" || type.name.trim() === "") errors.push({ field: "name", message: "name is required" });
  switch (type.kind) {
    case "cable":
      validateCable(type, errors);
      break;
    case "module":
      validateModule(type, errors);
      break;
    case "transceiver":
      validateTransceiver(type, errors);
      break;
    default:
      errors.push({ field: "kind", message: `kind must be cable, module or transceiver` });
  }
  return errors;
}

const canonicalFibers = (fibers: readonly Fiber[]) =>
  JSON.stringify(
    fibers
      .map((f) => `${f.a.connector}#${f.a.position}>${f.b.connector}#${f.b.position}`)
      .sort(),
  );

const physical = (c: ConnectorSpec & { id?: string; name?: string; end?: string; role?: string; key?: string }) =>
  JSON.stringify([c.id ?? c.name, c.end ?? c.role, c.family, c.gender ?? null, c.polish, c.key ?? null]);

/**
 * Whether `next` may replace `prev`. The id and kind never change; a type in use keeps its map,
 * its connectors (or ports) and, for a transceiver, its receptacle and lanes: a different map
 * is a different part, so it needs a new type.
 */
export function checkTypeChange(prev: ComponentType, next: ComponentType, inUse: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (prev.id !== next.id) errors.push({ field: "id", message: "a type's id cannot change" });
  if (prev.kind !== next.kind) {
    errors.push({ field: "kind", message: "a type's kind cannot change" });
    return errors;
  }
  errors.push(...validateComponentType(next, { allowBuiltInId: true }).filter((e) => e.field !== "id" || prev.id !== next.id));
  if (!inUse) return errors;
  const inUseMsg = (what: string) => `this type is in use, so its ${what} cannot change; create a new type instead`;
  if (next.kind === "cable" && prev.kind === "cable") {
    if (canonicalFibers(prev.fibers) !== canonicalFibers(next.fibers)) errors.push({ field: "fibers", message: inUseMsg("map") });
    if (JSON.stringify(prev.connectors.map(physical)) !== JSON.stringify(next.connectors.map(physical)))
      errors.push({ field: "connectors", message: inUseMsg("connectors") });
    if (prev.fiber !== next.fiber) errors.push({ field: "fiber", message: inUseMsg("fiber grade") });
  }
  if (next.kind === "module" && prev.kind === "module") {
    if (canonicalFibers(prev.fibers) !== canonicalFibers(next.fibers)) errors.push({ field: "fibers", message: inUseMsg("map") });
    if (JSON.stringify(prev.ports.map(physical)) !== JSON.stringify(next.ports.map(physical)))
      errors.push({ field: "ports", message: inUseMsg("ports") });
    if (prev.fiber !== next.fiber) errors.push({ field: "fiber", message: inUseMsg("fiber grade") });
  }
  if (next.kind === "transceiver" && prev.kind === "transceiver") {
    if (JSON.stringify(prev.lanes) !== JSON.stringify(next.lanes)) errors.push({ field: "lanes", message: inUseMsg("lane map") });
    if (JSON.stringify(prev.receptacle) !== JSON.stringify(next.receptacle))
      errors.push({ field: "receptacle", message: inUseMsg("receptacle") });
    if (prev.application !== next.application) errors.push({ field: "application", message: inUseMsg("application") });
  }
  return errors;
}
