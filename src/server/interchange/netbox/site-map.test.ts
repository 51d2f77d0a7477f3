import { describe, expect, it } from "vitest";
import { fiberSiteDump } from "../../../../test/netbox/fiber-site";
import { mapNetboxSite } from "./site-map";
import { snapshotFromDump } from "./site-snapshot";
import { interfaceTypeInfo } from "./slugs";

const ANSWERS = {
  "Acme CAS-MTP12-6LC-OM4-B": { rearPolish: "UPC", frontPolish: "UPC" },
  "interface 10gbase-x-sfpp": { transceiver: "sfpp-10gbase-sr" },
};
type Rec = ReturnType<typeof fiberSiteDump>[number];
const edit = (recs: Rec[], model: string, pk: number, fields: Record<string, unknown>) => {
  const r = recs.find((x) => x.model === model && x.pk === pk)!;
  Object.assign(r.fields, fields);
  return recs;
};

describe("a NetBox site as a site file", () => {
  it("reads NetBox's 1G slug, which states its speed without a unit, as an SFP cage", () => {
    expect(interfaceTypeInfo("1000base-x-sfp")).toEqual({ slug: "1000base-x-sfp", cage: "sfp", speedGbps: 1 });
    expect(interfaceTypeInfo("100gbase-x-qsfp28")).toEqual({ slug: "100gbase-x-qsfp28", cage: "qsfp28", speedGbps: 100 });
  });

  it("places racks, devices at their units and cassettes in slots, and writes the cables as NetBox CSV rows", () => {
    const m = mapNetboxSite(snapshotFromDump(fiberSiteDump(), "lab-1"), ANSWERS);
    expect(m.questions).toEqual([]);
    const leaf1 = m.siteFile.devices!.find((d) => d.name === "leaf1")!;
    expect(leaf1).toMatchObject({ rack: "R01", unit: 40, height: 1, face: "front", role: "switch" });
    expect(leaf1.cages).toContainEqual({ name: "Ethernet1", transceiver: "sfpp-10gbase-sr", cage: "sfpp" });
    // Uncabled cages stay empty: nothing is guessed for them.
    expect(leaf1.cages).toContainEqual({ name: "Ethernet2", cage: "sfpp" });
    expect(m.siteFile.devices!.find((d) => d.name === "PP-R01")).toMatchObject({ role: "panel", modules: [{ slot: "1", type: "acme-cas-mtp12-6lc-om4-b" }] });
    expect(m.siteFile.devices!.find((d) => d.name === "pdu1")).toEqual({ id: "pdu1", name: "pdu1", role: "other", rack: "R01" });
    const trunk = m.cables.find((c) => c.netboxId === 2)!.row;
    expect(trunk).toMatchObject({ sideA: { device: "PP-R01", type: "dcim.rearport", names: ["1/R"] }, sideB: { device: "PP-R02", names: ["1/R"] }, type: "mmf-om4", length: 30, lengthUnit: "m", label: "T-1", color: "00ffff" });
    expect(m.cables.find((c) => c.netboxId === 3)!.row.label).toBe("#3");
  });

  it("reports a device that would reach above its rack, and a cable end spread over two devices", () => {
    const recs = edit(fiberSiteDump(), "dcim.device", 1, { position: "42.0" });
    edit(recs, "dcim.devicetype", 1, { u_height: "2.0" });
    recs.push({ model: "dcim.cabletermination", pk: 99, fields: { cable: 1, cable_end: "A", termination_type: ["dcim", "interface"], termination_id: 5, _device: 2, _site: 1 } });
    const m = mapNetboxSite(snapshotFromDump(recs, "lab-1"), ANSWERS);
    expect(m.refused).toContainEqual({ object: "dcim.device", id: 1, name: "leaf1", reason: "at U42 with 2 U it reaches above the top of its rack (42 U); placed in the rack without a unit" });
    expect(m.siteFile.devices!.find((d) => d.name === "leaf1")!.unit).toBeUndefined();
    expect(m.refused).toContainEqual({ object: "dcim.cable", id: 1, name: "P-101", reason: "side A ends on several devices; NetBox's cable CSV holds one device per side" });
  });

  it("asks again when an answer is not one of the choices", () => {
    const m = mapNetboxSite(snapshotFromDump(fiberSiteDump(), "lab-1"), { ...ANSWERS, "interface 10gbase-x-sfpp": { transceiver: "qsfp28-100gbase-sr4" } });
    expect(m.questions.map((q) => q.why)).toEqual([expect.stringContaining('"qsfp28-100gbase-sr4" is not one of the choices')]);
  });
});

describe("an adapter panel whose type gives its adapters' rears as one rear port", () => {
  it("places each adapter by its front; the shared NetBox rear port, and the cable on it, are reported, never put on one adapter", () => {
    // The cassettes become Panduit-style adapter panels: 6 LC fronts onto one LC rear of 6 positions.
    const recs = fiberSiteDump();
    edit(recs, "dcim.moduletype", 1, { model: "FAP6-LC", comments: "Fiber Adapter Panel (6 LC Duplex/12 Strand, Aqua)" });
    edit(recs, "dcim.rearporttemplate", 1, { type: "lc" });
    for (const pk of [101, 102]) edit(recs, "dcim.rearport", pk, { type: "lc" });
    const m = mapNetboxSite(snapshotFromDump(recs, "lab-1"), { "interface 10gbase-x-sfpp": { transceiver: "sfpp-10gbase-sr" } });
    expect(m.questions).toEqual([]);
    const pp = m.siteFile.devices!.find((d) => d.name === "PP-R01")!;
    expect(pp.adapters?.map((a) => `${a.name} ${a.family} ${a.key}`)).toEqual(["1/1", "1/2", "1/3", "1/4", "1/5", "1/6"].map((n) => `${n} LC B`));
    expect(m.refused).toContainEqual({
      object: "dcim.rearport",
      id: 101,
      name: expect.any(String),
      reason: expect.stringContaining("its type's file gives the rears of 6 adapters (1/1, 1/2 … 1/6) as this one port"),
    });
    expect(m.refused.filter((r) => r.object === "dcim.cable").map((r) => r.id)).toContain(2);
    expect(m.cables.find((c) => c.netboxId === 1)!.row.sideB).toMatchObject({ device: "PP-R01", type: "dcim.frontport", names: ["1/1"] });
  });
});

describe("cable labels", () => {
  it("keeps each cable on one CSV line: a label's line breaks become spaces", () => {
    const recs = edit(fiberSiteDump(), "dcim.cable", 1, { label: "P-101\r\nspare" });
    const m = mapNetboxSite(snapshotFromDump(recs, "lab-1"), ANSWERS);
    expect(m.cables.find((c) => c.netboxId === 1)!.row.label).toBe("P-101 spare");
  });
});

describe("the REST API's objects", () => {
  it("reads a 4.5+ front port template's mapping (rear_ports) as the legacy rear_port does", async () => {
    const { fiberSiteApi } = await import("../../../../test/netbox/fiber-site");
    const { snapshotFromApiObjects } = await import("./site-snapshot");
    const api = fiberSiteApi();
    const lists = Object.fromEntries(
      [
        ["sites", "/api/dcim/sites/"],
        ["locations", "/api/dcim/locations/"],
        ["racks", "/api/dcim/racks/"],
        ["devices", "/api/dcim/devices/"],
        ["module-bays", "/api/dcim/module-bays/"],
        ["modules", "/api/dcim/modules/"],
        ["interfaces", "/api/dcim/interfaces/"],
        ["front-ports", "/api/dcim/front-ports/"],
        ["rear-ports", "/api/dcim/rear-ports/"],
        ["cables", "/api/dcim/cables/"],
      ].map(([k, p]) => [k, api.get(p!)!]),
    ) as never;
    const templatesOf = (shape: "legacy" | "4.5") => {
      const of = (path: string) => api.get(path)!.filter((x) => (x.module_type as { id: number } | null)?.id === 1);
      const fronts = of("/api/dcim/front-port-templates/").map((f) => {
        if (shape === "legacy") return f;
        const { rear_port, rear_port_position, ...rest } = f as { rear_port: { id: number }; rear_port_position: number };
        return { ...rest, rear_ports: [{ position: 1, rear_port: rear_port.id, rear_port_position }] };
      });
      return { interface: [], frontport: fronts, rearport: of("/api/dcim/rear-port-templates/"), bay: [] };
    };
    const types = new Map([["module-type:1", api.get("/api/dcim/module-types/")![0]!]]);
    const legacy = snapshotFromApiObjects("lab-1", { lists, types, templates: new Map([["module-type:1", templatesOf("legacy")]]) });
    const mapped = snapshotFromApiObjects("lab-1", { lists, types, templates: new Map([["module-type:1", templatesOf("4.5")]]) });
    const fronts = (s: typeof legacy) => s.types.get("module-type:1")!.ports.filter((p) => p.kind === "frontport").map((p) => `${p.name}>${p.rearPort}:${p.rearPortPosition}`);
    expect(fronts(mapped)).toEqual(fronts(legacy));
    expect(fronts(mapped)[5]).toBe("{module}/6>{module}/R:6");
  });
});
