/**
 * Wavelength multiplexers and optical splitters, as data.
 *
 * A passive WDM mux/demux is a module whose client ports each pass one wavelength band and share
 * the fibers of one line (common) port. A tap or splitter is a module whose input fiber also feeds
 * branch outputs, each with its share of the light. The values below are Ferrule's assumptions
 * (not in the connectivity reference), tagged like the reference's values: every one can be
 * overridden by the part's own stated figure.
 */
import type { Confidence } from "./confidence";

export const WDM_KINDS = ["cwdm", "dwdm"] as const;
export type WdmKind = (typeof WDM_KINDS)[number];

export interface WdmKindSpec {
  readonly kind: WdmKind;
  readonly name: string;
  /** The grid the channels sit on. */
  readonly grid: string;
  /** A client port passes its centre wavelength ± this much (half the channel spacing, or less). */
  readonly halfWidthNm: number;
  /** Insertion loss of one pass (client ↔ line) when the part states none. */
  readonly insertionLossDb: number;
  readonly lossTag: Confidence;
  readonly note: string;
}

export const WDM_KIND_SPECS: Readonly<Record<WdmKind, WdmKindSpec>> = {
  cwdm: {
    kind: "cwdm",
    name: "CWDM",
    grid: "ITU-T G.694.2, 20 nm spacing, 1271–1611 nm",
    halfWidthNm: 6.5,
    insertionLossDb: 2.5,
    lossTag: "U",
    note: "typical datasheet maximum of an 8-channel CWDM mux/demux, one pass",
  },
  dwdm: {
    kind: "dwdm",
    name: "DWDM",
    grid: "ITU-T G.694.1, 100 GHz spacing",
    halfWidthNm: 0.3,
    insertionLossDb: 3.5,
    lossTag: "U",
    note: "typical datasheet maximum of an 8- to 40-channel DWDM mux/demux, one pass",
  },
};

/** CWDM channel centres (ITU-T G.694.2). Vendors also label them 1270…1610. */
export const CWDM_CHANNELS_NM: readonly number[] = Array.from({ length: 18 }, (_x, i) => 1271 + 20 * i);

/** Speed of light in nm·THz, for frequency ↔ wavelength. */
const C_NM_THZ = 299792.458;

/**
 * The wavelength of an ITU 100 GHz DWDM channel: channel n sits at 190.0 + n × 0.1 THz (so C21 is
 * 192.1 THz, 1560.61 nm, and C60 is 196.0 THz, 1529.55 nm), rounded to 0.01 nm.
 */
export const ituChannelNm = (channel: number): number => Math.round((C_NM_THZ / (190 + channel * 0.1)) * 100) / 100;

/** The ITU 100 GHz channel number of a wavelength, when it is one (± 0.05 nm). */
export function ituChannelOf(nm: number): number | undefined {
  const n = Math.round((C_NM_THZ / nm - 190) * 10);
  return n >= 1 && n <= 99 && Math.abs(ituChannelNm(n) - nm) <= 0.05 ? n : undefined;
}

/** The CWDM channel a wavelength names (1270 and 1271 are the same channel), when it is one. */
export function cwdmChannelNm(nm: number): number | undefined {
  return CWDM_CHANNELS_NM.find((c) => Math.abs(c - nm) <= 1);
}

/** Whether a client port of this kind centred at `centreNm` passes `nm`. */
export const passes = (kind: WdmKind, centreNm: number, nm: number): boolean => Math.abs(nm - centreNm) <= WDM_KIND_SPECS[kind].halfWidthNm;

/** "1471 nm", "1560.61 nm (ITU C21)". */
export function wavelengthWords(nm: number): string {
  const ch = cwdmChannelNm(nm) === undefined ? ituChannelOf(nm) : undefined;
  return ch === undefined ? `${nm} nm` : `${nm} nm (ITU C${ch})`;
}

// ---------------------------------------------------------------------------------------------
// Splitters and taps

export const SPLIT_KINDS = ["tap", "splitter"] as const;
/** "tap": a monitoring TAP whose branches are one-way monitor outputs; "splitter": a 1×N splitter, both ways. */
export type SplitKind = (typeof SPLIT_KINDS)[number];

export interface SplitKindSpec {
  readonly kind: SplitKind;
  readonly name: string;
  /** Loss over the ideal 10·log10(1/share) of each output, when the part states none. */
  readonly excessLossDb: number;
  readonly tag: Confidence;
  readonly note: string;
}

export const SPLIT_KIND_SPECS: Readonly<Record<SplitKind, SplitKindSpec>> = {
  tap: {
    kind: "tap",
    name: "passive TAP",
    excessLossDb: 0.4,
    tag: "U",
    note: "typical datasheet maximum over the ideal split of a fused-biconic or thin-film TAP (70/30: 1.9 dB live, 5.6 dB monitor)",
  },
  splitter: {
    kind: "splitter",
    name: "PLC splitter",
    excessLossDb: 0.8,
    tag: "U",
    note: "typical datasheet maximum over the ideal split of a 1×N PLC splitter (1×2: 3.8 dB, 1×8: 9.8 dB)",
  },
};

/** The loss of one output that carries `share` (0–1] of the light: 10·log10(1/share) + excess. */
export const shareLossDb = (share: number, excessDb: number): number => 10 * Math.log10(1 / share) + excessDb;
