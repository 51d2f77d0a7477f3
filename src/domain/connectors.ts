/**
 * Connector families, polish, gender, brand and grade, as data (reference §1-§3).
 * Positions are always in plug view: the end face seen with the key up, numbered left to right,
 * position 1 on the white-dot side. Two-row families number row 1 first (row-major):
 * position p = (row - 1) * columns + column.
 */
import type { Confidence } from "./confidence";

export const CONNECTOR_FAMILIES = [
  "LC",
  "SC",
  "SN",
  "MDC",
  "CS",
  "LC-simplex",
  "SC-simplex",
  "ST",
  "FC",
  "LSH",
  "splice",
  "MPO-8",
  "MPO-12",
  "MPO-16",
  "MPO-24",
  "MPO-32",
] as const;
export type ConnectorFamily = (typeof CONNECTOR_FAMILIES)[number];

export const GENDERS = ["male", "female"] as const;
/** MPO only: male = pinned, female = unpinned. */
export type Gender = (typeof GENDERS)[number];

export const POLISHES = ["PC", "UPC", "APC"] as const;
export type Polish = (typeof POLISHES)[number];

export const CONNECTOR_BRANDS = ["MPO", "MTP"] as const;
/** "MTP" is US Conec's brand of MPO (removable housing); "MPO" is a generic MPO or any non-array connector. */
export type ConnectorBrand = (typeof CONNECTOR_BRANDS)[number];

export const CONNECTOR_GRADES = ["standard", "low-loss"] as const;
export type ConnectorGrade = (typeof CONNECTOR_GRADES)[number];

export interface FamilySpec {
  readonly id: ConnectorFamily;
  /** Positions on the ferrule(s). MPO-8 has a 12-position ferrule. */
  readonly positions: number;
  readonly rows: number;
  readonly columns: number;
  /** Positions that carry a fiber. */
  readonly used: readonly number[];
  /** Position labels for duplex connectors (position 1 = A, 2 = B). */
  readonly labels?: readonly string[];
  readonly key: "none" | "centre" | "offset";
  /** Whether the connector has a gender (pins). */
  readonly gendered: boolean;
  /** Multi-fiber array connector (MPO). */
  readonly array: boolean;
  /**
   * How two of these meet: "mated" in an adapter (a mated pair, pair loss), or "fused" (a fusion
   * splice: bare fiber welded to bare fiber, splice loss, no end face, so polish is not checked).
   */
  readonly joint: "mated" | "fused";
  /** Families whose plugs physically mate with this one in an adapter. */
  readonly matesWith: readonly ConnectorFamily[];
  /** NetBox port type slug. */
  readonly netbox: string;
  readonly tag: Confidence;
  readonly note: string;
}

const range = (from: number, to: number): number[] => {
  const out: number[] = [];
  for (let p = from; p <= to; p++) out.push(p);
  return out;
};

const duplex = (id: ConnectorFamily, netbox: string, note: string): FamilySpec => ({
  id,
  positions: 2,
  rows: 1,
  columns: 2,
  used: [1, 2],
  labels: ["A", "B"],
  key: "none",
  gendered: false,
  array: false,
  matesWith: [id],
  joint: "mated",
  netbox,
  tag: "V",
  note,
});

/**
 * One fiber, one position: simplex connectors (reference §2 lists the duplex families; a simplex
 * LC or SC is one half of a duplex pair, ST and FC are simplex only). Which strand is Tx and
 * which Rx is decided by the cords and the transceivers at the ends, as on duplex.
 * A simplex plug is its own family: Ferrule models a duplex LC adapter as one two-position
 * port, so a simplex LC plug is not accepted into it (use a duplex-to-simplex fan-out cord).
 */
const simplex = (id: ConnectorFamily, netbox: string, tag: Confidence, note: string, joint: "mated" | "fused" = "mated"): FamilySpec => ({
  id,
  positions: 1,
  rows: 1,
  columns: 1,
  used: [1],
  key: "none",
  gendered: false,
  array: false,
  matesWith: [id],
  joint,
  netbox,
  tag,
  note,
});

/** Reference §2. */
export const FAMILIES: Readonly<Record<ConnectorFamily, FamilySpec>> = {
  LC: duplex("LC", "lc", "LC duplex; polish UPC or APC; no gender"),
  SC: duplex("SC", "sc", "SC duplex; mates with SC only"),
  SN: duplex("SN", "sn", "SN duplex VSFF; mates with SN only"),
  MDC: duplex("MDC", "mdc", "MDC duplex VSFF; mates with MDC only"),
  CS: duplex("CS", "cs", "CS duplex VSFF; mates with CS only"),
  "LC-simplex": simplex("LC-simplex", "lc", "V", "LC simplex: one fiber; mates with LC simplex only"),
  "SC-simplex": simplex("SC-simplex", "sc", "V", "SC simplex: one fiber; mates with SC simplex only"),
  ST: simplex("ST", "st", "P", "ST (bayonet), simplex only; PC or UPC (not in the reference's family table)"),
  FC: simplex("FC", "fc", "P", "FC (threaded), simplex only; PC, UPC or APC (not in the reference's family table)"),
  LSH: simplex("LSH", "lsh", "P", "LSH (E-2000, IEC 61754-15), simplex, shuttered; PC, UPC or APC (not in the reference's family table)"),
  splice: simplex(
    "splice",
    "splice",
    "V",
    "fusion splice: one bare fiber welded to another (a splice tray's rear, a cable's spliced end); splice loss instead of a mated pair",
    "fused",
  ),
  "MPO-8": {
    id: "MPO-8",
    positions: 12,
    rows: 1,
    columns: 12,
    used: [1, 2, 3, 4, 9, 10, 11, 12],
    key: "centre",
    gendered: true,
    array: true,
    joint: "mated",
    matesWith: ["MPO-8", "MPO-12"],
    netbox: "mpo",
    tag: "V",
    note: "Base-8: 12-position ferrule with the middle four empty",
  },
  "MPO-12": {
    id: "MPO-12",
    positions: 12,
    rows: 1,
    columns: 12,
    used: range(1, 12),
    key: "centre",
    gendered: true,
    array: true,
    joint: "mated",
    matesWith: ["MPO-12", "MPO-8"],
    netbox: "mpo",
    tag: "V",
    note: "IEC 61754-7-1, TIA-604-5 (FOCIS 5)",
  },
  "MPO-16": {
    id: "MPO-16",
    positions: 16,
    rows: 1,
    columns: 16,
    used: range(1, 16),
    key: "offset",
    gendered: true,
    array: true,
    joint: "mated",
    matesWith: ["MPO-16"],
    netbox: "mpo",
    tag: "V",
    note: "TIA-604-18 (FOCIS 18); the offset key stops it entering MPO-12/24 hardware",
  },
  "MPO-24": {
    id: "MPO-24",
    positions: 24,
    rows: 2,
    columns: 12,
    used: range(1, 24),
    key: "centre",
    gendered: true,
    array: true,
    joint: "mated",
    matesWith: ["MPO-24"],
    netbox: "mpo",
    tag: "P",
    note: "IEC 61754-7-2, 2 x 12; MPO-12 to MPO-24 treated as not compatible",
  },
  "MPO-32": {
    id: "MPO-32",
    positions: 32,
    rows: 2,
    columns: 16,
    used: range(1, 32),
    key: "offset",
    gendered: true,
    array: true,
    joint: "mated",
    matesWith: ["MPO-32"],
    netbox: "mpo",
    tag: "U",
    note: "2 x 16, offset key",
  },
};

export const isConnectorFamily = (s: string): s is ConnectorFamily =>
  (CONNECTOR_FAMILIES as readonly string[]).includes(s);

export const familySpec = (f: ConnectorFamily): FamilySpec => FAMILIES[f];

/** Whether plugs of the two families mate physically (MPO-8 with MPO-12 is allowed). */
export const familiesMate = (a: ConnectorFamily, b: ConnectorFamily): boolean =>
  FAMILIES[a].matesWith.includes(b);

/** Whether two connectors of this family are fused (spliced) rather than mated in an adapter. */
export const isFused = (f: ConnectorFamily): boolean => FAMILIES[f].joint === "fused";

/** Whether a position carries a fiber on this family. */
export const positionUsed = (f: ConnectorFamily, p: number): boolean => FAMILIES[f].used.includes(p);

/** Human label of a position: "A"/"B" on duplex, "3" or "R2C5" (row 2, column 5) on arrays. */
export function positionLabel(f: ConnectorFamily, p: number): string {
  const spec = FAMILIES[f];
  if (spec.labels) return spec.labels[p - 1] ?? String(p);
  if (spec.rows === 1) return String(p);
  const row = Math.floor((p - 1) / spec.columns) + 1;
  const col = ((p - 1) % spec.columns) + 1;
  return `${p} (row ${row}, col ${col})`;
}

/** Polish classes: PC and UPC are both flat physical contact and mate with each other; APC is angled. */
export const POLISH_CLASS: Readonly<Record<Polish, "flat" | "angled">> = {
  PC: "flat",
  UPC: "flat",
  APC: "angled",
};

export const polishesMate = (a: Polish, b: Polish): boolean => POLISH_CLASS[a] === POLISH_CLASS[b];

export const GUIDE_PINS = ["elliptical-steel", "conical"] as const;
export const PIN_CLAMPS = ["metal", "plastic"] as const;
/** Boot / strain relief for the cable a connector terminates (reference §2, seed document). */
export const BOOTS = ["round-cable", "oval-ribbon", "bare-ribbon", "short"] as const;

/** Mechanical features worth recording on an MPO connector type (reference §2); all optional. */
export interface ConnectorMechanics {
  readonly floatingFerrule?: boolean;
  readonly guidePins?: (typeof GUIDE_PINS)[number];
  readonly pinClamp?: (typeof PIN_CLAMPS)[number];
  /** "short" is the boot about 45 % smaller, for tight spaces. */
  readonly boot?: (typeof BOOTS)[number];
}

/** What one connector end of a component is made of. */
export interface ConnectorSpec {
  readonly family: ConnectorFamily;
  /** Required on MPO families, absent on others. */
  readonly gender?: Gender;
  readonly polish: Polish;
  /** Defaults to "MPO" (generic). */
  readonly brand?: ConnectorBrand;
  /** Defaults to "standard". */
  readonly grade?: ConnectorGrade;
  readonly mechanics?: ConnectorMechanics;
}

// ---------------------------------------------------------------------------------------------
// Field changes (re-pin, re-key)
// ---------------------------------------------------------------------------------------------

export type FieldChange = "gender" | "key";

export interface FieldChangeVerdict {
  readonly allowed: boolean;
  readonly reason: string;
  readonly tag: Confidence;
}

/**
 * Rules for changing a connector on site, checked in order; the first rule that matches decides.
 * Reference §2: an MTP's housing is removable, so its gender and key can be changed after
 * assembly; a generic MPO's cannot. Ferrule adds (tag P): an APC connector cannot be re-keyed,
 * because its end-face angle is polished relative to the key.
 */
export const FIELD_CHANGE_RULES: readonly {
  readonly when: (c: ConnectorSpec, change: FieldChange) => boolean;
  readonly allowed: boolean;
  readonly reason: string;
  readonly tag: Confidence;
}[] = [
  {
    when: (c) => !FAMILIES[c.family].array,
    allowed: false,
    reason: "only MPO array connectors have pins and a polarity key; a duplex connector is changed by replacing the cord",
    tag: "V",
  },
  {
    when: (c) => (c.brand ?? "MPO") !== "MTP",
    allowed: false,
    reason: "a generic MPO housing is not removable, so its pins and key are fixed at assembly",
    tag: "V",
  },
  {
    when: (c, change) => change === "key" && c.polish === "APC",
    allowed: false,
    reason: "the APC end face is angled relative to the key; turning the key would put the angle the wrong way",
    tag: "P",
  },
  {
    when: (_c, change) => change === "gender",
    allowed: true,
    reason: "an MTP housing is removable: pins can be inserted or removed on site with the pin tool",
    tag: "V",
  },
  {
    when: (_c, change) => change === "key",
    allowed: true,
    reason: "an MTP housing is removable: the key can be turned on site, which changes the cable's polarity type",
    tag: "V",
  },
];

/** Whether a field re-pin ("gender") or re-key ("key") of this connector is allowed, and why. */
export function fieldChangeAllowed(connector: ConnectorSpec, change: FieldChange): FieldChangeVerdict {
  for (const rule of FIELD_CHANGE_RULES) {
    if (rule.when(connector, change)) return { allowed: rule.allowed, reason: rule.reason, tag: rule.tag };
  }
  return { allowed: false, reason: "no rule allows this change", tag: "P" };
}
