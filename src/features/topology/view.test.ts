import { describe, expect, it } from "vitest";
import { sampleTopology } from "./fixture.test-data";
import { DEFAULT_VIEW, bundlesOf, viewElements, type ViewState } from "./view";

const ids = (view: Partial<ViewState>) => viewElements(sampleTopology(), { ...DEFAULT_VIEW, ...view }).map((d) => String(d.data.id));
const edgeIds = (view: Partial<ViewState>) => ids(view).filter((id) => id.startsWith("cable:") || id.startsWith("bundle:"));

describe("viewElements", () => {
  it("shows every room, rack and device, bundles for trunks between racks, no cords by default", () => {
    const all = ids({});
    expect(all.filter((id) => !id.startsWith("bundle:"))).toEqual([
      "room:ha", "room:hb", "rack:a01", "rack:a02", "rack:b01", "rack:c01", "loose",
      "device:pp1", "device:leaf1", "device:pp2", "device:pp3", "device:spare",
    ]);
    expect(edgeIds({})).toEqual(["bundle:a01|a02|MM|installed", "bundle:a01|a02|MM|planned", "bundle:a02|c01|SM|installed"]);
  });

  it("gives each element the classes the stylesheet knows", () => {
    const defs = viewElements(sampleTopology(), { ...DEFAULT_VIEW, expandAll: true, showCords: true });
    const classes = (id: string) => defs.find((d) => d.data.id === id)!.classes;
    expect(classes("room:ha")).toBe("room holds-error");
    expect(classes("rack:a02")).toBe("rack holds-warning");
    expect(classes("device:leaf1")).toBe("device role-switch fault-error");
    expect(classes("device:pp3")).toBe("device role-enclosure");
    expect(classes("cable:t3")).toBe("cable trunk planned");
    expect(classes("cable:t4")).toBe("cable trunk fault-warning");
    expect(classes("cable:n1")).toBe("cable cord fault-error");
    expect(viewElements(sampleTopology(), DEFAULT_VIEW).find((d) => d.data.id === "bundle:a01|a02|MM|installed")!.classes).toBe("bundle fault-error");
  });

  it("opens one bundle, or all, into its trunks; shows cords on demand", () => {
    expect(edgeIds({ expanded: new Set(["bundle:a01|a02|MM|installed"]) })).toEqual([
      "bundle:a01|a02|MM|planned", "bundle:a02|c01|SM|installed", "cable:t1", "cable:t2",
    ]);
    expect(edgeIds({ expandAll: true })).toEqual(["cable:t1", "cable:t2", "cable:t3", "cable:t4"]);
    expect(edgeIds({ showCords: true })).toContain("cable:n1");
  });

  it("filters by status and fiber mode", () => {
    expect(edgeIds({ status: "planned" })).toEqual(["bundle:a01|a02|MM|planned"]);
    expect(edgeIds({ status: "installed", expandAll: true })).toEqual(["cable:t1", "cable:t2", "cable:t4"]);
    expect(edgeIds({ mode: "SM" })).toEqual(["bundle:a02|c01|SM|installed"]);
  });

  it("narrows to one room: its racks and devices, edges with both ends inside", () => {
    expect(ids({ room: "room:hb" })).toEqual(["room:hb", "rack:c01", "device:pp3"]);
    expect(edgeIds({ room: "room:ha" })).toEqual(["bundle:a01|a02|MM|installed", "bundle:a01|a02|MM|planned"]);
  });

  it("narrows to faults: errors only, or warnings and errors, with the racks and rooms holding them", () => {
    expect(ids({ severity: "error", showCords: true })).toEqual(["room:ha", "rack:a01", "device:pp1", "device:leaf1", "cable:n1"]);
    // pp3 holds no fault, so trunk T4 (a warning) has no end to stand on.
    expect(ids({ severity: "warning", expandAll: true })).toEqual(["room:ha", "rack:a01", "rack:a02", "device:pp1", "device:leaf1", "device:pp2", "cable:t1"]);
  });

  it("shows pinned cables (a path) and their devices whatever the filters", () => {
    const shown = ids({ room: "room:hb", pinned: new Set(["t4", "n1"]) });
    // The path's devices come with their racks and rooms, but no other edge of theirs.
    expect(shown).toEqual(["room:ha", "room:hb", "rack:a01", "rack:a02", "rack:c01", "device:pp1", "device:leaf1", "device:pp2", "device:pp3", "cable:t4", "cable:n1"]);
    expect(bundlesOf(sampleTopology(), new Set(["t4", "n1", "t2"]))).toEqual(["bundle:a01|a02|MM|installed", "bundle:a02|c01|SM|installed"]);
  });
});
