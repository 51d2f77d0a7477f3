/**
 * Component types: cables (cords, trunks, harnesses, conversion cords), modules (cassettes) and
 * transceivers. Every type is plain data with an explicit position map; the trace applies the
 * maps generically.
 */
import type { Confidence } from "./confidence";
import type { ConnectorFamily, ConnectorSpec, Gender, Polish } from "./connectors";
import type { FiberGrade, FiberMode } from "./fiber";
import type { AdapterKey, CablePolarityType, Fiber, FiberEnd } from "./position-maps";
import type { SplitKind, WdmKind } from "./wdm";

export type CableEnd = "a" | "b";

/** One connector of a cable: its id inside the type ("a1", "b3"), its end, and what it is. */
export interface CableConnector extends ConnectorSpec {
  readonly id: string;
  readonly end: CableEnd;
  /** Leg number on a breakout end (harness or conversion cord legs, trunk legs). */
  readonly leg?: number;
}

export const CABLE_KINDS = ["patch-cord", "trunk", "harness", "conversion"] as const;
export type CableKind = (typeof CABLE_KINDS)[number];

/** Duplex cord polarity: "AB" = A-to-B, "AA" = A-to-A (reference §4). */
export type DuplexPolarity = "AB" | "AA";

export interface CableType {
  readonly kind: "cable";
  readonly id: string;
  readonly name: string;
  readonly cableKind: CableKind;
  readonly fiber: FiberGrade;
  readonly connectors: readonly CableConnector[];
  /** The position map: each fiber from an A-end connector position to a B-end connector position. */
  readonly fibers: readonly Fiber[];
  /** Polarity type for display and cross-checks; the map is what the trace uses. */
  readonly polarity?: CablePolarityType | DuplexPolarity;
  /**
   * The map is a deliberate shuffle (a mesh or shuffle cord between cassettes): fibers change port
   * number on purpose, so a permanent link across it is not held to port k → k (PORT_MAP_CROSSED).
   */
  readonly shuffle?: boolean;
  /** Overrides the site's mated-pair loss for pairs formed with this type's connectors. */
  readonly matedPairLossDb?: number;
  readonly tag?: Confidence;
  readonly note?: string;
}

/**
 * A port of a module (cassette): an adapter in the module's wall. Its outer side faces the
 * patch field (front ports) or the trunk (rear ports); its inner side holds the module's own
 * internal plug, whose properties are given here.
 */
export interface ModulePort extends ConnectorSpec {
  readonly name: string;
  readonly role: "front" | "rear";
  /** The adapter's key type. */
  readonly key: AdapterKey;
  /**
   * A WDM client port: the centre of the one band it passes, in nm (an ITU channel turned into nm,
   * see wdm.ts). Only on the front ports of a module type with `wdm`.
   */
  readonly wavelengthNm?: number;
}

/**
 * A passive wavelength multiplexer/demultiplexer: its client (front) ports carry `wavelengthNm`
 * and their fibers share the positions of the line (rear) port — several fibers of the map end at
 * one line position. The trace leaves the line by the client port whose band holds the lane's
 * wavelength.
 */
export interface WdmSpec {
  readonly kind: WdmKind;
  /** One pass (client ↔ line), when the part states it; else the kind's default (wdm.ts). */
  readonly insertionLossDb?: number;
}

/**
 * One branch of a splitter: light entering the module at `from` (the common end of a fiber of the
 * map) leaves by `to` as well, with `share` of it. The fiber of the map from `from` carries what the
 * branches leave (1 − their shares).
 */
export interface SplitBranch {
  readonly from: FiberEnd;
  readonly to: FiberEnd;
  /** Share of the light, 0 < share < 1 (0.3 for the monitor of a 70/30 tap). */
  readonly share: number;
}

/**
 * A tap or splitter. A tap's branches are monitor outputs: one way, they only transmit to a tool's
 * receiver. A splitter's branches work both ways (a PON splitter).
 */
export interface SplitSpec {
  readonly kind: SplitKind;
  readonly branches: readonly SplitBranch[];
  /** Loss over the ideal split, per output, when the part states it; else the kind's default. */
  readonly excessLossDb?: number;
}

/**
 * TIA-568.3 methods, plus the vendor variants sold under other names: "AF" (a method A cassette
 * with every duplex pair flipped, FS "Type AF"), and universal cassettes wired in the other A/B
 * orientation ("U1-flipped", "U2-flipped": port k carries k on B and n+1-k on A).
 */
export const MODULE_METHODS = ["A", "AF", "B", "B-relabeled", "C", "U1", "U1-flipped", "U2", "U2-flipped"] as const;
export type ModuleMethod = (typeof MODULE_METHODS)[number];

export interface ModuleType {
  readonly kind: "module";
  readonly id: string;
  readonly name: string;
  readonly fiber: FiberGrade;
  readonly ports: readonly ModulePort[];
  /**
   * Internal map, in the positions of the module's internal plugs: `a` is a rear port and a
   * position on its internal plug, `b` a front port and a position on its internal plug.
   */
  readonly fibers: readonly Fiber[];
  readonly method?: ModuleMethod;
  /** A wavelength multiplexer: the client ports' fibers share the line port's positions. */
  readonly wdm?: WdmSpec;
  /** A tap or splitter: branch outputs besides the one-to-one map. */
  readonly split?: SplitSpec;
  readonly matedPairLossDb?: number;
  readonly tag?: Confidence;
  readonly note?: string;
}

export const LANE_ROLES = ["tx", "rx", "bidi"] as const;
export type LaneRole = (typeof LANE_ROLES)[number];

/** A used MDI position of a transceiver; positions not listed are unused. */
export interface Lane {
  /** MDI position (looking into the receptacle, keyway up). */
  readonly position: number;
  readonly role: LaneRole;
  /** Lane number, 1-based. Tx lane i pairs with Rx lane i. */
  readonly lane: number;
  /** Bidirectional fibers: TR transmits λ1 and receives λ2, RT the reverse. */
  readonly face?: "TR" | "RT";
}

export interface TransceiverType {
  readonly kind: "transceiver";
  readonly id: string;
  readonly name: string;
  readonly formFactor: string;
  /** Application id, see applications.ts. */
  readonly application: string;
  readonly receptacle: {
    readonly family: ConnectorFamily;
    readonly gender?: Gender;
    /** null when the polish is vendor specific. */
    readonly polish: Polish | null;
  };
  readonly mode: FiberMode;
  readonly lanes: readonly Lane[];
  /** A coloured (CWDM/DWDM) optic's wavelength in nm; a grey optic has none. */
  readonly wavelengthNm?: number;
  /** NetBox interface type. */
  readonly netbox: string;
  readonly tag?: Confidence;
  readonly note?: string;
}

export type ComponentType = CableType | ModuleType | TransceiverType;
