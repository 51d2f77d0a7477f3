import type { ELK, ElkNode } from "elkjs/lib/elk-api";
import type { DeviceNode, TopologyElements } from "@/server/services/topology/types";
import type { Point } from "./floor-plan";
import { DEVICE_HEIGHT, DEVICE_WIDTH } from "./styles";

/**
 * The layered view: the architecture in tiers, top to bottom —
 *
 *   0 spines (switches and routers named so, or with no server within reach through panels)
 *   1 panels and cassettes on the spines' side
 *   2 panels and cassettes on the leaves' side (trunks run between tiers 1 and 2)
 *   3 leaves (switches named so, or with a server within three hops through panels)
 *   4 servers and everything else
 *
 * laid out by ELK's layered algorithm (Eclipse Layout Kernel, elkjs) with the tiers as partitions,
 * so that cables run between tiers and crossings are few. ELK is deterministic: the same site gets
 * the same picture. In the browser it runs in a Web Worker (see layeredEngine).
 */
export const TIER_NAMES = ["spine", "panel (spine side)", "panel (leaf side)", "leaf", "server"] as const;

const SWITCH_ROLES = new Set(["switch", "router"]);
const PANEL_ROLES = new Set(["panel", "enclosure"]);

/** The tier of each device, from its role and what it is cabled to. */
export function deviceTiers(topology: TopologyElements): Map<string, number> {
  const devices = new Map<string, DeviceNode>();
  for (const n of topology.nodes) if (n.kind === "device") devices.set(n.id, n);
  const neighbours = new Map<string, Set<string>>();
  const link = (a: string, b: string) => neighbours.set(a, (neighbours.get(a) ?? new Set()).add(b));
  for (const e of topology.edges) {
    if (e.kind !== "cable") continue;
    link(e.source, e.target);
    link(e.target, e.source);
  }
  const roleOf = (id: string) => devices.get(id)?.role ?? "";
  const tiers = new Map<string, number>();
  // A leaf by its name (leaf, ToR, access), a spine by its (spine, core, super); otherwise a leaf
  // when a server is within three hops through panels and cassettes.
  const isLeaf = (id: string) => {
    const name = devices.get(id)?.label ?? "";
    if (/leaf|\btor\b|access/i.test(name)) return true;
    if (/spine|core|super/i.test(name)) return false;
    let frontier = [id];
    const seen = new Set(frontier);
    for (let hop = 0; hop < 3 && frontier.length; hop++) {
      const next: string[] = [];
      for (const at of frontier) {
        for (const n of neighbours.get(at) ?? []) {
          if (seen.has(n)) continue;
          seen.add(n);
          if (roleOf(n) === "server") return true;
          if (PANEL_ROLES.has(roleOf(n))) next.push(n);
        }
      }
      frontier = next;
    }
    return false;
  };
  for (const [id, d] of devices) {
    if (SWITCH_ROLES.has(d.role)) tiers.set(id, isLeaf(id) ? 3 : 0);
    else if (!PANEL_ROLES.has(d.role)) tiers.set(id, 4);
  }
  for (const [id, d] of devices) {
    if (!PANEL_ROLES.has(d.role)) continue;
    const near = [...(neighbours.get(id) ?? [])].map((n) => tiers.get(n)).filter((t): t is number => t !== undefined);
    tiers.set(id, near.includes(0) && !near.includes(3) ? 1 : 2);
  }
  return tiers;
}

/** ELK's input graph: devices as boxes, one edge per pair of cabled devices, tiers as partitions. */
export function layeredGraph(topology: TopologyElements): ElkNode {
  const tiers = deviceTiers(topology);
  const children = topology.nodes
    .filter((n): n is DeviceNode => n.kind === "device")
    .map((d) => ({
      id: d.id,
      width: DEVICE_WIDTH,
      height: DEVICE_HEIGHT,
      layoutOptions: { "elk.partitioning.partition": String(tiers.get(d.id) ?? 4) },
    }));
  const pairs = new Set<string>();
  const edges: { id: string; sources: string[]; targets: string[] }[] = [];
  for (const e of topology.edges) {
    if (e.kind !== "cable" || e.source === e.target) continue;
    // Edges go from the upper tier down, so that layers follow the tiers.
    const [a, b] = (tiers.get(e.source) ?? 4) <= (tiers.get(e.target) ?? 4) ? [e.source, e.target] : [e.target, e.source];
    const key = `${a}\n${b}`;
    if (pairs.has(key)) continue;
    pairs.add(key);
    edges.push({ id: `e${edges.length}`, sources: [a], targets: [b] });
  }
  return {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.partitioning.activate": "true",
      "elk.layered.spacing.nodeNodeBetweenLayers": "70",
      "elk.spacing.nodeNode": "26",
      "elk.spacing.componentComponent": "60",
      "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.randomSeed": "1",
    },
    children,
    edges,
  };
}

/** Centres of the devices laid out in tiers. */
export async function layeredPositions(topology: TopologyElements, elk: Pick<ELK, "layout">): Promise<Map<string, Point>> {
  const graph = layeredGraph(topology);
  const out = new Map<string, Point>();
  if (!graph.children?.length) return out;
  const laid = await elk.layout(graph);
  for (const c of laid.children ?? []) out.set(c.id, { x: (c.x ?? 0) + (c.width ?? 0) / 2, y: (c.y ?? 0) + (c.height ?? 0) / 2 });
  return out;
}

/** ELK in a Web Worker (the page stays responsive while a big row is laid out). */
export async function layeredEngine(): Promise<Pick<ELK, "layout">> {
  const { default: ElkApi } = await import("elkjs/lib/elk-api");
  return new ElkApi({ workerFactory: () => new Worker(new URL("elkjs/lib/elk-worker.min.js", import.meta.url)) });
}
