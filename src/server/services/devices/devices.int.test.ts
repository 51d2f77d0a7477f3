import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { Plant } from "../../../../test/plant";
import { useTestDatabase } from "../../../../test/db";
import { failure } from "../../../../test/failure";
import { auditEvents, ports } from "../../db/schema";
import type { ServiceError } from "../errors";
import { deleteRack } from "../racks/delete-rack";
import { getRack } from "../racks/get-rack";
import { updateRack } from "../racks/update-rack";
import { installTransceiver } from "../transceivers/install-transceiver";
import { removeTransceiver } from "../transceivers/remove-transceiver";
import { addPorts } from "./add-ports";
import { createDevice } from "./create-device";
import { deleteDevice } from "./delete-device";
import { deletePort } from "./delete-port";
import { getDevice } from "./get-device";
import { installModule } from "./install-module";
import { listDevices } from "./list-devices";
import { removeModule } from "./remove-module";
import { updateDevice } from "./update-device";
import { updateModule } from "./update-module";
import { readFile } from "node:fs/promises";
import { deleteDeviceTemplate, listDeviceTemplates } from "../catalog/device-templates";
import { importDeviceTypes } from "../imports/device-types";

const t = useTestDatabase();


describe("devices in racks", () => {
  it("mounts devices unit by unit and refuses an overlap on the same face, naming who holds the units", () =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site();
      const rack = await p.rack("A01", "Hall A", "A", 1);
      const leaf = await createDevice(ctx, { siteId: p.siteId, rackId: rack, name: "leaf1", role: "switch", uPosition: 40, uHeight: 2, fullDepth: true });
      expect(leaf).toMatchObject({ uPosition: 40, uHeight: 2, face: "front", version: 1 });
      const overlap = await failure(createDevice(ctx, { siteId: p.siteId, rackId: rack, name: "leaf2", role: "switch", uPosition: 41 }));
      expect(overlap.fields.uPosition).toBe("U41 of rack A01 is taken by leaf1 (U40-U41, full depth).");
      const tooHigh = await failure(createDevice(ctx, { siteId: p.siteId, rackId: rack, name: "pp1", role: "panel", uPosition: 42, uHeight: 2 }));
      expect(tooHigh.fields.uPosition).toBe("Rack A01 is 42 U high: a 2 U device fits from U1 to U41.");
      // Half-depth panels share a unit front and rear.
      await createDevice(ctx, { siteId: p.siteId, rackId: rack, name: "pp-front", role: "panel", uPosition: 10 });
      await createDevice(ctx, { siteId: p.siteId, rackId: rack, name: "pp-rear", role: "panel", uPosition: 10, face: "rear" });
      const same = await failure(createDevice(ctx, { siteId: p.siteId, rackId: rack, name: "pp-again", role: "panel", uPosition: 10 }));
      expect(same.fields.uPosition).toBe("U10 of rack A01 is taken by pp-front (U10, front).");
      const dup = await failure(createDevice(ctx, { siteId: p.siteId, name: "LEAF1", role: "switch" }));
      expect(dup.fields.name).toBe('This site already has a device named "LEAF1".');

      const elevation = await getRack(ctx, { id: rack });
      expect(elevation.devices.map((d) => `${d.name}@${d.uPosition}${d.face[0]}`)).toEqual(["leaf1@40f", "pp-front@10f", "pp-rear@10r"]);
      expect(elevation.devices[0]!.tia).toBe("LAB.A01-40");
      expect((await listDevices(ctx, { siteId: p.siteId, q: "pp" })).items.map((d) => d.name)).toEqual(["pp-front", "pp-rear"]);
    }));

  it("moves a device, refuses a stale save, and keeps a rack that still holds devices", () =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site();
      const a = await p.rack("A01");
      const b = await p.rack("A02");
      const d = await createDevice(ctx, { siteId: p.siteId, rackId: a, name: "srv1", role: "server", uPosition: 5, uHeight: 2 });
      const moved = await updateDevice(ctx, { id: d.id, version: 1, rackId: b, uPosition: 20 });
      expect(moved).toMatchObject({ rackId: b, uPosition: 20, version: 2 });
      const stale = await failure(updateDevice(ctx, { id: d.id, version: 1, name: "srv-late" }));
      expect(stale.code).toBe("CONFLICT");
      expect(stale.message).toMatch(/changed by someone else since you opened it/);

      const refused = await failure(deleteRack(ctx, { id: b, version: 1 }));
      expect(refused.message).toBe('Rack "A02" still holds devices (srv1). Move or delete them first.');
      const shrink = await failure(updateRack(ctx, { id: b, version: 1, uHeight: 20 }));
      expect(shrink.fields.uHeight).toBe("srv1 is mounted up to U21: the rack cannot be lower than 21 U.");
      await deleteRack(ctx, { id: a, version: 1 });

      const audit = await ctx.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.objectId, d.id)).orderBy(asc(auditEvents.id));
      expect(audit.map((e) => e.action)).toEqual(["device.create", "device.move"]);
    }));

  it("installs cassettes in bays with their ports, moves them, and refuses removal while cabled", () =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site();
      await p.rack("A01");
      await p.switch("leaf1", "A01", 40, 1, "sfp28-25gbase-sr");
      const panel = await createDevice(ctx, { siteId: p.siteId, rackId: p.racks.get("A01")!, name: "pp1", role: "panel", uPosition: 30, bays: 2 });
      const cas = await installModule(ctx, { deviceId: panel.id, bay: "1", kind: "cassette", typeId: "cas-mpo12-6xlc-methodA-m-om4" });
      const wrongKind = await failure(installModule(ctx, { deviceId: panel.id, bay: "2", kind: "cassette", typeId: "lc-ab-om4" }));
      expect(wrongKind.fields.typeId).toBe('"lc-ab-om4" is a cable type, not a cassette (module) type.');
      const plate = await installModule(ctx, { deviceId: panel.id, bay: "2", kind: "plate", family: "MPO-12", keyType: "A", count: 6 });
      const taken = await failure(installModule(ctx, { deviceId: panel.id, bay: "1", kind: "plate", family: "LC", keyType: "B", count: 6 }));
      expect(taken.fields.bay).toBe("Bay 1 of pp1 already holds a module.");
      const noBay = await failure(installModule(ctx, { deviceId: panel.id, bay: "9", kind: "cassette", typeId: "cas-mpo12-6xlc-methodA-m-om4" }));
      expect(noBay.fields.bay).toBe('pp1 has no bay "9" (bays: 1, 2).');

      const view = await getDevice(ctx, { id: panel.id });
      expect(view.bays.map((b) => [b.name, b.module?.kind, b.module?.method])).toEqual([
        ["1", "cassette", "A"],
        ["2", "plate", null],
      ]);
      const names = view.ports.map((x) => x.name);
      expect(names.slice(0, 7)).toEqual(["1/R", "1/1", "1/2", "1/3", "1/4", "1/5", "1/6"]);
      expect(names.slice(7)).toEqual(["2/1", "2/2", "2/3", "2/4", "2/5", "2/6"]);
      expect(view.ports.find((x) => x.name === "1/R")).toMatchObject({ family: "MPO-12", keyType: "A", outerSides: ["rear"] });
      expect(view.ports.find((x) => x.name === "1/1")).toMatchObject({ family: "LC", keyType: "B", outerSides: ["front"] });
      expect(view.ports.find((x) => x.name === "2/1")).toMatchObject({ family: "MPO-12", outerSides: ["front", "rear"] });

      await p.remember(panel.id);
      await p.cable("lc-ab-om4", 2, { a1: "leaf1:Ethernet1/1", b1: "pp1:1/1" }, "N1");
      const cabled = await failure(removeModule(ctx, { id: cas.id, version: 1 }));
      expect(cabled.message).toBe("This module still has cables plugged in (N1 in 1/1). Unplug them first.");
      const movedPlate = await updateModule(ctx, { id: plate.id, version: 1, bay: "1" }).catch((e: unknown) => e);
      expect((movedPlate as ServiceError).fields.bay).toBe("Bay 1 of pp1 already holds a module.");
      await removeModule(ctx, { id: plate.id, version: 1 });
      const afterPorts = await ctx.db.select({ name: ports.name }).from(ports).where(and(eq(ports.deviceId, panel.id)));
      expect(afterPorts).toHaveLength(7);
      const refuse = await failure(deleteDevice(ctx, { id: panel.id, version: 1 }));
      expect(refuse.message).toBe('Device "pp1" still has cables plugged in (N1 in 1/1). Unplug or delete them first.');
    }));

  it("adds port groups, guards transceivers and ports in use, and names bad input on its field", () =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site();
      await p.rack("A01");
      const sw = await p.switch("leaf1", "A01", 40, 2);
      const extra = await addPorts(ctx, { deviceId: sw, group: { names: "Ethernet2/1..4", kind: "transceiver", cage: "qsfp28" } });
      expect(extra.map((x) => x.name)).toEqual(["Ethernet2/1", "Ethernet2/2", "Ethernet2/3", "Ethernet2/4"]);
      const again = await failure(addPorts(ctx, { deviceId: sw, group: { names: "Ethernet2/4..5", kind: "transceiver" } }));
      expect(again.fields["group.names"]).toBe("The device already has a port with one of these names.");
      const noFamily = await addPorts(ctx, { deviceId: sw, group: { names: "1..2", kind: "adapter" } }).catch((e: unknown) => e);
      expect(JSON.stringify(noFamily)).toContain("An adapter needs a connector family.");

      const cage = p.port("leaf1:Ethernet1/1");
      const x = await installTransceiver(ctx, { portId: cage, typeId: "qsfp28-100gbase-sr4" });
      const twice = await failure(installTransceiver(ctx, { portId: cage, typeId: "qsfp28-100gbase-sr4" }));
      expect(twice.fields.portId).toBe("Port Ethernet1/1 already holds a transceiver; change or remove that one.");
      const unknown = await failure(installTransceiver(ctx, { portId: p.port("leaf1:Ethernet1/2"), typeId: "qsfp99-nothing" }));
      expect(unknown.fields.typeId).toBe('There is no transceiver type "qsfp99-nothing" in the catalog.');
      const inUse = await failure(deletePort(ctx, { id: cage, version: 1 }));
      expect(inUse.message).toBe("Port Ethernet1/1 holds a transceiver. Remove it first.");
      await installTransceiver(ctx, { portId: p.port("leaf1:Ethernet1/2"), typeId: "qsfp28-100gbase-sr4" });
      await p.cable("mpo12-typeB-ff-om4", 3, { a1: "leaf1:Ethernet1/1", b1: "leaf1:Ethernet1/2" }, "LOOPBACK");
      const corded = await failure(removeTransceiver(ctx, { id: x.transceiver.id, version: 1 }));
      expect(corded.message).toBe("Cord LOOPBACK is plugged into this transceiver. Unplug it first.");
    }));

  it("makes a switch and a panel from NetBox device types: the template's cages, bays, height and model", () =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site();
      const rack = await p.rack("A01");
      const fixture = (f: string) => readFile(new URL(`../../interchange/netbox/__fixtures__/devicetype-library/${f}`, import.meta.url), "utf8");
      const imported = await importDeviceTypes(ctx, {
        files: [
          { name: "device-types/Arista/DCS-7050CX3-32S.yaml", content: await fixture("device-types/Arista/DCS-7050CX3-32S.yaml") },
          { name: "device-types/Corning/EDGE-02U.yaml", content: await fixture("device-types/Corning/EDGE-02U.yaml") },
          // A fixed patch panel: front ports passing through to rear ports of the same connector.
          {
            name: "device-types/Generic/LC-24.yaml",
            content: [
              "manufacturer: Generic",
              "model: LC-24 1U",
              "slug: generic-lc-24-1u",
              "u_height: 1",
              "front-ports:",
              ...["1", "2", "3"].flatMap((n) => [`  - name: "${n}"`, "    type: lc-upc", `    rear_port: "${n}"`]),
              "rear-ports:",
              ...["1", "2", "3"].flatMap((n) => [`  - name: "${n}"`, "    type: lc-upc", "    positions: 1"]),
            ].join("\n"),
          },
        ],
      });
      expect(imported.files.map((f) => f.outcome)).toEqual(["imported", "imported", "imported"]);
      expect(imported.files[2]).toMatchObject({ summary: "device template: patch panel, 3 adapters (LC key B), 1 U" });
      const templates = await listDeviceTemplates(ctx);
      expect(templates.map((x) => [x.id, x.role, x.uHeight, x.bays.length, x.ports])).toEqual([
        ["arista-dcs-7050cx3-32s", "switch", 1, 0, "32 × qsfp28, 2 × sfpp"],
        ["edge-02u", "panel", 2, 24, ""],
        ["generic-lc-24-1u", "panel", 1, 0, "3 × LC key B"],
      ]);
      const fixed = await createDevice(ctx, { siteId: p.siteId, name: "pp-lc", templateId: "generic-lc-24-1u" });
      expect((await getDevice(ctx, { id: fixed.id })).ports.map((x) => [x.name, x.kind, x.family, x.keyType, x.polish])).toEqual([
        ["1", "adapter", "LC", "B", "UPC"],
        ["2", "adapter", "LC", "B", "UPC"],
        ["3", "adapter", "LC", "B", "UPC"],
      ]);

      const leaf = await createDevice(ctx, { siteId: p.siteId, rackId: rack, name: "leaf1", templateId: "arista-dcs-7050cx3-32s", uPosition: 40 });
      expect(leaf).toMatchObject({ role: "switch", uHeight: 1, model: "Arista DCS-7050CX3-32S" });
      const view = await getDevice(ctx, { id: leaf.id });
      expect(view.ports.length).toBe(34);
      expect(view.ports[0]).toMatchObject({ name: "Ethernet1/1", kind: "transceiver", cage: "qsfp28" });
      expect(view.ports.filter((x) => x.cage === "sfpp").map((x) => x.name)).toEqual(["Ethernet33", "Ethernet34"]);

      // A housing's slots become its bays, by name; extra bays are numbered after them.
      const panel = await createDevice(ctx, { siteId: p.siteId, rackId: rack, name: "pp1", templateId: "edge-02u", uPosition: 30, model: "EDGE-02U in row A" });
      expect(panel).toMatchObject({ role: "panel", uHeight: 2, model: "EDGE-02U in row A" });
      const bays = (await getDevice(ctx, { id: panel.id })).bays.map((b) => b.name);
      expect(bays.slice(0, 3)).toEqual(["01A", "01B", "01C"]);
      expect(bays.length).toBe(24);

      // A port group that repeats a template's port, an unknown type, no role and no type: refused on their fields.
      const dup = await failure(createDevice(ctx, { siteId: p.siteId, name: "leaf2", templateId: "arista-dcs-7050cx3-32s", ports: [{ names: "Ethernet1/1", kind: "transceiver" }] }));
      expect(dup.fields["ports.0.names"]).toBe("Port Ethernet1/1 comes with the device type already.");
      const unknown = await failure(createDevice(ctx, { siteId: p.siteId, name: "leaf2", templateId: "no-such-switch" }));
      expect(unknown.fields.templateId).toMatch(/no device type "no-such-switch"/);
      const noRole = await failure(createDevice(ctx, { siteId: p.siteId, name: "leaf2" }));
      expect(noRole.fields.role).toBe("Choose what the device is.");
      expect((await listDevices(ctx, { siteId: p.siteId })).items.map((d) => d.name).sort()).toEqual(["leaf1", "pp-lc", "pp1"]);

      // Deleting the template leaves the devices made from it as they are.
      const arista = templates.find((x) => x.id === "arista-dcs-7050cx3-32s")!;
      await deleteDeviceTemplate(ctx, { id: arista.id, version: arista.version });
      expect((await listDeviceTemplates(ctx)).map((x) => x.id)).toEqual(["edge-02u", "generic-lc-24-1u"]);
      expect((await getDevice(ctx, { id: leaf.id })).ports.length).toBe(34);
    }));

  it("makes a media converter from its NetBox device type: asked which optic, then a cage with that fixed optic installed, the copper port left out", () =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site();
      const name = "device-types/Generic/media-converter-1g-sc.yaml";
      const content = await readFile(new URL(`../../interchange/netbox/__fixtures__/devicetype-library-fiber/${name}`, import.meta.url), "utf8");
      const asked = await importDeviceTypes(ctx, { files: [{ name, content }] });
      expect(asked.imported).toBe(0);
      expect(asked.files[0]).toMatchObject({ outcome: "needs-answers", family: "switch", questions: [{ field: "optic" }] });
      const q = asked.files[0]!.outcome === "needs-answers" ? asked.files[0]!.questions[0]! : undefined;
      expect(q?.choices.map((c) => c.value)).toEqual(["fixed-sc-1000base-sx", "fixed-sc-1000base-lx"]);

      const imported = await importDeviceTypes(ctx, { files: [{ name, content, answers: { optic: "fixed-sc-1000base-lx" } }] });
      expect(imported.files[0]).toMatchObject({
        outcome: "imported",
        summary: "device template: media converter, cage LAN with the fixed optic fixed-sc-1000base-lx; 1 copper port skipped (Ethernet)",
      });
      const templates = await listDeviceTemplates(ctx);
      expect(templates.map((x) => [x.id, x.role, x.uHeight, x.ports])).toEqual([["generic-media-converter-1g-sc", "switch", 1, "1 × fixed optic fixed-sc-1000base-lx"]]);

      const mc = await createDevice(ctx, { siteId: p.siteId, name: "mc1", templateId: "generic-media-converter-1g-sc" });
      const view = await getDevice(ctx, { id: mc.id });
      expect(view.ports.map((x) => [x.name, x.kind, x.cage, x.transceiver?.typeId])).toEqual([["LAN", "transceiver", null, "fixed-sc-1000base-lx"]]);
    }));
});

describe("port-name ranges a user types", () => {
  it("refuses numbers past 2^53 in every place a range is read, naming the field, instead of looping", () =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site();
      const huge = "9007199254740993..9007199254740999";
      const create = await failure(createDevice(ctx, { siteId: p.siteId, name: "sw1", role: "switch", ports: [{ names: huge, kind: "transceiver" }] }));
      expect(create.fields["ports.0.names"]).toMatch(/at most 9 digits/);
      const d = await createDevice(ctx, { siteId: p.siteId, name: "sw2", role: "switch" });
      const add = await failure(addPorts(ctx, { deviceId: d.id, group: { names: `Ethernet1/${huge}`, kind: "transceiver" } }));
      expect(Object.values(add.fields).join(" ")).toMatch(/at most 9 digits/);
      const many = await failure(addPorts(ctx, { deviceId: d.id, group: { names: "1..257", kind: "transceiver" } }));
      expect(Object.values(many.fields).join(" ")).toMatch(/at most 256 names/);
    }));
});
