import { describe, expect, it } from "vitest";
import { trunkChoices } from "./cable-choices";

const row = (id: string, cableKind: string, families: string, connectorCount: number) => ({ id, name: id, cableKind, families, connectorCount });

describe("the types Add a trunk offers", () => {
  const types = [
    row("mpo12-typeB-mm-os2", "patch-cord", "MPO-12", 2),
    row("mpo8-typeB-ff-om4", "patch-cord", "MPO-8", 2),
    row("mpo24-typeB-ff-om4", "patch-cord", "MPO-24", 2),
    row("lc-ab-om4", "patch-cord", "LC", 2),
    row("trunk-12xmpo12-typeB-mm-om4", "trunk", "MPO-12", 24),
    row("trunk-18xmpo8-typeB-mm-om4", "trunk", "MPO-8", 36),
    row("harness-mpo12-6xlc-f-om4", "harness", "MPO-12 / LC", 7),
  ];
  it("offers the trunks and single-leg MPO cables of the panel's families, not every MPO cord type nor duplex cords or harnesses", () => {
    expect(trunkChoices(types, new Set(["MPO-12"])).map((t) => t.id)).toEqual(["mpo12-typeB-mm-os2", "trunk-12xmpo12-typeB-mm-om4"]);
    expect(trunkChoices(types, new Set(["LC", "MPO-12"])).map((t) => t.id)).toEqual(["mpo12-typeB-mm-os2", "trunk-12xmpo12-typeB-mm-om4"]);
  });
  it("offers every trunk type when the panel has no ports yet", () => {
    expect(trunkChoices(types, new Set()).map((t) => t.id)).toEqual(["mpo12-typeB-mm-os2", "mpo8-typeB-ff-om4", "mpo24-typeB-ff-om4", "trunk-12xmpo12-typeB-mm-om4", "trunk-18xmpo8-typeB-mm-om4"]);
  });
});
