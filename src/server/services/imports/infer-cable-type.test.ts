/** The built-in cable type a NetBox cable row's two ends call for. */
import { describe, expect, it } from "vitest";
import { inferCableType } from "./netbox-cables";

describe("inferCableType", () => {
  it("joins one family to itself, two duplex families with a hybrid cord, and simplex to simplex", () => {
    expect(inferCableType(["LC"], ["LC"], "OM4")).toEqual({ id: "lc-ab-om4", swap: false });
    expect(inferCableType(["LC"], ["SC"], "OS2")).toEqual({ id: "lc-sc-ab-os2", swap: false });
    expect(inferCableType(["SC"], ["LC"], "OS2")).toEqual({ id: "lc-sc-ab-os2", swap: true });
    expect(inferCableType(["ST"], ["ST"], "OM3")).toEqual({ id: "st-om3", swap: false });
    expect(inferCableType(["SC-simplex"], ["SC-simplex"], "OS2")).toEqual({ id: "scsimplex-os2", swap: false });
    expect(inferCableType(["ST"], ["LC"], "OM3")).toHaveProperty("reason");
  });
});
