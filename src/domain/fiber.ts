/** Fiber modes and grades (reference §2, §10, §11). */
import type { Confidence } from "./confidence";

export const FIBER_MODES = ["MM", "SM"] as const;
export type FiberMode = (typeof FIBER_MODES)[number];

export const FIBER_GRADES = ["OM1", "OM2", "OM3", "OM4", "OM5", "OS1", "OS2"] as const;
export type FiberGrade = (typeof FIBER_GRADES)[number];

export interface GradeSpec {
  readonly id: FiberGrade;
  readonly mode: FiberMode;
  /** Rank within its mode: a channel's limits follow the lowest rank present. */
  readonly rank: number;
  /** Grade whose application limits apply when an application lists none for this grade. */
  readonly limitsFallback?: FiberGrade;
  readonly jacket: string;
  /** NetBox cable type slug. */
  readonly netbox: string;
}

/**
 * OM5 falls back to OM4 limits (it meets OM4 at 850 nm); OS1 falls back to OS2 limits (same
 * applications, its own higher attenuation still counts in the loss). Both are Ferrule decisions.
 */
export const GRADES: Readonly<Record<FiberGrade, GradeSpec>> = {
  OM1: { id: "OM1", mode: "MM", rank: 1, jacket: "orange", netbox: "mmf-om1" },
  OM2: { id: "OM2", mode: "MM", rank: 2, jacket: "orange", netbox: "mmf-om2" },
  OM3: { id: "OM3", mode: "MM", rank: 3, jacket: "aqua", netbox: "mmf-om3" },
  OM4: { id: "OM4", mode: "MM", rank: 4, jacket: "aqua or erika violet", netbox: "mmf-om4" },
  OM5: { id: "OM5", mode: "MM", rank: 5, limitsFallback: "OM4", jacket: "lime green", netbox: "mmf-om5" },
  OS1: { id: "OS1", mode: "SM", rank: 1, limitsFallback: "OS2", jacket: "yellow", netbox: "smf-os1" },
  OS2: { id: "OS2", mode: "SM", rank: 2, jacket: "yellow", netbox: "smf-os2" },
};

export const isFiberGrade = (s: string): s is FiberGrade => (FIBER_GRADES as readonly string[]).includes(s);
export const gradeMode = (g: FiberGrade): FiberMode => GRADES[g].mode;

/** The lower of two grades of the same mode (for limits). */
export const lowerGrade = (a: FiberGrade, b: FiberGrade): FiberGrade => (GRADES[b].rank < GRADES[a].rank ? b : a);

export const ATTENUATION_CONVENTIONS = ["ISO", "TIA"] as const;
/** ISO/IEC 11801 or TIA-568 cabled-fiber attenuation maxima. */
export type AttenuationConvention = (typeof ATTENUATION_CONVENTIONS)[number];

export interface AttenuationRow {
  readonly grade: FiberGrade;
  readonly wavelengthNm: number;
  readonly dbPerKm: Readonly<Record<AttenuationConvention, number>>;
  readonly tag: Readonly<Record<AttenuationConvention, Confidence>>;
  readonly note?: string;
}

/**
 * Cabled-fiber attenuation (reference §10). Multimode at 850 nm, single-mode at 1310 nm.
 * OM1/OM2 and OS1 are not in the reference: Ferrule uses the ISO/IEC 11801 maxima for both
 * conventions (3.5 dB/km and 1.0 dB/km), tagged U.
 */
export const ATTENUATION: Readonly<Record<FiberGrade, AttenuationRow>> = {
  OM1: { grade: "OM1", wavelengthNm: 850, dbPerKm: { ISO: 3.5, TIA: 3.5 }, tag: { ISO: "U", TIA: "U" }, note: "not in the reference" },
  OM2: { grade: "OM2", wavelengthNm: 850, dbPerKm: { ISO: 3.5, TIA: 3.5 }, tag: { ISO: "U", TIA: "U" }, note: "not in the reference" },
  OM3: { grade: "OM3", wavelengthNm: 850, dbPerKm: { ISO: 3.5, TIA: 3.0 }, tag: { ISO: "V", TIA: "U" } },
  OM4: { grade: "OM4", wavelengthNm: 850, dbPerKm: { ISO: 3.5, TIA: 3.0 }, tag: { ISO: "V", TIA: "U" } },
  OM5: { grade: "OM5", wavelengthNm: 850, dbPerKm: { ISO: 3.0, TIA: 3.0 }, tag: { ISO: "V", TIA: "V" } },
  OS1: { grade: "OS1", wavelengthNm: 1310, dbPerKm: { ISO: 1.0, TIA: 1.0 }, tag: { ISO: "U", TIA: "U" }, note: "not in the reference" },
  OS2: { grade: "OS2", wavelengthNm: 1310, dbPerKm: { ISO: 0.4, TIA: 0.4 }, tag: { ISO: "V", TIA: "V" } },
};

export const attenuationDbPerKm = (g: FiberGrade, c: AttenuationConvention): number => ATTENUATION[g].dbPerKm[c];

/** TIA-598 fiber colours for positions 1-12; 13-24 repeat with a black stripe (reference §11). */
export const FIBER_COLOURS = [
  "blue",
  "orange",
  "green",
  "brown",
  "slate",
  "white",
  "red",
  "black",
  "yellow",
  "violet",
  "rose",
  "aqua",
] as const;

export function fiberColour(position: number): string {
  const base = FIBER_COLOURS[(position - 1) % 12] ?? "unknown";
  return position > 12 ? `${base} with black stripe` : base;
}
