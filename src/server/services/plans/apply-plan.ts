import { and, eq } from "drizzle-orm";
import type { CableType } from "../../../domain";
import { requireRole } from "../../auth/actor";
import { cablePlugs, cables, devices, modules, planSteps, ports, transceivers } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { createCable } from "../cables/create-cable";
import { plugCable } from "../cables/plug-cable";
import { unplugCable } from "../cables/unplug-cable";
import { updateCable } from "../cables/update-cable";
import { resolveType } from "../catalog/resolve-type";
import type { ServiceContext } from "../context";
import { lockSitePlant } from "../connectivity/site-lock";
import { readTemplate } from "../devices/templates";
import { stableJson } from "../stable-json";
import { createDevice } from "../devices/create-device";
import { deleteDevice } from "../devices/delete-device";
import { installModule } from "../devices/install-module";
import { removeModule } from "../devices/remove-module";
import { updateDevice } from "../devices/update-device";
import { updateModule } from "../devices/update-module";
import { ServiceError, staleVersion } from "../errors";
import { installTransceiver } from "../transceivers/install-transceiver";
import { removeTransceiver } from "../transceivers/remove-transceiver";
import { inTransaction } from "../tx";
import { PHASE, plannedPortId } from "./apply-operations";
import { evaluatePlan, readPlan, staleReads, whatIfReport } from "./evaluate";
import { fieldChangedType } from "./field-change";
import { applyPlanInput, type ApplyPlanInput, type StoredOperation } from "./operations";
import { bumpPlan, planWord, recordPlanEvent } from "./plan-access";

/** The same phases as the in-memory apply, so the plan lands in the order its what-if judged. */
const PHASES: Record<StoredOperation["kind"], readonly number[]> = PHASE;

/**
 * Applies an approved plan to the live inventory, in one transaction: first checks that every live
 * object the plan reads still has the version it had when the plan was drafted (else refuses and
 * names them), then carries out every operation through the inventory services — in the same phases
 * as the in-memory what-if — so each change is checked, judged and audited as if made by hand, with
 * the plan named in the audit trail. New cables are recorded as planned until their work-order step
 * is done. Finally the work order is frozen as the plan's steps.
 */
export async function applyPlan(ctx: ServiceContext, input: ApplyPlanInput) {
  const { id, version } = applyPlanInput.parse(input);
  return inTransaction({ ...ctx, planId: id }, async (tx) => {
    const plan = await readPlan(tx.db, id, true);
    requireRole(tx.actor, "approver", plan.siteId);
    if (plan.status !== "approved") throw new ServiceError("CONFLICT", `${planWord(plan)} is ${plan.status}; only an approved plan can be applied.`);
    if (plan.version !== version) throw staleVersion(planWord(plan));
    await lockSitePlant(tx.db, plan.siteId);
    const e = await evaluatePlan(tx.db, plan);
    const stale = staleReads(e);
    if (stale.length) {
      const list = stale.map((s) => `${s.read.type} ${s.read.label} (operation ${s.seq}: ${s.now === null ? "removed since" : `version ${s.read.version} then, ${s.now} now`})`);
      throw new ServiceError("CONFLICT", `Not applied: the live inventory changed since the plan was drafted — ${list.join("; ")}. Reject the plan, reopen it and check those operations.`, {
        id: `Changed since drafted: ${stale.map((s) => s.read.label).join(", ")}`,
      });
    }
    const problems = e.applied.outcomes.filter((o) => Object.keys(o.problems).length);
    if (problems.length) {
      const first = problems[0]!;
      throw new ServiceError("CONFLICT", `Not applied: operation ${e.rows[first.index]!.seq} no longer applies: ${Object.values(first.problems)[0]}`);
    }
    const report = whatIfReport(e);

    // Planned ids → the rows the services create.
    const real = new Map<string, string>();
    const r = (x: string) => real.get(x) ?? x;
    const cableVersion = async (cableId: string) => (await tx.db.select({ v: cables.version }).from(cables).where(eq(cables.id, cableId)))[0]!.v;
    const mapPorts = async (ownerNewId: string, where: ReturnType<typeof eq>) => {
      for (const p of await tx.db.select({ id: ports.id, name: ports.name }).from(ports).where(where)) real.set(plannedPortId(ownerNewId, p.name), p.id);
    };
    const parts: { phase: number; index: number; part: number }[] = [];
    e.ops.forEach((op, index) => PHASES[op.kind].forEach((phase, part) => parts.push({ phase, index, part })));
    parts.sort((a, b) => a.phase - b.phase || a.index - b.index || a.part - b.part);
    const moved = new Map<number, { typeId: string; serial: string }>();

    for (const { index, part } of parts) {
      const op = e.ops[index]!;
      try {
        switch (op.kind) {
          case "cable.add": {
            const res = await createCable(tx, {
              siteId: plan.siteId,
              typeId: op.typeId,
              label: op.label,
              lengthM: op.lengthM,
              splices: op.splices,
              status: "planned",
              ends: op.ends.map((end) => ({ connector: end.connector, portId: r(end.portId), ...(end.side ? { side: end.side } : {}) })),
            });
            real.set(op.newId!, res.cable.id);
            break;
          }
          case "cable.remove":
            await updateCable(tx, { id: op.cableId, version: await cableVersion(op.cableId), status: "decommissioned" });
            break;
          case "cable.move":
            if (part === 0) {
              const [plugged] = await tx.db.select({ id: cablePlugs.id }).from(cablePlugs).where(and(eq(cablePlugs.cableId, op.cableId), eq(cablePlugs.connector, op.connector)));
              if (plugged) await unplugCable(tx, { id: op.cableId, version: await cableVersion(op.cableId), connector: op.connector });
            } else if (op.portId) {
              await plugCable(tx, { id: op.cableId, version: await cableVersion(op.cableId), connector: op.connector, portId: r(op.portId), ...(op.side ? { side: op.side } : {}) });
            }
            break;
          case "cable.retype":
            await updateCable(tx, { id: op.cableId, version: await cableVersion(op.cableId), typeId: op.typeId });
            break;
          case "cable.field": {
            const [cable] = await tx.db.select().from(cables).where(eq(cables.id, op.cableId));
            const type = await resolveType(tx.db, cable!.typeId, "cable", "cableId");
            const change = fieldChangedType(type as CableType, op.end, op.change);
            if (!change.ok) throw new ServiceError("INVALID", change.reason);
            if (!change.swapEnds) {
              await updateCable(tx, { id: op.cableId, version: cable!.version, typeId: change.typeId });
              break;
            }
            const ends = await tx.db.select().from(cablePlugs).where(eq(cablePlugs.cableId, op.cableId));
            for (const end of ends) await unplugCable(tx, { id: op.cableId, version: await cableVersion(op.cableId), connector: end.connector });
            await updateCable(tx, { id: op.cableId, version: await cableVersion(op.cableId), typeId: change.typeId });
            for (const end of ends) {
              const connector = end.connector.replace(/^[ab]/, (x) => (x === "a" ? "b" : "a"));
              await plugCable(tx, { id: op.cableId, version: await cableVersion(op.cableId), connector, portId: end.portId, side: end.side, confirmFamilyMismatch: end.familyMismatchConfirmed });
            }
            break;
          }
          case "transceiver.add": {
            const res = await installTransceiver(tx, { portId: r(op.portId), typeId: op.typeId, serial: op.serial });
            real.set(op.newId!, res.transceiver.id);
            break;
          }
          case "transceiver.remove":
          case "transceiver.move": {
            if (op.kind === "transceiver.move" && part === 1) {
              const was = moved.get(index)!;
              const res = await installTransceiver(tx, { portId: r(op.portId), typeId: was.typeId, serial: was.serial });
              real.set(op.transceiverId, res.transceiver.id);
              break;
            }
            const [x] = await tx.db.select().from(transceivers).where(eq(transceivers.id, op.transceiverId));
            moved.set(index, { typeId: x!.typeId, serial: x!.serial });
            await removeTransceiver(tx, { id: op.transceiverId, version: x!.version });
            break;
          }
          case "module.add": {
            const m = await installModule(tx, {
              deviceId: r(op.deviceId),
              bay: op.bay,
              kind: op.moduleKind,
              ...(op.typeId ? { typeId: op.typeId } : {}),
              ...(op.family ? { family: op.family } : {}),
              ...(op.keyType ? { keyType: op.keyType } : {}),
              ...(op.count ? { count: op.count } : {}),
              label: op.label,
            });
            real.set(op.newId!, m.id);
            await mapPorts(op.newId!, eq(ports.moduleId, m.id));
            break;
          }
          case "module.remove":
          case "module.move": {
            const [m] = await tx.db.select({ version: modules.version }).from(modules).where(eq(modules.id, op.moduleId));
            if (op.kind === "module.remove") await removeModule(tx, { id: op.moduleId, version: m!.version });
            else await updateModule(tx, { id: op.moduleId, version: m!.version, bay: op.bay });
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
              siteId: plan.siteId,
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
            real.set(op.newId!, d.id);
            await mapPorts(op.newId!, eq(ports.deviceId, d.id));
            break;
          }
          case "device.remove":
          case "device.move": {
            const [d] = await tx.db.select({ version: devices.version }).from(devices).where(eq(devices.id, op.deviceId));
            if (op.kind === "device.remove") await deleteDevice(tx, { id: op.deviceId, version: d!.version });
            else await updateDevice(tx, { id: op.deviceId, version: d!.version, rackId: op.rackId, uPosition: op.uPosition, face: op.face });
            break;
          }
        }
      } catch (err) {
        if (err instanceof ServiceError) {
          throw new ServiceError(err.code === "NOT_FOUND" ? "CONFLICT" : err.code, `Not applied: operation ${e.rows[index]!.seq} (${e.applied.outcomes[index]!.text}) was refused: ${err.message}`);
        }
        throw err;
      }
    }

    if (report.workOrder.steps.length) {
      await tx.db.insert(planSteps).values(
        report.workOrder.steps.map((s) => ({
          planId: id,
          n: s.n,
          operationSeq: e.rows[s.index]!.seq,
          kind: s.kind,
          text: s.text,
          cableId: s.cableId ? r(s.cableId) : null,
          detail: { tia: s.tia, link: s.link, cableKind: s.cableKind, group: s.group, linksDown: report.workOrder.cutOvers.find((c) => c.group === s.group)?.linksDown.map((l) => l.title) ?? [] },
        })),
      );
    }
    const row = await bumpPlan(tx, plan, version, { status: "applied" });
    await recordPlanEvent(tx, id, "apply", "approved", "applied");
    await recordAudit(tx, { action: "plan.apply", objectType: "plan", objectId: id, siteId: plan.siteId, before: { status: "approved" }, after: { status: "applied", operations: e.ops.length, steps: report.workOrder.steps.length } });
    return { plan: row, steps: report.workOrder.steps.length, counts: report.counts };
  });
}
