import { compileSite, FAMILIES, type ConnectorFamily } from "../../../../domain";
import type { Db } from "../../../db/client";
import type { ports } from "../../../db/schema";
import { judgeAroundPart } from "../../connectivity/around";
import { buildModel } from "../../connectivity/build-model";
import { fibersFrom, loadFiberPart } from "../../connectivity/fiber-part";
import type { ServiceContext } from "../../context";
import { notFound, ServiceError } from "../../errors";
import { portTia } from "../../inventory/tia606";
import { imaginePlan, neighbours, type OperationRow, type PlanRow } from "../evaluate";
import { installedPorts, labeller } from "../plan-state";
import { viewedPlan } from "./plan-view";

/**
 * What the port page's trace needs, as a plan would leave the site: the engine model of the part
 * of the plant the port's fibers cross after the plan, the channels through the port and its
 * findings, and labels for ports the plan installs. Null for a completed or stopped plan (the live
 * trace is its result).
 */
export async function planTraceSource(ctx: ServiceContext, planId: string, siteId: string, portId: string) {
  const plan = await viewedPlan(ctx, planId, siteId);
  return plan && planTrace(ctx.db, plan, undefined, portId);
}

/**
 * A port's trace as a plan leaves the plant, on the part its fibers cross (loaded along them as the
 * live trace's is, fiber-part.ts), the plan carried into the part as its difference of rows (as its
 * what-if is): the operations checked on what they name, the first round closing the port, its
 * neighbours as the plan leaves them (every finding naming the port judged on them whole) and the
 * live ports around what the plan touches; then every port the port's fibers reach on the plant as
 * the plan leaves it, until they stay among closed ports. It had read everything physically joined
 * to the port and the plan's ports: in a meshed plant, tens of thousands of ports for one cord.
 */
export async function planTrace(db: Db, plan: PlanRow, rows: OperationRow[] | undefined, portId: string) {
  const { applied, imagine, touched } = await imaginePlan(db, plan, rows, { ports: [portId] });
  const state = applied.state;
  if (!state.ports.some((p) => p.id === portId)) throw new ServiceError("NOT_FOUND", "The plan removes this port.", { portId: "The plan removes this port." });
  // Ports the plan installs are in the patch whole (their cables' live ports are among `touched`).
  const installed = installedPorts(state);
  const live = (ids: Iterable<string>) => [...ids].filter((id) => !installed.has(id));
  const part = await loadFiberPart(db, plan.siteId, live([portId, ...neighbours(state, [portId]), ...touched]), {
    channelsThrough: live([portId]),
    neighboursOf: live([portId]),
    reached: (_cs, built) => live(fibersFrom(compileSite(buildModel(imagine(built.rows)).model), [portId])),
  });
  if (!part) throw notFound("This plan's site");
  const built = buildModel(imagine(part.built.rows));
  const judged = judgeAroundPart(built, { ports: [portId], channels: new Map() }).rows;
  const L = labeller(state);
  return {
    built,
    throughChannels: judged.channels.filter((c) => c.ports.includes(portId)).map((c) => ({ key: c.key, title: c.title, verdict: c.verdict, members: c.members })),
    findings: judged.findings.filter((f) => f.portIds.includes(portId)).map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
    /** The port row, device, rack and site code of a port as the plan leaves it (for a port it installs). */
    head(id: string) {
      const p = L.port.get(id);
      const d = p ? L.device.get(p.deviceId) : undefined;
      if (!p || !d) return undefined;
      const rack = d.rackId ? (L.rack.get(d.rackId) ?? null) : null;
      const family = p.family as ConnectorFamily | null;
      const port: typeof ports.$inferSelect = {
        id: p.id,
        siteId: state.site.id,
        deviceId: p.deviceId,
        moduleId: p.moduleId,
        name: p.name,
        kind: p.kind,
        family: p.family,
        keyType: p.keyType,
        gender: null,
        polish: null,
        positions: family ? FAMILIES[family].positions : null,
        cage: p.cage,
        modulePort: p.modulePort,
        label: "",
        ordinal: 0,
        createdAt: new Date(0),
        updatedAt: new Date(0),
        version: p.version,
      };
      return { port, device: { id: d.id, name: d.name, uPosition: d.uPosition }, rack, siteCode: state.site.code };
    },
    /** A port's labels: as the plan leaves what it names, else as the part holds it (what the
     *  plan does not name it does not rename or move). */
    portInfo(id: string) {
      const p = L.port.get(id);
      if (p) return { id, deviceId: p.deviceId, label: L.portLabel(id), family: p.family, key: p.keyType, tia: L.portTia(id) ?? L.portLabel(id) };
      const q = built.port(id);
      const d = q ? built.deviceById.get(q.deviceId) : undefined;
      if (!q || !d) return undefined;
      return { id, deviceId: d.id, label: `${d.name}:${q.name}`, family: q.family, key: q.keyType, tia: portTia(state.site.code, part.rackOf.get(d.id) ?? null, { name: d.name, uPosition: d.uPosition }, q.name) };
    },
  };
}
