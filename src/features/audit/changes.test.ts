import { describe, expect, it } from "vitest";
import { describeChanges } from "./changes";

const PORT = "01a249a7-b769-7020-8000-314585f1e714";
const RACK = "5028193d-05fa-45e9-a7d2-c5bee3ed1cf0";

describe("an audit entry's changes in names", () => {
  it("reads ids as the names the server found, fields as words", () => {
    const lines = describeChanges(
      { rackId: RACK, label: "N1", ends: [{ connector: "a1", portId: PORT, side: "front" }] },
      { rackId: RACK, label: "N2", ends: [] },
      { [PORT]: "leaf1:Ethernet1/1", [RACK]: "rack A01" },
    );
    expect(lines).toEqual(["label: N1 → N2", "ends: a1 leaf1:Ethernet1/1 front → none"]);
  });

  it("does not call a field removed when the after-snapshot only leaves it out", () => {
    expect(describeChanges({ status: "planned", ends: [{ connector: "a1", portId: PORT }] }, { status: "installed" })).toEqual(["status: planned → installed"]);
  });

  it("lists what a deletion took away, and shows an id it cannot name by its first characters", () => {
    expect(describeChanges({ name: "R9", rackId: RACK }, null)).toEqual(["name: R9", "rack: 5028193d"]);
  });
});

describe("an object in a field", () => {
  it("reads with its keys", () => {
    expect(describeChanges(null, { counts: { racks: 7, ports: 372 } })).toEqual(["counts: racks 7, ports 372"]);
  });
});
