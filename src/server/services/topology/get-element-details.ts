import { and, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cablePlugs, cables, componentTypes, devices, ports, racks, rooms } from "../../db/schema";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { uuidArray } from "../inventory/sql";
import { planElementDetails } from "../plans/views/topology-reads";
import { channelsCrossing, findingsOn, type PortCount } from "./crossing";
import { cableFacts, type CableDetails, type Fact } from "./element-facts";

export type { CableDetails, Fact } from "./element-facts";
import { elementDetailsInput, type ElementDetailsInput } from "./schemas";

const anyOf = (ids: readonly string[]) => sql`any(${uuidArray(ids)}::uuid[])`;

/**
 * What the side panel shows for a room, a rack, a device, or a set of cables (one cable, or the
 * trunks of a bundle): a few facts, the channels crossing it (worst first) and its findings.
 */
export async function getElementDetails(ctx: ServiceContext, input: ElementDetailsInput) {
  const { siteId, kind, ids, planId } = elementDetailsInput.parse(input);
  requireRole(ctx.actor, "viewer", siteId);
  if (planId) return planElementDetails(ctx, { planId, siteId, kind, ids });
  const db = ctx.db;
  let title = "";
  let facts: Fact[] = [];
  let cableList: CableDetails[] = [];
  let portIds: SQL;

  if (kind === "device") {
    const [d] = await db
      .select({ name: devices.name, role: devices.role, model: devices.model, u: devices.uPosition, h: devices.uHeight, rack: racks.name, room: rooms.name })
      .from(devices)
      .leftJoin(racks, eq(racks.id, devices.rackId))
      .leftJoin(rooms, eq(rooms.id, racks.roomId))
      .where(and(eq(devices.siteId, siteId), eq(devices.id, ids[0]!)));
    if (!d) throw notFound("This device");
    const [n] = await db.select({ n: count() }).from(ports).where(eq(ports.deviceId, ids[0]!));
    title = d.name;
    facts = [
      { label: "Role", value: d.role },
      ...(d.model ? [{ label: "Model", value: d.model }] : []),
      { label: "Rack", value: d.rack ? `${d.room} / ${d.rack}` : "not in a rack" },
      { label: "Units", value: d.u === null ? `${d.h} U, not placed` : d.h > 1 ? `U${d.u}–U${d.u + d.h - 1}` : `U${d.u}` },
      { label: "Ports", value: String(n?.n ?? 0) },
    ];
    portIds = sql`select p.id from ports p where p.site_id = ${siteId} and p.device_id = ${ids[0]!}`;
  } else if (kind === "rack") {
    const [r] = await db
      .select({ name: racks.name, row: racks.row, position: racks.position, uHeight: racks.uHeight, room: rooms.name })
      .from(racks)
      .innerJoin(rooms, eq(rooms.id, racks.roomId))
      .where(and(eq(racks.siteId, siteId), eq(racks.id, ids[0]!)));
    if (!r) throw notFound("This rack");
    const [n] = await db.select({ n: count() }).from(devices).where(eq(devices.rackId, ids[0]!));
    title = r.name;
    facts = [
      { label: "Room", value: r.room },
      { label: "Row", value: r.row || "—" },
      { label: "Position", value: r.position === null ? "—" : String(r.position) },
      { label: "Height", value: `${r.uHeight} U` },
      { label: "Devices", value: String(n?.n ?? 0) },
    ];
    portIds = sql`select p.id from ports p join devices d on d.id = p.device_id where d.site_id = ${siteId} and d.rack_id = ${ids[0]!}`;
  } else if (kind === "room") {
    const [r] = await db.select({ name: rooms.name }).from(rooms).where(and(eq(rooms.siteId, siteId), eq(rooms.id, ids[0]!)));
    if (!r) throw notFound("This room");
    const [n] = await db.select({ racks: sql<number>`count(distinct ${racks.id})::int`, devices: sql<number>`count(${devices.id})::int` })
      .from(racks)
      .leftJoin(devices, eq(devices.rackId, racks.id))
      .where(eq(racks.roomId, ids[0]!));
    title = r.name;
    facts = [
      { label: "Racks", value: String(n?.racks ?? 0) },
      { label: "Devices", value: String(n?.devices ?? 0) },
    ];
    portIds = sql`select p.id from ports p join devices d on d.id = p.device_id join racks k on k.id = d.rack_id where k.site_id = ${siteId} and k.room_id = ${ids[0]!}`;
  } else {
    const rows = await db
      .select({ id: cables.id, label: cables.label, typeId: cables.typeId, type: componentTypes.name, status: cables.status, lengthM: cables.lengthM })
      .from(cables)
      .innerJoin(componentTypes, eq(componentTypes.id, cables.typeId))
      .where(and(eq(cables.siteId, siteId), inArray(cables.id, ids)))
      .orderBy(cables.label, cables.id);
    if (rows.length === 0) throw notFound(ids.length === 1 ? "This cable" : "These cables");
    const ends = await db
      .select({ cableId: cablePlugs.cableId, connector: cablePlugs.connector, side: cablePlugs.side, port: ports.name, device: devices.name })
      .from(cablePlugs)
      .innerJoin(ports, eq(ports.id, cablePlugs.portId))
      .innerJoin(devices, eq(devices.id, ports.deviceId))
      .where(and(eq(cablePlugs.siteId, siteId), sql`${cablePlugs.cableId} = ${anyOf(rows.map((r) => r.id))}`))
      .orderBy(cablePlugs.connector);
    cableList = rows.map((r) => ({
      id: r.id,
      label: r.label,
      type: r.type,
      status: r.status,
      lengthM: r.lengthM,
      ends: ends.filter((e) => e.cableId === r.id).map((e) => ({ connector: e.connector, port: `${e.device}:${e.port}`, side: e.side })),
    }));
    ({ title, facts } = cableFacts(cableList));
    portIds = sql`select cp.port_id from cable_plugs cp where cp.site_id = ${siteId} and cp.cable_id = ${anyOf(rows.map((r) => r.id))}`;
  }

  // A room's ports are tens of thousands at campus size (see PortCount).
  const many: PortCount = kind === "room" ? "many" : "few";
  const [channels, findings] = await Promise.all([channelsCrossing(db, siteId, portIds, undefined, many), findingsOn(db, siteId, portIds, undefined, many)]);
  return { kind, title, facts, cables: cableList, channels: channels.channels, channelTotal: channels.total, findings: findings.findings, findingTotal: findings.total };
}

export type ElementDetails = Awaited<ReturnType<typeof getElementDetails>>;
