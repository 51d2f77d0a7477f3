/**
 * NetBox vocabulary as data: front/rear port types, cable types, cable statuses, length units and
 * interface (cage) types, each with what Ferrule makes of it.
 */
import {
  FAMILIES,
  GRADES,
  TRANSCEIVERS,
  isFiberGrade,
  type ConnectorFamily,
  type FiberGrade,
  type FiberMode,
  type Polish,
} from "../../../domain";

/** A duplex, simplex or splice family of the engine, or "MPO" (fiber count decided from the file). */
export type PortFamily = Exclude<ConnectorFamily, `MPO-${string}`> | "MPO";

export interface PortTypeInfo {
  readonly slug: string;
  readonly fiber: boolean;
  /** The engine's family; undefined when the engine has no such connector. */
  readonly family?: PortFamily;
  /** Polish stated by the slug (`lc-apc`). */
  readonly polish?: Polish;
  /** Why Ferrule cannot model this port, when it cannot. */
  readonly unsupported?: string;
}

const POLISH_SUFFIX: Readonly<Record<string, Polish>> = { pc: "PC", upc: "UPC", apc: "APC" };

const SIMPLEX_REASON = (name: string) =>
  `the connectivity engine has no ${name} connector family (it knows LC, SC, SN, MDC, CS, simplex LC and SC, ST, FC, LSH, fusion splices and MPO-8/12/16/24/32)`;

/** Fiber port types of NetBox 4.6/4.7 (netbox-interop.md, "Slugs to accept and emit"). */
const FIBER_PORT_TYPES: Readonly<Record<string, Omit<PortTypeInfo, "slug" | "fiber" | "polish">>> = {
  lc: { family: "LC" },
  sc: { family: "SC" },
  cs: { family: "CS" },
  sn: { family: "SN" },
  mdc: { family: "MDC" },
  mpo: { family: "MPO" },
  fc: { family: "FC" },
  mu: { unsupported: SIMPLEX_REASON("MU") },
  lsh: { family: "LSH" },
  lx5: { unsupported: SIMPLEX_REASON("LX.5") },
  st: { family: "ST" },
  mtrj: { unsupported: SIMPLEX_REASON("MT-RJ") },
  "sma-905": { unsupported: SIMPLEX_REASON("SMA 905") },
  "sma-906": { unsupported: SIMPLEX_REASON("SMA 906") },
  // NetBox's `lc` and `sc` are duplex or simplex; the file's words decide (simplex LC, SC).
  splice: { family: "splice" },
};

/** Families whose slug takes a polish suffix (`lc-apc`). */
const POLISHED = new Set(["lc", "sc", "fc", "mu", "lsh", "lx5"]);

/** What a NetBox front/rear port type slug means to Ferrule. */
export function portTypeInfo(slug: string): PortTypeInfo {
  const m = /^([a-z0-9]+(?:-90[56])?)(?:-(pc|upc|apc))?$/.exec(slug);
  if (m) {
    const base = m[1]!;
    const suffix = m[2];
    const known = FIBER_PORT_TYPES[base];
    if (known && (suffix === undefined || POLISHED.has(base))) {
      const polish = suffix ? POLISH_SUFFIX[suffix] : undefined;
      return { slug, fiber: true, ...known, ...(polish ? { polish } : {}) };
    }
  }
  return { slug, fiber: false };
}

/** The NetBox port type slug of an engine family and polish (`LC`, `APC` → `lc-apc`). */
export function netboxPortType(family: ConnectorFamily, polish?: Polish): string {
  const base = FAMILIES[family].netbox;
  return polish && POLISHED.has(base) ? `${base}-${polish.toLowerCase()}` : base;
}

// ---------------------------------------------------------------------------------------------
// Cables

export const NETBOX_CABLE_STATUSES = ["connected", "planned", "decommissioning"] as const;
export type NetboxCableStatus = (typeof NETBOX_CABLE_STATUSES)[number];

export const FERRULE_CABLE_STATUSES = ["installed", "planned", "decommissioned"] as const;
export type FerruleCableStatus = (typeof FERRULE_CABLE_STATUSES)[number];

const STATUS_TO_FERRULE: Readonly<Record<NetboxCableStatus, FerruleCableStatus>> = {
  connected: "installed",
  planned: "planned",
  decommissioning: "decommissioned",
};
const STATUS_TO_NETBOX: Readonly<Record<FerruleCableStatus, NetboxCableStatus>> = {
  installed: "connected",
  planned: "planned",
  decommissioned: "decommissioning",
};

export const isNetboxCableStatus = (s: string): s is NetboxCableStatus => (NETBOX_CABLE_STATUSES as readonly string[]).includes(s);
export const netboxStatusToFerrule = (s: NetboxCableStatus): FerruleCableStatus => STATUS_TO_FERRULE[s];
export const ferruleStatusToNetbox = (s: FerruleCableStatus): NetboxCableStatus => STATUS_TO_NETBOX[s];

export const LENGTH_UNITS = ["km", "m", "cm", "mi", "ft", "in"] as const;
export type LengthUnit = (typeof LENGTH_UNITS)[number];

/** Metres per unit (international mile, foot and inch). */
export const METRES_PER_UNIT: Readonly<Record<LengthUnit, number>> = {
  km: 1000,
  m: 1,
  cm: 0.01,
  mi: 1609.344,
  ft: 0.3048,
  in: 0.0254,
};

export const isLengthUnit = (s: string): s is LengthUnit => (LENGTH_UNITS as readonly string[]).includes(s);

/** A length in metres, rounded to the micrometre so that 3 ft is 0.9144 and not 0.9144000000000001. */
export const toMetres = (length: number, unit: LengthUnit): number => Math.round(length * METRES_PER_UNIT[unit] * 1e6) / 1e6;

/** What a NetBox cable type says about the fiber: mode always, grade when the slug names one. */
export interface CableFiber {
  readonly mode: FiberMode;
  readonly grade?: FiberGrade;
}

const CABLE_FIBER: Readonly<Record<string, CableFiber>> = {
  mmf: { mode: "MM" },
  smf: { mode: "SM" },
  ...Object.fromEntries(Object.values(GRADES).map((g) => [g.netbox, { mode: g.mode, grade: g.id }])),
};

/**
 * Fiber mode and grade of a NetBox cable type slug (`mmf-om4` → MM/OM4, `smf` → SM). Undefined for
 * copper and for `aoc`: an active optical cable has its transceivers built in, so it is not a
 * passive fiber Ferrule traces through.
 */
export const netboxCableTypeToFiber = (slug: string): CableFiber | undefined => CABLE_FIBER[slug];

/** The NetBox cable type of a fiber grade (`OM4` → `mmf-om4`), or of a bare mode (`SM` → `smf`). */
export function fiberToNetboxCableType(fiber: FiberGrade | FiberMode): string {
  if (isFiberGrade(fiber)) return GRADES[fiber].netbox;
  return fiber === "SM" ? "smf" : "mmf";
}

// ---------------------------------------------------------------------------------------------
// Interfaces

export interface InterfaceTypeInfo {
  readonly slug: string;
  /** A pluggable cage: the form factor Ferrule records on a transceiver port (`qsfp28`). */
  readonly cage?: string;
  /** Speed in Gb/s when the slug states it. */
  readonly speedGbps?: number;
  /** Built-in transceiver types whose NetBox interface type this is (an optic, `100gbase-sr4`). */
  readonly transceivers?: readonly string[];
}

const CAGE_FORM_FACTORS = new Set([
  "gbic",
  "sfp",
  "sfpp",
  "sfp28",
  "sfp56",
  "sfp112",
  "sfpdd",
  "xfp",
  "x2",
  "xenpak",
  "qsfp",
  "qsfpp",
  "qsfp28",
  "qsfp56",
  "qsfp112",
  "qsfpdd",
  "qsfpdd800",
  "osfp",
  "osfp-rhs",
  "cfp",
  "cfp2",
  "cfp4",
  "cfp8",
  "cxp",
  "cpak",
]);

/**
 * NetBox interface types name cages `<speed>base-x-<form factor>` (`100gbase-x-qsfp28`). An optic's
 * type (`100gbase-sr4`) names the built-in transceivers it may be; anything else (copper
 * `1000base-t`, virtual, LAG) is neither.
 */
export function interfaceTypeInfo(slug: string): InterfaceTypeInfo {
  // `1000base-x-sfp` states its speed in Mb/s without the unit.
  const m = /^(\d+(?:\.\d+)?)(g|m)?base-x-([a-z0-9-]+)$/.exec(slug);
  if (!m || !CAGE_FORM_FACTORS.has(m[3]!)) {
    const optics = TRANSCEIVERS.filter((t) => t.netbox === slug).map((t) => t.id);
    return optics.length > 0 ? { slug, transceivers: optics } : { slug };
  }
  const speed = Number(m[1]) / (m[2] === "g" ? 1 : 1000);
  return { slug, cage: m[3]!, speedGbps: speed };
}
