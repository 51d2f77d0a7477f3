import { asc, eq, sql } from "drizzle-orm";
import { typeWords, type ComponentType } from "../../../domain";
import { requireRole } from "../../auth/actor";
import { cablePlugs, cables, componentTypes, devices, moduleBays, modules, ports, racks, rooms, sites, transceivers } from "../../db/schema";
import { loadTypes } from "../catalog/resolve-type";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { queryRows, uuidArray } from "../inventory/sql";
import { deviceTia, portTia } from "../inventory/tia606";
import { byIdInput } from "./schemas";

type Severity = "error" | "warning" | "info";
const SEVERITY: Severity[] = ["error", "warning", "info"];

/**
 * A device as its page shows it: where it is mounted, its bays and modules, and every port with
 * what is plugged into each side, the transceiver in a cage, and fault markers (the worst finding
 * on the port, the worst verdict of the channels through it).
 */
export async function getDevice(ctx: ServiceContext, input: { id: string }) {
  const { id } = byIdInput.parse(input);
  const [head] = await ctx.db
    .select({ device: devices, rack: racks, roomName: rooms.name, siteCode: sites.code, siteName: sites.name })
    .from(devices)
    .innerJoin(sites, eq(sites.id, devices.siteId))
    .leftJoin(racks, eq(racks.id, devices.rackId))
    .leftJoin(rooms, eq(rooms.id, racks.roomId))
    .where(eq(devices.id, id));
  if (!head) throw notFound("This device");
  const { device, rack } = head;
  requireRole(ctx.actor, "viewer", device.siteId);

  const [bayRows, portRows] = await Promise.all([
    ctx.db
      .select({ bay: moduleBays, module: modules, typeName: componentTypes.name, method: componentTypes.polarity })
      .from(moduleBays)
      .leftJoin(modules, eq(modules.bayId, moduleBays.id))
      .leftJoin(componentTypes, eq(componentTypes.id, modules.typeId))
      .where(eq(moduleBays.deviceId, id))
      .orderBy(asc(moduleBays.position)),
    ctx.db.select().from(ports).where(eq(ports.deviceId, id)).orderBy(asc(ports.ordinal), asc(ports.name)),
  ]);
  const portIds = portRows.map((p) => p.id);
  const arr = uuidArray(portIds);
  const [xcvrs, plugs, faults, verdicts] = portIds.length
    ? await Promise.all([
        ctx.db
          .select({ xcvr: transceivers, typeName: componentTypes.name, application: componentTypes.application, family: componentTypes.families })
          .from(transceivers)
          .innerJoin(componentTypes, eq(componentTypes.id, transceivers.typeId))
          .where(sql`${transceivers.portId} = any(${arr}::uuid[])`),
        ctx.db
          .select({
            portId: cablePlugs.portId,
            side: cablePlugs.side,
            connector: cablePlugs.connector,
            familyMismatchConfirmed: cablePlugs.familyMismatchConfirmed,
            cableId: cables.id,
            label: cables.label,
            typeId: cables.typeId,
            status: cables.status,
            version: cables.version,
          })
          .from(cablePlugs)
          .innerJoin(cables, eq(cables.id, cablePlugs.cableId))
          .where(sql`${cablePlugs.portId} = any(${arr}::uuid[])`),
        // A finding marks the ports it names (not every port of a cassette or cable it mentions).
        queryRows<{ port: string; rank: number }>(
          ctx.db,
          // One index lookup per port (an overlap with a long array defeats the planner's estimate).
          sql`select p.p as port, min(f.severity_rank)::int as rank
                from unnest(${arr}::uuid[]) p(p)
                join findings f on f.port_ids @> array[p.p]
                cross join lateral jsonb_array_elements(f.elements) e
               where e->>'kind' = 'port' and e->>'id' = p.p::text
               group by p.p`,
        ),
        queryRows<{ port: string; worst: number }>(
          ctx.db,
          sql`select p.p as port, max(case c.verdict when 'fail' then 2 when 'warning' then 1 else 0 end)::int as worst
                from unnest(${arr}::uuid[]) p(p)
                join channel_paths cp on cp.ports @> array[p.p]
                join channel_judgements c on c.site_id = cp.site_id and c.key = cp.key
               group by p.p`,
        ),
      ])
    : [[], [], [], []];

  // The far end of every cable plugged here: where each of its other end's connectors is plugged.
  const cableIds = [...new Set(plugs.map((p) => p.cableId))];
  const farPlugs = cableIds.length
    ? await ctx.db
        .select({ cableId: cablePlugs.cableId, connector: cablePlugs.connector, side: cablePlugs.side, portId: ports.id, portName: ports.name, deviceId: devices.id, deviceName: devices.name })
        .from(cablePlugs)
        .innerJoin(ports, eq(ports.id, cablePlugs.portId))
        .innerJoin(devices, eq(devices.id, ports.deviceId))
        .where(sql`${cablePlugs.cableId} = any(${uuidArray(cableIds)}::uuid[])`)
    : [];
  const [moduleTypes, partTypes] = await Promise.all([
    loadTypes(ctx.db, bayRows.map((b) => b.module?.typeId).filter((t): t is string => !!t)),
    loadTypes(ctx.db, [...plugs.map((p) => p.typeId), ...xcvrs.map((x) => x.xcvr.typeId)]),
  ]);
  const wordsOf = (typeId: string) => {
    const t = partTypes.get(typeId) ?? moduleTypes.get(typeId);
    return t ? typeWords(t) : null;
  };
  const roleOf = new Map<string, "front" | "rear">();
  for (const b of bayRows) {
    const t = b.module?.typeId ? moduleTypes.get(b.module.typeId) : undefined;
    if (t?.kind === "module") for (const mp of t.ports) roleOf.set(`${b.module!.id}|${mp.name}`, mp.role);
  }
  const cassetteIds = new Set(bayRows.filter((b) => b.module?.kind === "cassette").map((b) => b.module!.id));
  const xcvrOf = new Map(xcvrs.map((x) => [x.xcvr.portId, x]));
  const faultOf = new Map(faults.map((f) => [f.port, SEVERITY[f.rank] ?? null]));
  const verdictOf = new Map(verdicts.map((v) => [v.port, (["pass", "warning", "fail"] as const)[v.worst] ?? null]));

  return {
    device: {
      ...device,
      rackName: rack?.name ?? null,
      roomName: head.roomName,
      siteCode: head.siteCode,
      siteName: head.siteName,
      tia: deviceTia(head.siteCode, rack, device),
    },
    bays: bayRows.map((b) => ({
      ...b.bay,
      module: b.module ? { ...b.module, typeName: b.typeName, method: b.method, words: b.module.typeId ? wordsOf(b.module.typeId) : null } : null,
    })),
    ports: portRows.map((p) => {
      const role = p.moduleId && p.modulePort && cassetteIds.has(p.moduleId) ? roleOf.get(`${p.moduleId}|${p.modulePort}`) : undefined;
      const x = xcvrOf.get(p.id);
      return {
        ...p,
        tia: portTia(head.siteCode, rack, device, p.name),
        /** The sides a cable plugs into: a cassette port's inner side holds the cassette's own plug. */
        outerSides: p.kind === "transceiver" ? (["front"] as const) : role ? ([role] as const) : (["front", "rear"] as const),
        transceiver: x ? { ...x.xcvr, typeName: x.typeName, application: x.application, family: x.family, words: wordsOf(x.xcvr.typeId) } : null,
        plugs: plugs
          .filter((pl) => pl.portId === p.id)
          .map((pl) => {
            const type = partTypes.get(pl.typeId);
            return {
              ...pl,
              words: wordsOf(pl.typeId),
              cableKind: type?.kind === "cable" ? type.cableKind : null,
              far: farEnds(pl, farPlugs, type),
            };
          }),
        fault: faultOf.get(p.id) ?? null,
        verdict: verdictOf.get(p.id) ?? null,
      };
    }),
  };
}

type FarPlug = { cableId: string; connector: string; side: "front" | "rear"; portId: string; portName: string; deviceId: string; deviceName: string };

/**
 * Where a plugged cable goes: its other end's connectors, by device, each with the port it is in
 * and, for a trunk or harness, the positions of that far connector that carry this connector's
 * fibers ("positions 1–12"). Connectors of the other end not plugged anywhere are counted.
 */
function farEnds(here: { cableId: string; connector: string; side: "front" | "rear" }, all: readonly FarPlug[], type: ComponentType | undefined) {
  const end = here.connector.charAt(0);
  const cable = type?.kind === "cable" ? type : undefined;
  const farConnectors = cable ? cable.connectors.filter((c) => c.end !== end).map((c) => c.id) : [];
  const plugged = all.filter((p) => p.cableId === here.cableId && p.connector.charAt(0) !== end);
  // A trunk's positions: on a cable of the trunk, harness or conversion kind, or any cable in a
  // panel's rear (a trunk by where it runs, whatever its type calls it).
  const positionsOn = (connector: string, farSide: "front" | "rear"): string | null => {
    if (!cable || (cable.cableKind === "patch-cord" && here.side !== "rear" && farSide !== "rear")) return null;
    const near = end === "a" ? "a" : "b";
    const far = near === "a" ? "b" : "a";
    const ps = cable.fibers.filter((f) => f[near].connector === here.connector && f[far].connector === connector).map((f) => f[far].position);
    if (ps.length === 0) return null;
    const lo = Math.min(...ps);
    const hi = Math.max(...ps);
    return lo === hi ? `position ${lo}` : `positions ${lo}–${hi}`;
  };
  const byDevice = new Map<string, { deviceId: string; deviceName: string; ports: { id: string; name: string; side: "front" | "rear"; positions: string | null }[] }>();
  for (const p of plugged.sort((a, b) => a.connector.localeCompare(b.connector, "en", { numeric: true }))) {
    const d = byDevice.get(p.deviceId) ?? { deviceId: p.deviceId, deviceName: p.deviceName, ports: [] };
    d.ports.push({ id: p.portId, name: p.portName, side: p.side, positions: positionsOn(p.connector, p.side) });
    byDevice.set(p.deviceId, d);
  }
  return { devices: [...byDevice.values()], unplugged: Math.max(0, farConnectors.length - plugged.length) };
}
