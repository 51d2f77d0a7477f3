import cytoscape from "cytoscape";
import { describe, expect, it } from "vitest";
import { sampleTopology } from "./fixture.test-data";
import { TopologyGraph } from "./graph";
import { LAYOUTS, initialLayout, runLayout } from "./layouts";
import { DEFAULT_VIEW, ZONE_NODES, usesZones, viewElements, type ViewState } from "./view";
import type { DeviceNode } from "@/server/services/topology/types";

const view = (v: Partial<ViewState>) => viewElements(sampleTopology(), { ...DEFAULT_VIEW, ...v });

function graph() {
  const g = new TopologyGraph({ container: null, factory: cytoscape });
  g.setPositions(LAYOUTS["floor-plan"].positions(sampleTopology(), cytoscape), { fit: false });
  g.setElements(view({}));
  return g;
}

describe("TopologyGraph (headless)", () => {
  it("adds the view's elements at their layout positions", () => {
    const g = graph();
    expect(g.summary()).toMatchObject({ nodes: 12, edges: 3, errors: 3, warnings: 2 });
    expect(g.summary().faults).toEqual({ errors: ["2 trunks · 24 f", "leaf1", "pp1"], warnings: ["1 trunk · 24 f", "pp2"] });
    const expected = LAYOUTS["floor-plan"].positions(sampleTopology(), cytoscape).get("device:leaf1")!;
    expect(g.cy.getElementById("device:leaf1").position()).toEqual(expected);
    expect(g.cy.getElementById("device:leaf1").parent().first().id()).toBe("rack:a01");
  });

  it("updates by id in one batch: keeps what stays (same object), removes what left, adds what is new", () => {
    const g = graph();
    const leaf = g.cy.getElementById("device:leaf1");
    let batches = 0;
    let depth = 0;
    const batch = g.cy.batch.bind(g.cy);
    g.cy.batch = ((fn: () => void) => {
      if (depth++ === 0) batches++;
      try {
        return batch(fn);
      } finally {
        depth--;
      }
    }) as typeof g.cy.batch;
    const result = g.setElements(view({ expanded: new Set(["bundle:a01|a02|MM|installed"]), showCords: true }));
    expect(batches).toBe(1);
    expect(result.added).toBe(3);
    expect(g.cy.getElementById("device:leaf1")).toBe(leaf);
    expect(g.cy.getElementById("bundle:a01|a02|MM|installed").empty()).toBe(true);
    expect(g.cy.edges().map((e) => e.id()).sort()).toEqual(["bundle:a01|a02|MM|planned", "bundle:a02|c01|SM|installed", "cable:n1", "cable:t1", "cable:t2"]);

    const narrowed = g.setElements(view({ room: "room:hb" }));
    expect(narrowed).toMatchObject({ added: 0, removed: 14 });
    expect(g.cy.nodes().map((n) => n.id()).sort()).toEqual(["device:pp3", "rack:c01", "room:hb"]);
  });

  it("arcs a bundle between racks of one line that are not neighbours over the racks between them", () => {
    const topo = sampleTopology();
    // A third rack in row A, two slots on, and a trunk from A01 to it.
    topo.nodes.push(
      { kind: "rack", id: "rack:a04", parent: "room:ha", label: "A04", roomId: "room:ha", row: "A", slot: 4, severity: null },
      { kind: "device", id: "device:pp4", parent: "rack:a04", label: "pp4", role: "panel", roomId: "room:ha", rackId: "rack:a04", uPosition: 38, uHeight: 1, severity: null },
    );
    topo.edges.unshift({ kind: "bundle", id: "bundle:a01|a04|MM|installed", source: "rack:a01", target: "rack:a04", label: "1 trunk · 12 f", status: "installed", mode: "MM", cables: 1, fibers: 12, cableIds: ["t9"], severity: null });
    const g = new TopologyGraph({ container: null, factory: cytoscape });
    g.setPositions(LAYOUTS["floor-plan"].positions(topo, cytoscape), { fit: false });
    g.setElements(viewElements(topo, DEFAULT_VIEW));
    const far = g.cy.getElementById("bundle:a01|a04|MM|installed");
    expect(far.hasClass("row-arc")).toBe(true);
    expect(Math.abs(Number(far.data("bow")))).toBeGreaterThan(40);
    // Neighbours keep the plain fan of parallel bundles.
    expect(g.cy.getElementById("bundle:a01|a02|MM|installed").hasClass("row-arc")).toBe(false);
    g.destroy();
  });

  it("changes data and classes in place when a fault appears", () => {
    const g = graph();
    const topo = sampleTopology();
    const pp3 = topo.nodes.find((n) => n.id === "device:pp3")!;
    (pp3 as { severity: string | null }).severity = "error";
    const result = g.setElements(viewElements(topo, DEFAULT_VIEW));
    expect(result).toMatchObject({ added: 0, updated: 1 });
    expect(g.cy.getElementById("device:pp3").hasClass("fault-error")).toBe(true);
  });

  it("highlights a path with classes only, keeps it across updates, and reports it", () => {
    const g = graph();
    g.setElements(view({ expandAll: true, showCords: true }));
    g.highlighter.showPath(["device:leaf1", "device:pp1", "device:pp2", "cable:n1", "cable:t1", "cable:absent"]);
    expect(g.summary().path).toEqual({ nodes: ["leaf1", "pp1", "pp2"], edges: ["N1", "T1"] });
    expect(g.cy.getElementById("rack:a02").hasClass("on-path")).toBe(true);
    expect(g.cy.getElementById("room:ha").hasClass("on-path")).toBe(true);
    expect(g.cy.getElementById("device:pp3").hasClass("dimmed")).toBe(true);
    expect(g.cy.getElementById("cable:t2").hasClass("dimmed")).toBe(true);

    g.setElements(view({ expandAll: true, showCords: false }));
    expect(g.summary().path).toEqual({ nodes: ["leaf1", "pp1", "pp2"], edges: ["T1"] });
    g.highlighter.clearPath();
    expect(g.cy.elements(".on-path, .dimmed")).toHaveLength(0);
  });

  it("focuses a node: outlines, selects and centres it", () => {
    const g = graph();
    expect(g.focus("device:pp3")).toBe(true);
    expect(g.cy.getElementById("device:pp3").hasClass("focus")).toBe(true);
    expect(g.cy.getElementById("device:pp3").selected()).toBe(true);
    expect(g.focus("device:nope")).toBe(false);
  });

  it("exports SVG from positions and computed styles", () => {
    const g = graph();
    g.setElements(view({ expandAll: true, showCords: true }));
    const svg = g.svg("DC1 topology");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("<title>DC1 topology</title>");
    expect(svg.match(/<rect /g)!.length).toBe(1 + 12); // background + every node
    expect(svg.match(/<line /g)!.length).toBe(5);
    expect(svg).toContain('fill="rgb(251,224,221)"'); // leaf1, in error
    expect(svg).toContain('stroke="rgb(192,53,43)"');
    expect(svg).toContain(">Hall A</text>");
    expect(svg).toContain('stroke-dasharray="6 4"'); // planned trunk T3
    // Rooms and racks are drawn before the edges, devices after them.
    expect(svg.indexOf(">Hall A<")).toBeLessThan(svg.indexOf('class="edges"'));
    expect(svg.indexOf(">leaf1<")).toBeGreaterThan(svg.indexOf('class="edges"'));
  });
});

describe("layouts", () => {
  it("logical: racks pulled together by their trunks inside their rooms, devices still stacked, same result every time", () => {
    const topo = sampleTopology();
    const a = LAYOUTS.logical.positions(topo, cytoscape);
    const b = LAYOUTS.logical.positions(topo, cytoscape);
    expect([...a.entries()]).toEqual([...b.entries()]);
    for (const n of topo.nodes) if (n.kind === "device") expect(a.get(n.id)).toBeDefined();
    expect(a.get("device:leaf1")!.x).toBeCloseTo(a.get("device:pp1")!.x);
    expect(a.get("device:leaf1")!.y).toBeLessThan(a.get("device:pp1")!.y);
  });

  it("the floor plan is the default on large sites, the logical view on small ones, unless the user chose", () => {
    const small = sampleTopology();
    const spare = small.nodes.find((n) => n.kind === "device")!;
    const large = { ...small, nodes: [...small.nodes, ...Array.from({ length: 500 }, (_, i) => ({ ...spare, id: `device:x${i}` }))] };
    expect(initialLayout(small, null)).toBe("logical");
    expect(initialLayout(large, null)).toBe("floor-plan");
    expect(initialLayout(large, "logical")).toBe("logical");
    expect(initialLayout(small, "bogus")).toBe("logical");
  });
});

describe("large sites: rooms and racks as zones behind what they hold", () => {
  /** The sample site grown past the zone threshold with extra devices in rack C01. */
  function large() {
    const topo = sampleTopology();
    const template = topo.nodes.find((n): n is DeviceNode => n.id === "device:pp3")!;
    for (let i = 0; i < ZONE_NODES; i++) topo.nodes.push({ ...template, id: `device:x${i}`, label: `x${i}`, severity: null });
    return topo;
  }

  it("nothing is a compound parent; zones are placed and sized by the layout around what they hold", () => {
    const topo = large();
    expect(usesZones(topo)).toBe(true);
    expect(usesZones(sampleTopology())).toBe(false);
    const defs = viewElements(topo, DEFAULT_VIEW);
    const def = (id: string) => defs.find((d) => d.data.id === id)!;
    expect(def("rack:a01").data.parent).toBeUndefined();
    expect(def("device:pp1").data).toMatchObject({ rackId: "rack:a01", roomId: "room:ha" });
    expect(def("device:pp1").data.parent).toBeUndefined();
    expect(def("room:ha").classes).toBe("room holds-error zone");
    expect(def("rack:a01").classes).toBe("rack holds-error zone");
    expect(def("bundle:a01|a02|MM|installed").classes).toBe("bundle fault-error compact");

    const g = new TopologyGraph({ container: null, factory: cytoscape });
    const { positions, zones } = runLayout("floor-plan", topo, cytoscape);
    g.setPositions(positions, { zones, fit: false });
    g.setElements(defs);
    expect(g.cy.nodes(":parent")).toHaveLength(0);
    const inside = (id: string, zoneId: string) => {
      const p = g.cy.getElementById(id).position();
      const z = zones.get(zoneId)!;
      return Math.abs(p.x - z.x) < z.w / 2 && Math.abs(p.y - z.y) < z.h / 2;
    };
    const hall = g.cy.getElementById("room:ha");
    expect(hall.position()).toEqual({ x: zones.get("room:ha")!.x, y: zones.get("room:ha")!.y });
    expect(hall.data("w")).toBe(zones.get("room:ha")!.w);
    for (const [device, rack, room] of [["device:leaf1", "rack:a01", "room:ha"], ["device:pp2", "rack:a02", "room:ha"], ["device:x7", "rack:c01", "room:hb"]]) {
      expect(inside(device!, rack!)).toBe(true);
      expect(inside(device!, room!)).toBe(true);
      expect(inside(device!, rack === "rack:a01" ? "rack:a02" : "rack:a01")).toBe(false);
    }
    // Bundles are plain straight lines, their figures shown when chosen.
    const bundle = g.cy.getElementById("bundle:a01|a02|MM|installed");
    expect(bundle.style("curve-style")).toBe("haystack");
    expect(bundle.style("label")).toBe("");
    bundle.select();
    expect(bundle.style("label")).toBe("2 trunks · 24 f");
    // A path still lights up the racks and rooms it crosses.
    g.highlighter.showPath(["device:leaf1"]);
    expect(hall.hasClass("on-path")).toBe(true);
    expect(g.cy.getElementById("rack:a01").hasClass("on-path")).toBe(true);
    expect(g.cy.getElementById("rack:a02").hasClass("dimmed")).toBe(true);
    expect(g.cy.getElementById("room:hb").hasClass("dimmed")).toBe(true);
    // The SVG draws rooms, then racks, then devices.
    const svg = g.svg();
    expect(svg.indexOf(">Hall A<")).toBeLessThan(svg.indexOf(">A01<"));
    expect(svg.indexOf(">A01<")).toBeLessThan(svg.indexOf(">leaf1<"));
  });
});
