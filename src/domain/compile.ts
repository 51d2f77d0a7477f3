/**
 * Compiles a site model into flat typed arrays for the trace: indexes by port id, one slot per
 * (port, side), one global index per connector, and each cable or module type's map as a lookup
 * table. A module's internal harness becomes a "run" like a cable whose connectors sit in the
 * inner sides of the module's ports, so the trace crosses cassettes and cables the same way.
 *
 * The compiled site is cached per model object: treat a model as immutable once judged.
 */
import { getApplication, type Application } from "./applications";
import { createCatalog, type Catalog } from "./catalog";
import type { CableType, ModuleType, TransceiverType } from "./components";
import {
  CONNECTOR_FAMILIES as CONNECTOR_FAMILIES_,
  FAMILIES,
  GENDERS as GENDERS_,
  POLISHES as POLISHES_,
  familiesMate,
  type ConnectorFamily,
  type ConnectorSpec,
} from "./connectors";
import { FIBER_GRADES, GRADES, attenuationDbPerKm, type FiberGrade } from "./fiber";
import { finding, type ElementRef, type Finding } from "./findings";
import { IdIndex } from "./id-index";
import { DEFAULT_CONVENTIONS, LOSS_DEFAULTS, connectorPairLossDb, type LossConventions } from "./loss";
import { ADAPTER_KEYS, adapterTable } from "./position-maps";
import { innerSide, type AdapterPort, type SiteModel } from "./site-model";
import { laneCount } from "./transceivers";
import { SPLIT_KIND_SPECS, WDM_KIND_SPECS, shareLossDb } from "./wdm";

// Imported bindings copied to module constants: some module loaders (CommonJS interop, Vite's
// SSR transform) turn imported bindings into getters, which would cost a call on every hop.
const CONNECTOR_FAMILIES = CONNECTOR_FAMILIES_;
const GENDERS = GENDERS_;
const POLISHES = POLISHES_;

/** Positions per connector in the lookup tables (MPO-32 is the largest family). */
export const POS_STRIDE = 32;
const TABLE_STRIDE = 33;
const NF = CONNECTOR_FAMILIES.length;

export const PORT_TRANSCEIVER = 0;
export const PORT_ADAPTER = 1;

export const SIDE_FRONT = 0;
export const SIDE_REAR = 1;

/** Lane role codes on a transceiver type's MDI positions. */
export const ROLE_UNUSED = 0;
export const ROLE_TX = 1;
export const ROLE_RX = 2;
export const ROLE_TR = 3;
export const ROLE_RT = 4;

export const familyCode = (f: ConnectorFamily): number => CONNECTOR_FAMILIES.indexOf(f);
export const gradeCode = (g: FiberGrade): number => FIBER_GRADES.indexOf(g);

/** A cable or module type, compiled. */
export interface RunType {
  readonly id: string;
  readonly isModule: boolean;
  readonly type: CableType | ModuleType;
  /** Local connector ids: cable connector ids, or module port names. */
  readonly connIds: readonly string[];
  readonly connIndex: ReadonlyMap<string, number>;
  readonly conn: readonly ConnectorSpec[];
  /** (local * 32 + position - 1) → (local' * 32 + position' - 1), or -1 where there is no fiber. */
  readonly peer: Int32Array;
  /** A cable declared a deliberate shuffle: port numbers change across it on purpose. */
  readonly shuffle: boolean;
  /** Breakout leg of each local connector (harnesses and conversion cords only), else 0. */
  readonly legOf: Int16Array;
  readonly hasLegs: boolean;
  /** Module front port ordinal (1-based) of each local connector; 0 for rear ports and cables. */
  readonly frontIndex: Int16Array;
  readonly frontCount: number;
  readonly grade: number;
  /** Pair loss of each local connector under the site's conventions. */
  readonly pairLoss: Float64Array;
  /** Module ports: the side holding the module's own plug (SIDE_FRONT/SIDE_REAR); -1 on cables. */
  readonly innerSide: Int8Array;
  /** A WDM or a splitter: the trace looks at the tables below (null on every other type). */
  readonly special: boolean;
  /** Loss of crossing the type from each (local * 32 + position - 1): WDM pass, split share. */
  readonly posLoss: Float64Array | null;
  /** WDM: the client ports a line position fans out to: fanTo[fanStart[k] .. fanStart[k + 1]). */
  readonly fanStart: Int32Array | null;
  readonly fanTo: Int32Array | null;
  /** WDM: each local connector's band centre in nm (0: not a client port), and the band's half width. */
  readonly bandCentre: Float64Array | null;
  readonly bandHalf: number;
  /** Splitter: the branches that leave from a common end: forkTo[forkStart[k] .. forkStart[k + 1]), with their loss. */
  readonly forkStart: Int32Array | null;
  readonly forkTo: Int32Array | null;
  readonly forkLoss: Float64Array | null;
  /**
   * Splitter: at each (local * 32 + position - 1), 1 for a tap's monitor output, 2 for the other
   * positions of a monitor port, 3 for a splitter's (two-way) branch output, else 0.
   */
  readonly monitor: Uint8Array | null;
}

export interface TransceiverInfo {
  readonly type: TransceiverType;
  readonly application: Application | undefined;
  readonly lanes: number;
  /** MDI positions that carry a lane, in lane order. */
  readonly positions: readonly number[];
  readonly familyCode: number;
  /** The optic's wavelength in nm, or -1 for a grey optic (no wavelength of its own). */
  readonly lambda: number;
}

export interface CompiledSite {
  readonly model: SiteModel;
  readonly catalog: Catalog;
  readonly conventions: LossConventions;
  /** Problems found while indexing the model (unknown types, bad references…). */
  readonly problems: readonly Finding[];

  readonly portCount: number;
  readonly portIds: readonly string[];
  readonly portIndex: IdIndex;
  readonly portKind: Uint8Array;
  readonly portFamily: Int8Array;
  readonly portKey: Uint8Array;
  readonly portModule: Int32Array;
  /** Outer side of a module port (where cables plug), -1 on other ports (both sides are outer). */
  readonly portOuter: Int8Array;
  readonly portDevice: Int32Array;
  /** Transceiver type index (into `xcvrTypes`) of the transceiver in a cage, or -1. */
  readonly portXcvr: Int32Array;
  /** Index of the transceiver record in `model.transceivers`, or -1. */
  readonly portXcvrRecord: Int32Array;
  readonly xcvrTypes: readonly TransceiverInfo[];
  /** Role of each MDI position: xcvrRole[type * 33 + position]. */
  readonly xcvrRole: Int8Array;
  readonly xcvrLane: Int8Array;

  /** slotPlug[port * 2 + side]: global connector plugged there, or -1. */
  readonly slotPlug: Int32Array;

  readonly connCount: number;
  readonly connRun: Int32Array;
  readonly connSlot: Int32Array;
  readonly connFamily: Int8Array;
  readonly connGender: Int8Array;
  readonly connPolish: Int8Array;
  /** Fiber grade code of the connector's cable or module. */
  readonly connGrade: Int8Array;
  readonly connPairLoss: Float64Array;

  /** Runs: the site's cables (same order as model.cables), then one per module. */
  readonly runCount: number;
  readonly cableRunCount: number;
  readonly runBase: Int32Array;
  readonly runType: Int32Array;
  readonly runLength: Float64Array;
  readonly runLoss: Float64Array;
  readonly runSplices: Int32Array;
  readonly runTypes: readonly RunType[];

  /** Lookup tables shared by every site. */
  readonly adapterTab: Int8Array;
  readonly familyUsed: Uint8Array;
  readonly familyMate: Uint8Array;

  /** Scratch state of the judge (the engine is single-threaded). */
  readonly scratch: Scratch;

  portLabel(port: number): string;
  runLabel(run: number): string;
  runId(run: number): string;
  runIsModule(run: number): boolean;
}

export interface Scratch {
  stamp: number;
  /** Matings already collected by the channel being walked. */
  readonly chanMating: Int32Array;
  /** Matings already checked in the current judgeSite run, and their findings when any. */
  readonly matingDone: Int32Array;
  readonly matingCache: (readonly Finding[] | undefined)[];
  readonly coverStamp: Int32Array;
  readonly coverBits: Uint32Array;
  readonly memberStamp: Int32Array;
  readonly visitBits: Uint32Array;
}

// ---------------------------------------------------------------------------------------------
// Shared tables

const ADAPTER_TAB = (() => {
  const t = new Int8Array(NF * 2 * TABLE_STRIDE);
  CONNECTOR_FAMILIES.forEach((f, fi) =>
    ADAPTER_KEYS.forEach((k, ki) => {
      const tab = adapterTable(f, k);
      for (let p = 1; p < tab.length; p++) t[(fi * 2 + ki) * TABLE_STRIDE + p] = tab[p] ?? 0;
    }),
  );
  return t;
})();

const FAMILY_USED = (() => {
  const t = new Uint8Array(NF * TABLE_STRIDE);
  CONNECTOR_FAMILIES.forEach((f, fi) => {
    for (const p of FAMILIES[f].used) t[fi * TABLE_STRIDE + p] = 1;
  });
  return t;
})();

const FAMILY_MATE = (() => {
  const t = new Uint8Array(NF * NF);
  CONNECTOR_FAMILIES.forEach((a, ai) => CONNECTOR_FAMILIES.forEach((b, bi) => (t[ai * NF + bi] = familiesMate(a, b) ? 1 : 0)));
  return t;
})();

export { TABLE_STRIDE, NF };

// ---------------------------------------------------------------------------------------------

/**
 * A type's run tables under some conventions, made once per type object: a catalog's built-in
 * types are the same objects from one compile to the next, and a trace compiles a part of the
 * plant per request (making them again was 3 % of a trace's server time at 3,000 racks).
 */
const runTypeCache = new WeakMap<CableType | ModuleType, Map<string, RunType>>();

function runTypeOf(type: CableType | ModuleType, conv: LossConventions): RunType {
  let byConventions = runTypeCache.get(type);
  if (!byConventions) runTypeCache.set(type, (byConventions = new Map()));
  const key = `${conv.attenuation}|${conv.matedPair}`;
  let rt = byConventions.get(key);
  if (!rt) byConventions.set(key, (rt = compileRunType(type, conv)));
  return rt;
}

function compileRunType(type: CableType | ModuleType, conv: LossConventions): RunType {
  const isModule = type.kind === "module";
  const conn: ConnectorSpec[] = isModule ? [...type.ports] : [...type.connectors];
  const connIds = isModule ? type.ports.map((p) => p.name) : type.connectors.map((c) => c.id);
  const connIndex = new Map(connIds.map((id, i) => [id, i]));
  const peer = new Int32Array(conn.length * POS_STRIDE).fill(-1);
  for (const f of type.fibers) {
    const a = connIndex.get(f.a.connector);
    const b = connIndex.get(f.b.connector);
    if (a === undefined || b === undefined) continue;
    const ka = a * POS_STRIDE + f.a.position - 1;
    const kb = b * POS_STRIDE + f.b.position - 1;
    peer[ka] = kb;
    peer[kb] = ka;
  }
  const legOf = new Int16Array(conn.length);
  const breakout = !isModule && (type.cableKind === "harness" || type.cableKind === "conversion");
  if (breakout) type.connectors.forEach((c, i) => (legOf[i] = c.leg ?? 0));
  const frontIndex = new Int16Array(conn.length);
  const inner = new Int8Array(conn.length).fill(-1);
  let frontCount = 0;
  if (isModule)
    type.ports.forEach((p, i) => {
      frontIndex[i] = p.role === "front" ? ++frontCount : 0;
      inner[i] = innerSide(p.role) === "rear" ? SIDE_REAR : SIDE_FRONT;
    });
  const mode = GRADES[type.fiber].mode;
  const pairLoss = new Float64Array(conn.length);
  conn.forEach((c, i) => {
    const lc = { family: c.family, mode, ...(c.grade ? { grade: c.grade } : {}) };
    pairLoss[i] = connectorPairLossDb(
      type.matedPairLossDb !== undefined ? { ...lc, overrideDb: type.matedPairLossDb } : lc,
      conv,
    );
  });
  const sp = isModule ? specialTables(type, connIndex, conn.length, peer) : NO_SPECIAL;
  return {
    ...sp,
    id: type.id,
    isModule,
    type,
    connIds,
    connIndex,
    conn,
    peer,
    shuffle: !isModule && type.shuffle === true,
    legOf,
    hasLegs: breakout,
    frontIndex,
    frontCount,
    grade: gradeCode(type.fiber),
    pairLoss,
    innerSide: inner,
  };
}

type SpecialTables = Pick<
  RunType,
  "special" | "posLoss" | "fanStart" | "fanTo" | "bandCentre" | "bandHalf" | "forkStart" | "forkTo" | "forkLoss" | "monitor"
>;

const NO_SPECIAL: SpecialTables = {
  special: false,
  posLoss: null,
  fanStart: null,
  fanTo: null,
  bandCentre: null,
  bandHalf: 0,
  forkStart: null,
  forkTo: null,
  forkLoss: null,
  monitor: null,
};

/** Flat lists keyed by (local * 32 + position - 1): start offsets and values. */
function keyedLists(n: number, items: readonly { key: number; to: number; loss: number }[]) {
  const start = new Int32Array(n * POS_STRIDE + 1);
  for (const it of items) start[it.key + 1]!++;
  for (let k = 0; k < n * POS_STRIDE; k++) start[k + 1]! += start[k]!;
  const to = new Int32Array(items.length);
  const loss = new Float64Array(items.length);
  const fill = start.slice(0, n * POS_STRIDE);
  for (const it of items) {
    const i = fill[it.key]!++;
    to[i] = it.to;
    loss[i] = it.loss;
  }
  return { start, to, loss };
}

/**
 * The tables of a WDM or a splitter. A WDM's line positions have no single peer: the trace picks
 * the client by wavelength from the fan. A splitter keeps its one-to-one map as the through path
 * (with the loss of its share), each branch output's peer is its common end (a walk entering an
 * output goes back to the input), and the common end lists its branches as forks.
 */
function specialTables(type: ModuleType, connIndex: ReadonlyMap<string, number>, n: number, peer: Int32Array): SpecialTables {
  const keyOf = (c: string, p: number) => {
    const i = connIndex.get(c);
    return i === undefined ? -1 : i * POS_STRIDE + p - 1;
  };
  if (type.wdm) {
    const spec = WDM_KIND_SPECS[type.wdm.kind];
    const il = type.wdm.insertionLossDb ?? spec.insertionLossDb;
    const posLoss = new Float64Array(n * POS_STRIDE).fill(il);
    const bandCentre = new Float64Array(n);
    type.ports.forEach((p, i) => (bandCentre[i] = p.role === "front" ? (p.wavelengthNm ?? 0) : 0));
    const fan: { key: number; to: number; loss: number }[] = [];
    for (const f of type.fibers) {
      const a = keyOf(f.a.connector, f.a.position);
      const b = keyOf(f.b.connector, f.b.position);
      if (a < 0 || b < 0) continue;
      peer[a] = -1; // the line: chosen by wavelength
      if (bandCentre[b >> 5]! > 0) fan.push({ key: a, to: b, loss: il });
      else peer[a] = b; // a port with no band (none built so far) stays one-to-one
    }
    for (const f of type.fibers) {
      const a = keyOf(f.a.connector, f.a.position);
      const b = keyOf(f.b.connector, f.b.position);
      if (a >= 0 && b >= 0 && bandCentre[b >> 5]! === 0) peer[a] = b;
    }
    const l = keyedLists(n, fan);
    return { ...NO_SPECIAL, special: true, posLoss, fanStart: l.start, fanTo: l.to, bandCentre, bandHalf: spec.halfWidthNm };
  }
  if (type.split) {
    const spec = SPLIT_KIND_SPECS[type.split.kind];
    const excess = type.split.excessLossDb ?? spec.excessLossDb;
    const posLoss = new Float64Array(n * POS_STRIDE);
    const tap = type.split.kind === "tap";
    const monitor = new Uint8Array(n * POS_STRIDE);
    const taken = new Map<number, number>();
    const forks: { key: number; to: number; loss: number }[] = [];
    for (const br of type.split.branches) {
      const a = keyOf(br.from.connector, br.from.position);
      const b = keyOf(br.to.connector, br.to.position);
      if (a < 0 || b < 0) continue;
      taken.set(a, (taken.get(a) ?? 0) + br.share);
      const loss = shareLossDb(br.share, excess);
      forks.push({ key: a, to: b, loss });
      peer[b] = a;
      posLoss[b] = loss;
      if (tap) {
        const port = b >> 5;
        for (let p = 0; p < POS_STRIDE; p++) if (monitor[port * POS_STRIDE + p] === 0) monitor[port * POS_STRIDE + p] = 2;
        monitor[b] = 1;
      } else monitor[b] = 3;
    }
    // The through fiber of a common end carries what its branches leave, both ways.
    for (const [a, share] of taken) {
      const t = peer[a]!;
      const loss = shareLossDb(Math.max(1 - share, 1e-6), excess);
      posLoss[a] = loss;
      if (t >= 0) posLoss[t] = loss;
    }
    const l = keyedLists(n, forks);
    return { ...NO_SPECIAL, special: true, posLoss, forkStart: l.start, forkTo: l.to, forkLoss: l.loss, monitor };
  }
  return NO_SPECIAL;
}

const cache = new WeakMap<SiteModel, CompiledSite>();

/** The compiled form of a model (memoized per model object). */
export function compileSite(model: SiteModel, opts: { conventions?: LossConventions } = {}): CompiledSite {
  if (!opts.conventions) {
    const hit = cache.get(model);
    if (hit) return hit;
  }
  const cs = build(model, opts.conventions ?? model.site.conventions ?? DEFAULT_CONVENTIONS);
  if (!opts.conventions) cache.set(model, cs);
  return cs;
}

function build(model: SiteModel, conventions: LossConventions): CompiledSite {
  const problems: Finding[] = [];
  const catalog = createCatalog(model.componentTypes);

  // Devices
  const deviceIndex = new Map<string, number>();
  model.devices.forEach((d, i) => deviceIndex.set(d.id, i));

  // Ports
  const portCount = model.ports.length;
  const portIds = new Array<string>(portCount);
  for (let i = 0; i < portCount; i++) portIds[i] = model.ports[i]!.id;
  const portIndex = new IdIndex(portIds);
  for (const i of portIndex.duplicates)
    problems.push(finding("MODEL_BAD_REFERENCE", `Port id ${portIds[i]} is used twice.`, [{ kind: "port", id: portIds[i]! }]));
  const portKind = new Uint8Array(portCount);
  const portFamily = new Int8Array(portCount).fill(-1);
  const portKey = new Uint8Array(portCount);
  const portModule = new Int32Array(portCount).fill(-1);
  const portOuter = new Int8Array(portCount).fill(-1);
  const portDevice = new Int32Array(portCount).fill(-1);
  const moduleIndex = new Map<string, number>();
  model.modules.forEach((m, i) => moduleIndex.set(m.id, i));
  // Consecutive ports usually share a device: remember the last one.
  let lastDeviceId: string | undefined;
  let lastDevice: number | undefined;
  let lastModuleId: string | undefined;
  let lastModule: number | undefined;
  for (let i = 0; i < portCount; i++) {
    const p = model.ports[i]!;
    if (p.deviceId !== lastDeviceId) {
      lastDeviceId = p.deviceId;
      lastDevice = deviceIndex.get(p.deviceId);
    }
    const dev = lastDevice;
    if (dev === undefined)
      problems.push(finding("MODEL_BAD_REFERENCE", `Port ${p.id} belongs to a device that does not exist (${p.deviceId}).`, [{ kind: "port", id: p.id }]));
    else portDevice[i] = dev;
    if (p.kind === "transceiver") {
      portKind[i] = PORT_TRANSCEIVER;
    } else {
      portKind[i] = PORT_ADAPTER;
      portFamily[i] = familyCode(p.family);
      portKey[i] = p.key === "B" ? 1 : 0;
      if (p.moduleId !== undefined) {
        if (p.moduleId !== lastModuleId) {
          lastModuleId = p.moduleId;
          lastModule = moduleIndex.get(p.moduleId);
        }
        const m = lastModule;
        if (m === undefined)
          problems.push(finding("MODEL_BAD_REFERENCE", `Port ${p.id} belongs to a module that does not exist (${p.moduleId}).`, [{ kind: "port", id: p.id }]));
        else portModule[i] = m;
      }
    }
  }

  // Transceivers
  const xcvrTypes: TransceiverInfo[] = [];
  const xcvrTypeIndex = new Map<string, number>();
  const portXcvr = new Int32Array(portCount).fill(-1);
  const portXcvrRecord = new Int32Array(portCount).fill(-1);
  model.transceivers.forEach((t, ti) => {
    const port = portIndex.get(t.portId);
    if (port === undefined) {
      problems.push(finding("MODEL_BAD_REFERENCE", `Transceiver ${t.id} is in a port that does not exist (${t.portId}).`, [{ kind: "transceiver", id: t.id }]));
      return;
    }
    if (portKind[port] !== PORT_TRANSCEIVER) {
      problems.push(finding("MODEL_BAD_REFERENCE", `Transceiver ${t.id} is in ${t.portId}, which is an adapter, not a cage.`, [{ kind: "transceiver", id: t.id }]));
      return;
    }
    if (portXcvrRecord[port] !== -1) {
      problems.push(finding("MODEL_BAD_REFERENCE", `Port ${t.portId} holds two transceivers.`, [{ kind: "transceiver", id: t.id }]));
      return;
    }
    let ix = xcvrTypeIndex.get(t.typeId);
    if (ix === undefined) {
      const type = catalog.transceiver(t.typeId);
      if (!type) {
        problems.push(finding("MODEL_UNKNOWN_TYPE", `Transceiver ${t.id} has unknown type ${t.typeId}.`, [{ kind: "transceiver", id: t.id }]));
        return;
      }
      ix = xcvrTypes.length;
      xcvrTypes.push({
        type,
        application: getApplication(type.application),
        lanes: laneCount(type),
        positions: [...type.lanes].sort((a, b) => a.lane - b.lane || a.position - b.position).map((l) => l.position),
        familyCode: familyCode(type.receptacle.family),
        lambda: type.wavelengthNm ?? -1,
      });
      xcvrTypeIndex.set(t.typeId, ix);
    }
    portXcvr[port] = ix;
    portXcvrRecord[port] = ti;
    portFamily[port] = xcvrTypes[ix]!.familyCode;
  });
  const xcvrRole = new Int8Array(Math.max(1, xcvrTypes.length) * TABLE_STRIDE);
  const xcvrLane = new Int8Array(Math.max(1, xcvrTypes.length) * TABLE_STRIDE);
  xcvrTypes.forEach((x, ix) => {
    for (const l of x.type.lanes) {
      xcvrRole[ix * TABLE_STRIDE + l.position] =
        l.role === "tx" ? ROLE_TX : l.role === "rx" ? ROLE_RX : l.face === "RT" ? ROLE_RT : ROLE_TR;
      xcvrLane[ix * TABLE_STRIDE + l.position] = l.lane;
    }
  });

  // Runs: cables, then modules
  const runTypes: RunType[] = [];
  const runTypeIndex = new Map<string, number>();
  const typeOf = (t: CableType | ModuleType): number => {
    let ix = runTypeIndex.get(t.id);
    if (ix === undefined) {
      ix = runTypes.length;
      runTypes.push(runTypeOf(t, conventions));
      runTypeIndex.set(t.id, ix);
    }
    return ix;
  };
  const cableRunCount = model.cables.length;
  const runCount = cableRunCount + model.modules.length;
  const runBase = new Int32Array(runCount + 1);
  const runType = new Int32Array(runCount).fill(-1);
  const runLength = new Float64Array(runCount);
  const runLoss = new Float64Array(runCount);
  const runSplices = new Int32Array(runCount);
  const cableIndex = new IdIndex(model.cables.map((c) => c.id));
  for (const i of cableIndex.duplicates)
    problems.push(finding("MODEL_BAD_REFERENCE", `Cable id ${model.cables[i]!.id} is used twice.`, [{ kind: "cable", id: model.cables[i]!.id }]));
  let connCount = 0;
  /** Cable type id → run type index (-1: unknown), so each cable costs one lookup. */
  const cableTypeOf = new Map<string, number>();
  const attenuation = FIBER_GRADES.map((g) => attenuationDbPerKm(g, conventions.attenuation) / 1000);
  for (let i = 0; i < cableRunCount; i++) {
    const c = model.cables[i]!;
    runBase[i] = connCount;
    let t = cableTypeOf.get(c.typeId);
    if (t === undefined) {
      const type = catalog.cable(c.typeId);
      t = type ? typeOf(type) : -1;
      cableTypeOf.set(c.typeId, t);
    }
    if (t < 0) {
      problems.push(finding("MODEL_UNKNOWN_TYPE", `Cable ${c.label ?? c.id} has unknown type ${c.typeId}.`, [{ kind: "cable", id: c.id }]));
      continue;
    }
    const rt = runTypes[t]!;
    runType[i] = t;
    runLength[i] = c.lengthM;
    runLoss[i] = c.lengthM * attenuation[rt.grade]! + (c.splices ?? 0) * LOSS_DEFAULTS.splice.db;
    runSplices[i] = c.splices ?? 0;
    connCount += rt.connIds.length;
  }
  model.modules.forEach((m, j) => {
    const i = cableRunCount + j;
    runBase[i] = connCount;
    const type = catalog.module(m.typeId);
    if (!type) {
      problems.push(finding("MODEL_UNKNOWN_TYPE", `Module ${m.id} has unknown type ${m.typeId}.`, [{ kind: "module", id: m.id }]));
      return;
    }
    const t = typeOf(type);
    runType[i] = t;
    connCount += runTypes[t]!.connIds.length;
  });
  runBase[runCount] = connCount;

  const connRun = new Int32Array(connCount);
  const connSlot = new Int32Array(connCount).fill(-1);
  const connFamily = new Int8Array(connCount);
  const connGender = new Int8Array(connCount);
  const connPolish = new Int8Array(connCount);
  const connGrade = new Int8Array(connCount);
  const connPairLoss = new Float64Array(connCount);
  for (let r = 0; r < runCount; r++) {
    const t = runType[r]!;
    if (t < 0) continue;
    const rt = runTypes[t]!;
    const base = runBase[r]!;
    for (let k = 0; k < rt.conn.length; k++) {
      const c = rt.conn[k]!;
      connRun[base + k] = r;
      connFamily[base + k] = familyCode(c.family);
      connGender[base + k] = c.gender === undefined ? 0 : GENDERS.indexOf(c.gender) + 1;
      connPolish[base + k] = POLISHES.indexOf(c.polish);
      connGrade[base + k] = rt.grade;
      connPairLoss[base + k] = rt.pairLoss[k]!;
    }
  }

  const slotPlug = new Int32Array(portCount * 2).fill(-1);

  // Module internals: the module's own plugs sit in the inner sides of its ports.
  const attached = new Int32Array(model.modules.length);
  for (let port = 0; port < portCount; port++) {
    const mod = portModule[port]!;
    if (mod < 0) continue;
    const r = cableRunCount + mod;
    const t = runType[r]!;
    if (t < 0) continue;
    const rt = runTypes[t]!;
    const name = (model.ports[port] as AdapterPort).modulePort ?? "";
    const k = rt.connIndex.get(name);
    if (k === undefined) {
      problems.push(finding("MODEL_BAD_REFERENCE", `Port ${portIds[port]} names port ${name}, which module type ${rt.id} does not have.`, [{ kind: "port", id: portIds[port]! }]));
      continue;
    }
    const mp = (rt.type as ModuleType).ports[k]!;
    const fc = familyCode(mp.family);
    const kc = mp.key === "B" ? 1 : 0;
    if (portFamily[port] !== fc || portKey[port] !== kc) {
      problems.push(finding("MODEL_BAD_REFERENCE", `Port ${portIds[port]} is recorded as ${CONNECTOR_FAMILIES[portFamily[port]!] ?? "?"} key ${portKey[port] ? "B" : "A"} but module type ${rt.id} says ${mp.family} key ${mp.key}; the module type wins.`, [{ kind: "port", id: portIds[port]! }]));
      portFamily[port] = fc;
      portKey[port] = kc;
    }
    const inner = rt.innerSide[k]!;
    portOuter[port] = inner ^ 1;
    const slot = port * 2 + inner;
    const conn = runBase[r]! + k;
    if (connSlot[conn] !== -1) {
      problems.push(finding("MODEL_BAD_REFERENCE", `Module ${model.modules[mod]!.id} has two port records for its port ${name}.`, [{ kind: "port", id: portIds[port]! }]));
      continue;
    }
    slotPlug[slot] = conn;
    connSlot[conn] = slot;
    attached[mod]!++;
  }
  model.modules.forEach((m, j) => {
    const t = runType[cableRunCount + j]!;
    if (t < 0) return;
    const rt = runTypes[t]!;
    if (attached[j] === rt.connIds.length) return;
    const base = runBase[cableRunCount + j]!;
    const missing = rt.connIds.filter((_id, k) => connSlot[base + k] === -1);
    problems.push(finding("MODEL_BAD_REFERENCE", `Module ${m.id} (${rt.id}) has no port record for its port${missing.length > 1 ? "s" : ""} ${missing.join(", ")}.`, [{ kind: "module", id: m.id }]));
  });

  // Plugs. Strings and element refs are only built when something is wrong.
  const plugRefs = (pl: (typeof model.plugs)[number], withPort: boolean) => {
    const refs: ElementRef[] = [{ kind: "cable", id: pl.cableId, connector: pl.connector }];
    if (withPort) refs.push({ kind: "port", id: pl.portId, side: pl.side });
    return refs;
  };
  // Consecutive plugs usually belong to one cable: remember the last one.
  let lastCableId: string | undefined;
  let lastCable: number | undefined;
  for (const pl of model.plugs) {
    if (pl.cableId !== lastCableId) {
      lastCableId = pl.cableId;
      lastCable = cableIndex.get(pl.cableId);
    }
    const cable = lastCable;
    const port = portIndex.get(pl.portId);
    if (cable === undefined) {
      problems.push(finding("MODEL_BAD_REFERENCE", `A plug names cable ${pl.cableId}, which does not exist.`, plugRefs(pl, false)));
      continue;
    }
    if (port === undefined) {
      problems.push(finding("MODEL_BAD_REFERENCE", `Cable end ${pl.cableId}/${pl.connector} is plugged into port ${pl.portId}, which does not exist.`, plugRefs(pl, false)));
      continue;
    }
    const t = runType[cable]!;
    if (t < 0) continue;
    const local = runTypes[t]!.connIndex.get(pl.connector);
    if (local === undefined) {
      problems.push(finding("MODEL_BAD_REFERENCE", `Cable ${pl.cableId} has no connector ${pl.connector}.`, plugRefs(pl, false)));
      continue;
    }
    const conn = runBase[cable]! + local;
    const side = pl.side === "rear" ? SIDE_REAR : SIDE_FRONT;
    if (portKind[port] === PORT_TRANSCEIVER && side === SIDE_REAR) {
      problems.push(finding("MODEL_BAD_REFERENCE", `Cable end ${pl.cableId}/${pl.connector} is plugged into the rear of cage ${pl.portId}; a cage has one side.`, plugRefs(pl, true)));
      continue;
    }
    if (connSlot[conn] !== -1) {
      problems.push(finding("MODEL_BAD_REFERENCE", `Cable end ${pl.cableId}/${pl.connector} is recorded in two places.`, plugRefs(pl, false)));
      continue;
    }
    const slot = port * 2 + side;
    const there = slotPlug[slot]!;
    if (there !== -1 && connRun[there]! >= cableRunCount) {
      problems.push(finding("MODEL_INNER_SIDE", `Cable end ${pl.cableId}/${pl.connector} is recorded in the inner side of module port ${pl.portId}, which holds the module's own plug.`, plugRefs(pl, true)));
      continue;
    }
    if (there !== -1) {
      problems.push(finding("MODEL_SLOT_TAKEN", `The ${pl.side} of ${pl.portId} holds two plugs; ${pl.cableId}/${pl.connector} cannot be there too.`, plugRefs(pl, true)));
      continue;
    }
    if (portKind[port] === PORT_TRANSCEIVER && portXcvr[port] === -1)
      problems.push(finding("MODEL_NO_TRANSCEIVER", `Cable end ${pl.cableId}/${pl.connector} is plugged into ${pl.portId}, but no transceiver is recorded there.`, plugRefs(pl, true)));
    slotPlug[slot] = conn;
    connSlot[conn] = slot;
  }

  const deviceName = (port: number) => {
    const d = portDevice[port]!;
    return d >= 0 ? model.devices[d]!.name : "?";
  };
  const scratch: Scratch = {
    stamp: 0,
    chanMating: new Int32Array(portCount),
    matingDone: new Int32Array(portCount),
    matingCache: new Array<readonly Finding[] | undefined>(portCount),
    coverStamp: new Int32Array(portCount),
    coverBits: new Uint32Array(portCount),
    memberStamp: new Int32Array(portCount),
    visitBits: new Uint32Array(portCount * 2),
  };

  return {
    model,
    catalog,
    conventions,
    problems,
    portCount,
    portIds,
    portIndex,
    portKind,
    portFamily,
    portKey,
    portModule,
    portOuter,
    portDevice,
    portXcvr,
    portXcvrRecord,
    xcvrTypes,
    xcvrRole,
    xcvrLane,
    slotPlug,
    connCount,
    connRun,
    connSlot,
    connFamily,
    connGender,
    connPolish,
    connGrade,
    connPairLoss,
    runCount,
    cableRunCount,
    runBase,
    runType,
    runLength,
    runLoss,
    runSplices,
    runTypes,
    adapterTab: ADAPTER_TAB,
    familyUsed: FAMILY_USED,
    familyMate: FAMILY_MATE,
    scratch,
    portLabel: (port) => `${deviceName(port)}:${model.ports[port]!.name}`,
    runLabel: (run) =>
      run < cableRunCount
        ? `cable ${model.cables[run]!.label ?? model.cables[run]!.id}`
        : `module ${model.modules[run - cableRunCount]!.id}`,
    runId: (run) => (run < cableRunCount ? model.cables[run]!.id : model.modules[run - cableRunCount]!.id),
    runIsModule: (run) => run >= cableRunCount,
  };
}
