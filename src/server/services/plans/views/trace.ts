import { judgeSite } from "../../../../domain";
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
 * labels for ports the plan installs. Null for an applied plan (the live trace is its result).
 */
export async function planTraceSource(ctx: ServiceContext, planId: string, siteId: string, portId: string) {
  const e = await planView(ctx, planId, siteId, { ports: [portId] });
  if (!e) return null;
  const state = e.applied.state;
  if (!state.ports.some((p) => p.id === portId)) throw new ServiceError("NOT_FOUND", "The plan removes this port.", { portId: "The plan removes this port." });
  const built: BuiltModel = buildModel(partRows(state, partPorts(state, [portId])));
  const judged = judgementRows(built, judgeSite(built.model));
  const L = labeller(state);
  return {
    built,
    throughChannels: judged.channels.filter((c) => c.ports.includes(portId)).map((c) => ({ key: c.key, title: c.title, verdict: c.verdict, members: c.members })),
    findings: judged.findings.filter((f) => f.portIds.includes(portId)).map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
    /** A port the plan installs, as the trace labels it. */
    portInfo(id: string) {
      const p = L.port.get(id);
      if (!p) return undefined;
      return { id, deviceId: p.deviceId, label: L.portLabel(id), family: p.family, key: p.keyType, tia: L.portTia(id) ?? L.portLabel(id) };
    },
  };
}
