import type { CableStatus, DeviceRole } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { putAside, type Aside, type AroundPlan } from "../evaluate";
import type { PlanState } from "../plan-state";
import { planViewAround } from "./plan-view";

type Severity = "error" | "warning";

export interface TopologyDevice {
  id: string;
  rackId: string | null;
  name: string;
  role: DeviceRole;
  uPosition: number | null;
  uHeight: number;
}
export interface TopologyCable {
  id: string;
  label: string;
  typeId: string;
  status: CableStatus;
  lengthM: number;
}
export interface TopologyPlug {
  cableId: string;
  connector: string;
  portId: string;
  deviceId: string;
}
export interface FaultMark {
  portId: string;
  deviceId: string;
  severity: Severity;
}

/** Rows of one table the plan changes: the live rows to take out (by id) and the rows to put in. */
export interface RowPatch<T> {
  out: ReadonlySet<string>;
  put: T[];
}

/**
 * What a change plan does to the topology's rows, to lay over the live ones a view reads (the whole
 * site, one room or row): the devices it installs, moves, renames or removes; the cables it adds,
 * removes, retypes or replugs and every cable plugged into a device it changes, whole (their plugs
 * all taken out and put back as the plan leaves them, so a cable that comes into a room or row is
 * drawn with all its ends); the stored judgement it stands in for (putAside) and the fault markers
 * of its judgement around what it touches (evaluatePlanAround); and the change in the channels'
 * verdicts. Everything the plan changes is in the state its operations are checked on (what they
 * name, with the neighbours of the named ports): the site is not read as a plan state. Null for a
 * completed or stopped plan (the live topology is its result).
 */
export interface PlannedTopology {
  e: AroundPlan;
  /** The stored channels (`c`) and findings (`f`) the plan's judgement stands in for. */
  aside: Aside;
  devices: RowPatch<TopologyDevice> & { before: TopologyDevice[] };
  cables: RowPatch<TopologyCable> & { before: TopologyCable[] };
  /** Plugs by cable: every plug of a cable in `cables.out` is taken out, `put` are the plugs after. */
  plugs: { before: TopologyPlug[]; put: TopologyPlug[] };
  /** Fault markers of the judgement after the plan. */
  faults: FaultMark[];
  /** Channels by verdict after the plan less before it. */
  delta: { pass: number; warning: number; fail: number };
}

const deviceRow = (d: PlanState["devices"][number]): TopologyDevice => ({ id: d.id, rackId: d.rackId, name: d.name, role: d.role as DeviceRole, uPosition: d.uPosition, uHeight: d.uHeight });
const cableRow = (c: PlanState["cables"][number]): TopologyCable => ({ id: c.id, label: c.label, typeId: c.typeId, status: c.status as CableStatus, lengthM: c.lengthM });
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function plannedTopology(ctx: ServiceContext, planId: string, siteId: string): Promise<PlannedTopology | null> {
  const e = await planViewAround(ctx, planId, siteId);
  return e && topologyPatch(e);
}

/** The topology's patch of a plan judged around what it touches (see PlannedTopology). */
export function topologyPatch(e: AroundPlan): PlannedTopology {
  const was = e.state;
  const now = e.applied.state;

  // Devices whose row the plan changes (or that it installs or removes).
  const devicesBefore = new Map(was.devices.map((d) => [d.id, deviceRow(d)]));
  const devicesAfter = new Map(now.devices.map((d) => [d.id, deviceRow(d)]));
  const changedDevices = new Set<string>();
  for (const id of new Set([...devicesBefore.keys(), ...devicesAfter.keys()])) if (!same(devicesBefore.get(id), devicesAfter.get(id))) changedDevices.add(id);

  // Cables whose row or plugs the plan changes, and every cable plugged into a changed device.
  const portDevice = new Map<string, string>();
  for (const p of was.ports) portDevice.set(p.id, p.deviceId);
  for (const p of now.ports) portDevice.set(p.id, p.deviceId);
  const liveCables = (s: PlanState) => new Map(s.cables.filter((c) => c.status !== "decommissioned").map((c) => [c.id, cableRow(c)]));
  const cablesBefore = liveCables(was);
  const cablesAfter = liveCables(now);
  const plugsOf = (s: PlanState) => {
    const out = new Map<string, string[]>();
    for (const p of s.plugs) out.set(p.cableId, [...(out.get(p.cableId) ?? []), `${p.connector}\u0000${p.portId}`]);
    for (const list of out.values()) list.sort();
    return out;
  };
  const plugsBefore = plugsOf(was);
  const plugsAfter = plugsOf(now);
  const changedCables = new Set<string>();
  for (const id of new Set([...cablesBefore.keys(), ...cablesAfter.keys(), ...plugsBefore.keys(), ...plugsAfter.keys()]))
    if (!same(cablesBefore.get(id), cablesAfter.get(id)) || !same(plugsBefore.get(id), plugsAfter.get(id))) changedCables.add(id);
  for (const s of [was, now]) for (const p of s.plugs) if (changedDevices.has(portDevice.get(p.portId) ?? "")) changedCables.add(p.cableId);
  const plugRows = (s: PlanState, live: Map<string, TopologyCable>) =>
    s.plugs
      .filter((p) => changedCables.has(p.cableId) && live.has(p.cableId) && portDevice.has(p.portId))
      .map((p) => ({ cableId: p.cableId, connector: p.connector, portId: p.portId, deviceId: portDevice.get(p.portId)! }));

  // Fault markers after the plan: its judged channels that do not pass, its findings above info.
  const marks = new Map<string, Severity>();
  const mark = (portId: string, sev: Severity) => {
    if (marks.get(portId) !== "error") marks.set(portId, sev);
  };
  for (const c of e.after.channels) if (c.verdict !== "pass") for (const p of c.ports) mark(p, c.verdict === "fail" ? "error" : "warning");
  for (const f of e.after.findings) if (f.severity !== "info") for (const p of f.portIds) mark(p, f.severity === "error" ? "error" : "warning");
  const deviceOfPort = (id: string) => portDevice.get(id) ?? e.after.built.port(id)?.deviceId;
  const faults: FaultMark[] = [];
  for (const [portId, severity] of marks) {
    const deviceId = deviceOfPort(portId);
    if (deviceId) faults.push({ portId, deviceId, severity });
  }

  const delta = { pass: 0, warning: 0, fail: 0 };
  for (const c of e.before.channels) delta[c.verdict] -= 1;
  for (const c of e.after.channels) delta[c.verdict] += 1;
  return {
    e,
    aside: putAside(e),
    devices: { out: changedDevices, put: [...changedDevices].flatMap((id) => devicesAfter.get(id) ?? []), before: [...changedDevices].flatMap((id) => devicesBefore.get(id) ?? []) },
    cables: { out: changedCables, put: [...changedCables].flatMap((id) => cablesAfter.get(id) ?? []), before: [...changedCables].flatMap((id) => cablesBefore.get(id) ?? []) },
    plugs: { before: plugRows(was, cablesBefore), put: plugRows(now, cablesAfter) },
    faults,
    delta,
  };
}

/** Live rows with a plan's patch laid over them. */
export function patched<T extends { id: string }>(live: readonly T[], patch: RowPatch<T>): T[] {
  return [...live.filter((r) => !patch.out.has(r.id)), ...patch.put];
}

/** Live plugs with a plan's laid over them: every plug of a cable it changes as the plan leaves it. */
export function patchedPlugs(live: readonly TopologyPlug[], planned: PlannedTopology): TopologyPlug[] {
  return [...live.filter((p) => !planned.cables.out.has(p.cableId)), ...planned.plugs.put];
}

/** Fault markers, the worst of each port. */
export function worstMarks<T extends FaultMark>(marks: readonly T[]): T[] {
  const out = new Map<string, T>();
  for (const m of marks) {
    const now = out.get(m.portId);
    if (!now || (now.severity === "warning" && m.severity === "error")) out.set(m.portId, m);
  }
  return [...out.values()];
}
