/**
 * Loss budget (reference §10): IL = Σ length × attenuation + Σ mated pairs × pair loss
 * + Σ splices × splice loss. The site chooses its conventions; every result says which it used.
 */
import type { Confidence } from "./confidence";
import { isFused, type ConnectorFamily, type ConnectorGrade } from "./connectors";
import {
  ATTENUATION,
  attenuationDbPerKm,
  type AttenuationConvention,
  type FiberGrade,
  type FiberMode,
} from "./fiber";

export const MATED_PAIR_CONVENTIONS = ["by-grade", "standard", "low-loss"] as const;
/**
 * - "by-grade": a pair is low loss only when both connectors are low-loss grade (reference §2);
 * - "standard": every pair counts at the standard maximum (design to the standard);
 * - "low-loss": every pair counts at the low-loss maximum (a site that buys only low-loss).
 * A component type's own `matedPairLossDb` overrides the convention for its connectors.
 */
export type MatedPairConvention = (typeof MATED_PAIR_CONVENTIONS)[number];

export interface LossConventions {
  readonly attenuation: AttenuationConvention;
  readonly matedPair: MatedPairConvention;
}

export const DEFAULT_CONVENTIONS: LossConventions = { attenuation: "ISO", matedPair: "by-grade" };

export interface LossDefault {
  readonly id: "pair-standard" | "pair-low-loss" | "pair-lc-sm-low-loss" | "splice";
  readonly db: number;
  readonly tag: Confidence;
  readonly note: string;
}

/** Reference §10. */
export const LOSS_DEFAULTS: Readonly<Record<LossDefault["id"], LossDefault>> = {
  "pair-standard": { id: "pair-standard", db: 0.75, tag: "V", note: "mated pair, TIA-568 / ISO 11801 maximum" },
  "pair-low-loss": { id: "pair-low-loss", db: 0.35, tag: "V", note: "mated pair, low loss / MTP Elite maximum" },
  "pair-lc-sm-low-loss": {
    id: "pair-lc-sm-low-loss",
    db: 0.25,
    tag: "V",
    note: "LC single-mode low loss, IEC 61753-1 grade B",
  },
  splice: { id: "splice", db: 0.3, tag: "V", note: "splice" },
};

/** What the loss of one connector in a pair depends on. */
export interface LossConnector {
  readonly family: ConnectorFamily;
  readonly grade?: ConnectorGrade;
  readonly mode: FiberMode;
  /** The component type's override, when it has one. */
  readonly overrideDb?: number;
}

const lowLossDb = (family: ConnectorFamily, mode: FiberMode): number =>
  family === "LC" && mode === "SM" ? LOSS_DEFAULTS["pair-lc-sm-low-loss"].db : LOSS_DEFAULTS["pair-low-loss"].db;

/** The pair loss this connector allows on its own; a pair takes the larger of its two connectors. */
export function connectorPairLossDb(c: LossConnector, conv: LossConventions): number {
  // A fusion splice is not a mated pair: it costs the splice loss of reference §10 whatever the convention.
  if (isFused(c.family)) return LOSS_DEFAULTS.splice.db;
  if (c.overrideDb !== undefined) return c.overrideDb;
  switch (conv.matedPair) {
    case "standard":
      return LOSS_DEFAULTS["pair-standard"].db;
    case "low-loss":
      return lowLossDb(c.family, c.mode);
    case "by-grade":
      return (c.grade ?? "standard") === "low-loss" ? lowLossDb(c.family, c.mode) : LOSS_DEFAULTS["pair-standard"].db;
  }
}

/** Loss of one mated pair: a pair is only as good as its worse connector. */
export const matedPairLossDb = (a: LossConnector, b: LossConnector, conv: LossConventions): number =>
  Math.max(connectorPairLossDb(a, conv), connectorPairLossDb(b, conv));

export interface LossInput {
  /** Fiber length per grade, in metres. */
  readonly segments: readonly { readonly grade: FiberGrade; readonly lengthM: number }[];
  readonly pairsDb: readonly number[];
  readonly splices?: number;
}

/** The loss formula of reference §10. */
export function insertionLossDb(input: LossInput, conv: LossConventions): number {
  let db = 0;
  for (const s of input.segments) db += (s.lengthM / 1000) * attenuationDbPerKm(s.grade, conv.attenuation);
  for (const p of input.pairsDb) db += p;
  db += (input.splices ?? 0) * LOSS_DEFAULTS.splice.db;
  return roundDb(db);
}

/** Losses are rounded to a micro-dB so that 1.5 stays 1.5 after adding 0.45 and three 0.35. */
export const roundDb = (db: number): number => Math.round(db * 1e6) / 1e6;

/** The convention in words, for reports. */
export function describeConventions(conv: LossConventions): string {
  const att =
    conv.attenuation === "ISO"
      ? `ISO/IEC 11801 attenuation (OM3/OM4 ${ATTENUATION.OM4.dbPerKm.ISO} dB/km)`
      : `TIA-568 attenuation (OM3/OM4 ${ATTENUATION.OM4.dbPerKm.TIA} dB/km)`;
  const std = LOSS_DEFAULTS["pair-standard"].db;
  const ll = LOSS_DEFAULTS["pair-low-loss"].db;
  const pairs =
    conv.matedPair === "standard"
      ? `every mated pair at ${std} dB`
      : conv.matedPair === "low-loss"
        ? `every mated pair at ${ll} dB (${LOSS_DEFAULTS["pair-lc-sm-low-loss"].db} dB LC single-mode)`
        : `mated pairs by connector grade (${std} dB standard, ${ll} dB when both are low loss)`;
  return `${att}, ${pairs}`;
}
