import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { fiberSiteDump } from "../../../../test/netbox/fiber-site";
import { useTestDatabase } from "../../../../test/db";
import { cables, channelJudgements, deviceTemplates, devices, plans, planOperations, sites } from "../../db/schema";
import type { ServiceContext } from "../context";
import { importNetboxSite, summaryLine, type NetboxSiteResult } from "./netbox-site";
import { listFindings } from "../connectivity/list-findings";

const t = useTestDatabase();

const ANSWERS = {
  "Acme CAS-MTP12-6LC-OM4-B": { rearPolish: "UPC", frontPolish: "UPC" },
  "interface 10gbase-x-sfpp": { transceiver: "sfpp-10gbase-sr" },
  cables: { lengthM: "3" },
};

const dump = (opts: Parameters<typeof fiberSiteDump>[0] = {}) => ({ kind: "dump" as const, file: [JSON.stringify(fiberSiteDump(opts))] });
const run = (ctx: ServiceContext, answers: Record<string, Record<string, string>>, opts: Parameters<typeof fiberSiteDump>[0] = {}) => importNetboxSite(ctx, { slug: "lab-1", answers }, dump(opts));
function imported(r: NetboxSiteResult) {
  if (r.outcome !== "imported") throw new Error(`expected imported, got ${r.outcome}: ${JSON.stringify(r).slice(0, 600)}`);
  return r;
}

describe("NetBox site import from a dump", () => {
  it("asks once per type what NetBox does not say, and writes nothing until answered", () =>
    t.rollback(async (ctx) => {
      const r = await run(ctx, {}, { lengthless: true });
      expect(r.outcome).toBe("needs-answers");
      if (r.outcome !== "needs-answers") return;
      // One cassette type used twice: its questions once; one interface type: one transceiver question.
      expect(r.questions.map((q) => `${q.key}.${q.field}`).sort()).toEqual(["Acme CAS-MTP12-6LC-OM4-B.frontPolish", "Acme CAS-MTP12-6LC-OM4-B.rearPolish", "interface 10gbase-x-sfpp.transceiver"]);
      expect(r.questions.find((q) => q.field === "rearPolish")!.appliesTo).toMatch(/^2 modules/);
      expect((await ctx.db.select().from(devices)).filter((d) => d.name === "leaf1")).toHaveLength(0);
      // With the types answered, the cord without a length is asked about.
      const r2 = await run(ctx, { ...ANSWERS, cables: {} }, { lengthless: true });
      expect(r2.outcome === "needs-answers" && r2.questions.map((q) => `${q.key}.${q.field}`)).toEqual(["cables.lengthM"]);
    }));

  it("imports the whole site in one go, refusing what it cannot place by NetBox id, name and reason", () =>
    t.rollback(async (ctx) => {
      const r = imported(await run(ctx, ANSWERS, { lengthless: true }));
      expect(r.site.code).toBe("LAB-1");
      expect(r.counts).toEqual({ rooms: 1, racks: 2, devices: 5, modules: 2, ports: 22, cables: 3 });
      expect(r.refusals).toContainEqual({ object: "dcim.cable", id: 4, name: "PWR-1", reason: "cable type power is not fiber; Ferrule manages fiber only" });
      expect(r.refusals).toContainEqual(expect.objectContaining({ object: "dcim.interface", name: "leaf1 mgmt0" }));
      expect(r.refusals.some((x) => x.name.startsWith("far"))).toBe(false); // another site's device is not read
      expect(r.renamed).toContainEqual({ id: 3, netbox: "PP:R01", ferrule: "PP-R01" });
      // The switch and housing models join the catalog as device types (the PDU has no fiber: not one).
      expect(r.catalog).toEqual({ added: ["Acme Leaf-48S", "Acme FHD-1U"], already: [], notAdded: [] });
      expect((await ctx.db.select().from(deviceTemplates)).map((x) => `${x.id} ${x.role}`).sort()).toEqual(expect.arrayContaining(["fhd-1u panel", "leaf-48s switch"]));
      // leaf1 → cassette → trunk → cassette → leaf2: one channel, judged.
      const judged = await ctx.db.select({ title: channelJudgements.title }).from(channelJudgements).where(eq(channelJudgements.siteId, r.site.id));
      expect(judged.map((j) => j.title).sort()).toEqual(["leaf1:Ethernet1", "leaf2:Ethernet1"]);
      expect(r.summary.channels).toBe(judged.length);
      expect(summaryLine(r.summary)).toBe(`imported ${r.summary.imported} objects, refused ${r.refusals.length}, channels ${judged.length}, findings ${r.summary.findings}`);
      expect(r.summary.imported).toBe(1 + 2 + 5 + 2 + 22 + 3);
      const rows = await ctx.db.select().from(cables).where(eq(cables.siteId, r.site.id));
      expect(rows.map((c) => `${c.label} ${c.typeId} ${c.lengthM} ${c.status} ${c.colour}`).sort()).toEqual([
        "#3 lc-ab-om4 3 installed 00ffff",
        "P-101 lc-ab-om4 2 installed 00ffff",
        "T-1 mpo12-typeB-ff-om4 30 installed 00ffff",
      ]);
    }));

  it("names the NetBox cable of each row the cable import refuses", () =>
    t.rollback(async (ctx) => {
      // A second cord onto a port another already holds: refused by the cable import, named by NetBox id.
      const r = imported(await run(ctx, ANSWERS, { doubled: true }));
      const cords = r.refusals.filter((x) => x.object === "dcim.cable" && x.id !== 4);
      expect(cords.map((x) => `${x.id} ${x.name}`)).toEqual(["6 P-102"]);
      expect(cords[0]!.reason).toMatch(/already holds/);
      expect(r.counts.cables).toBe(3);
    }));

  it("takes cords into empty cages, the cord's type from its other end", () =>
    t.rollback(async (ctx) => {
      const r = imported(await run(ctx, { ...ANSWERS, "interface 10gbase-x-sfpp": { transceiver: "none" } }));
      expect(r.refusals.filter((x) => x.object === "dcim.cable" && x.id !== 4)).toEqual([]);
      expect(r.counts.cables).toBe(3);
    }));

  it("refuses a dump without the site, naming the sites it has", () =>
    t.rollback(async (ctx) => {
      await expect(importNetboxSite(ctx, { slug: "nowhere" }, dump())).rejects.toMatchObject({ code: "INVALID", fields: { file: expect.stringMatching(/no site "nowhere".*lab-1, elsewhere/) } });
      await expect(importNetboxSite(ctx, { slug: "lab-1" }, { kind: "dump", file: ["{not json"] })).rejects.toMatchObject({ code: "INVALID" });
      await expect(importNetboxSite(ctx, { slug: "lab 1" }, dump())).rejects.toMatchObject({ name: "ZodError" });
    }));

  it("imports the same site again as a draft change plan of the difference", () =>
    t.rollback(async (ctx) => {
      const first = imported(await run(ctx, ANSWERS));
      const same = await run(ctx, ANSWERS);
      expect(same.outcome).toBe("in-step");
      expect((await ctx.db.select().from(sites)).filter((s) => s.code.startsWith("NB-"))).toEqual([]); // the scratch import was rolled back
      const r = await run(ctx, ANSWERS, { changed: true });
      expect(r.outcome).toBe("planned");
      if (r.outcome !== "planned") return;
      expect(r.site.id).toBe(first.site.id);
      expect(r.diff.devices).toEqual({ added: ["leaf3"], removed: [], moved: [expect.stringMatching(/^leaf2: R02 U40 front → R02 U41 front/)] });
      expect(r.diff.cables.added).toEqual(["P-301"]);
      expect(r.diff.cables.changed).toEqual(expect.arrayContaining([expect.stringMatching(/^#3: ends/), "T-1: length 30 m → 35 m"]));
      expect(r.diff.notPlanned).toContain("cable T-1: length 30 m → 35 m (not a plan operation; edit the cable)");
      const [plan] = await ctx.db.select().from(plans).where(eq(plans.id, r.plan!.id));
      expect(plan!.status).toBe("draft");
      const ops = await ctx.db.select().from(planOperations).where(eq(planOperations.planId, plan!.id));
      expect(ops.map((o) => o.kind).sort()).toEqual(["cable.add", "cable.add", "cable.remove", "device.add", "device.move", "transceiver.add"]);
      expect(r.diff.notPlanned.filter((x) => !x.startsWith("cable T-1"))).toEqual([]);
      // The live site is untouched until the plan is applied.
      expect((await ctx.db.select().from(devices).where(eq(devices.siteId, first.site.id))).map((d) => d.name).sort()).toEqual(["PP-R01", "PP-R02", "leaf1", "leaf2", "pdu1"]);
    }));
});

describe("NetBox's own demo data (v3.6 dump, a committed slice)", () => {
  const slice = () => ({ kind: "dump" as const, file: [readFileSync(new URL("../../../../test/netbox/netbox-demo-v3.6-slice.json", import.meta.url))] });

  it("imports a branch site: racks and devices placed, copper and power refused with reasons", () =>
    t.rollback(async (ctx) => {
      const asked = await importNetboxSite(ctx, { slug: "dm-akron" }, slice());
      expect(asked.outcome === "needs-answers" && asked.questions.map((q) => `${q.key}.${q.field} ${q.appliesTo}`)).toEqual(["interface 1000base-x-sfp.transceiver 1 cabled interface"]);
      const r = imported(await importNetboxSite(ctx, { slug: "dm-akron", answers: { "interface 1000base-x-sfp": { transceiver: "none" } } }, slice()));
      expect(summaryLine(r.summary)).toBe("imported 7 objects, refused 167, channels 0, findings 0");
      expect(r.counts).toMatchObject({ rooms: 1, racks: 1, devices: 4, ports: 1, cables: 0 });
      const reasons = (object: string) => r.refusals.filter((x) => x.object === object);
      expect(reasons("dcim.cable").map((x) => x.reason.replace(/\d+/g, "N")).sort()).toEqual([
        "cable type catNe is not fiber; Ferrule manages fiber only",
        "cable type catNe is not fiber; Ferrule manages fiber only",
        "cable type catNe is not fiber; Ferrule manages fiber only",
        "its end circuits.circuittermination N is not a port of the site's devices (a circuit)",
        "its end dcim.powerport N is not a port of the site's devices (power)",
        "its end dcim.powerport N is not a port of the site's devices (power)",
      ]);
      expect(reasons("dcim.frontport")[0]!.reason).toMatch(/port type "8p8c" is not a fiber connector/);
    }));

  it("imports a campus site whose fiber panels splice their rears: each panel a splice tray, its cords placed, its unspliced fibers found open", () =>
    t.rollback(async (ctx) => {
      const r = imported(await importNetboxSite(ctx, { slug: "ncsu-128", answers: { "interface 10gbase-x-sfpp": { transceiver: "sfpp-10gbase-lr" }, "Generic 48-Pair Fiber Panel": { fiber: "OS2", positionUnit: "pair", frontPolish: "UPC" }, cables: { lengthM: "3" } } }, slice()));
      // The panel is a splice tray (48 SC duplex fronts, 96 splices in slot 1); its four cords to
      // the switch are LC-to-SC. NetBox does not say what is spliced to the rear, so each fiber
      // ends at an open splice: found, not guessed.
      expect(summaryLine(r.summary)).toBe("imported 109 objects, refused 3, channels 4, findings 8");
      expect(r.renamed).toEqual([{ id: 90, netbox: "PP:MDF", ferrule: "PP-MDF" }]);
      expect(r.refusals.filter((x) => x.object === "dcim.frontport")).toHaveLength(0);
      expect(r.refusals.find((x) => x.object === "dcim.rearport")!.reason).toMatch(/its 96 fibers are spliced one by one in Ferrule \(1\/Rear_Splice\.1 … 1\/Rear_Splice\.96\)/);
      const cords = r.refusals.filter((x) => x.object === "dcim.cable").map((x) => x.reason.replace(/\d+/g, "N"));
      expect(cords).toEqual(["its end circuits.circuittermination N is not a port of the site's devices (a circuit)"]);
      const found = await listFindings(ctx, { siteId: r.site.id, limit: 50 });
      expect(found.items.map((x) => x.code)).toEqual(Array(8).fill("POLARITY_OPEN_PORT"));
      expect(found.items.map((x) => x.message).join(" ")).toMatch(/end at the open rear of PP-MDF:1\/Rear_Splice\.1, position 1/);
    }));
});

describe("NetBox's own demo data (v4.2, its PostgreSQL dump restored and written out by scripts/netbox-db-to-dump.ts)", () => {
  it("imports a campus site as the v3.6 dump does", () =>
    t.rollback(async (ctx) => {
      const file = [readFileSync(new URL("../../../../test/netbox/netbox-demo-v4.2-slice.json", import.meta.url))];
      const answers = { "interface 10gbase-x-sfpp": { transceiver: "sfpp-10gbase-lr" }, "Generic 48-Pair Fiber Panel": { fiber: "OS2", positionUnit: "pair", frontPolish: "UPC" }, cables: { lengthM: "3" } };
      const r = imported(await importNetboxSite(ctx, { slug: "ncsu-128", answers }, { kind: "dump", file }));
      expect(summaryLine(r.summary)).toBe("imported 109 objects, refused 3, channels 4, findings 8");
      expect(r.counts).toEqual({ rooms: 1, racks: 1, devices: 2, modules: 1, ports: 100, cables: 4 });
      expect(r.refusals.find((x) => x.object === "dcim.rearport")!.reason).toMatch(/spliced one by one/);
    }));
});
