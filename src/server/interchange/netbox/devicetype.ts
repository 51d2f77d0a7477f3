/**
 * NetBox devicetype-library files (device types and module types, legacy inline `rear_port` and
 * `port-mappings` formats) → Ferrule parts:
 *   cassette       an MPO rear and duplex fronts with a harness: the engine's ModuleType, per strand;
 *                  or a splice tray: fronts whose pigtails are fusion-spliced, one splice port per fiber
 *   adapter-plate  pass-through adapters (front k ↔ rear k, one position; or an adapter panel whose
 *                  file gives the N rears as one port of N positions): adapters of a panel
 *   housing        module or device bays: the slots of a panel
 *   switch         interfaces: transceiver cages with their NetBox interface types
 *   blank          a module type with no ports (a blanking plate)
 * What the file does not state is asked (`questions`), never guessed; what was inferred says where
 * from. See docs/netbox-interchange.md for the rules.
 */
import {
  ADAPTER_KEYS,
  FAMILIES,
  FIBER_GRADES,
  FIXED_TRANSCEIVERS,
  GRADES,
  HARNESSES,
  MODULE_METHOD_PARTS,
  harnessStrands,
  isConnectorFamily,
  methodPart,
  validateComponentType,
  type AdapterKey,
  type ConnectorFamily,
  type Fiber,
  type FiberGrade,
  type FiberMode,
  type Gender,
  type Harness as DomainHarness,
  type ModuleMethod,
  type ModulePort,
  type ModuleType,
  positionRanges,
  type Polish,
  TRANSCEIVERS,
  WDM_KIND_SPECS,
  SPLIT_KIND_SPECS,
  getApplication,
  transceiverSpeedGbps,
  cwdmChannelNm,
  wavelengthWords,
  type SplitBranch,
  type WdmKind,
} from "../../../domain";
import {
  adapterPanelEvidence,
  brandEvidence,
  colourPolishEvidence,
  distinct,
  excerpt,
  fiberCountEvidence,
  genderEvidence,
  gradeEvidence,
  keyEvidence,
  duplexCountEvidence,
  lowLossEvidence,
  mediaConverterEvidence,
  modeEvidence,
  mpoCountEvidence,
  polarityEvidence,
  polishEvidence,
  portWavelength,
  rackUnitEvidence,
  splitCountEvidence,
  splitRatioEvidence,
  wdmLossEvidence,
  specialPartEvidence,
  speedEvidence,
  statedLossEvidence,
  strandPairEvidence,
  type InferenceSource,
  type Inferred,
  type PolarityToken,
  type SourceText,
  type SpecialPart,
} from "./evidence";
import { formatLength } from "../../documents/text";
import { rawTypeSchema, type RawType } from "./raw";
import { interfaceTypeInfo, portTypeInfo, type PortTypeInfo } from "./slugs";
import { decodeText, formatKeyPath, parseYamlSource, type KeyPath, type SourceIssue, type YamlSource } from "./source";

export type NetboxFileKind = "device-type" | "module-type";

export const PART_FAMILIES = ["cassette", "adapter-plate", "housing", "switch", "blank"] as const;
export type PartFamily = (typeof PART_FAMILIES)[number];

/** Fields Ferrule may ask about. */
export const QUESTION_FIELDS = [
  "fiber",
  "positionUnit",
  "method",
  "rearKey",
  "rearGender",
  "rearPolish",
  "frontPolish",
  "adapterFamily",
  "adapterKey",
  "sharedRear",
  "uHeight",
  "tapMonitor",
  "optic",
] as const;
export type QuestionField = (typeof QUESTION_FIELDS)[number];

export interface Choice {
  readonly value: string;
  readonly label: string;
}

/** Something the file does not say (or says two ways) that Ferrule needs: answer it and convert again. */
export interface Question {
  readonly field: QuestionField;
  readonly why: string;
  readonly choices: readonly Choice[];
  /** A likely answer and the reason for it; never applied without an answer. */
  readonly suggested?: { readonly value: string; readonly reason: string };
  /** What the file does say about the field (conflicting findings, when there are any). */
  readonly evidence: readonly Inferred<string>[];
}

export type Answers = Readonly<Partial<Record<QuestionField, string>>>;

/** How one NetBox port name (as a template, `{module}:1-2`) is called in Ferrule, and which plug positions it covers. */
export interface PortNameMap {
  readonly netbox: string;
  readonly role: "front" | "rear";
  readonly ferrule: string;
  readonly positions: readonly number[];
}

export interface CassettePart {
  readonly family: "cassette";
  readonly type: ModuleType;
  readonly portNames: readonly PortNameMap[];
}

export interface PlateAdapter {
  /** Ferrule adapter name (without the module position). */
  readonly name: string;
  readonly family: ConnectorFamily;
  readonly key: AdapterKey;
  readonly polish?: Polish;
  readonly netboxFront: string;
  readonly netboxRear?: string;
  /**
   * The position of `netboxRear` this adapter stands for, when the file gives the rears of several
   * adapters as one rear port of several positions (front k at position k): each adapter has its
   * own rear side in Ferrule, so a NetBox cable on that whole port cannot say which one it reaches.
   */
  readonly netboxRearPosition?: number;
}

export interface AdapterPlatePart {
  readonly family: "adapter-plate";
  readonly adapters: readonly PlateAdapter[];
  readonly fiber?: FiberGrade;
  /** A device type's height: the plate is a fixed panel of its own. */
  readonly uHeight?: number;
}

export interface HousingSlot {
  /** Ferrule slot: the NetBox bay position, which is what `{module}` becomes in port names. */
  readonly slot: string;
  readonly netboxName: string;
  readonly bay: "module-bay" | "device-bay";
}

export interface HousingPart {
  readonly family: "housing";
  readonly role: "panel";
  readonly uHeight?: number;
  readonly slots: readonly HousingSlot[];
}

export interface SwitchCage {
  readonly name: string;
  readonly netbox: string;
  /** Form factor of a pluggable cage (`qsfp28`); absent for a built-in optic. */
  readonly cage?: string;
  readonly speedGbps?: number;
  /** Built-in transceiver types a built-in optic may be. */
  readonly transceivers?: readonly string[];
  /**
   * The fixed optic built into the device (a media converter's fiber port): a device made from the
   * template gets this transceiver type installed in the cage.
   */
  readonly fixedOptic?: string;
}

export interface SwitchPart {
  readonly family: "switch";
  readonly role: "switch";
  readonly uHeight?: number;
  readonly cages: readonly SwitchCage[];
  readonly skipped: readonly { readonly name: string; readonly type: string; readonly reason: string }[];
}

export interface BlankPart {
  readonly family: "blank";
}

export type ConvertedPart = CassettePart | AdapterPlatePart | HousingPart | SwitchPart | BlankPart;

interface Common {
  readonly file: string;
  readonly kind: NetboxFileKind;
  /** Ferrule type id (a slug). */
  readonly id: string;
  readonly name: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly partNumber?: string;
  /** Every inferred field, with where it came from. */
  readonly inferred: Readonly<Record<string, Inferred<string | number>>>;
  readonly warnings: readonly SourceIssue[];
}

export type NetboxTypeConversion =
  | (Common & { readonly outcome: "converted"; readonly part: ConvertedPart; readonly questions: readonly [] })
  | (Common & { readonly outcome: "needs-answers"; readonly family: PartFamily; readonly questions: readonly Question[] })
  | {
      readonly outcome: "refused";
      readonly file: string;
      readonly kind?: NetboxFileKind;
      readonly errors: readonly SourceIssue[];
      readonly warnings: readonly SourceIssue[];
    };

export interface ConvertOptions {
  /** The file's path, used in messages and to tell device types from module types. */
  readonly file: string;
  /** Default: from the path (`device-types/`, `module-types/`), else from the keys (`slug`, `u_height`). */
  readonly kind?: NetboxFileKind;
  readonly answers?: Answers;
}

// ---------------------------------------------------------------------------------------------
// Names

/** NetBox replaces `{module}` in a module's port names with the bay's position. */
export const expandModuleToken = (template: string, position: string): string => template.replaceAll("{module}", position);

/**
 * The name of a module port inside a Ferrule type: `{module}` and the separator after it removed
 * (`{module}:1-2` → `1-2`); spaces become `_` and `@` becomes `-` (a Ferrule port name has neither).
 * The site names the port `<slot>/<name>`, the slot being the bay position.
 */
export function ferrulePortName(template: string): string {
  return template
    .replace(/\{module\}[:/\-_. ]?/g, "")
    .replace(/^[:/\-_. ]+|[:/\-_. ]+$/g, "")
    .replace(/\s+/g, "_")
    .replace(/@/g, "-");
}

const slugify = (s: string): string =>
  s
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

const NETBOX_SLUG = /^[-a-z0-9_]+$/;

const fileKindFromPath = (file: string): NetboxFileKind | undefined =>
  /(^|[/\\])device-types[/\\]/.test(file) ? "device-type" : /(^|[/\\])module-types[/\\]/.test(file) ? "module-type" : undefined;

// ---------------------------------------------------------------------------------------------
// The working context of one conversion

class Ctx {
  readonly inferred: Record<string, Inferred<string | number>> = {};
  readonly questions: Question[] = [];
  readonly warnings: SourceIssue[] = [];
  readonly errors: SourceIssue[] = [];

  constructor(
    readonly src: YamlSource,
    readonly raw: RawType,
    readonly answers: Answers,
    readonly texts: readonly SourceText[],
  ) {}

  warn(path: KeyPath, message: string): void {
    this.warnings.push(this.src.issue(path, message));
  }

  fail(path: KeyPath, message: string): void {
    this.errors.push(this.src.issue(path, message));
  }

  set<T extends string | number>(field: string, found: Inferred<T>): T {
    this.inferred[field] = found;
    return found.value;
  }

  /**
   * Decides a field: the user's answer (which must be one of the choices), else the file's findings
   * when they agree, else a question.
   */
  resolve(
    field: QuestionField,
    found: readonly Inferred<string>[],
    q: { why: string; choices: readonly Choice[]; suggested?: { value: string; reason: string }; ask?: boolean },
  ): string | undefined {
    const answered = this.answers[field];
    if (answered !== undefined) {
      if (!q.choices.some((c) => c.value === answered)) {
        this.errors.push({
          file: this.src.file,
          path: `answers.${field}`,
          message: `the answer "${answered}" is not one of ${q.choices.map((c) => c.value).join(", ")}`,
        });
        return undefined;
      }
      return this.set(field, { value: answered, source: "answer", text: `answered ${answered}` });
    }
    const values = distinct(found);
    if (values.length === 1 && q.choices.some((c) => c.value === values[0])) return this.set(field, found[0]!);
    if (q.ask !== false) {
      const choices = values.length > 1 ? q.choices.filter((c) => values.includes(c.value)).concat(q.choices.filter((c) => !values.includes(c.value))) : q.choices;
      this.questions.push({
        field,
        why: values.length > 1 ? `${q.why} The file says it ${values.length} ways: ${found.map((f) => `${f.value} (${f.source}: "${f.text}")`).join("; ")}.` : q.why,
        choices,
        ...(q.suggested ? { suggested: q.suggested } : {}),
        evidence: found,
      });
    }
    return undefined;
  }
}

const choice = (value: string, label: string): Choice => ({ value, label });

const GRADE_LABEL: Readonly<Record<FiberGrade, string>> = {
  OM1: "OM1 multimode (62.5 µm)",
  OM2: "OM2 multimode",
  OM3: "OM3 multimode (laser optimized)",
  OM4: "OM4 multimode",
  OM5: "OM5 wideband multimode",
  OS1: "OS1 single-mode (tight buffered)",
  OS2: "OS2 single-mode",
};

const gradeChoices = (mode?: FiberMode, first: readonly FiberGrade[] = []): Choice[] => {
  const rest = FIBER_GRADES.filter((g) => (mode === undefined || GRADES[g].mode === mode) && !first.includes(g));
  return [...first, ...rest].map((g) => choice(g, GRADE_LABEL[g]));
};

/**
 * The fiber grade. Grades named in the file win when they agree with the stated mode; "OM3/OM4"
 * or a grade that contradicts the mode ("OM4 Single Mode") is a question.
 */
function resolveFiber(ctx: Ctx, required: boolean): FiberGrade | undefined {
  if (ctx.answers.fiber !== undefined) return ctx.resolve("fiber", [], { why: "", choices: gradeChoices() }) as FiberGrade | undefined;
  const grades = gradeEvidence(ctx.texts);
  const modes = modeEvidence(ctx.texts);
  const gs = distinct(grades);
  const ms = distinct(modes);
  const why = "A cassette's fiber grade sets its mode (single-mode and multimode never mate) and the channel's reach and loss limits.";
  if (gs.length === 1) {
    const g = gs[0]!;
    const clash = modes.filter((m) => m.value !== GRADES[g].mode);
    if (clash.length === 0) return ctx.set("fiber", grades[0]!) as FiberGrade;
    const other = clash[0]!.value;
    return ctx.resolve("fiber", [...grades, ...clash.map((m) => ({ ...m, value: m.value === "SM" ? "single-mode" : "multimode" }))], {
      why,
      choices: gradeChoices(undefined, [g, ...FIBER_GRADES.filter((x) => GRADES[x].mode === other)]),
      ask: required,
    }) as FiberGrade | undefined;
  }
  if (gs.length > 1) return ctx.resolve("fiber", grades, { why, choices: gradeChoices(undefined, gs), ask: required }) as FiberGrade | undefined;
  const mode = ms.length === 1 ? ms[0] : undefined;
  if (mode) ctx.set("mode", modes[0]!);
  return ctx.resolve("fiber", [], {
    why: mode
      ? `${why} The file says ${mode === "SM" ? "single-mode" : "multimode"} but not which grade.`
      : `${why} The file names no grade and no mode.`,
    choices: gradeChoices(mode),
    ...(mode === "SM" ? { suggested: { value: "OS2", reason: "OS2 is the single-mode grade of current structured cabling; OS1 is tight-buffered indoor cable" } } : {}),
    ask: required,
  }) as FiberGrade | undefined;
}

// ---------------------------------------------------------------------------------------------
// Ports and mappings

interface Port {
  readonly role: "front" | "rear";
  readonly index: number;
  readonly template: string;
  readonly pt: PortTypeInfo;
  readonly positions: number;
  readonly label?: string;
  readonly description?: string;
  readonly comments?: string;
  readonly path: KeyPath;
}

interface Mapping {
  readonly front: Port;
  readonly fpos: number;
  readonly rear: Port;
  readonly rpos: number;
  readonly path: KeyPath;
}

const listNames = (ports: readonly Port[]) => {
  const names = ports.map((p) => `"${p.template}"`);
  return names.length > 6 ? `${names.slice(0, 6).join(", ")}, …` : names.join(", ") || "none";
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function readPorts(ctx: Ctx): { fronts: Port[]; rears: Port[]; mappings: Mapping[] } {
  const raw = ctx.raw;
  const mk = (role: "front" | "rear", key: "front-ports" | "rear-ports") =>
    (raw[key] ?? []).map(
      (p, index): Port => ({
        role,
        index,
        template: p.name,
        pt: portTypeInfo(p.type),
        positions: p.positions ?? 1,
        ...(p.label !== undefined ? { label: p.label } : {}),
        ...(p.description !== undefined ? { description: p.description } : {}),
        ...(p.comments !== undefined ? { comments: p.comments } : {}),
        path: [key, index],
      }),
    );
  const fronts = mk("front", "front-ports");
  const rears = mk("rear", "rear-ports");
  for (const [ports, word] of [
    [fronts, "front port"],
    [rears, "rear port"],
  ] as const) {
    const seen = new Map<string, Port>();
    for (const p of ports) {
      const before = seen.get(p.template);
      if (before) ctx.fail([...p.path, "name"], `${word} name "${p.template}" is used twice (also ${formatKeyPath(before.path)})`);
      else seen.set(p.template, p);
    }
  }
  if (ctx.errors.length > 0) return { fronts, rears, mappings: [] };
  const frontBy = new Map(fronts.map((p) => [p.template, p]));
  const rearBy = new Map(rears.map((p) => [p.template, p]));
  const mappings: Mapping[] = [];
  const byRear = new Map<string, Mapping>();
  const byFront = new Map<string, Mapping>();
  const add = (front: Port, fpos: number, rearName: string, rpos: number, path: KeyPath, rearKey: string, fposKey: string | undefined, rposKey: string) => {
    const rear = rearBy.get(rearName);
    if (!rear) {
      ctx.fail([...path, rearKey], `rear port "${rearName}" does not exist (rear ports: ${listNames(rears)})`);
      return;
    }
    if (fpos > front.positions) {
      ctx.fail([...path, fposKey ?? "front_port"], `front port "${front.template}" has ${plural(front.positions, "position")}; there is no position ${fpos}`);
      return;
    }
    if (rpos > rear.positions) {
      ctx.fail([...path, rposKey], `rear port "${rear.template}" has ${plural(rear.positions, "position")}; there is no position ${rpos}`);
      return;
    }
    const m: Mapping = { front, fpos, rear, rpos, path };
    const rk = `${rear.template}#${rpos}`;
    const fk = `${front.template}#${fpos}`;
    const r0 = byRear.get(rk);
    const f0 = byFront.get(fk);
    if (r0 && f0 && r0 === f0) return;
    if (r0 && r0.front === front && r0.fpos === fpos) return; // the same mapping stated in both formats
    if (r0) {
      ctx.fail(
        [...path, rposKey],
        `rear port "${rear.template}" position ${rpos} is already mapped to front port "${r0.front.template}" (${formatKeyPath(r0.path)}); one rear position feeding two front ports is a splitter, which a position map cannot express`,
      );
      return;
    }
    if (f0) {
      ctx.fail(
        path,
        `front port "${front.template}" position ${fpos} is already mapped to rear port "${f0.rear.template}" position ${f0.rpos} (${formatKeyPath(f0.path)})`,
      );
      return;
    }
    byRear.set(rk, m);
    byFront.set(fk, m);
    mappings.push(m);
  };
  (raw["front-ports"] ?? []).forEach((p, i) => {
    const front = fronts[i]!;
    if (p.rear_port !== undefined) add(front, 1, p.rear_port, p.rear_port_position ?? 1, front.path, "rear_port", undefined, "rear_port_position");
    else if (p.rear_port_position !== undefined) ctx.fail([...front.path, "rear_port_position"], "rear_port_position is given without rear_port");
  });
  (raw["port-mappings"] ?? []).forEach((pm, j) => {
    const path: KeyPath = ["port-mappings", j];
    const front = frontBy.get(pm.front_port);
    if (!front) {
      ctx.fail([...path, "front_port"], `front port "${pm.front_port}" does not exist (front ports: ${listNames(fronts)})`);
      return;
    }
    add(front, pm.front_port_position ?? 1, pm.rear_port, pm.rear_port_position ?? 1, path, "rear_port", "front_port_position", "rear_port_position");
  });
  return { fronts, rears, mappings };
}

/** Any single-adapter family (duplex, simplex or splice): not NetBox's `mpo`. */
const isDuplex = (pt: PortTypeInfo): boolean => pt.family !== undefined && pt.family !== "MPO";
/** Fibers one adapter of a non-MPO family carries: 2 on duplex, 1 on simplex and splices. */
const fibersOf = (pt: PortTypeInfo): number => (pt.family && pt.family !== "MPO" ? FAMILIES[pt.family].used.length : 0);
/** The simplex form of a duplex family that has one (NetBox's `lc` and `sc` are either). */
const SIMPLEX_OF: Readonly<Partial<Record<string, ConnectorFamily>>> = { LC: "LC-simplex", SC: "SC-simplex" };
/** The connector word the file's text uses for a family ("LC" for LC simplex). */
const familyWord = (f: string | undefined): string | undefined => f?.replace(/-simplex$/, "");
const MPO_BY_COUNT: Readonly<Record<number, ConnectorFamily>> = { 8: "MPO-8", 12: "MPO-12", 16: "MPO-16", 24: "MPO-24", 32: "MPO-32" };

const SPECIAL_REASON: Readonly<Record<SpecialPart, string>> = {
  wdm: "this is a wavelength multiplexer, but the file does not give its client ports on one line port (the line is where the channels share a fiber pair), so its line is not described",
  tap: "this is an optical tap (a splitter), but the file does not say which port is the input and which the outputs, or which share each output gets",
  mesh: "this is a mesh (shuffle) cassette: the file maps each MPO as a single position, so the fiber shuffle inside is not described; Ferrule needs the per-fiber map",
  splice: "this is a splice cassette",
  simplex: "the adapters are simplex (one fiber each)",
};

// ---------------------------------------------------------------------------------------------
// Cassettes

/** A harness of the engine's table, or "explicit": the file spells an unusual one fiber by fiber. */
type Harness = DomainHarness | "explicit";
const HARNESS_NAMES = Object.keys(HARNESSES) as DomainHarness[];

/** Front ports labelled as halves of a duplex adapter ("01-A" and "01-B"): prefix → A and B ports. */
function abPairs(fronts: readonly Port[]): Map<string, { A?: Port; B?: Port; source: InferenceSource; text: string }> | undefined {
  const out = new Map<string, { A?: Port; B?: Port; source: InferenceSource; text: string }>();
  for (const f of fronts) {
    const fromLabel = f.label !== undefined ? /^(.*?)[-_ ]?([AB])$/.exec(f.label) : null;
    const fromName = /^(.*?)[-_ ]?([AB])$/.exec(ferrulePortName(f.template));
    const m = fromLabel ?? fromName;
    if (!m || m[1] === "") return undefined;
    const prefix = m[1]!;
    const side = m[2] as "A" | "B";
    const e = out.get(prefix) ?? { source: fromLabel ? ("port-label" as const) : ("port-names" as const), text: "" };
    if (e[side]) return undefined;
    e[side] = f;
    out.set(prefix, e);
  }
  for (const e of out.values()) {
    if (!e.A || !e.B) return undefined;
    e.text = e.source === "port-label" ? `labels "${e.A.label}" and "${e.B.label}"` : `names "${e.A.template}" and "${e.B.template}"`;
  }
  return out.size > 0 ? out : undefined;
}

/** Strand pairs written in front port names ("1-2", "13-14", "1-12"), local to each rear port. */
function namePairs(mappings: readonly Mapping[], rearStrands: ReadonlyMap<Port, number>): Map<Mapping, [number, number]> | undefined {
  return strandPairs(
    mappings,
    rearStrands,
    (m) => {
      const x = /^(\d+)-(\d+)$/.exec(ferrulePortName(m.front.template));
      return x ? [Number(x[1]), Number(x[2])] : undefined;
    },
    (rear) => {
      const r = /^(\d+)-(\d+)$/.exec(ferrulePortName(rear.template));
      return r ? Number(r[1]) - 1 : undefined;
    },
  );
}

/**
 * Strand pairs a front port's own words give ("Front Port 1 (Strands 1-2)" in its comments,
 * description or label), local to each rear port; the rear's words ("strands 13-24") give its base.
 */
function describedPairs(mappings: readonly Mapping[], rearStrands: ReadonlyMap<Port, number>): Map<Mapping, [number, number]> | undefined {
  const words = (p: Port) => [p.comments, p.description, p.label].filter((t): t is string => t !== undefined);
  return strandPairs(
    mappings,
    rearStrands,
    (m) => words(m.front).map(strandPairEvidence).find((x) => x !== undefined),
    (rear) => {
      for (const t of words(rear)) {
        const r = /\b(?:strands?|fib(?:er|re)s?)\s*(\d{1,3})\s*-\s*(\d{1,3})\b/i.exec(t);
        if (r) return Number(r[1]) - 1;
      }
      return undefined;
    },
  );
}

function strandPairs(
  mappings: readonly Mapping[],
  rearStrands: ReadonlyMap<Port, number>,
  pairOfFront: (m: Mapping) => [number, number] | undefined,
  rearBase: (rear: Port) => number | undefined,
): Map<Mapping, [number, number]> | undefined {
  const out = new Map<Mapping, [number, number]>();
  const byRear = new Map<Port, Mapping[]>();
  for (const m of mappings) byRear.set(m.rear, [...(byRear.get(m.rear) ?? []), m]);
  for (const [rear, ms] of byRear) {
    const nums = ms.map(pairOfFront);
    if (nums.some((x) => !x)) return undefined;
    const all = nums.flatMap((x) => x!);
    const base = rearBase(rear) ?? Math.min(...all) - 1;
    const n = rearStrands.get(rear) ?? 0;
    const used = new Set<number>();
    for (let i = 0; i < ms.length; i++) {
      const a = nums[i]![0] - base;
      const b = nums[i]![1] - base;
      if (a < 1 || b < 1 || a > n || b > n || a === b || used.has(a) || used.has(b)) return undefined;
      used.add(a);
      used.add(b);
      out.set(ms[i]!, [a, b]);
    }
  }
  return out;
}

/** The harness of the engine's table that gives every pair, else "explicit". */
function classifyPairs(pairs: ReadonlyMap<Mapping, [number, number]>, rearStrands: ReadonlyMap<Port, number>): Harness {
  for (const h of HARNESS_NAMES)
    if ([...pairs].every(([m, [a, b]]) => {
      const [x, y] = harnessStrands(h, m.rpos, rearStrands.get(m.rear) ?? 0);
      return a === x && b === y;
    }))
      return h;
  return "explicit";
}

const KEY_WORDS: Readonly<Record<AdapterKey, string>> = { A: "key-up to key-down rear adapter", B: "key-up to key-up rear adapter" };
const METHOD_WORDS: Readonly<Record<ModuleMethod, string>> = {
  A: "method A",
  AF: "type AF (method A with every duplex pair flipped)",
  B: "method B",
  "B-relabeled": "method B, mounted inverted and relabeled",
  C: "method C (for Type C trunks)",
  U1: "method U1",
  "U1-flipped": "universal U1, other A/B orientation",
  U2: "method U2",
  "U2-flipped": "universal U2, other A/B orientation",
};
/** Every method the engine's table knows, in words: harness and rear adapter (data, not cases). */
const METHOD_CHOICES: Readonly<Record<string, Choice>> = Object.fromEntries(
  Object.values(MODULE_METHOD_PARTS).map((p) => [p.method, choice(p.method, `${METHOD_WORDS[p.method]}: ${HARNESSES[p.harness].label}; ${KEY_WORDS[p.rearKey]}`)]),
);
const harnessOfMethod = (m: ModuleMethod): DomainHarness => methodPart(m).harness;
const methodsWith = (h: Harness | undefined): ModuleMethod[] =>
  Object.values(MODULE_METHOD_PARTS)
    .filter((p) => p.harness === h && p.method !== "B-relabeled")
    .map((p) => p.method);
const UNIVERSAL_METHODS: readonly ModuleMethod[] = ["U1", "U1-flipped", "U2", "U2-flipped"];
const STRAIGHT_METHODS: readonly ModuleMethod[] = ["A", "AF", "B", "C"];

function convertCassette(ctx: Ctx, fronts: readonly Port[], rears: readonly Port[], mappings: readonly Mapping[], id: string, name: string): CassettePart | undefined {
  const fiber = resolveFiber(ctx, true);
  const usedRears = rears.filter((r) => mappings.some((m) => m.rear === r));
  const usedFronts = fronts.filter((f) => mappings.some((m) => m.front === f));
  for (const f of fronts) if (!usedFronts.includes(f)) ctx.warn([...f.path, "name"], `front port "${f.template}" is not mapped to any rear port; it carries no fiber`);
  for (const r of rears) if (!usedRears.includes(r)) ctx.warn([...r.path, "name"], `rear port "${r.template}" is not mapped to any front port; it carries no fiber`);
  for (const f of usedFronts)
    if (f.positions > 2) {
      ctx.fail([...f.path, "positions"], `front port "${f.template}" is ${f.pt.family} (2 fibers) but declares ${f.positions} positions`);
      return undefined;
    }

  // --- Position unit: one NetBox position = one duplex pair, or one strand.
  const sumP = usedRears.reduce((s, r) => s + r.positions, 0);
  const unitFound: Inferred<string>[] = [];
  const ab = abPairs(usedFronts);
  // Duplex fronts of one position each that map only positions 1..P/2 of a P-position rear: the
  // file counts the rear per fiber and the fronts per pair (Leviton: 6 LC onto "MTP1", 12
  // positions, "12-fiber"). Read per strand, half of every front and rear positions P/2+1..P would
  // be dark; read as pairs on a P-fiber MPO, every fiber the file states is there.
  const halfRears = new Set<Port>();
  if (!ab && usedFronts.every((f) => f.positions === 1))
    for (const r of usedRears) {
      const ps = new Set(mappings.filter((m) => m.rear === r).map((m) => m.rpos));
      if (r.positions % 2 === 0 && ps.size === r.positions / 2 && [...ps].every((p) => p <= r.positions / 2)) halfRears.add(r);
    }
  const half = halfRears.size > 0 && halfRears.size === usedRears.length;
  const pairFibers = usedRears.reduce((s, r) => s + (half ? r.positions : 2 * r.positions), 0);
  if (half) {
    const r0 = usedRears[0]!;
    unitFound.push({
      value: "pair",
      source: "positions",
      text: `rear port "${r0.template}" declares ${r0.positions} positions, but its ${mappings.filter((m) => m.rear === r0).length} duplex front ports map only positions 1-${r0.positions / 2}: one position per duplex pair on a ${r0.positions}-fiber MPO`,
    });
  }
  if (ab) {
    const first = [...ab.values()][0]!;
    unitFound.push({ value: "strand", source: first.source, text: first.text });
  }
  if (usedFronts.length > 0 && usedFronts.every((f) => /^\d+-\d+$/.test(ferrulePortName(f.template))))
    unitFound.push({ value: "pair", source: "port-names", text: `front port "${usedFronts[0]!.template}" names two fibers` });
  for (const f of usedFronts.filter((x) => x.positions === 2).slice(0, 1))
    unitFound.push({ value: "strand", source: "positions", text: `front port "${f.template}" has 2 positions (A and B)` });
  for (const t of fiberCountEvidence(ctx.texts)) {
    if (t.value === pairFibers) unitFound.push({ ...t, value: "pair" });
    else if (t.value === sumP) unitFound.push({ ...t, value: "strand" });
    else ctx.warn(["comments"], `the file says ${t.value} fibers ("${t.text}") but its rear ports have ${sumP} positions in all (${sumP} fibers per strand, ${2 * sumP} per pair)`);
  }
  const perMpo = distinct(mpoCountEvidence(ctx.texts));
  if (perMpo.length === 1) {
    const c = perMpo[0]!;
    const t = mpoCountEvidence(ctx.texts)[0]!;
    if (usedRears.every((r) => (half ? r.positions : 2 * r.positions) === c)) unitFound.push({ ...t, value: "pair" });
    else if (usedRears.every((r) => r.positions === c)) unitFound.push({ ...t, value: "strand" });
    else ctx.warn(["comments"], `the file says ${c} fibers per MPO ("${t.text}") but its rear ports have ${usedRears.map((r) => r.positions).join(", ")} positions`);
  }
  if (unitFound.length === 0) {
    const pairOk = usedRears.every((r) => MPO_BY_COUNT[2 * r.positions] !== undefined);
    const strandOk = usedRears.every((r) => MPO_BY_COUNT[r.positions] !== undefined);
    const r0 = usedRears[0]!;
    const text = `rear port "${r0.template}": ${r0.positions} positions = ${2 * r0.positions} fibers per pair (${MPO_BY_COUNT[2 * r0.positions] ?? "no MPO"}) or ${r0.positions} per strand (${MPO_BY_COUNT[r0.positions] ?? "no MPO"})`;
    if (pairOk && !strandOk) unitFound.push({ value: "pair", source: "positions", text });
    else if (strandOk && !pairOk) unitFound.push({ value: "strand", source: "positions", text });
    else if (!pairOk && !strandOk) {
      ctx.fail([...r0.path, "positions"], `rear port "${r0.template}" is MPO with ${r0.positions} positions: neither ${r0.positions} fibers (one per position) nor ${2 * r0.positions} (one duplex pair per position) is the fiber count of an MPO (8, 12, 16, 24 or 32)`);
      return undefined;
    }
  }
  const unit = ctx.resolve("positionUnit", unitFound, {
    why: "NetBox positions are per duplex pair in some files and per fiber in others; Ferrule maps every fiber, so it must know which.",
    choices: [choice("pair", "one position = one duplex pair (position k = fibers 2k-1 and 2k)"), choice("strand", "one position = one fiber")],
  }) as "pair" | "strand" | undefined;

  // --- Rear MPO families from the fiber count each rear port carries.
  const rearFamily = new Map<Port, ConnectorFamily>();
  const rearStrands = new Map<Port, number>();
  if (unit) {
    for (const r of usedRears) {
      const n = unit === "pair" && half ? r.positions : r.positions * (unit === "pair" ? 2 : 1);
      const fam = MPO_BY_COUNT[n];
      if (!fam) {
        ctx.fail([...r.path, "positions"], `rear port "${r.template}" has ${r.positions} positions, one per ${unit === "pair" ? "duplex pair" : "fiber"}: ${n} fibers, which no MPO has (8, 12, 16, 24 or 32)`);
        return undefined;
      }
      rearFamily.set(r, fam);
      rearStrands.set(r, n);
    }
    const fams = distinct([...rearFamily.values()].map((v) => ({ value: v, source: "positions" as const, text: "" })));
    const stated = mpoCountEvidence(ctx.texts).find((e) => MPO_BY_COUNT[e.value] === fams[0]);
    if (fams.length === 1)
      ctx.set(
        "rearFamily",
        stated
          ? { value: fams[0]!, source: stated.source, text: stated.text }
          : {
              value: fams[0]!,
              source: "positions",
              text: half && unit === "pair" ? `${usedRears[0]!.positions} positions, mapped per pair = ${rearStrands.get(usedRears[0]!)} fibers` : `${usedRears[0]!.positions} positions × ${unit === "pair" ? 2 : 1} = ${rearStrands.get(usedRears[0]!)} fibers`,
            },
      );
  }
  if (unit === "pair" && half)
    for (const r of usedRears)
      ctx.warn(
        [...r.path, "positions"],
        `rear port "${r.template}" declares ${r.positions} positions and the file maps only 1-${r.positions / 2}, one per duplex front port; read as pairs, the fronts carry all ${r.positions} fibers of an ${MPO_BY_COUNT[r.positions] ?? "MPO"}`,
      );
  if (unit === "strand")
    for (const r of usedRears) {
      const ps = new Set(mappings.filter((m) => m.rear === r).map((m) => m.rpos));
      const dark = Array.from({ length: r.positions }, (_, i) => i + 1).filter((p) => !ps.has(p));
      if (dark.length > 0)
        ctx.warn([...r.path, "positions"], `rear port "${r.template}" positions ${positionRanges(dark)} are mapped to no front port: those fibers end inside the cassette`);
    }
  if (unit === "pair")
    for (const f of usedFronts)
      if (f.positions !== 1) {
        ctx.fail([...f.path, "positions"], `front port "${f.template}" has ${f.positions} positions, but with one position per duplex pair a duplex front port has one`);
        return undefined;
      }

  // --- Harness and method.
  let polarity = polarityEvidence(ctx.texts);
  if (polarity.some((p) => p.value === "U1" || p.value === "U2")) polarity = polarity.filter((p) => p.value !== "U");
  const tokens = distinct(polarity);
  const token: PolarityToken | undefined = tokens.length === 1 ? tokens[0] : undefined;
  if (token) ctx.set("polarity", polarity[0]!);
  // Names such as "1-2" are often labels only (FS names its universal ports so); words such as
  // "Strands 1-2" in a port's own comments state the harness, and a per-strand map is the harness.
  let namesHarness: Harness | undefined;
  let pairs: Map<Mapping, [number, number]> | undefined;
  let stated: { harness: Harness; pairs?: Map<Mapping, [number, number]>; source: InferenceSource; text: string } | undefined;
  if (unit === "pair") {
    pairs = namePairs(mappings, rearStrands);
    if (pairs) namesHarness = classifyPairs(pairs, rearStrands);
    const described = describedPairs(mappings, rearStrands);
    if (described) {
      const f = mappings[0]!.front;
      const words = [f.comments, f.description, f.label].find((t) => t !== undefined && strandPairEvidence(t)) ?? "";
      stated = { harness: classifyPairs(described, rearStrands), pairs: described, source: f.comments === words ? "port-comments" : f.label === words ? "port-label" : "port-description", text: `front port "${f.template}": ${words}` };
    }
    // Names that pair fibers other than 2k-1, 2k ("1-12", "2-11") are no accident of numbering.
    if (!stated && pairs && namesHarness && namesHarness !== "straight")
      stated = { harness: namesHarness, pairs, source: "port-names", text: `front port names such as "${usedFronts[0]!.template}"` };
  } else if (unit === "strand") {
    const h = classifyStrands(mappings, ab);
    if (h) stated = { harness: h, source: "positions", text: "the file maps each fiber to its rear position" };
    namesHarness = h;
  }
  if (stated) ctx.set("harness", { value: stated.harness, source: stated.source, text: stated.text });
  const keyFound = keyEvidence(ctx.texts);
  let method: ModuleMethod | undefined;
  let rearKey: AdapterKey | undefined;
  const methodWhy = (what: string) =>
    `${what} Ferrule needs the cassette's method: it fixes the harness (which fibers each front port carries) and the rear adapter's key, which the trace follows.`;
  if (namesHarness === "explicit" || stated?.harness === "explicit") {
    // The file spells out an unusual harness; only the rear adapter's key is missing.
    if (stated?.harness === "explicit" && stated.pairs) pairs = stated.pairs;
    rearKey = ctx.resolve("rearKey", keyFound, {
      why: `The fibers are mapped one by one${token ? ` (polarity "${token}")` : ""}, but not the key of the rear MPO adapter, which decides whether a trunk's fibers reverse at the mating.`,
      choices: [choice("A", "key-up to key-down (Type A adapter)"), choice("B", "key-up to key-up (Type B adapter)")],
    }) as AdapterKey | undefined;
  } else {
    // A stated method decides ("Type AF" is the pair-flipped harness). "Universal" names two
    // harnesses of opposite A/B orientation and two rear keys: the file's words and map decide, or
    // Ferrule asks. A harness the file states in words that contradicts the method is asked too.
    const keys = distinct(keyFound);
    const key = keys.length === 1 ? keys[0] : undefined;
    const orientation = stated && (stated.harness === "universal" || stated.harness === "universal-flipped") ? stated.harness : undefined;
    let found: Inferred<string>[] = [];
    if (token && token !== "U") found = [{ ...polarity.find((p) => p.value === token)!, value: token }];
    else if (tokens.length > 1) found = polarity.map((p) => ({ ...p, value: String(p.value) }));
    else if (token === "U" && key && orientation) {
      const m = UNIVERSAL_METHODS.find((u) => methodPart(u).rearKey === key && methodPart(u).harness === orientation)!;
      found = [{ value: m, source: keyFound[0]!.source, text: `${polarity[0]!.text} + ${keyFound[0]!.text} + ${stated!.text}` }];
    } else if (token === "U") found = polarity.map((p) => ({ ...p, value: String(p.value) }));
    let candidates: readonly ModuleMethod[] =
      token === "U" || token === "U1" || token === "U2"
        ? UNIVERSAL_METHODS.filter((u) => (key === undefined || methodPart(u).rearKey === key) && (orientation === undefined || methodPart(u).harness === orientation))
        : token
          ? STRAIGHT_METHODS
          : [...STRAIGHT_METHODS, ...UNIVERSAL_METHODS];
    // "Method U1"/"Method U2" is TIA-568.3-E's universal harness; words or a map that say the other
    // orientation contradict it and make it a question (below).
    if (token === "U1" || token === "U2") candidates = UNIVERSAL_METHODS.filter((u) => u.startsWith(token));
    if (stated && stated.source !== "positions") {
      // Words about strands are evidence: a method whose harness they contradict is asked, with both.
      const agree = methodsWith(stated.harness);
      if (found.length > 0 && found.some((f) => !agree.includes(f.value as ModuleMethod))) {
        found = [...found, ...agree.filter((m) => key === undefined || methodPart(m).rearKey === key).map((m) => ({ value: m, source: stated!.source, text: stated!.text }))];
        candidates = [...new Set([...agree, ...candidates])];
      } else if (found.length === 0) candidates = [...new Set([...agree, ...candidates])];
    }
    const what =
      tokens.length > 1
        ? "The file states the polarity more than one way."
        : token === "U"
          ? `The file says "Universal", which vendors build in two A/B orientations (port k carries fiber k on A, or on B) and with a key-up to key-down or key-up to key-up rear adapter${key ? ` (the file says ${key === "A" ? "key-up to key-down" : "key-up to key-up"})` : ""}.`
          : token === "U1" || token === "U2"
            ? `The file says method ${token} but not the A/B orientation of its universal harness.`
            : token
              ? `The file says polarity "${token}".`
              : "The file states no polarity or method.";
    const statedWords =
      stated && stated.source !== "positions"
        ? ` The ports say ${stated.text}: a ${HARNESSES[stated.harness].label.split(":")[0]} harness (${HARNESSES[stated.harness].label.split(": ")[1]}).`
        : "";
    const choices = (candidates.length > 0 ? candidates : Object.keys(METHOD_CHOICES)).map((m) => METHOD_CHOICES[m]!);
    method = ctx.resolve("method", found, { why: methodWhy(what + statedWords), choices }) as ModuleMethod | undefined;
    if (method) {
      rearKey = methodPart(method).rearKey;
      const mh = harnessOfMethod(method);
      if (unit === "pair" && namesHarness && namesHarness !== mh && (!stated || stated.source === "positions"))
        ctx.warn(
          ["front-ports"],
          `the port names describe a ${namesHarness} harness (e.g. "${usedFronts[0]!.template}"), but ${METHOD_WORDS[method]} has a ${mh} harness; the method decides and the names stay as labels`,
        );
      if (unit === "strand" && namesHarness && namesHarness !== mh)
        ctx.warn(["front-ports"], `the mapped fibers form a ${namesHarness} harness, but ${METHOD_WORDS[method]} has a ${mh} harness; the file's map is kept`);
      if (unit === "pair" && stated && stated.source !== "positions" && stated.harness !== mh && ctx.answers.method !== undefined)
        ctx.warn(["front-ports"], `the answer ${method} has a ${mh} harness; the file's words (${stated.text}) describe a ${stated.harness} one, and the answer decides`);
      if (key !== undefined && key !== rearKey)
        ctx.warn(["comments"], `the file says the adapter is ${key === "A" ? "key-up to key-down" : "key-up to key-up"} ("${keyFound[0]!.text}"), but ${METHOD_WORDS[method]} has a ${rearKey === "A" ? "key-up to key-down" : "key-up to key-up"} rear adapter`);
    }
  }

  // --- Rear MPO: gender, polish, brand, grade.
  const gender = ctx.resolve("rearGender", genderEvidence(ctx.texts), {
    why: "An MPO is pinned (male) or unpinned (female); the trunk plugged into the rear must be of the other gender, and Ferrule checks every MPO mating.",
    choices: [choice("male", "male (pinned): takes a female trunk"), choice("female", "female (unpinned): takes a male trunk")],
  }) as Gender | undefined;
  const mode = fiber ? GRADES[fiber].mode : undefined;
  // An APC MPO only meets another through a key-up to key-down adapter: a cassette whose rear
  // adapter is key-up to key-up cannot be APC, whatever else the file says (reference §3).
  const rearPolishFound = polishEvidence(ctx.texts)
    .filter((e) => e.value.family === "MPO")
    .map((e) => ({ ...e, value: e.value.polish as string }));
  const alignedRear = rearKey === "B";
  const apcStated = rearPolishFound.find((e) => e.value === "APC");
  if (alignedRear && apcStated && ctx.answers.rearPolish === undefined) {
    const by = ctx.inferred.method ?? ctx.inferred.rearKey;
    ctx.fail(
      ["comments"],
      `the rear MPO is APC (${apcStated.source}: "${apcStated.text}") but its adapter is key-up to key-up (${by ? `${by.source}: "${by.text}"` : "the method"}): angled end faces only meet with opposed keys, so this part cannot mate as described`,
    );
  }
  const rearPolish = ctx.resolve("rearPolish", rearPolishFound, {
    why: alignedRear
      ? "A UPC/PC MPO only mates with UPC/PC; NetBox's single `mpo` type does not say which. (APC is not offered: this cassette's rear adapter is key-up to key-up, where angled end faces cannot meet.)"
      : "An APC (angled) MPO only mates with APC, and a UPC/PC one only with UPC/PC; NetBox's single `mpo` type does not say which.",
    choices: alignedRear
      ? [choice("UPC", "UPC (flat)"), choice("PC", "PC (flat)")]
      : [choice("UPC", "UPC (flat)"), choice("APC", "APC (angled, green)"), choice("PC", "PC (flat)")],
    ...(mode === "SM" && !alignedRear ? { suggested: { value: "APC", reason: "single-mode MPO is practically always APC (reference §3)" } } : {}),
  }) as Polish | undefined;
  const frontFamily = usedFronts[0]?.pt.family as Exclude<ConnectorFamily, `MPO-${string}`> | undefined;
  const frontPolishFound: Inferred<string>[] = [];
  for (const f of usedFronts)
    if (f.pt.polish && !frontPolishFound.some((e) => e.value === f.pt.polish))
      frontPolishFound.push({ value: f.pt.polish, source: "port-type", text: `${formatKeyPath([...f.path, "type"])}: ${f.pt.slug}` });
  for (const e of polishEvidence(ctx.texts)) if (e.value.family === frontFamily) frontPolishFound.push({ ...e, value: e.value.polish });
  if (mode === "SM")
    for (const e of colourPolishEvidence(ctx.texts))
      if (e.value.family === frontFamily)
        frontPolishFound.push({ ...e, value: e.value.polish, text: `${e.text} (single-mode ${e.value.polish === "UPC" ? "blue = UPC" : "green = APC"})` });
  const frontPolish = ctx.resolve("frontPolish", frontPolishFound, {
    why: `The ${frontFamily ?? "front"} plugs inside the cassette have a polish; an APC plug only mates with APC. The file's port type (\`${usedFronts[0]?.pt.slug ?? "?"}\`) does not say which.`,
    choices: [choice("UPC", "UPC"), choice("APC", "APC (angled)"), choice("PC", "PC")],
  }) as Polish | undefined;
  const brands = distinct(brandEvidence(ctx.texts));
  const brandFound = brandEvidence(ctx.texts).find((e) => e.value === (brands.includes("MTP") ? "MTP" : "MPO"));
  const brand = brandFound ? ctx.set("rearBrand", brandFound) : undefined;
  // Loss grade: "low loss", "Elite", "0.35 dB" make every connector of the part low loss; a
  // stated loss of the part ("(0.90dB)") covers its two mated pairs, half each.
  const lowLoss = lowLossEvidence(ctx.texts)[0];
  if (lowLoss) {
    ctx.set("rearGrade", lowLoss);
    ctx.set("frontGrade", lowLoss);
  }
  const losses = statedLossEvidence(ctx.texts);
  const lossValues = distinct(losses);
  let matedPairLossDb: number | undefined;
  if (lossValues.length === 1) {
    matedPairLossDb = Math.round((lossValues[0]! / 2) * 1000) / 1000;
    ctx.set("matedPairLossDb", { value: matedPairLossDb, source: losses[0]!.source, text: `${losses[0]!.text} (the part's loss over its front and rear mated pairs, half each)` });
  } else if (lossValues.length > 1)
    ctx.warn(["comments"], `the file states ${lossValues.length} losses (${losses.map((l) => `"${l.text}"`).join(", ")}); none is recorded, the site's convention applies`);

  if (ctx.errors.length > 0 || ctx.questions.length > 0 || !unit || !fiber || !rearKey || !gender || !rearPolish || !frontPolish || !frontFamily)
    return undefined;

  // --- Ports: Ferrule names, rear names prefixed with R when a front port has the same name.
  const frontName = new Map<Port, string>();
  const frontPos = new Map<Port, number[]>();
  if (unit === "strand" && ab)
    for (const [prefix, e] of ab) {
      frontName.set(e.A!, prefix);
      frontName.set(e.B!, prefix);
      frontPos.set(e.A!, [1]);
      frontPos.set(e.B!, [2]);
    }
  for (const f of fronts) if (!frontName.has(f)) frontName.set(f, ferrulePortName(f.template));
  const frontNames = new Set(frontName.values());
  const clash = rears.some((r) => frontNames.has(ferrulePortName(r.template)));
  const rearName = new Map(rears.map((r) => [r, `${clash ? "R" : ""}${ferrulePortName(r.template)}`]));

  const ports: ModulePort[] = [];
  for (const r of usedRears)
    ports.push({
      name: rearName.get(r)!,
      role: "rear",
      family: rearFamily.get(r)!,
      key: rearKey,
      gender,
      polish: rearPolish,
      ...(brand ? { brand } : {}),
      ...(lowLoss ? { grade: "low-loss" as const } : {}),
    });
  const seenFront = new Set<string>();
  for (const f of usedFronts) {
    const n = frontName.get(f)!;
    if (seenFront.has(n)) continue;
    seenFront.add(n);
    ports.push({ name: n, role: "front", family: f.pt.family as ConnectorFamily, key: "B", polish: frontPolish, ...(lowLoss ? { grade: "low-loss" as const } : {}) });
  }

  // --- Fibers.
  const fibers: Fiber[] = [];
  let simplexWarned = false;
  for (const m of mappings) {
    const used = FAMILIES[rearFamily.get(m.rear)!].used;
    const rn = rearName.get(m.rear)!;
    const fn = frontName.get(m.front)!;
    if (unit === "pair") {
      const n = rearStrands.get(m.rear)!;
      const [sa, sb] = method ? harnessStrands(harnessOfMethod(method), m.rpos, n) : pairs!.get(m)!;
      fibers.push({ a: { connector: rn, position: used[sa - 1]! }, b: { connector: fn, position: 1 } });
      fibers.push({ a: { connector: rn, position: used[sb - 1]! }, b: { connector: fn, position: 2 } });
    } else {
      const fixed = frontPos.get(m.front);
      const pos = fixed ? fixed[0]! : m.front.positions === 2 ? m.fpos : 1;
      if (!fixed && m.front.positions === 1 && !simplexWarned) {
        simplexWarned = true;
        ctx.warn(["front-ports"], `each front port carries one fiber (simplex); Ferrule's ${frontFamily} is duplex, so position B of these ports is left dark`);
      }
      fibers.push({ a: { connector: rn, position: used[m.rpos - 1]! }, b: { connector: fn, position: pos } });
    }
  }

  const type: ModuleType = {
    kind: "module",
    id,
    name,
    fiber: fiber,
    ports,
    fibers,
    ...(method ? { method } : {}),
    ...(matedPairLossDb !== undefined ? { matedPairLossDb } : {}),
    note: `imported from NetBox devicetype-library ${ctx.src.file}`,
  };
  const invalid = validateComponentType(type);
  if (invalid.length > 0) {
    for (const e of invalid) ctx.errors.push({ file: ctx.src.file, path: "(converted type)", message: `the engine rejects the converted type: ${e.field}: ${e.message}` });
    return undefined;
  }
  const portNames: PortNameMap[] = [
    ...rears.map((r) => ({ netbox: r.template, role: "rear" as const, ferrule: rearName.get(r)!, positions: rearFamily.has(r) ? [...FAMILIES[rearFamily.get(r)!].used] : [] })),
    ...fronts.map((f) => ({ netbox: f.template, role: "front" as const, ferrule: frontName.get(f)!, positions: frontPos.get(f) ?? (unit === "pair" || f.positions === 2 ? [1, 2] : [1]) })),
  ];
  return { family: "cassette", type, portNames };
}

/** The harness a per-strand map forms: pairs (A, B) of each front port against the rear's strands. */
function classifyStrands(mappings: readonly Mapping[], ab: ReturnType<typeof abPairs>): Harness | undefined {
  const strandsOf = new Map<string, number[]>();
  for (const m of mappings) {
    let key = m.front.template;
    let side = m.front.positions === 2 ? m.fpos - 1 : 0;
    if (ab)
      for (const [prefix, e] of ab)
        if (e.A === m.front || e.B === m.front) {
          key = prefix;
          side = e.A === m.front ? 0 : 1;
        }
    const arr = strandsOf.get(`${m.rear.template}|${key}`) ?? [];
    arr[side] = m.rpos;
    strandsOf.set(`${m.rear.template}|${key}`, arr);
  }
  const pairs = [...strandsOf.entries()].filter(([, v]) => v[0] !== undefined && v[1] !== undefined);
  if (pairs.length === 0) return undefined;
  const rearPositions = new Map(mappings.map((m) => [m.rear.template, m.rear.positions]));
  const isStraight = pairs.every(([, [a, b]]) => a! % 2 === 1 && b === a! + 1);
  const isUniversal = pairs.every(([k, [a, b]]) => b === (rearPositions.get(k.split("|")[0]!) ?? 0) + 1 - a!);
  return isStraight ? "straight" : isUniversal ? "universal" : "explicit";
}

// ---------------------------------------------------------------------------------------------
// Adapter plates

function convertPlate(ctx: Ctx, fronts: readonly Port[], rears: readonly Port[], mappings: readonly Mapping[]): AdapterPlatePart | undefined {
  const fiber = resolveFiber(ctx, false);
  const mappingOf = new Map(mappings.map((m) => [m.front, m]));
  for (const r of rears) if (!mappings.some((m) => m.rear === r)) ctx.warn([...r.path, "name"], `rear port "${r.template}" has no front port; it is left out`);
  const isMpo = fronts.some((f) => f.pt.family === "MPO");
  let mpoFamily: ConnectorFamily | undefined;
  let mpoKey: AdapterKey | undefined;
  if (isMpo) {
    const counts = mpoCountEvidence(ctx.texts);
    const fams = counts.filter((c) => MPO_BY_COUNT[c.value]).map((c) => ({ ...c, value: MPO_BY_COUNT[c.value]! as string }));
    mpoFamily = ctx.resolve("adapterFamily", fams, {
      why: "An MPO adapter takes plugs of one family (an MPO-12 adapter also takes MPO-8; MPO-16 and MPO-24 plugs need their own); NetBox's `mpo` type does not say which.",
      choices: ["MPO-12", "MPO-8", "MPO-16", "MPO-24", "MPO-32"].map((f) => choice(f, f === "MPO-12" ? "MPO-12 (also takes MPO-8 plugs)" : f)),
    }) as ConnectorFamily | undefined;
    mpoKey = ctx.resolve("adapterKey", keyEvidence(ctx.texts), {
      why: "An MPO adapter is key-up to key-down (Type A) or key-up to key-up (Type B); the trace reverses the fibers at a key-up to key-up mating.",
      choices: [choice("A", "key-up to key-down (Type A)"), choice("B", "key-up to key-up (Type B)")],
    }) as AdapterKey | undefined;
  } else {
    const f0 = fronts[0]!;
    if (fibersOf(f0.pt) === 1) ctx.set("adapterKey", { value: "A", source: "rule", text: `a ${f0.pt.family} adapter holds one fiber, which meets the other plug's one fiber` });
    else ctx.set("adapterKey", { value: "B", source: "rule", text: `duplex ${f0.pt.family} adapters are key-up to key-up in Ferrule's model (A meets B)` });
  }
  if (ctx.errors.length > 0 || ctx.questions.length > 0) return undefined;
  const textPolishFound = polishEvidence(ctx.texts)
    .filter((e) => e.value.family === familyWord(fronts[0]!.pt.family))
    .map((e) => ({ ...e, value: e.value.polish }));
  const textPolish = distinct(textPolishFound);
  const typePolish = fronts[0]!.pt.polish;
  if (typePolish && fronts.every((f) => f.pt.polish === typePolish))
    ctx.set("adapterPolish", { value: typePolish, source: "port-type", text: `${formatKeyPath([...fronts[0]!.path, "type"])}: ${fronts[0]!.pt.slug}` });
  else if (textPolish.length === 1) ctx.set("adapterPolish", textPolishFound[0]!);
  const adapters: PlateAdapter[] = [];
  const names = new Set<string>();
  for (const f of fronts) {
    const fam = f.pt.family === "MPO" ? mpoFamily! : (f.pt.family as ConnectorFamily);
    const polish = f.pt.polish ?? (textPolish.length === 1 ? textPolish[0] : undefined);
    const name = ferrulePortName(f.template);
    if (names.has(name)) {
      ctx.fail([...f.path, "name"], `front port "${f.template}" becomes "${name}" without {module}, like another front port`);
      continue;
    }
    names.add(name);
    const m = mappingOf.get(f);
    const rear = m?.rear;
    const key: AdapterKey | undefined = f.pt.family === "MPO" ? mpoKey : fibersOf(f.pt) === 1 ? "A" : "B";
    if (!isConnectorFamily(fam) || !key || !(ADAPTER_KEYS as readonly string[]).includes(key)) continue;
    adapters.push({
      name,
      family: fam,
      key,
      ...(polish ? { polish } : {}),
      netboxFront: f.template,
      ...(rear ? { netboxRear: rear.template } : {}),
      ...(rear && rear.positions > 1 && mappings.filter((x) => x.rear === rear).length > 1 ? { netboxRearPosition: m!.rpos } : {}),
    });
  }
  if (ctx.errors.length > 0) return undefined;
  return { family: "adapter-plate", adapters, ...(fiber ? { fiber } : {}), ...(ctx.raw.u_height !== undefined ? { uHeight: ctx.raw.u_height } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Splice trays

/**
 * A splice tray (NetBox rear port type `splice`): front adapters whose internal pigtails are
 * fusion-spliced to an incoming cable. Ferrule gives the rear one `splice` port per fiber (a
 * splice joins one fiber to one), so the spliced cable's fibers meet them one by one at the splice
 * loss. A NetBox rear position is one fiber, or a duplex pair when each duplex front port is one
 * position (the file's names, fiber count or a question decide). Rear ports carrying several
 * fibers become `<name>.1`, `<name>.2`, … in position order.
 */
type Halves = Map<string, { A?: Port; B?: Port; source: InferenceSource; text: string }>;

/** Front ports named as halves of a duplex adapter in lower case or after a dot ("Port/1.a", "Port/1.b"). */
function halvesByName(fronts: readonly Port[]): Halves | undefined {
  const out: Halves = new Map();
  for (const f of fronts) {
    const m = /^(.*?)[-_. ]?([ab])$/i.exec(ferrulePortName(f.template));
    if (!m || m[1] === "") return undefined;
    const side = m[2]!.toUpperCase() as "A" | "B";
    const e = out.get(m[1]!) ?? { source: "port-names" as const, text: "" };
    if (e[side]) return undefined;
    e[side] = f;
    out.set(m[1]!, e);
  }
  for (const e of out.values()) {
    if (!e.A || !e.B) return undefined;
    e.text = `names "${e.A.template}" and "${e.B.template}"`;
  }
  return out.size > 0 ? out : undefined;
}

/** Front ports taken two by two in the file's order: ports 1 and 2 are A and B of one duplex adapter. */
function consecutiveHalves(fronts: readonly Port[]): Halves {
  const out: Halves = new Map();
  for (let i = 0; i + 1 < fronts.length; i += 2) {
    const a = fronts[i]!;
    const b = fronts[i + 1]!;
    const na = ferrulePortName(a.template);
    const nb = ferrulePortName(b.template);
    const ma = /^(.*?)(\d+)$/.exec(na);
    const mb = /^(.*?)(\d+)$/.exec(nb);
    const name = ma && mb && ma[1] === mb[1] ? `${na}-${mb[2]}` : na;
    out.set(name, { A: a, B: b, source: "positions", text: `ports "${a.template}" and "${b.template}"` });
  }
  return out;
}

function convertSpliceTray(ctx: Ctx, fronts: readonly Port[], rears: readonly Port[], mappings: readonly Mapping[], id: string, name: string): CassettePart | undefined {
  for (const f of fronts)
    if (f.pt.family === "splice") {
      ctx.fail([...f.path, "type"], `front port "${f.template}" is a splice: a splice tray's splices are its rear, its fronts are the adapters the pigtails end in`);
      return undefined;
    }
  if (mappings.length === 0) {
    ctx.fail(["front-ports"], "no front port is mapped to a rear port, so the part carries no fiber");
    return undefined;
  }
  for (const m of mappings) {
    if (m.rear.pt.family !== "splice") {
      ctx.fail([...m.path], `front port "${m.front.template}" maps into ${m.rear.pt.family} rear port "${m.rear.template}", but the other rear ports are splices; a splice tray's rear is splices only`);
      return undefined;
    }
    if (m.front.pt.family === "MPO") {
      ctx.fail(
        [...m.front.path, "type"],
        `front port "${m.front.template}" is MPO on a splice rear: an MPO splice module needs its per-fiber map, which NetBox's one \`mpo\` position per fiber group does not give`,
      );
      return undefined;
    }
  }
  const usedRears = rears.filter((r) => mappings.some((m) => m.rear === r));
  const usedFronts = fronts.filter((f) => mappings.some((m) => m.front === f));
  for (const f of fronts) if (!usedFronts.includes(f)) ctx.warn([...f.path, "name"], `front port "${f.template}" is not spliced to any rear position; it carries no fiber`);
  for (const r of rears) if (!usedRears.includes(r)) ctx.warn([...r.path, "name"], `rear port "${r.template}" is not mapped to any front port; its splices are left out`);
  for (const f of usedFronts)
    if (f.positions > fibersOf(f.pt)) {
      ctx.fail([...f.path, "positions"], `front port "${f.template}" is ${f.pt.family} (${plural(fibersOf(f.pt), "fiber")}) but declares ${f.positions} positions`);
      return undefined;
    }
  const families = distinct(usedFronts.map((f) => ({ value: f.pt.family!, source: "port-type" as const, text: "" })));
  if (families.length > 1) {
    ctx.fail(["front-ports"], `the front ports mix ${families.join(" and ")} adapters; a splice tray's fronts are one family here`);
    return undefined;
  }
  const frontFamily = families[0] as ConnectorFamily;
  const fiber = resolveFiber(ctx, true);

  // --- Fibers per front port: one position of a duplex front is a pair ("pair"), or one fiber:
  // the halves of duplex adapters ("halves": A/B names, else consecutive ports) or simplex ("strand").
  const onePosDuplex = fibersOf(usedFronts[0]!.pt) === 2 && usedFronts.every((f) => f.positions === 1);
  const ab = onePosDuplex ? (abPairs(usedFronts) ?? halvesByName(usedFronts)) : undefined;
  let unit: "pair" | "halves" | "strand" | undefined = "strand";
  if (onePosDuplex) {
    const found: Inferred<string>[] = [];
    if (ab) {
      const first = [...ab.values()][0]!;
      found.push({ value: "halves", source: first.source, text: first.text });
    }
    const pairName = (t: string) => {
      const m = /(\d+)\s*-\s*(\d+)$/.exec(ferrulePortName(t));
      return m !== null && Number(m[2]) === Number(m[1]) + 1;
    };
    if (usedRears.every((r) => r.positions === 1 && pairName(r.template)))
      found.push({ value: "pair", source: "port-names", text: `rear port "${usedRears[0]!.template}" names two fibers` });
    else if (usedFronts.every((f) => pairName(f.template)))
      found.push({ value: "pair", source: "port-names", text: `front port "${usedFronts[0]!.template}" names two fibers` });
    for (const t of fiberCountEvidence(ctx.texts)) if (t.value === 2 * mappings.length) found.push({ ...t, value: "pair" });
    for (const t of duplexCountEvidence(ctx.texts)) {
      if (t.value === mappings.length) found.push({ ...t, value: "pair" });
      else if (2 * t.value === mappings.length) found.push({ ...t, value: "halves" });
    }
    unit = ctx.resolve("positionUnit", found, {
      why: `Each front port of this splice tray is ${frontFamily} with one position: a duplex adapter whose two fibers are spliced, or one fiber (the file lists each fiber as a port). NetBox's \`${usedFronts[0]!.pt.slug}\` does not say which.`,
      choices: [
        choice("pair", `one position = one duplex pair: each front port is a duplex ${frontFamily} adapter with two splices`),
        choice("halves", `one position = one fiber, and two front ports make one duplex ${frontFamily} adapter (${ab ? "the A and B ports" : "ports 1 and 2, 3 and 4, … in the file's order"})`),
        choice("strand", `one position = one fiber: each front port is a simplex ${frontFamily} adapter`),
      ],
    }) as "pair" | "halves" | "strand" | undefined;
  }

  // --- Polish and loss grade of the front plugs (the splice itself has no end face).
  const polishFound: Inferred<string>[] = [];
  for (const f of usedFronts)
    if (f.pt.polish && !polishFound.some((e) => e.value === f.pt.polish))
      polishFound.push({ value: f.pt.polish, source: "port-type", text: `${formatKeyPath([...f.path, "type"])}: ${f.pt.slug}` });
  const word = familyWord(frontFamily);
  for (const e of polishEvidence(ctx.texts)) if (e.value.family === word) polishFound.push({ ...e, value: e.value.polish });
  const mode = fiber ? GRADES[fiber].mode : undefined;
  if (mode === "SM")
    for (const e of colourPolishEvidence(ctx.texts))
      if (e.value.family === word) polishFound.push({ ...e, value: e.value.polish, text: `${e.text} (single-mode ${e.value.polish === "UPC" ? "blue = UPC" : "green = APC"})` });
  const polish = ctx.resolve("frontPolish", polishFound, {
    why: `The ${frontFamily} pigtails' plugs have a polish; an APC plug only mates with APC. The file's port type (\`${usedFronts[0]!.pt.slug}\`) does not say which.`,
    choices: [choice("UPC", "UPC"), choice("APC", "APC (angled)"), choice("PC", "PC")],
  }) as Polish | undefined;
  const lowLoss = lowLossEvidence(ctx.texts)[0];
  if (lowLoss) ctx.set("frontGrade", lowLoss);
  if (ctx.errors.length > 0 || ctx.questions.length > 0 || !unit || !fiber || !polish) return undefined;

  // --- Front ports: duplex pairs, A/B halves joined into duplex adapters, or simplex adapters.
  let family = frontFamily;
  const frontName = new Map<Port, string>();
  const frontPos = new Map<Port, number>();
  if (unit === "halves") {
    for (const [prefix, e] of ab ?? consecutiveHalves(usedFronts)) {
      frontName.set(e.A!, prefix);
      frontPos.set(e.A!, 1);
      frontName.set(e.B!, prefix);
      frontPos.set(e.B!, 2);
    }
  } else if (unit === "strand" && onePosDuplex) {
    const simplexFamily = SIMPLEX_OF[frontFamily];
    if (!simplexFamily) {
      ctx.fail(["front-ports"], `each front port carries one fiber, but ${frontFamily} has no simplex form in Ferrule (LC and SC have)`);
      return undefined;
    }
    family = simplexFamily;
    ctx.warn(["front-ports"], `each front port carries one fiber: imported as ${simplexFamily} adapters (a duplex cord needs a fan-out to two of them)`);
  }
  for (const f of usedFronts) if (!frontName.has(f)) frontName.set(f, ferrulePortName(f.template));
  const frontNames = new Set(frontName.values());
  const grade = lowLoss ? { grade: "low-loss" as const } : {};
  const key: AdapterKey = FAMILIES[family].used.length === 2 ? "B" : "A";
  const ports: ModulePort[] = [];
  for (const n of frontNames) ports.push({ name: n, role: "front", family, key, polish, ...grade });

  // --- Rear: one splice per fiber, in the file's position order.
  const perPosition = unit === "pair" && onePosDuplex ? 2 : 1;
  const clash = usedRears.some((r) => frontNames.has(ferrulePortName(r.template)));
  const fibers: Fiber[] = [];
  const portNames: PortNameMap[] = [];
  for (const r of usedRears) {
    const into = mappings.filter((m) => m.rear === r).sort((a, b) => a.rpos - b.rpos);
    const base = `${clash ? "R" : ""}${ferrulePortName(r.template)}`;
    const count = into.length * perPosition;
    let i = 0;
    for (const m of into)
      for (let j = 1; j <= perPosition; j++) {
        i++;
        const splice = count === 1 ? base : `${base}.${i}`;
        ports.push({ name: splice, role: "rear", family: "splice", key: "A", polish });
        portNames.push({ netbox: r.template, role: "rear", ferrule: splice, positions: [1] });
        const pos = perPosition === 2 ? j : (frontPos.get(m.front) ?? (m.front.positions === 2 ? m.fpos : 1));
        fibers.push({ a: { connector: splice, position: 1 }, b: { connector: frontName.get(m.front)!, position: pos } });
      }
  }
  const type: ModuleType = {
    kind: "module",
    id,
    name,
    fiber,
    ports,
    fibers,
    note: `imported from NetBox devicetype-library ${ctx.src.file}`,
  };
  const invalid = validateComponentType(type);
  if (invalid.length > 0) {
    for (const e of invalid) ctx.errors.push({ file: ctx.src.file, path: "(converted type)", message: `the engine rejects the converted type: ${e.field}: ${e.message}` });
    return undefined;
  }
  const fibersPer = FAMILIES[family].used.length;
  for (const f of usedFronts) {
    const n = frontName.get(f)!;
    const carried = fibers.filter((x) => x.b.connector === n).length;
    if (carried < fibersPer && !frontPos.has(f)) ctx.warn([...f.path, "name"], `front port "${f.template}" carries ${plural(carried, "fiber")} of ${fibersPer}; the rest is dark`);
    portNames.push({ netbox: f.template, role: "front", ferrule: n, positions: frontPos.has(f) ? [frontPos.get(f)!] : fibersPer === 2 ? [1, 2] : [1] });
  }
  return { family: "cassette", type, portNames };
}

// ---------------------------------------------------------------------------------------------
// The port path: decide what the ports make

/**
 * A rear port of a duplex or simplex family with several positions that reads as the rears of a
 * plate's adapters: every position taken by exactly one front port of one position, of the rear's
 * own family (front k at position k, as NetBox files of adapter panels often write it).
 */
function isPlateShape(r: Port, mappings: readonly Mapping[]): boolean {
  const into = mappings.filter((m) => m.rear === r);
  if (into.length !== r.positions) return false;
  const taken = new Set(into.map((m) => m.rpos));
  return taken.size === r.positions && into.every((m) => m.front.positions === 1 && m.front.pt.family === r.pt.family);
}

/**
 * Whether a rear port of N positions fed by N adapters' fronts stands for the rears of N adapters
 * (an adapter panel: each adapter has a rear side of its own) or is where the fronts' channels
 * meet (a multiplexer or a splitter, which Ferrule does not model). The file's words decide: an
 * adapter panel or plate named as such, its strand count (if stated) that of N adapters; else the
 * question.
 */
function resolveSharedRear(ctx: Ctx, r: Port): string | undefined {
  const n = r.positions;
  const strands = n * fibersOf(r.pt);
  const panel = adapterPanelEvidence(ctx.texts);
  // A strand count other than N adapters' says the part is something else: ask.
  const against = fiberCountEvidence(ctx.texts).filter((c) => c.value !== strands);
  let read: string | undefined;
  if (ctx.answers.sharedRear === undefined && panel.length > 0 && against.length === 0) read = ctx.set("sharedRear", panel[0]!);
  else
    read = ctx.resolve("sharedRear", [...panel, ...against.map((c) => ({ ...c, value: `${c.value} fibers, not the ${strands} of ${n} adapters` }))], {
      why: `Rear port "${r.template}" is one ${r.pt.family} port of ${n} positions, each fed by one of ${n} ${r.pt.family} front ports. An adapter panel has a rear side per adapter (NetBox files often give them as one rear port); a multiplexer or a splitter joins its fronts onto one fiber pair, which Ferrule does not model.${panel.length + against.length > 0 ? "" : " The file names neither."}`,
      choices: [
        choice("adapters", `${n} adapters, each front passing to its own rear (the file's one rear port stands for their rear sides)`),
        choice("wdm", "a wavelength multiplexer: the fronts' channels share the rear fiber pair (refused)"),
        choice("tap", "a splitter or tap: one fiber feeds several fronts (refused)"),
      ],
    });
  if (read === "adapters") {
    const why = ctx.inferred.sharedRear!;
    ctx.warn(
      [...r.path, "positions"],
      `rear port "${r.template}" (${r.pt.family}, ${n} positions) is read as the rears of ${n} ${r.pt.family} adapters, front port k passing to its own rear at position k (${why.source}: "${why.text}"); a NetBox cable on the whole rear port cannot say which adapter it reaches`,
    );
  }
  return read;
}

function convertPortPart(ctx: Ctx, id: string, name: string): { family: PartFamily; part?: ConvertedPart } | undefined {
  const { fronts, rears, mappings } = readPorts(ctx);
  if (ctx.errors.length > 0) return undefined;
  const all = [...fronts, ...rears];
  const copper = all.filter((p) => !p.pt.fiber);
  if (copper.length > 0) {
    const converter = mediaConverterOf(ctx, all, mappings);
    if (converter) return { family: "switch", ...importMediaConverter(ctx, converter, all) };
    const p = copper[0]!;
    ctx.fail([...p.path, "type"], `port type "${p.pt.slug}" is not a fiber connector${copper.length === all.length ? "; Ferrule manages fiber only" : " (this part mixes copper and fiber ports)"}`);
    return undefined;
  }
  const special = specialPartEvidence(ctx.texts);
  const specialOf = (kind: SpecialPart) => special.find((s) => s.value === kind);
  const unsupported = all.filter((p) => p.pt.unsupported);
  if (unsupported.length > 0) {
    const p = unsupported[0]!;
    const splice = specialOf("splice");
    ctx.fail(
      [...p.path, "type"],
      `port type "${p.pt.slug}": ${p.pt.unsupported}${splice && p.pt.slug === "splice" ? ` (${SPECIAL_REASON.splice}: "${splice.text}")` : ""}`,
    );
    return undefined;
  }
  // NetBox has one `lc` and one `sc` for duplex and simplex adapters: the file's words say simplex.
  const simplex = specialOf("simplex");
  if (simplex && !rears.some((r) => r.pt.family === "MPO")) {
    const changed = all.filter((p) => p.pt.family !== undefined && SIMPLEX_OF[p.pt.family] !== undefined);
    for (const p of changed) (p as { pt: PortTypeInfo }).pt = { ...p.pt, family: SIMPLEX_OF[p.pt.family!] as PortTypeInfo["family"] };
    if (changed.length > 0) ctx.set("simplex", { value: changed[0]!.pt.family!, source: simplex.source, text: simplex.text });
  }
  if (rears.some((r) => r.pt.family === "splice") || fronts.some((f) => f.pt.family === "splice")) {
    const part = convertSpliceTray(ctx, fronts, rears, mappings, id, name);
    return { family: "cassette", ...(part ? { part } : {}) };
  }
  // A duplex rear that declares several positions but is mapped at position 1 only (a copy-paste
  // slip in the file): read as one adapter, and say which positions nothing maps.
  const singleUse = new Set<Port>();
  for (const r of rears) {
    const into = mappings.filter((m) => m.rear === r);
    if (isDuplex(r.pt) && r.positions > 1 && into.length === 1 && into[0]!.rpos === 1 && into[0]!.front.positions === 1) {
      singleUse.add(r);
      ctx.warn(
        [...r.path, "positions"],
        `rear port "${r.template}" declares ${r.positions} positions but only position 1 is mapped (from front port "${into[0]!.front.template}"); positions ${r.positions === 2 ? "2" : `2-${r.positions}`} carry nothing, so it is read as one ${r.pt.family} adapter`,
      );
    }
  }
  const sharedRears = new Set<Port>();
  for (const r of rears)
    if (isDuplex(r.pt) && r.positions > 1 && !singleUse.has(r)) {
      const kind = specialOf("wdm") ?? specialOf("tap");
      const fed = mappings.filter((m) => m.rear === r).length;
      // A multiplexer's line, or a tap's network ports: modelled as such.
      if (kind?.value === "wdm" && fed > 1) {
        const part = convertWdm(ctx, fronts, r, mappings, id, name);
        return { family: "cassette", ...(part ? { part } : {}) };
      }
      if (kind?.value === "tap" && fed > 1) {
        const part = convertTap(ctx, fronts, rears, mappings, id, name);
        return { family: "cassette", ...(part ? { part } : {}) };
      }
      if (!kind && isPlateShape(r, mappings)) {
        const read = resolveSharedRear(ctx, r);
        if (read === "adapters" || read === undefined) {
          sharedRears.add(r);
          continue;
        }
        const part = read === "tap" ? convertTap(ctx, fronts, rears, mappings, id, name) : convertWdm(ctx, fronts, r, mappings, id, name);
        return { family: "cassette", ...(part ? { part } : {}) };
      }
      ctx.fail(
        [...r.path, "positions"],
        kind
          ? `rear port "${r.template}" is ${r.pt.family} with ${r.positions} positions feeding ${plural(fed, "front port")}: ${SPECIAL_REASON[kind.value]} (${kind.source}: "${kind.text}")`
          : fibersOf(r.pt) === 1
            ? `rear port "${r.template}" is ${r.pt.family}, a simplex connector of 1 fiber, but declares ${r.positions} positions; model each adapter as its own rear port`
            : `rear port "${r.template}" is ${r.pt.family}, a duplex connector of 2 fibers, but declares ${r.positions} positions; model each duplex adapter as its own rear port`,
      );
      return undefined;
    }
  if (mappings.length === 0) {
    ctx.fail(["front-ports"], "no front port is mapped to a rear port, so the part carries no fiber");
    return undefined;
  }
  const passThrough = mappings.every((m) => (m.rear.positions === 1 || singleUse.has(m.rear) || sharedRears.has(m.rear)) && m.front.positions === 1);
  if (passThrough) {
    // A splitter, multiplexer or mesh written as one-to-one ports: the file's map is not the part.
    const kind = specialOf("mesh") ?? specialOf("tap") ?? specialOf("wdm");
    if (kind?.value === "tap" && splitCountEvidence(ctx.texts).length > 0) {
      const part = convertPlcSplitter(ctx, fronts, mappings, id, name);
      return { family: "cassette", ...(part ? { part } : {}) };
    }
    if (kind) {
      ctx.fail(
        ["front-ports"],
        `${SPECIAL_REASON[kind.value]} (${kind.source}: "${kind.text}")${kind.value === "mesh" ? "" : "; the file lists its ports as one-to-one pass-throughs, which is not what the part does"}`,
      );
      return undefined;
    }
    const mpoOfOne = mappings.filter((m) => (m.front.pt.family === "MPO") !== (m.rear.pt.family === "MPO"));
    if (mpoOfOne.length > 0) {
      const m = mpoOfOne[0]!;
      const [single, mpo] = m.rear.pt.family === "MPO" ? [m.front, m.rear] : [m.rear, m.front];
      const words = ctx.texts.find((t) => t.source === "description" || t.source === "comments") ?? ctx.texts[0]!;
      ctx.fail(
        [...m.path],
        `${single.role} port "${single.template}" (${single.pt.slug}) passes through to ${mpo.role} port "${mpo.template}" (mpo) of one position${mpoOfOne.length > 1 ? `, and so do ${mpoOfOne.length - 1} others` : ""}: an MPO carries 8 to 32 fibers, so the file says neither how many MPOs the part has nor which MPO fiber each ${single.pt.family} port reaches (${words.source}: "${excerpt(words.text, 0, Math.min(words.text.length, 48), 0)}"); an MPO cassette needs each ${single.pt.family} port mapped to positions of its MPO`,
      );
      return undefined;
    }
    for (const m of mappings)
      if (m.front.pt.family !== m.rear.pt.family) {
        ctx.fail(
          [...m.path],
          `front port "${m.front.template}" (${m.front.pt.slug}) passes through to rear port "${m.rear.template}" (${m.rear.pt.slug}): a hybrid adapter between two connector families is not modelled`,
        );
        return undefined;
      }
    const part = convertPlate(ctx, fronts, rears, mappings);
    return { family: "adapter-plate", ...(part ? { part } : {}) };
  }
  for (const m of mappings) {
    if (m.rear.pt.family !== "MPO") {
      ctx.fail([...m.path], `front port "${m.front.template}" maps into ${m.rear.pt.family} rear port "${m.rear.template}" together with other fibers; only an MPO rear port gathers several`);
      return undefined;
    }
    if (!isDuplex(m.front.pt)) {
      ctx.fail(
        [...m.front.path, "type"],
        `front port "${m.front.template}" is MPO behind MPO rear port "${m.rear.template}": MPO-to-MPO conversion modules are not imported yet (only MPO to duplex cassettes)`,
      );
      return undefined;
    }
    if (fibersOf(m.front.pt) !== 2) {
      ctx.fail(
        [...m.front.path, "type"],
        `front port "${m.front.template}" is ${m.front.pt.family}, one fiber, behind MPO rear port "${m.rear.template}": cassettes with simplex fronts are not imported yet (only MPO to duplex cassettes)`,
      );
      return undefined;
    }
  }
  const families = distinct(mappings.map((m) => ({ value: m.front.pt.family!, source: "port-type" as const, text: "" })));
  if (families.length > 1) {
    ctx.fail(["front-ports"], `the front ports mix ${families.join(" and ")} adapters; a cassette's fronts are one family`);
    return undefined;
  }
  const part = convertCassette(ctx, fronts, rears, mappings, id, name);
  return { family: "cassette", ...(part ? { part } : {}) };
}

/**
 * A media converter: one fiber port, reached from copper ports (a copper port mapped to it), or the
 * words say "media converter". Undefined when the part is not one, or its fiber side cannot be
 * told (several fiber ports, a connector the engine has no family for): then its copper ports are
 * refused as before.
 */
function mediaConverterOf(ctx: Ctx, all: readonly Port[], mappings: readonly Mapping[]): { port: Port; why: Inferred<string> } | undefined {
  const fiber = all.filter((p) => p.pt.fiber);
  if (fiber.length !== 1) return undefined;
  const port = fiber[0]!;
  if (!port.pt.family || port.pt.unsupported || port.pt.family === "splice") return undefined;
  const feed = mappings.find((m) => (m.rear === port && !m.front.pt.fiber) || (m.front === port && !m.rear.pt.fiber));
  const words = mediaConverterEvidence(ctx.texts)[0];
  if (feed) {
    const from = feed.rear === port ? feed.front : feed.rear;
    return {
      port,
      why: { value: port.template, source: "port-type", text: `${formatKeyPath([...from.path, "type"])}: ${from.pt.slug} mapped to ${port.template} (${port.pt.slug})` },
    };
  }
  return words ? { port, why: { ...words, value: port.template } } : undefined;
}

const MODE_WORDS: Readonly<Record<FiberMode, string>> = { MM: "multimode", SM: "single-mode" };

/**
 * A media converter as a device template: its fiber port a cage with a fixed optic, which the file
 * does not name (it gives the receptacle only), so it is asked among the built-in optics whose
 * receptacle is the port's (family and polish) and whose speed is the one the words state; the
 * file's mode words ("single-mode") narrow the choice and decide it when one optic is left. The
 * copper ports are listed as skipped: Ferrule manages fiber.
 */
function importMediaConverter(ctx: Ctx, mc: { port: Port; why: Inferred<string> }, all: readonly Port[]): { part?: SwitchPart } {
  const port = mc.port;
  ctx.set("mediaConverter", mc.why);
  const simplex = specialPartEvidence(ctx.texts).find((s) => s.value === "simplex");
  const family = (simplex && SIMPLEX_OF[port.pt.family!]) || (port.pt.family as ConnectorFamily);
  if (family !== port.pt.family) ctx.set("simplex", { value: family, source: simplex!.source, text: simplex!.text });
  const speeds = speedEvidence(ctx.texts);
  const speed = distinct(speeds).length === 1 ? ctx.set("speedGbps", speeds[0]!) : undefined;
  const receptacle = `${familyWord(family)}${family.endsWith("-simplex") ? " simplex" : FAMILIES[family].used.length === 2 ? " duplex" : ""}${port.pt.polish ? ` ${port.pt.polish}` : ""}`;
  const fits = [...TRANSCEIVERS, ...FIXED_TRANSCEIVERS].filter(
    (t) =>
      t.receptacle.family === family &&
      (port.pt.polish === undefined || t.receptacle.polish === null || t.receptacle.polish === port.pt.polish) &&
      (speed === undefined || transceiverSpeedGbps(t) === speed),
  );
  const at = speed !== undefined ? ` at ${speed} Gb/s` : "";
  if (fits.length === 0) {
    ctx.fail([...port.path, "type"], `the media converter's fiber port "${port.template}" (${receptacle} receptacle${at}): no built-in optic has one, so its fixed optic cannot be told`);
    return {};
  }
  const modes = [...modeEvidence(ctx.texts), ...gradeEvidence(ctx.texts).map((g) => ({ ...g, value: GRADES[g.value].mode }))];
  const modeSaid = distinct(modes).length === 1 ? modes[0] : undefined;
  const ofMode = modeSaid ? fits.filter((t) => t.mode === modeSaid.value) : [];
  const found = ofMode.length === 1 ? [{ value: ofMode[0]!.id, source: modeSaid!.source, text: modeSaid!.text }] : [];
  const choices = [...ofMode, ...fits.filter((t) => !ofMode.includes(t))].map((t) => {
    const app = getApplication(t.application);
    const reach = app?.limits.map((l) => `${l.grade} ${l.reachM !== null ? formatLength(l.reachM) : "?"}`).join(", ");
    return choice(t.id, `${t.name}: ${MODE_WORDS[t.mode]}${reach ? ` (${reach})` : ""}`);
  });
  const optic = ctx.resolve("optic", found, {
    why: `The fiber port "${port.template}" (${receptacle}) of this media converter is a fixed optic behind its receptacle; the file states the receptacle${at ? ` and the speed (${speed} Gb/s)` : ""}, not the optic. ${
      choices.length > 1 ? `It can be ${fits.map((t) => t.name).join(" or ")}` : `The one built-in optic that fits is ${fits[0]!.name}`
    }: the optic sets the fiber mode and the channel's reach and loss limits.`,
    choices,
  });
  const skipped = all
    .filter((p) => !p.pt.fiber)
    .map((p) => ({ name: p.template, type: p.pt.slug, reason: `copper ${p.role} port: out of scope (Ferrule manages fiber); the converter turns it into the optic on ${port.template}` }));
  for (const itf of ctx.raw.interfaces ?? []) skipped.push({ name: itf.name, type: itf.type, reason: "interface of the converter: not a fiber port" });
  ctx.warn(
    [...all.find((p) => !p.pt.fiber)!.path, "type"],
    `the part is a media converter (${mc.why.source}: "${mc.why.text}"): its copper port${skipped.length > 1 ? "s" : ""} ${skipped.map((s) => `"${s.name}" (${s.type})`).join(", ")} ${skipped.length > 1 ? "are" : "is"} left out (Ferrule manages fiber); its fiber port "${port.template}" is a cage with a fixed optic`,
  );
  let uHeight = ctx.raw.u_height;
  if (uHeight === 0) {
    ctx.warn(["u_height"], "u_height 0: the converter takes no rack unit; the device template says 1 U, so place the device in its rack without a unit");
    uHeight = undefined;
  }
  if (ctx.errors.length > 0 || ctx.questions.length > 0 || optic === undefined) return {};
  const name = ferrulePortName(port.template);
  return {
    part: {
      family: "switch",
      role: "switch",
      ...(uHeight !== undefined ? { uHeight } : {}),
      cages: [{ name, netbox: port.pt.slug, transceivers: [optic], fixedOptic: optic, ...(speed !== undefined ? { speedGbps: speed } : {}) }],
      skipped,
    },
  };
}

/**
 * A type with bays or fiber interfaces whose front/rear ports are a multiplexer's channels and line.
 * An open line system (Smartoptics DCP-M40: client ports of ITU channels on a line, with power
 * supply bays and management ports) is its mux/demux: imported as one, the bays and copper ports
 * left out, and an amplifier said to be unmodelled. A transponder whose fiber ports are only its
 * line (Infinera Cloud Xpress: client cages, rear ports rx-mux0/tx-mux0) is a device with
 * interfaces: imported as a switch of its client cages, the line ports left out with the reason.
 */
function importWdmDevice(ctx: Ctx, wdm: Inferred<SpecialPart>, id: string, name: string): { family: PartFamily; part?: ConvertedPart } | undefined {
  const { fronts, rears, mappings } = readPorts(ctx);
  if (ctx.errors.length > 0) return undefined;
  const line = rears.find((r) => r.positions > 1 && mappings.some((m) => m.rear === r));
  if (line) {
    const copper = (ctx.raw.interfaces ?? []).map((i) => i.name);
    const bays = [...(ctx.raw["module-bays"] ?? []), ...(ctx.raw["device-bays"] ?? [])].map((b) => b.name);
    if (copper.length + bays.length > 0)
      ctx.warn(
        [copper.length > 0 ? "interfaces" : "module-bays"],
        `the part's ${[copper.length > 0 ? `interfaces (${copper.slice(0, 3).join(", ")}${copper.length > 3 ? ", …" : ""})` : "", bays.length > 0 ? `bays (${bays.join(", ")})` : ""].filter(Boolean).join(" and ")} carry no channel: only its multiplexer (client ports and line) is imported`,
      );
    const amp = ctx.texts.find((t) => /\bEDFA|amplifi|\bOLS\b|open line system/i.test(t.text));
    const extra = amp ? "amplified line (EDFA): Ferrule models the passive mux/demux only" : undefined;
    if (amp)
      ctx.warn(["comments"], `the part amplifies its line (${amp.source}: "${excerpt(amp.text, amp.text.search(/EDFA|amplifi|OLS|open line/i), 4)}"): Ferrule counts the mux/demux's loss and the line fiber's loss as if passive, so a long amplified line is judged against the client optics' budget without the amplifier's gain`);
    const part = convertWdm(ctx, fronts, line, mappings, id, name, extra);
    return { family: "cassette", ...(part ? { part } : {}) };
  }
  const bare = rears.filter((r) => !mappings.some((m) => m.rear === r));
  const part = convertSwitch(ctx);
  if (!part) return { family: "switch" };
  const said = `${wdm.source}: "${wdm.text}"`;
  ctx.warn(
    bare[0] ? [...bare[0].path, "name"] : ["rear-ports"],
    `rear port${bare.length > 1 ? "s" : ""} ${listNames(bare)} ${bare.length > 1 ? "are" : "is"} the line of the part's own DWDM optics (${said}), not passive ports: the device is imported with its client cages; its line is an optic of its own, which Ferrule has no type for, so cable the line from a panel port`,
  );
  return {
    family: "switch",
    part: { ...part, skipped: [...part.skipped, ...bare.map((r) => ({ name: r.template, type: r.pt.slug, reason: "DWDM line of the device's own optics" }))] },
  };
}

// ---------------------------------------------------------------------------------------------
// Wavelength multiplexers

/** Ports of a multiplexer that are not channels: expansion/upgrade, monitor, a wide 1310 nm pass. */
const WDM_OTHER_PORT = /^(?:EXP|EXPANSION|UPG|UPGRADE|MON|MONITOR|OSC)$/i;

/** Polish of a part's duplex ports: the port type, else the file's words (LC/UPC), else a question. */
function resolveDuplexPolish(ctx: Ctx, ports: readonly Port[], what: string): Polish | undefined {
  const family = familyWord(ports[0]?.pt.family);
  const found: Inferred<string>[] = [];
  for (const f of ports)
    if (f.pt.polish && !found.some((e) => e.value === f.pt.polish)) found.push({ value: f.pt.polish, source: "port-type", text: `${formatKeyPath([...f.path, "type"])}: ${f.pt.slug}` });
  for (const e of polishEvidence(ctx.texts)) if (e.value.family === family) found.push({ ...e, value: e.value.polish });
  return ctx.resolve("frontPolish", found, {
    why: `The ${family ?? ""} ports of ${what} have a polish; an APC plug only mates with APC. The file's port type (\`${ports[0]?.pt.slug ?? "?"}\`) does not say which.`,
    choices: [choice("UPC", "UPC"), choice("APC", "APC (angled)"), choice("PC", "PC")],
  }) as Polish | undefined;
}

/**
 * A passive WDM mux/demux: front ports (clients) mapped into the positions of one rear port (the
 * line). NetBox gives each client a position of the line; in Ferrule the line is one duplex port
 * and every client's two fibers end on its two positions, each client passing the band of its
 * wavelength, read from its label, description or name ("ITU 60", "C21", "1470"). Expansion,
 * upgrade and monitor ports, and a wide 1310 nm port, are kept as ports that carry no fiber.
 */
function convertWdm(ctx: Ctx, fronts: readonly Port[], line: Port, mappings: readonly Mapping[], id: string, name: string, extra?: string): CassettePart | undefined {
  const clients = mappings.filter((m) => m.rear === line).map((m) => m.front);
  const others = fronts.filter((f) => !clients.includes(f));
  if (others.length > 0) {
    ctx.fail([...others[0]!.path, "rear_port"], `front port "${others[0]!.template}" does not pass to the line "${line.template}": a multiplexer's client ports all share its line`);
    return undefined;
  }
  const widePort = /\b1310\s*nm\s+port\b/i;
  const wide = ctx.texts.find((t) => (t.source === "comments" || t.source === "description") && widePort.test(t.text));
  const band = new Map<Port, { nm: number; source: InferenceSource; text: string }>();
  const dark: Port[] = [];
  for (const f of clients) {
    const bare = ferrulePortName(f.template);
    if (WDM_OTHER_PORT.test(bare) || (wide && /^1310(?:nm)?$/i.test(bare))) {
      dark.push(f);
      continue;
    }
    const said: [InferenceSource, string | undefined][] = [
      ["port-label", f.label],
      ["port-description", f.description],
      ["port-names", bare],
    ];
    for (const [source, text] of said) {
      const nm = text ? portWavelength(text) : undefined;
      if (nm !== undefined) {
        band.set(f, { nm, source, text: text! });
        break;
      }
    }
    if (!band.has(f)) dark.push(f);
  }
  if (band.size === 0) {
    ctx.fail([...line.path, "positions"], `rear port "${line.template}" is the line of a wavelength multiplexer, but no client port names its wavelength or ITU channel (label, description or name): the file does not say which port passes which channel`);
    return undefined;
  }
  const cwdm = [...band.values()].filter((b) => cwdmChannelNm(b.nm) !== undefined).length;
  const kind: WdmKind = cwdm * 2 >= band.size ? "cwdm" : "dwdm";
  const first = [...band.values()][0]!;
  ctx.set("wdmKind", { value: kind, source: first.source, text: `${first.text} → ${wavelengthWords(first.nm)}, ${WDM_KIND_SPECS[kind].grid}` });
  const named = [...band.entries()].map(([f, b]) => `${ferrulePortName(f.template)} ${b.nm}`).join(", ");
  ctx.set("wavelengths", { value: named, source: first.source, text: `${band.size} client ports, from their ${first.source === "port-label" ? "labels" : first.source === "port-description" ? "descriptions" : "names"}` });
  const fiber =
    resolveFiber(ctx, false) ?? ctx.set("fiber", { value: "OS2", source: "rule", text: `${WDM_KIND_SPECS[kind].name} channels are on single-mode fiber (${WDM_KIND_SPECS[kind].grid})` });
  if (GRADES[fiber as FiberGrade].mode !== "SM") {
    ctx.fail(["comments"], `a ${WDM_KIND_SPECS[kind].name} multiplexer on ${fiber} multimode fiber: its grid is single-mode`);
    return undefined;
  }
  const polish = resolveDuplexPolish(ctx, [...clients, line], "the multiplexer");
  const losses = distinct(wdmLossEvidence(ctx.texts));
  let insertionLossDb: number | undefined;
  if (losses.length === 1) insertionLossDb = ctx.set("insertionLossDb", wdmLossEvidence(ctx.texts)[0]!);
  else
    ctx.set("insertionLossDb", {
      value: WDM_KIND_SPECS[kind].insertionLossDb,
      source: "rule",
      text: `the file states ${losses.length === 0 ? "no" : `${losses.length} different`} insertion loss; the ${WDM_KIND_SPECS[kind].name} default of wdm.ts (tag ${WDM_KIND_SPECS[kind].lossTag}: ${WDM_KIND_SPECS[kind].note})`,
    });
  if (ctx.errors.length > 0 || ctx.questions.length > 0 || !polish) return undefined;
  if (line.pt.family !== "LC" || clients.some((f) => f.pt.family !== "LC")) {
    ctx.fail([...line.path, "type"], `a multiplexer's ports are read as duplex LC; this one has ${line.pt.slug} and ${clients.map((f) => f.pt.slug).join(", ")}`);
    return undefined;
  }
  if (dark.length > 0)
    ctx.warn(
      [...dark[0]!.path, "name"],
      `${listNames(dark)} ${dark.length > 1 ? "are" : "is"} no channel (expansion, upgrade, monitor${wide ? ", a wide 1310 nm pass" : ""} or unnamed): kept as ${dark.length > 1 ? "dark ports" : "a dark port"}, no fiber in Ferrule`,
    );
  const lineName = ferrulePortName(line.template);
  const ports: ModulePort[] = [{ name: lineName, role: "rear", family: "LC", key: "B", polish }];
  const fibers: Fiber[] = [];
  for (const f of clients) {
    const n = ferrulePortName(f.template);
    const b = band.get(f);
    ports.push({ name: n, role: "front", family: "LC", key: "B", polish, ...(b ? { wavelengthNm: b.nm } : {}) });
    if (b) for (const p of [1, 2]) fibers.push({ a: { connector: lineName, position: p }, b: { connector: n, position: p } });
  }
  const type: ModuleType = {
    kind: "module",
    id,
    name,
    fiber: fiber as FiberGrade,
    ports,
    fibers,
    wdm: { kind, ...(insertionLossDb !== undefined ? { insertionLossDb } : {}) },
    note: `imported from NetBox devicetype-library ${ctx.src.file}${extra ? `; ${extra}` : ""}`,
  };
  return checkedCassette(ctx, type, [
    { netbox: line.template, role: "rear", ferrule: lineName, positions: [1, 2] },
    ...clients.map((f) => ({ netbox: f.template, role: "front" as const, ferrule: ferrulePortName(f.template), positions: [1, 2] })),
  ]);
}

function checkedCassette(ctx: Ctx, type: ModuleType, portNames: PortNameMap[]): CassettePart | undefined {
  const invalid = validateComponentType(type);
  if (invalid.length > 0) {
    for (const e of invalid) ctx.errors.push({ file: ctx.src.file, path: "(converted type)", message: `the engine rejects the converted type: ${e.field}: ${e.message}` });
    return undefined;
  }
  return { family: "cassette", type, portNames };
}

// ---------------------------------------------------------------------------------------------
// Splitters and taps

/**
 * A 1×N PLC splitter written as pass-through ports (each NetBox front port passing to its own rear):
 * the port named IN (or COM) is the input, the others its N outputs, each with 1/N of the light.
 * A PLC splitter's ports are single fibers, so duplex LC/SC become simplex. The map's one-to-one
 * fiber is IN to the first output; the others are branches (both ways: a PON splitter).
 */
function convertPlcSplitter(ctx: Ctx, fronts: readonly Port[], mappings: readonly Mapping[], id: string, name: string): CassettePart | undefined {
  const input = fronts.find((f) => /^(?:IN|INPUT|COM|COMMON)$/i.test(ferrulePortName(f.template)));
  const outs = fronts.filter((f) => f !== input);
  const counts = splitCountEvidence(ctx.texts);
  if (!input || outs.length < 2) {
    ctx.fail(["front-ports"], `${SPECIAL_REASON.tap}; the file names no input port (IN or COM) among its ${fronts.length} ports, so Ferrule cannot tell the input from the outputs`);
    return undefined;
  }
  if (counts.length > 0 && counts[0]!.value !== outs.length) {
    ctx.fail(["front-ports"], `the file says 1×${counts[0]!.value} (${counts[0]!.source}: "${counts[0]!.text}") but has ${outs.length} outputs besides "${input.template}"`);
    return undefined;
  }
  ctx.set("splitter", { value: `1x${outs.length}`, source: counts[0]?.source ?? "port-names", text: counts[0]?.text ?? `input ${input.template}, ${outs.length} outputs` });
  const fam = input.pt.family;
  const simplex = fam === "LC" ? "LC-simplex" : fam === "SC" ? "SC-simplex" : fam;
  if (!simplex || !isConnectorFamily(simplex) || FAMILIES[simplex].used.length !== 1) {
    ctx.fail([...input.path, "type"], `a splitter's ports are single fibers; port type "${input.pt.slug}" is not a simplex family Ferrule has`);
    return undefined;
  }
  ctx.set("simplex", { value: simplex, source: "rule", text: "a PLC splitter's input and outputs are single fibers" });
  const fiber = resolveFiber(ctx, true);
  const polish = resolveDuplexPolish(ctx, fronts, "the splitter");
  if (ctx.errors.length > 0 || ctx.questions.length > 0 || !fiber || !polish) return undefined;
  const excess = SPLIT_KIND_SPECS.splitter;
  ctx.set("excessLossDb", { value: excess.excessLossDb, source: "rule", text: `the file states no loss; the splitter default of wdm.ts (tag ${excess.tag}: ${excess.note})` });
  const inName = ferrulePortName(input.template);
  const ports: ModulePort[] = [{ name: inName, role: "rear", family: simplex, key: "A", polish }];
  for (const o of outs) ports.push({ name: ferrulePortName(o.template), role: "front", family: simplex, key: "A", polish });
  const share = 1 / outs.length;
  const first = ferrulePortName(outs[0]!.template);
  const branches: SplitBranch[] = outs.slice(1).map((o) => ({ from: { connector: inName, position: 1 }, to: { connector: ferrulePortName(o.template), position: 1 }, share }));
  const type: ModuleType = {
    kind: "module",
    id,
    name,
    fiber,
    ports,
    fibers: [{ a: { connector: inName, position: 1 }, b: { connector: first, position: 1 } }],
    split: { kind: "splitter", branches },
    note: `imported from NetBox devicetype-library ${ctx.src.file}`,
  };
  // NetBox's rear port of each adapter is its inside: cables reach the front.
  const rearOf = new Map(mappings.map((m) => [m.front, m.rear]));
  return checkedCassette(ctx, type, [
    ...fronts.map((f) => ({ netbox: f.template, role: "front" as const, ferrule: ferrulePortName(f.template), positions: [1] })),
    ...fronts.flatMap((f) => (rearOf.get(f) ? [{ netbox: rearOf.get(f)!.template, role: "rear" as const, ferrule: ferrulePortName(f.template), positions: [1] }] : [])),
  ]);
}

/**
 * A passive TAP cassette: each rear port of three positions is a network port whose position 1
 * passes to the live front port and positions 2 and 3 to its two monitor ports (FS "1", "1-TAP1",
 * "1-TAP2"). Live: rear ↔ front straight, like an adapter (duplex LC, key-up to key-up). The
 * split ratio ("70/30") gives the monitors' share. Which monitor copies which direction is not in
 * the file: asked (`tapMonitor`).
 */
function convertTap(ctx: Ctx, fronts: readonly Port[], rears: readonly Port[], mappings: readonly Mapping[], id: string, name: string): CassettePart | undefined {
  const ratio = splitRatioEvidence(ctx.texts);
  const live = ratio.length > 0 ? ctx.set("splitRatio", { ...ratio[0]!, value: ratio[0]!.value }) : undefined;
  const groups = rears.map((r) => ({ rear: r, into: mappings.filter((m) => m.rear === r).sort((a, b) => a.rpos - b.rpos) }));
  const bad = groups.find((g) => g.into.length !== 3 || g.into.some((m, i) => m.rpos !== i + 1) || !isDuplex(g.rear.pt) || fibersOf(g.rear.pt) !== 2);
  if (bad || live === undefined) {
    const r = bad?.rear ?? rears[0]!;
    ctx.fail([...r.path, "positions"], `${SPECIAL_REASON.tap}; ${live === undefined ? "the file states no split ratio (such as 70/30)" : `rear port "${r.template}" is not a network port feeding one live and two monitor ports`}, so the tap's outputs cannot be told apart`);
    return undefined;
  }
  const order = ctx.resolve("tapMonitor", [], {
    why: `Each tapped link has two monitor ports (${groups[0]!.into[1]!.front.template}, ${groups[0]!.into[2]!.front.template}); a monitor port copies one direction of the link, and the file does not say which.`,
    choices: [
      choice("rear-first", `the first (${ferrulePortName(groups[0]!.into[1]!.front.template)}) copies the light entering the rear (network) port, the second the light entering the live front port`),
      choice("front-first", `the first copies the light entering the live front port, the second the light entering the rear port`),
    ],
    suggested: { value: "rear-first", reason: "TAP1 is usually the network-to-equipment direction" },
  });
  const fiber = resolveFiber(ctx, true);
  const polish = resolveDuplexPolish(ctx, [...fronts, ...rears], "the tap");
  if (ctx.errors.length > 0 || ctx.questions.length > 0 || !fiber || !polish || !order) return undefined;
  const share = Math.round((1 - live) * 100) / 100;
  const excess = SPLIT_KIND_SPECS.tap;
  ctx.set("excessLossDb", { value: excess.excessLossDb, source: "rule", text: `the file states no loss; the TAP default of wdm.ts (tag ${excess.tag}: ${excess.note})` });
  const ports: ModulePort[] = [];
  const fibers: Fiber[] = [];
  const branches: SplitBranch[] = [];
  const portNames: PortNameMap[] = [];
  for (const g of groups) {
    const rn = `R${ferrulePortName(g.rear.template)}`;
    const [lv, m1, m2] = g.into.map((m) => m.front) as [Port, Port, Port];
    const ln = ferrulePortName(lv.template);
    ports.push({ name: rn, role: "rear", family: "LC", key: "B", polish });
    for (const f of [lv, m1, m2]) ports.push({ name: ferrulePortName(f.template), role: "front", family: "LC", key: "B", polish });
    for (const p of [1, 2]) fibers.push({ a: { connector: rn, position: p }, b: { connector: ln, position: p } });
    // Light entering the rear at position 2 leaves the live front (and the monitor) as it does in a
    // plain adapter; the monitor output is the position an A-to-B cord brings to a tool's Rx.
    const [fromRear, fromFront] = order === "rear-first" ? [m1, m2] : [m2, m1];
    branches.push({ from: { connector: rn, position: 2 }, to: { connector: ferrulePortName(fromRear.template), position: 1 }, share });
    branches.push({ from: { connector: ln, position: 1 }, to: { connector: ferrulePortName(fromFront.template), position: 1 }, share });
    portNames.push({ netbox: g.rear.template, role: "rear", ferrule: rn, positions: [1, 2] });
    for (const f of [lv, m1, m2]) portNames.push({ netbox: f.template, role: "front", ferrule: ferrulePortName(f.template), positions: [1, 2] });
  }
  ctx.warn(
    [...groups[0]!.into[1]!.front.path, "name"],
    `each monitor port carries one fiber, the copy of one direction (${order === "rear-first" ? "the first copies what enters the rear" : "the first copies what enters the live front"}; the light entering the rear is read on its position B, where an A-to-B cord from a transmitter lands); its other position is dark and faces the tool's transmitter`,
  );
  const type: ModuleType = {
    kind: "module",
    id,
    name,
    fiber,
    ports,
    fibers,
    split: { kind: "tap", branches },
    note: `imported from NetBox devicetype-library ${ctx.src.file}`,
  };
  return checkedCassette(ctx, type, portNames);
}

// ---------------------------------------------------------------------------------------------
// Housings and switches

function checkUHeight(ctx: Ctx): number | undefined {
  const stated = ctx.raw.u_height;
  const units = rackUnitEvidence(ctx.texts);
  const distinctUnits = distinct(units);
  if (stated === undefined) {
    if (distinctUnits.length === 1) return ctx.set("uHeight", units[0]!);
    return undefined;
  }
  const clash = units.filter((u) => u.value !== stated);
  if (clash.length === 0) return stated;
  const v = ctx.resolve(
    "uHeight",
    [{ value: String(stated), source: "u_height", text: `u_height: ${stated}` }, ...clash.map((c) => ({ ...c, value: String(c.value) }))],
    {
      why: `The file's u_height (${stated}) contradicts its ${clash[0]!.source} ("${clash[0]!.text}"); the height places the part in the rack.`,
      choices: distinct([{ value: String(stated), source: "u_height", text: "" }, ...clash.map((c) => ({ ...c, value: String(c.value) }))]).map((v) =>
        choice(v, `${v} RU`),
      ),
    },
  );
  return v === undefined ? undefined : Number(v);
}

const SLOT_RE = /^[^\s@:/]+$/;

function convertHousing(ctx: Ctx): HousingPart | undefined {
  const uHeight = checkUHeight(ctx);
  const slots: HousingSlot[] = [];
  const seen = new Map<string, string>();
  const add = (slot: string, netboxName: string, bay: HousingSlot["bay"], path: KeyPath) => {
    let s = slot;
    if (!SLOT_RE.test(s)) {
      const fixed = s.replace(/[\s@:/]+/g, "_");
      ctx.warn(path, `bay position "${s}" has characters a Ferrule slot cannot have (spaces, '@', ':' or '/'); the slot is "${fixed}"`);
      s = fixed;
    }
    const before = seen.get(s);
    if (before) {
      ctx.fail(path, `bay "${netboxName}" has the same position "${s}" as ${before}; each slot needs its own position`);
      return;
    }
    seen.set(s, formatKeyPath(path));
    slots.push({ slot: s, netboxName, bay });
  };
  (ctx.raw["module-bays"] ?? []).forEach((b, i) => add(b.position ?? b.name, b.name, "module-bay", ["module-bays", i, b.position !== undefined ? "position" : "name"]));
  const deviceBays = ctx.raw["device-bays"] ?? [];
  if (deviceBays.length > 0)
    ctx.warn(["device-bays"], "NetBox device bays hold child devices; Ferrule places modules in these slots, so panels recorded as child devices must be re-created as modules");
  deviceBays.forEach((b, i) => add(b.name, b.name, "device-bay", ["device-bays", i, "name"]));
  if (ctx.errors.length > 0 || ctx.questions.length > 0) return undefined;
  return { family: "housing", role: "panel", ...(uHeight !== undefined ? { uHeight } : {}), slots };
}

function convertSwitch(ctx: Ctx): SwitchPart | undefined {
  const cages: SwitchCage[] = [];
  const skipped: { name: string; type: string; reason: string }[] = [];
  const seen = new Map<string, number>();
  (ctx.raw.interfaces ?? []).forEach((itf, i) => {
    const before = seen.get(itf.name);
    if (before !== undefined) ctx.fail(["interfaces", i, "name"], `interface name "${itf.name}" is used twice (also interfaces[${before}])`);
    seen.set(itf.name, i);
    const info = interfaceTypeInfo(itf.type);
    if (itf.mgmt_only) skipped.push({ name: itf.name, type: itf.type, reason: "management interface" });
    else if (info.cage)
      cages.push({ name: itf.name, netbox: itf.type, cage: info.cage, ...(info.speedGbps !== undefined ? { speedGbps: info.speedGbps } : {}) });
    else if (info.transceivers) cages.push({ name: itf.name, netbox: itf.type, transceivers: info.transceivers });
    else skipped.push({ name: itf.name, type: itf.type, reason: "not a fiber cage or optic" });
  });
  if (cages.length === 0 && ctx.errors.length === 0)
    ctx.fail(["interfaces"], `none of the ${plural(skipped.length, "interface")} is a fiber cage or optic (types: ${distinct(skipped.map((s) => ({ value: s.type, source: "rule" as const, text: "" }))).join(", ")})`);
  const bays = ctx.raw["module-bays"] ?? [];
  if (bays.length > 0)
    ctx.warn(["module-bays"], `module bays of a switch (${bays.slice(0, 4).map((b) => b.name).join(", ")}${bays.length > 4 ? ", …" : ""}) hold power supplies, fans or line cards; they are not imported`);
  if (ctx.errors.length > 0) return undefined;
  return { family: "switch", role: "switch", ...(ctx.raw.u_height !== undefined ? { uHeight: ctx.raw.u_height } : {}), cages, skipped };
}

// ---------------------------------------------------------------------------------------------
// Entry point

function textsOf(raw: RawType): SourceText[] {
  const out: SourceText[] = [{ source: "model", text: raw.model }];
  if (raw.part_number !== undefined) out.push({ source: "part_number", text: raw.part_number });
  if (raw.comments !== undefined) out.push({ source: "comments", text: raw.comments });
  if (raw.description !== undefined) out.push({ source: "description", text: raw.description });
  const descs = new Set<string>();
  const notes = new Set<string>();
  const labels = new Set<string>();
  const names = new Set<string>();
  for (const p of [...(raw["front-ports"] ?? []), ...(raw["rear-ports"] ?? [])]) {
    if (p.description !== undefined) descs.add(p.description);
    if (p.comments !== undefined) notes.add(p.comments);
    if (p.label !== undefined && p.label !== "") labels.add(p.label);
    names.add(p.name);
  }
  for (const d of descs) out.push({ source: "port-description", text: d });
  for (const d of notes) out.push({ source: "port-comments", text: d });
  for (const d of labels) out.push({ source: "port-label", text: d });
  for (const d of names) out.push({ source: "port-names", text: d });
  if (raw.slug !== undefined) out.push({ source: "slug", text: raw.slug });
  return out;
}

function idOf(raw: RawType, kind: NetboxFileKind): string {
  if (kind === "device-type" && raw.slug !== undefined && NETBOX_SLUG.test(raw.slug)) return raw.slug;
  const model = /\s/.test(raw.model) && raw.part_number !== undefined && !/\s/.test(raw.part_number) ? raw.part_number : raw.model;
  const m = slugify(raw.manufacturer);
  const s = slugify(model);
  return s.startsWith(`${m}-`) ? s : `${m}-${s}`;
}

/**
 * Converts one devicetype-library file. Never throws on bad input: a file that cannot be converted
 * is `refused` with errors that name the file, the key path, the line and what is wrong.
 */
export function convertNetboxType(input: Uint8Array | string, opts: ConvertOptions): NetboxTypeConversion {
  const file = opts.file;
  const decoded = decodeText(input, file);
  if (!decoded.ok) return { outcome: "refused", file, errors: [decoded.issue], warnings: [] };
  const parsed = parseYamlSource(decoded.text, file);
  if (!parsed.ok) return { outcome: "refused", file, errors: parsed.issues, warnings: [] };
  const src = parsed.source;
  let js: unknown;
  try {
    js = src.doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { outcome: "refused", file, errors: [{ file, path: "(file)", message: `YAML: ${e instanceof Error ? e.message : String(e)}` }], warnings: [] };
  }
  const checked = rawTypeSchema.safeParse(js);
  if (!checked.success) {
    const seen = new Set<string>();
    const errors: SourceIssue[] = [];
    for (const iss of checked.error.issues) {
      const path = iss.path.filter((p): p is string | number => typeof p !== "symbol");
      const e = src.issue(path, iss.message);
      const k = `${e.path}|${e.message}`;
      if (!seen.has(k)) {
        seen.add(k);
        errors.push(e);
      }
    }
    return { outcome: "refused", file, errors, warnings: [] };
  }
  const raw = checked.data;
  const kind = opts.kind ?? fileKindFromPath(file) ?? (raw.slug !== undefined || raw.u_height !== undefined ? "device-type" : "module-type");
  const ctx = new Ctx(src, raw, opts.answers ?? {}, textsOf(raw));
  for (const a of Object.keys(opts.answers ?? {}))
    if (!(QUESTION_FIELDS as readonly string[]).includes(a))
      ctx.errors.push({ file, path: `answers.${a}`, message: `"${a}" is not a question field (${QUESTION_FIELDS.join(", ")})` });

  const rawJs = js as Record<string, unknown>;
  if (typeof rawJs.part_number === "number") ctx.warn(["part_number"], `part_number is a number (${rawJs.part_number}); NetBox expects text, read as "${raw.part_number}"`);
  if (kind === "device-type" && raw.slug !== undefined && !NETBOX_SLUG.test(raw.slug))
    ctx.warn(["slug"], `slug "${raw.slug}" is not a NetBox slug (lowercase letters, digits, '-' and '_'); Ferrule uses "${idOf(raw, kind)}"`);
  if (kind === "module-type") {
    const names = [...(raw["front-ports"] ?? []), ...(raw["rear-ports"] ?? [])].map((p) => p.name);
    const withToken = names.filter((n) => n.includes("{module}")).length;
    if (names.length > 0 && withToken === 0)
      ctx.warn(["front-ports"], "port names lack {module}: two of these modules in one device get the same port names in NetBox");
    else if (withToken > 0 && withToken < names.length) ctx.warn(["front-ports"], "some port names have {module} and some do not");
  }

  const id = idOf(raw, kind);
  const name = raw.model.toLowerCase().startsWith(raw.manufacturer.toLowerCase()) ? raw.model : `${raw.manufacturer} ${raw.model}`;
  const ifaces = raw.interfaces ?? [];
  const hasPorts = (raw["front-ports"] ?? []).length + (raw["rear-ports"] ?? []).length > 0;
  const bays = (raw["module-bays"] ?? []).length + (raw["device-bays"] ?? []).length;
  let family: PartFamily | undefined;
  let part: ConvertedPart | undefined;
  const fiberIfaces = ifaces.some((i) => interfaceTypeInfo(i.type).cage || interfaceTypeInfo(i.type).transceivers);
  // Ports beside bays or cages are a multiplexer's when the ports themselves say so (labels,
  // descriptions, names), or the words say so and a rear gathers several fronts (its line).
  const muxShape = (raw["rear-ports"] ?? []).some((r) => (r.positions ?? 1) > 1);
  const wdm =
    hasPorts && (fiberIfaces || bays > 0)
      ? specialPartEvidence(ctx.texts).find((s) => s.value === "wdm" && (muxShape || s.source.startsWith("port-")))
      : undefined;
  if (ctx.errors.length === 0) {
    if (wdm) {
      const r = importWdmDevice(ctx, wdm, id, name);
      family = r?.family;
      part = r?.part;
    } else if (hasPorts && fiberIfaces) {
      ctx.fail(["interfaces"], "the part has both fiber interfaces and front/rear ports; Ferrule imports a switch or a passive part, not both in one type");
    } else if (hasPorts && bays > 0) {
      ctx.fail(["module-bays"], "the part has both fixed front/rear ports and bays; import the fixed ports as a module type of their own");
    } else if (hasPorts) {
      const r = convertPortPart(ctx, id, name);
      family = r?.family;
      part = r?.part;
    } else if (ifaces.length > 0) {
      family = "switch";
      part = convertSwitch(ctx);
    } else if (bays > 0) {
      family = "housing";
      part = convertHousing(ctx);
    } else if (kind === "module-type") {
      family = "blank";
      part = { family: "blank" };
    } else {
      ctx.fail(["(file)"], "the device type has no front or rear ports, interfaces, or bays: nothing Ferrule models");
    }
  }

  if (ctx.errors.length > 0 || family === undefined) return { outcome: "refused", file, kind, errors: ctx.errors, warnings: ctx.warnings };
  const common = {
    file,
    kind,
    id,
    name,
    manufacturer: raw.manufacturer,
    model: raw.model,
    ...(raw.part_number !== undefined ? { partNumber: raw.part_number } : {}),
    inferred: ctx.inferred,
    warnings: ctx.warnings,
  };
  if (ctx.questions.length > 0 || !part) return { ...common, outcome: "needs-answers", family, questions: ctx.questions };
  return { ...common, outcome: "converted", part, questions: [] };
}
