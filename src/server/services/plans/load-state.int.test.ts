/** A plan's part of the plant: the same rows as the whole site's, cut to what is joined to the scope. */
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/db";
import { Plant } from "../../../../test/plant";
import { loadPlanState, type PlanScope } from "./load-state";
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
});
