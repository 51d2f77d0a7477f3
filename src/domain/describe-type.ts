/**
 * A component type's traits in words, for the catalog: gender, polish, fiber count, loss grade and
 * polarity (type or method). Read from the type's own data and the engine's tables, so a new
 * harness or method is described without a new case here.
 */
import { getApplication } from "./applications";
import { HARNESSES, methodPart } from "./catalog/modules";
import type { ComponentType, ModuleMethod } from "./components";
import { FAMILIES, isConnectorFamily, isFused, type ConnectorSpec } from "./connectors";
import { LOSS_DEFAULTS } from "./loss";
import { ADAPTER_KEY_NAMES, CABLE_MAP_RULES, type CablePolarityType } from "./position-maps";
import { SPLIT_KIND_SPECS, WDM_KIND_SPECS, shareLossDb, wavelengthWords } from "./wdm";

export interface TypeTraits {
  readonly gender: string;
  readonly polish: string;
  readonly fiberCount: string;
  readonly lossGrade: string;
  readonly polarity: string;
}

const GENDER_WORDS = { male: "male (pinned)", female: "female (unpinned)" } as const;
const POLISH_WORDS = { PC: "PC", UPC: "UPC (flat)", APC: "APC (angled)" } as const;

const isArray = (c: ConnectorSpec) => isConnectorFamily(c.family) && FAMILIES[c.family].array;

const distinctJoin = (xs: readonly string[], sep = " / ") => [...new Set(xs)].join(sep);

function genderWords(sides: readonly { label: string; c: ConnectorSpec }[]): string {
  const gendered = sides.filter((s) => isArray(s.c) && s.c.gender !== undefined);
  if (gendered.length === 0) return `none (${distinctJoin(sides.map((s) => s.c.family))} has no gender)`;
  const byLabel = new Map<string, Set<string>>();
  for (const s of gendered) byLabel.set(s.label, (byLabel.get(s.label) ?? new Set()).add(GENDER_WORDS[s.c.gender!]));
  const sideCount = new Set(sides.map((s) => s.label)).size;
  if (byLabel.size === 1 && sideCount > 1 && gendered.length < sides.length) {
    // Only one side is gendered (a cassette's MPO rear): say which.
    const [label, g] = [...byLabel][0]!;
    return `${label} ${[...g].join(" and ")}`;
  }
  if (byLabel.size === 1 || new Set(gendered.map((s) => s.c.gender)).size === 1) return GENDER_WORDS[gendered[0]!.c.gender!];
  return [...byLabel].map(([l, g]) => `${l} ${[...g].join(" and ")}`).join(", ");
}

const fused = (c: ConnectorSpec) => isConnectorFamily(c.family) && isFused(c.family);

function polishWords(given: readonly { label: string; c: ConnectorSpec }[]): string {
  // A fusion splice has no end face: its polish is not a trait.
  const sides = given.filter((s) => !fused(s.c));
  if (sides.length === 0) return "none (fusion splices have no end face)";
  const byLabel = new Map<string, Set<string>>();
  for (const s of sides) byLabel.set(s.label, (byLabel.get(s.label) ?? new Set()).add(POLISH_WORDS[s.c.polish]));
  const all = new Set(sides.map((s) => POLISH_WORDS[s.c.polish]));
  if (all.size === 1) return [...all][0]!;
  return [...byLabel].map(([l, p]) => `${l} ${[...p].join(" and ")}`).join(", ");
}

function lossWords(all: readonly ConnectorSpec[], override: number | undefined): string {
  const splices = all.some(fused) ? `; fusion splices ${LOSS_DEFAULTS.splice.db} dB each` : "";
  const connectors = all.filter((c) => !fused(c));
  if (connectors.length === 0) return `fusion splices ${LOSS_DEFAULTS.splice.db} dB each`;
  return matedLossWords(connectors, override) + splices;
}

function matedLossWords(connectors: readonly ConnectorSpec[], override: number | undefined): string {
  if (override !== undefined) return `${override} dB per mated pair (stated for this type)`;
  const grades = new Set(connectors.map((c) => c.grade ?? "standard"));
  if (grades.size === 1 && grades.has("low-loss"))
    return `low loss (${LOSS_DEFAULTS["pair-low-loss"].db} dB per mated pair when both connectors are low loss)`;
  if (grades.has("low-loss")) return "mixed: some connectors low loss, the others standard";
  return `standard (${LOSS_DEFAULTS["pair-standard"].db} dB per mated pair)`;
}

const METHOD_NAME: Readonly<Record<ModuleMethod, string>> = {
  A: "method A",
  AF: "type AF (method A, pairs flipped)",
  B: "method B",
  "B-relabeled": "method B, inverted and relabeled",
  C: "method C",
  U1: "method U1 (universal)",
  "U1-flipped": "universal U1, other A/B orientation",
  U2: "method U2 (universal)",
  "U2-flipped": "universal U2, other A/B orientation",
};

/** The words of a method: its name, its harness and its rear adapter, from the engine's table. */
export function methodWords(m: ModuleMethod): string {
  const p = methodPart(m);
  return `${METHOD_NAME[m]}: ${HARNESSES[p.harness].label}; rear adapter ${ADAPTER_KEY_NAMES[p.rearKey]}`;
}

const CABLE_POLARITY_WORDS = (p: CablePolarityType | "AB" | "AA", duplex: boolean): string => {
  if (p === "AB") return "A-to-B (crossed: A meets B)";
  if (p === "AA") return "A-to-A (straight: A meets A)";
  if (duplex) return p === "A" ? "A-to-A (straight)" : p === "B" ? "A-to-B (crossed)" : `Type ${p}`;
  return `Type ${p}: ${CABLE_MAP_RULES[p].note}`;
};

export function typeTraits(t: ComponentType): TypeTraits {
  switch (t.kind) {
    case "cable": {
      const sides = t.connectors.map((c) => ({ label: `end ${c.end}`, c }));
      const duplex = !t.connectors.some(isArray);
      const legs = t.connectors.filter((c) => c.end === "b").length;
      return {
        gender: genderWords(sides),
        polish: polishWords(sides),
        fiberCount: `${t.fibers.length} fiber${t.fibers.length === 1 ? "" : "s"}${legs > 1 ? ` in ${legs} legs` : ""}`,
        lossGrade: lossWords(t.connectors, t.matedPairLossDb),
        polarity: t.polarity ? CABLE_POLARITY_WORDS(t.polarity, duplex) : "explicit map (see the type)",
      };
    }
    case "module": {
      if (t.wdm || t.split) return specialTraits(t);
      const sides = t.ports.map((p) => ({ label: p.role === "rear" ? "rear" : "fronts", c: p }));
      const rears = t.ports.filter((p) => p.role === "rear");
      const fronts = t.ports.filter((p) => p.role === "front");
      const count = (ps: typeof rears) =>
        distinctJoin(
          [...new Set(ps.map((p) => p.family))].map((f) => `${ps.filter((p) => p.family === f).length} × ${f}`),
          " + ",
        );
      return {
        gender: genderWords(sides),
        polish: polishWords(sides),
        fiberCount: `${t.fibers.length} fibers: ${count(rears)} rear to ${count(fronts)} front`,
        lossGrade: lossWords(t.ports, t.matedPairLossDb),
        polarity: t.method
          ? methodWords(t.method)
          : rears.every(fused)
            ? "explicit map; rear fusion-spliced, one splice per fiber"
            : `explicit map; rear adapter ${distinctJoin(rears.map((r) => ADAPTER_KEY_NAMES[r.key]))}`,
      };
    }
    case "transceiver": {
      const r = t.receptacle;
      const tx = t.lanes.filter((l) => l.role === "tx" || l.face === "TR").length;
      return {
        gender: r.gender ? `receptacle ${GENDER_WORDS[r.gender]}` : `none (${r.family} has no gender)`,
        polish: r.polish ? POLISH_WORDS[r.polish] : "vendor specific",
        fiberCount: `${t.lanes.length} fibers (${tx} lane${tx === 1 ? "" : "s"})`,
        lossGrade: "not a mated pair (the transceiver's own mating is not counted)",
        polarity: `${getApplication(t.application)?.name ?? t.application}: lane roles fixed by the application${t.wavelengthNm !== undefined ? `; coloured optic, ${wavelengthWords(t.wavelengthNm)}` : ""}`,
      };
    }
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** A WDM's channels and pass loss, a splitter's shares and output losses, in words. */
function specialTraits(t: Extract<ComponentType, { kind: "module" }>): TypeTraits {
  const sides = t.ports.map((p) => ({ label: p.role === "rear" ? "rear" : "fronts", c: p }));
  const rears = t.ports.filter((p) => p.role === "rear");
  const base = { gender: genderWords(sides), polish: polishWords(sides) };
  const mated = matedLossWords(t.ports, t.matedPairLossDb);
  if (t.wdm) {
    const spec = WDM_KIND_SPECS[t.wdm.kind];
    const nm = t.ports.flatMap((p) => (p.wavelengthNm !== undefined ? [p.wavelengthNm] : [])).sort((a, b) => a - b);
    const dark = t.ports.filter((p) => p.role === "front" && p.wavelengthNm === undefined).length;
    const il = t.wdm.insertionLossDb;
    return {
      ...base,
      fiberCount: `${spec.name} mux/demux: ${nm.length} channels, ${nm.length > 0 ? `${wavelengthWords(nm[0]!)} to ${wavelengthWords(nm[nm.length - 1]!)}` : "none"}${dark > 0 ? ` (+${dark} port${dark > 1 ? "s" : ""} without a channel)` : ""}, sharing line ${rears.map((r) => r.name).join(", ")}`,
      lossGrade: `${il !== undefined ? `${il} dB per pass (stated for this type)` : `${spec.insertionLossDb} dB per pass (${spec.name} default, tag ${spec.lossTag})`}; connectors ${mated}`,
      polarity: `each client port passes its own channel (± ${spec.halfWidthNm} nm, ${spec.grid}); a straight pass-through between client and line`,
    };
  }
  const sp = t.split!;
  const spec = SPLIT_KIND_SPECS[sp.kind];
  const excess = sp.excessLossDb ?? spec.excessLossDb;
  const shares = [...new Set(sp.branches.map((b) => b.share))];
  const taken = new Map<string, number>();
  for (const b of sp.branches) taken.set(`${b.from.connector}#${b.from.position}`, (taken.get(`${b.from.connector}#${b.from.position}`) ?? 0) + b.share);
  const through = [...new Set([...taken.values()].map((x) => round2(1 - x)))];
  const outputs = sp.branches.map((b) => b.to.connector);
  return {
    ...base,
    fiberCount: `${spec.name}: ${t.fibers.length} through fiber${t.fibers.length > 1 ? "s" : ""} and ${sp.branches.length} ${sp.kind === "tap" ? "monitor" : "branch"} output${sp.branches.length > 1 ? "s" : ""} (${[...new Set(outputs)].join(", ")})`,
    lossGrade: `${sp.kind === "tap" ? `live ${through.map((x) => `${Math.round(x * 100)}%`).join("/")}: ${through.map((x) => round2(shareLossDb(x, excess))).join("/")} dB; monitor ${shares.map((x) => `${Math.round(x * 100)}%`).join("/")}: ${shares.map((x) => round2(shareLossDb(x, excess))).join("/")} dB` : `each output ${shares.map((x) => `${Math.round(x * 100)}%`).join("/")}: ${shares.map((x) => round2(shareLossDb(x, excess))).join("/")} dB`} (excess ${excess} dB${sp.excessLossDb === undefined ? `, default, tag ${spec.tag}` : ""}); connectors ${mated}`,
    polarity: sp.kind === "tap" ? "live path by the type's map; monitor outputs one way, to a tool's receiver" : "every output both ways (a passive splitter)",
  };
}
