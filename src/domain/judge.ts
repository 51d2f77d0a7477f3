/**
 * Judging channels. A channel is a set of transceiver ports joined by fibers, closed under "the
 * far end of one of its fibers" (a point-to-point link is two ports, a 4-way breakout five). Its
 * key is the smallest port id among its members, so the app can store findings per channel and
 * re-judge only the channels a change touches (`channelKeysFor`, then `judgeChannel`).
 */
import type { Application } from "./applications";
import {
  PORT_ADAPTER as PORT_ADAPTER_,
  PORT_TRANSCEIVER as PORT_TRANSCEIVER_,
  ROLE_UNUSED as ROLE_UNUSED_,
  ROLE_TX,
  POS_STRIDE,
  SIDE_FRONT as SIDE_FRONT_,
  TABLE_STRIDE as TABLE_STRIDE_,
  NF as NF_,
  compileSite,
  type CompiledSite,
} from "./compile";
import { CONNECTOR_FAMILIES, FAMILIES, GENDERS, POLISHES, positionLabel } from "./connectors";
import { FIBER_GRADES, GRADES, type FiberGrade } from "./fiber";
import {
  compareFindings,
  finding,
  findingKey,
  formatList,
  verdictOf,
  type ElementRef,
  type Finding,
  type FindingCode,
  type Verdict,
} from "./findings";
import { describeConventions, roundDb, type LossConventions } from "./loss";
import { checkMating, type Mating, type MatingParty } from "./rules/mating";
import {
  LOSS_EPSILON_DB as LOSS_EPSILON_DB_,
  ROLE_NAMES,
  ROLE_PAIR_VERDICT as ROLE_PAIR_VERDICT_,
  budgetLimits,
  lowestGradeOfMask,
} from "./rules/channel";
import type { SiteModel } from "./site-model";
import {
  END_DEAD as END_DEAD_,
  END_LOOP as END_LOOP_,
  END_MISSING_POSITION as END_MISSING_POSITION_,
  END_NO_MATE as END_NO_MATE_,
  END_OPEN_CABLE as END_OPEN_CABLE_,
  END_OPEN_PORT as END_OPEN_PORT_,
  END_TRANSCEIVER as END_TRANSCEIVER_,
  END_WDM_BLOCKED,
  END_WDM_NO_CHANNEL,
  END_WDM_UNKNOWN,
  FLAG_BRANCH,
  FLAG_FAR,
  FLAG_MONITOR,
  FLAG_REVERSE,
  Walk,
  continueFork,
  fanWavelengths,
  trace,
  walkFiber as walkFiber_,
} from "./trace";
import { wavelengthWords } from "./wdm";
import { HARNESSES, methodPart } from "./catalog/modules";
import type { CableType, ModuleMethod, ModuleType } from "./components";
const ROLE_PAIR_VERDICT = ROLE_PAIR_VERDICT_;
const LOSS_EPSILON_DB = LOSS_EPSILON_DB_;
const END_DEAD = END_DEAD_;
const END_LOOP = END_LOOP_;
const END_MISSING_POSITION = END_MISSING_POSITION_;
const END_NO_MATE = END_NO_MATE_;
const END_OPEN_CABLE = END_OPEN_CABLE_;
const END_OPEN_PORT = END_OPEN_PORT_;
const END_TRANSCEIVER = END_TRANSCEIVER_;
const walkFiber = walkFiber_;

// Imported bindings copied to module constants: some module loaders (CommonJS interop, Vite's
// SSR transform) turn imported bindings into getters, which would cost a call on every hop.
const PORT_ADAPTER = PORT_ADAPTER_;
const PORT_TRANSCEIVER = PORT_TRANSCEIVER_;
const ROLE_UNUSED = ROLE_UNUSED_;
const SIDE_FRONT = SIDE_FRONT_;
const TABLE_STRIDE = TABLE_STRIDE_;
const NF = NF_;

export interface ChannelLink {
  /** The two transceiver ports (in model order). */
  readonly a: string;
  readonly b: string;
  readonly applications: readonly string[];
  readonly lowestGrade?: FiberGrade;
  /** Worst fiber of the link (Tx→Rx fibers only). */
  readonly lengthM: number;
  readonly lossDb: number;
  readonly matedPairs: number;
  /** The strictest limits of the two ends for the lowest grade; null when unknown. */
  readonly maxLossDb: number | null;
  readonly reachM: number | null;
  readonly fibers: number;
}

export interface ChannelJudgement {
  readonly key: string;
  readonly members: readonly string[];
  readonly fibers: number;
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
  readonly links: readonly ChannelLink[];
  /** The loss conventions the links were judged with. */
  readonly conventions: Conventions;
  /** Every port the channel's fibers cross, when judgeSite was asked for them: channelPorts of its
   *  members, taken from the walk that judged it. */
  readonly ports?: readonly string[];
}

export interface Conventions extends LossConventions {
  readonly description: string;
}

export interface SiteJudgement {
  readonly verdict: Verdict;
  readonly channels: readonly ChannelJudgement[];
  /** Every finding once: model problems, channel findings, matings outside channels, loops. */
  readonly findings: readonly Finding[];
  readonly counts: { readonly channels: number; readonly error: number; readonly warning: number; readonly info: number };
  readonly conventions: Conventions;
}

type Site = SiteModel | CompiledSite;
const compiled = (site: Site): CompiledSite => ("portIndex" in site ? site : compileSite(site));
const conventionsCache = new WeakMap<CompiledSite, Conventions>();
function conventionsOf(cs: CompiledSite): Conventions {
  let c = conventionsCache.get(cs);
  if (!c) {
    c = { ...cs.conventions, description: describeConventions(cs.conventions) };
    conventionsCache.set(cs, c);
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// Matings

function plugParty(cs: CompiledSite, conn: number): MatingParty {
  const run = cs.connRun[conn]!;
  const rt = cs.runTypes[cs.runType[run]!]!;
  const local = conn - cs.runBase[run]!;
  const connId = rt.connIds[local]!;
  const g = cs.connGender[conn]!;
  const grade = rt.type.fiber;
  const module = cs.runIsModule(run);
  return {
    family: CONNECTOR_FAMILIES[cs.connFamily[conn]!]!,
    ...(g > 0 ? { gender: GENDERS[g - 1]! } : {}),
    polish: POLISHES[cs.connPolish[conn]!]!,
    mode: GRADES[grade].mode,
    grade,
    label: module ? `the internal plug of module ${cs.runId(run)} port ${connId}` : `${cs.runLabel(run)} (${connId})`,
    ref: { kind: module ? "module" : "cable", id: cs.runId(run), connector: connId },
  };
}

/** The mating at a port, as the rules table sees it. */
export function matingAt(cs: CompiledSite, port: number): Mating {
  const portRef: ElementRef = { kind: "port", id: cs.portIds[port]! };
  const front = cs.slotPlug[port * 2]!;
  const rear = cs.slotPlug[port * 2 + 1]!;
  if (cs.portKind[port] === PORT_TRANSCEIVER) {
    const x = cs.xcvrTypes[cs.portXcvr[port]!]!;
    const rec = cs.model.transceivers[cs.portXcvrRecord[port]!]!;
    const r = x.type.receptacle;
    const self: MatingParty = {
      family: r.family,
      ...(r.gender ? { gender: r.gender } : {}),
      polish: r.polish,
      mode: x.type.mode,
      label: `the ${x.application?.name ?? x.type.name} transceiver`,
      ref: { kind: "transceiver", id: rec.id },
    };
    return {
      kind: "receptacle",
      portLabel: cs.portLabel(port),
      port: portRef,
      family: r.family,
      a: self,
      ...(front >= 0 ? { b: plugParty(cs, front) } : {}),
    };
  }
  return {
    kind: "adapter",
    portLabel: cs.portLabel(port),
    port: portRef,
    family: CONNECTOR_FAMILIES[cs.portFamily[port]!]!,
    key: cs.portKey[port] ? "B" : "A",
    ...(front >= 0 ? { a: plugParty(cs, front) } : {}),
    ...(rear >= 0 ? { b: plugParty(cs, rear) } : {}),
  };
}

const ARRAY_FAMILY = CONNECTOR_FAMILIES.map((f) => (FAMILIES[f].array ? 1 : 0));
const APC = POLISHES.indexOf("APC");
const GRADE_MODE = FIBER_GRADES.map((g) => GRADES[g].mode);

/**
 * Whether a mating breaks no rule, read straight from the compiled arrays: the typed-array twin
 * of MATING_RULES, so that the common clean mating costs no allocation. Only a mating that is not
 * clean is built as a `Mating` and run through the rules table for its messages (a test checks
 * that the two agree).
 */
export function matingIsClean(cs: CompiledSite, port: number): boolean {
  const a = cs.slotPlug[port * 2]!;
  const b = cs.slotPlug[port * 2 + 1]!;
  const pf = cs.portFamily[port]!;
  if (cs.portKind[port] === PORT_TRANSCEIVER) {
    if (a < 0) return true;
    const x = cs.xcvrTypes[cs.portXcvr[port]!]!.type;
    const fa = cs.connFamily[a]!;
    if (cs.familyMate[pf * NF + fa] === 0) return false;
    if (ARRAY_FAMILY[fa] && x.receptacle.gender === "male" && cs.connGender[a] === 1) return false;
    if (x.receptacle.polish !== null && (x.receptacle.polish === "APC") !== (cs.connPolish[a] === APC)) return false;
    return GRADE_MODE[cs.connGrade[a]!] === x.mode;
  }
  for (const c of [a, b]) {
    if (c < 0) continue;
    if (pf < 0 || cs.familyMate[pf * NF + cs.connFamily[c]!] === 0) return false;
    if (cs.portKey[port] === 1 && ARRAY_FAMILY[cs.connFamily[c]!] && cs.connPolish[c] === APC) return false;
  }
  if (a < 0 || b < 0) return true;
  const fa = cs.connFamily[a]!;
  const fb = cs.connFamily[b]!;
  if (cs.familyMate[fa * NF + fb] === 0) return false;
  if (ARRAY_FAMILY[fa] && ARRAY_FAMILY[fb] && cs.connGender[a]! > 0 && cs.connGender[a] === cs.connGender[b]) return false;
  if ((cs.connPolish[a] === APC) !== (cs.connPolish[b] === APC)) return false;
  return cs.connGrade[a] === cs.connGrade[b];
}

const NONE: readonly Finding[] = [];

/** The findings of one mating, without a channel; cached for the run when `runStamp` is set. */
function matingFindings(cs: CompiledSite, port: number, runStamp: number): readonly Finding[] {
  const s = cs.scratch;
  if (runStamp !== 0 && s.matingDone[port] === runStamp) return s.matingCache[port] ?? NONE;
  const out = matingIsClean(cs, port) ? NONE : checkMating(matingAt(cs, port));
  if (runStamp !== 0) {
    s.matingDone[port] = runStamp;
    s.matingCache[port] = out.length ? out : undefined;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Per-channel scratch: fiber records and links, grown on demand, reused across channels.

class ChannelScratch {
  n = 0;
  near = new Int32Array(64);
  nearPos = new Int8Array(64);
  endKind = new Int8Array(64);
  endPort = new Int32Array(64);
  endSide = new Int8Array(64);
  endConn = new Int32Array(64);
  endPos = new Int8Array(64);
  len = new Float64Array(64);
  loss = new Float64Array(64);
  pairs = new Int32Array(64);
  grades = new Int32Array(64);
  leg = new Int16Array(64);
  crossIn = new Int32Array(64);
  crossOut = new Int32Array(64);
  /** The lane's wavelength at the end (nm, 0 unknown, -1 grey), FLAG_* bits, grey optic's WDM port (-1). */
  lam = new Float64Array(64);
  flags = new Int8Array(64);
  grey = new Int32Array(64);
  greyFar = new Int32Array(64);
  members: number[] = [];
  readonly walk = new Walk();
  /** Fibers that join Tx to Rx (indexes into the records above). */
  ngood = 0;
  good = new Int32Array(64);
  /** Links: one per unordered pair of transceiver ports. */
  nl = 0;
  lA = new Int32Array(8);
  lB = new Int32Array(8);
  lGood = new Int32Array(8);
  lAll = new Int32Array(8);
  lLen = new Float64Array(8);
  lLoss = new Float64Array(8);
  lPairs = new Int32Array(8);
  lGrades = new Int32Array(8);

  growGood(): void {
    const b = new Int32Array(this.good.length * 2);
    b.set(this.good);
    this.good = b;
  }

  growLinks(): void {
    const g = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.lA = g(this.lA);
    this.lB = g(this.lB);
    this.lGood = g(this.lGood);
    this.lAll = g(this.lAll);
    this.lLen = g(this.lLen);
    this.lLoss = g(this.lLoss);
    this.lPairs = g(this.lPairs);
    this.lGrades = g(this.lGrades);
  }

  grow(): void {
    const g = <T extends Int32Array | Int8Array | Int16Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.near = g(this.near);
    this.nearPos = g(this.nearPos);
    this.endKind = g(this.endKind);
    this.endPort = g(this.endPort);
    this.endSide = g(this.endSide);
    this.endConn = g(this.endConn);
    this.endPos = g(this.endPos);
    this.len = g(this.len);
    this.loss = g(this.loss);
    this.pairs = g(this.pairs);
    this.grades = g(this.grades);
    this.leg = g(this.leg);
    this.crossIn = g(this.crossIn);
    this.crossOut = g(this.crossOut);
    this.lam = g(this.lam);
    this.flags = g(this.flags);
    this.grey = g(this.grey);
    this.greyFar = g(this.greyFar);
  }
}

const scratchFor = new WeakMap<CompiledSite, ChannelScratch>();
function channelScratch(cs: CompiledSite): ChannelScratch {
  let s = scratchFor.get(cs);
  if (!s) {
    s = new ChannelScratch();
    scratchFor.set(cs, s);
  }
  return s;
}

const isCovered = (cs: CompiledSite, stamp: number, port: number, pos: number): boolean =>
  cs.scratch.coverStamp[port] === stamp && (cs.scratch.coverBits[port]! & (1 << (pos - 1))) !== 0;

function cover(cs: CompiledSite, stamp: number, port: number, pos: number): void {
  const s = cs.scratch;
  if (s.coverStamp[port] !== stamp) {
    s.coverStamp[port] = stamp;
    s.coverBits[port] = 0;
  }
  s.coverBits[port] = s.coverBits[port]! | (1 << (pos - 1));
}

/**
 * Walks every fiber of the channel that `start` belongs to, filling the scratch records and, when
 * `collectMatings`, the list of matings the channel goes through. `coverStamp` marks fibers
 * already walked (shared across channels in judgeSite).
 */
function walkChannel(cs: CompiledSite, sc: ChannelScratch, start: number, coverStamp: number, collectMatings: boolean): void {
  const scr = cs.scratch;
  const memberStamp = ++scr.stamp;
  const matingStamp = collectMatings ? memberStamp : 0;
  const w = sc.walk;
  w.matings.length = 0;
  sc.n = 0;
  sc.members.length = 0;
  sc.members.push(start);
  scr.memberStamp[start] = memberStamp;
  for (let mi = 0; mi < sc.members.length; mi++) {
    const m = sc.members[mi]!;
    const x = cs.portXcvr[m]!;
    if (x < 0) continue;
    const info = cs.xcvrTypes[x]!;
    const conn = cs.slotPlug[m * 2]!;
    if (conn < 0) continue;
    if (matingStamp !== 0 && scr.chanMating[m] !== matingStamp) {
      scr.chanMating[m] = matingStamp;
      w.matings.push(m);
    }
    const mates = cs.familyMate[info.familyCode * NF + cs.connFamily[conn]!] !== 0;
    for (const k of info.positions) {
      if (isCovered(cs, coverStamp, m, k)) continue;
      cover(cs, coverStamp, m, k);
      if (mates) {
        const pos = cs.adapterTab[(info.familyCode * 2 + 1) * TABLE_STRIDE + k]!;
        walkFiber(cs, w, conn, pos, -1, -1, matingStamp, undefined, info.lambda);
      } else {
        w.endKind = END_NO_MATE;
        w.endPort = m;
        w.endPos = k;
        w.crossIn = -1;
        w.crossOut = -1;
        w.flags = 0;
        w.greyPort = -1;
        w.greyFar = -1;
        w.nforks = 0;
      }
      recordWalk(cs, sc, w, m, k, coverStamp, memberStamp);
      // Every branch of the splits the fiber passed is a fiber of its own (a path to one output).
      for (let f = 0; f < w.nforks; f++) {
        continueFork(cs, w, f, matingStamp);
        recordWalk(cs, sc, w, m, k, coverStamp, memberStamp);
      }
    }
  }
}

/**
 * Records one walked fiber of lane position k of member m, and takes a transceiver it reaches into
 * the channel. A walk against a split's direction (a tool's fiber into a monitor output, a receiver's
 * fiber back through a tap's live path) that reached a transceiver is not recorded, nor that
 * transceiver's position covered: its own walk passes the split forwards, records this fiber and
 * every branch, so each fiber is recorded once whichever end the channel is walked from.
 */
function recordWalk(cs: CompiledSite, sc: ChannelScratch, w: Walk, m: number, k: number, coverStamp: number, memberStamp: number): void {
  const scr = cs.scratch;
  const reverse = (w.flags & FLAG_REVERSE) !== 0;
  if (w.endKind === END_TRANSCEIVER) {
    const f = w.endPort;
    if (!reverse) cover(cs, coverStamp, f, w.endPos);
    if (scr.memberStamp[f] !== memberStamp) {
      scr.memberStamp[f] = memberStamp;
      sc.members.push(f);
    }
    if (reverse) return;
  }
  if (sc.n === sc.near.length) sc.grow();
  const i = sc.n++;
  sc.near[i] = m;
  sc.nearPos[i] = k;
  sc.endKind[i] = w.endKind;
  sc.endPort[i] = w.endPort;
  sc.endSide[i] = w.endSide;
  sc.endConn[i] = w.endConn;
  sc.endPos[i] = w.endPos;
  sc.len[i] = w.lengthM;
  sc.loss[i] = w.lossDb;
  sc.pairs[i] = w.pairs;
  sc.grades[i] = w.gradeMask;
  sc.leg[i] = w.leg;
  sc.crossIn[i] = w.crossIn;
  sc.crossOut[i] = w.crossOut;
  sc.lam[i] = w.lambda;
  sc.flags[i] = w.flags;
  sc.grey[i] = w.greyPort;
  sc.greyFar[i] = w.greyFar;
}

// ---------------------------------------------------------------------------------------------
// Evaluation of the walked fibers

interface Agg {
  code: FindingCode;
  a: number;
  b: number;
  aPos: number[];
  bPos: number[];
  aLanes: number[];
  bLanes: number[];
  pairs: string[];
  extra: string;
}

/** Findings of one channel, aggregated by code and elements; only created when there is one. */
function addAgg(aggs: Map<string, Agg> | undefined, code: FindingCode, a: number, b: number, extra = ""): [Map<string, Agg>, Agg] {
  const map = aggs ?? new Map<string, Agg>();
  const k = `${code}|${a}|${b}|${extra}`;
  let g = map.get(k);
  if (!g) {
    g = { code, a, b, aPos: [], bPos: [], aLanes: [], bLanes: [], pairs: [], extra };
    map.set(k, g);
  }
  return [map, g];
}

function roleText(role: number, lane: number, pos: number): string {
  return role === ROLE_UNUSED ? `unused position ${pos}` : `${ROLE_NAMES[role]} lane ${lane} (MDI ${pos})`;
}

/** Link index (per unordered pair of transceiver ports) in the scratch link table. */
function linkIndex(sc: ChannelScratch, p: number, q: number): number {
  const a = p < q ? p : q;
  const b = p < q ? q : p;
  for (let l = 0; l < sc.nl; l++) if (sc.lA[l] === a && sc.lB[l] === b) return l;
  if (sc.nl === sc.lA.length) sc.growLinks();
  const l = sc.nl++;
  sc.lA[l] = a;
  sc.lB[l] = b;
  sc.lGood[l] = 0;
  sc.lAll[l] = 0;
  sc.lLen[l] = 0;
  sc.lLoss[l] = 0;
  sc.lPairs[l] = 0;
  sc.lGrades[l] = 0;
  return l;
}

/** What the applications of a link's two ends allow on its lowest grade; cached per type pair and grade. */
interface Budget {
  readonly applications: readonly string[];
  readonly mismatch: boolean;
  /** False when a single-mode optic sits on multimode fiber or the reverse (a mating error already). */
  readonly modeOk: boolean;
  readonly maxLossDb: number | null;
  readonly reachM: number | null;
  readonly unknown: readonly { readonly application: string; readonly missing: string }[];
  readonly names: string;
}

const budgetCache = new WeakMap<CompiledSite, Map<number, Budget>>();
const lowestCache: (FiberGrade | undefined | null)[] = [];

function lowestGrade(mask: number): FiberGrade | undefined {
  let g = lowestCache[mask];
  if (g === undefined) {
    g = lowestGradeOfMask(mask, FIBER_GRADES) ?? null;
    lowestCache[mask] = g;
  }
  return g ?? undefined;
}

function budgetFor(cs: CompiledSite, xa: number, xb: number, grade: FiberGrade | undefined): Budget {
  let cache = budgetCache.get(cs);
  if (!cache) {
    cache = new Map();
    budgetCache.set(cs, cache);
  }
  const gi = grade === undefined ? FIBER_GRADES.length : FIBER_GRADES.indexOf(grade);
  const key = (xa * cs.xcvrTypes.length + xb) * 8 + gi;
  let b = cache.get(key);
  if (b) return b;
  const A = cs.xcvrTypes[xa]!.application;
  const B = cs.xcvrTypes[xb]!.application;
  const apps = [A, B].filter((a): a is Application => a !== undefined);
  const modeOk = grade !== undefined && apps.every((a) => a.mode === GRADES[grade].mode);
  let maxLossDb: number | null = null;
  let reachM: number | null = null;
  const unknown: { application: string; missing: string }[] = [];
  const limits = modeOk ? budgetLimits(apps, grade) : [];
  for (const lim of limits) {
    if (lim.maxLossDb !== null) maxLossDb = maxLossDb === null ? lim.maxLossDb : Math.min(maxLossDb, lim.maxLossDb);
    if (lim.reachM !== null) reachM = reachM === null ? lim.reachM : Math.min(reachM, lim.reachM);
    if (lim.maxLossDb === null || lim.reachM === null)
      unknown.push({
        application: lim.application,
        missing: lim.maxLossDb === null && lim.reachM === null ? "reach and loss limits" : lim.maxLossDb === null ? "loss limit" : "reach",
      });
  }
  b = {
    applications: apps.map((a) => a.name),
    mismatch: A !== undefined && B !== undefined && A.laneSignal !== B.laneSignal,
    modeOk,
    maxLossDb,
    reachM,
    unknown,
    names: limits.map((x) => x.application).join(" / "),
  };
  cache.set(key, b);
  return b;
}

const NO_LINKS: readonly ChannelLink[] = [];
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function evaluate(
  cs: CompiledSite,
  sc: ChannelScratch,
  key: string,
  matingPorts: readonly number[],
  runStamp: number,
): { findings: Finding[]; links: readonly ChannelLink[] } {
  const findings: Finding[] = [];
  let aggs: Map<string, Agg> | undefined;
  let g: Agg;
  sc.nl = 0;
  sc.ngood = 0;
  const xRole = cs.xcvrRole;
  const xLane = cs.xcvrLane;
  const pX = cs.portXcvr;

  for (let i = 0; i < sc.n; i++) {
    const m = sc.near[i]!;
    const k = sc.nearPos[i]!;
    const end = sc.endKind[i]!;
    const rm = xRole[pX[m]! * TABLE_STRIDE + k]!;
    const lm = xLane[pX[m]! * TABLE_STRIDE + k]!;
    if (sc.crossIn[i]! >= 0) {
      const p = sc.crossIn[i]!;
      const q = sc.crossOut[i]!;
      [aggs] = addAgg(aggs, "PORT_MAP_CROSSED", Math.min(p, q), Math.max(p, q));
    }
    const flags = sc.flags[i]!;
    // A grey optic on a coloured port: this lane's, and the far one's (reached through the port it sits behind).
    if (sc.grey[i]! >= 0) {
      [aggs, g] = addAgg(aggs, "WDM_GREY_OPTIC", m, sc.grey[i]!, "port");
      g.aPos.push(k);
      g.aLanes.push(lm);
      g.pairs.push(roleText(rm, lm, k));
    }
    if (sc.greyFar[i]! >= 0 && end === END_TRANSCEIVER) {
      const f = sc.endPort[i]!;
      const q = sc.endPos[i]!;
      const rf = xRole[pX[f]! * TABLE_STRIDE + q]!;
      const lf = xLane[pX[f]! * TABLE_STRIDE + q]!;
      [aggs, g] = addAgg(aggs, "WDM_GREY_OPTIC", f, sc.greyFar[i]!, "port");
      g.aPos.push(q);
      g.aLanes.push(lf);
      g.pairs.push(roleText(rf, lf, q));
    }
    if ((flags & FLAG_MONITOR) !== 0 && (flags & FLAG_REVERSE) !== 0 && rm === ROLE_TX) {
      // A transmitter's light into a tap's monitor output (recorded here only when it ends elsewhere than at an optic).
      [aggs, g] = addAgg(aggs, "TAP_MONITOR_REVERSED", m, m);
      g.aPos.push(k);
      g.aLanes.push(lm);
      g.pairs.push(roleText(rm, lm, k));
      continue;
    }
    // A monitor output with nothing (or no optic) on it is an unused monitor, not a broken channel.
    if ((flags & (FLAG_MONITOR | FLAG_REVERSE)) === FLAG_MONITOR && (end === END_OPEN_PORT || end === END_OPEN_CABLE)) continue;
    switch (end) {
      case END_TRANSCEIVER: {
        const f = sc.endPort[i]!;
        const q = sc.endPos[i]!;
        const rf = xRole[pX[f]! * TABLE_STRIDE + q]!;
        const lf = xLane[pX[f]! * TABLE_STRIDE + q]!;
        const l = linkIndex(sc, m, f);
        sc.lAll[l]!++;
        if ((flags & FLAG_MONITOR) !== 0 && rf === ROLE_TX) {
          const swap = f < m;
          [aggs, g] = addAgg(aggs, "TAP_MONITOR_REVERSED", swap ? f : m, swap ? m : f);
          g.aPos.push(swap ? q : k);
          g.bPos.push(swap ? k : q);
          g.pairs.push(swap ? `${roleText(rf, lf, q)} ↔ ${roleText(rm, lm, k)}` : `${roleText(rm, lm, k)} ↔ ${roleText(rf, lf, q)}`);
          break;
        }
        const v = ROLE_PAIR_VERDICT[rm]![rf]!;
        if (v === "ok") {
          sc.lGood[l]!++;
          if (sc.len[i]! > sc.lLen[l]!) sc.lLen[l] = sc.len[i]!;
          if (sc.loss[i]! > sc.lLoss[l]!) sc.lLoss[l] = sc.loss[i]!;
          if (sc.pairs[i]! > sc.lPairs[l]!) sc.lPairs[l] = sc.pairs[i]!;
          sc.lGrades[l] = sc.lGrades[l]! | sc.grades[i]!;
          if (sc.ngood === sc.good.length) sc.growGood();
          sc.good[sc.ngood++] = i;
        } else if (v !== "app") {
          // Orient by model order so that either end gives the same finding.
          const swap = f < m;
          [aggs, g] = addAgg(aggs, v, swap ? f : m, swap ? m : f);
          g.aPos.push(swap ? q : k);
          g.bPos.push(swap ? k : q);
          if (rm !== ROLE_UNUSED) (swap ? g.bLanes : g.aLanes).push(lm);
          if (rf !== ROLE_UNUSED) (swap ? g.aLanes : g.bLanes).push(lf);
          g.pairs.push(swap ? `${roleText(rf, lf, q)} ↔ ${roleText(rm, lm, k)}` : `${roleText(rm, lm, k)} ↔ ${roleText(rf, lf, q)}`);
        }
        break;
      }
      case END_OPEN_PORT:
      case END_LOOP: {
        [aggs, g] = addAgg(aggs, end === END_LOOP ? "TRACE_LOOP" : "POLARITY_OPEN_PORT", m, sc.endPort[i]!, String(sc.endSide[i]));
        g.aPos.push(k);
        g.aLanes.push(lm);
        g.bPos.push(sc.endPos[i]!);
        g.pairs.push(roleText(rm, lm, k));
        break;
      }
      case END_WDM_BLOCKED:
      case END_WDM_NO_CHANNEL: {
        const far = end === END_WDM_BLOCKED && (flags & FLAG_FAR) !== 0;
        [aggs, g] = addAgg(aggs, end === END_WDM_BLOCKED ? "WDM_WAVELENGTH_MISMATCH" : "WDM_NO_CHANNEL", m, sc.endConn[i]!, far ? `far:${sc.endPort[i]}` : String(sc.lam[i]));
        g.aPos.push(k);
        g.aLanes.push(lm);
        g.pairs.push(roleText(rm, lm, k));
        break;
      }
      case END_WDM_UNKNOWN: {
        if ((flags & FLAG_FAR) !== 0) {
          // The far optic is grey, on the line side of the WDM this lane crossed.
          const f = sc.endPort[i]!;
          const q = sc.endPos[i]!;
          const rf = xRole[pX[f]! * TABLE_STRIDE + q]!;
          const lf = xLane[pX[f]! * TABLE_STRIDE + q]!;
          [aggs, g] = addAgg(aggs, "WDM_GREY_OPTIC", f, sc.endConn[i]!, "line");
          g.aPos.push(q);
          g.aLanes.push(lf);
          g.pairs.push(roleText(rf, lf, q));
          break;
        }
        [aggs, g] = addAgg(aggs, "WDM_GREY_OPTIC", m, sc.endConn[i]!, "line");
        g.aPos.push(k);
        g.aLanes.push(lm);
        g.pairs.push(roleText(rm, lm, k));
        break;
      }
      case END_OPEN_CABLE:
      case END_DEAD:
      case END_MISSING_POSITION: {
        // A tap's monitor port has one output; its other position faces the tool's transmitter.
        if (end === END_DEAD && monitorValue(cs, sc.endConn[i]!, sc.endPos[i]!) === 2) break;
        const code: FindingCode =
          end === END_OPEN_CABLE ? "POLARITY_OPEN_CABLE_END" : end === END_DEAD ? "POLARITY_DEAD_END" : "FIBER_COUNT_TOO_SMALL";
        [aggs, g] = addAgg(aggs, code, m, sc.endConn[i]!);
        g.aPos.push(k);
        g.aLanes.push(lm);
        g.bPos.push(sc.endPos[i]!);
        g.pairs.push(roleText(rm, lm, k));
        break;
      }
      default:
        break; // END_NO_MATE: the mating finding says why.
    }
  }

  aggs = laneChecks(cs, sc, aggs);

  // Links: application, loss and reach.
  const links: ChannelLink[] = [];
  // In model order of their ends, so that a channel judged from any member lists them alike.
  const order = sc.nl > 1 ? Array.from({ length: sc.nl }, (_x, i) => i).sort((x, y) => sc.lA[x]! - sc.lA[y]! || sc.lB[x]! - sc.lB[y]!) : null;
  for (let j = 0; j < sc.nl; j++) {
    const l = order ? order[j]! : j;
    const a = sc.lA[l]!;
    const b = sc.lB[l]!;
    const lowest = sc.lGood[l]! > 0 ? lowestGrade(sc.lGrades[l]!) : undefined;
    const bud = budgetFor(cs, pX[a]!, pX[b]!, lowest);
    const len = sc.lLen[l]!;
    const loss = roundDb(sc.lLoss[l]!);
    const pairs = sc.lPairs[l]!;
    if (bud.mismatch || (bud.modeOk && (bud.unknown.length || (bud.maxLossDb !== null && loss > bud.maxLossDb + LOSS_EPSILON_DB) || (bud.reachM !== null && len > bud.reachM))))
      linkFindings(cs, findings, key, a, b, bud, lowest!, len, loss, pairs);
    const link: Mutable<ChannelLink> = {
      a: cs.portIds[a]!,
      b: cs.portIds[b]!,
      applications: bud.applications,
      lengthM: len,
      lossDb: loss,
      matedPairs: pairs,
      maxLossDb: bud.modeOk ? bud.maxLossDb : null,
      reachM: bud.modeOk ? bud.reachM : null,
      fibers: sc.lAll[l]!,
    };
    if (lowest) link.lowestGrade = lowest;
    links.push(link);
  }

  if (aggs) for (const x of aggs.values()) findings.push(aggFinding(cs, x, key));
  for (const p of matingPorts) for (const f of matingFindings(cs, p, runStamp)) findings.push({ ...f, channel: key });
  if (findings.length > 1) findings.sort(compareFindings);
  return { findings, links: links.length ? links : NO_LINKS };
}

/** The monitor table value at a module connector's position (see RunType.monitor), 0 elsewhere. */
function monitorValue(cs: CompiledSite, conn: number, pos: number): number {
  const run = cs.connRun[conn]!;
  const rt = cs.runTypes[cs.runType[run]!];
  if (!rt?.monitor) return 0;
  return rt.monitor[(conn - cs.runBase[run]!) * POS_STRIDE + pos - 1]!;
}

/** Lane `pl` of port p reaches lane ql of q on one fiber and lane ql2 of q2 on the other. */
function split(cs: CompiledSite, aggs: Map<string, Agg> | undefined, p: number, pl: number, q: number, ql: number, q2: number, ql2: number) {
  if (q === q2 && ql === ql2) return aggs;
  const [map, g] = addAgg(aggs, "LANE_PAIR_SPLIT", p, -1, String(pl));
  if (g.pairs.length === 0) {
    g.aLanes.push(pl);
    g.pairs.push(`${cs.portLabel(q)} lane ${ql}`, `${cs.portLabel(q2)} lane ${ql2}`);
  }
  return map;
}

/** Lane pairing and lane identity on the fibers that join Tx to Rx. */
function laneChecks(cs: CompiledSite, sc: ChannelScratch, aggs: Map<string, Agg> | undefined): Map<string, Agg> | undefined {
  const xLane = cs.xcvrLane;
  const pX = cs.portXcvr;
  let g: Agg;
  for (let x = 0; x < sc.ngood; x++) {
    const i = sc.good[x]!;
    const m = sc.near[i]!;
    const f = sc.endPort[i]!;
    const la = xLane[pX[m]! * TABLE_STRIDE + sc.nearPos[i]!]!;
    const lb = xLane[pX[f]! * TABLE_STRIDE + sc.endPos[i]!]!;
    const nA = cs.xcvrTypes[pX[m]!]!.lanes;
    const nB = cs.xcvrTypes[pX[f]!]!.lanes;
    // Pair split: the other fiber of the same lane at either end must reach the same far lane (a
    // split's branches reach other far ends on purpose).
    const branched = (sc.flags[i]! & FLAG_BRANCH) !== 0;
    for (let y = x + 1; y < sc.ngood; y++) {
      const j = sc.good[y]!;
      if (branched || (sc.flags[j]! & FLAG_BRANCH) !== 0) continue;
      const m2 = sc.near[j]!;
      const f2 = sc.endPort[j]!;
      const la2 = xLane[pX[m2]! * TABLE_STRIDE + sc.nearPos[j]!]!;
      const lb2 = xLane[pX[f2]! * TABLE_STRIDE + sc.endPos[j]!]!;
      if (m === m2 && la === la2) aggs = split(cs, aggs, m, la, f, lb, f2, lb2);
      if (m === f2 && la === lb2) aggs = split(cs, aggs, m, la, f, lb, m2, la2);
      if (f === m2 && lb === la2) aggs = split(cs, aggs, f, lb, m, la, f2, lb2);
      if (f === f2 && lb === lb2) aggs = split(cs, aggs, f, lb, m, la, m2, la2);
    }
    // Lane identity, oriented by model order.
    const fwd = m < f;
    const pA = fwd ? m : f;
    const pB = fwd ? f : m;
    const lA = fwd ? la : lb;
    const lB = fwd ? lb : la;
    const nnA = fwd ? nA : nB;
    const nnB = fwd ? nB : nA;
    const leg = sc.leg[i]!;
    let ok: boolean;
    if (nnA === nnB) ok = lA === lB;
    else if (nnA > nnB) ok = lB === ((lA - 1) % nnB) + 1 && (leg === 0 || leg === Math.ceil(lA / nnB));
    else ok = lA === ((lB - 1) % nnA) + 1 && (leg === 0 || leg === Math.ceil(lB / nnA));
    if (!ok) {
      [aggs, g] = addAgg(aggs, "LANES_SWAPPED", pA, pB);
      const text = `lane ${lA} → lane ${lB}${leg > 0 ? ` (leg ${leg})` : ""}`;
      if (!g.pairs.includes(text)) g.pairs.push(text);
      g.aLanes.push(lA);
      g.bLanes.push(lB);
    }
  }
  return aggs;
}

function linkFindings(
  cs: CompiledSite,
  findings: Finding[],
  key: string,
  a: number,
  b: number,
  bud: Budget,
  grade: FiberGrade,
  len: number,
  loss: number,
  pairs: number,
): void {
  const la = cs.portLabel(a);
  const lb = cs.portLabel(b);
  const refs: ElementRef[] = [
    { kind: "port", id: cs.portIds[a]! },
    { kind: "port", id: cs.portIds[b]! },
  ];
  if (bud.mismatch) {
    const [na, nb] = bud.applications;
    findings.push(finding("APPLICATION_MISMATCH", `${la} runs ${na} and ${lb} runs ${nb}: they cannot talk to each other.`, refs, { channel: key }));
  }
  if (!bud.modeOk) return;
  for (const u of bud.unknown)
    findings.push(
      finding(
        "LIMITS_UNKNOWN",
        `No verified ${u.missing} for ${u.application} on ${grade}: ${la} ↔ ${lb} (${loss.toFixed(3)} dB, ${len} m) was not checked against it.`,
        refs,
        { channel: key, figures: { application: u.application, grade } },
      ),
    );
  if (bud.maxLossDb !== null && loss > bud.maxLossDb + LOSS_EPSILON_DB)
    findings.push(
      finding(
        "LOSS_OVER_LIMIT",
        `${la} ↔ ${lb} loses ${loss.toFixed(3)} dB over ${pairs} mated pairs and ${len} m of ${grade}; ${bud.names} allows ${bud.maxLossDb} dB (${describeConventions(cs.conventions)}).`,
        refs,
        {
          channel: key,
          figures: { lossDb: loss, maxLossDb: bud.maxLossDb, lengthM: len, matedPairs: pairs, grade, attenuation: cs.conventions.attenuation, matedPair: cs.conventions.matedPair },
        },
      ),
    );
  if (bud.reachM !== null && len > bud.reachM)
    findings.push(
      finding("LENGTH_OVER_REACH", `${la} ↔ ${lb} is ${len} m long; ${bud.names} reaches ${bud.reachM} m on ${grade}.`, refs, {
        channel: key,
        figures: { lengthM: len, reachM: bud.reachM, grade },
      }),
    );
}

/** The band centre of a WDM client's internal plug (a module connector). */
function bandOf(cs: CompiledSite, conn: number): number {
  const run = cs.connRun[conn]!;
  const rt = cs.runTypes[cs.runType[run]!];
  return rt?.bandCentre?.[conn - cs.runBase[run]!] ?? 0;
}

/** The band centre of a WDM client port (an adapter port of a module). */
function portBand(cs: CompiledSite, port: number): number {
  const inner = cs.portOuter[port]! >= 0 ? (cs.portOuter[port]! ^ 1) : 1;
  const conn = cs.slotPlug[port * 2 + inner]!;
  return conn >= 0 ? bandOf(cs, conn) : 0;
}

function connRef(cs: CompiledSite, conn: number): { ref: ElementRef; label: string; family: string } {
  const run = cs.connRun[conn]!;
  const rt = cs.runTypes[cs.runType[run]!];
  const c = rt?.connIds[conn - cs.runBase[run]!] ?? "?";
  const module = cs.runIsModule(run);
  return {
    ref: { kind: module ? "module" : "cable", id: cs.runId(run), connector: c },
    label: module ? `module ${cs.runId(run)} port ${c}` : `${cs.runLabel(run)} connector ${c}`,
    family: CONNECTOR_FAMILIES[cs.connFamily[conn]!] ?? "?",
  };
}

function aggFinding(cs: CompiledSite, g: Agg, key: string): Finding {
  const sortNum = (xs: number[]) => [...new Set(xs)].sort((x, y) => x - y);
  const pa = { kind: "port" as const, id: cs.portIds[g.a]!, positions: sortNum(g.aPos), lanes: sortNum(g.aLanes) };
  const A = cs.portLabel(g.a);
  const list = [...g.pairs].sort().join("; ");
  const opts = { channel: key };
  switch (g.code) {
    case "POLARITY_TX_TO_TX":
    case "POLARITY_RX_TO_RX":
    case "POLARITY_UNUSED_POSITION": {
      const B = cs.portLabel(g.b);
      const pb = { kind: "port" as const, id: cs.portIds[g.b]!, positions: sortNum(g.bPos), lanes: sortNum(g.bLanes) };
      const what =
        g.code === "POLARITY_TX_TO_TX"
          ? "transmitters face transmitters"
          : g.code === "POLARITY_RX_TO_RX"
            ? "receivers face receivers"
            : "fibers land on positions the optic does not use";
      const fix = g.code === "POLARITY_UNUSED_POSITION" ? "check the cord and module types" : "a cord, trunk or adapter has the wrong polarity type";
      return finding(g.code, `Between ${A} and ${B} ${what} (${list}): ${fix}.`, [pa, pb], opts);
    }
    case "POLARITY_OPEN_PORT":
    case "TRACE_LOOP": {
      if (g.b < 0) return finding(g.code, `Fibers of ${A} (${list}) go round a circle: the cabling forms a circle.`, [pa], opts);
      const side = Number(g.extra) === SIDE_FRONT ? "front" : "rear";
      const B = cs.portLabel(g.b);
      const pb = { kind: "port" as const, id: cs.portIds[g.b]!, side, positions: sortNum(g.bPos) } as const;
      return g.code === "TRACE_LOOP"
        ? finding(g.code, `Fibers of ${A} (${list}) loop back through ${B}: the cabling forms a circle.`, [pa, pb], opts)
        : finding(
            g.code,
            `Fibers of ${A} (${list}) end at the open ${side} of ${B}, position ${formatList(g.bPos)}: nothing is plugged there.`,
            [pa, pb],
            opts,
          );
    }
    case "POLARITY_OPEN_CABLE_END":
    case "POLARITY_DEAD_END":
    case "FIBER_COUNT_TOO_SMALL": {
      const c = connRef(cs, g.b);
      const pb = { ...c.ref, positions: sortNum(g.bPos) };
      const msg =
        g.code === "POLARITY_OPEN_CABLE_END"
          ? `Fibers of ${A} (${list}) end at ${c.label}, which is not plugged in.`
          : g.code === "POLARITY_DEAD_END"
            ? `Fibers of ${A} (${list}) stop inside ${c.label}: it has no fiber at position ${formatList(g.bPos)}.`
            : `Fibers of ${A} (${list}) need position ${formatList(g.bPos)} of ${c.label}, but a ${c.family} has no fiber there.`;
      return finding(g.code, msg, [pa, pb], opts);
    }
    case "PORT_MAP_CROSSED": {
      const B = cs.portLabel(g.b);
      return finding(
        g.code,
        `The permanent link from ${A} lands on ${B}: polarity is right but the port numbers differ; relabel or invert the far module.`,
        [{ kind: "port", id: cs.portIds[g.a]! }, { kind: "port", id: cs.portIds[g.b]! }],
        opts,
      );
    }
    case "WDM_WAVELENGTH_MISMATCH":
    case "WDM_NO_CHANNEL": {
      const c = connRef(cs, g.b);
      const lam = Number(g.extra);
      const slot = cs.connSlot[g.b]!;
      const refs: ElementRef[] = [pa, { ...c.ref, positions: sortNum(g.bPos) }];
      if (slot >= 0) refs.push({ kind: "port", id: cs.portIds[slot >> 1]! });
      if (g.code === "WDM_NO_CHANNEL")
        return finding(
          g.code,
          `${wavelengthWords(lam)} from ${A} (${list}) reaches line ${c.ref.connector} of WDM ${c.ref.id}, which has no client port for it: the mux and demux must carry the same channels.`,
          refs,
          { ...opts, figures: { wavelengthNm: lam } },
        );
      const band = bandOf(cs, g.b);
      if (g.extra.startsWith("far:")) {
        const f = Number(g.extra.slice(4));
        const lf = cs.xcvrTypes[cs.portXcvr[f]!]!.lambda;
        refs.push({ kind: "port", id: cs.portIds[f]! });
        return finding(
          g.code,
          `${A} (${list}) reaches ${cs.portLabel(f)} through port ${c.ref.connector} of WDM ${c.ref.id}, which passes ${wavelengthWords(band)} only, but that optic sends ${wavelengthWords(lf)}: the filter blocks its light, so the link cannot work; use a ${band} nm optic there.`,
          refs,
          { ...opts, figures: { wavelengthNm: lf, portNm: band } },
        );
      }
      return finding(
        g.code,
        `${A} sends ${wavelengthWords(lam)} (${list}) into port ${c.ref.connector} of WDM ${c.ref.id}, which passes ${wavelengthWords(band)} only: the filter blocks the lane; use a ${band} nm optic, or the ${lam} nm port.`,
        refs,
        { ...opts, figures: { wavelengthNm: lam, portNm: band } },
      );
    }
    case "WDM_GREY_OPTIC": {
      const app = cs.xcvrTypes[cs.portXcvr[g.a]!]?.type.name ?? "an optic";
      if (g.extra === "line") {
        const c = connRef(cs, g.b);
        return finding(
          g.code,
          `${A} (${app}, a grey optic with no wavelength of its own) reaches line ${c.ref.connector} of WDM ${c.ref.id} (${list}): no client port can be chosen for it; plug it into the client port of its channel through a coloured optic.`,
          [pa, c.ref],
          opts,
        );
      }
      const B = cs.portLabel(g.b);
      const band = portBand(cs, g.b);
      return finding(
        g.code,
        `${A} (${app}) is a grey optic on ${B}, a coloured ${wavelengthWords(band)} WDM port (${list}): its wavelength is not held to the channel; use a ${band} nm optic.`,
        [pa, { kind: "port", id: cs.portIds[g.b]! }],
        { ...opts, figures: { portNm: band } },
      );
    }
    case "TAP_MONITOR_REVERSED": {
      const B = g.b === g.a ? "" : ` and ${cs.portLabel(g.b)}`;
      const refs: ElementRef[] = [pa];
      if (g.b !== g.a) refs.push({ kind: "port", id: cs.portIds[g.b]!, positions: sortNum(g.bPos) });
      return finding(
        g.code,
        `A tap's monitor output meets a transmitter between ${A}${B} (${list}): a monitor port only transmits, to a tool's receiver; reverse the tool's cord so the monitor output reaches its Rx.`,
        refs,
        opts,
      );
    }
    case "LANE_PAIR_SPLIT":
      return finding(
        g.code,
        `Lane ${g.extra} of ${A} transmits to ${g.pairs[0]} but receives from ${g.pairs[1]}: both fibers of a lane must reach the same far lane.`,
        [{ kind: "port", id: cs.portIds[g.a]!, lanes: [Number(g.extra)] }],
        opts,
      );
    case "LANES_SWAPPED": {
      const B = cs.portLabel(g.b);
      return finding(
        g.code,
        `Tx reaches Rx between ${A} and ${B}, but on other lanes (${list}); check the module or harness port map.`,
        [
          { kind: "port", id: cs.portIds[g.a]!, lanes: sortNum(g.aLanes) },
          { kind: "port", id: cs.portIds[g.b]!, lanes: sortNum(g.bLanes) },
        ],
        opts,
      );
    }
    default:
      return finding(g.code, `${A}: ${list}`, [pa], opts);
  }
}

// ---------------------------------------------------------------------------------------------
// Public API

function keyOf(cs: CompiledSite, members: readonly number[]): string {
  let key = cs.portIds[members[0]!]!;
  for (let i = 1; i < members.length; i++) {
    const id = cs.portIds[members[i]!]!;
    if (id < key) key = id;
  }
  return key;
}

function memberIds(cs: CompiledSite, sc: ChannelScratch): string[] {
  const ids: string[] = new Array<string>(sc.members.length);
  for (let i = 0; i < sc.members.length; i++) ids[i] = cs.portIds[sc.members[i]!]!;
  return ids.length > 1 ? ids.sort() : ids;
}

/**
 * A Tx-to-Tx channel through two universal cassettes wired in opposite A/B orientations (U1 and
 * U1-flipped, …): the finding says so, since both parts are sold as "universal". (Type A with type
 * AF is a documented pairing, so straight harnesses get no such hint.) Only failing channels pay
 * for the trace.
 */
const moduleTypeCache = new WeakMap<CompiledSite, Map<string, CableType | ModuleType | undefined>>();

function orientationHint(cs: CompiledSite, members: readonly string[], findings: Finding[]): Finding[] {
  if (!findings.some((f) => f.code === "POLARITY_TX_TO_TX" || f.code === "POLARITY_RX_TO_RX")) return findings;
  let moduleType = moduleTypeCache.get(cs);
  if (!moduleType) {
    const typeOf = new Map(cs.runTypes.map((rt) => [rt.id, rt.type]));
    moduleType = new Map(cs.model.modules.map((m) => [m.id, typeOf.get(m.typeId)]));
    moduleTypeCache.set(cs, moduleType);
  }
  const seen = new Map<string, ModuleMethod>();
  for (const f of trace(cs, members[0]!).fibers)
    for (const h of f.hops)
      if (h.kind === "module") {
        const t = moduleType.get(h.moduleId) as ModuleType | undefined;
        if (t?.kind === "module" && t.method) seen.set(h.moduleId, t.method);
      }
  const mods = [...seen];
  for (let i = 0; i < mods.length; i++)
    for (let j = i + 1; j < mods.length; j++) {
      const [ma, a] = mods[i]!;
      const [mb, b] = mods[j]!;
      const ha = methodPart(a).harness;
      const hb = methodPart(b).harness;
      const universal = (h: string) => h === "universal" || h === "universal-flipped";
      if (ha === hb || !universal(ha) || !universal(hb)) continue;
      const hint = ` Cassettes ${ma} (${a}) and ${mb} (${b}) are both universal but wired in opposite A/B orientations (${HARNESSES[ha].label.split(": ")[1]}; ${HARNESSES[hb].label.split(": ")[1]}): use the same orientation at both ends, or A-to-A cords at one end.`;
      return findings.map((f) => (f.code === "POLARITY_TX_TO_TX" || f.code === "POLARITY_RX_TO_RX" ? { ...f, message: f.message + hint } : f));
    }
  return findings;
}

function judgeWalked(cs: CompiledSite, sc: ChannelScratch, runStamp = 0): ChannelJudgement {
  const key = keyOf(cs, sc.members);
  const evaluated = evaluate(cs, sc, key, sc.walk.matings, runStamp);
  const links = evaluated.links;
  const findings = orientationHint(cs, memberIds(cs, sc), evaluated.findings);
  return {
    key,
    members: memberIds(cs, sc),
    fibers: sc.n,
    verdict: verdictOf(findings),
    findings,
    links,
    conventions: conventionsOf(cs),
  };
}

const isChannelStart = (cs: CompiledSite, port: number): boolean =>
  cs.portKind[port] === PORT_TRANSCEIVER && cs.portXcvr[port]! >= 0 && cs.slotPlug[port * 2]! >= 0;

/** Judges the channel that a transceiver port belongs to. */
export function judgeChannel(site: Site, portId: string): ChannelJudgement {
  const cs = compiled(site);
  const port = cs.portIndex.get(portId);
  if (port === undefined) throw new Error(`unknown port ${portId}`);
  if (cs.portKind[port] !== PORT_TRANSCEIVER) throw new Error(`${portId} is not a transceiver port`);
  const sc = channelScratch(cs);
  const stamp = ++cs.scratch.stamp;
  walkChannel(cs, sc, port, stamp, true);
  return judgeWalked(cs, sc);
}

/** The transceiver ports of the channel a transceiver port belongs to (sorted ids). */
export function channelMembers(site: Site, portId: string): string[] {
  const cs = compiled(site);
  const port = cs.portIndex.get(portId);
  if (port === undefined) throw new Error(`unknown port ${portId}`);
  const sc = channelScratch(cs);
  walkChannel(cs, sc, port, ++cs.scratch.stamp, false);
  return memberIds(cs, sc);
}

/** Whether a fiber that ends this way ends in a port the channel crosses (an optic, an empty or
 *  unmatable port, the port a loop comes back to), rather than at an open cable end or a WDM. */
const endsInPort = (end: number): boolean => end === END_TRANSCEIVER || end === END_OPEN_PORT || end === END_NO_MATE || end === END_LOOP;

/**
 * Every port the fibers of a channel cross: the members, each adapter and cassette port on the way,
 * and the port a fiber ends at. The same set as tracing every member's lanes and collecting their
 * hops, walked without recording hops (a whole site's channels are stored with it).
 */
export function channelPorts(site: Site, members: readonly string[]): string[] {
  const cs = compiled(site);
  const w = new Walk();
  const stamp = ++cs.scratch.stamp;
  const out = new Set<number>();
  for (const id of members) {
    const m = cs.portIndex.get(id);
    if (m === undefined) continue;
    out.add(m);
    const x = cs.portXcvr[m]!;
    const conn = cs.slotPlug[m * 2]!;
    if (x < 0 || conn < 0) continue;
    const info = cs.xcvrTypes[x]!;
    if (cs.familyMate[info.familyCode * NF + cs.connFamily[conn]!] === 0) continue;
    const take = () => {
      for (const p of w.matings) out.add(p);
      w.matings.length = 0;
      if (w.endPort >= 0 && endsInPort(w.endKind)) out.add(w.endPort);
    };
    for (const k of info.positions) {
      walkFiber(cs, w, conn, cs.adapterTab[(info.familyCode * 2 + 1) * TABLE_STRIDE + k]!, -1, -1, stamp, undefined, info.lambda);
      take();
      for (let f = 0; f < w.nforks; f++) {
        continueFork(cs, w, f, stamp);
        take();
      }
    }
  }
  return [...out].map((p) => cs.portIds[p]!);
}

/**
 * The keys of the channels whose fibers pass through an element: a port (any kind), a cable or a
 * module. Call it on the model before and after a change, and re-judge the union.
 */
export function channelKeysFor(site: Site, element: { portId: string } | { cableId: string } | { moduleId: string }): string[] {
  const cs = compiled(site);
  const w = new Walk();
  const ends = new Set<number>();
  // Every fiber from (conn, pos): its branches at splits, and one walk per client wavelength where
  // it reaches a WDM line with none known.
  const walkEnds = (conn: number, pos: number, lambda: number): void => {
    walkFiber(cs, w, conn, pos, -1, -1, 0, undefined, lambda);
    if (w.endKind === END_WDM_UNKNOWN && lambda === 0) {
      for (const l of fanWavelengths(cs, w.endConn, w.endPos)) walkEnds(conn, pos, l);
      return;
    }
    if (w.endKind === END_TRANSCEIVER) ends.add(w.endPort);
    for (let f = 0; f < w.nforks; f++) {
      continueFork(cs, w, f, 0);
      if (w.endKind === END_WDM_UNKNOWN && w.forkLambda[f] === 0) {
        // A branch that reaches a WDM line with no wavelength: once per client wavelength.
        for (const l of fanWavelengths(cs, w.endConn, w.endPos)) {
          w.forkLambda[f] = l;
          continueFork(cs, w, f, 0);
          if ((w.endKind as number) === END_TRANSCEIVER) ends.add(w.endPort);
        }
        w.forkLambda[f] = 0;
      } else if (w.endKind === END_TRANSCEIVER) ends.add(w.endPort);
    }
  };
  // Walk out of a slot: cross its port to the other side and follow the fiber.
  const fromConnector = (conn: number) => {
    const run = cs.connRun[conn]!;
    const rt = cs.runTypes[cs.runType[run]!];
    if (!rt) return;
    const fam = CONNECTOR_FAMILIES[cs.connFamily[conn]!]!;
    for (const p of FAMILIES[fam].used) {
      walkEnds(conn, p, 0); // into the connector's own run
      const slot = cs.connSlot[conn]!;
      if (slot < 0) continue;
      const port = slot >> 1;
      if (cs.portKind[port] === PORT_TRANSCEIVER) {
        if (cs.portXcvr[port]! >= 0) ends.add(port);
        continue;
      }
      const other = cs.slotPlug[slot ^ 1]!;
      const pf = cs.portFamily[port]!;
      if (other < 0 || pf < 0) continue;
      const q = cs.adapterTab[(pf * 2 + cs.portKey[port]!) * TABLE_STRIDE + p]!;
      walkEnds(other, q, 0); // out through the mating
    }
  };
  if ("portId" in element) {
    const port = cs.portIndex.get(element.portId);
    if (port === undefined) return [];
    for (const side of [0, 1]) {
      const c = cs.slotPlug[port * 2 + side]!;
      if (c >= 0) fromConnector(c);
    }
    if (isChannelStart(cs, port)) ends.add(port);
  } else {
    const id = "cableId" in element ? element.cableId : element.moduleId;
    const run =
      "cableId" in element
        ? cs.model.cables.findIndex((c) => c.id === id)
        : cs.model.modules.findIndex((m) => m.id === id) + (cs.model.modules.some((m) => m.id === id) ? cs.cableRunCount : 0);
    if (run < 0 || ("moduleId" in element && run < cs.cableRunCount)) return [];
    for (let c = cs.runBase[run]!; c < cs.runBase[run + 1]!; c++) fromConnector(c);
  }
  const keys = new Set<string>();
  const seen = new Set<number>();
  const sc = channelScratch(cs);
  for (const e of ends) {
    if (seen.has(e) || !isChannelStart(cs, e)) continue;
    walkChannel(cs, sc, e, ++cs.scratch.stamp, false);
    for (const m of sc.members) seen.add(m);
    keys.add(keyOf(cs, sc.members));
  }
  return [...keys].sort();
}

/**
 * The ports the channel just walked crosses (walkChannel, with its matings collected): its members,
 * every mating on the way and the port each fiber ends at — what channelPorts finds by walking the
 * members' fibers again.
 */
function walkedPorts(cs: CompiledSite, sc: ChannelScratch): string[] {
  const mark = cs.scratch.chanMating;
  const stamp = ++cs.scratch.stamp;
  const at: number[] = [];
  const add = (p: number) => {
    if (p >= 0 && mark[p] !== stamp) {
      mark[p] = stamp;
      at.push(p);
    }
  };
  for (const m of sc.members) add(m);
  for (const p of sc.walk.matings) add(p);
  for (let i = 0; i < sc.n; i++) if (endsInPort(sc.endKind[i]!)) add(sc.endPort[i]!);
  // In the site's port order: a model whose ports are in id order (a whole site as the server reads
  // it) gives them sorted without a sort of strings.
  at.sort((a, b) => a - b);
  return at.map((p) => cs.portIds[p]!);
}

/**
 * Judges every channel of the site, every mating outside channels, and looks for loops. With
 * `ports`, each channel carries the ports its fibers cross (channelPorts), from the walk that
 * judged it: a whole site's stored channels need them, and walking every channel again for them
 * had been 1.7 s of judging 3,000 racks.
 */
export function judgeSite(site: Site, opts: { ports?: boolean } = {}): SiteJudgement {
  const cs = compiled(site);
  const sc = channelScratch(cs);
  const stamp = ++cs.scratch.stamp;
  cs.scratch.visitBits.fill(0);
  const channels: ChannelJudgement[] = [];
  for (let p = 0; p < cs.portCount; p++) {
    if (!isChannelStart(cs, p)) continue;
    const x = cs.xcvrTypes[cs.portXcvr[p]!]!;
    let covered = true;
    for (const k of x.positions) if (!isCovered(cs, stamp, p, k)) covered = false;
    if (covered) continue;
    walkChannel(cs, sc, p, stamp, true);
    const judged = judgeWalked(cs, sc, stamp);
    channels.push(opts.ports ? { ...judged, ports: walkedPorts(cs, sc) } : judged);
  }
  const all: Finding[] = [...cs.problems];
  const seen = new Set<string>();
  for (const ch of channels)
    for (const f of ch.findings) {
      const k = findingKey(f);
      if (!seen.has(k)) {
        seen.add(k);
        all.push(f);
      }
    }
  // Matings on no channel (pre-cabled panels, spare cords).
  for (let p = 0; p < cs.portCount; p++) {
    if (cs.scratch.matingDone[p] === stamp) continue;
    if (cs.slotPlug[p * 2]! < 0 && cs.slotPlug[p * 2 + 1]! < 0) continue;
    if (cs.portKind[p] === PORT_TRANSCEIVER && cs.portXcvr[p]! < 0) continue;
    all.push(...matingFindings(cs, p, stamp));
  }
  all.push(...findLoops(cs));
  all.sort(compareFindings);
  const counts = { channels: channels.length, error: 0, warning: 0, info: 0 };
  for (const f of all) counts[f.severity]++;
  return { verdict: verdictOf(all), channels, findings: all, counts, conventions: conventionsOf(cs) };
}

/**
 * Loops can only be made of passive parts (one-to-one maps never lead a transceiver's fiber into a
 * circle; a WDM line can, and such a walk ends as a loop where it meets a line position twice). Walk the dark fiber from the front of every adapter port that has
 * plugs on both sides and that no walk has crossed yet; a walk that comes back to its start is a
 * loop. Every walk marks what it crosses, so each fiber is walked about once.
 */
function findLoops(cs: CompiledSite): Finding[] {
  const out: Finding[] = [];
  const w = new Walk();
  const visit = cs.scratch.visitBits;
  for (let p = 0; p < cs.portCount; p++) {
    if (cs.portKind[p] !== PORT_ADAPTER) continue;
    const a = cs.slotPlug[p * 2]!;
    const b = cs.slotPlug[p * 2 + 1]!;
    const pf = cs.portFamily[p]!;
    if (a < 0 || b < 0 || pf < 0 || cs.familyMate[pf * NF + cs.connFamily[b]!] === 0) continue;
    const slot = p * 2 + SIDE_FRONT;
    for (const pos of FAMILIES[CONNECTOR_FAMILIES[pf]!].used) {
      if ((visit[slot]! & (1 << (pos - 1))) !== 0) continue;
      visit[slot] = visit[slot]! | (1 << (pos - 1));
      const q = cs.adapterTab[(pf * 2 + cs.portKey[p]!) * TABLE_STRIDE + pos]!;
      walkFiber(cs, w, b, q, slot, pos, 0);
      // A circle this walk ran into (past a WDM line) but did not start on is found from its own slots.
      if (w.endKind !== END_LOOP || (w.endPort >= 0 && w.endPort !== p)) continue;
      out.push(
        finding(
          "TRACE_LOOP",
          `The fiber entering the front of ${cs.portLabel(p)} at position ${positionLabel(CONNECTOR_FAMILIES[pf]!, pos)} comes back to where it started: the cabling forms a circle.`,
          [{ kind: "port", id: cs.portIds[p]!, side: "front", positions: [pos] }],
        ),
      );
    }
  }
  return out;
}
