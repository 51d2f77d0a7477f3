import { eq, sql } from "drizzle-orm";
import { familiesMate, type CableType, type ConnectorFamily } from "../../../domain";
import type { Db } from "../../db/client";
import { cablePlugs, cables, devices, modules, ports, transceivers } from "../../db/schema";
import { loadTypes } from "../catalog/resolve-type";
import { ServiceError } from "../errors";
import { uuidArray } from "../inventory/sql";
import type { CableEndInput } from "./schemas";

export interface ResolvedEnd {
  connector: string;
  portId: string;
  side: "front" | "rear";
  familyMismatch: boolean;
  /** "leaf1:Ethernet1/1". */
  portLabel: string;
}

/** Collects field messages, then throws them together. */
class Problems {
  readonly fields: Record<string, string> = {};
  code: ServiceError["code"] = "INVALID";
  add(field: string, message: string, code?: ServiceError["code"]) {
    this.fields[field] ??= message;
    if (code === "CONFLICT" && this.code === "INVALID") this.code = code;
    if (code === "NOT_FOUND") this.code = code;
  }
  throwIfAny() {
    const first = Object.values(this.fields)[0];
    if (first) throw new ServiceError(this.code, first, this.fields);
  }
}

/**
 * Checks where a cable's connectors go and settles each side: every connector exists in the type
 * and is used once; every port is in the site and its side free (a side of a port holds one
 * connector); a cassette port takes cables on its outer side only; a cage has a transceiver; and a
 * connector of another family than the port needs `confirmFamilyMismatch` (it is then recorded and
 * flagged). Field messages are named `ends.<i>.<field>` (or `prefix`).
 */
export async function resolveEnds(
  db: Db,
  siteId: string,
  type: CableType,
  ends: readonly CableEndInput[],
  opts: {
    confirmFamilyMismatch: boolean;
    cableId?: string;
    /** Where a message about end `i` goes; default `ends.<i>.<name>`. */
    field?: (i: number, name: "connector" | "portId" | "side") => string;
    collectMismatch?: string[];
  },
): Promise<ResolvedEnd[]> {
  const field = opts.field ?? ((i: number, name: string) => `ends.${i}.${name}`);
  const problems = new Problems();
  const portIds = [...new Set(ends.map((e) => e.portId))];
  const portRows = portIds.length
    ? await db
        .select({
          id: ports.id,
          siteId: ports.siteId,
          name: ports.name,
          kind: ports.kind,
          family: ports.family,
          moduleId: ports.moduleId,
          modulePort: ports.modulePort,
          device: devices.name,
          moduleKind: modules.kind,
          moduleType: modules.typeId,
        })
        .from(ports)
        .innerJoin(devices, eq(devices.id, ports.deviceId))
        .leftJoin(modules, eq(modules.id, ports.moduleId))
        .where(sql`${ports.id} = any(${uuidArray(portIds)}::uuid[])`)
    : [];
  const portOf = new Map(portRows.map((p) => [p.id, p]));
  const [xcvrRows, plugRows] = portIds.length
    ? await Promise.all([
        db
          .select({ portId: transceivers.portId, typeId: transceivers.typeId })
          .from(transceivers)
          .where(sql`${transceivers.portId} = any(${uuidArray(portIds)}::uuid[])`),
        db
          .select({ portId: cablePlugs.portId, side: cablePlugs.side, cableId: cablePlugs.cableId, connector: cablePlugs.connector, label: cables.label })
          .from(cablePlugs)
          .innerJoin(cables, eq(cables.id, cablePlugs.cableId))
          .where(sql`${cablePlugs.portId} = any(${uuidArray(portIds)}::uuid[])`),
      ])
    : [[], []];
  const types = await loadTypes(db, [
    ...xcvrRows.map((x) => x.typeId),
    ...portRows.map((p) => (p.moduleKind === "cassette" ? p.moduleType : null)).filter((t): t is string => !!t),
  ]);
  const xcvrOf = new Map(xcvrRows.map((x) => [x.portId, x.typeId]));

  const out: ResolvedEnd[] = [];
  const usedConnector = new Map<string, number>();
  const usedSlot = new Map<string, number>();
  ends.forEach((end, i) => {
    const connector = type.connectors.find((c) => c.id === end.connector);
    if (!connector) {
      problems.add(field(i, "connector"), `Cable type ${type.id} has no connector "${end.connector}" (it has ${type.connectors.map((c) => c.id).join(", ")}).`);
      return;
    }
    const twice = usedConnector.get(end.connector);
    if (twice !== undefined) {
      problems.add(field(i, "connector"), `Connector ${end.connector} is already placed by end ${twice + 1}.`);
      return;
    }
    usedConnector.set(end.connector, i);
    const port = portOf.get(end.portId);
    if (!port || port.siteId !== siteId) {
      problems.add(field(i, "portId"), "This port does not exist in this site (it may have been deleted).", "NOT_FOUND");
      return;
    }
    const label = `${port.device}:${port.name}`;
    let outer: "front" | "rear" | null = null;
    if (port.moduleKind === "cassette" && port.moduleType && port.modulePort) {
      const mt = types.get(port.moduleType);
      const role = mt?.kind === "module" ? mt.ports.find((p) => p.name === port.modulePort)?.role : undefined;
      if (role) outer = role;
    }
    const side = end.side ?? outer ?? "front";
    if (port.kind === "transceiver" && side === "rear") {
      problems.add(field(i, "side"), `${label} is a cage: a cord plugs into its front only.`);
      return;
    }
    if (outer && side !== outer) {
      problems.add(field(i, "side"), `The ${side} of ${label} holds the cassette's own internal plug; plug into its ${outer}.`);
      return;
    }
    const slot = `${port.id}@${side}`;
    const clash = usedSlot.get(slot);
    if (clash !== undefined) {
      problems.add(field(i, "portId"), `End ${clash + 1} already goes into the ${side} of ${label}.`);
      return;
    }
    usedSlot.set(slot, i);
    const held = plugRows.find((p) => p.portId === port.id && p.side === side);
    if (held && !(held.cableId === opts.cableId && held.connector === end.connector)) {
      const what = held.cableId === opts.cableId ? `this cable's connector ${held.connector}` : `cable ${held.label || `#${held.cableId.slice(0, 8)}`} (${held.connector})`;
      problems.add(field(i, "portId"), `The ${side} of ${label} already holds ${what}.`, "CONFLICT");
      return;
    }
    let portFamily: string | null = port.family;
    if (port.kind === "transceiver") {
      const x = xcvrOf.get(port.id);
      if (!x) {
        problems.add(field(i, "portId"), `${label} has no transceiver: install one before plugging a cord into it.`);
        return;
      }
      const xt = types.get(x);
      portFamily = xt?.kind === "transceiver" ? xt.receptacle.family : null;
    }
    const mismatch = portFamily !== null && !familiesMate(portFamily as ConnectorFamily, connector.family);
    if (mismatch) {
      const msg = `Connector ${connector.id} is ${connector.family} and ${label} takes ${portFamily}: they do not mate.`;
      opts.collectMismatch?.push(msg);
      if (!opts.confirmFamilyMismatch) {
        problems.add(field(i, "portId"), `${msg} Confirm to record it anyway; it will be flagged.`);
        return;
      }
    }
    out.push({ connector: connector.id, portId: port.id, side, familyMismatch: mismatch, portLabel: label });
  });
  problems.throwIfAny();
  return out;
}
