import { sql } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../../context";
import { ServiceError } from "../../errors";
import { queryRows, uuidArray } from "../../inventory/sql";
import { labeller, type PlanState } from "../plan-state";
import { planView } from "./plan-view";

export const planDeviceInput = z.object({ planId: z.uuid("Not a valid id."), deviceId: z.uuid("Not a valid id.") });
export type PlanDeviceInput = z.input<typeof planDeviceInput>;

type Verdict = "pass" | "warning" | "fail";
type Severity = "error" | "warning" | "info";
const SEVERITY: Severity[] = ["error", "warning", "info"];

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
  const e = await planView(ctx, planId);
  if (!e) throw new ServiceError("CONFLICT", "This plan is applied: the live device page shows the result.", { planId: "Applied already." });
  const after = e.applied.state;
  const before = e.state;
  const device = after.devices.find((d) => d.id === deviceId) ?? before.devices.find((d) => d.id === deviceId);
  if (!device) throw new ServiceError("NOT_FOUND", "This device is not in the site or the plan.", { deviceId: "Not in the site or the plan." });
  const removed = !after.devices.some((d) => d.id === deviceId);
  const rack = device.rackId ? after.racks.find((r) => r.id === device.rackId) : undefined;
  const ports = [...new Map([...before.ports, ...after.ports].filter((p) => p.deviceId === deviceId).map((p) => [p.id, p])).values()];
  const outside = ports.filter((p) => !e.part.has(p.id) && !p.planned).map((p) => p.id);
  const [storedFaults, storedVerdicts] = outside.length
    ? await Promise.all([
        queryRows<{ port: string; rank: number }>(
          ctx.db,
          sql`select p as port, min(f.severity_rank)::int as rank from findings f, unnest(f.port_ids) p
               where f.site_id = ${e.plan.siteId} and f.port_ids && ${uuidArray(outside)}::uuid[] and p = any(${uuidArray(outside)}::uuid[]) group by p`,
        ),
        queryRows<{ port: string; worst: number }>(
          ctx.db,
          sql`select p as port, max(case verdict when 'fail' then 2 when 'warning' then 1 else 0 end)::int as worst
                from channel_judgements, unnest(ports) p
               where site_id = ${e.plan.siteId} and ports && ${uuidArray(outside)}::uuid[] and p = any(${uuidArray(outside)}::uuid[]) group by p`,
        ),
      ])
    : [[], []];
  const fault = new Map<string, Severity>(storedFaults.map((f) => [f.port, SEVERITY[f.rank] ?? "info"]));
  const verdict = new Map<string, Verdict>(storedVerdicts.map((v) => [v.port, (["pass", "warning", "fail"] as const)[v.worst] ?? "pass"]));
  for (const f of e.after.findings) {
    for (const p of f.portIds) {
      if (!ports.some((q) => q.id === p)) continue;
      const now = fault.get(p);
      if (!now || SEVERITY.indexOf(f.severity) < SEVERITY.indexOf(now)) fault.set(p, f.severity);
    }
  }
  const rank = { pass: 0, warning: 1, fail: 2 } as const;
  for (const c of e.after.channels) {
    for (const p of c.ports) {
      if (!ports.some((q) => q.id === p)) continue;
      const now = verdict.get(p);
      if (!now || rank[c.verdict] > rank[now]) verdict.set(p, c.verdict);
    }
  }
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
        fault: inAfter.has(p.id) ? (fault.get(p.id) ?? null) : null,
        verdict: inAfter.has(p.id) ? (verdict.get(p.id) ?? null) : null,
      };
    }),
  };
}
