/** Applying a plan's operations to the site in memory: checks, phases, reads, and the engine's verdict on the result. */
import { describe, expect, it } from "vitest";
import { judgeSite } from "../../../domain";
import { buildModel } from "../connectivity/build-model";
import { applyOperations, plannedPortId } from "./apply-operations";
import { fieldChangedType } from "./field-change";
import type { StoredOperation } from "./operations";
import { toModelRows, type PlanState } from "./plan-state";
import { judgePartOf, partPorts } from "./part";
import { orderWorkSteps } from "./work-order";
import { getBuiltInType, type CableType } from "../../../domain";

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const DR4 = "qsfpdd-400gbase-dr4";

/** Two switches with 400G-DR4 optics joined by method B: Type B cords (female), a pinned Type B trunk, Type A panels. */
function site(): PlanState {
  const dev = (id: number, name: string, role: string, rack: number, u: number) => ({ id: uuid(id), name, role, rackId: uuid(rack), uPosition: u, uHeight: 1, face: "front" as const, version: 1 });
  const cage = (id: number, device: number, name: string) => ({ id: uuid(id), deviceId: uuid(device), moduleId: null, name, kind: "transceiver" as const, family: null, keyType: null, cage: "qsfpdd", modulePort: null, version: 1 });
  const adapter = (id: number, device: number, name: string) => ({ id: uuid(id), deviceId: uuid(device), moduleId: null, name, kind: "adapter" as const, family: "MPO-12", keyType: "A" as const, cage: null, modulePort: null, version: 1 });
  return {
    site: { id: uuid(1), name: "Lab", code: "LAB", attenuation: "ISO", matedPair: "by-grade" },
    racks: [
      { id: uuid(2), name: "A01", row: "A", position: 1, uHeight: 42 },
      { id: uuid(3), name: "A02", row: "A", position: 2, uHeight: 42 },
    ],
    devices: [dev(10, "sw1", "switch", 2, 40), dev(11, "sw2", "switch", 3, 40), dev(12, "P1", "panel", 2, 38), dev(13, "P2", "panel", 3, 38)],
    bays: [],
    modules: [],
    ports: [cage(20, 10, "Ethernet1/1"), cage(21, 10, "Ethernet1/2"), cage(22, 11, "Ethernet1/1"), cage(23, 11, "Ethernet1/2"), adapter(30, 12, "1"), adapter(31, 12, "2"), adapter(32, 13, "1"), adapter(33, 13, "2")],
    transceivers: [
      { id: uuid(40), portId: uuid(20), typeId: DR4, version: 1, serial: "" },
      { id: uuid(41), portId: uuid(22), typeId: DR4, version: 3, serial: "" },
    ],
    cables: [
      { id: uuid(50), typeId: "mpo12-typeB-mm-os2", lengthM: 30, label: "T1", splices: 0, status: "installed", version: 2 },
      { id: uuid(51), typeId: "mpo12-typeB-ff-os2", lengthM: 2, label: "C1", splices: 0, status: "installed", version: 1 },
      { id: uuid(52), typeId: "mpo12-typeB-ff-os2", lengthM: 2, label: "C2", splices: 0, status: "installed", version: 1 },
      // A spare MTP trunk between the second adapters.
      { id: uuid(53), typeId: "mpo12-typeB-mm-os2-elite", lengthM: 30, label: "T2", splices: 0, status: "installed", version: 1 },
    ],
    plugs: [
      { cableId: uuid(50), connector: "a1", portId: uuid(30), side: "rear" },
      { cableId: uuid(50), connector: "b1", portId: uuid(32), side: "rear" },
      { cableId: uuid(51), connector: "a1", portId: uuid(20), side: "front" },
      { cableId: uuid(51), connector: "b1", portId: uuid(30), side: "front" },
      { cableId: uuid(52), connector: "a1", portId: uuid(32), side: "front" },
      { cableId: uuid(52), connector: "b1", portId: uuid(22), side: "front" },
      { cableId: uuid(53), connector: "a1", portId: uuid(31), side: "rear" },
      { cableId: uuid(53), connector: "b1", portId: uuid(33), side: "rear" },
    ],
    types: new Map(),
  };
}

const judge = (s: PlanState) => {
  const built = buildModel(toModelRows(s));
  return judgeSite(built.model);
};
const op = (o: StoredOperation) => o;

/** A new DR4 channel sw1:Ethernet1/2 ↔ sw2:Ethernet1/2 over the spare trunk T2, with the cords' type given. */
const newChannel = (cord: string): StoredOperation[] => [
  op({ kind: "transceiver.add", newId: uuid(900), portId: uuid(21), typeId: DR4, serial: "" }),
  op({ kind: "transceiver.add", newId: uuid(901), portId: uuid(23), typeId: DR4, serial: "" }),
  op({ kind: "cable.add", newId: uuid(902), typeId: cord, label: "C3", lengthM: 2, splices: 0, ends: [{ connector: "a1", portId: uuid(21) }, { connector: "b1", portId: uuid(31) }] }),
  op({ kind: "cable.add", newId: uuid(903), typeId: "mpo12-typeB-ff-os2", label: "C4", lengthM: 2, splices: 0, ends: [{ connector: "a1", portId: uuid(33) }, { connector: "b1", portId: uuid(23) }] }),
];

describe("applying operations in memory", () => {
  it("the base site passes, and a planned channel with the right cords passes too", () => {
    expect(judge(site()).verdict).toBe("pass");
    const { state, outcomes } = applyOperations(site(), newChannel("mpo12-typeB-ff-os2"));
    expect(outcomes.flatMap((o) => Object.values(o.problems))).toEqual([]);
    const j = judge(state);
    expect(j.channels).toHaveLength(2);
    expect(j.verdict).toBe("pass");
    expect(state.cables.find((c) => c.id === uuid(902))).toMatchObject({ status: "planned", planned: true });
  });

  it("a pinned cord on a pinned optic is a male-male mating in the what-if, and the live site is untouched", () => {
    const base = site();
    const { state } = applyOperations(base, newChannel("mpo12-typeB-mm-os2"));
    expect(judge(state).findings.map((f) => f.code)).toContain("MPO_GENDER_MALE_MALE");
    expect(base.cables).toHaveLength(4);
    expect(base.transceivers).toHaveLength(2);
  });

  it("applies removals before installs whatever order they were written in", () => {
    const ops = [
      op({ kind: "cable.add", newId: uuid(910), typeId: "mpo12-typeB-ff-os2", label: "C1b", lengthM: 3, splices: 0, ends: [{ connector: "a1", portId: uuid(20) }, { connector: "b1", portId: uuid(30) }] }),
      op({ kind: "cable.remove", cableId: uuid(51) }),
    ];
    const { state, outcomes } = applyOperations(site(), ops);
    expect(outcomes.flatMap((o) => Object.values(o.problems))).toEqual([]);
    expect(state.plugs.filter((p) => p.portId === uuid(20)).map((p) => p.cableId)).toEqual([uuid(910)]);
    expect(outcomes[1]!.frees).toEqual([`${uuid(20)}@front`, `${uuid(30)}@front`]);
    expect(outcomes[0]!.takes).toEqual([`${uuid(20)}@front`, `${uuid(30)}@front`]);
    expect(outcomes[1]!.reads).toEqual([{ type: "cable", id: uuid(51), version: 1, label: "C1" }]);
    expect(outcomes[1]!.text).toBe("Remove cord C1 from sw1:Ethernet1/1 and P1:1");
    expect(outcomes[0]!.link).toBe("LAB.A01-40:Ethernet1/1/LAB.A01-38:01");
    expect(judge(state).verdict).toBe("pass");
  });

  it("names the field of every refused operation and leaves it out", () => {
    const ops = [
      op({ kind: "cable.add", newId: uuid(920), typeId: "mpo12-typeB-ff-os2", label: "X", lengthM: 2, splices: 0, ends: [{ connector: "a1", portId: uuid(20) }, { connector: "z9", portId: uuid(31) }] }),
      op({ kind: "cable.add", newId: uuid(921), typeId: "nonsense-type", label: "", lengthM: 2, splices: 0, ends: [] }),
      op({ kind: "cable.add", newId: uuid(922), typeId: "mpo12-typeB-ff-os2", label: "", lengthM: 2, splices: 0, ends: [{ connector: "a1", portId: uuid(23) }] }),
      op({ kind: "cable.add", newId: uuid(923), typeId: "lc-ab-os2", label: "", lengthM: 2, splices: 0, ends: [{ connector: "a1", portId: uuid(31), side: "front" }] }),
      op({ kind: "transceiver.remove", transceiverId: uuid(40) }),
      op({ kind: "device.remove", deviceId: uuid(12) }),
      op({ kind: "cable.remove", cableId: uuid(999) }),
    ];
    const { state, outcomes } = applyOperations(site(), ops);
    expect(Object.keys(outcomes[0]!.problems)).toEqual(["ends.0.portId", "ends.1.connector"]);
    expect(outcomes[0]!.problems["ends.0.portId"]).toMatch(/already holds cable C1/);
    expect(outcomes[1]!.problems.typeId).toMatch(/no cable type/);
    expect(outcomes[2]!.problems["ends.0.portId"]).toMatch(/has no transceiver/);
    expect(outcomes[3]!.problems["ends.0.portId"]).toMatch(/LC and P1:2 takes MPO-12/);
    expect(outcomes[4]!.problems.transceiverId).toMatch(/still plugged/);
    expect(outcomes[5]!.problems.deviceId).toMatch(/still plugged into P1/);
    expect(outcomes[6]!.problems.cableId).toMatch(/not in the site/);
    expect(state.cables).toHaveLength(4);
  });

  it("re-pins and re-keys MTP ends through the engine's field-change rules, never generic MPO", () => {
    const generic = applyOperations(site(), [op({ kind: "cable.field", cableId: uuid(50), end: "a", change: "gender" })]);
    expect(generic.outcomes[0]!.problems.end).toMatch(/generic MPO housing is not removable/);
    const apcKey = applyOperations(site(), [op({ kind: "cable.field", cableId: uuid(53), end: "a", change: "key" })]);
    expect(apcKey.outcomes[0]!.problems.end).toMatch(/APC end face is angled/);
    const repin = applyOperations(site(), [op({ kind: "cable.field", cableId: uuid(53), end: "a", change: "gender" })]);
    expect(repin.outcomes[0]!.problems).toEqual({});
    // M-M with end A unpinned is F-M: the male-female type turned end for end.
    const t2 = repin.state.cables.find((c) => c.id === uuid(53))!;
    expect(t2.typeId).toBe("mpo12-typeB-mf-os2-elite");
    expect(repin.state.plugs.filter((p) => p.cableId === uuid(53)).map((p) => [p.connector, p.portId])).toEqual(
      expect.arrayContaining([
        ["b1", uuid(31)],
        ["a1", uuid(33)],
      ]),
    );
    expect(repin.outcomes[0]!.text).toMatch(/^Re-pin trunk T2 end A at P1:2: unplug it, remove the guide pins/);
  });

  it("derives field-changed types from the catalog", () => {
    const cable = (id: string) => getBuiltInType(id) as CableType;
    expect(fieldChangedType(cable("mpo12-typeA-ff-om4-elite"), "b", "key")).toMatchObject({ ok: true, typeId: "mpo12-typeB-ff-om4-elite", swapEnds: false });
    expect(fieldChangedType(cable("mpo12-typeA-ff-om4-elite"), "b", "gender")).toMatchObject({ ok: true, typeId: "mpo12-typeA-mf-om4-elite", swapEnds: true });
    expect(fieldChangedType(cable("mpo12-typeC-ff-om4-mtp"), "a", "key")).toMatchObject({ ok: false });
    expect(fieldChangedType(cable("lc-ab-om4"), "a", "gender")).toMatchObject({ ok: false, reason: expect.stringMatching(/duplex connector/) });
    expect(fieldChangedType(cable("harness-mpo8-4xlc-f-om4-mtp"), "a", "gender")).toMatchObject({ ok: true, typeId: "harness-mpo8-4xlc-m-om4-mtp" });
  });

  it("plans a switch with cages, optics in them and a cord, referring to what the plan installs", () => {
    const dev = uuid(930);
    const cageId = plannedPortId(dev, "Ethernet1/1");
    expect(plannedPortId(dev, "ethernet1/1")).toBe(cageId);
    expect(cageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    const ops = [
      op({ kind: "cable.add", newId: uuid(932), typeId: "mpo12-typeB-ff-os2", label: "C9", lengthM: 2, splices: 0, ends: [{ connector: "a1", portId: cageId }, { connector: "b1", portId: uuid(31) }] }),
      op({ kind: "transceiver.add", newId: uuid(931), portId: cageId, typeId: DR4, serial: "S1" }),
      op({ kind: "device.add", newId: dev, name: "sw3", role: "switch", model: "", rackId: uuid(2), uPosition: 41, uHeight: 1, face: "front", bays: 0, ports: [{ names: "Ethernet1/1..2", kind: "transceiver", cage: "qsfpdd" }] }),
      op({ kind: "device.add", newId: uuid(933), name: "sw4", role: "switch", model: "", rackId: uuid(2), uPosition: 40, uHeight: 1, face: "front", bays: 0, ports: [] }),
    ];
    const { state, outcomes } = applyOperations(site(), ops);
    expect(outcomes.slice(0, 3).flatMap((o) => Object.values(o.problems))).toEqual([]);
    expect(outcomes[3]!.problems.name).toBeUndefined();
    expect(outcomes[3]!.problems.uPosition).toMatch(/taken by sw1/);
    expect(outcomes[0]!.needs).toEqual(expect.arrayContaining([cageId, uuid(931)]));
    expect(state.ports.filter((p) => p.deviceId === dev).map((p) => p.name)).toEqual(["Ethernet1/1", "Ethernet1/2"]);
    expect(judge(state).channels.length).toBe(2);
  });

  it("moves a cable end, and a transceiver between cages", () => {
    const ops = [
      op({ kind: "cable.move", cableId: uuid(51), connector: "a1", portId: uuid(21) }),
      op({ kind: "transceiver.move", transceiverId: uuid(40), portId: uuid(21) }),
    ];
    const { state, outcomes } = applyOperations(site(), ops);
    expect(outcomes.flatMap((o) => Object.values(o.problems))).toEqual([]);
    expect(state.transceivers.find((x) => x.id === uuid(40))!.portId).toBe(uuid(21));
    expect(state.plugs.find((p) => p.cableId === uuid(51) && p.connector === "a1")!.portId).toBe(uuid(21));
    expect(outcomes[0]!.text).toBe("Move cord C1 connector a1 out of sw1:Ethernet1/1 into sw1:Ethernet1/2");
    expect(judge(state).verdict).toBe("pass");
  });

  it("installs a new trunk beside the live one first, then cuts the channel over once: cords moved, old trunk out", () => {
    const base = site();
    base.cables = base.cables.filter((c) => c.id !== uuid(53));
    base.plugs = base.plugs.filter((p) => p.cableId !== uuid(53));
    const ops = [
      op({ kind: "cable.remove", cableId: uuid(50) }),
      op({ kind: "cable.move", cableId: uuid(51), connector: "b1", portId: uuid(31), side: "front" }),
      op({ kind: "cable.add", newId: uuid(940), typeId: "mpo12-typeB-mm-os2", label: "T3", lengthM: 30, splices: 0, ends: [{ connector: "a1", portId: uuid(31), side: "rear" }, { connector: "b1", portId: uuid(33), side: "rear" }] }),
      op({ kind: "cable.move", cableId: uuid(52), connector: "a1", portId: uuid(33), side: "front" }),
    ];
    const { state, outcomes } = applyOperations(base, ops);
    expect(outcomes.flatMap((o) => Object.values(o.problems))).toEqual([]);
    const touched = outcomes.flatMap((o) => o.ports);
    const part = new Set([...partPorts(base, touched), ...partPorts(state, touched)]);
    const before = judgePartOf(base, part);
    const after = judgePartOf(state, part);
    expect(before.channels.map((c) => c.verdict)).toEqual(["pass"]);
    expect(after.channels.map((c) => c.verdict)).toEqual(["pass"]);
    expect(after.channels[0]!.ports).toContain(uuid(31));
    const wo = orderWorkSteps(ops, outcomes, before.channels);
    expect(wo.steps.map((s) => [s.kind, s.group])).toEqual([
      ["cable.add", 0],
      ["cable.remove", 1],
      ["cable.move", 1],
      ["cable.move", 1],
    ]);
    expect(wo.cutOvers).toEqual([{ group: 1, from: 2, to: 4, linksDown: [{ key: before.channels[0]!.key, title: "sw1:Ethernet1/1 ↔ sw2:Ethernet1/1" }], touched: [expect.objectContaining({ verdict: "pass" })] }]);
  });
});
