import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import type { TopologyElements } from "@/server/services/topology/types";
import { sampleTopology } from "./fixture.test-data";
import { deviceTiers, layeredPositions } from "./layered";
import { countOverlaps } from "./readability";
import { DEVICE_HEIGHT, DEVICE_WIDTH } from "./styles";
import { DEFAULT_VIEW, tieredElements } from "./view";

/** Two spines, two leaves with a server each, a panel pair per leaf between them. */
function fabric(): TopologyElements {
  const t = sampleTopology();
  const device = (id: string, role: string) => ({ kind: "device" as const, id: `device:${id}`, parent: "rack:b01", label: id, role, roomId: "room:ha", rackId: "rack:b01", uPosition: null, uHeight: 1, severity: null });
  const cable = (id: string, s: string, d: string, layer: "trunk" | "cord") => ({
    kind: "cable" as const, id: `cable:${id}`, cableId: id, source: `device:${s}`, target: `device:${d}`, label: id, layer, cableKind: layer === "trunk" ? "trunk" : "patch-cord",
    typeId: "x", status: "installed" as const, mode: "SM" as const, fibers: layer === "trunk" ? 12 : 2, lengthM: 5, severity: null, bundle: null,
  });
  return {
    looseCables: 0,
    nodes: [...t.nodes.filter((n) => n.kind !== "device"), ...["sp1", "sp2"].map((d) => device(d, "switch")), ...["lf1", "lf2"].map((d) => device(d, "switch")), ...["sv1", "sv2"].map((d) => device(d, "server")), ...["ps1", "ps2", "pl1", "pl2"].map((d) => device(d, "panel"))],
    edges: [
      cable("c1", "sp1", "ps1", "cord"), cable("c2", "sp2", "ps2", "cord"),
      cable("t1", "ps1", "pl1", "trunk"), cable("t2", "ps1", "pl1", "trunk"), cable("t3", "ps2", "pl2", "trunk"),
      cable("c3", "pl1", "lf1", "cord"), cable("c4", "pl2", "lf2", "cord"),
      cable("c5", "lf1", "sv1", "cord"), cable("c6", "lf2", "sv2", "cord"),
    ],
  };
}

describe("tiered layout (ELK layered)", () => {
  it("tiers spines, their panels, the leaves' panels, leaves and servers from roles and cabling", () => {
    const tiers = deviceTiers(fabric());
    expect(["sp1", "ps1", "pl1", "lf1", "sv1"].map((d) => tiers.get(`device:${d}`))).toEqual([0, 1, 2, 3, 4]);
  });

  it("draws the tiers top to bottom, no two devices on top of each other, the same picture every time", async () => {
    const elk = new ELK();
    const topo = fabric();
    const at = await layeredPositions(topo, elk);
    const y = (d: string) => at.get(`device:${d}`)!.y;
    expect(y("sp1")).toBeLessThan(y("ps1"));
    expect(y("ps1")).toBeLessThan(y("pl1"));
    expect(y("pl1")).toBeLessThan(y("lf1"));
    expect(y("lf1")).toBeLessThan(y("sv1"));
    const boxes = [...at.values()].map((p) => ({ x1: p.x - DEVICE_WIDTH / 2, x2: p.x + DEVICE_WIDTH / 2, y1: p.y - DEVICE_HEIGHT / 2, y2: p.y + DEVICE_HEIGHT / 2 }));
    expect(countOverlaps(boxes)).toBe(0);
    expect(await layeredPositions(topo, new ELK())).toEqual(at);
  });

  it("sums the trunks between two devices into one bundle with its count and fiber total, devices not nested", () => {
    const els = tieredElements(fabric(), DEFAULT_VIEW);
    expect(els.filter((e) => e.group === "nodes").every((e) => e.data.parent === undefined)).toBe(true);
    expect(els.filter((e) => e.group === "nodes")).toHaveLength(10);
    const bundles = els.filter((e) => e.data.kind === "bundle").map((e) => e.data.label).sort();
    expect(bundles).toEqual(["1 trunk · 12 f", "2 trunks · 24 f"]);
    expect(els.filter((e) => e.data.kind === "cable")).toHaveLength(0);
    expect(tieredElements(fabric(), { ...DEFAULT_VIEW, showCords: true }).filter((e) => e.data.kind === "cable")).toHaveLength(6);
  });
});
