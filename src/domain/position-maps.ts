/**
 * Position maps (reference §4), as rules tables and a few generic functions.
 *
 * A position map sends a plug position on one side of an element to a plug position on the other
 * side, both in plug view. Maps are stored as plain arrays indexed by position (index 0 unused,
 * 0 = no fiber) so the trace can use them as lookup tables.
 */
import type { Confidence } from "./confidence";
import { FAMILIES, type ConnectorFamily, type FamilySpec } from "./connectors";

export const ADAPTER_KEYS = ["A", "B"] as const;
/** A = key-up to key-down (opposed keys); B = key-up to key-up (aligned keys). */
export type AdapterKey = (typeof ADAPTER_KEYS)[number];

export const ADAPTER_KEY_NAMES: Readonly<Record<AdapterKey, string>> = {
  A: "key-up to key-down (Type A)",
  B: "key-up to key-up (Type B)",
};

type PositionRule = (p: number, f: FamilySpec) => number;

const rowOf = (p: number, f: FamilySpec) => Math.floor((p - 1) / f.columns) + 1;
const colOf = (p: number, f: FamilySpec) => ((p - 1) % f.columns) + 1;
const at = (r: number, c: number, f: FamilySpec) => (r - 1) * f.columns + c;

export interface MapRule {
  readonly oneRow: PositionRule;
  readonly twoRow: PositionRule;
  readonly tagOneRow: Confidence;
  readonly tagTwoRow: Confidence;
  readonly note: string;
}

/**
 * Adapter matings (reference §4). The same rule gives the mating of a plug into a transceiver
 * receptacle, which is always an aligned-key mating (reference §1: MDI k meets plug n+1-k).
 */
export const ADAPTER_MAP_RULES: Readonly<Record<AdapterKey, MapRule>> = {
  A: {
    oneRow: (p) => p,
    twoRow: (p, f) => at(f.rows + 1 - rowOf(p, f), colOf(p, f), f),
    tagOneRow: "V",
    tagTwoRow: "P",
    note: "opposed keys: p → p; two rows (r, c) → (R+1-r, c)",
  },
  B: {
    oneRow: (p, f) => f.positions + 1 - p,
    twoRow: (p, f) => at(rowOf(p, f), f.columns + 1 - colOf(p, f), f),
    tagOneRow: "V",
    tagTwoRow: "P",
    note: "aligned keys: p → n+1-p; two rows (r, c) → (r, C+1-c)",
  },
};

export const CABLE_POLARITY_TYPES = ["A", "B", "C"] as const;
/** Polarity type of an MPO cable; on duplex cords A = "A-to-A" and B = "A-to-B". */
export type CablePolarityType = (typeof CABLE_POLARITY_TYPES)[number];

/**
 * Cable polarity types (reference §4). For two-row connectors the reference asks for explicit
 * vendor maps; Ferrule's built-in two-row cables number positions row-major (1-12 row 1, 13-24
 * row 2) and apply the one-row formula to that numbering, so a Type B MPO-24 cord crosses rows
 * (1 → 24, 12 → 13), which is what a 100GBASE-SR10 channel needs. Tagged P; a user-defined type
 * with its own explicit map overrides it.
 */
export const CABLE_MAP_RULES: Readonly<Record<CablePolarityType, MapRule>> = {
  A: {
    oneRow: (p) => p,
    twoRow: (p) => p,
    tagOneRow: "V",
    tagTwoRow: "P",
    note: "straight: p → p",
  },
  B: {
    oneRow: (p, f) => f.positions + 1 - p,
    twoRow: (p, f) => f.positions + 1 - p,
    tagOneRow: "V",
    tagTwoRow: "P",
    note: "reversed: p → n+1-p",
  },
  C: {
    oneRow: (p) => (p % 2 === 1 ? p + 1 : p - 1),
    twoRow: (p) => (p % 2 === 1 ? p + 1 : p - 1),
    tagOneRow: "V",
    tagTwoRow: "P",
    note: "pair flipped: 1↔2, 3↔4, …",
  },
};

/** A lookup table: index = position (1..n), value = mapped position, 0 = no fiber. */
export type PositionTable = readonly number[];

function tableFrom(family: ConnectorFamily, rule: MapRule): PositionTable {
  const f = FAMILIES[family];
  const out = new Array<number>(f.positions + 1).fill(0);
  for (const p of f.used) out[p] = f.rows === 1 ? rule.oneRow(p, f) : rule.twoRow(p, f);
  return out;
}

const adapterCache = new Map<string, PositionTable>();

/** Where plug position p on one side of an adapter lands on the plug at the other side. */
export function adapterTable(family: ConnectorFamily, key: AdapterKey): PositionTable {
  const k = `${family}/${key}`;
  let t = adapterCache.get(k);
  if (!t) {
    // An adapter maps every ferrule position (MPO-8 plugs share MPO-12 hardware).
    const f = FAMILIES[family];
    const rule = ADAPTER_MAP_RULES[key];
    t = [0];
    for (let p = 1; p <= f.positions; p++) (t as number[]).push(f.rows === 1 ? rule.oneRow(p, f) : rule.twoRow(p, f));
    adapterCache.set(k, t);
  }
  return t;
}

/** The cable map of a polarity type on one family, as a table. */
export const cableTable = (family: ConnectorFamily, type: CablePolarityType): PositionTable =>
  tableFrom(family, CABLE_MAP_RULES[type]);

/** MDI position k of a receptacle meets plug position mdiToPlug(k): an aligned-key mating. */
export const mdiToPlug = (family: ConnectorFamily, k: number): number => adapterTable(family, "B")[k] ?? 0;
/** The aligned mating is an involution, so the same table maps back. */
export const plugToMdi = mdiToPlug;

// ---------------------------------------------------------------------------------------------
// Fiber maps between connectors (cables, harnesses, module internals)
// ---------------------------------------------------------------------------------------------

/** One end of a fiber inside a component: a connector (or module port) and a position on it. */
export interface FiberEnd {
  readonly connector: string;
  readonly position: number;
}

/** One fiber of a component: from its A end (cable) or rear (module) to its B end or front. */
export interface Fiber {
  readonly a: FiberEnd;
  readonly b: FiberEnd;
}

const endKey = (e: FiberEnd) => `${e.connector}#${e.position}`;

/** The same fibers seen from the other end. */
export const invertFibers = (fibers: readonly Fiber[]): Fiber[] => fibers.map((f) => ({ a: f.b, b: f.a }));

/**
 * Two components in series: `first`'s B ends are joined to `second`'s A ends with the same
 * connector name and position. Fibers that do not continue are dropped.
 */
export function composeFibers(first: readonly Fiber[], second: readonly Fiber[]): Fiber[] {
  const byA = new Map<string, FiberEnd>();
  for (const f of second) byA.set(endKey(f.a), f.b);
  const out: Fiber[] = [];
  for (const f of first) {
    const b = byA.get(endKey(f.b));
    if (b) out.push({ a: f.a, b });
  }
  return out;
}

/** Whether every fiber goes from an end to the same connector and position. */
export const isIdentity = (fibers: readonly Fiber[]): boolean =>
  fibers.every((f) => f.a.connector === f.b.connector && f.a.position === f.b.position);

/** The fibers of a single-connector-per-end cable built from a per-position table. */
export function fibersFromTable(
  family: ConnectorFamily,
  table: PositionTable,
  aConnector = "a1",
  bConnector = "b1",
): Fiber[] {
  const out: Fiber[] = [];
  for (const p of FAMILIES[family].used) {
    const q = table[p] ?? 0;
    if (q > 0) out.push({ a: { connector: aConnector, position: p }, b: { connector: bConnector, position: q } });
  }
  return out;
}
