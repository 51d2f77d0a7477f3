import { describe, expect, it } from "vitest";
import { cableKindOf, getBuiltInType } from "./index";

describe("what a cable is in the room", () => {
  const single = getBuiltInType("mpo12-typeB-mm-os2");
  it("calls a single-leg MPO cable between two panel rears a trunk, and the same type from a cage to a panel front a cord", () => {
    expect(single?.kind === "cable" && single.cableKind).toBe("patch-cord");
    expect(cableKindOf("patch-cord", [{ side: "rear", kind: "adapter" }, { side: "rear", kind: "adapter" }])).toBe("trunk");
    expect(cableKindOf("patch-cord", [{ side: "rear", kind: "adapter" }])).toBe("trunk");
    expect(cableKindOf("patch-cord", [{ side: "front", kind: "transceiver" }, { side: "front", kind: "adapter" }])).toBe("patch-cord");
    expect(cableKindOf("patch-cord", [{ side: "rear", kind: "adapter" }, { side: "front", kind: "adapter" }])).toBe("patch-cord");
    expect(cableKindOf("patch-cord", [])).toBe("patch-cord");
  });
  it("keeps the kind of multi-leg trunks, harnesses and conversion cords wherever they are plugged", () => {
    expect(cableKindOf("harness", [{ side: "rear", kind: "adapter" }])).toBe("harness");
    expect(cableKindOf("trunk", [{ side: "front", kind: "adapter" }])).toBe("trunk");
    expect(cableKindOf(null, [])).toBeNull();
  });
});
