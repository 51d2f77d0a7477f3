import { describe, expect, it } from "vitest";
import { buildElements, bundleLabel, type TopologyRows } from "./build-elements";
import type { BundleEdge, CableEdge, DeviceNode, RackNode, RoomNode } from "./types";

/**
 *   Hall A                              Hall B
 *   ┌ A01 ──────────┐  ┌ A02 ───────┐   ┌ C01 ───────┐
 *   │ leaf1 (U40)   │  │ pp2 (U38)  │   │ pp3 (U30)  │
 *   │ pp1   (U38)   │  └────────────┘   └────────────┘
 *   └───────────────┘
 *   spare (no rack)
 *
 *   N1  cord   leaf1 ── pp1          (port l1 on a failing channel)
 *   T1  trunk  pp1 ══ pp2   OM4  installed   12 f
 *   T2  trunk  pp1 ══ pp2   OM4  installed   12 f
 *   T3  trunk  pp1 ══ pp2   OM4  planned     12 f
 *   T4  trunk  pp2 ══ pp3   OS2  installed   24 f   (port p2r4 named by a warning)
 *   T5  trunk  pp1 ══ pp1   looped back in the same panel: never bundled
 *   M1  MPO cord pp2 ── pp3  between panels of two racks: a trunk too
 *   M2  MPO cord pp1 ── leaf1 to a switch: a cord
 *   H1  harness pp3 ═ leaf1, spare (B legs on two devices: two edges)
 *   X1  cord   plugged at one end only: not drawn
 */
function rows(): TopologyRows {
  return {
    rooms: [
      { id: "hb", name: "Hall B" },
      { id: "ha", name: "Hall A" },
    ],
    racks: [
      { id: "a02", roomId: "ha", name: "A02", row: "A", position: 2 },
      { id: "a01", roomId: "ha", name: "A01", row: "A", position: 1 },
      { id: "c01", roomId: "hb", name: "C01", row: "C", position: 1 },
    ],
    devices: [
      { id: "pp1", rackId: "a01", name: "pp1", role: "panel", uPosition: 38, uHeight: 1 },
      { id: "leaf1", rackId: "a01", name: "leaf1", role: "switch", uPosition: 40, uHeight: 1 },
      { id: "pp2", rackId: "a02", name: "pp2", role: "panel", uPosition: 38, uHeight: 2 },
      { id: "pp3", rackId: "c01", name: "pp3", role: "enclosure", uPosition: 30, uHeight: 4 },
      { id: "spare", rackId: null, name: "spare", role: "switch", uPosition: null, uHeight: 1 },
    ],
    cables: [
      { id: "n1", label: "N1", typeId: "lc", status: "installed", lengthM: 2 },
      { id: "t1", label: "T1", typeId: "mpo-om4", status: "installed", lengthM: 30 },
      { id: "t2", label: "T2", typeId: "mpo-om4", status: "installed", lengthM: 30 },
      { id: "t3", label: "T3", typeId: "mpo-om4", status: "planned", lengthM: 30 },
      { id: "t4", label: "T4", typeId: "mpo-os2", status: "installed", lengthM: 80 },
      { id: "t5", label: "T5", typeId: "mpo-om4", status: "installed", lengthM: 1 },
      { id: "h1", label: "H1", typeId: "harness", status: "installed", lengthM: 5 },
      { id: "m1", label: "M1", typeId: "mpo-cord", status: "installed", lengthM: 20 },
      { id: "m2", label: "M2", typeId: "mpo-cord", status: "installed", lengthM: 3 },
      { id: "x1", label: "X1", typeId: "lc", status: "installed", lengthM: 2 },
    ],
    plugs: [
      { cableId: "n1", connector: "a1", portId: "l1", deviceId: "leaf1" },
      { cableId: "n1", connector: "b1", portId: "p1f1", deviceId: "pp1" },
      { cableId: "t1", connector: "a1", portId: "p1r1", deviceId: "pp1" },
      { cableId: "t1", connector: "b1", portId: "p2r1", deviceId: "pp2" },
      { cableId: "t2", connector: "a1", portId: "p2r2", deviceId: "pp2" },
      { cableId: "t2", connector: "b1", portId: "p1r2", deviceId: "pp1" },
      { cableId: "t3", connector: "a1", portId: "p1r3", deviceId: "pp1" },
      { cableId: "t3", connector: "b1", portId: "p2r3", deviceId: "pp2" },
      { cableId: "t4", connector: "a1", portId: "p2r4", deviceId: "pp2" },
      { cableId: "t4", connector: "b1", portId: "p3r1", deviceId: "pp3" },
      { cableId: "t5", connector: "a1", portId: "p1r5", deviceId: "pp1" },
      { cableId: "t5", connector: "b1", portId: "p1r6", deviceId: "pp1" },
      { cableId: "h1", connector: "a1", portId: "p3r2", deviceId: "pp3" },
      { cableId: "h1", connector: "b1", portId: "l2", deviceId: "leaf1" },
      { cableId: "h1", connector: "b2", portId: "s1", deviceId: "spare" },
      { cableId: "x1", connector: "a1", portId: "l3", deviceId: "leaf1" },
      { cableId: "m1", connector: "a1", portId: "p2r9", deviceId: "pp2" },
      { cableId: "m1", connector: "b1", portId: "p3r9", deviceId: "pp3" },
      { cableId: "m2", connector: "a1", portId: "p1r9", deviceId: "pp1" },
      { cableId: "m2", connector: "b1", portId: "l9", deviceId: "leaf1" },
    ],
    types: [
      { id: "lc", cableKind: "patch-cord", mode: "MM", fibers: 2, ends: { a1: "a", b1: "b" } },
      { id: "mpo-om4", cableKind: "trunk", mode: "MM", fibers: 12, ends: { a1: "a", b1: "b" } },
      { id: "mpo-os2", cableKind: "trunk", mode: "SM", fibers: 24, ends: { a1: "a", b1: "b" } },
      { id: "mpo-cord", cableKind: "patch-cord", mode: "MM", fibers: 12, ends: { a1: "a", b1: "b" } },
      { id: "harness", cableKind: "harness", mode: "MM", fibers: 8, ends: { a1: "a", b1: "b", b2: "b" } },
    ],
    faultPorts: [
      { portId: "l1", deviceId: "leaf1", severity: "error" },
      { portId: "p1f1", deviceId: "pp1", severity: "error" },
      { portId: "p2r4", deviceId: "pp2", severity: "warning" },
    ],
  };
}

describe("buildElements", () => {
  const built = buildElements(rows());
  const node = (id: string) => built.nodes.find((n) => n.id === id);
  const edge = (id: string) => built.edges.find((e) => e.id === id);

  it("nests devices in racks and racks in rooms, rooms and racks in floor order", () => {
    expect(built.nodes.filter((n) => n.kind === "room").map((n) => n.label)).toEqual(["Hall A", "Hall B"]);
    expect(built.nodes.filter((n) => n.kind === "rack").map((n) => n.label)).toEqual(["A01", "A02", "C01"]);
    expect(node("rack:a02")).toMatchObject({ parent: "room:ha", row: "A", slot: 2 } satisfies Partial<RackNode>);
    expect(node("device:pp1")).toMatchObject({ parent: "rack:a01", rackId: "rack:a01", roomId: "room:ha", role: "panel" } satisfies Partial<DeviceNode>);
    expect(node("device:spare")).toMatchObject({ parent: "loose", rackId: null, roomId: null });
    expect(node("loose")).toMatchObject({ kind: "loose", label: "Not in a rack" });
    // Parents come before their children, so a graph can add them in one pass.
    const index = new Map(built.nodes.map((n, i) => [n.id, i]));
    for (const n of built.nodes) if ("parent" in n) expect(index.get(n.parent)!).toBeLessThan(index.get(n.id)!);
  });

  it("sums trunks between two racks per fiber mode and status, with count and fiber total", () => {
    const bundles = built.edges.filter((e): e is BundleEdge => e.kind === "bundle");
    expect(bundles.map((b) => [b.id, b.cables, b.fibers, b.label])).toEqual([
      ["bundle:a01|a02|MM|installed", 2, 24, "2 trunks · 24 f"],
      ["bundle:a01|a02|MM|planned", 1, 12, "1 trunk · 12 f"],
      ["bundle:a02|c01|MM|installed", 1, 12, "1 trunk · 12 f"],
      ["bundle:a02|c01|SM|installed", 1, 24, "1 trunk · 24 f"],
    ]);
    expect(edge("cable:m1")).toMatchObject({ layer: "trunk", cableKind: "patch-cord", bundle: "bundle:a02|c01|MM|installed" });
    expect(edge("cable:m2")).toMatchObject({ layer: "cord", bundle: null });
    expect(bundles[0]).toMatchObject({ source: "rack:a01", target: "rack:a02", cableIds: ["t1", "t2"] });
    expect(edge("cable:t1")).toMatchObject({ layer: "trunk", bundle: "bundle:a01|a02|MM|installed", source: "device:pp1", target: "device:pp2" });
    expect(edge("cable:t2")).toMatchObject({ source: "device:pp2", target: "device:pp1" });
    expect(edge("cable:t5")).toMatchObject({ layer: "trunk", bundle: null, source: "device:pp1", target: "device:pp1" });
  });

  it("draws cords and harnesses as single edges, one per device pair, and skips cables with a loose end", () => {
    expect(edge("cable:n1")).toMatchObject({ layer: "cord", cableKind: "patch-cord", fibers: 2, bundle: null } satisfies Partial<CableEdge>);
    expect(edge("cable:h1")).toMatchObject({ source: "device:pp3", target: "device:leaf1", layer: "cord" });
    expect(edge("cable:h1#2")).toMatchObject({ source: "device:pp3", target: "device:spare", cableId: "h1" });
    expect(edge("cable:x1")).toBeUndefined();
    expect(built.looseCables).toBe(1);
  });

  it("marks faults: ports to devices, racks and rooms; plugged ports to cables; worst trunk to its bundle", () => {
    expect((node("device:leaf1") as DeviceNode).severity).toBe("error");
    expect((node("device:pp2") as DeviceNode).severity).toBe("warning");
    expect((node("device:pp3") as DeviceNode).severity).toBeNull();
    expect((node("rack:a01") as RackNode).severity).toBe("error");
    expect((node("rack:a02") as RackNode).severity).toBe("warning");
    expect((node("room:ha") as RoomNode).severity).toBe("error");
    expect((node("room:hb") as RoomNode).severity).toBeNull();
    expect(edge("cable:n1")!.severity).toBe("error");
    expect(edge("cable:t1")!.severity).toBeNull();
    expect(edge("cable:t4")!.severity).toBe("warning");
    expect(edge("bundle:a02|c01|SM|installed")!.severity).toBe("warning");
    expect(edge("bundle:a01|a02|MM|installed")!.severity).toBeNull();
  });

  it("an empty site gives an empty graph", () => {
    expect(buildElements({ rooms: [], racks: [], devices: [], cables: [], plugs: [], types: [], faultPorts: [] })).toEqual({
      nodes: [],
      edges: [],
      looseCables: 0,
    });
  });

  it("labels bundles in the singular and plural", () => {
    expect(bundleLabel(1, 12)).toBe("1 trunk · 12 f");
    expect(bundleLabel(3, 432)).toBe("3 trunks · 432 f");
  });
});
