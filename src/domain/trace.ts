/**
 * The trace: follows each fiber through matings, cables and modules, across any number of panels.
 *
 * How a fiber crosses things (see docs/engine.md):
 * - a cable or a module's internal harness sends (connector, position) to (connector', position')
 *   by its type's map;
 * - an adapter joins the plug in one side to the plug in the other side by the adapter's key map
 *   (reference §4, two-row rule included); a mated pair is counted when both sides hold a plug;
 * - a plug in a transceiver receptacle is an aligned-key mating: plug position p is MDI p' by the
 *   key-up to key-up map.
 *
 * `walkFiber` is the allocation-free core used by the judge; `trace` records hops for display.
 */
import {
  PORT_TRANSCEIVER as PORT_TRANSCEIVER_,
  POS_STRIDE as POS_STRIDE_,
  SIDE_FRONT as SIDE_FRONT_,
  SIDE_REAR as SIDE_REAR_,
  TABLE_STRIDE as TABLE_STRIDE_,
  NF as NF_,
  compileSite,
  type CompiledSite,
  type RunType,
} from "./compile";
import type { LaneRole, ModuleType } from "./components";
import { CONNECTOR_FAMILIES, FAMILIES, isFused } from "./connectors";
import { FIBER_GRADES, type FiberGrade } from "./fiber";
import { describeConventions, roundDb, type LossConventions } from "./loss";
import type { PortSide, SiteModel } from "./site-model";

// Imported bindings copied to module constants: some module loaders (CommonJS interop, Vite's
// SSR transform) turn imported bindings into getters, which would cost a call on every hop.
const PORT_TRANSCEIVER = PORT_TRANSCEIVER_;
const POS_STRIDE = POS_STRIDE_;
const SIDE_FRONT = SIDE_FRONT_;
const SIDE_REAR = SIDE_REAR_;
const TABLE_STRIDE = TABLE_STRIDE_;
const NF = NF_;
/** Per family code: 1 when two of its connectors are fused (a splice), not mated in an adapter. */
const FUSED = Uint8Array.from(CONNECTOR_FAMILIES, (f) => (isFused(f) ? 1 : 0));

/** How a walked fiber ended. */
export const END_TRANSCEIVER = 1;
export const END_OPEN_PORT = 2;
export const END_OPEN_CABLE = 3;
export const END_DEAD = 4;
export const END_MISSING_POSITION = 5;
export const END_NO_MATE = 6;
export const END_LOOP = 7;
/** A WDM client port whose band does not hold the lane's wavelength: the filter blocks it. */
export const END_WDM_BLOCKED = 8;
/** The line of a WDM with no client port for the lane's wavelength. */
export const END_WDM_NO_CHANNEL = 9;
/** The line of a WDM reached with no wavelength known (a grey optic, or dark fiber): no client can be chosen. */
export const END_WDM_UNKNOWN = 10;

/**
 * Walk flags: a branch walk (after a split); through a tap's monitor output; against a split's
 * direction (into a branch output, or along a through fiber towards its common end).
 */
export const FLAG_BRANCH = 1;
export const FLAG_MONITOR = 2;
export const FLAG_REVERSE = 4;
/** The walk crossed a WDM from a client into its line (many fibers meet there). */
export const FLAG_MERGED = 8;
/** END_WDM_BLOCKED at the far optic: its wavelength is not the band of the WDM port the walk left by. */
export const FLAG_FAR = 16;
/**
 * Past a many-to-one crossing (a WDM line, a split against its direction, a branch) a walk may be
 * on a circle that the one-to-one maps could never reach from a transceiver, so it marks no more
 * slots as visited: findLoops then still starts from every slot of such a circle.
 */
const NO_MARK = FLAG_MERGED | FLAG_REVERSE | FLAG_BRANCH;
/** Many-to-one points (WDM lines, splits walked against) a walk may cross before it is taken for a circle. */
const MAX_FANS = 16;

/** Reusable walk state; one per judge call, never per fiber. */
export class Walk {
  endKind = 0;
  /** Port where the fiber ended (transceiver, open port, non-mating port, loop). */
  endPort = -1;
  endSide = 0;
  /** Connector where the fiber ended (open cable end, dead end, missing position). */
  endConn = -1;
  /** MDI position at a transceiver, else plug position. */
  endPos = 0;
  lengthM = 0;
  lossDb = 0;
  pairs = 0;
  splices = 0;
  gradeMask = 0;
  /** Breakout leg taken (harness or conversion cord), 0 when none. */
  leg = 0;
  /** A permanent link between two modules that landed on another port number: entry and exit ports. */
  crossIn = -1;
  crossOut = -1;
  /** The lane's wavelength in nm once known; 0 unknown (dark fiber), -1 a grey optic's. */
  lambda = 0;
  /** The WDM client port a grey optic's lane entered (its band became the lane's), or -1. */
  greyPort = -1;
  /** The WDM client port a grey far optic sits behind (the walk left a line by it), or -1. */
  greyFar = -1;
  /** FLAG_* bits of this walk. */
  flags = 0;
  /** The WDM line positions (global connector × 32 + position) this walk fanned out from. */
  readonly fanSeen = new Int32Array(MAX_FANS);
  nfan = 0;
  /**
   * The WDM client (global connector, position) the walk last crossed, and its band; -1 when none.
   * `lastFan` is true when the walk left a line by it, false when it entered the line through it
   * (then `lastLine`/`lastLinePos` is the line position it entered).
   */
  lastClient = -1;
  lastClientPos = 0;
  lastFan = false;
  lastLine = -1;
  lastLinePos = 0;
  /** Adapter and transceiver ports met for the first time under the current stamp. */
  readonly matings: number[] = [];
  /**
   * Splits passed (FIFO): where a branch leaves, and the walk's figures up to it. `continueFork`
   * walks one; a branch walk may add more (a tap after a tap).
   */
  nforks = 0;
  forkRun = new Int32Array(4);
  forkConnIn = new Int32Array(4);
  forkPosIn = new Int8Array(4);
  forkTo = new Int32Array(4);
  forkLen = new Float64Array(4);
  forkLoss = new Float64Array(4);
  forkPairs = new Int32Array(4);
  forkSplices = new Int32Array(4);
  forkGrades = new Int32Array(4);
  forkLambda = new Float64Array(4);
  forkLeg = new Int16Array(4);
  forkGrey = new Int32Array(4);
  forkFlags = new Int8Array(4);
  /** The last WDM client crossed before the split (see lastClient), carried into the branch. */
  forkLastClient = new Int32Array(4);
  forkLastClientPos = new Int8Array(4);
  forkLastFan = new Int8Array(4);
  forkLastLine = new Int32Array(4);
  forkLastLinePos = new Int8Array(4);
  /** Hops recorded before the split (trace only), and the walk the branch left from (-1: the first). */
  forkHop = new Int32Array(4);
  forkParent = new Int32Array(4);
  /** The walk being made: -1 the first, else the fork index (for forkParent). */
  current = -1;

  growForks(): void {
    const g = <T extends Int32Array | Int8Array | Int16Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.forkRun = g(this.forkRun);
    this.forkConnIn = g(this.forkConnIn);
    this.forkPosIn = g(this.forkPosIn);
    this.forkTo = g(this.forkTo);
    this.forkLen = g(this.forkLen);
    this.forkLoss = g(this.forkLoss);
    this.forkPairs = g(this.forkPairs);
    this.forkSplices = g(this.forkSplices);
    this.forkGrades = g(this.forkGrades);
    this.forkLambda = g(this.forkLambda);
    this.forkLeg = g(this.forkLeg);
    this.forkGrey = g(this.forkGrey);
    this.forkFlags = g(this.forkFlags);
    this.forkLastClient = g(this.forkLastClient);
    this.forkLastClientPos = g(this.forkLastClientPos);
    this.forkLastFan = g(this.forkLastFan);
    this.forkLastLine = g(this.forkLastLine);
    this.forkLastLinePos = g(this.forkLastLinePos);
    this.forkHop = g(this.forkHop);
    this.forkParent = g(this.forkParent);
  }
}

/** Optional hop recording, for `trace`. */
export interface HopSink {
  run(run: number, connIn: number, posIn: number, connOut: number, posOut: number): void;
  adapter(port: number, sideIn: number, posIn: number, posOut: number, mated: boolean): void;
  /** Hops recorded so far (a branch's hops start with the first `mark()` hops of its parent). */
  mark?(): number;
}

function resetWalk(w: Walk): void {
  w.endKind = 0;
  w.endPort = -1;
  w.endSide = 0;
  w.endConn = -1;
  w.endPos = 0;
  w.lengthM = 0;
  w.lossDb = 0;
  w.pairs = 0;
  w.splices = 0;
  w.gradeMask = 0;
  w.leg = 0;
  w.crossIn = -1;
  w.crossOut = -1;
  w.greyPort = -1;
  w.greyFar = -1;
  w.flags = 0;
  w.nfan = 0;
  w.lastClient = -1;
  w.nforks = 0;
  w.current = -1;
}

function noteMating(cs: CompiledSite, w: Walk, port: number, stamp: number): void {
  if (stamp !== 0 && cs.scratch.chanMating[port] !== stamp) {
    cs.scratch.chanMating[port] = stamp;
    w.matings.push(port);
  }
}

/**
 * Walks one fiber that enters connector `conn` at plug position `pos`, until it ends.
 * `loopSlot`/`loopPos` is the start of a trace from a passive port (-1 otherwise): arriving
 * there again means the cabling loops. `stamp` (non-zero) collects first-met matings.
 */
export function walkFiber(
  cs: CompiledSite,
  w: Walk,
  startConn: number,
  startPos: number,
  loopSlot: number,
  loopPos: number,
  stamp: number,
  sink?: HopSink,
  lambda = 0,
): void {
  resetWalk(w);
  w.lambda = lambda;
  walkOn(cs, w, startConn, startPos, loopSlot, loopPos, stamp, sink, false);
}

/**
 * Walks the branch of fork `f` (recorded by an earlier walk with the same Walk): from the split's
 * common end out by the branch output, with the figures up to the split plus the branch's loss.
 */
export function continueFork(cs: CompiledSite, w: Walk, f: number, stamp: number, sink?: HopSink): void {
  w.endKind = 0;
  w.endPort = -1;
  w.endSide = 0;
  w.endConn = -1;
  w.endPos = 0;
  w.crossIn = -1;
  w.crossOut = -1;
  w.lengthM = w.forkLen[f]!;
  w.lossDb = w.forkLoss[f]!;
  w.pairs = w.forkPairs[f]!;
  w.splices = w.forkSplices[f]!;
  w.gradeMask = w.forkGrades[f]!;
  w.lambda = w.forkLambda[f]!;
  w.leg = w.forkLeg[f]!;
  w.greyPort = w.forkGrey[f]!;
  w.greyFar = -1;
  w.flags = w.forkFlags[f]!;
  w.nfan = 0;
  w.lastClient = w.forkLastClient[f]!;
  w.lastClientPos = w.forkLastClientPos[f]!;
  w.lastFan = w.forkLastFan[f] === 1;
  w.lastLine = w.forkLastLine[f]!;
  w.lastLinePos = w.forkLastLinePos[f]!;
  w.current = f;
  const run = w.forkRun[f]!;
  const base = cs.runBase[run]!;
  const to = w.forkTo[f]!;
  const conn2 = base + (to >> 5);
  const pos2 = (to & 31) + 1;
  if (sink) sink.run(run, w.forkConnIn[f]!, w.forkPosIn[f]!, conn2, pos2);
  walkOn(cs, w, conn2, pos2, -1, -1, stamp, sink, true);
}

/**
 * Crossing a WDM or a splitter from (conn, pos) (`key` in its type's tables; `pk` the one-to-one
 * peer): the peer to leave by, or -2 when the walk ends here (end fields set). A WDM's line leaves
 * by the client whose band holds the lane's wavelength; a client checks the wavelength (a grey optic
 * takes the port's band); a splitter's common end records its branches as forks.
 */
function special(cs: CompiledSite, w: Walk, rt: RunType, run: number, conn: number, pos: number, key: number, pk: number, sink: HopSink | undefined): number {
  const fanStart = rt.fanStart;
  if (fanStart !== null) {
    const fs = fanStart[key]!;
    const fe = fanStart[key + 1]!;
    const half = rt.bandHalf;
    const centre = rt.bandCentre!;
    if (fe > fs) {
      const lam = w.lambda;
      if (lam <= 0) {
        w.endKind = END_WDM_UNKNOWN;
        w.endConn = conn;
        w.endPos = pos;
        return -2;
      }
      pk = -1;
      for (let i = fs; i < fe; i++) {
        const to = rt.fanTo![i]!;
        const c = centre[to >> 5]!;
        if (lam >= c - half && lam <= c + half) {
          pk = to;
          break;
        }
      }
      if (pk < 0) {
        w.endKind = END_WDM_NO_CHANNEL;
        w.endConn = conn;
        w.endPos = pos;
        return -2;
      }
      // The same line position twice: the wavelength goes round a circle.
      if (seenTwice(cs, w, conn, pos)) return -2;
      w.lastClient = cs.runBase[run]! + (pk >> 5);
      w.lastClientPos = (pk & 31) + 1;
      w.lastFan = true;
    } else {
      const c = centre[key >> 5]!;
      if (c > 0) {
        const lam = w.lambda;
        if (lam > 0 && (lam < c - half || lam > c + half)) {
          w.endKind = END_WDM_BLOCKED;
          w.endConn = conn;
          w.endPos = pos;
          const slot = cs.connSlot[conn]!;
          w.endPort = slot >= 0 ? slot >> 1 : -1;
          return -2;
        }
        if (lam < 0 && w.greyPort < 0) {
          const slot = cs.connSlot[conn]!;
          w.greyPort = slot >= 0 ? slot >> 1 : -1;
        }
        if (lam <= 0) w.lambda = c;
        w.flags |= FLAG_MERGED;
        w.lastClient = conn;
        w.lastClientPos = pos;
        w.lastFan = false;
        w.lastLine = pk >= 0 ? cs.runBase[run]! + (pk >> 5) : -1;
        w.lastLinePos = (pk & 31) + 1;
      }
    }
  } else if (rt.forkStart !== null) {
    // Against the split's direction: into a branch output, or into a through fiber towards its common end.
    const m = rt.monitor![key]!;
    const reverse = m === 1 || m === 3 || (pk >= 0 && rt.forkStart[pk]! < rt.forkStart[pk + 1]!);
    if (reverse) {
      w.flags |= m === 1 ? FLAG_MONITOR | FLAG_REVERSE : FLAG_REVERSE;
      // Many fibers meet at a common end: the same one twice is a circle.
      if (seenTwice(cs, w, conn, pos)) return -2;
    }
    const s = rt.forkStart[key]!;
    const e = rt.forkStart[key + 1]!;
    if (e > s)
      for (let f = 0; f < w.nforks; f++)
        if (w.forkConnIn[f] === conn && w.forkPosIn[f] === pos) {
          loopAt(cs, w, conn, pos);
          return -2;
        }
    for (let i = s; i < e; i++) {
      if (w.nforks === w.forkRun.length) w.growForks();
      const f = w.nforks++;
      const to = rt.forkTo![i]!;
      w.forkRun[f] = run;
      w.forkConnIn[f] = conn;
      w.forkPosIn[f] = pos;
      w.forkTo[f] = to;
      w.forkLen[f] = w.lengthM;
      w.forkLoss[f] = w.lossDb + rt.forkLoss![i]!;
      w.forkPairs[f] = w.pairs;
      w.forkSplices[f] = w.splices;
      w.forkGrades[f] = w.gradeMask;
      w.forkLambda[f] = w.lambda;
      w.forkLeg[f] = w.leg;
      w.forkGrey[f] = w.greyPort;
      w.forkFlags[f] = w.flags | FLAG_BRANCH | (rt.monitor![to] === 1 ? FLAG_MONITOR : 0);
      w.forkLastClient[f] = w.lastClient;
      w.forkLastClientPos[f] = w.lastClientPos;
      w.forkLastFan[f] = w.lastFan ? 1 : 0;
      w.forkLastLine[f] = w.lastLine;
      w.forkLastLinePos[f] = w.lastLinePos;
      w.forkHop[f] = sink?.mark ? sink.mark() : 0;
      w.forkParent[f] = w.current;
    }
  }
  if (pk >= 0) w.lossDb += rt.posLoss![key]!;
  return pk;
}

/** Ends the walk as a loop at the port holding module connector `conn`. */
function loopAt(cs: CompiledSite, w: Walk, conn: number, pos: number): void {
  const slot = cs.connSlot[conn]!;
  w.endKind = END_LOOP;
  w.endPort = slot >= 0 ? slot >> 1 : -1;
  w.endSide = slot & 1;
  w.endPos = pos;
}

/**
 * A many-to-one point (a WDM line position, a split's common end walked into against the split):
 * met twice by one walk, or more than MAX_FANS of them, the walk goes round a circle and ends as a
 * loop there (true); else it is remembered.
 */
function seenTwice(cs: CompiledSite, w: Walk, conn: number, pos: number): boolean {
  const at = conn * POS_STRIDE + pos;
  let again = w.nfan === MAX_FANS;
  for (let i = 0; i < w.nfan && !again; i++) again = w.fanSeen[i] === at;
  if (again) {
    loopAt(cs, w, conn, pos);
    return true;
  }
  w.fanSeen[w.nfan++] = at;
  return false;
}

/**
 * A walk that crossed a WDM and reached an optic: the optic's own light, walked back, must cross the
 * WDM by the same client port, so that a channel is the same whichever end it is walked from. A
 * coloured optic outside that port's band does not (END_WDM_BLOCKED with FLAG_FAR: the walk does not
 * reach it). A grey optic beyond a client port takes the port's band (named, `greyFar`); a grey
 * optic on the line side has no wavelength to choose a client by (END_WDM_UNKNOWN with FLAG_FAR).
 */
function farOptic(cs: CompiledSite, w: Walk, port: number): void {
  const lam = cs.xcvrTypes[cs.portXcvr[port]!]!.lambda;
  const run = cs.connRun[w.lastClient]!;
  const rt = cs.runTypes[cs.runType[run]!]!;
  const c = rt.bandCentre![w.lastClient - cs.runBase[run]!]!;
  if (lam > 0 && (lam < c - rt.bandHalf || lam > c + rt.bandHalf)) {
    w.endKind = END_WDM_BLOCKED;
    w.endConn = w.lastClient;
    w.endPos = w.lastClientPos;
    w.flags |= FLAG_FAR;
  } else if (lam < 0 && !w.lastFan) {
    w.endKind = END_WDM_UNKNOWN;
    w.endConn = w.lastLine;
    w.flags |= FLAG_FAR;
  } else if (lam < 0) {
    const slot = cs.connSlot[w.lastClient]!;
    w.greyFar = slot >= 0 ? slot >> 1 : -1;
  }
}

function walkOn(
  cs: CompiledSite,
  w: Walk,
  startConn: number,
  startPos: number,
  loopSlot: number,
  loopPos: number,
  stamp: number,
  sink: HopSink | undefined,
  arrive: boolean,
): void {
  const { connRun, runBase, runType, runTypes, connSlot, connFamily, slotPlug, portKind, portFamily, portKey } = cs;
  const { familyUsed, familyMate, adapterTab, connPairLoss, runLength, runLoss, runSplices, portXcvr } = cs;
  const visitBits = cs.scratch.visitBits;
  // A path meets each (port side, position) at most once, so this bound only stops corrupt maps.
  const cap = 2 * POS_STRIDE * cs.portCount + 8;
  let conn = startConn;
  let pos = startPos;
  let entryIdx = 0;
  let entryCount = 0;
  let entryPort = -1;
  for (let hops = 0; ; hops++) {
    if (hops > cap) {
      w.endKind = END_LOOP;
      w.endPort = -1;
      return;
    }
    let conn2: number;
    let pos2: number;
    if (arrive) {
      // A branch walk starts at the output of its split.
      arrive = false;
      conn2 = conn;
      pos2 = pos;
    } else {
    const run = connRun[conn]!;
    const t = runType[run]!;
    const base = runBase[run]!;
    if (t < 0 || familyUsed[connFamily[conn]! * TABLE_STRIDE + pos] === 0) {
      w.endKind = t < 0 ? END_DEAD : END_MISSING_POSITION;
      w.endConn = conn;
      w.endPos = pos;
      return;
    }
    const rt = runTypes[t]!;
    const local = conn - base;
    const key = local * POS_STRIDE + pos - 1;
    let pk = rt.peer[key]!;
    if (rt.special) {
      pk = special(cs, w, rt, run, conn, pos, key, pk, sink);
      if (pk === -2) return;
    }
    if (pk < 0) {
      w.endKind = END_DEAD;
      w.endConn = conn;
      w.endPos = pos;
      return;
    }
    const local2 = pk >> 5;
    pos2 = (pk & 31) + 1;
    conn2 = base + local2;
    w.lengthM += runLength[run]!;
    w.lossDb += runLoss[run]!;
    w.splices += runSplices[run]!;
    w.gradeMask |= 1 << rt.grade;
    if (rt.hasLegs && w.leg === 0) w.leg = rt.legOf[local]! || rt.legOf[local2]!;
    if (rt.isModule) {
      const fin = rt.frontIndex[local]!;
      const fout = rt.frontIndex[local2]!;
      // A breakout cassette's front ports are its legs: lane i of a breakout leaves by front ⌈i / M⌉.
      if (w.leg === 0 && rt.frontCount > 1) w.leg = fin || fout;
      if (fin > 0) {
        entryIdx = fin;
        entryCount = rt.frontCount;
        entryPort = connSlot[conn]! >> 1;
      } else if (fout > 0 && entryIdx > 0) {
        if (fout !== entryIdx && entryCount === rt.frontCount && w.crossIn < 0) {
          w.crossIn = entryPort;
          w.crossOut = connSlot[conn2]! >> 1;
        }
        entryIdx = 0;
      }
    } else if (rt.shuffle) entryIdx = 0; // a declared shuffle between two modules: no port-number check across it
    if (sink) sink.run(run, conn, pos, conn2, pos2);
    }
    const slot = connSlot[conn2]!;
    if (slot < 0) {
      w.endKind = END_OPEN_CABLE;
      w.endConn = conn2;
      w.endPos = pos2;
      return;
    }
    const port = slot >> 1;
    const pf = portFamily[port]!;
    if (portKind[port] === PORT_TRANSCEIVER) {
      w.endPort = port;
      w.endSide = SIDE_FRONT;
      if (portXcvr[port]! < 0) {
        w.endKind = END_OPEN_PORT;
        w.endPos = pos2;
        return;
      }
      noteMating(cs, w, port, stamp);
      if (familyMate[pf * NF + connFamily[conn2]!] === 0) {
        w.endKind = END_NO_MATE;
        w.endPos = pos2;
        return;
      }
      w.endKind = END_TRANSCEIVER;
      w.endPos = adapterTab[(pf * 2 + 1) * TABLE_STRIDE + pos2]!;
      if (w.lastClient >= 0) farOptic(cs, w, port);
      return;
    }
    const sideIn = slot & 1;
    if (slot === loopSlot && pos2 === loopPos) {
      w.endKind = END_LOOP;
      w.endPort = port;
      w.endSide = sideIn;
      w.endPos = pos2;
      return;
    }
    if (pf < 0 || familyMate[pf * NF + connFamily[conn2]!] === 0) {
      noteMating(cs, w, port, stamp);
      w.endKind = END_NO_MATE;
      w.endPort = port;
      w.endSide = sideIn;
      w.endPos = pos2;
      return;
    }
    const pos3 = adapterTab[(pf * 2 + portKey[port]!) * TABLE_STRIDE + pos2]!;
    const conn3 = slotPlug[slot ^ 1]!;
    if ((w.flags & NO_MARK) === 0) {
      visitBits[slot] = visitBits[slot]! | (1 << (pos2 - 1));
      visitBits[slot ^ 1] = visitBits[slot ^ 1]! | (1 << (pos3 - 1));
    }
    if (sink) sink.adapter(port, sideIn, pos2, pos3, conn3 >= 0);
    if (conn3 < 0) {
      noteMating(cs, w, port, stamp);
      w.endKind = END_OPEN_PORT;
      w.endPort = port;
      w.endSide = sideIn ^ 1;
      w.endPos = pos3;
      return;
    }
    noteMating(cs, w, port, stamp);
    if (familyMate[pf * NF + connFamily[conn3]!] === 0) {
      w.endKind = END_NO_MATE;
      w.endPort = port;
      w.endSide = sideIn ^ 1;
      w.endPos = pos3;
      return;
    }
    // A fused joint (splice) costs its splice loss, a mated pair its pair loss (connPairLoss holds either).
    if (FUSED[pf] === 1) w.splices++;
    else w.pairs++;
    const la = connPairLoss[conn2]!;
    const lb = connPairLoss[conn3]!;
    w.lossDb += la > lb ? la : lb;
    conn = conn3;
    pos = pos3;
  }
}

// ---------------------------------------------------------------------------------------------
// The public trace, with hops

export type Hop =
  | {
      readonly kind: "cable";
      readonly cableId: string;
      readonly from: { readonly connector: string; readonly position: number };
      readonly to: { readonly connector: string; readonly position: number };
      readonly lengthM: number;
    }
  | {
      readonly kind: "module";
      readonly moduleId: string;
      readonly from: { readonly port: string; readonly position: number };
      readonly to: { readonly port: string; readonly position: number };
    }
  | {
      readonly kind: "adapter";
      readonly portId: string;
      readonly from: { readonly side: PortSide; readonly position: number };
      readonly to: { readonly side: PortSide; readonly position: number };
      /** True when both sides hold a plug (a mated pair). */
      readonly mated: boolean;
    };

export type TraceEnd =
  | {
      readonly kind: "transceiver";
      readonly portId: string;
      readonly transceiverId: string;
      readonly position: number;
      readonly role: LaneRole | "unused";
      readonly lane?: number;
      readonly face?: "TR" | "RT";
    }
  | { readonly kind: "open-port"; readonly portId: string; readonly side: PortSide; readonly position: number }
  | { readonly kind: "open-cable-end"; readonly cableId: string; readonly connector: string; readonly position: number }
  | { readonly kind: "dead-end"; readonly elementId: string; readonly connector: string; readonly position: number }
  | {
      readonly kind: "missing-position";
      readonly elementId: string;
      readonly connector: string;
      readonly family: string;
      readonly position: number;
    }
  | { readonly kind: "no-mate"; readonly portId: string; readonly side: PortSide; readonly position: number }
  | { readonly kind: "loop"; readonly portId?: string; readonly side?: PortSide; readonly position?: number }
  /** A WDM client port whose band does not hold the lane's wavelength: the filter blocks the light. */
  | { readonly kind: "wdm-blocked"; readonly portId: string; readonly position: number; readonly wavelengthNm: number; readonly passesNm: number }
  /** The line of a WDM with no client for the wavelength (`wavelengthNm`), or reached with none known. */
  | {
      readonly kind: "wdm-no-channel" | "wdm-unknown";
      readonly moduleId: string;
      readonly port: string;
      readonly position: number;
      readonly wavelengthNm?: number;
    };

export interface FiberTrace {
  readonly start: {
    readonly portId: string;
    readonly side: PortSide;
    /** MDI position on a transceiver, plug position on an adapter side. */
    readonly position: number;
    readonly role?: LaneRole;
    readonly lane?: number;
    readonly face?: "TR" | "RT";
  };
  readonly hops: readonly Hop[];
  readonly end: TraceEnd;
  readonly lengthM: number;
  readonly lossDb: number;
  readonly matedPairs: number;
  readonly splices: number;
  readonly grades: readonly FiberGrade[];
  /** The lane's wavelength once known (the optic's, or the WDM port it entered), in nm. */
  readonly wavelengthNm?: number;
  /**
   * A branch of a split: the fiber left the splitter or tap by this output (its share of the light);
   * a trace lists one fiber per output branch, each a path. Absent on the through path.
   */
  readonly branch?: { readonly moduleId: string; readonly port: string; readonly share: number; readonly monitor: boolean };
}

export interface TraceResult {
  readonly portId: string;
  readonly fibers: readonly FiberTrace[];
  readonly conventions: LossConventions & { readonly description: string };
}

const sideName = (s: number): PortSide => (s === SIDE_REAR ? "rear" : "front");

function describeEnd(cs: CompiledSite, w: Walk): TraceEnd {
  const connInfo = (conn: number) => {
    const run = cs.connRun[conn]!;
    const rt = cs.runTypes[cs.runType[run]!];
    return { elementId: cs.runId(run), connector: rt?.connIds[conn - cs.runBase[run]!] ?? "?", run };
  };
  switch (w.endKind) {
    case END_TRANSCEIVER: {
      const x = cs.portXcvr[w.endPort]!;
      const role = cs.xcvrRole[x * TABLE_STRIDE + w.endPos]!;
      const lane = cs.xcvrLane[x * TABLE_STRIDE + w.endPos]!;
      const rec = cs.model.transceivers[cs.portXcvrRecord[w.endPort]!]!;
      const roleName: LaneRole | "unused" = role === 0 ? "unused" : role === 1 ? "tx" : role === 2 ? "rx" : "bidi";
      return {
        kind: "transceiver",
        portId: cs.portIds[w.endPort]!,
        transceiverId: rec.id,
        position: w.endPos,
        role: roleName,
        ...(role !== 0 ? { lane } : {}),
        ...(role === 3 ? { face: "TR" as const } : role === 4 ? { face: "RT" as const } : {}),
      };
    }
    case END_OPEN_PORT:
      return { kind: "open-port", portId: cs.portIds[w.endPort]!, side: sideName(w.endSide), position: w.endPos };
    case END_NO_MATE:
      return { kind: "no-mate", portId: cs.portIds[w.endPort]!, side: sideName(w.endSide), position: w.endPos };
    case END_OPEN_CABLE: {
      const c = connInfo(w.endConn);
      return { kind: "open-cable-end", cableId: c.elementId, connector: c.connector, position: w.endPos };
    }
    case END_DEAD: {
      const c = connInfo(w.endConn);
      return { kind: "dead-end", elementId: c.elementId, connector: c.connector, position: w.endPos };
    }
    case END_MISSING_POSITION: {
      const c = connInfo(w.endConn);
      return {
        kind: "missing-position",
        elementId: c.elementId,
        connector: c.connector,
        family: CONNECTOR_FAMILIES[cs.connFamily[w.endConn]!] ?? "?",
        position: w.endPos,
      };
    }
    case END_WDM_BLOCKED: {
      const run = cs.connRun[w.endConn]!;
      const rt = cs.runTypes[cs.runType[run]!]!;
      const passesNm = rt.bandCentre![w.endConn - cs.runBase[run]!]!;
      const slot = cs.connSlot[w.endConn]!;
      const far = (w.flags & FLAG_FAR) !== 0;
      const wavelengthNm = far ? cs.xcvrTypes[cs.portXcvr[w.endPort]!]!.lambda : w.lambda;
      return { kind: "wdm-blocked", portId: slot >= 0 ? cs.portIds[slot >> 1]! : "?", position: w.endPos, wavelengthNm, passesNm };
    }
    case END_WDM_NO_CHANNEL:
    case END_WDM_UNKNOWN: {
      const c = connInfo(w.endConn);
      const base = { moduleId: c.elementId, port: c.connector, position: w.endPos };
      return w.endKind === END_WDM_NO_CHANNEL ? { kind: "wdm-no-channel", ...base, wavelengthNm: w.lambda } : { kind: "wdm-unknown", ...base };
    }
    default:
      return w.endPort >= 0
        ? { kind: "loop", portId: cs.portIds[w.endPort]!, side: sideName(w.endSide), position: w.endPos }
        : { kind: "loop" };
  }
}

/** The branch a fork leaves by, for display. */
function branchOf(cs: CompiledSite, w: Walk, f: number): FiberTrace["branch"] {
  const run = w.forkRun[f]!;
  const rt = cs.runTypes[cs.runType[run]!]!;
  const to = w.forkTo[f]!;
  const port = rt.connIds[to >> 5]!;
  const pos = (to & 31) + 1;
  const from = rt.connIds[w.forkConnIn[f]! - cs.runBase[run]!]!;
  const br = (rt.type as ModuleType).split?.branches.find(
    (b) => b.to.connector === port && b.to.position === pos && b.from.connector === from && b.from.position === w.forkPosIn[f],
  );
  return { moduleId: cs.runId(run), port, share: br?.share ?? 0, monitor: rt.monitor![to] === 1 };
}

/**
 * The client wavelengths a WDM line position (connector `conn`, position `pos`) fans out to: a walk
 * that reaches a line with no wavelength known is followed once per client.
 */
export function fanWavelengths(cs: CompiledSite, conn: number, pos: number): number[] {
  const run = cs.connRun[conn]!;
  const rt = cs.runTypes[cs.runType[run]!]!;
  if (rt.fanStart === null) return [];
  const key = (conn - cs.runBase[run]!) * POS_STRIDE + pos - 1;
  const out: number[] = [];
  for (let i = rt.fanStart[key]!; i < rt.fanStart[key + 1]!; i++) out.push(rt.bandCentre![rt.fanTo![i]! >> 5]!);
  return out;
}

export const gradesOfMask = (mask: number): FiberGrade[] => FIBER_GRADES.filter((_g, i) => (mask & (1 << i)) !== 0);

function recordingSink(cs: CompiledSite, hops: Hop[]): HopSink {
  return {
    mark: () => hops.length,
    run(run, connIn, posIn, connOut, posOut) {
      const rt = cs.runTypes[cs.runType[run]!]!;
      const base = cs.runBase[run]!;
      if (cs.runIsModule(run))
        hops.push({
          kind: "module",
          moduleId: cs.runId(run),
          from: { port: rt.connIds[connIn - base]!, position: posIn },
          to: { port: rt.connIds[connOut - base]!, position: posOut },
        });
      else
        hops.push({
          kind: "cable",
          cableId: cs.runId(run),
          from: { connector: rt.connIds[connIn - base]!, position: posIn },
          to: { connector: rt.connIds[connOut - base]!, position: posOut },
          lengthM: cs.runLength[run]!,
        });
    },
    adapter(port, sideIn, posIn, posOut, mated) {
      hops.push({
        kind: "adapter",
        portId: cs.portIds[port]!,
        from: { side: sideName(sideIn), position: posIn },
        to: { side: sideName(sideIn ^ 1), position: posOut },
        mated,
      });
    },
  };
}

/**
 * Traces every fiber from a port. On a transceiver port the fibers are its lanes (MDI positions);
 * on an adapter port (dark fiber) they are the family's positions, entering the port from `side`
 * (default: the outer side, front for panel ports) and leaving by the other side.
 */
export function trace(site: SiteModel | CompiledSite, portId: string, opts: { side?: PortSide } = {}): TraceResult {
  const cs = "portIndex" in site ? site : compileSite(site);
  const port = cs.portIndex.get(portId);
  if (port === undefined) throw new Error(`unknown port ${portId}`);
  const conventions = { ...cs.conventions, description: describeConventions(cs.conventions) };
  const w = new Walk();
  const fibers: FiberTrace[] = [];
  const finish = (start: FiberTrace["start"], hops: Hop[], branch?: FiberTrace["branch"], extra?: { pairs: number; lossDb: number }) =>
    fibers.push({
      start,
      hops,
      end: describeEnd(cs, w),
      lengthM: w.lengthM,
      lossDb: roundDb(w.lossDb + (extra?.lossDb ?? 0)),
      matedPairs: w.pairs + (extra?.pairs ?? 0),
      splices: w.splices,
      grades: gradesOfMask(w.gradeMask),
      ...(w.lambda > 0 ? { wavelengthNm: w.lambda } : {}),
      ...(branch ? { branch } : {}),
    });
  /**
   * One start: the walk, then every branch of the splits it passed (each a fiber of its own, its
   * hops those of its parent up to the split), and — from dark fiber — one walk per client
   * wavelength where it reaches a WDM line with none known.
   */
  const walkAll = (start: FiberTrace["start"], prefix: readonly Hop[], conn: number, pos: number, loopSlot: number, loopPos: number, lambda: number, extra?: { pairs: number; lossDb: number }) => {
    const hops: Hop[] = [...prefix];
    walkFiber(cs, w, conn, pos, loopSlot, loopPos, 0, recordingSink(cs, hops), lambda);
    if (w.endKind === END_WDM_UNKNOWN && lambda === 0) {
      const wl = fanWavelengths(cs, w.endConn, w.endPos);
      if (wl.length > 0) {
        for (const l of wl) walkAll(start, prefix, conn, pos, loopSlot, loopPos, l, extra);
        return;
      }
    }
    finish(start, hops, undefined, extra);
    const lists: Hop[][] = [hops];
    for (let f = 0; f < w.nforks; f++) {
      const parent = lists[w.forkParent[f]! + 1]!;
      const bh = parent.slice(0, w.forkHop[f]!);
      lists.push(bh);
      const branch = branchOf(cs, w, f);
      continueFork(cs, w, f, 0, recordingSink(cs, bh));
      if (w.endKind === END_WDM_UNKNOWN && w.forkLambda[f] === 0) {
        // A branch from dark fiber that reaches a WDM line: one fiber per client wavelength.
        const wl = fanWavelengths(cs, w.endConn, w.endPos);
        for (const l of wl) {
          const lh = parent.slice(0, w.forkHop[f]!);
          w.forkLambda[f] = l;
          continueFork(cs, w, f, 0, recordingSink(cs, lh));
          finish(start, lh, branch, extra);
        }
        w.forkLambda[f] = 0;
        if (wl.length > 0) continue;
      }
      finish(start, bh, branch, extra);
    }
  };

  if (cs.portKind[port] === PORT_TRANSCEIVER) {
    const x = cs.portXcvr[port]!;
    if (x < 0) return { portId, fibers, conventions };
    const info = cs.xcvrTypes[x]!;
    const conn = cs.slotPlug[port * 2]!;
    for (const lane of info.type.lanes) {
      const start = {
        portId,
        side: "front" as const,
        position: lane.position,
        role: lane.role,
        lane: lane.lane,
        ...(lane.face ? { face: lane.face } : {}),
      };
      resetWalk(w);
      if (conn < 0) {
        w.endKind = END_OPEN_PORT;
        w.endPort = port;
        w.endPos = lane.position;
        finish(start, []);
      } else if (cs.familyMate[info.familyCode * NF + cs.connFamily[conn]!] === 0) {
        w.endKind = END_NO_MATE;
        w.endPort = port;
        w.endPos = lane.position;
        finish(start, []);
      } else {
        const pos = cs.adapterTab[(info.familyCode * 2 + 1) * TABLE_STRIDE + lane.position]!;
        walkAll(start, [], conn, pos, -1, -1, info.lambda);
      }
    }
    return { portId, fibers, conventions };
  }

  // Dark fiber from an adapter port.
  const side = opts.side === "rear" ? SIDE_REAR : opts.side === "front" ? SIDE_FRONT : Math.max(cs.portOuter[port]!, SIDE_FRONT);
  const family = CONNECTOR_FAMILIES[cs.portFamily[port]!]!;
  const pf = cs.portFamily[port]!;
  const startSlot = port * 2 + side;
  const nearPlug = cs.slotPlug[startSlot]!;
  for (const p of FAMILIES[family].used) {
    const pos = cs.adapterTab[(pf * 2 + cs.portKey[port]!) * TABLE_STRIDE + p]!;
    const conn = cs.slotPlug[startSlot ^ 1]!;
    const first: Hop = {
      kind: "adapter",
      portId,
      from: { side: sideName(side), position: p },
      to: { side: sideName(side ^ 1), position: pos },
      mated: conn >= 0 && nearPlug >= 0,
    };
    const start = { portId, side: sideName(side), position: p };
    if (conn < 0) {
      resetWalk(w);
      w.endKind = END_OPEN_PORT;
      w.endPort = port;
      w.endSide = side ^ 1;
      w.endPos = pos;
      finish(start, [first]);
    } else {
      const extra = nearPlug >= 0 ? { pairs: 1, lossDb: Math.max(cs.connPairLoss[nearPlug]!, cs.connPairLoss[conn]!) } : undefined;
      walkAll(start, [first], conn, pos, startSlot, p, 0, extra);
    }
  }
  return { portId, fibers, conventions };
}
