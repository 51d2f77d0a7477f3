/** A plan's part of the plant: the same rows as the whole site's, cut to what is joined to the scope. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/db";
import { Plant } from "../../../../test/plant";
import { applyOperations } from "./apply-operations";
import { loadPlanState, scopeOf, typeIdsOf, type PlanScope } from "./load-state";
import type { StoredOperation } from "./operations";
import { partPorts } from "./part";
import type { PlanState } from "./plan-state";

const t = useTestDatabase();

/** The whole site's state cut to the ports joined to `seeds`, the devices holding them or `devices`, and `racks`' devices, as a scoped read gives it. */
function cut(whole: PlanState, seeds: string[], scope: PlanScope): Omit<PlanState, "types"> {
  const ports = partPorts(whole, seeds);
  const devices = new Set([...whole.ports.filter((p) => ports.has(p.id)).map((p) => p.deviceId), ...(scope.devices ?? [])]);
  const racks = new Set([...(scope.racks ?? []), ...(scope.deviceRacks ?? [])]);
  const plugs = whole.plugs.filter((p) => ports.has(p.portId));
  const cables = new Set([...plugs.map((p) => p.cableId), ...(scope.cables ?? [])]);
  return {
    site: whole.site,
    racks: whole.racks,
    devices: whole.devices.filter((d) => devices.has(d.id) || (d.rackId !== null && racks.has(d.rackId))),
    bays: whole.bays.filter((b) => devices.has(b.deviceId)),
    modules: whole.modules.filter((m) => devices.has(m.deviceId)),
    ports: whole.ports.filter((p) => ports.has(p.id)),
    transceivers: whole.transceivers.filter((x) => ports.has(x.portId)),
    cables: whole.cables.filter((c) => cables.has(c.id)),
    plugs: plugs.filter((p) => whole.cables.some((c) => c.id === p.cableId)),
  };
}

const byKey = <T>(rows: T[]) => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

describe("a plan's part of the plant", () => {
  it("is the whole site's rows cut to what is physically joined to the scope, in the same order", () =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site("Part lab", "PART");
      await p.trunkedPair();
      await p.rack("A03");
      await p.switch("leaf3", "A03", 40, 4, "sfp28-25gbase-sr");
      await p.panel("cas3", "A03", 18, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4"] });
      await p.panel("pp3", "A03", 16, { adapters: [2, "LC", "B"] });
      await p.cable("lc-ab-om4", 2, { a1: "leaf1:Ethernet1/1", b1: "cas1:1/1" }, "N1");
      await p.cable("lc-ab-om4", 2, { a1: "cas2:1/1", b1: "leaf2:Ethernet1/1" }, "F1");
      // A cross-connect from the second chain's cassette to a third chain's: joined.
      await p.cable("lc-aa-om4", 3, { a1: "cas2:1/2", b1: "cas3:1/2" }, "X1");
      await p.cable("lc-ab-om4", 2, { a1: "leaf3:Ethernet1/3", b1: "cas3:1/3" }, "N3");
      // Not joined: a cord from leaf3 to a plain panel, and a cable with no end plugged.
      await p.cable("lc-ab-om4", 2, { a1: "leaf3:Ethernet1/4", b1: "pp3:1" }, "N4");
      await p.cable("lc-ab-om4", 2, {}, "U1");
      const whole = (await loadPlanState(ctx.db, p.siteId))!;
      const check = async (scope: PlanScope, seeds: string[]) => {
        const part = (await loadPlanState(ctx.db, p.siteId, [], scope))!;
        const expected = cut(whole, seeds, scope);
        expect(part.ports).toEqual(expected.ports);
        expect(part.devices).toEqual(expected.devices);
        expect(part.modules).toEqual(expected.modules);
        expect(part.transceivers).toEqual(expected.transceivers);
        expect(part.cables).toEqual(expected.cables);
        expect(part.plugs).toEqual(expected.plugs);
        expect(byKey(part.bays)).toEqual(byKey(expected.bays));
        expect(byKey(part.racks)).toEqual(byKey(expected.racks));
        return part;
      };
      const one = await check({ ports: [p.port("leaf1:Ethernet1/1")] }, [p.port("leaf1:Ethernet1/1")]);
      // Three chains joined: every cassette and leaf port the cords reach, and nothing of pp3.
      expect(one.ports.map((x) => x.id)).toContain(p.port("leaf3:Ethernet1/3"));
      expect(one.ports.map((x) => x.id)).not.toContain(p.port("pp3:1"));
      expect(one.cables.map((c) => c.label).sort()).toEqual(["F1", "N1", "N3", "T1", "X1"]);
      // A device named (its ports joined to nothing), a rack a device is planned into, a named cable.
      const u1 = whole.cables.find((c) => c.label === "U1")!.id;
      await check({ devices: [p.devices.get("pp3")!], deviceRacks: [p.racks.get("A02")!], cables: [u1] }, [p.port("pp3:1"), p.port("pp3:2")]);
    }));

  it("checks operations on what they name as on the whole site: the same problems, reads, ports and steps", () =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site("Reach lab", "REACH");
      await p.trunkedPair();
      await p.rack("A03");
      await p.switch("leaf3", "A03", 40, 4, "sfp28-25gbase-sr");
      await p.panel("cas3", "A03", 18, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4"] });
      await p.panel("pp3", "A03", 16, { adapters: [4, "LC", "B"] });
      await p.cable("lc-ab-om4", 2, { a1: "leaf1:Ethernet1/1", b1: "cas1:1/1" }, "N1");
      await p.cable("lc-ab-om4", 2, { a1: "cas2:1/1", b1: "leaf2:Ethernet1/1" }, "F1");
      // A cross-connect joining a third chain, so the joined part is larger than what is named.
      await p.cable("lc-aa-om4", 3, { a1: "cas2:1/2", b1: "cas3:1/2" }, "X1");
      await p.cable("lc-ab-om4", 2, { a1: "leaf3:Ethernet1/3", b1: "cas3:1/3" }, "N3");
      await p.cable("lc-ab-om4", 2, { a1: "leaf3:Ethernet1/4", b1: "pp3:1" }, "N4");
      await p.cable("lc-ab-om4", 2, { a1: "pp3:2" }, "U1");
      const whole = (await loadPlanState(ctx.db, p.siteId))!;
      const gone = "00000000-0000-4000-8000-000000000001";
      const ports = whole.ports.map((x) => x.id);
      const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
      const cable = pick([...whole.cables.map((c) => c.id), gone]);
      const port = pick(ports);
      const side = fc.option(pick(["front", "rear"] as const), { nil: undefined });
      const connector = pick(["a1", "b1", "a2"]);
      let n = 0;
      const newId = () => `00000000-0000-4000-9000-${String(++n).padStart(12, "0")}`;
      const op: fc.Arbitrary<StoredOperation> = fc.oneof(
        fc
          .record({ typeId: pick(["lc-ab-om4", "lc-aa-om4", "mpo12-typeA-ff-om4", "sfp28-25gbase-sr"]), ends: fc.array(fc.record({ connector, portId: port, side }), { maxLength: 2 }) })
          .map((o) => ({ kind: "cable.add", label: "", lengthM: 2, splices: 0, ...o, ends: o.ends.map((e) => (e.side ? e : { connector: e.connector, portId: e.portId })), newId: newId() }) as StoredOperation),
        cable.map((cableId) => ({ kind: "cable.remove", cableId }) as StoredOperation),
        fc.record({ cableId: cable, connector, portId: fc.option(port, { nil: null }), side }).map((o) => ({ kind: "cable.move", ...o }) as StoredOperation),
        fc.record({ cableId: cable, typeId: pick(["lc-aa-om4", "mpo12-typeB-ff-om4"]) }).map((o) => ({ kind: "cable.retype", ...o }) as StoredOperation),
        port.map((portId) => ({ kind: "transceiver.add", portId, typeId: "sfp28-25gbase-sr", serial: "", newId: newId() }) as StoredOperation),
        pick([...whole.transceivers.map((x) => x.id), gone]).map((transceiverId) => ({ kind: "transceiver.remove", transceiverId }) as StoredOperation),
        fc.record({ transceiverId: pick(whole.transceivers.map((x) => x.id)), portId: port }).map((o) => ({ kind: "transceiver.move", ...o }) as StoredOperation),
        pick(whole.modules.map((m) => m.id)).map((moduleId) => ({ kind: "module.remove", moduleId }) as StoredOperation),
        pick(whole.devices.map((d) => d.id)).map((deviceId) => ({ kind: "device.remove", deviceId }) as StoredOperation),
        fc
          .record({ deviceId: pick(whole.devices.map((d) => d.id)), rackId: pick(whole.racks.map((r) => r.id)), uPosition: pick([16, 18, 30, 40]) })
          .map((o) => ({ kind: "device.move", face: "front", ...o }) as StoredOperation),
        fc
          .record({ name: pick(["leaf1", "leaf9"]), rackId: pick(whole.racks.map((r) => r.id)), uPosition: pick([18, 30]) })
          .map((o) => ({ kind: "device.add", role: "switch", model: "", uHeight: 1, face: "front", bays: 0, ports: [], ...o, newId: newId() }) as StoredOperation),
      );
      let accepted = 0;
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 5 }), async (ops) => {
          const named = (await loadPlanState(ctx.db, p.siteId, typeIdsOf(ops), scopeOf(ops), "named"))!;
          const outcomes = applyOperations(named, ops).outcomes;
          expect(outcomes).toEqual(applyOperations(whole, ops).outcomes);
          for (const o of outcomes) if (Object.keys(o.problems).length) refused++;
          else accepted++;
          // What is named is much less than the site here: the property says something.
          expect(named.ports.length).toBeLessThan(whole.ports.length);
        }),
        { numRuns: 60 },
      );
      // Operations carried out and operations refused, both many: both kinds of outcome compared.
      expect(accepted).toBeGreaterThan(20);
      expect(refused).toBeGreaterThan(20);
    }));
});
