import { FAMILIES, judgeSite, type ConnectorFamily } from "../../../../domain";
import type { ports } from "../../../db/schema";
import { buildModel, type BuiltModel } from "../../connectivity/build-model";
import { judgementRows } from "../../connectivity/judgement-rows";
import type { ServiceContext } from "../../context";
import { ServiceError } from "../../errors";
import { partPorts, partRows } from "../part";
import { labeller } from "../plan-state";
import { planView } from "./plan-view";

/**
 * What the port page's trace needs, as a plan would leave the site: the engine model of the part of
 * the plant joined to the port after the plan, the channels through the port and its findings, and
 * labels for ports the plan installs. Null for a completed or stopped plan (the live trace is its result).
 */
export async function planTraceSource(ctx: ServiceContext, planId: string, siteId: string, portId: string) {
  const e = await planView(ctx, planId, siteId, { ports: [portId] });
  if (!e) return null;
  const state = e.applied.state;
  if (!state.ports.some((p) => p.id === portId)) throw new ServiceError("NOT_FOUND", "The plan removes this port.", { portId: "The plan removes this port." });
  const built: BuiltModel = buildModel(partRows(state, partPorts(state, [portId])));
  const judged = judgementRows(built, judgeSite(built.model, { ports: true }));
  const L = labeller(state);
  return {
    built,
    throughChannels: judged.channels.filter((c) => c.ports.includes(portId)).map((c) => ({ key: c.key, title: c.title, verdict: c.verdict, members: c.members })),
    findings: judged.findings.filter((f) => f.portIds.includes(portId)).map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
    /** A port the plan installs, as the trace labels it. */
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
    portInfo(id: string) {
      const p = L.port.get(id);
      if (!p) return undefined;
      return { id, deviceId: p.deviceId, label: L.portLabel(id), family: p.family, key: p.keyType, tia: L.portTia(id) ?? L.portLabel(id) };
    },
  };
}
