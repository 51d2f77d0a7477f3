import { and, eq } from "drizzle-orm";
import type { CableType } from "../../../domain";
import { cablePlugs, cables, devices, moduleBays, modules, ports, transceivers } from "../../db/schema";
import { createCable } from "../cables/create-cable";
import { cableEnds } from "../cables/cable-ends";
import { deleteCable } from "../cables/delete-cable";
import { plugCable } from "../cables/plug-cable";
import { unplugCable } from "../cables/unplug-cable";
import { updateCable } from "../cables/update-cable";
import { resolveType } from "../catalog/resolve-type";
import type { ServiceContext } from "../context";
import { createDevice } from "../devices/create-device";
import { deleteDevice } from "../devices/delete-device";
import { installModule } from "../devices/install-module";
import { removeModule } from "../devices/remove-module";
import { readTemplate } from "../devices/templates";
import { updateDevice } from "../devices/update-device";
import { updateModule } from "../devices/update-module";
import { ServiceError } from "../errors";
import { stableJson } from "../stable-json";
import { installTransceiver } from "../transceivers/install-transceiver";
import { removeTransceiver } from "../transceivers/remove-transceiver";
import { plannedPortId } from "./apply-operations";
import { fieldChangedType } from "./field-change";
import type { StoredOperation } from "./operations";

/** A plug as it was, to put it back. */
interface Plug {
  connector: string;
  portId: string;
  side: "front" | "rear";
  familyMismatchConfirmed: boolean;
}

/**
 * What doing a step changed: the rows it created for the plan's planned ids, the ids of rows put
 * back under another id (a transceiver or cassette taken out and reinstalled), and what was there
 * before, so that undoing the step puts it back.
 */
export interface StepResult {
  created: Record<string, string>;
  aliases: Record<string, string>;
  before: Record<string, unknown> | null;
}

export const emptyResult = (): StepResult => ({ created: {}, aliases: {}, before: null });

const gone = (what: string) => new ServiceError("CONFLICT", `${what} is no longer in the live inventory.`);

async function cableRow(tx: ServiceContext, id: string) {
  const [c] = await tx.db.select().from(cables).where(eq(cables.id, id));
  if (!c || c.status === "decommissioned") throw gone("The cable");
  return c;
}
const cableVersion = async (tx: ServiceContext, id: string) => (await tx.db.select({ v: cables.version }).from(cables).where(eq(cables.id, id)))[0]?.v ?? 0;

/** Maps the ports of a module or device the step created to the plan's planned port ids. */
async function portMap(tx: ServiceContext, plannedOwner: string, where: ReturnType<typeof eq>) {
  const out: Record<string, string> = {};
  for (const p of await tx.db.select({ id: ports.id, name: ports.name }).from(ports).where(where)) out[plannedPortId(plannedOwner, p.name)] = p.id;
  return out;
}

async function plugBack(tx: ServiceContext, cableId: string, plugs: readonly Plug[]) {
  for (const p of plugs) {
    await plugCable(tx, { id: cableId, version: await cableVersion(tx, cableId), connector: p.connector, portId: p.portId, side: p.side, confirmFamilyMismatch: p.familyMismatchConfirmed });
  }
}

async function unplugAll(tx: ServiceContext, cableId: string) {
  for (const end of await cableEnds(tx.db, cableId)) await unplugCable(tx, { id: cableId, version: await cableVersion(tx, cableId), connector: end.connector });
}

/**
 * Carries out one operation of a released plan on the live plant, through the inventory services
 * (each checks, judges the part of the plant it touches again and writes the audit trail), with
 * planned ids resolved by `real`. Returns what it created and what was there before.
 */
export async function doOperation(tx: ServiceContext, siteId: string, op: StoredOperation, real: (id: string) => string): Promise<StepResult> {
  const res = emptyResult();
  switch (op.kind) {
    case "cable.add": {
      const made = await createCable(tx, {
        siteId,
        typeId: op.typeId,
        label: op.label,
        lengthM: op.lengthM,
        splices: op.splices,
        status: "installed",
        ends: op.ends.map((end) => ({ connector: end.connector, portId: real(end.portId), ...(end.side ? { side: end.side } : {}) })),
      });
      res.created[op.newId!] = made.cable.id;
      break;
    }
    case "cable.remove": {
      const c = await cableRow(tx, real(op.cableId));
      const plugs = await cableEnds(tx.db, c.id);
      res.before = { status: c.status, plugs: plugs.map(({ connector, portId, side, familyMismatchConfirmed }) => ({ connector, portId, side, familyMismatchConfirmed })) };
      await updateCable(tx, { id: c.id, version: c.version, status: "decommissioned" });
      break;
    }
    case "cable.move": {
      const c = await cableRow(tx, real(op.cableId));
      const [was] = await tx.db.select().from(cablePlugs).where(and(eq(cablePlugs.cableId, c.id), eq(cablePlugs.connector, op.connector)));
      res.before = { plug: was ? { connector: was.connector, portId: was.portId, side: was.side, familyMismatchConfirmed: was.familyMismatchConfirmed } : null };
      if (was) await unplugCable(tx, { id: c.id, version: c.version, connector: op.connector });
      if (op.portId) await plugCable(tx, { id: c.id, version: await cableVersion(tx, c.id), connector: op.connector, portId: real(op.portId), ...(op.side ? { side: op.side } : {}) });
      break;
    }
    case "cable.retype": {
      const c = await cableRow(tx, real(op.cableId));
      res.before = { typeId: c.typeId };
      await updateCable(tx, { id: c.id, version: c.version, typeId: op.typeId });
      break;
    }
    case "cable.field": {
      const c = await cableRow(tx, real(op.cableId));
      const type = await resolveType(tx.db, c.typeId, "cable", "cableId");
      const change = fieldChangedType(type as CableType, op.end, op.change);
      if (!change.ok) throw new ServiceError("INVALID", change.reason);
      const ends = await cableEnds(tx.db, c.id);
      const plugs: Plug[] = ends.map(({ connector, portId, side, familyMismatchConfirmed }) => ({ connector, portId, side, familyMismatchConfirmed }));
      res.before = { typeId: c.typeId, swapped: change.swapEnds, plugs };
      if (!change.swapEnds) {
        await updateCable(tx, { id: c.id, version: c.version, typeId: change.typeId });
        break;
      }
      // The A end unpinned: the cable becomes its catalog variant turned end for end.
      await unplugAll(tx, c.id);
      await updateCable(tx, { id: c.id, version: await cableVersion(tx, c.id), typeId: change.typeId });
      await plugBack(
        tx,
        c.id,
        plugs.map((p) => ({ ...p, connector: p.connector.replace(/^[ab]/, (x) => (x === "a" ? "b" : "a")) })),
      );
      break;
    }
    case "transceiver.add": {
      const made = await installTransceiver(tx, { portId: real(op.portId), typeId: op.typeId, serial: op.serial });
      res.created[op.newId!] = made.transceiver.id;
      break;
    }
    case "transceiver.remove":
    case "transceiver.move": {
      const [x] = await tx.db.select().from(transceivers).where(eq(transceivers.id, real(op.transceiverId)));
      if (!x) throw gone("The transceiver");
      res.before = { portId: x.portId, typeId: x.typeId, serial: x.serial };
      await removeTransceiver(tx, { id: x.id, version: x.version });
      if (op.kind === "transceiver.move") {
        const made = await installTransceiver(tx, { portId: real(op.portId), typeId: x.typeId, serial: x.serial });
        res.aliases[op.transceiverId] = made.transceiver.id;
      }
      break;
    }
    case "module.add": {
      const m = await installModule(tx, {
        deviceId: real(op.deviceId),
        bay: op.bay,
        kind: op.moduleKind,
        ...(op.typeId ? { typeId: op.typeId } : {}),
        ...(op.family ? { family: op.family } : {}),
        ...(op.keyType ? { keyType: op.keyType } : {}),
        ...(op.count ? { count: op.count } : {}),
        label: op.label,
      });
      res.created[op.newId!] = m.id;
      Object.assign(res.created, await portMap(tx, op.newId!, eq(ports.moduleId, m.id)));
      break;
    }
    case "module.remove":
    case "module.move": {
      const [m] = await tx.db.select({ id: modules.id, version: modules.version, deviceId: modules.deviceId, kind: modules.kind, typeId: modules.typeId, label: modules.label, bay: moduleBays.name }).from(modules).innerJoin(moduleBays, eq(moduleBays.id, modules.bayId)).where(eq(modules.id, real(op.moduleId)));
      if (!m) throw gone("The module");
      const mports = await tx.db.select({ id: ports.id, name: ports.name, family: ports.family, keyType: ports.keyType }).from(ports).where(eq(ports.moduleId, m.id));
      res.before = { deviceId: m.deviceId, bay: m.bay, kind: m.kind, typeId: m.typeId, label: m.label, ports: mports };
      if (op.kind === "module.remove") await removeModule(tx, { id: m.id, version: m.version });
      else await updateModule(tx, { id: m.id, version: m.version, bay: op.bay });
      break;
    }
    case "device.add": {
      if (op.templateId) {
        // The device type must still give what the plan was judged with.
        const now = await readTemplate(tx.db, op.templateId);
        if (stableJson({ bays: now.bays, ports: now.ports }) !== stableJson({ bays: op.template?.bays, ports: op.template?.ports }))
          throw new ServiceError("CONFLICT", `the device type "${op.templateId}" changed since the operation was written; write the operation again`);
      }
      const d = await createDevice(tx, {
        templateId: op.templateId,
        siteId,
        rackId: op.rackId,
        name: op.name,
        role: op.role,
        model: op.model,
        uPosition: op.uPosition,
        uHeight: op.uHeight,
        face: op.face,
        bays: op.bays,
        ports: op.ports,
      });
      res.created[op.newId!] = d.id;
      Object.assign(res.created, await portMap(tx, op.newId!, eq(ports.deviceId, d.id)));
      break;
    }
    case "device.remove":
    case "device.move": {
      const [d] = await tx.db.select().from(devices).where(eq(devices.id, real(op.deviceId)));
      if (!d) throw gone(`Device ${(op as { deviceId: string }).deviceId.slice(0, 8)}`);
      res.before = { rackId: d.rackId, uPosition: d.uPosition, face: d.face };
      if (op.kind === "device.remove") await deleteDevice(tx, { id: d.id, version: d.version });
      else await updateDevice(tx, { id: d.id, version: d.version, rackId: op.rackId, uPosition: op.uPosition, face: op.face });
      break;
    }
  }
  return res;
}

/** Why a step cannot be undone by the software, or null. */
export function undoRefusal(op: StoredOperation): string | null {
  if (op.kind === "device.remove") return "a removed device is not put back by undoing the step (its ports, modules and transceivers went with it): install it again with a new plan";
  return null;
}

/**
 * Reverses a done step on the live plant: deletes what it installed, puts back what it removed,
 * moved or changed, through the same inventory services. Returns the ids of rows put back under
 * another id (a transceiver or cassette reinstalled).
 */
export async function undoOperation(tx: ServiceContext, op: StoredOperation, done: StepResult, real: (id: string) => string): Promise<Record<string, string>> {
  const refusal = undoRefusal(op);
  if (refusal) throw new ServiceError("CONFLICT", refusal);
  const before = (done.before ?? {}) as Record<string, unknown>;
  const aliases: Record<string, string> = {};
  switch (op.kind) {
    case "cable.add": {
      const id = done.created[op.newId!]!;
      await deleteCable(tx, { id, version: await cableVersion(tx, id) });
      break;
    }
    case "cable.remove": {
      const id = real(op.cableId);
      const [c] = await tx.db.select().from(cables).where(eq(cables.id, id));
      if (!c) throw gone("The cable");
      await updateCable(tx, { id, version: c.version, status: before.status as "installed" | "planned" });
      await plugBack(tx, id, before.plugs as Plug[]);
      break;
    }
    case "cable.move": {
      const id = real(op.cableId);
      const [now] = await tx.db.select().from(cablePlugs).where(and(eq(cablePlugs.cableId, id), eq(cablePlugs.connector, op.connector)));
      if (now) await unplugCable(tx, { id, version: await cableVersion(tx, id), connector: op.connector });
      if (before.plug) await plugBack(tx, id, [before.plug as Plug]);
      break;
    }
    case "cable.retype": {
      const c = await cableRow(tx, real(op.cableId));
      await updateCable(tx, { id: c.id, version: c.version, typeId: before.typeId as string });
      break;
    }
    case "cable.field": {
      const c = await cableRow(tx, real(op.cableId));
      if (!before.swapped) {
        await updateCable(tx, { id: c.id, version: c.version, typeId: before.typeId as string });
        break;
      }
      await unplugAll(tx, c.id);
      await updateCable(tx, { id: c.id, version: await cableVersion(tx, c.id), typeId: before.typeId as string });
      await plugBack(tx, c.id, before.plugs as Plug[]);
      break;
    }
    case "transceiver.add": {
      const id = done.created[op.newId!]!;
      const [x] = await tx.db.select().from(transceivers).where(eq(transceivers.id, id));
      if (!x) throw gone("The transceiver");
      await removeTransceiver(tx, { id, version: x.version });
      break;
    }
    case "transceiver.remove":
    case "transceiver.move": {
      if (op.kind === "transceiver.move") {
        const id = done.aliases[op.transceiverId]!;
        const [x] = await tx.db.select().from(transceivers).where(eq(transceivers.id, id));
        if (!x) throw gone("The transceiver");
        await removeTransceiver(tx, { id, version: x.version });
      }
      const made = await installTransceiver(tx, { portId: before.portId as string, typeId: before.typeId as string, serial: before.serial as string });
      aliases[op.transceiverId] = made.transceiver.id;
      break;
    }
    case "module.add": {
      const id = done.created[op.newId!]!;
      const [m] = await tx.db.select({ version: modules.version }).from(modules).where(eq(modules.id, id));
      if (!m) throw gone("The module");
      await removeModule(tx, { id, version: m.version });
      break;
    }
    case "module.remove": {
      const was = before as { deviceId: string; bay: string; kind: "cassette" | "plate"; typeId: string | null; label: string; ports: { id: string; name: string; family: string | null; keyType: "A" | "B" | null }[] };
      const first = was.ports[0];
      const m = await installModule(tx, {
        deviceId: was.deviceId,
        bay: was.bay,
        kind: was.kind,
        ...(was.typeId ? { typeId: was.typeId } : {}),
        ...(was.kind === "plate" && first ? { family: first.family as never, keyType: first.keyType ?? "A", count: was.ports.length } : {}),
        label: was.label,
      });
      aliases[op.moduleId] = m.id;
      const names = new Map((await tx.db.select({ id: ports.id, name: ports.name }).from(ports).where(eq(ports.moduleId, m.id))).map((p) => [p.name, p.id]));
      for (const p of was.ports) if (names.has(p.name)) aliases[p.id] = names.get(p.name)!;
      break;
    }
    case "module.move": {
      const id = real(op.moduleId);
      const [m] = await tx.db.select({ version: modules.version }).from(modules).where(eq(modules.id, id));
      if (!m) throw gone("The module");
      await updateModule(tx, { id, version: m.version, bay: before.bay as string });
      break;
    }
    case "device.add": {
      const id = done.created[op.newId!]!;
      const [d] = await tx.db.select({ version: devices.version }).from(devices).where(eq(devices.id, id));
      if (!d) throw gone("The device");
      await deleteDevice(tx, { id, version: d.version });
      break;
    }
    case "device.move": {
      const id = real(op.deviceId);
      const [d] = await tx.db.select({ version: devices.version }).from(devices).where(eq(devices.id, id));
      if (!d) throw gone("The device");
      await updateDevice(tx, { id, version: d.version, rackId: before.rackId as string | null, uPosition: before.uPosition as number | null, face: before.face as "front" | "rear" });
      break;
    }
    case "device.remove":
      break;
  }
  return aliases;
}
