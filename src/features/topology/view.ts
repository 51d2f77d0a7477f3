import type { ElementDefinition } from "cytoscape";
import type { BundleEdge, CableEdge, FaultSeverity, FiberModeKey, TopologyEdge, TopologyElements, TopologyNode } from "@/server/services/topology/types";
import { CLASS } from "./styles";

/** What the user chose to see: filters, which bundles are opened into their trunks, patch cords. */
export interface ViewState {
  status: "installed" | "planned" | "both";
  mode: "any" | FiberModeKey;
  /** A room node id, or null for every room. */
  room: string | null;
  /** Show everything, or only what is at least this bad. */
  severity: "any" | FaultSeverity;
  showCords: boolean;
  /** Bundles shown as their single trunks. */
  expanded: ReadonlySet<string>;
  expandAll: boolean;
  /** Cables shown whatever the filters say (the cables of a chosen path). */
  pinned: ReadonlySet<string>;
}

export const DEFAULT_VIEW: ViewState = {
  status: "both",
  mode: "any",
  room: null,
  severity: "any",
  showCords: false,
  expanded: new Set(),
  expandAll: false,
  pinned: new Set(),
};

const RANK = { any: 0, warning: 1, error: 2 } as const;
const rankOf = (s: FaultSeverity | null) => (s ? RANK[s] : 0);

function nodeClasses(n: TopologyNode): string {
  switch (n.kind) {
    case "room":
    case "rack":
    case "loose": {
      const holds = n.severity === "error" ? CLASS.holdsError : n.severity === "warning" ? CLASS.holdsWarning : "";
      return [n.kind === "room" ? CLASS.room : n.kind === "rack" ? CLASS.rack : CLASS.loose, holds].filter(Boolean).join(" ");
    }
    case "device":
      return [CLASS.device, `role-${n.role}`, n.severity === "error" ? CLASS.error : n.severity === "warning" ? CLASS.warning : ""].filter(Boolean).join(" ");
  }
}

function edgeClasses(e: TopologyEdge): string {
  const list: string[] = [e.kind === "bundle" ? CLASS.bundle : CLASS.cable];
  if (e.kind === "cable") list.push(e.layer === "trunk" ? CLASS.trunk : CLASS.cord);
  if (e.status === "planned") list.push(CLASS.planned);
  if (e.severity === "error") list.push(CLASS.error);
  else if (e.severity === "warning") list.push(CLASS.warning);
  return list.join(" ");
}

/**
 * Above this many nodes, rooms and racks are drawn as zones — boxes behind what they hold, placed and
 * sized by the layout — instead of Cytoscape compound parents. Cytoscape walks an element's whole
 * family (descendants, parents and their edges) each time it applies one style property to it, so
 * on a site of 5,000 nodes and 10,000 edges the first drawing took about twice as long nested as
 * with zones (bench/topology.bench.ts). Smaller sites get true nesting: room ⊃ rack ⊃ device.
 */
export const ZONE_NODES = 1500;

export const usesZones = (topology: TopologyElements): boolean => topology.nodes.length > ZONE_NODES;

/** Cytoscape's element definitions (data and classes) of a node or an edge of the topology. */
export function toDefinition(el: TopologyNode | TopologyEdge, zones = false): ElementDefinition {
  if ("source" in el) return { group: "edges", data: { ...el }, classes: zones ? `${edgeClasses(el)} ${CLASS.compact}` : edgeClasses(el) };
  if (!zones) return { group: "nodes", data: { ...el }, classes: nodeClasses(el) };
  // Zones: nothing is a compound parent; the box a node sits in stays in its data (rackId, roomId).
  const { parent: _parent, ...data } = el as TopologyNode & { parent?: string };
  return { group: "nodes", data, classes: el.kind === "device" ? nodeClasses(el) : `${nodeClasses(el)} ${CLASS.zone}` };
}

/**
 * The elements the graph shows for a view: nodes first (parents before children), then edges.
 *
 * - Room: only that room's racks and devices.
 * - Severity: only devices and cables at least that bad, and the racks and rooms that hold them.
 * - Status and fiber mode: cables and bundles of that status and mode.
 * - A bundle stands for its trunks unless it is expanded; cords show on demand; pinned cables
 *   (a chosen path) show whatever the filters say, and so do their devices.
 * - An edge shows only when both its ends do.
 */
export function viewElements(topology: TopologyElements, view: ViewState, opts: { tiers?: boolean } = {}): ElementDefinition[] {
  if (opts.tiers) return tieredElements(topology, view);
  const minRank = RANK[view.severity];
  const byId = new Map<string, TopologyNode>(topology.nodes.map((n) => [n.id, n]));
  const pinnedDevices = new Set<string>();
  for (const e of topology.edges) {
    if (e.kind === "cable" && view.pinned.has(e.cableId)) {
      pinnedDevices.add(e.source);
      pinnedDevices.add(e.target);
    }
  }

  // What the filters let through, then what a pinned path adds (with no other edges of its own).
  const byFilter = new Set<string>();
  const shown = new Set<string>();
  const roomOf = (n: TopologyNode): string | null => (n.kind === "room" ? n.id : n.kind === "rack" || n.kind === "device" ? n.roomId : null);
  const withHolders = (set: Set<string>, n: TopologyNode) => {
    set.add(n.id);
    let parent = "parent" in n ? byId.get(n.parent) : undefined;
    while (parent) {
      set.add(parent.id);
      parent = "parent" in parent ? byId.get(parent.parent) : undefined;
    }
  };
  for (const n of topology.nodes) {
    if (n.kind !== "device") continue;
    if ((view.room === null || roomOf(n) === view.room) && rankOf(n.severity) >= minRank) withHolders(byFilter, n);
    if (pinnedDevices.has(n.id)) withHolders(shown, n);
  }
  // Racks and rooms without devices: part of the floor when nothing narrows the view to faults.
  for (const n of topology.nodes) {
    if (n.kind === "device" || n.kind === "loose" || byFilter.has(n.id) || minRank > 0) continue;
    if (view.room !== null && roomOf(n) !== view.room) continue;
    withHolders(byFilter, n);
  }
  for (const id of byFilter) shown.add(id);

  const out: ElementDefinition[] = [];
  const zones = usesZones(topology);
  for (const n of topology.nodes) if (shown.has(n.id)) out.push(toDefinition(n, zones));

  const statusOk = (s: "installed" | "planned") => view.status === "both" || view.status === s;
  const modeOk = (m: FiberModeKey) => view.mode === "any" || view.mode === m;
  for (const e of topology.edges) {
    if (e.kind === "cable" && view.pinned.has(e.cableId)) {
      out.push(toDefinition(e, zones));
      continue;
    }
    if (!byFilter.has(e.source) || !byFilter.has(e.target)) continue;
    if (!statusOk(e.status) || !modeOk(e.mode) || rankOf(e.severity) < minRank) continue;
    if (e.kind === "bundle") {
      if (!view.expandAll && !view.expanded.has(e.id)) out.push(toDefinition(e, zones));
    } else if (e.layer === "trunk") {
      if (e.bundle === null || view.expandAll || view.expanded.has(e.bundle)) out.push(toDefinition(e, zones));
    } else if (view.showCords) {
      out.push(toDefinition(e, zones));
    }
  }
  return out;
}

/** The bundles that hold any of these cables: opened when a path goes through them. */
export function bundlesOf(topology: TopologyElements, cableIds: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const e of topology.edges) if (e.kind === "cable" && e.bundle && cableIds.has(e.cableId)) out.add(e.bundle);
  return [...out];
}

/**
 * The tiered view's elements (layered.ts): devices only, not nested in racks or rooms (a rack's
 * devices sit in different tiers); the trunks between two devices as one bundle with its count
 * and fiber total (opened into single trunks like the rack bundles); cords on demand. The filters
 * apply as in viewElements.
 */
export function tieredElements(topology: TopologyElements, view: ViewState): ElementDefinition[] {
  const nested = viewElements(topology, { ...view, expandAll: true, showCords: true });
  const out: ElementDefinition[] = [];
  const groups = new Map<string, CableEdge[]>();
  for (const d of nested) {
    const data = d.data as TopologyNode | TopologyEdge;
    if (d.group === "nodes") {
      if (data.kind === "device") out.push(toDefinition(data, true));
      continue;
    }
    if (data.kind !== "cable") continue;
    const pinned = view.pinned.has(data.cableId);
    if (data.layer === "cord") {
      if (view.showCords || pinned) out.push(d);
      continue;
    }
    const [a, b] = data.source < data.target ? [data.source, data.target] : [data.target, data.source];
    const id = `tier-bundle:${a}|${b}|${data.mode}|${data.status}`;
    if (view.expandAll || view.expanded.has(id) || pinned) out.push(d);
    else groups.set(id, [...(groups.get(id) ?? []), data]);
  }
  for (const [id, trunks] of groups) {
    const first = trunks[0]!;
    const fibers = trunks.reduce((sum, t) => sum + t.fibers, 0);
    let severity: FaultSeverity | null = null;
    for (const t of trunks) if (rankOf(t.severity) > rankOf(severity)) severity = t.severity;
    const bundle: BundleEdge = {
      kind: "bundle",
      id,
      source: first.source < first.target ? first.source : first.target,
      target: first.source < first.target ? first.target : first.source,
      label: `${trunks.length} trunk${trunks.length === 1 ? "" : "s"} · ${fibers} f`,
      status: first.status,
      mode: first.mode,
      cables: trunks.length,
      fibers,
      cableIds: trunks.map((t) => t.cableId),
      severity,
    };
    out.push(toDefinition(bundle));
  }
  return out;
}
