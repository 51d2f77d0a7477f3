/**
 * A channel's findings as an engineer reads them: the lanes of one fault grouped into one finding
 * (a polarity fault is reported once per direction, Tx meeting Tx and Rx meeting Rx, for every lane;
 * it is one problem), with the component most likely at fault and the change that fixes it.
 *
 * The stored judgement is left as the engine wrote it; this is presentation over it and over the
 * channel's fibers as traced.
 */
import { FINDING_CODES, type FindingCode } from "./findings";

/** One hop of a traced fiber, as the trace reports it. */
export interface ExplainHop {
  readonly kind: "cable" | "module" | "adapter";
  readonly id: string;
  readonly label: string;
  readonly polarity?: string | null;
  readonly cableKind?: string | null;
  readonly method?: string | null;
  readonly key?: string | null;
}

/** One traced fiber: whether it reaches the right lane, whether it reaches an optic at all, its hops. */
export interface ExplainFiber {
  readonly ok: boolean;
  readonly reachesOptic: boolean;
  readonly hops: readonly ExplainHop[];
}

export interface ExplainInput {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
}

export interface Culprit {
  readonly hop: ExplainHop;
  /** Lanes its change would put right, of the lanes at fault. */
  readonly fixes: number;
  readonly of: number;
  /** What to do, in words: "replace F-SRV8 with an A-to-A cord". */
  readonly fix: string;
  /** Parts whose change would do as much, as cheaply (either one fixes it): "N-L3-8". */
  readonly or: readonly { readonly hop: ExplainHop; readonly fix: string }[];
}

export interface GroupedFinding {
  readonly code: string;
  readonly severity: string;
  /** The fault in a few words: "Polarity", "Loss over the limit". */
  readonly title: string;
  /** The engine's messages it groups, each once. */
  readonly messages: readonly string[];
  readonly culprit: Culprit | null;
}

const POLARITY_CODES: ReadonlySet<string> = new Set(["POLARITY_TX_TO_TX", "POLARITY_RX_TO_RX"]);

/** The engine's own title of a code (findings.ts); a grouped polarity fault has one of its own. */
const titleOf = (code: string) =>
  code === "POLARITY" ? "Polarity: fibers reach the wrong lane, in both directions" : code in FINDING_CODES ? FINDING_CODES[code as FindingCode].title : code;

const SEVERITY_ORDER: Readonly<Record<string, number>> = { error: 0, warning: 1, info: 2 };

/** Groups a channel's findings: polarity faults of both directions into one, the others by code. */
export function groupFindings(findings: readonly ExplainInput[], fibers: readonly ExplainFiber[]): GroupedFinding[] {
  const groups = new Map<string, { code: string; severity: string; messages: string[] }>();
  for (const f of findings) {
    const code = POLARITY_CODES.has(f.code) ? "POLARITY" : f.code;
    const g = groups.get(code) ?? { code, severity: f.severity, messages: [] };
    if ((SEVERITY_ORDER[f.severity] ?? 3) < (SEVERITY_ORDER[g.severity] ?? 3)) g.severity = f.severity;
    if (!g.messages.includes(f.message)) g.messages.push(f.message);
    groups.set(code, g);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, title: titleOf(g.code), culprit: g.code === "POLARITY" ? likelyCulprit(fibers) : null }))
    .sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3));
}

/**
 * Cheapest to change first, and the change that moves no other channel: a duplex cord (it carries
 * this channel alone), then an MPO cord, a harness or conversion cord, a trunk (changing it moves
 * every channel it carries), a cassette, an adapter.
 */
function rank(h: ExplainHop): number {
  if (h.kind === "cable") {
    if (h.polarity === "AB" || h.polarity === "AA") return 0;
    return h.cableKind === "patch-cord" ? 1 : h.cableKind === "trunk" ? 3 : 2;
  }
  return h.kind === "module" ? 4 : 5;
}

/**
 * The part whose change puts the most lanes right: every fiber that reaches an optic on the wrong
 * lane crosses it, and as few right ones as can be (changing its polarity would turn those wrong).
 * Among equals, the cheapest to change; parts still equal after that (the two cords of a method A
 * channel) are all named, in label order, so both ends of the channel say the same.
 */
export function likelyCulprit(fibers: readonly ExplainFiber[]): Culprit | null {
  const wrong = fibers.filter((f) => f.reachesOptic && !f.ok);
  if (wrong.length === 0) return null;
  const score = new Map<string, { hop: ExplainHop; bad: number; good: number }>();
  for (const f of fibers) {
    if (!f.reachesOptic) continue;
    const seen = new Set<string>();
    f.hops.forEach((h) => {
      const k = `${h.kind}|${h.id}`;
      if (seen.has(k)) return;
      seen.add(k);
      const s = score.get(k) ?? { hop: h, bad: 0, good: 0 };
      if (f.ok) s.good++;
      else s.bad++;
      score.set(k, s);
    });
  }
  const ranked = [...score.values()]
    .filter((s) => s.bad > 0)
    .sort((a, b) => b.bad - b.good - (a.bad - a.good) || rank(a.hop) - rank(b.hop) || a.hop.label.localeCompare(b.hop.label, "en", { numeric: true }));
  const best = ranked[0];
  if (!best) return null;
  const equal = ranked.slice(1).filter((s) => s.bad - s.good === best.bad - best.good && rank(s.hop) === rank(best.hop));
  return { hop: best.hop, fixes: best.bad, of: wrong.length, fix: fixFor(best.hop), or: equal.map((s) => ({ hop: s.hop, fix: fixFor(s.hop) })) };
}

const OTHER_DUPLEX: Readonly<Record<string, string>> = { AB: "A-to-A", AA: "A-to-B" };
const OTHER_TYPE: Readonly<Record<string, string>> = { A: "Type B", B: "Type A", C: "Type B" };

/** The change that reverses the fibers through a part, in words. */
export function fixFor(h: ExplainHop): string {
  if (h.kind === "cable") {
    const what = h.cableKind === "patch-cord" || !h.cableKind ? "cord" : h.cableKind;
    const p = h.polarity ?? "";
    if (OTHER_DUPLEX[p]) return `replace ${h.label} with an ${OTHER_DUPLEX[p]} ${what}`;
    if (OTHER_TYPE[p]) return `replace ${h.label} with a ${OTHER_TYPE[p]} ${what}`;
    return `replace ${h.label} with a ${what} of the other polarity type`;
  }
  if (h.kind === "module") return `check cassette ${h.label}${h.method ? ` (method ${h.method})` : ""}: a cassette of the method the other end uses puts it right`;
  return `check adapter ${h.label}${h.key ? ` (key ${h.key})` : ""}: its key type reverses the fibers`;
}
