import { judgeSite } from "../../../domain";
import { buildModel, type BuiltModel } from "../connectivity/build-model";
import { judgementRows, type ChannelRow, type FindingRow } from "../connectivity/judgement-rows";
import type { ModelRows } from "../connectivity/model-rows";
import { toModelRows, type PlanState } from "./plan-state";

/**
 * The ports physically joined to `seeds` in a plan state: through plugged cables and through
 * cassettes (their internal harness joins all their ports), transitively — componentPortIds in
 * memory. Every fiber leaving one of these ports stays among them, so judging just this part gives
 * the same channels, matings and verdicts as judging the whole site.
 */
export function partPorts(state: PlanState, seeds: Iterable<string>): Set<string> {
  // Lists grown in place: copied on every addition, a meshed part of 60,000 ports took half a second.
  const add = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const plugsByPort = new Map<string, string[]>();
  const portsByCable = new Map<string, string[]>();
  for (const p of state.plugs) {
    add(plugsByPort, p.portId, p.cableId);
    add(portsByCable, p.cableId, p.portId);
  }
  const cassette = new Set(state.modules.filter((m) => m.kind === "cassette").map((m) => m.id));
  const moduleOf = new Map(state.ports.map((p) => [p.id, p.moduleId]));
  const portsByModule = new Map<string, string[]>();
  for (const p of state.ports) if (p.moduleId && cassette.has(p.moduleId)) add(portsByModule, p.moduleId, p.id);
  const known = new Set(state.ports.map((p) => p.id));
  const out = new Set<string>();
  const queue = [...seeds].filter((p) => known.has(p));
  while (queue.length) {
    const p = queue.pop()!;
    if (out.has(p)) continue;
    out.add(p);
    for (const c of plugsByPort.get(p) ?? []) for (const q of portsByCable.get(c) ?? []) if (!out.has(q)) queue.push(q);
    const m = moduleOf.get(p);
    if (m) for (const q of portsByModule.get(m) ?? []) if (!out.has(q)) queue.push(q);
  }
  return out;
}

/** The engine's rows of the given ports of a state, with their devices, cassettes, transceivers and cables (loadModelRows in memory). */
export function partRows(state: PlanState, portIds: ReadonlySet<string>): ModelRows {
  // Cut the state down to the part first: the site may hold hundreds of thousands of ports.
  const ports = state.ports.filter((p) => portIds.has(p.id));
  const deviceIds = new Set(ports.map((p) => p.deviceId));
  const moduleIds = new Set(ports.map((p) => p.moduleId).filter((m): m is string => m !== null));
  const plugs = state.plugs.filter((p) => portIds.has(p.portId));
  const cableIds = new Set(plugs.map((p) => p.cableId));
  return toModelRows({
    ...state,
    devices: state.devices.filter((d) => deviceIds.has(d.id)),
    modules: state.modules.filter((m) => moduleIds.has(m.id)),
    ports,
    transceivers: state.transceivers.filter((x) => portIds.has(x.portId)),
    cables: state.cables.filter((c) => cableIds.has(c.id)),
    plugs,
  });
}

export interface JudgedPart {
  built: BuiltModel;
  channels: ChannelRow[];
  findings: FindingRow[];
}

/** Judges a part of a plan state with the engine, as the inventory stores judgements. */
export function judgePartOf(state: PlanState, portIds: ReadonlySet<string>): JudgedPart {
  const built = buildModel(partRows(state, portIds));
  const rows = judgementRows(built, judgeSite(built.model, { ports: true }));
  return { built, ...rows };
}
