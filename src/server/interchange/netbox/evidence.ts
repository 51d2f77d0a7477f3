/**
 * What a device-type file states about polarity, gender, polish, fiber and counts, read from its
 * texts (model, part number, comments, description, port descriptions). Every finding keeps where
 * it came from and the words it came from, so the user can check it. Vendors write these things
 * differently; the patterns below are those seen in the devicetype-library files:
 *   polarity  "Type A", "Type AF", "Method A", "Universal", "Universal Polarity", FS model suffix
 *             (…OM4A, …OS2AF, …OM4U)
 *   gender    "(Male)", "Female", "pinned", "unpinned"
 *   polish    "LC/UPC", "LC UPC", "LC APC Duplex", "SC/APC", port type suffix (lc-apc), and on
 *             single-mode parts the adapter colour "(Blue)" = UPC, "(Green)" = APC (reference §11)
 *   fiber     "OM4", "OS2", "OM3/OM4", "Single Mode", "Multi Mode", "Multimode", "SMF", "10GMM"
 *   counts    "24 Fibers", "16 Strand", "36F", "MTP-12", "MTP-24", "12F MTP", "MTP®-8/12/24"
 *   key       "Key Up to Key Down" = A, "Key Up to Key Up" = B
 */
import { cwdmChannelNm, ituChannelNm, ituChannelOf, type FiberGrade, type FiberMode, type Gender, type Polish } from "../../../domain";

export const INFERENCE_SOURCES = [
  "port-type",
  "model",
  "part_number",
  "u_height",
  "slug",
  "comments",
  "description",
  "port-description",
  "port-comments",
  "port-label",
  "port-names",
  "positions",
  "rule",
  "answer",
] as const;
/** Where an inferred value came from. */
export type InferenceSource = (typeof INFERENCE_SOURCES)[number];

/** A value Ferrule inferred, with where it came from and the words it read. */
export interface Inferred<T> {
  readonly value: T;
  readonly source: InferenceSource;
  readonly text: string;
}

/** A text of the file and which key it was read from. */
export interface SourceText {
  readonly source: InferenceSource;
  readonly text: string;
}

/** The words around a match, with ellipses where the text goes on. */
export function excerpt(text: string, index: number, length: number, around = 24): string {
  const from = Math.max(0, index - around);
  const to = Math.min(text.length, index + length + around);
  return `${from > 0 ? "…" : ""}${text.slice(from, to).trim()}${to < text.length ? "…" : ""}`;
}

function scan<T>(texts: readonly SourceText[], re: RegExp, value: (m: RegExpExecArray, t: SourceText) => T | readonly T[] | undefined): Inferred<T>[] {
  const out: Inferred<T>[] = [];
  for (const t of texts) {
    const g = new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`);
    for (let m = g.exec(t.text); m; m = g.exec(t.text)) {
      const v = value(m, t);
      if (v === undefined) continue;
      const text = excerpt(t.text, m.index, m[0].length);
      for (const one of Array.isArray(v) ? (v as readonly T[]) : [v as T]) out.push({ value: one, source: t.source, text });
      if (m[0].length === 0) g.lastIndex++;
    }
  }
  return out;
}

const only = (texts: readonly SourceText[], ...sources: InferenceSource[]) => texts.filter((t) => sources.includes(t.source));

// ---------------------------------------------------------------------------------------------
// Polarity

/** A, B, C: Type or Method; AF: FS "Type AF" (type A, pairs flipped); U: universal without saying which; U1/U2: methods. */
export type PolarityToken = "A" | "B" | "C" | "AF" | "U" | "U1" | "U2";

export function polarityEvidence(texts: readonly SourceText[]): Inferred<PolarityToken>[] {
  const words = only(texts, "model", "part_number", "comments", "description");
  return [
    ...scan(words, /\bType[\s-]*(AF|A|B|C)\b/i, (m) => m[1]!.toUpperCase() as PolarityToken),
    ...scan(words, /\bMethod[\s-]*(U1|U2|A|B|C)\b/i, (m) => m[1]!.toUpperCase() as PolarityToken),
    ...scan(words, /\bUniversal\b/i, () => "U" as const),
    // FS models end in the grade then the polarity: FHD-1MTP6LCDOM4A, FHD-2MTP12LCDOS2AF, …OM4U.
    ...scan(only(texts, "model"), /(?:OM[1-5]|OS[12]|SMF|MMF)(AF|A|B|C|U)$/i, (m) => m[1]!.toUpperCase() as PolarityToken),
  ];
}

// ---------------------------------------------------------------------------------------------
// Gender, key, brand, connector grade

export function genderEvidence(texts: readonly SourceText[]): Inferred<Gender>[] {
  return scan(only(texts, "model", "part_number", "comments", "description"), /\b(male|female|pinned|unpinned|pinless)\b/i, (m) => {
    const w = m[1]!.toLowerCase();
    return w === "male" || w === "pinned" ? "male" : "female";
  });
}

export function keyEvidence(texts: readonly SourceText[]): Inferred<"A" | "B">[] {
  return scan(
    only(texts, "model", "comments", "description", "port-description"),
    /\bkey[\s-]*up[\s-]*(?:to|\/|-)[\s-]*key[\s-]*(down|up)\b/i,
    (m) => (m[1]!.toLowerCase() === "down" ? "A" : "B"),
  );
}

export function brandEvidence(texts: readonly SourceText[]): Inferred<"MTP" | "MPO">[] {
  return [
    ...scan(only(texts, "comments", "description", "part_number"), /\b(MTP|MPO)\b/i, (m) => m[1]!.toUpperCase() as "MTP" | "MPO"),
    // Model names run words together (FHD-1MTP6LCDOM4A).
    ...scan(only(texts, "model"), /(MTP|MPO)/i, (m) => m[1]!.toUpperCase() as "MTP" | "MPO"),
  ];
}

/** "0.35dB max" is the MTP Elite / low-loss mated-pair maximum (reference §2). */
export function lowLossEvidence(texts: readonly SourceText[]): Inferred<"low-loss">[] {
  return scan(only(texts, "model", "comments", "description", "port-description", "port-comments"), /0\.35\s*dB|\bElite\b|\blow[\s-]?loss\b/i, () => "low-loss" as const);
}

/**
 * A loss stated for the whole part ("(0.90dB)", "0.5 dB max"), other than the 0.35 dB low-loss
 * grade marker and a "typical IL" of a multiplexer. A cassette's stated loss covers its two mated
 * pairs (front adapter and rear MPO), so the importer records half of it per pair.
 */
export function statedLossEvidence(texts: readonly SourceText[]): Inferred<number>[] {
  return scan(only(texts, "model", "comments", "description"), /(?<![\d.])(\d\.\d{1,2})\s*dB\b(?!\s*typ)/i, (m) => {
    const v = Number(m[1]);
    return v === 0.35 || v <= 0 || v >= 3 ? undefined : v;
  });
}

/**
 * Strands a front port carries, as its own comments, description or label write them:
 * "Front Port 1 (Strands 1-2)", "Fibers 3,4", "fiber 5 & 6".
 */
export function strandPairEvidence(text: string): [number, number] | undefined {
  const m = /\b(?:strands?|fib(?:er|re)s?)\s*(\d{1,2})\s*(?:-|,|&|and|\/|\+)\s*(\d{1,2})\b/i.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Polish

const FAMILY_WORD: Readonly<Record<string, string>> = {
  ST: "ST",
  FC: "FC",
  LSH: "LSH",
  LC: "LC",
  SC: "SC",
  MDC: "MDC",
  SN: "SN",
  CS: "CS",
  MPO: "MPO",
  MTP: "MPO",
};

/**
 * Polish stated next to a connector name: "LC/UPC", "LC APC Duplex", "LC Duplex APC", "MTP/APC".
 * `family` is LC, SC, … or MPO.
 */
export function polishEvidence(texts: readonly SourceText[]): Inferred<{ family: string; polish: Polish }>[] {
  return scan(
    only(texts, "model", "comments", "description", "port-description"),
    /\b(LC|SC|MDC|SN|CS|ST|FC|LSH|MPO|MTP)(?:®)?\s*[/-]?\s*(?:(?:duplex|simplex)\s*[/-]?\s*)?(UPC|APC|PC)\b/i,
    (m) => ({ family: FAMILY_WORD[m[1]!.toUpperCase()]!, polish: m[2]!.toUpperCase() as Polish }),
  );
}

/**
 * Single-mode connector bodies are blue for UPC and green for APC (reference §11, tagged V). Read
 * only from a colour written right after a duplex connector ("6x LC Duplex (Blue)").
 */
export function colourPolishEvidence(texts: readonly SourceText[]): Inferred<{ family: string; polish: Polish }>[] {
  return scan(only(texts, "comments", "description"), /\b(LC|SC|MDC|SN|CS)\b[^,()]*\((Blue|Green)\)/i, (m) => ({
    family: FAMILY_WORD[m[1]!.toUpperCase()]!,
    polish: m[2]!.toLowerCase() === "blue" ? "UPC" : "APC",
  }));
}

// ---------------------------------------------------------------------------------------------
// Fiber

export function gradeEvidence(texts: readonly SourceText[]): Inferred<FiberGrade>[] {
  return [
    ...scan(only(texts, "comments", "description", "part_number"), /\b(OM[1-5]|OS[12])\b/i, (m) => m[1]!.toUpperCase() as FiberGrade),
    // Model names run tokens together (FHD-1MTP6LCDOM4A) and list grades with slashes ("OM1/OM2").
    ...scan(only(texts, "model"), /(OM[1-5]|OS[12])(?![0-9])/i, (m) => m[1]!.toUpperCase() as FiberGrade),
  ];
}

export function modeEvidence(texts: readonly SourceText[]): Inferred<FiberMode>[] {
  return [
    ...scan(only(texts, "comments", "description"), /\b(single[\s-]?mode|singlemode|SMF|multi[\s-]?mode|multimode|MMF)\b/i, (m) =>
      /^s/i.test(m[1]!) ? ("SM" as const) : ("MM" as const),
    ),
    ...scan(only(texts, "model"), /(SMF|MMF|10GMM|single[\s-]?mode|multi[\s-]?mode)/i, (m) => (/^s/i.test(m[1]!) ? ("SM" as const) : ("MM" as const))),
    // ITU-T G.652 / G.657 are single-mode fiber recommendations ("G.652.D", "9/125", "9-125").
    ...scan(only(texts, "model", "comments", "description"), /\b(G\.?65[2-7](?:\.?[A-D])?|9\s*[/-]\s*125)\b/i, () => "SM" as const),
  ];
}

// ---------------------------------------------------------------------------------------------
// Counts

/** Total fibers of the part: "24 Fibers", "16 Strand", "36F3MTP". */
export function fiberCountEvidence(texts: readonly SourceText[]): Inferred<number>[] {
  return [
    ...scan(only(texts, "model", "comments", "description"), /\b(\d{1,4})\s*-?\s*(?:fibers?|fibres?|strands?)\b/i, (m) => Number(m[1])),
    ...scan(only(texts, "model"), /\b(\d{1,4})F(?=\d*(?:MTP|MPO))/i, (m) => Number(m[1])),
  ];
}

const MPO_COUNTS = new Set([8, 12, 16, 24, 32]);

/**
 * Fibers per MPO: "MTP-12", "MPO-24", "12F MTP"; "MTP®-8/12/24" gives all three (an adapter that
 * takes any of them).
 */
export function mpoCountEvidence(texts: readonly SourceText[]): Inferred<number>[] {
  const words = only(texts, "model", "comments", "description");
  const pick = (s: string) => s.split("/").map(Number).filter((n) => MPO_COUNTS.has(n));
  return [
    ...scan(words, /\b(?:MTP|MPO)(?:®|\(R\))?\s*-\s*((?:\d{1,2}\/)*\d{1,2})\b/i, (m) => {
      const v = pick(m[1]!);
      return v.length > 0 ? v : undefined;
    }),
    ...scan(words, /\b(8|12|16|24|32)F\s*(?:MTP|MPO)\b/i, (m) => Number(m[1])),
    // Run together: "1xMTP12" (HUBER+SUHNER).
    ...scan(words, /\dx(?:MTP|MPO)(8|12|16|24|32)\b/i, (m) => Number(m[1])),
  ];
}

/** Rack units: "1 RU", "2-RU", "1U Rack Mount". */
export function rackUnitEvidence(texts: readonly SourceText[]): Inferred<number>[] {
  return scan(only(texts, "model", "comments", "description"), /\b(\d{1,2})\s*-?\s*R?U\b/, (m) => Number(m[1]));
}

/**
 * A count of duplex adapters in the words ("6 x Duplex LC", "24 x LC SM Duplex", "36xLCAPC-D"):
 * how many duplex adapters the part has, whatever the number of NetBox ports.
 */
export function duplexCountEvidence(texts: readonly SourceText[]): Inferred<number>[] {
  const words = only(texts, "model", "comments", "description");
  return [
    ...scan(words, /\b(\d{1,3})\s*x\s*duplex\s+(?:LC|SC)\b/i, (m) => Number(m[1])),
    ...scan(words, /\b(\d{1,3})\s*x\s*(?:LC|SC)(?:\s*[/-]?\s*(?:APC|UPC|PC))?(?:\s+(?:SM|MM|OS2|OM\d))?\s*[- ]\s*(?:duplex|D)\b/i, (m) => Number(m[1])),
  ];
}

// ---------------------------------------------------------------------------------------------
// Parts the engine does not model

/**
 * Words that say the part is a panel or plate of adapters ("Fiber Adapter Panel", "LC coupler
 * plate"): each adapter has a rear side of its own, whatever the file's rear ports say.
 */
export function adapterPanelEvidence(texts: readonly SourceText[]): Inferred<"adapters">[] {
  return scan(only(texts, "model", "comments", "description"), /\b(?:adapter|coupler)s?\s+(?:panel|plate|strip|bulkhead)s?\b/i, () => "adapters" as const);
}

/**
 * A media converter named as such ("Media Converter", "media-converter") in the model, slug,
 * comments or description.
 */
export function mediaConverterEvidence(texts: readonly SourceText[]): Inferred<"media-converter">[] {
  return scan(only(texts, "model", "slug", "comments", "description"), /\bmedia[\s_-]*converter\b/i, () => "media-converter" as const);
}

/**
 * A line rate the words state, in Gb/s: "1G", "10 Gbps", "1GbE", "Gigabit" (1), "10 Gigabit",
 * "100M"/"Fast Ethernet" (0.1).
 */
export function speedEvidence(texts: readonly SourceText[]): Inferred<number>[] {
  const words = only(texts, "model", "slug", "comments", "description");
  return [
    ...scan(words, /(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)\s*(g|m)(?:b(?:ps|e)?|bit\/s|base)?(?![a-z0-9])/i, (m) =>
      m[2]!.toLowerCase() === "g" ? Number(m[1]) : ["10", "100", "1000"].includes(m[1]!) ? Number(m[1]) / 1000 : undefined,
    ),
    ...scan(words, /\b(?:(\d+)[\s-]*)?gigabit\b/i, (m) => (m[1] !== undefined ? Number(m[1]) : 1)),
    ...scan(words, /\bfast[\s-]+ethernet\b/i, () => 0.1),
  ];
}

export type SpecialPart = "wdm" | "tap" | "mesh" | "splice" | "simplex";

export function specialPartEvidence(texts: readonly SourceText[]): Inferred<SpecialPart>[] {
  const words = only(texts, "model", "comments", "description");
  return [
    ...scan(words, /\b(DWDM|CWDM|WDM|Mux(?:\s*\/?\s*Demux)?)\b/i, () => "wdm" as const),
    // A multiplexer's ports are its channels and its line: "ITU 60", "ITU channel 21", "1551.72 nm",
    // "WDM Line I/O", a line port named "rx-mux0".
    ...scan(
      only(texts, "port-label", "port-description", "port-names"),
      /\bITU[\s-]*(?:ch(?:annel)?[\s-]*)?\d{1,3}\b|\b1[2-6]\d{2}(?:\.\d{1,2})?\s*nm\b|\b(?:DWDM|CWDM|WDM)\b|\b(?:de)?mux\d*\b/i,
      () => "wdm" as const,
    ),
    ...scan(words, /\bTAP\b/, () => "tap" as const),
    ...scan(words, /\b(?:splitter|\d{1,2}\/\d{1,2}\s+split)\b|\bPLC\s*\d+\s*x\s*\d+|\b\d+\s*x\s*\d+\s+PLC\b/i, () => "tap" as const),
    ...scan(words, /\bmesh\b/i, () => "mesh" as const),
    ...scan(words, /\bsplice\b/i, () => "splice" as const),
    ...scan(only(texts, "model", "comments", "description", "port-description"), /\bsimplex\b/i, () => "simplex" as const),
  ];
}

/**
 * A WDM client port's wavelength in nm, from one of its texts (label, description, name): "ITU 60",
 * "ITU channel 21", "C21" (ITU 100 GHz channel), "1551.72 nm", "1470", "1270nm" (CWDM channels
 * written as nm). Undefined when the text names none.
 */
export function portWavelength(text: string): number | undefined {
  const itu = /\bITU[\s-]*(?:ch(?:annel)?[\s-]*)?(\d{1,2})\b/i.exec(text) ?? /^(?:\{module\}[:/])?C(\d{2})$/i.exec(text.trim());
  if (itu) return ituChannelNm(Number(itu[1]));
  const nm = /(?:^|[^\d.])(1[2-6]\d{2}(?:\.\d{1,2})?)\s*(?:nm)?$/i.exec(text.trim());
  if (nm) {
    const v = Number(nm[1]);
    return cwdmChannelNm(v) !== undefined ? cwdmChannelNm(v) : ituChannelOf(v) !== undefined ? v : undefined;
  }
  return undefined;
}

/** A WDM's stated insertion loss: "2.4dB Typical IL", "IL ≤ 3.5 dB", "insertion loss 1.8 dB". */
export function wdmLossEvidence(texts: readonly SourceText[]): Inferred<number>[] {
  const words = only(texts, "model", "comments", "description");
  return [
    ...scan(words, /(?<![\d.])(\d{1,2}(?:\.\d{1,2})?)\s*dB\s*(?:typ(?:ical|\.)?\s*)?(?:IL|insertion\s+loss)\b/i, (m) => Number(m[1])),
    ...scan(words, /\b(?:IL|insertion\s+loss)\s*(?:of|:|≤|<=|<|max\.?)?\s*(\d{1,2}(?:\.\d{1,2})?)\s*dB/i, (m) => Number(m[1])),
  ];
}

/** A tap's split ratio as the live share: "70/30 Split Ratio (Live/Tap)" → 0.7. */
export function splitRatioEvidence(texts: readonly SourceText[]): Inferred<number>[] {
  return scan(only(texts, "model", "comments", "description"), /(?<![\d/])(\d{2})\s*\/\s*(\d{2})(?![\d/])/, (m) => {
    const a = Number(m[1]);
    const b = Number(m[2]);
    return a + b === 100 && a >= b ? a / 100 : undefined;
  });
}

/** A splitter's output count: "1 x 8 PLC Fiber Splitter", "PLC1x16" → 8, 16. */
export function splitCountEvidence(texts: readonly SourceText[]): Inferred<number>[] {
  return scan(only(texts, "model", "comments", "description"), /\b(?:PLC\s*)?1\s*x\s*(\d{1,2})\b/i, (m) => Number(m[1]));
}

/** Distinct values of a list of findings, in first-seen order. */
export function distinct<T>(found: readonly Inferred<T>[], key: (v: T) => string = (v) => String(v)): T[] {
  const seen = new Map<string, T>();
  for (const f of found) if (!seen.has(key(f.value))) seen.set(key(f.value), f.value);
  return [...seen.values()];
}
