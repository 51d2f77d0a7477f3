/**
 * A connector and a component type in the words an engineer says: "MPO-12 male, APC",
 * "MPO-12 female, APC, OS2, Type B", "cassette: MPO-12 male, UPC rear to 6 × LC, UPC front, OM4,
 * method A". Read from the type's own data (the same fields the engine traces), so every page that
 * shows a connector says it the same way, and a type id never has to be read to know its gender.
 */
import type { CableConnector, ComponentType, CableType, ModuleType, TransceiverType } from "./components";
import { FAMILIES, isConnectorFamily, type ConnectorSpec } from "./connectors";

/** One connector: family, gender when it has one, polish. */
export function connectorWords(c: Pick<ConnectorSpec, "family" | "gender"> & { polish?: ConnectorSpec["polish"] | null }): string {
  return [`${c.family}${c.gender ? ` ${c.gender}` : ""}`, c.polish].filter(Boolean).join(", ");
}

/** A polarity in its short name: "Type B" for an MPO cable, "A-to-B" for a duplex cord. */
export function polarityWords(p: string | null | undefined, duplex: boolean): string | null {
  if (!p) return null;
  if (p === "AB") return "A-to-B";
  if (p === "AA") return "A-to-A";
  if (duplex) return p === "A" ? "A-to-A" : p === "B" ? "A-to-B" : `Type ${p}`;
  return `Type ${p}`;
}

/** Several connectors: "MPO-12 female, APC" or "4 × LC, UPC" or "MPO-8 female, UPC + LC, UPC". */
function groupWords(cs: readonly ConnectorSpec[]): string {
  const counts = new Map<string, number>();
  for (const c of cs) counts.set(connectorWords(c), (counts.get(connectorWords(c)) ?? 0) + 1);
  return [...counts].map(([w, n]) => (n > 1 ? `${n} × ${w}` : w)).join(" + ");
}

const isArrayFamily = (c: ConnectorSpec) => isConnectorFamily(c.family) && FAMILIES[c.family].array;

/** A cable: its ends (once when both are alike), its fiber and its polarity. */
export function cableWords(t: Pick<CableType, "connectors" | "fiber" | "polarity">): string {
  const end = (e: "a" | "b") => groupWords(t.connectors.filter((c: CableConnector) => c.end === e));
  const a = end("a");
  const b = end("b");
  const ends = a === b ? a : `${a} to ${b}`;
  const duplex = !t.connectors.some(isArrayFamily);
  return [ends, t.fiber, polarityWords(t.polarity, duplex)].filter(Boolean).join(", ");
}

const METHOD_SHORT: Readonly<Record<string, string>> = { "B-relabeled": "method B, relabeled", "U1-flipped": "method U1, flipped", "U2-flipped": "method U2, flipped" };

/** What a module is, in the words of the floor: a multiplexer and a tap or splitter are not cassettes. */
const MODULE_NOUNS: Readonly<Record<string, string>> = { cwdm: "CWDM mux/demux", dwdm: "DWDM mux/demux", tap: "TAP", splitter: "splitter" };

/** A cassette (or multiplexer, tap, splitter): its rear and front adapters, fiber and method. */
export function moduleWords(t: Pick<ModuleType, "ports" | "fiber" | "method" | "wdm" | "split">): string {
  const rear = groupWords(t.ports.filter((p) => p.role === "rear"));
  const front = groupWords(t.ports.filter((p) => p.role === "front"));
  const method = t.method ? (METHOD_SHORT[t.method] ?? `method ${t.method}`) : null;
  const noun = MODULE_NOUNS[t.wdm?.kind ?? t.split?.kind ?? ""] ?? "cassette";
  return [`${noun}: ${rear} rear to ${front} front`, t.fiber, method].filter(Boolean).join(", ");
}

/** Form factors as they are printed on the optic ("sfpp" → "SFP+"). */
const FORM_FACTOR_NAMES: Readonly<Record<string, string>> = { sfpp: "SFP+", qsfpp: "QSFP+", qsfpdd: "QSFP-DD" };

/** A transceiver: form factor, its receptacle and the fiber mode it needs. */
export function transceiverWords(t: Pick<TransceiverType, "formFactor" | "receptacle" | "mode">): string {
  return `${FORM_FACTOR_NAMES[t.formFactor] ?? t.formFactor.toUpperCase()} optic, ${connectorWords(t.receptacle)} receptacle, ${t.mode === "SM" ? "single-mode" : "multimode"}`;
}

/** Any component type in words. */
export function typeWords(t: ComponentType): string {
  switch (t.kind) {
    case "cable":
      return cableWords(t);
    case "module":
      return moduleWords(t);
    case "transceiver":
      return transceiverWords(t);
  }
}
