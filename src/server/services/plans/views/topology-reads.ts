import { and, eq, sql } from "drizzle-orm";
import { racks, rooms } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { notFound, ServiceError } from "../../errors";
import { queryRows, uuidArray } from "../../inventory/sql";
import { cableFacts, type CableDetails, type Fact } from "../../topology/element-facts";
import { channelsCrossing, findingsOn, type ChannelSummary, type FindingSummary } from "../../topology/crossing";
import type { TopologyPath } from "../../topology/get-path";
import type { Evaluated } from "../evaluate";
import { labeller, typeOf } from "../plan-state";
import { planView } from "./plan-view";

/**
 * The topology's side panel and path highlight as a change plan would leave the site. Channels
 * and findings of the part the plan touches come from its judgement after the plan; everything
 * else from the stored judgements (a channel outside the part never reaches into it).
 */

const LIMIT = 50;
const VERDICT_ORDER = { fail: 0, warning: 1, pass: 2 } as const;
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
const gone = (what: string) => new ServiceError("NOT_FOUND", `${what}${what.endsWith(" are") || what.endsWith(" is") ? "" : " is"} not in the site as the plan would leave it.`);

async function evaluated(ctx: ServiceContext, planId: string, siteId: string): Promise<Evaluated> {
  const e = await planView(ctx, planId, siteId, "site");
  if (!e) throw new ServiceError("CONFLICT", "This plan is done on the floor (completed or stopped): the live topology shows the result.", { planId: "Done on the floor already." });
  return e;
}

/** Channels crossing some ports and their findings, worst first, as the plan would leave them. */
async function crossingAfter(ctx: ServiceContext, e: Evaluated, portIds: ReadonlySet<string>) {
  const siteId = e.plan.siteId;
  const outside = [...portIds].filter((p) => !e.part.has(p));
  const inside = (ids: readonly string[]) => ids.some((p) => portIds.has(p) && e.part.has(p));
  const stored = outside.length
    ? await Promise.all([channelsCrossing(ctx.db, siteId, sql`select unnest(${uuidArray(outside)}::uuid[])`), findingsOn(ctx.db, siteId, sql`select unnest(${uuidArray(outside)}::uuid[])`)])
    : [{ total: 0, channels: [] }, { total: 0, findings: [] }] as const;
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
  const e = await evaluated(ctx, planId, siteId);
  const s = e.applied.state;
  const L = labeller(s);
  const portsOfDevices = (deviceIds: ReadonlySet<string>) => new Set(s.ports.filter((p) => deviceIds.has(p.deviceId)).map((p) => p.id));
  const units = (u: number | null, h: number) => (u === null ? `${h} U, not placed` : h > 1 ? `U${u}–U${u + h - 1}` : `U${u}`);
  let title: string;
  let facts: Fact[];
  let cableList: CableDetails[] = [];
  let portIds: Set<string>;

  if (kind === "device") {
    const d = L.device.get(ids[0]!);
    if (!d) throw gone("This device");
    const rack = d.rackId ? L.rack.get(d.rackId) : undefined;
    portIds = portsOfDevices(new Set([d.id]));
    title = d.name;
    facts = [
      { label: "Role", value: d.role },
      { label: "Rack", value: rack ? rack.name : "not in a rack" },
      { label: "Units", value: units(d.uPosition, d.uHeight) },
      { label: "Ports", value: String(portIds.size) },
      ...(d.planned ? [{ label: "Plan", value: "installed by the plan" }] : []),
    ];
  } else if (kind === "rack") {
    const r = L.rack.get(ids[0]!);
    if (!r) throw gone("This rack");
    const held = new Set(s.devices.filter((d) => d.rackId === r.id).map((d) => d.id));
    portIds = portsOfDevices(held);
    title = r.name;
    facts = [
      { label: "Row", value: r.row || "—" },
      { label: "Position", value: r.position === null ? "—" : String(r.position) },
      { label: "Height", value: `${r.uHeight} U` },
      { label: "Devices", value: String(held.size) },
    ];
  } else if (kind === "room") {
    const [room] = await ctx.db.select({ name: rooms.name }).from(rooms).where(and(eq(rooms.siteId, siteId), eq(rooms.id, ids[0]!)));
    if (!room) throw notFound("This room");
    const rackIds = new Set((await ctx.db.select({ id: racks.id }).from(racks).where(eq(racks.roomId, ids[0]!))).map((r) => r.id));
    const held = new Set(s.devices.filter((d) => d.rackId !== null && rackIds.has(d.rackId)).map((d) => d.id));
    portIds = portsOfDevices(held);
    title = room.name;
    facts = [
      { label: "Racks", value: String(rackIds.size) },
      { label: "Devices", value: String(held.size) },
    ];
  } else {
    const rows = ids.map((id) => L.cable.get(id)).filter((c) => c !== undefined).sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
    if (rows.length === 0) throw gone(ids.length === 1 ? "This cable is" : "These cables are");
    const wanted = new Set(rows.map((c) => c.id));
    const plugs = s.plugs.filter((p) => wanted.has(p.cableId)).sort((a, b) => a.connector.localeCompare(b.connector));
    portIds = new Set(plugs.map((p) => p.portId));
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
  return { kind, title, facts, cables: cableList, ...(await crossingAfter(ctx, e, portIds)) };
}

/** Devices holding some ports and the live cables plugged into them, in the planned state. */
function overPortsAfter(e: Evaluated, portIds: ReadonlySet<string>) {
  const s = e.applied.state;
  const devices = new Set(s.ports.filter((p) => portIds.has(p.id)).map((p) => `device:${p.deviceId}`));
  const live = new Set(s.cables.filter((c) => c.status !== "decommissioned").map((c) => c.id));
  const cables = new Set(s.plugs.filter((p) => portIds.has(p.portId) && live.has(p.cableId)).map((p) => p.cableId));
  return { deviceIds: [...devices].sort(), cableIds: [...cables].sort() };
}

/** The ports a channel's fibers cross after the plan: judged again if in the part, else as stored. */
async function channelPortsAfter(ctx: ServiceContext, e: Evaluated, channelKey: string): Promise<Set<string> | null> {
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
  const crossing = await crossingAfter(ctx, e, ports);
  const channel = crossing.channels.find((c) => c.key === input.channelKey);
  if (!channel) throw gone("This channel");
  return { title: channel.title, channels: [channel], channelTotal: 1, ...overPortsAfter(e, ports), note: null };
}

export async function planPortPath(ctx: ServiceContext, input: { planId: string; siteId: string; portId: string }): Promise<TopologyPath> {
  const e = await evaluated(ctx, input.planId, input.siteId);
  const s = e.applied.state;
  const L = labeller(s);
  if (!L.port.has(input.portId)) throw gone("This port");
  const crossing = await crossingAfter(ctx, e, new Set([input.portId]));
  if (crossing.channelTotal > 0) {
    const all = new Set<string>();
    for (const c of crossing.channels) for (const p of (await channelPortsAfter(ctx, e, c.key)) ?? []) all.add(p);
    return { title: L.portLabel(input.portId), channels: crossing.channels, channelTotal: crossing.channelTotal, ...overPortsAfter(e, all), note: null };
  }
  const cables = new Set(s.plugs.filter((p) => p.portId === input.portId).map((p) => p.cableId));
  const reached = new Set([input.portId, ...s.plugs.filter((p) => cables.has(p.cableId)).map((p) => p.portId)]);
  return {
    title: L.portLabel(input.portId),
    channels: [],
    channelTotal: 0,
    ...overPortsAfter(e, reached),
    note: "No channel crosses this port: showing the cables plugged into it.",
  };
}
