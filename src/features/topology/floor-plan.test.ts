import { describe, expect, it } from "vitest";
import type { DeviceNode, RackNode, TopologyElements } from "@/server/services/topology/types";
import { sampleTopology } from "./fixture.test-data";
import { PLAN, floorPlanPositions, stackOrder } from "./floor-plan";

const rack = (id: string, room: string, row: string, slot: number | null): RackNode => ({
  kind: "rack", id, parent: room, label: id, roomId: room, row, slot, severity: null,
});
const device = (id: string, parent: string, uPosition: number | null, uHeight = 1): DeviceNode => ({
  kind: "device", id, parent, label: id, role: "panel", roomId: null, rackId: parent, uPosition, uHeight, severity: null,
});

describe("floor plan", () => {
  const p = floorPlanPositions(sampleTopology());

  it("puts racks of a row side by side by position, and rows one below the other", () => {
    const a01 = p.get("device:leaf1")!;
    const a02 = p.get("device:pp2")!;
    const b01 = p.get("rack:b01")!; // an empty rack is a leaf of its own
    expect(a02.x).toBeGreaterThan(a01.x);
    expect(b01.x).toBe(a01.x);
    expect(b01.y).toBeGreaterThan(p.get("device:pp1")!.y);
  });

  it("stacks a rack's devices from the top unit down", () => {
    expect(p.get("device:leaf1")!.x).toBe(p.get("device:pp1")!.x);
    expect(p.get("device:leaf1")!.y).toBeLessThan(p.get("device:pp1")!.y);
    expect(stackOrder([device("low", "r", 2), device("none", "r", null), device("tall", "r", 10, 4), device("top", "r", 12)]).map((d) => d.id)).toEqual(["tall", "top", "low", "none"]);
  });

  it("places rooms apart, and devices not in a rack in a block of their own", () => {
    const hallA = [...["device:leaf1", "device:pp1", "device:pp2", "rack:b01"]].map((id) => p.get(id)!);
    const hallB = p.get("device:pp3")!;
    expect(hallB.x - Math.max(...hallA.map((q) => q.x))).toBeGreaterThanOrEqual(PLAN.roomGap);
    expect(p.get("device:spare")).toBeDefined();
    // Only leaves get a position: compound boxes follow their children.
    expect(p.has("rack:a01")).toBe(false);
    expect(p.has("room:ha")).toBe(false);
  });

  it("leaves a gap for missing positions, never puts two racks in one slot, and wraps long rows", () => {
    const racks = [rack("r1", "room:x", "A", 1), rack("r3", "room:x", "A", 3), rack("r3b", "room:x", "A", 3), rack("r4", "room:x", "A", 4), rack("rn", "room:x", "A", null)];
    const topo: TopologyElements = { looseCables: 0, edges: [], nodes: [{ kind: "room", id: "room:x", label: "X", severity: null }, ...racks] };
    const q = floorPlanPositions(topo);
    const xs = ["r1", "r3", "r3b", "r4", "rn"].map((id) => q.get(id)!.x);
    const step = xs[1]! / 2;
    expect(xs).toEqual([0, 2 * step, 3 * step, 4 * step, 5 * step]);

    const long: TopologyElements = {
      looseCables: 0,
      edges: [],
      nodes: [{ kind: "room", id: "room:y", label: "Y", severity: null }, ...Array.from({ length: PLAN.rowWrap + 6 }, (_, i) => rack(`y${i + 1}`, "room:y", "A", i + 1))],
    };
    const w = floorPlanPositions(long);
    expect(w.get(`y${PLAN.rowWrap + 1}`)!.x).toBe(0);
    expect(w.get(`y${PLAN.rowWrap + 1}`)!.y).toBeGreaterThan(w.get("y1")!.y);
  });

  it("never overlaps two devices, on a generated site", () => {
    const nodes: TopologyElements["nodes"] = [];
    for (let r = 0; r < 3; r++) {
      nodes.push({ kind: "room", id: `room:${r}`, label: `R${r}`, severity: null });
      for (let k = 0; k < 40; k++) {
        nodes.push(rack(`rack:${r}-${k}`, `room:${r}`, String.fromCharCode(65 + (k % 4)), Math.floor(k / 4) + 1));
      }
    }
    for (let r = 0; r < 3; r++) for (let k = 0; k < 40; k++) for (let d = 0; d < (k % 5) + 1; d++) nodes.push(device(`d:${r}-${k}-${d}`, `rack:${r}-${k}`, 40 - d));
    const q = floorPlanPositions({ looseCables: 0, edges: [], nodes });
    const seen = new Set<string>();
    for (const [id, pt] of q) {
      if (!id.startsWith("d:")) continue;
      const key = `${pt.x},${pt.y}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    expect(seen.size).toBe(nodes.filter((n) => n.kind === "device").length);
  });
});
