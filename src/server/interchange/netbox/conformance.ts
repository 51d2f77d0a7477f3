/**
 * The conformance run over real devicetype-library files: which files have fiber ports, and for
 * each one whether it imports (and as what), asks (which questions) or is refused (why, as one of
 * a fixed list of reasons, each saying whether the limit is the file's or Ferrule's).
 */
import { parse } from "yaml";
import { convertNetboxType, type NetboxTypeConversion } from "./devicetype";

/** NetBox front/rear port types that are fiber (netbox-interop.md, "Slugs to accept and emit"). */
export const FIBER_PORT_TYPE = /^(?:(?:lc|sc|fc|mu|lsh|lx5)(?:-(?:pc|upc|apc))?|mpo|mtrj|st|cs|sn|mdc|splice|sma-905|sma-906)$/;

/** Whether a devicetype-library file has at least one fiber front or rear port. */
export function hasFiberPorts(text: string): boolean {
  let js: unknown;
  try {
    js = parse(text.replace(/^\uFEFF/, ""), { uniqueKeys: false });
  } catch {
    return false;
  }
  if (js === null || typeof js !== "object") return false;
  const o = js as Record<string, unknown>;
  const ports = [o["front-ports"], o["rear-ports"]].flatMap((l) => (Array.isArray(l) ? (l as unknown[]) : []));
  return ports.some((p) => p !== null && typeof p === "object" && FIBER_PORT_TYPE.test(String((p as Record<string, unknown>).type ?? "")));
}

/** Why a file is refused: a short key, the words, and whose limit it is. */
export interface RefusalReason {
  readonly key: string;
  readonly words: string;
  /** "file": the file cannot describe a buildable part as written; "ferrule": Ferrule does not model it. */
  readonly limit: "file" | "ferrule";
  readonly match: RegExp;
}

export const REFUSAL_REASONS: readonly RefusalReason[] = [
  { key: "splice-mpo", words: "MPO fronts on a splice rear: the file gives no per-fiber map", limit: "file", match: /MPO on a splice rear/ },
  { key: "family", words: "a connector family the engine has none of (MU, LX.5, MT-RJ, SMA)", limit: "ferrule", match: /connectivity engine has no/ },
  { key: "wdm", words: "wavelength multiplexer whose file names no channel per port or no line port", limit: "file", match: /wavelength multiplexer/ },
  { key: "splitter", words: "splitter or tap whose file does not tell its input, outputs or split ratio", limit: "file", match: /optical tap \(a splitter\)/ },
  { key: "mesh", words: "mesh cassette whose file has no per-fiber map", limit: "file", match: /mesh \(shuffle\) cassette/ },
  { key: "duplex-rear", words: "several front ports mapped into one duplex or simplex rear port", limit: "file", match: /(duplex|simplex) connector of [12] fibers?, but declares/ },
  { key: "apc-aligned", words: "APC MPO on a key-up to key-up adapter: cannot mate as described", limit: "file", match: /cannot mate as described/ },
  {
    key: "copper",
    words: "copper ports on a part whose fiber side cannot be told (not a media converter: no single fiber port reached from copper)",
    limit: "ferrule",
    match: /is not a fiber connector/,
  },
  { key: "optic", words: "media converter whose fiber receptacle no built-in optic has", limit: "ferrule", match: /no built-in optic has one/ },
  { key: "hybrid", words: "hybrid adapter between two connector families", limit: "ferrule", match: /hybrid adapter/ },
  {
    key: "mpo-per-port",
    words: "fronts each passing to an MPO of one position: the file has no per-fiber map",
    limit: "file",
    match: /which MPO fiber each/,
  },
  { key: "mpo-mpo", words: "MPO fronts behind an MPO rear (conversion module)", limit: "ferrule", match: /MPO-to-MPO conversion/ },
  { key: "mpo-simplex", words: "simplex fronts behind an MPO rear", limit: "ferrule", match: /cassettes with simplex fronts/ },
  { key: "ports-and-bays", words: "fixed ports and bays in one type", limit: "ferrule", match: /both fixed front\/rear ports and bays/ },
  { key: "ports-and-interfaces", words: "fiber interfaces and passive ports in one type", limit: "ferrule", match: /both fiber interfaces and front\/rear ports/ },
];

const OTHER: RefusalReason = { key: "other", words: "another error in the file", limit: "file", match: /$^/ };

export function refusalReason(messages: readonly string[]): RefusalReason {
  for (const r of REFUSAL_REASONS) if (messages.some((m) => r.match.test(m))) return r;
  return OTHER;
}

export type ConformanceOutcome = "imported" | "asked" | "refused";

export interface ConformanceRow {
  readonly file: string;
  readonly outcome: ConformanceOutcome;
  /** The part family (imported or asked), or the refusal reason key. */
  readonly what: string;
  /** Imported: what was made and inferred; asked: the questions; refused: the first error. */
  readonly detail: string;
}

function summary(r: Extract<NetboxTypeConversion, { outcome: "converted" }>): string {
  const p = r.part;
  switch (p.family) {
    case "cassette": {
      const t = p.type;
      const rear = t.ports.filter((x) => x.role === "rear");
      const front = t.ports.filter((x) => x.role === "front");
      const r0 = rear[0]!;
      if (t.wdm) {
        const nm = front.flatMap((f) => (f.wavelengthNm !== undefined ? [f.wavelengthNm] : [])).sort((a, b) => a - b);
        const il = r.inferred.insertionLossDb;
        return `${t.wdm.kind.toUpperCase()} mux/demux: ${nm.length} channels ${nm[0]}–${nm[nm.length - 1]} nm${front.length > nm.length ? ` (+${front.length - nm.length} dark)` : ""} on line ${r0.name} (${r0.family} ${r0.polish}); IL ${il?.value ?? "?"} dB${il?.source === "rule" ? " (default)" : ""}; ${t.fiber}`;
      }
      if (t.split) {
        const shares = [...new Set(t.split.branches.map((b) => b.share))].join("/");
        return `${t.split.kind === "tap" ? "TAP" : "splitter"}: ${rear.length} in, ${front.length} out (${t.split.branches.length} branches, share ${shares}); ${front[0]!.family} ${front[0]!.polish}; ${t.fiber}`;
      }
      if (r0.family === "splice")
        return `${front.length}x ${front[0]!.family} ${front[0]!.polish} spliced to ${rear.length} fibers; ${t.fiber}${front[0]!.grade === "low-loss" ? " low loss" : ""}`;
      const loss = t.matedPairLossDb !== undefined ? ` ${t.matedPairLossDb} dB/pair` : r0.grade === "low-loss" ? " low loss" : "";
      return `${rear.length}x ${r0.family} ${r0.gender} ${r0.polish} key ${r0.key} -> ${front.length}x ${front[0]!.family} ${front[0]!.polish}; method ${t.method ?? "explicit"}; ${t.fiber}${loss}`;
    }
    case "adapter-plate": {
      const a0 = p.adapters[0]!;
      const shared = r.inferred.sharedRear;
      const rears = new Set(p.adapters.filter((a) => a.netboxRearPosition !== undefined).map((a) => a.netboxRear));
      return `${p.adapters.length}x ${a0.family}${a0.polish ? ` ${a0.polish}` : ""} key ${a0.key}${p.fiber ? `; ${p.fiber}` : ""}${
        shared ? `; a rear per adapter, where the file has ${rears.size === 1 ? "one rear port" : `${rears.size} rear ports`} of several positions (${shared.source}: "${shared.text}")` : ""
      }`;
    }
    case "housing":
      return `${p.slots.length} slots`;
    case "switch": {
      const fixed = p.cages.filter((c) => c.fixedOptic !== undefined);
      if (fixed.length > 0)
        return `media converter: ${fixed.map((c) => `${c.name} (${c.netbox}) fixed optic ${c.fixedOptic}`).join(", ")}; skipped ${p.skipped.map((s) => `${s.name} (${s.type})`).join(", ")}`;
      return `${p.cages.length} cages`;
    }
    case "blank":
      return "blank";
  }
}

/** Converts one file and records the outcome in a line of the conformance table. */
export function conformanceRow(file: string, bytes: Uint8Array | string): ConformanceRow {
  const r = convertNetboxType(bytes, { file });
  const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();
  if (r.outcome === "refused") {
    const reason = refusalReason(r.errors.map((e) => e.message));
    return { file, outcome: "refused", what: reason.key, detail: oneLine(`${r.errors[0]!.path}: ${r.errors[0]!.message}`) };
  }
  if (r.outcome === "needs-answers") return { file, outcome: "asked", what: r.family, detail: r.questions.map((q) => q.field).join(", ") };
  return { file, outcome: "imported", what: r.part.family, detail: oneLine(summary(r)) };
}

export const CONFORMANCE_HEADER = "file\toutcome\twhat\tdetail";
export const conformanceLine = (r: ConformanceRow): string => [r.file, r.outcome, r.what, r.detail.replace(/\t/g, " ")].join("\t");

export interface ConformanceTotals {
  readonly files: number;
  readonly imported: Readonly<Record<string, number>>;
  readonly asked: Readonly<Record<string, number>>;
  readonly questions: Readonly<Record<string, number>>;
  readonly refused: Readonly<Record<string, number>>;
}

export function conformanceTotals(rows: readonly ConformanceRow[]): ConformanceTotals {
  const count = (o: Record<string, number>, k: string) => (o[k] = (o[k] ?? 0) + 1);
  const imported: Record<string, number> = {};
  const asked: Record<string, number> = {};
  const questions: Record<string, number> = {};
  const refused: Record<string, number> = {};
  for (const r of rows) {
    if (r.outcome === "imported") count(imported, r.what);
    if (r.outcome === "asked") {
      count(asked, r.what);
      for (const q of r.detail.split(", ")) count(questions, q);
    }
    if (r.outcome === "refused") count(refused, r.what);
  }
  return { files: rows.length, imported, asked, questions, refused };
}

/** The totals as a Markdown table, for the README and the report. */
export function conformanceMarkdown(rows: readonly ConformanceRow[]): string {
  const t = conformanceTotals(rows);
  const sum = (o: Readonly<Record<string, number>>) => Object.values(o).reduce((a, b) => a + b, 0);
  const lines = [
    `| outcome | files | by |`,
    `|---|---|---|`,
    `| imported | ${sum(t.imported)} | ${Object.entries(t.imported).map(([k, v]) => `${k} ${v}`).join(", ")} |`,
    `| asked | ${sum(t.asked)} | ${Object.entries(t.asked).map(([k, v]) => `${k} ${v}`).join(", ")}; questions: ${Object.entries(t.questions).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ")} |`,
    `| refused | ${sum(t.refused)} | see below |`,
    ``,
    `| refused because | files | limit of |`,
    `|---|---|---|`,
    ...[...REFUSAL_REASONS, OTHER]
      .filter((r) => t.refused[r.key])
      .map((r) => `| ${r.words} (\`${r.key}\`) | ${t.refused[r.key]} | ${r.limit === "file" ? "the file" : "Ferrule"} |`),
    ``,
    `${t.files} files with fiber ports in all.`,
  ];
  return lines.join("\n");
}
