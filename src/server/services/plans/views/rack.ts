import { inArray } from "drizzle-orm";
import { z } from "zod";
import { devices } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { ServiceError } from "../../errors";
import { deviceTia } from "../../inventory/tia606";
import { rackView, readRackHead } from "../../racks/get-rack";
import { planViewAround } from "./plan-view";
import { planPortMarks, worstSeverity } from "./port-marks";

export const planRackInput = z.object({ planId: z.uuid("Not a valid id."), rackId: z.uuid("Not a valid id.") });
export type PlanRackInput = z.input<typeof planRackInput>;

/** What a plan does to a device of a rack: installs it, moves it in, out or within the rack, or removes it. */
export type RackChange = "installed" | "moved in" | "moved" | "moved out" | "removed";

/**
 * A rack's elevation as a change plan would leave it: the devices in it after the plan with the
 * worst finding on each (the part the plan touches judged after it), and the devices the plan
 * takes out of it, each with what the plan does to it.
 */
export async function planRack(ctx: ServiceContext, input: PlanRackInput) {
  const { planId, rackId } = planRackInput.parse(input);
  const e = await planViewAround(ctx, planId, undefined, { racks: [rackId] });
  if (!e) throw new ServiceError("CONFLICT", "This plan is done on the floor (completed or stopped): the live rack page shows the result.", { planId: "Done on the floor already." });
  const head = await readRackHead(ctx.db, rackId);
  if (!head || head.rack.siteId !== e.plan.siteId) throw new ServiceError("NOT_FOUND", "This rack is not in the plan's site.", { rackId: "Not in the plan's site." });

  const after = e.applied.state;
  const before = new Map(e.state.devices.map((d) => [d.id, d]));
  const here = after.devices.filter((d) => d.rackId === rackId);
  const gone = e.state.devices.filter((d) => d.rackId === rackId && !here.some((h) => h.id === d.id));
  const liveIds = [...here, ...gone].filter((d) => !d.planned).map((d) => d.id);
  const live = liveIds.length
    ? await ctx.db.select({ id: devices.id, model: devices.model, label: devices.label, fullDepth: devices.fullDepth }).from(devices).where(inArray(devices.id, liveIds))
    : [];
  const liveOf = new Map(live.map((d) => [d.id, d]));
  const plannedModel = new Map(e.ops.flatMap((op) => (op.kind === "device.add" && op.newId ? [[op.newId, op.model] as const] : [])));

  const portsOf = new Map<string, string[]>();
  for (const p of after.ports) if (here.some((d) => d.id === p.deviceId)) portsOf.set(p.deviceId, [...(portsOf.get(p.deviceId) ?? []), p.id]);
  const { fault } = await planPortMarks(ctx, e, [...portsOf.values()].flat());

  const changeOf = (d: (typeof here)[number]): RackChange | null => {
    if (d.planned) return "installed";
    const was = before.get(d.id);
    if (!was || was.rackId !== rackId) return "moved in";
    return was.uPosition !== d.uPosition || was.face !== d.face ? "moved" : null;
  };
  const row = (d: (typeof here)[number], change: RackChange | null) => ({
    id: d.id,
    name: d.name,
    role: d.role,
    model: liveOf.get(d.id)?.model ?? plannedModel.get(d.id) ?? "",
    label: liveOf.get(d.id)?.label ?? "",
    uPosition: d.uPosition,
    uHeight: d.uHeight,
    face: d.face as "front" | "rear",
    fullDepth: liveOf.get(d.id)?.fullDepth ?? false,
    planned: !!d.planned,
    change,
    tia: deviceTia(head.siteCode, head.rack, d),
    fault: change === "removed" || change === "moved out" ? null : worstSeverity((portsOf.get(d.id) ?? []).map((p) => fault.get(p))),
  });
  const byUnit = (a: { uPosition: number | null; name: string }, b: { uPosition: number | null; name: string }) => (b.uPosition ?? -1) - (a.uPosition ?? -1) || a.name.localeCompare(b.name);
  return {
    plan: { id: e.plan.id, name: e.plan.name, status: e.plan.status },
    rack: rackView(head),
    devices: here.map((d) => row(d, changeOf(d))).sort(byUnit),
    /** Devices the plan takes out of this rack (removed from the site, or moved to another rack). */
    leaving: gone.map((d) => row(d, after.devices.some((a) => a.id === d.id) ? "moved out" : "removed")).sort(byUnit),
  };
}
