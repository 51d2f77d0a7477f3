/**
 * Mating rules (reference §3), as a table: every mating is checked against every rule. A mating
 * is an adapter port with the plugs in its sides, or a transceiver receptacle with its plug.
 * Plug-against-adapter rules apply as soon as one plug is in; plug-against-plug rules when both are.
 */
import type { Confidence } from "../confidence";
import {
  FAMILIES,
  POLISH_CLASS,
  familiesMate,
  isFused,
  type ConnectorFamily,
  type Gender,
  type Polish,
} from "../connectors";
import type { FiberGrade, FiberMode } from "../fiber";
import { finding, type ElementRef, type Finding, type FindingCode } from "../findings";
import type { AdapterKey } from "../position-maps";

/** One party of a mating: a cable (or module) plug, or a transceiver's receptacle. */
export interface MatingParty {
  readonly family: ConnectorFamily;
  readonly gender?: Gender;
  /** null: vendor-specific polish (not checked). */
  readonly polish: Polish | null;
  readonly mode: FiberMode;
  readonly grade?: FiberGrade;
  /** "cable T12 (a1)", "the 100GBASE-SR4 transceiver". */
  readonly label: string;
  readonly ref: ElementRef;
}

export interface Mating {
  readonly kind: "adapter" | "receptacle";
  /** "pp1:3", the port concerned. */
  readonly portLabel: string;
  readonly port: ElementRef;
  /** The adapter's family and key; for a receptacle, the receptacle's family. */
  readonly family: ConnectorFamily;
  readonly key?: AdapterKey;
  readonly a?: MatingParty;
  readonly b?: MatingParty;
}

interface MatingRule {
  readonly code: FindingCode;
  readonly tag: Confidence;
  /** Returns the message when the rule is broken, else undefined. */
  readonly check: (m: Mating) => string | undefined;
  /** A broken rule that makes the rest meaningless (the plugs do not mate at all). */
  readonly stops?: boolean;
}

const both = (m: Mating): [MatingParty, MatingParty] | undefined => (m.a && m.b ? [m.a, m.b] : undefined);
const plugs = (m: Mating): MatingParty[] => [m.a, m.b].filter((p): p is MatingParty => p !== undefined);
const isMpo = (p: MatingParty) => FAMILIES[p.family].array;
const where = (m: Mating) => (m.kind === "adapter" ? `the ${m.family} adapter ${m.portLabel}` : `the transceiver in ${m.portLabel}`);

export const MATING_RULES: readonly MatingRule[] = [
  {
    code: "CONNECTOR_FAMILY_MISMATCH",
    tag: "V",
    stops: true,
    check: (m) => {
      if (m.kind === "adapter") {
        const bad = plugs(m).find((p) => !familiesMate(m.family, p.family));
        if (bad) return `${bad.label} is ${bad.family} and does not fit ${where(m)}.`;
      }
      const ab = both(m);
      if (ab && !familiesMate(ab[0].family, ab[1].family))
        return `${ab[0].label} (${ab[0].family}) and ${ab[1].label} (${ab[1].family}) do not mate at ${m.portLabel}.`;
      return undefined;
    },
  },
  {
    code: "MPO_GENDER_MALE_MALE",
    tag: "V",
    check: (m) => {
      const ab = both(m);
      if (!ab || !isMpo(ab[0]) || !isMpo(ab[1]) || ab[0].gender !== "male" || ab[1].gender !== "male") return undefined;
      return m.kind === "receptacle"
        ? `${ab[1].label} is pinned (male) but transceiver MPO receptacles are pinned: use a female (unpinned) cord at ${m.portLabel}.`
        : `${ab[0].label} and ${ab[1].label} are both pinned (male) at ${m.portLabel}: the pins collide and the end faces can be damaged.`;
    },
  },
  {
    code: "MPO_GENDER_FEMALE_FEMALE",
    tag: "V",
    check: (m) => {
      const ab = both(m);
      if (!ab || !isMpo(ab[0]) || !isMpo(ab[1]) || ab[0].gender !== "female" || ab[1].gender !== "female") return undefined;
      return `${ab[0].label} and ${ab[1].label} are both unpinned (female) at ${m.portLabel}: nothing aligns the ferrules, so loss is high and erratic.`;
    },
  },
  {
    code: "POLISH_MISMATCH",
    tag: "V",
    check: (m) => {
      const ab = both(m);
      if (!ab || ab[0].polish === null || ab[1].polish === null) return undefined;
      // A fusion splice has no end faces: polish does not apply.
      if (isFused(ab[0].family) || isFused(ab[1].family)) return undefined;
      if (POLISH_CLASS[ab[0].polish] === POLISH_CLASS[ab[1].polish]) return undefined;
      return `${ab[0].label} is ${ab[0].polish} and ${ab[1].label} is ${ab[1].polish} at ${m.portLabel}: the air gap gives very high loss and can damage the end faces.`;
    },
  },
  {
    code: "APC_ALIGNED_KEY_ADAPTER",
    tag: "V",
    check: (m) => {
      if (m.kind !== "adapter" || m.key !== "B") return undefined;
      const apc = plugs(m).find((p) => isMpo(p) && p.polish === "APC");
      if (!apc) return undefined;
      return `${apc.label} is APC but the adapter ${m.portLabel} is key-up to key-up; angled MPO faces meet only through a key-up to key-down (Type A) adapter.`;
    },
  },
  {
    code: "FIBER_MODE_MISMATCH",
    tag: "V",
    check: (m) => {
      const ab = both(m);
      if (!ab || ab[0].mode === ab[1].mode) return undefined;
      const name = (p: MatingParty) => `${p.label} (${p.mode === "SM" ? "single-mode" : "multimode"})`;
      return `${name(ab[0])} meets ${name(ab[1])} at ${m.portLabel}: the coupling loss is huge.`;
    },
  },
  {
    code: "FIBER_GRADE_MIX",
    tag: "V",
    check: (m) => {
      const ab = both(m);
      if (!ab || ab[0].mode !== ab[1].mode || !ab[0].grade || !ab[1].grade || ab[0].grade === ab[1].grade) return undefined;
      return `${ab[0].label} (${ab[0].grade}) meets ${ab[1].label} (${ab[1].grade}) at ${m.portLabel}: the channel's limits fall to the lower grade.`;
    },
  },
];

/** The findings of one mating. */
export function checkMating(m: Mating, channel?: string): Finding[] {
  const out: Finding[] = [];
  const elements = [m.port, ...plugs(m).map((p) => p.ref)];
  for (const rule of MATING_RULES) {
    const msg = rule.check(m);
    if (msg === undefined) continue;
    out.push(finding(rule.code, msg, elements, channel === undefined ? {} : { channel }));
    if (rule.stops) break;
  }
  return out;
}
