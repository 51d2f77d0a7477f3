import { and, eq, sql, type SQL } from "drizzle-orm";
import { devices, racks, rooms } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { notFound, ServiceError } from "../../errors";
import { queryRows, uuidArray } from "../../inventory/sql";
import { cableFacts, type CableDetails, type Fact } from "../../topology/element-facts";
import { channelsCrossing, findingsOn, overPorts, type ChannelSummary, type FindingSummary, type PortCount, type TopologyPath } from "../../topology/crossing";
import { putAside, type AroundPlan } from "../evaluate";
import type { PlanScope } from "../load-state";
import { installedPorts, labeller, typeOf } from "../plan-state";
import { planViewAround } from "./plan-view";
import { topologyPatch } from "./topology";

/**
 * The topology's side panel and path highlight as a change plan would leave the site, on the plan
 * judged around what it touches (evaluatePlanAround) with what the panel names read into its state
 * (`scope`): the stored channels and findings it stands in for put aside (putAside), its judgement
 * after it in their place; every other stored row is as the plan leaves it (a channel the plan
 * changes crosses a port it touches). The site is not read as a plan state (a campus's million ports
 * had been read, applied and judged for every click: 20 s at 3,000 racks).
 */

const LIMIT = 50;
const VERDICT_ORDER = { fail: 0, warning: 1, pass: 2 } as const;
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
const gone = (what: string) => new ServiceError("NOT_FOUND", `${what}${what.endsWith(" are") || what.endsWith(" is") ? "" : " is"} not in the site as the plan would leave it.`);

async function evaluated(ctx: ServiceContext, planId: string, siteId: string, scope: PlanScope = {}): Promise<AroundPlan> {
  const e = await planViewAround(ctx, planId, siteId, scope);
  if (!e) throw new ServiceError("CONFLICT", "This plan is done on the floor (completed or stopped): the live topology shows the result.", { planId: "Done on the floor already." });
  return e;
}

/**
 * Ports of a panel as the plan leaves them: the live ones as a subquery (for the stored rows), a
 * test of any port (for its judgement's rows), and how many they are (see PortCount).
 */
interface PanelPorts {
  live: SQL | null;
  has: (portId: string) => boolean;
  count: PortCount;
}

/** A few ports named by id, those the plan installs left out of the stored rows' question. */
function namedPorts(e: AroundPlan, portIds: ReadonlySet<string>): PanelPorts {
  const installed = installedPorts(e.applied.state);
  const live = [...portIds].filter((p) => !installed.has(p));
  return { live: live.length ? sql`select unnest(${uuidArray(live)}::uuid[])` : null, has: (p) => portIds.has(p), count: "few" };
}

/** Channels crossing some ports and their findings, worst first, as the plan would leave them. */
async function crossingAfter(ctx: ServiceContext, e: AroundPlan, { live: ids, has, count }: PanelPorts) {
  const siteId = e.plan.siteId;
  const aside = putAside(e);
  const stored = ids
    ? await Promise.all([channelsCrossing(ctx.db, siteId, ids, aside, count), findingsOn(ctx.db, siteId, ids, aside, count)])
    : ([{ total: 0, channels: [] }, { total: 0, findings: [] }] as const);
  const inside = (list: readonly string[]) => list.some(has);
  const partChannels = e.after.channels.filter((c) => inside(c.ports) || inside(c.members));
  const keys = new Set(partChannels.map((c) => c.key));
  const partFindings = e.after.findings.filter((f) => inside(f.portIds) || (f.channelKey !== null && keys.has(f.channelKey)));
  const channels: ChannelSummary[] = [
    ...stored[0].channels,
    ...partChannels.map((c) => ({ key: c.key, title: c.title, verdict: c.verdict, errors: c.errors, warnings: c.warnings })),
  ].sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.title.localeCompare(b.title) || a.key.localeCompare(b.key));
  const findings: FindingSummary[] = [
    ...stored[1].findings,
    ...partFindings.map((f, i) => ({ id: `plan-${i}`, code: f.code, severity: f.severity, message: f.message, channelKey: f.channelKey })),
  ].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
  return {
    channels: channels.slice(0, LIMIT),
    channelTotal: stored[0].total + partChannels.length,
    findings: findings.slice(0, LIMIT),
    findingTotal: stored[1].total + partFindings.length,
  };
}

/** The details of a room, rack, device or cables as the plan would leave them. */
export async function planElementDetails(ctx: ServiceContext, input: { planId: string; siteId: string; kind: "room" | "rack" | "device" | "cables"; ids: string[] }) {
  const { planId, siteId, kind, ids } = input;
  // What the panel names, read into the plan's state: a device, a rack's devices (with their
  // ports), cables. A room's are tens of thousands of ports at campus size: read live, with the
  // plan's devices laid over them (below).
  const scope: PlanScope = kind === "device" ? { devices: ids } : kind === "rack" ? { racks: ids } : kind === "cables" ? { cables: ids } : {};
  const e = await evaluated(ctx, planId, siteId, scope);
  const s = e.applied.state;
  const L = labeller(s);
  const portsOfDevices = (deviceIds: ReadonlySet<string>) => new Set(s.ports.filter((p) => deviceIds.has(p.deviceId)).map((p) => p.id));
  const units = (u: number | null, h: number) => (u === null ? `${h} U, not placed` : h > 1 ? `U${u}–U${u + h - 1}` : `U${u}`);
  let title: string;
  let facts: Fact[];
  let cableList: CableDetails[] = [];
  let panelPorts: PanelPorts;

  // The room of a rack and a device's model, as the live panel shows them.
  const roomOf = async (rackId: string) =>
    (await ctx.db.select({ name: rooms.name }).from(racks).innerJoin(rooms, eq(rooms.id, racks.roomId)).where(eq(racks.id, rackId)))[0]?.name ?? "";

  if (kind === "device") {
    const d = L.device.get(ids[0]!);
    if (!d) throw gone("This device");
    const rack = d.rackId ? L.rack.get(d.rackId) : undefined;
    const model = d.planned
      ? (e.ops.find((op) => op.kind === "device.add" && op.newId === d.id) as { model?: string } | undefined)?.model
      : (await ctx.db.select({ model: devices.model }).from(devices).where(eq(devices.id, d.id)))[0]?.model;
    const own = portsOfDevices(new Set([d.id]));
    panelPorts = namedPorts(e, own);
    title = d.name;
    facts = [
      { label: "Role", value: d.role },
      ...(model ? [{ label: "Model", value: model }] : []),
      { label: "Rack", value: rack ? `${await roomOf(rack.id)} / ${rack.name}` : "not in a rack" },
      { label: "Units", value: units(d.uPosition, d.uHeight) },
      { label: "Ports", value: String(own.size) },
      ...(d.planned ? [{ label: "Plan", value: "installed by the plan" }] : []),
    ];
  } else if (kind === "rack") {
    const r = L.rack.get(ids[0]!);
    if (!r) throw gone("This rack");
    const held = new Set(s.devices.filter((d) => d.rackId === r.id).map((d) => d.id));
    panelPorts = namedPorts(e, portsOfDevices(held));
    title = r.name;
    facts = [
      { label: "Room", value: await roomOf(r.id) },
      { label: "Row", value: r.row || "—" },
      { label: "Position", value: r.position === null ? "—" : String(r.position) },
      { label: "Height", value: `${r.uHeight} U` },
      { label: "Devices", value: String(held.size) },
    ];
  } else if (kind === "room") {
    const [room] = await ctx.db.select({ name: rooms.name }).from(rooms).where(and(eq(rooms.siteId, siteId), eq(rooms.id, ids[0]!)));
    if (!room) throw notFound("This room");
    const rackIds = new Set((await ctx.db.select({ id: racks.id }).from(racks).where(and(eq(racks.siteId, siteId), eq(racks.roomId, ids[0]!)))).map((r) => r.id));
    // The live devices of the room the plan does not change, and those it changes as it leaves them.
    const patch = topologyPatch(e);
    const changed = uuidArray([...patch.devices.out]);
    const inRoom = sql`${uuidArray([...rackIds])}::uuid[]`;
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from devices d where d.rack_id = any(${inRoom}) and d.id <> all(${changed}::uuid[])`);
    const movedIn = patch.devices.put.filter((d) => d.rackId !== null && rackIds.has(d.rackId));
    title = room.name;
    facts = [
      { label: "Racks", value: String(rackIds.size) },
      { label: "Devices", value: String(Number(n) + movedIn.length) },
    ];
    // The stored rows: of the room's ports as they are (a device the plan installs, moves or removes
    // has every port touched, so its stored rows are put aside). The judged ones: a port is in the
    // room after the plan when its device's rack is (the part judged holds the devices of every port
    // its rows name, with the plan's rows laid over them).
    const built = e.after.built;
    panelPorts = {
      live: sql`select p.id from ports p join devices d on d.id = p.device_id where d.rack_id = any(${inRoom})`,
      has: (id) => {
        const p = built.port(id);
        const rackId = p ? built.deviceById.get(p.deviceId)?.rackId : null;
        return !!rackId && rackIds.has(rackId);
      },
      count: "many",
    };
  } else {
    const rows = ids.map((id) => L.cable.get(id)).filter((c) => c !== undefined).sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
    if (rows.length === 0) throw gone(ids.length === 1 ? "This cable is" : "These cables are");
    const wanted = new Set(rows.map((c) => c.id));
    const plugs = s.plugs.filter((p) => wanted.has(p.cableId)).sort((a, b) => a.connector.localeCompare(b.connector));
    panelPorts = namedPorts(e, new Set(plugs.map((p) => p.portId)));
    cableList = rows.map((c) => ({
      id: c.id,
      label: c.label,
      type: typeOf(s, c.typeId)?.name ?? c.typeId,
      status: c.planned ? "planned" : c.status,
      lengthM: c.lengthM,
      ends: plugs.filter((p) => p.cableId === c.id).map((p) => ({ connector: p.connector, port: L.portLabel(p.portId), side: p.side })),
    }));
    ({ title, facts } = cableFacts(cableList));
  }
  return { kind, title, facts, cables: cableList, ...(await crossingAfter(ctx, e, panelPorts)) };
}

/**
 * Devices holding some ports and the live cables plugged into them, as the plan leaves them: read
 * live, every cable the plan changes taken out and put back where the plan leaves it plugged
 * (topologyPatch), the devices of ports it installs from its state.
 */
async function overPortsAfter(ctx: ServiceContext, e: AroundPlan, portIds: ReadonlySet<string>) {
  const installed = installedPorts(e.applied.state);
  const live = [...portIds].filter((p) => !installed.has(p));
  const read = live.length ? await overPorts(ctx.db, e.plan.siteId, sql`select unnest(${uuidArray(live)}::uuid[])`) : { deviceIds: [], cableIds: [] };
  const patch = topologyPatch(e);
  const devices = new Set(read.deviceIds);
  for (const p of e.applied.state.ports) if (installed.has(p.id) && portIds.has(p.id)) devices.add(`device:${p.deviceId}`);
  const cables = new Set(read.cableIds.filter((id) => !patch.cables.out.has(id)));
  for (const p of patch.plugs.put) if (portIds.has(p.portId)) cables.add(p.cableId);
  return { deviceIds: [...devices].sort(), cableIds: [...cables].sort() };
}

/** The ports a channel's fibers cross after the plan: judged again if the plan touches it, else as stored. */
async function channelPortsAfter(ctx: ServiceContext, e: AroundPlan, channelKey: string): Promise<Set<string> | null> {
  const judged = e.after.channels.find((c) => c.key === channelKey);
  if (judged) return new Set([...judged.ports, ...judged.members]);
  if (e.before.channels.some((c) => c.key === channelKey)) return null; // the plan breaks it up
  const [row] = await queryRows<{ ports: string[] }>(
    ctx.db,
    sql`select c.ports || c.members as ports from channel_paths c where c.site_id = ${e.plan.siteId} and c.key = ${channelKey}`,
  );
  return row ? new Set(row.ports) : null;
}

export async function planChannelPath(ctx: ServiceContext, input: { planId: string; siteId: string; channelKey: string }): Promise<TopologyPath> {
  const e = await evaluated(ctx, input.planId, input.siteId);
  const ports = await channelPortsAfter(ctx, e, input.channelKey);
  if (!ports) throw gone("This channel");
  const crossing = await crossingAfter(ctx, e, namedPorts(e, ports));
  const channel = crossing.channels.find((c) => c.key === input.channelKey);
  if (!channel) throw gone("This channel");
  return { title: channel.title, channels: [channel], channelTotal: 1, ...(await overPortsAfter(ctx, e, ports)), note: null };
}

export async function planPortPath(ctx: ServiceContext, input: { planId: string; siteId: string; portId: string }): Promise<TopologyPath> {
  const e = await evaluated(ctx, input.planId, input.siteId, { ports: [input.portId] });
  const s = e.applied.state;
  const L = labeller(s);
  if (!L.port.has(input.portId)) throw gone("This port");
  const crossing = await crossingAfter(ctx, e, namedPorts(e, new Set([input.portId])));
  if (crossing.channelTotal > 0) {
    const all = new Set<string>();
    for (const c of crossing.channels) for (const p of (await channelPortsAfter(ctx, e, c.key)) ?? []) all.add(p);
    return { title: L.portLabel(input.portId), channels: crossing.channels, channelTotal: crossing.channelTotal, ...(await overPortsAfter(ctx, e, all)), note: null };
  }
  // The state holds the port's cables whole (what a plan names is read with its neighbours).
  const cables = new Set(s.plugs.filter((p) => p.portId === input.portId).map((p) => p.cableId));
  const reached = new Set([input.portId, ...s.plugs.filter((p) => cables.has(p.cableId)).map((p) => p.portId)]);
  return {
    title: L.portLabel(input.portId),
    channels: [],
    channelTotal: 0,
    ...(await overPortsAfter(ctx, e, reached)),
    note: "No channel crosses this port: showing the cables plugged into it.",
  };
}
