import { z } from "zod";
import type { ServiceContext } from "../../context";
import { ServiceError } from "../../errors";
import { labeller, typeOf, type PlanState } from "../plan-state";
import { planViewAround } from "./plan-view";
import { planPortMarks } from "./port-marks";

export const planDeviceInput = z.object({ planId: z.uuid("Not a valid id."), deviceId: z.uuid("Not a valid id.") });
export type PlanDeviceInput = z.input<typeof planDeviceInput>;


/** What sits in a port in a state: the transceiver (cages), and the cable in each side. */
function portContent(s: PlanState, portId: string) {
  const L = labeller(s);
  const x = s.transceivers.find((t) => t.portId === portId);
  const side = (sd: "front" | "rear") => {
    const p = s.plugs.find((q) => q.portId === portId && q.side === sd);
    return p ? `${L.cableLabel(p.cableId)} (${p.connector})` : null;
  };
  return { transceiver: x?.typeId ?? null, front: side("front"), rear: side("rear") };
}

/**
 * A device's panel as a change plan would leave it: every port with its transceiver and the cable
 * in each side before and after the plan, the worst finding on it and the worst verdict of the
 * channels through it (the touched part judged after the plan, the rest as stored). Works for a
 * device the plan installs, and says when the plan removes the device.
 */
export async function planDevice(ctx: ServiceContext, input: PlanDeviceInput) {
  const { planId, deviceId } = planDeviceInput.parse(input);
  const e = await planViewAround(ctx, planId, undefined, { devices: [deviceId] });
  if (!e) throw new ServiceError("CONFLICT", "This plan is done on the floor (completed or stopped): the live device page shows the result.", { planId: "Done on the floor already." });
  const after = e.applied.state;
  const before = e.state;
  const device = after.devices.find((d) => d.id === deviceId) ?? before.devices.find((d) => d.id === deviceId);
  if (!device) throw new ServiceError("NOT_FOUND", "This device is not in the site or the plan.", { deviceId: "Not in the site or the plan." });
  const removed = !after.devices.some((d) => d.id === deviceId);
  const rack = device.rackId ? after.racks.find((r) => r.id === device.rackId) : undefined;
  // In the order a panel reads: by name, numbers as numbers (1/2 before 1/10, a cassette's 1/R after its 1/6).
  const ports = [...new Map([...before.ports, ...after.ports].filter((p) => p.deviceId === deviceId).map((p) => [p.id, p])).values()].sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
  /** The side of a cassette's port that holds the cassette's own plug (no cable goes there). */
  const innerSide = (p: PlanState["ports"][number]): "front" | "rear" | null => {
    if (!p.moduleId || !p.modulePort) return null;
    const m = after.modules.find((x) => x.id === p.moduleId) ?? before.modules.find((x) => x.id === p.moduleId);
    const t = m?.typeId ? (typeOf(after, m.typeId) ?? typeOf(before, m.typeId)) : undefined;
    const role = t?.kind === "module" ? t.ports.find((mp) => mp.name === p.modulePort)?.role : undefined;
    return role === "front" ? "rear" : role === "rear" ? "front" : null;
  };
  const { fault, verdict } = await planPortMarks(ctx, e, ports.map((p) => p.id));
  const inAfter = new Set(after.ports.map((p) => p.id));
  const inBefore = new Set(before.ports.map((p) => p.id));
  return {
    plan: { id: e.plan.id, name: e.plan.name, status: e.plan.status, siteId: e.plan.siteId },
    device: { id: device.id, name: device.name, role: device.role, rackName: rack?.name ?? null, uPosition: device.uPosition, planned: !!device.planned, removed },
    ports: ports.map((p) => {
      const was = inBefore.has(p.id) ? portContent(before, p.id) : null;
      const now = inAfter.has(p.id) ? portContent(after, p.id) : null;
      const changed = JSON.stringify(was) !== JSON.stringify(now);
      return {
        id: p.id,
        name: p.name,
        kind: p.kind,
        what: p.kind === "transceiver" ? "cage" : `${p.family ?? "?"} adapter, key ${p.keyType ?? "?"}`,
        before: was,
        after: now,
        changed,
        planned: !!p.planned,
        inner: innerSide(p),
        fault: inAfter.has(p.id) ? (fault.get(p.id) ?? null) : null,
        verdict: inAfter.has(p.id) ? (verdict.get(p.id) ?? null) : null,
      };
    }),
  };
}
