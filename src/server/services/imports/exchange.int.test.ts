import { readFile, readdir, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { useTestDatabase } from "../../../../test/db";
import { parseSiteFile } from "../../../domain";
import { readXlsx } from "../../documents/xlsx";
import { cablePlugs, cables, channelJudgements, componentTypes, deviceTemplates } from "../../db/schema";
import { parseCableCsv } from "../../interchange/netbox";
import { storedAndFresh } from "../connectivity/agreement";
import { beginBulkPlantChange, judgeWholeSite } from "../connectivity/change";
import type { ServiceContext } from "../context";
import { DEMO_SITE_FILE } from "../demo/seed-demo";
import { cableScheduleCsv, cableScheduleXlsx, SCHEDULE_COLUMNS } from "../exports/cable-schedule";
import { exportNetboxCables } from "../exports/netbox-cables";
import { exportSiteFile } from "../exports/site-file";
import { importSiteFile } from "../site-files/import-site-file";
import { importDeviceTypes } from "./device-types";
import { chunksOf, collect, fingerprint, siteSnapshot } from "./exchange-fixtures";
import { ServiceError } from "../errors";
import { queryRows } from "../inventory/sql";
import { importNetboxCables } from "./netbox-cables";
import { ImportRefused, type ImportProblem } from "./problems";
import { importSiteFileUpload } from "./site-file";

const t = useTestDatabase();

async function demo(ctx: ServiceContext, code = "DC1", name = "Demo Data Center 1") {
  const { site } = await importSiteFile(ctx, { yaml: await readFile(DEMO_SITE_FILE, "utf8"), code, name });
  return site;
}

async function refusal(p: Promise<unknown>): Promise<ImportRefused> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportRefused);
  return err as ImportRefused;
}

const has = (problems: readonly ImportProblem[], line: number, field: string | undefined, message: RegExp) =>
  expect(problems.some((p) => p.line === line && p.field === field && message.test(p.message)), JSON.stringify(problems, null, 1)).toBe(true);

describe("site file export", () => {
  it("export then import gives the same site", () =>
    t.rollback(async (ctx) => {
      const site = await demo(ctx);
      const yaml = await exportSiteFile(ctx, { siteId: site.id });
      const parsed = parseSiteFile(yaml);
      expect(parsed.ok, JSON.stringify(!parsed.ok && parsed.errors.slice(0, 3))).toBe(true);
      const { site: copy } = await importSiteFile(ctx, { yaml, code: "DC1B", name: "Copy of DC1" });
      expect(await siteSnapshot(ctx.db, copy.id)).toEqual(await siteSnapshot(ctx.db, site.id));
      // The copy judges the same, and exports to the same file (but for the header's date).
      const verdicts = async (id: string) =>
        (await ctx.db.select({ title: channelJudgements.title, verdict: channelJudgements.verdict }).from(channelJudgements).where(eq(channelJudgements.siteId, id)))
          .map((c) => `${c.title} ${c.verdict}`)
          .sort();
      expect(await verdicts(copy.id)).toEqual(await verdicts(site.id));
      const body = (s: string) => s.split("\n").filter((l) => !l.startsWith("#")).join("\n");
      expect(body(await exportSiteFile(ctx, { siteId: copy.id })).replace("name: Copy of DC1", "").replace("id: DC1B", "id: DC1")).toEqual(body(yaml).replace("name: Demo Data Center 1", ""));
    }));

  it("gives unlabelled cables, odd names and decommissioned cables a faithful file", () =>
    t.rollback(async (ctx) => {
      const site = await demo(ctx);
      await ctx.db.execute(sql`update cables set label = '' where site_id = ${site.id} and label in ('UA01-1', 'UA01-2')`);
      await ctx.db.execute(sql`update cables set label = 'T 1 / hall' where site_id = ${site.id} and label = 'UA02-1'`);
      await ctx.db.execute(sql`update devices set name = 'spine 1' where site_id = ${site.id} and name = 'spine1'`);
      const yaml = await exportSiteFile(ctx, { siteId: site.id });
      const { site: copy } = await importSiteFile(ctx, { yaml, code: "DC1C", name: "Copy" });
      expect(await siteSnapshot(ctx.db, copy.id)).toEqual(await siteSnapshot(ctx.db, site.id));
      await ctx.db.execute(sql`update cables set status = 'decommissioned' where site_id = ${site.id} and label = 'T 1 / hall'`);
      const without = parseSiteFile(await exportSiteFile(ctx, { siteId: site.id }));
      expect(without.ok && without.model.cables.some((c) => c.label === "T 1 / hall")).toBe(false);
    }));

  it("is refused to someone without a role on the site", () =>
    t.rollback(async (ctx) => {
      const site = await demo(ctx);
      const stranger = { ...ctx, actor: { kind: "user" as const, userId: "00000000-0000-0000-0000-000000000001", label: "x", grants: [] } };
      await expect(exportSiteFile(stranger, { siteId: site.id })).rejects.toThrow(/viewer/);
    }));
});

describe("cable schedule", () => {
  it("lists every cable with both ends' TIA-606 identifiers, as CSV and as the same rows in Excel", () =>
    t.rollback(async (ctx) => {
      const site = await demo(ctx);
      const csv = await collect(cableScheduleCsv(ctx, { siteId: site.id }));
      const lines = csv.trimEnd().split("\r\n");
      const [n] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(cables).where(eq(cables.siteId, site.id));
      expect(lines.length).toBe(n!.n + 1);
      expect(lines[0]).toBe(SCHEDULE_COLUMNS.map((c) => c.header).join(","));
      const ua = lines.find((l) => l.startsWith("UA01-1,"));
      expect(ua).toBe("UA01-1,DC1.A01-40:Ethernet1/1/DC1.A01-38:01,DC1.A01-40:Ethernet1/1,spine1:Ethernet1/1,DC1.A01-38:01,MPO-A01:1,mpo12-typeB-ff-os2,patch-cord,OS2,B,2,installed,,0");
      const parts: Uint8Array[] = [];
      for await (const part of cableScheduleXlsx(ctx, { siteId: site.id })) parts.push(part);
      const sheet = (await readXlsx(Buffer.concat(parts))).get("DC1 cables")!;
      expect(sheet.length).toBe(lines.length);
      expect(sheet[0]).toEqual(SCHEDULE_COLUMNS.map((c) => c.header));
      const row = sheet.find((r) => r[0] === "UA01-1")!;
      expect(row.slice(0, 7)).toEqual(["UA01-1", "DC1.A01-40:Ethernet1/1/DC1.A01-38:01", "DC1.A01-40:Ethernet1/1", "spine1:Ethernet1/1", "DC1.A01-38:01", "MPO-A01:1", "mpo12-typeB-ff-os2"]);
      expect(row[10]).toBe(2);
    }));
});

describe("NetBox cable CSV", () => {
  it("export then import gives the same cables", () =>
    t.rollback(async (ctx) => {
      const site = await demo(ctx);
      const skipped = { count: 0, examples: [] as string[] };
      const csv = await collect(exportNetboxCables(ctx, { siteId: site.id }, skipped));
      const parsed = parseCableCsv(csv);
      expect(parsed.errors).toEqual([]);
      // Breakouts to several servers have no NetBox form; they are counted, with the reason.
      expect(skipped.count).toBeGreaterThan(0);
      expect(skipped.examples.every((e) => /several devices|not plugged/.test(e))).toBe(true);
      const exported = new Set(parsed.rows.map((r) => r.row.label));
      const before = await siteSnapshot(ctx.db, site.id);
      await ctx.db.delete(cables).where(eq(cables.siteId, site.id));
      const result = await importNetboxCables(ctx, { siteId: site.id }, chunksOf(csv, 1000));
      expect(result).toMatchObject({ cables: parsed.rows.length, skipped: 0, problems: [] });
      const after = await siteSnapshot(ctx.db, site.id);
      const only = (lines: string[]) => lines.filter((l) => exported.has(l.split("|")[0]!));
      expect(after.cables).toEqual(only(before.cables!));
      expect(after.plugs).toEqual(only(before.plugs!));
      // Status and colour come back too.
      const again = await collect(exportNetboxCables(ctx, { siteId: site.id }));
      expect(again).toBe(csv);
    }));

  it("imported into a site with a plant, judges the channels through the new cables as judging the whole site would", () =>
    t.rollback(async (ctx) => {
      const site = await demo(ctx);
      const csv = await collect(exportNetboxCables(ctx, { siteId: site.id }));
      const [header, ...lines] = csv.trimEnd().split(/\r?\n/);
      // Every third cable of the file out, then back in through the import.
      const back = lines.filter((_, i) => i % 3 === 0);
      const labels = parseCableCsv([header, ...back].join("\n")).rows.map((r) => r.row.label!);
      await ctx.db.delete(cables).where(and(eq(cables.siteId, site.id), inArray(cables.label, labels)));
      await judgeWholeSite(ctx, site.id);
      const steps: string[] = [];
      const result = await importNetboxCables(ctx, { siteId: site.id }, [[header, ...back].join("\n")], (p) => steps.push(`${p.phase} ${p.done}/${p.total}`));
      expect(result.cables).toBe(back.length);
      const { stored, fresh } = await storedAndFresh(ctx.db, site.id);
      expect(stored).toEqual(fresh);
      expect(result).toMatchObject({ channels: fresh.channels.length, findings: fresh.findings.length });
      // Judged around the new cables (one step), not the whole site (reading, judging, storing).
      expect([...new Set(steps.filter((s) => s.startsWith("judging")))]).toEqual(["judging 0/1", "judging 1/1"]);
    }));

  it.each([1, 3, 1000])("judged around in groups of %i ports, cables written in bulk give the whole site's judgement", (groupPorts) =>
    t.rollback(async (ctx) => {
      const site = await demo(ctx);
      // Every other cable out, then back in as one bulk write.
      const all = await ctx.db.select().from(cables).where(eq(cables.siteId, site.id)).orderBy(cables.label);
      const back = all.filter((_, i) => i % 2 === 0);
      const plugs = await ctx.db.select().from(cablePlugs).where(inArray(cablePlugs.cableId, back.map((c) => c.id)));
      await ctx.db.delete(cables).where(inArray(cables.id, back.map((c) => c.id)));
      await judgeWholeSite(ctx, site.id);
      const change = await beginBulkPlantChange(ctx, site.id, [...new Set(plugs.map((p) => p.portId))], { groupPorts });
      await ctx.db.insert(cables).values(back);
      await ctx.db.insert(cablePlugs).values(plugs);
      const counts = await change.finish();
      const { stored, fresh } = await storedAndFresh(ctx.db, site.id);
      expect(stored).toEqual(fresh);
      expect(counts).toEqual({ channels: fresh.channels.length, findings: fresh.findings.length });
      expect(fresh.channels.length).toBeGreaterThan(5);
    }),
  );

  it("infers the cable type from the connectors and the fiber grade when the comments do not name one", () =>
    t.rollback(async (ctx) => {
      const site = await demo(ctx);
      await ctx.db.delete(cables).where(eq(cables.siteId, site.id));
      const csv = [
        "side_a_device,side_a_type,side_a_name,side_b_device,side_b_type,side_b_name,type,length,length_unit,label,status,color",
        "spine1,dcim.interface,Ethernet1/1,MPO-A01,dcim.frontport,1,smf-os2,2,m,N-1,planned,ffff00",
        "LC-B01,dcim.frontport,1/1,LC-B03,dcim.frontport,2/6,mmf-om4,10,ft,N-2,,",
        // Into an empty cage: the cord ends in the connector of its other end (MPO-12 here).
        "spine1,dcim.interface,Ethernet1/6,MPO-A01,dcim.frontport,6,smf-os2,2,m,N-3,,",
      ].join("\n");
      const result = await importNetboxCables(ctx, { siteId: site.id }, [csv]);
      expect(result.cables).toBe(3);
      const rows = await ctx.db.select({ label: cables.label, typeId: cables.typeId, lengthM: cables.lengthM, status: cables.status, colour: cables.colour }).from(cables).where(eq(cables.siteId, site.id));
      expect(rows.sort((a, b) => a.label.localeCompare(b.label))).toEqual([
        { label: "N-1", typeId: "mpo12-typeB-ff-os2", lengthM: 2, status: "planned", colour: "ffff00" },
        { label: "N-2", typeId: "lc-ab-om4", lengthM: 3.048, status: "installed", colour: "" },
        { label: "N-3", typeId: "mpo12-typeB-ff-os2", lengthM: 2, status: "installed", colour: "" },
      ]);
    }));

  // The cages of spine1 from Ethernet1/5 on are empty: the comments name the cable type.
  const HEADER = "side_a_device,side_a_type,side_a_name,side_b_device,side_b_type,side_b_name,type,length,length_unit,comments,label";
  const T = "Ferrule type mpo12-typeB-ff-os2";
  const GOOD = `spine1,dcim.interface,Ethernet1/5,MPO-A01,dcim.frontport,5,smf-os2,2,m,${T},OK-1`;
  const cases: { name: string; file: string | Uint8Array; problems: [number, string | undefined, RegExp][] }[] = [
    { name: "an unknown device", file: `${HEADER}\n${GOOD}\nspine9,dcim.interface,Ethernet1/6,MPO-A01,dcim.frontport,6,smf-os2,2,m,${T},X`, problems: [[3, "side_a_device", /device "spine9" is not in site DC1/]] },
    { name: "an unknown port", file: `${HEADER}\n${GOOD}\nspine1,dcim.interface,Ethernet9/9,MPO-A01,dcim.frontport,6,smf-os2,2,m,${T},X`, problems: [[3, "side_a_name", /spine1 has no port "Ethernet9\/9"/]] },
    { name: "a port of the wrong kind", file: `${HEADER}\nspine1,dcim.frontport,Ethernet1/6,MPO-A01,dcim.interface,6,smf-os2,2,m,${T},X`, problems: [[2, "side_a_type", /is an interface/], [2, "side_b_type", /not an interface/]] },
    { name: "wrong types in fields", file: `${HEADER},status\nspine1,dcim.interface,Ethernet1/6,MPO-A01,dcim.frontport,6,smf-os2,ten,m,${T},X,broken`, problems: [[2, "length", /"ten" is not a length/], [2, "status", /"broken" is not a cable status/]] },
    { name: "a port already cabled", file: `${HEADER}\nspine1,dcim.interface,Ethernet1/1,MPO-A01,dcim.frontport,6,smf-os2,2,m,${T},X`, problems: [[2, "side_a_name", /front of spine1:Ethernet1\/1 already holds cable UA01-1/]] },
    { name: "two rows on one port", file: `${HEADER}\n${GOOD}\nspine1,dcim.interface,Ethernet1/5,MPO-A01,dcim.frontport,6,smf-os2,2,m,${T},X`, problems: [[3, "side_a_name", /already holds the cable of line 2/]] },
    { name: "a truncated file", file: `${HEADER}\n${GOOD}\nspine1,dcim.interface,Ethernet1/6,MPO-A01,dcim.front`, problems: [[3, undefined, /5 fields, but the header has 11 columns/]] },
    { name: "a truncated quoted field", file: `${HEADER}\n${GOOD}\nspine1,dcim.interface,Ethernet1/6,MPO-A01,dcim.frontport,6,smf-os2,2,m,${T},"X`, problems: [[3, undefined, /quot/]] },
    { name: "an oversized field", file: `${HEADER}\n${GOOD}\nspine1,dcim.interface,Ethernet1/6,MPO-A01,dcim.frontport,6,smf-os2,2,m,${T},${"L".repeat(5000)}`, problems: [[3, "label", /5000 characters long; at most 200/]] },
    { name: "a missing length", file: `${HEADER}\nspine1,dcim.interface,Ethernet1/6,MPO-A01,dcim.frontport,6,smf-os2,,,${T},X`, problems: [[2, "length", /needs each cable's length/]] },
    { name: "a missing column", file: "side_a_device,side_a_type,side_a_name\nspine1,dcim.interface,Ethernet1/6", problems: [[1, "side_b_device", /required column "side_b_device" is missing/]] },
    { name: "an empty file", file: "", problems: [[1, undefined, /empty/]] },
    { name: "Latin-1 bytes", file: new Uint8Array([...new TextEncoder().encode(`${HEADER}\n${GOOD}\n`), ...new TextEncoder().encode(`spine1,dcim.interface,Ethernet1/6,MPO-A01,dcim.frontport,6,smf-os2,2,m,${T},`), 0xae, 0x0a]), problems: [[2, undefined, /not UTF-8/]] },
    { name: "UTF-16", file: new Uint8Array([0xff, 0xfe, ...[...`${HEADER}\n`].flatMap((c) => [c.charCodeAt(0), 0])]), problems: [[1, undefined, /./]] },
    { name: "a cable type that does not exist", file: `${HEADER}\nspine1,dcim.interface,Ethernet1/6,MPO-A01,dcim.frontport,6,smf-os2,2,m,Ferrule type lc-nope-om9,X`, problems: [[2, "comments", /no cable type "lc-nope-om9"/]] },
  ];
  it.each(cases)("refuses $name with a precise error and changes nothing", ({ file, problems }) =>
    t.rollback(async (ctx) => {
      const site = await demo(ctx);
      const before = await fingerprint(ctx.db);
      const err = await refusal(importNetboxCables(ctx, { siteId: site.id }, chunksOf(file, 64)));
      for (const [line, field, message] of problems) has(err.problems, line, field, message);
      expect(err.message).toMatch(/Nothing was imported/);
      expect(await fingerprint(ctx.db)).toBe(before);
    }),
  );

  it("reports progress in every phase: reading, matching the rows, writing, judging", () =>
    t.rollback(async (ctx) => {
      const site = await demo(ctx);
      const seen: { phase: string; done: number; total?: number }[] = [];
      const csv = `${HEADER}\n${GOOD}\nspine1,dcim.interface,Ethernet1/7,MPO-A01,dcim.frontport,7,smf-os2,2,m,${T},OK-2`;
      await importNetboxCables(ctx, { siteId: site.id }, [csv], (p) => seen.push(p));
      expect([...new Set(seen.map((p) => p.phase))]).toEqual(["reading", "checking", "writing", "judging"]);
      expect(seen.filter((p) => p.phase === "checking").at(-1)).toMatchObject({ done: 2, total: 2 });
      // Two cables and their four plugs.
      expect(seen.filter((p) => p.phase === "writing").at(-1)).toMatchObject({ done: 6, total: 6 });
    }));

  it("imports the rows that match and reports the others when asked to skip them", () =>
    t.rollback(async (ctx) => {
      const site = await demo(ctx);
      const csv = `${HEADER}\n${GOOD}\nspine9,dcim.interface,Ethernet1/6,MPO-A01,dcim.frontport,6,smf-os2,2,m,${T},X\nspine1,dcim.interface,Ethernet1/7,MPO-A01,dcim.frontport,7,smf-os2,2,m,${T},OK-2`;
      const check = await importNetboxCables(ctx, { siteId: site.id, skipUnmatched: true, dryRun: true }, [csv]);
      expect(check).toMatchObject({ dryRun: true, cables: 2, skipped: 1, rows: 3 });
      const result = await importNetboxCables(ctx, { siteId: site.id, skipUnmatched: true }, [csv]);
      expect(result).toMatchObject({ cables: 2, skipped: 1 });
      has(result.problems, 3, "side_a_device", /spine9/);
      const labels = (await ctx.db.select({ label: cables.label }).from(cables).where(eq(cables.siteId, site.id))).map((c) => c.label);
      expect(labels).toContain("OK-1");
      expect(labels).toContain("OK-2");
    }));

  it("needs the editor role on the site", () =>
    t.rollback(async (ctx) => {
      const site = await demo(ctx);
      const viewer = { ...ctx, actor: { kind: "user" as const, userId: "00000000-0000-0000-0000-000000000001", label: "v", grants: [{ role: "viewer" as const, siteId: null }] } };
      await expect(importNetboxCables(viewer, { siteId: site.id }, [`${HEADER}\n${GOOD}`])).rejects.toThrow(/editor/);
    }));
});

describe("site file upload", () => {
  it("imports an uploaded file in chunks, reporting progress", () =>
    t.rollback(async (ctx) => {
      const phases = new Set<string>();
      const writes: { done: number; total?: number }[] = [];
      const { site, counts } = await importSiteFileUpload(ctx, { code: "UP1" }, chunksOf(await readFile(DEMO_SITE_FILE, "utf8"), 1000), (p) => {
        phases.add(p.phase);
        if (p.phase === "writing") writes.push(p);
      });
      expect(site.code).toBe("UP1");
      expect(counts.cables).toBeGreaterThan(40);
      expect([...phases]).toEqual(["reading", "checking", "writing", "judging"]);
      // Every row is counted once: the last writing report is the whole.
      expect(writes.at(-1)!.done).toBe(writes.at(-1)!.total);
      expect(writes.at(-1)!.total).toBe(counts.rooms + counts.racks + counts.devices + 2 * counts.modules + counts.ports + counts.transceivers + counts.cables + (await ctx.db.select().from(cablePlugs).where(eq(cablePlugs.siteId, site.id))).length);
    }));

  it("imports the same site written as JSON", () =>
    t.rollback(async (ctx) => {
      const yaml = await readFile(DEMO_SITE_FILE, "utf8");
      const fromYaml = await importSiteFileUpload(ctx, { code: "UPY", name: "From YAML" }, [yaml]);
      const json = JSON.stringify(parseYaml(yaml));
      const fromJson = await importSiteFileUpload(ctx, { code: "UPJ", name: "From JSON" }, chunksOf(json, 4096));
      expect(fromJson.counts).toEqual(fromYaml.counts);
    }));

  it("imports a large file through a worker thread: the same site, rows and judgement as in place, progress in every phase", () =>
    t.rollback(async (ctx) => {
      const yaml = await readFile(DEMO_SITE_FILE, "utf8");
      const phases = new Set<string>();
      const inPlace = await importSiteFileUpload(ctx, { code: "WP1", name: "In place" }, [yaml], undefined, { workerFromBytes: Infinity });
      const inWorker = await importSiteFileUpload(ctx, { code: "WW1", name: "In a worker" }, chunksOf(yaml, 4096), (p) => phases.add(p.phase), { workerFromBytes: 0 });
      expect(inWorker.site.code).toBe("WW1");
      expect(inWorker.site.createdAt).toBeInstanceOf(Date);
      expect(inWorker.counts).toEqual(inPlace.counts);
      expect([...phases]).toEqual(["reading", "checking", "writing", "judging"]);
      // Row for row: each table's rows of the two sites, ids left out, the same.
      const rowsOf = async (siteId: string) =>
        queryRows<{ t: string }>(
          ctx.db,
          sql`select string_agg(x, '|' order by x) as t from (
                select concat_ws(',', d.name, d.role, d.u_position, r.name, r.row, r.position) as x from devices d left join racks r on r.id = d.rack_id where d.site_id = ${siteId}
                union all select concat_ws(',', d.name, p.name, p.kind, p.family, p.key_type, p.ordinal, p.module_port) from ports p join devices d on d.id = p.device_id where p.site_id = ${siteId}
                union all select concat_ws(',', c.label, c.type_id, c.length_m, cp.connector, cp.side, p.name, d.name, cp.family_mismatch_confirmed) from cables c join cable_plugs cp on cp.cable_id = c.id join ports p on p.id = cp.port_id join devices d on d.id = p.device_id where c.site_id = ${siteId}
                union all select concat_ws(',', title, verdict, fibers, errors, warnings) from channel_judgements where site_id = ${siteId}
                union all select concat_ws(',', j.title, cardinality(c.members), cardinality(c.ports)) from channel_paths c join channel_judgements j on j.site_id = c.site_id and j.key = c.key where c.site_id = ${siteId}
                union all select concat_ws(',', code, severity, message) from findings where site_id = ${siteId}) all_rows`,
        );
      const [a] = await rowsOf(inPlace.site.id);
      const [b] = await rowsOf(inWorker.site.id);
      expect(b!.t.length).toBeGreaterThan(1000);
      expect(b!.t).toBe(a!.t);
    }));

  it("in a worker thread too, a code already taken is said on its field and nothing of the file is written", () =>
    t.rollback(async (ctx) => {
      const yaml = await readFile(DEMO_SITE_FILE, "utf8");
      await importSiteFileUpload(ctx, { code: "WTK" }, [yaml], undefined, { workerFromBytes: 0 });
      const before = await fingerprint(ctx.db);
      const err = await importSiteFileUpload(ctx, { code: "WTK", name: "Another" }, [yaml], undefined, { workerFromBytes: 0 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ServiceError);
      expect((err as ServiceError).fields.code).toMatch(/already used/);
      expect(await fingerprint(ctx.db)).toBe(before);
    }));

  it("refuses a file over FERRULE_MAX_IMPORT_BYTES, naming the setting", () =>
    t.rollback(async (ctx) => {
      const was = process.env.FERRULE_MAX_IMPORT_BYTES;
      process.env.FERRULE_MAX_IMPORT_BYTES = "5000";
      try {
        const err = await refusal(importSiteFileUpload(ctx, { code: "BIG" }, chunksOf(await readFile(DEMO_SITE_FILE, "utf8"), 1000)));
        expect(err.message).toMatch(/over 5000 bytes.*FERRULE_MAX_IMPORT_BYTES/);
      } finally {
        if (was === undefined) delete process.env.FERRULE_MAX_IMPORT_BYTES;
        else process.env.FERRULE_MAX_IMPORT_BYTES = was;
      }
    }));

  const demoText = () => readFile(DEMO_SITE_FILE, "utf8");
  const uploads: { name: string; file: () => Promise<string | Uint8Array>; problems: [number, string | undefined, RegExp][] }[] = [
    { name: "Latin-1 text", file: async () => new Uint8Array([...new TextEncoder().encode("ferrule: 1\nsite:\n  id: x\n  name: Caf"), 0xe9, 0x0a]), problems: [[4, undefined, /byte 0xe9 at offset 36, column 12, is not UTF-8/]] },
    { name: "a truncated file", file: async () => (await demoText()).slice(0, 6000), problems: [[0, undefined, /./]] },
    { name: "wrong types", file: async () => (await demoText()).replace("type: mpo12-typeB-ff-os2, length: 2,", "type: mpo12-typeB-ff-os2, length: two,"), problems: [[189, "cables[0].length", /expected number/]] },
    { name: "an unknown port", file: async () => (await demoText()).replace('b1: "MPO-A01:1@front"', 'b1: "MPO-A01:99@front"'), problems: [[189, "cables[0].ends.b1", /MPO-A01 has no port 99/]] },
    { name: "a duplicate cable id", file: async () => (await demoText()).replace("- { id: UA01-1,", "- { id: UA01-2,"), problems: [[0, undefined, /UA01-2/]] },
  ];
  it.each(uploads.flatMap((u) => [{ ...u, where: "in place", workerFromBytes: Infinity }, { ...u, where: "in a worker", workerFromBytes: 0 }]))("refuses $name ($where) with every error's line and field, and writes nothing", ({ file, problems, workerFromBytes }) =>
    t.rollback(async (ctx) => {
      const before = await fingerprint(ctx.db);
      const err = await refusal(importSiteFileUpload(ctx, { code: "BAD" }, chunksOf(await file(), 512), undefined, { workerFromBytes }));
      for (const [line, field, message] of problems) {
        if (line === 0) expect(err.problems.some((p) => message.test(p.message) || message.test(p.field ?? "")), JSON.stringify(err.problems.slice(0, 5))).toBe(true);
        else has(err.problems, line, field, message);
      }
      expect(await fingerprint(ctx.db)).toBe(before);
    }),
  );
});

describe("NetBox device types into the catalog", () => {
  const ROOT = fileURLToPath(new URL("../../interchange/netbox/__fixtures__/devicetype-library/", import.meta.url));
  async function allFiles(dir: string): Promise<string[]> {
    const out: string[] = [];
    for (const name of await readdir(dir)) {
      const p = join(dir, name);
      if ((await stat(p)).isDirectory()) out.push(...(await allFiles(p)));
      else out.push(p);
    }
    return out.sort();
  }

  it("imports every fixture file, or refuses it with a precise reason, or asks; answered, the questions go away", () =>
    t.rollback(async (ctx) => {
      const paths = await allFiles(ROOT);
      const files = await Promise.all(paths.map(async (p) => ({ name: relative(ROOT, p), content: await readFile(p, "utf8") })));
      const before = await fingerprint(ctx.db);
      const checked = await importDeviceTypes(ctx, { files, dryRun: true });
      expect(await fingerprint(ctx.db)).toBe(before);
      expect(checked.files.length).toBe(paths.length);
      for (const f of checked.files) {
        if (f.outcome === "refused") {
          expect(f.reasons.length, f.file).toBeGreaterThan(0);
          for (const r of f.reasons) expect(r.length, f.file).toBeGreaterThan(20);
        } else if (f.outcome === "needs-answers") {
          expect(f.questions.length, f.file).toBeGreaterThan(0);
        } else expect(f.outcome, f.file).toBe("ready");
      }
      const counts = (outcome: string) => checked.files.filter((f) => f.outcome === outcome).length;
      expect(counts("needs-answers")).toBeGreaterThan(10);
      expect(checked.files.find((f) => f.file === "module-types/FS/FHD-FMP6-CAT6.yaml")).toMatchObject({ outcome: "refused", reasons: [expect.stringMatching(/fiber only|copper/i)] });
      expect(checked.files.find((f) => f.file === "device-types/Arista/DCS-7050CX3-32S.yaml")).toMatchObject({ outcome: "ready", summary: expect.stringMatching(/^device template: switch, 34 cages \(qsfp28/) });
      expect(checked.files.find((f) => f.file === "device-types/Corning/EDGE-01U.yaml")).toMatchObject({ outcome: "ready", summary: "device template: panel housing, 8 slots, 1 U" });

      // Answer every question with its suggestion or first choice, and import.
      const answered = files.map((f) => {
        const c = checked.files.find((x) => x.file === f.name)!;
        if (c.outcome !== "needs-answers") return f;
        return { ...f, answers: Object.fromEntries(c.questions.map((q) => [q.field, q.suggested?.value ?? q.choices[0]!.value])) };
      });
      const second = await importDeviceTypes(ctx, { files: answered, dryRun: true });
      // A second round may ask what the first answers opened up; answer that too.
      const final = answered.map((f) => {
        const c = second.files.find((x) => x.file === f.name)!;
        if (c.outcome !== "needs-answers") return f;
        return { ...f, answers: { ...("answers" in f ? f.answers : {}), ...Object.fromEntries(c.questions.map((q) => [q.field, q.suggested?.value ?? q.choices[0]!.value])) } };
      });
      const result = await importDeviceTypes(ctx, { files: final });
      expect(result.files.filter((f) => f.outcome === "needs-answers")).toEqual([]);
      expect(result.imported).toBe(result.files.filter((f) => f.outcome === "imported").length);
      expect(result.imported).toBeGreaterThan(10);
      const stored = await ctx.db.select({ id: componentTypes.id }).from(componentTypes).where(eq(componentTypes.builtIn, false));
      const templates = await ctx.db.select().from(deviceTemplates);
      for (const f of result.files) if (f.outcome === "imported") expect([...stored, ...templates].map((s) => s.id)).toContain(f.id);
      // Switches and housings became device templates: cages by name, slots as bays.
      expect(templates.find((x) => x.id === "arista-dcs-7050cx3-32s")).toMatchObject({ role: "switch", uHeight: 1, manufacturer: "Arista", bays: [] });
      expect(templates.find((x) => x.id === "arista-dcs-7050cx3-32s")!.ports.filter((p) => p.kind === "transceiver" && p.cage === "qsfp28").length).toBe(32);
      expect(templates.find((x) => x.id === "edge-01u")).toMatchObject({ role: "panel", bays: ["01A", "01B", "01C", "01D", "02A", "02B", "02C", "02D"], ports: [] });
      // Importing again changes nothing.
      const fp = await fingerprint(ctx.db);
      const again = await importDeviceTypes(ctx, { files: final });
      expect(again.imported).toBe(0);
      expect(again.files.filter((f) => f.outcome === "already-in-catalog").length).toBe(result.imported);
      expect(await fingerprint(ctx.db)).toBe(fp);
    }));
});
