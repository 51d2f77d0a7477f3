/**
 * Findings: every problem the engine reports has a stable code, a severity fixed by this table,
 * the elements and positions it concerns, and one sentence a technician understands.
 */

export type Severity = "error" | "warning" | "info";

export interface FindingCodeSpec {
  readonly severity: Severity;
  readonly title: string;
}

/** The single list of finding codes. */
export const FINDING_CODES = {
  // Matings (reference §3)
  CONNECTOR_FAMILY_MISMATCH: { severity: "error", title: "Connectors of different families do not mate" },
  MPO_GENDER_MALE_MALE: { severity: "error", title: "Two pinned MPO connectors mated" },
  MPO_GENDER_FEMALE_FEMALE: { severity: "error", title: "Two unpinned MPO connectors mated" },
  POLISH_MISMATCH: { severity: "error", title: "APC mated with UPC/PC" },
  APC_ALIGNED_KEY_ADAPTER: { severity: "error", title: "APC MPO through a key-up to key-up adapter" },
  FIBER_MODE_MISMATCH: { severity: "error", title: "Single-mode and multimode joined" },
  FIBER_GRADE_MIX: { severity: "warning", title: "Different fiber grades in one channel" },
  // Polarity and lanes (reference §6)
  POLARITY_TX_TO_TX: { severity: "error", title: "Transmitter meets transmitter" },
  POLARITY_RX_TO_RX: { severity: "error", title: "Receiver meets receiver" },
  POLARITY_UNUSED_POSITION: { severity: "error", title: "Fiber lands on an unused position" },
  POLARITY_OPEN_PORT: { severity: "error", title: "Fiber ends at an open port" },
  POLARITY_OPEN_CABLE_END: { severity: "error", title: "Fiber ends at an unplugged cable end" },
  POLARITY_DEAD_END: { severity: "error", title: "Fiber ends inside a component" },
  FIBER_COUNT_TOO_SMALL: { severity: "error", title: "A connector has no fiber at a position the channel needs" },
  LANE_PAIR_SPLIT: { severity: "error", title: "A lane's transmit and receive fibers reach different far ends" },
  LANES_SWAPPED: { severity: "warning", title: "Tx reaches Rx but on another lane" },
  PORT_MAP_CROSSED: { severity: "warning", title: "Permanent link lands on a different port number" },
  APPLICATION_MISMATCH: { severity: "error", title: "The two ends run different applications" },
  // Wavelength multiplexers and taps (wdm.ts)
  WDM_WAVELENGTH_MISMATCH: { severity: "error", title: "An optic's wavelength is not the WDM port's" },
  WDM_GREY_OPTIC: { severity: "error", title: "A grey optic on a coloured WDM port" },
  WDM_NO_CHANNEL: { severity: "error", title: "A wavelength reaches a WDM with no port for it" },
  TAP_MONITOR_REVERSED: { severity: "error", title: "A tap's monitor output meets a transmitter" },
  // Budget (reference §9, §10)
  LOSS_OVER_LIMIT: { severity: "error", title: "Channel insertion loss over the application's limit" },
  LENGTH_OVER_REACH: { severity: "error", title: "Channel longer than the application's reach" },
  LIMITS_UNKNOWN: { severity: "info", title: "No verified limit for this application and fiber" },
  // Structure
  TRACE_LOOP: { severity: "error", title: "Fiber path loops back on itself" },
  MODEL_UNKNOWN_TYPE: { severity: "error", title: "Unknown component type" },
  MODEL_BAD_REFERENCE: { severity: "error", title: "Reference to a missing element" },
  MODEL_SLOT_TAKEN: { severity: "error", title: "Two plugs in one side of a port" },
  MODEL_INNER_SIDE: { severity: "error", title: "Plug in the inner side of a module port" },
  MODEL_NO_TRANSCEIVER: { severity: "error", title: "Cable plugged into an empty cage" },
} as const satisfies Record<string, FindingCodeSpec>;

export type FindingCode = keyof typeof FINDING_CODES;

export const severityOf = (code: FindingCode): Severity => FINDING_CODES[code].severity;

export type ElementKind = "port" | "cable" | "module" | "transceiver" | "device";

/** An element a finding concerns; `positions` are plug positions on that side, or MDI positions. */
export interface ElementRef {
  readonly kind: ElementKind;
  readonly id: string;
  readonly side?: "front" | "rear";
  readonly connector?: string;
  readonly positions?: readonly number[];
  /** Lanes concerned, on transceiver ports. */
  readonly lanes?: readonly number[];
}

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  readonly elements: readonly ElementRef[];
  /** The channel key, when the finding belongs to a channel. */
  readonly channel?: string;
  /** Numbers behind the verdict (loss, limit, length, reach), when any. */
  readonly figures?: Readonly<Record<string, number | string>>;
}

export function finding(
  code: FindingCode,
  message: string,
  elements: readonly ElementRef[],
  extra: { channel?: string; figures?: Readonly<Record<string, number | string>> } = {},
): Finding {
  return { code, severity: severityOf(code), message, elements, ...extra };
}

/** A stable identity for de-duplicating the same finding reported by several channels. */
export const findingKey = (f: Finding): string =>
  `${f.code}|${f.elements.map((e) => `${e.kind}:${e.id}:${e.side ?? ""}:${e.connector ?? ""}:${(e.positions ?? []).join(",")}`).join("|")}`;

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

export const compareFindings = (a: Finding, b: Finding): number =>
  SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
  (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
  (findingKey(a) < findingKey(b) ? -1 : findingKey(a) > findingKey(b) ? 1 : 0);

export type Verdict = "pass" | "warning" | "fail";

export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === "error")) return "fail";
  if (findings.some((f) => f.severity === "warning")) return "warning";
  return "pass";
}

/** "1-4, 9" for [1, 2, 3, 4, 9]. */
export function formatList(ns: readonly number[]): string {
  const s = [...new Set(ns)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${s[i]}-${s[j]}` : j === i ? `${s[i]}` : `${s[i]}, ${s[j]}`);
    i = j + 1;
  }
  return parts.join(", ");
}
