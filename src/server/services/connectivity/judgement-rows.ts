import { trace, type ElementRef, type Finding, type SiteJudgement } from "../../../domain";
import type { BuiltModel } from "./build-model";

export const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

export interface ChannelRow {
  key: string;
  members: string[];
  ports: string[];
  title: string;
  verdict: "pass" | "warning" | "fail";
  fibers: number;
  errors: number;
  warnings: number;
  links: unknown;
}

export interface FindingRow {
  channelKey: string | null;
  code: string;
  severity: "error" | "warning" | "info";
  severityRank: number;
  message: string;
  portIds: string[];
  rackIds: string[];
  elements: ElementRef[];
  figures: Record<string, number | string> | null;
}

/** Element refs with database ids (the engine names cassettes "<device>/<bay>"). */
export function dbElements(built: BuiltModel, elements: readonly ElementRef[]): ElementRef[] {
  return elements.map((e) => (e.kind === "module" ? { ...e, id: built.moduleDbId.get(e.id) ?? e.id } : e));
}

/**
 * Turns the engine's judgement of a model into rows: one per channel (with every port its fibers
 * cross, found by tracing its members) and one per finding, each finding with the ports it concerns
 * and their racks.
 */
export function judgementRows(built: BuiltModel, judgement: SiteJudgement): { channels: ChannelRow[]; findings: FindingRow[] } {
  const { rows } = built;
  const cablePorts = new Map<string, string[]>();
  for (const p of rows.plugs) cablePorts.set(p.cableId, [...(cablePorts.get(p.cableId) ?? []), p.portId]);
  const modulePorts = new Map<string, string[]>();
  for (const p of rows.ports) if (p.moduleId) modulePorts.set(p.moduleId, [...(modulePorts.get(p.moduleId) ?? []), p.id]);
  const xcvrPort = new Map(rows.transceivers.map((x) => [x.id, x.portId]));
  const rackOf = (portId: string) => {
    const p = built.portById.get(portId);
    return p ? (built.deviceById.get(p.deviceId)?.rackId ?? null) : null;
  };
  const members = new Map(judgement.channels.map((c) => [c.key, c.members]));

  const channels: ChannelRow[] = judgement.channels.map((c) => {
    const through = new Set<string>(c.members);
    for (const m of c.members) {
      for (const f of trace(built.model, m).fibers) {
        for (const h of f.hops) if (h.kind === "adapter") through.add(h.portId);
        if ("portId" in f.end && f.end.portId) through.add(f.end.portId);
      }
    }
    return {
      key: c.key,
      members: [...c.members],
      ports: [...through],
      title: c.members
        .map((m) => built.portLabel(m))
        .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
        .join(" ↔ "),
      verdict: c.verdict,
      fibers: c.fibers,
      errors: c.findings.filter((f) => f.severity === "error").length,
      warnings: c.findings.filter((f) => f.severity === "warning").length,
      links: c.links,
    };
  });

  const findings = judgement.findings.map((f: Finding): FindingRow => {
    const portIds = new Set<string>();
    for (const e of f.elements) {
      if (e.kind === "port") portIds.add(e.id);
      else if (e.kind === "cable") for (const p of cablePorts.get(e.id) ?? []) portIds.add(p);
      else if (e.kind === "module") for (const p of modulePorts.get(built.moduleDbId.get(e.id) ?? e.id) ?? []) portIds.add(p);
      else if (e.kind === "transceiver") {
        const p = xcvrPort.get(e.id);
        if (p) portIds.add(p);
      }
    }
    if (f.channel) for (const m of members.get(f.channel) ?? []) portIds.add(m);
    const rackIds = new Set<string>();
    for (const p of portIds) {
      const r = rackOf(p);
      if (r) rackIds.add(r);
    }
    return {
      channelKey: f.channel ?? null,
      code: f.code,
      severity: f.severity,
      severityRank: SEVERITY_RANK[f.severity],
      message: f.message,
      portIds: [...portIds],
      rackIds: [...rackIds],
      elements: dbElements(built, f.elements),
      figures: f.figures ? { ...f.figures } : null,
    };
  });
  return { channels, findings };
}
