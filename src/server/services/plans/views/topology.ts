import type { CableStatus, DeviceRole } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { planView } from "./plan-view";

type Severity = "error" | "warning";

/**
 * The site's graph rows as a plan would leave it: devices, cables and plugs after the plan, and
 * the fault markers and verdict counts with the touched part of the plant judged after it. Null for
 * a completed or stopped plan (the live topology is its result).
 */
export async function planTopologyRows(ctx: ServiceContext, planId: string, siteId: string) {
  const e = await planView(ctx, planId, siteId, "site");
  if (!e) return null;
  const s = e.applied.state;
  const portDevice = new Map(s.ports.map((p) => [p.id, p.deviceId]));
  const live = s.cables.filter((c) => c.status !== "decommissioned");
  const faults = new Map<string, Severity>();
  const mark = (portId: string, sev: Severity) => {
    if (faults.get(portId) !== "error") faults.set(portId, sev);
  };
  for (const c of e.after.channels) if (c.verdict !== "pass") for (const p of c.ports) mark(p, c.verdict === "fail" ? "error" : "warning");
  for (const f of e.after.findings) if (f.severity !== "info") for (const p of f.portIds) mark(p, f.severity === "error" ? "error" : "warning");
  const delta = { pass: 0, warning: 0, fail: 0 };
  for (const c of e.before.channels) delta[c.verdict] -= 1;
  for (const c of e.after.channels) delta[c.verdict] += 1;
  return {
    devices: s.devices.map((d) => ({ id: d.id, rackId: d.rackId, name: d.name, role: d.role as DeviceRole, uPosition: d.uPosition, uHeight: d.uHeight })),
    cables: live.map((c) => ({ id: c.id, label: c.label, typeId: c.typeId, status: c.status as CableStatus, lengthM: c.lengthM })),
    plugs: s.plugs.filter((p) => portDevice.has(p.portId)).map((p) => ({ cableId: p.cableId, connector: p.connector, portId: p.portId, deviceId: portDevice.get(p.portId)! })),
    /** Stored markers outside the part, the part's markers after the plan. */
    faults<T extends { portId: string; deviceId: string; severity: Severity }>(stored: T[]) {
      const outside = stored.filter((f) => !e.part.has(f.portId));
      return [...outside, ...[...faults].map(([portId, severity]) => ({ portId, deviceId: portDevice.get(portId) ?? "", severity }))];
    },
    delta,
  };
}
