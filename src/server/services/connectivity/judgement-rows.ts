import { channelPorts, findingKey, MATING_RULES, trace, type ElementRef, type Finding, type SiteJudgement } from "../../../domain";
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

/** Labels in a person's order ("Ethernet1/2" before "Ethernet1/10"): one collator for every title
 *  (`localeCompare` with options builds one per call, a second of a campus's 194,000 titles). */
const byLabel = new Intl.Collator("en", { numeric: true }).compare;

/** Values grouped by a key, in the order they come; items with a null key are left out. */
function groupBy<T>(items: readonly T[], key: (t: T) => string | null, value: (t: T) => string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of items) {
    const k = key(t);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(value(t));
    else out.set(k, [value(t)]);
  }
  return out;
}

/** Element refs with database ids (the engine names cassettes "<device>/<bay>"). */
export function dbElements(built: BuiltModel, elements: readonly ElementRef[]): ElementRef[] {
  return elements.map((e) => (e.kind === "module" ? { ...e, id: built.moduleDbId.get(e.id) ?? e.id } : e));
}

/** Findings of one mating: they depend on the two plugs of one port only, whatever channel crosses it. */
const MATING_CODES: ReadonlySet<string> = new Set(MATING_RULES.map((r) => r.code));

/** What a partial judgement keeps: the channels through a change, and the other findings touching its ports. */
export interface JudgementScope {
  readonly channel: (c: SiteJudgement["channels"][number]) => boolean;
  readonly ports: ReadonlySet<string>;
}

/** Each row as it is made, and whether it is returned too: a whole-site judgement compares each
 *  with the stored rows there and then, and returns only those to write. */
export interface RowOffer {
  channel(row: ChannelRow): boolean;
  finding(row: FindingRow): boolean;
}

/**
 * Turns the engine's judgement of a model into rows: one per channel (with every port its fibers
 * cross, found by tracing its members) and one per finding, each with the ports it concerns and
 * their racks.
 *
 * A channel's own findings (polarity, lanes, loss, reach, application) are stored with the channel
 * and name its members among their ports; they are replaced whenever the channel is judged again.
 * Every other finding is stored once for the plant, with the ports of its elements only: a mating
 * (it depends on one port's two plugs, not on the channels that cross it), a loop (with every port
 * the loop crosses), a model problem. So a change replaces exactly the channels through it and the
 * other findings that touch its ports, and the rows are the same as judging the whole site.
 *
 * With `scope`, only the channels it accepts and the other findings touching its ports are kept
 * (a part of the plant judged after a change); with `offer`, each row is offered as it is made, and only the rows it takes are returned.
 */
export function judgementRows(
  built: BuiltModel,
  judgement: SiteJudgement,
  scope?: JudgementScope,
  onProgress?: (channelsDone: number) => void,
  offer?: RowOffer,
): { channels: ChannelRow[]; findings: FindingRow[] } {
  const { rows } = built;
  // The ports of the cables, cassettes and transceivers the findings name: only those are gathered
  // (grouping every plug and port of a campus was a second of its judgement).
  const named = new Set<string>();
  for (const f of judgement.findings) for (const e of f.elements) if (e.kind !== "port") named.add(e.kind === "module" ? (built.moduleDbId.get(e.id) ?? e.id) : e.id);
  for (const c of judgement.channels) for (const f of c.findings) for (const e of f.elements) if (e.kind !== "port") named.add(e.kind === "module" ? (built.moduleDbId.get(e.id) ?? e.id) : e.id);
  const cablePorts = groupBy(rows.plugs, (p) => (named.has(p.cableId) ? p.cableId : null), (p) => p.portId);
  const modulePorts = groupBy(rows.ports, (p) => (p.moduleId !== null && named.has(p.moduleId) ? p.moduleId : null), (p) => p.id);
  const xcvrPort = new Map<string, string>();
  for (const x of rows.transceivers) if (named.has(x.id)) xcvrPort.set(x.id, x.portId);
  const rackOf = (portId: string) => {
    const p = built.port(portId);
    return p ? (built.deviceById.get(p.deviceId)?.rackId ?? null) : null;
  };
  const kept = scope ? judgement.channels.filter(scope.channel) : judgement.channels;
  const members = new Map(kept.map((c) => [c.key, c.members]));

  const channels: ChannelRow[] = [];
  kept.forEach((c, i) => {
    if (onProgress && i % 5000 === 0) onProgress(i);
    const row: ChannelRow = {
      key: c.key,
      members: [...c.members],
      // From judgeSite's own walk when it was asked for them (a whole site), else walked again.
      ports: c.ports ? [...c.ports] : channelPorts(built.model, c.members),
      title: c.members
        .map((m) => built.portLabel(m))
        .sort(byLabel)
        .join(" ↔ "),
      verdict: c.verdict,
      fibers: c.fibers,
      errors: c.findings.filter((f) => f.severity === "error").length,
      warnings: c.findings.filter((f) => f.severity === "warning").length,
      links: c.links,
    };
    if (!offer || offer.channel(row)) channels.push(row);
  });

  const findings: FindingRow[] = [];
  const seen = new Set<string>();
  const add = (f: Finding, channelKey: string | null) => {
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
    if (f.code === "TRACE_LOOP") for (const p of loopPorts(built, f)) portIds.add(p);
    if (channelKey !== null) for (const m of members.get(channelKey) ?? []) portIds.add(m);
    else if (scope && ![...portIds].some((p) => scope.ports.has(p))) return;
    const rackIds = new Set<string>();
    for (const p of portIds) {
      const r = rackOf(p);
      if (r) rackIds.add(r);
    }
    const row: FindingRow = {
      channelKey,
      code: f.code,
      severity: f.severity,
      severityRank: SEVERITY_RANK[f.severity],
      message: f.message,
      portIds: [...portIds],
      rackIds: [...rackIds],
      elements: dbElements(built, f.elements),
      figures: f.figures ? { ...f.figures } : null,
    };
    if (!offer || offer.finding(row)) findings.push(row);
  };
  for (const c of kept)
    for (const f of c.findings) if (!MATING_CODES.has(f.code)) add(f, c.key);
  for (const f of judgement.findings) {
    if (f.channel !== undefined && !MATING_CODES.has(f.code)) continue; // a channel's own, above
    const k = findingKey(f);
    if (seen.has(k)) continue;
    seen.add(k);
    add(f, null);
  }
  return { channels, findings };
}

/** Every port a loop's fiber crosses, from the port and position it is reported at. */
function loopPorts(built: BuiltModel, f: Finding): string[] {
  const at = f.elements.find((e) => e.kind === "port");
  if (!at) return [];
  const position = at.positions?.[0];
  const fiber = trace(built.model, at.id, { side: at.side === "rear" ? "rear" : "front" }).fibers.find((x) => x.start.position === position);
  return fiber ? fiber.hops.flatMap((h) => (h.kind === "adapter" ? [h.portId] : [])) : [];
}
