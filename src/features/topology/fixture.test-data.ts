import type { TopologyElements } from "@/server/services/topology/types";

/**
 * A small topology for the graph tests:
 *
 *   room:ha  Hall A                              room:hb  Hall B
 *     rack:a01 (row A, 1)  leaf1 U40, pp1 U38      rack:c01 (row C, 1)  pp3 U30
 *     rack:a02 (row A, 2)  pp2 U38
 *     rack:b01 (row B, 1)  (empty)
 *   loose: spare
 *
 *   bundle a01|a02 MM installed = T1 (error), T2      T3 planned, single (same status bundle of one)
 *   T4 pp2 ══ pp3 SM (warning)                          N1 cord leaf1 ── pp1 (error)
 */
export function sampleTopology(): TopologyElements {
  return {
    looseCables: 0,
    nodes: [
      { kind: "room", id: "room:ha", label: "Hall A", severity: "error" },
      { kind: "room", id: "room:hb", label: "Hall B", severity: null },
      { kind: "rack", id: "rack:a01", parent: "room:ha", label: "A01", roomId: "room:ha", row: "A", slot: 1, severity: "error" },
      { kind: "rack", id: "rack:a02", parent: "room:ha", label: "A02", roomId: "room:ha", row: "A", slot: 2, severity: "warning" },
      { kind: "rack", id: "rack:b01", parent: "room:ha", label: "B01", roomId: "room:ha", row: "B", slot: 1, severity: null },
      { kind: "rack", id: "rack:c01", parent: "room:hb", label: "C01", roomId: "room:hb", row: "C", slot: 1, severity: null },
      { kind: "loose", id: "loose", label: "Not in a rack", severity: null },
      { kind: "device", id: "device:pp1", parent: "rack:a01", label: "pp1", role: "panel", roomId: "room:ha", rackId: "rack:a01", uPosition: 38, uHeight: 1, severity: "error" },
      { kind: "device", id: "device:leaf1", parent: "rack:a01", label: "leaf1", role: "switch", roomId: "room:ha", rackId: "rack:a01", uPosition: 40, uHeight: 1, severity: "error" },
      { kind: "device", id: "device:pp2", parent: "rack:a02", label: "pp2", role: "panel", roomId: "room:ha", rackId: "rack:a02", uPosition: 38, uHeight: 2, severity: "warning" },
      { kind: "device", id: "device:pp3", parent: "rack:c01", label: "pp3", role: "enclosure", roomId: "room:hb", rackId: "rack:c01", uPosition: 30, uHeight: 4, severity: null },
      { kind: "device", id: "device:spare", parent: "loose", label: "spare", role: "switch", roomId: null, rackId: null, uPosition: null, uHeight: 1, severity: null },
    ],
    edges: [
      {
        kind: "bundle",
        id: "bundle:a01|a02|MM|installed",
        source: "rack:a01",
        target: "rack:a02",
        label: "2 trunks · 24 f",
        status: "installed",
        mode: "MM",
        cables: 2,
        fibers: 24,
        cableIds: ["t1", "t2"],
        severity: "error",
      },
      {
        kind: "bundle",
        id: "bundle:a01|a02|MM|planned",
        source: "rack:a01",
        target: "rack:a02",
        label: "1 trunk · 12 f",
        status: "planned",
        mode: "MM",
        cables: 1,
        fibers: 12,
        cableIds: ["t3"],
        severity: null,
      },
      {
        kind: "bundle",
        id: "bundle:a02|c01|SM|installed",
        source: "rack:a02",
        target: "rack:c01",
        label: "1 trunk · 24 f",
        status: "installed",
        mode: "SM",
        cables: 1,
        fibers: 24,
        cableIds: ["t4"],
        severity: "warning",
      },
      ...(
        [
          ["t1", "pp1", "pp2", "T1", "trunk", "installed", "MM", "error", "bundle:a01|a02|MM|installed"],
          ["t2", "pp1", "pp2", "T2", "trunk", "installed", "MM", null, "bundle:a01|a02|MM|installed"],
          ["t3", "pp1", "pp2", "T3", "trunk", "planned", "MM", null, "bundle:a01|a02|MM|planned"],
          ["t4", "pp2", "pp3", "T4", "trunk", "installed", "SM", "warning", "bundle:a02|c01|SM|installed"],
          ["n1", "leaf1", "pp1", "N1", "cord", "installed", "MM", "error", null],
        ] as const
      ).map(([id, s, t, label, layer, status, mode, severity, bundle]) => ({
        kind: "cable" as const,
        id: `cable:${id}`,
        cableId: id,
        source: `device:${s}`,
        target: `device:${t}`,
        label,
        layer,
        cableKind: layer === "trunk" ? "trunk" : "patch-cord",
        typeId: "x",
        status,
        mode,
        fibers: layer === "trunk" ? 12 : 2,
        lengthM: 10,
        severity,
        bundle,
      })),
    ],
  };
}
