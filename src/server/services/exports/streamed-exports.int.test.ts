/** The cable exports: kind as laid, text a spreadsheet would run neutralised, label order, one COPY and pages alike. */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { testDriver, useTestDatabase } from "../../../../test/db";
import { withCommittedPlant } from "../../../../test/plant";
import { readXlsx } from "../../documents/xlsx";
import { parseCsv } from "../../interchange/netbox";
import type { ServiceContext } from "../context";
import { importSiteFile } from "../site-files/import-site-file";
import { cableRecords } from "./cable-records";
import { cableScheduleCsv, cableScheduleXlsx } from "./cable-schedule";
import { exportNetboxCables } from "./netbox-cables";
import { exportSiteFile, siteFileParts } from "./site-file";

const t = useTestDatabase();

const HYPERLINK = '=HYPERLINK("http://evil.example/x","open")';

/**
 * Two racks: spine1 and "+spine2" (a name a spreadsheet reads as a formula), a panel in each, a
 * two-leg trunk and a plain MPO-to-MPO cable between the panels, cords from the switches.
 */
const SITE = `ferrule: 1
site: { id: x1, conventions: { attenuation: ISO, matedPair: by-grade } }
rooms: [{ id: hall-a }]
racks: [{ id: A01, room: hall-a, units: 42 }, { id: A02, room: hall-a, units: 42 }]
devices:
  - { id: spine1, role: switch, rack: A01, unit: 40, cages: [{ name: "Ethernet1/1..2", transceiver: qsfp28-100gbase-sr4, cage: qsfp28 }] }
  - { id: spine2, name: "+spine2", role: switch, rack: A02, unit: 40, cages: [{ name: "Ethernet1/1..2", transceiver: qsfp28-100gbase-sr4, cage: qsfp28 }] }
  - { id: pp1, role: panel, rack: A01, unit: 38, adapters: [{ name: "1..3", family: MPO-12, key: A }] }
  - { id: pp2, role: panel, rack: A02, unit: 38, adapters: [{ name: "1..3", family: MPO-12, key: A }] }
cables:
  - { id: T1, type: trunk-2xmpo12-typeA-mm-om4-elite, length: 60, ends: { a1: "pp1:1@rear", b1: "pp2:1@rear", a2: "pp1:2@rear", b2: "pp2:2@rear" } }
  - { id: T2, type: mpo12-typeA-mm-om4-elite, length: 60, ends: { a1: "pp1:3@rear", b1: "pp2:3@rear" } }
  - { id: N1, type: mpo12-typeA-ff-om4-elite, length: 3, ends: { a1: "spine1:Ethernet1/1", b1: "pp1:1" } }
  - { id: F1, type: mpo12-typeB-ff-om4-elite, length: 3, label: ${JSON.stringify(HYPERLINK)}, ends: { a1: "pp2:1", b1: "spine2:Ethernet1/1" } }
  - { id: N2, type: mpo12-typeA-ff-om4-elite, length: 3, label: "-2+3", ends: { a1: "spine1:Ethernet1/2", b1: "pp1:2" } }
  - { id: F2, type: mpo12-typeB-ff-om4-elite, length: 3, label: "@SUM(1)", ends: { a1: "pp2:2", b1: "spine2:Ethernet1/2" } }
`;

async function site(ctx: ServiceContext) {
  return (await importSiteFile(ctx, { yaml: SITE, code: "X1", name: "Exports" })).site;
}

async function text(gen: AsyncIterable<string>): Promise<string> {
  let s = "";
  for await (const part of gen) s += part;
  return s;
}

async function bytes(gen: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of gen) parts.push(part);
  return Buffer.concat(parts);
}

describe("cable schedule", () => {
  it("names a cable's kind as laid: a plain MPO cable between panels of two racks is a trunk", () =>
    t.rollback(async (ctx) => {
      const s = await site(ctx);
      const rows = parseCsv(await text(cableScheduleCsv(ctx, { siteId: s.id }))).map((r) => r.fields);
      const kind = Object.fromEntries(rows.slice(1).map((r) => [r[0], r[7]]));
      expect(kind).toEqual({ T1: "trunk", T2: "trunk", N1: "patch-cord", [`'${HYPERLINK}`]: "patch-cord", "'-2+3": "patch-cord", "'@SUM(1)": "patch-cord" });
    }));

  it("writes labels and device names a spreadsheet would run as text, in CSV and in Excel", () =>
    t.rollback(async (ctx) => {
      const s = await site(ctx);
      const csv = parseCsv(await text(cableScheduleCsv(ctx, { siteId: s.id }))).map((r) => r.fields);
      for (const r of csv.slice(1)) for (const f of r) expect(f, `CSV field ${f}`).not.toMatch(/^[=+\-@\t\r]/);
      expect(csv.find((r) => r[0] === `'${HYPERLINK}`)![5]).toBe("'+spine2:Ethernet1/1");
      // Excel: text cells, exactly as typed (readXlsx refuses a formula cell).
      const sheet = (await readXlsx(await bytes(cableScheduleXlsx(ctx, { siteId: s.id })))).get("X1 cables")!;
      expect(sheet.map((r) => r[0])).toEqual(csv.map((r) => r[0]!.replace(/^'/, "")));
      expect(sheet.find((r) => r[0] === HYPERLINK)![5]).toBe("+spine2:Ethernet1/1");
      expect(sheet.find((r) => r[0] === "T2")![7]).toBe("trunk");
      expect(sheet.find((r) => r[0] === "T2")![10]).toBe(60);
    }));
});

describe("NetBox cable CSV", () => {
  it("writes labels and device names a spreadsheet would run with a leading apostrophe", () =>
    t.rollback(async (ctx) => {
      const s = await site(ctx);
      const rows = parseCsv(await text(exportNetboxCables(ctx, { siteId: s.id }))).map((r) => r.fields);
      const header = rows[0]!;
      const col = (name: string) => header.indexOf(name);
      for (const r of rows.slice(1)) for (const f of r) expect(f, `NetBox field ${f}`).not.toMatch(/^[=+\-@\t\r]/);
      const f1 = rows.find((r) => r[col("label")] === `'${HYPERLINK}`)!;
      expect(f1[col("side_b_device")]).toBe("'+spine2");
      expect(rows.find((r) => r[col("label")] === "T2")![col("side_a_device")]).toBe("pp1");
    }));
});

/** A label with what COPY's text format and JSON escape (a backslash, a quote, a tab) and a character of two bytes. */
const ESCAPED = 'Q"\\1\tÜ\\\\n';

/** A twelve-leg trunk (connectors a1 … a12, listed out of order) and a cable with no end plugged, beside the site above. */
const WIDE = SITE.replace(
  "cables:\n",
  `  - { id: pp3, role: panel, rack: A01, unit: 36, adapters: [{ name: "1..12", family: MPO-12, key: A }] }
  - { id: pp4, role: panel, rack: A02, unit: 36, adapters: [{ name: "1..12", family: MPO-12, key: A }] }
cables:
  - id: W1
    type: trunk-12xmpo12-typeA-mm-om4-elite
    length: 40
    ends: { ${[10, 2, 12, 1, 11, 3, 9, 4, 8, 5, 7, 6].map((k) => `a${k}: "pp3:${k}@rear", b${k}: "pp4:${k}@rear"`).join(", ")} }
  - { id: U1, type: mpo12-typeA-ff-om4-elite, length: 2, ends: {} }
  - { id: Q1, type: mpo12-typeA-ff-om4-elite, length: 2, label: ${JSON.stringify(ESCAPED)}, ends: { a1: "pp3:1" } }
`,
);

describe("cable records", () => {
  it("list a cable's connectors in their order (a2 before a10), and a cable with none plugged, the same from one COPY and page by page", () =>
    t.rollback(async (ctx) => {
      const s = (await importSiteFile(ctx, { yaml: WIDE, code: "X2", name: "Wide" })).site;
      const read = async (paged: boolean) => {
        const all = [];
        for await (const page of cableRecords(ctx.db, s.id, s.code, 3, { paged })) all.push(...page);
        return all;
      };
      const paged = await read(true);
      expect(await read(false)).toEqual(paged);
      const w1 = paged.find((c) => c.label === "W1")!;
      expect(w1.a.map((e) => e.connector)).toEqual(Array.from({ length: 12 }, (_, i) => `a${i + 1}`));
      expect(w1.b.map((e) => e.port)).toEqual(Array.from({ length: 12 }, (_, i) => `${i + 1}`));
      expect(w1.a[9]!.tia).toBe("X2.A01-36:10");
      expect(w1.role).toBe("trunk");
      expect(paged.find((c) => c.label === "U1")).toMatchObject({ a: [], b: [], role: "patch-cord", lengthM: 2 });
      expect(paged.find((c) => c.label === ESCAPED)).toMatchObject({ a: [{ device: "pp3", port: "1" }], b: [] });
      const rows = parseCsv(await text(cableScheduleCsv(ctx, { siteId: s.id }))).map((r) => r.fields);
      expect(rows.find((r) => r[0] === "W1")![2]).toBe(Array.from({ length: 12 }, (_, i) => `X2.A01-36:${String(i + 1).padStart(2, "0")}`).join(", "));
      expect(rows.find((r) => r[0] === "U1")!.slice(1, 6)).toEqual(["", "", "", "", ""]);
    }));


  it("come in label order (lower case, byte order), the same from one COPY and page by page", () =>
    t.rollback(async (ctx) => {
      const s = await site(ctx);
      const read = async (paged: boolean) => {
        const pages: string[][] = [];
        for await (const page of cableRecords(ctx.db, s.id, s.code, 4, { paged })) pages.push(page.map((c) => c.label));
        return pages;
      };
      const paged = await read(true);
      const copied = await read(false);
      const labels = paged.flat();
      expect(labels).toEqual([...labels].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)));
      expect(labels).toHaveLength(6);
      expect(paged.map((p) => p.length)).toEqual([4, 2]);
      expect(copied.flat()).toEqual(labels);
    }));

  it("in the site file: a label with what COPY and JSON escape comes out as it is, in label order", () =>
    t.rollback(async (ctx) => {
      const s = (await importSiteFile(ctx, { yaml: WIDE, code: "X4", name: "Escapes" })).site;
      const file = parse(await exportSiteFile(ctx, { siteId: s.id })) as { cables: { id: string; label?: string; ends: Record<string, string> }[] };
      const labels = file.cables.map((c) => c.label ?? c.id);
      expect(labels).toEqual([...labels].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)));
      expect(file.cables.find((c) => c.label === ESCAPED)).toMatchObject({ ends: { a1: "pp3:1" } });
    }));

  it("read to their end, or stopped after a page, leave the connection at its next statement: the records read again the same", () =>
    t.rollback(async (ctx) => {
      const s = (await importSiteFile(ctx, { yaml: WIDE, code: "X3", name: "Stopped" })).site;
      // More records than the stream and the socket hold (about 600 kB), so a reader that stops
      // leaves the database with more to send.
      await ctx.db.execute(
        sql`insert into cables (site_id, type_id, label, length_m) select ${s.id}, 'mpo12-typeA-ff-om4-elite', 'Z-' || lpad(n::text, 60, '0'), 2 from generate_series(1, 5000) n`,
      );
      // As the server does after a bulk change (refreshStatistics): with the statistics of the
      // tables as the earlier test files left them, the planner took the site's cables for a few
      // and joined every plug of the database to each (the read ran for minutes).
      await ctx.db.execute(sql`analyze cables`);
      const all = async () => {
        const out = [];
        for await (const page of cableRecords(ctx.db, s.id, s.code, 500)) out.push(...page);
        return out;
      };
      const whole = await all();
      for await (const page of cableRecords(ctx.db, s.id, s.code, 1)) {
        expect(page.map((c) => c.label)).toEqual([whole[0]!.label]);
        break;
      }
      expect(await all()).toEqual(whole);
      expect(whole).toHaveLength(5009);
      // A record that fails to be made stops the reading the same way.
      const failing = cableRecords(ctx.db, s.id, s.code, 1);
      await failing.next();
      await expect(failing.throw(new Error("the reader failed"))).rejects.toThrow("the reader failed");
      expect(await all()).toEqual(whole);
    }));
});

describe("the site file's export", () => {
  it("lists every device once with its cages, adapters and cassettes, in name order (lower case, byte order), over more than a page of devices", () =>
    t.rollback(async (ctx) => {
      // 130 servers (more than two pages of 50), their names in mixed case, each with two cages, one
      // of them with an optic; a panel with adapters and a cassette; a cord from the last server.
      const names = Array.from({ length: 130 }, (_, i) => (i % 3 === 0 ? `Srv-${i}` : i % 3 === 1 ? `srv-${i}` : `SRV_${i}`));
      const yaml = `ferrule: 1
site: { id: x5, conventions: { attenuation: ISO, matedPair: by-grade } }
rooms: [{ id: hall-a }]
racks: [{ id: A01, room: hall-a, units: 42 }]
devices:
  - { id: pp1, role: panel, rack: A01, unit: 40, adapters: [{ name: "1..2", family: LC, key: B }], modules: [{ slot: "2", type: cas-mpo12-6xlc-methodA-m-om4 }] }
${names.map((n) => `  - { id: ${n}, role: server, cages: [{ name: "eth0", transceiver: sfp28-25gbase-sr, cage: sfp28 }, { name: "eth1", cage: sfp28 }] }`).join("\n")}
cables:
  - { id: N1, type: lc-ab-om4, length: 2, ends: { a1: "${names[129]}:eth0", b1: "pp1:2/1" } }
`;
      const s = (await importSiteFile(ctx, { yaml, code: "X5", name: "Many devices" })).site;
      const file = parse(await exportSiteFile(ctx, { siteId: s.id })) as {
        devices: { id: string; cages?: { name: string; transceiver?: string; cage?: string }[]; adapters?: unknown[]; modules?: unknown[] }[];
        cables: { ends: Record<string, string> }[];
      };
      const ids = file.devices.map((d) => d.id);
      const byLowerBytes = (a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);
      expect(ids).toEqual([...names, "pp1"].sort(byLowerBytes));
      expect(file.devices.find((d) => d.id === names[7])).toMatchObject({ cages: [{ name: "eth0", transceiver: "sfp28-25gbase-sr", cage: "sfp28" }, { name: "eth1", cage: "sfp28" }] });
      expect(file.devices.find((d) => d.id === "pp1")).toEqual({ id: "pp1", role: "panel", rack: "A01", unit: 40, height: 1, face: "front", adapters: [{ name: "1..2", family: "LC", key: "B" }], modules: [{ slot: "2", type: "cas-mpo12-6xlc-methodA-m-om4" }] });
      expect(file.cables[0]!.ends).toEqual({ a1: `${names[129]}:eth0`, b1: "pp1:2/1" });
    }));

  // PostgreSQL only: there the export's statements share one read-only transaction, which a change
  // on another connection is committed beside (the embedded database is one connection, holding no
  // transaction across a download; the integration tests run again on PostgreSQL in CI).
  it.skipIf(testDriver !== "postgres")(
    "reads one state of the plant: a device and its cord committed during the download are in no part of it; stopped downloads let their transactions go",
    async () => {
      await withCommittedPlant(t.db, "Snapshot lab", "SN", async (p, ctx) => {
        await p.trunkedPair();
        await p.cable("lc-ab-om4", 2, { a1: "leaf1:Ethernet1/1", b1: "cas1:1/1" }, "N1");
        const body = (file: string) => file.slice(file.indexOf("\nferrule:"));
        const before = await exportSiteFile(ctx, { siteId: p.siteId });

        const parts = siteFileParts(ctx, { siteId: p.siteId });
        // The site, its rooms and racks: read, so the transaction's snapshot is taken.
        let file = (await parts.next()).value as string;
        await p.switch("leaf3", "A01", 30, 2, "sfp28-25gbase-sr");
        await p.cable("lc-ab-om4", 2, { a1: "leaf3:Ethernet1/1", b1: "cas1:1/2" }, "N3");
        for (let next = await parts.next(); !next.done; next = await parts.next()) file += next.value;
        expect(body(file)).toEqual(body(before));
        const after = await exportSiteFile(ctx, { siteId: p.siteId });
        expect(after).toContain("id: leaf3");
        expect(after).toContain("b1: cas1:1/2");

        // More stopped downloads than the pool has connections: each rolled back and given back.
        for (let i = 0; i < 25; i++) {
          const stopped = siteFileParts(ctx, { siteId: p.siteId });
          await stopped.next();
          await stopped.next();
          await stopped.return(undefined);
        }
        expect(body(await exportSiteFile(ctx, { siteId: p.siteId }))).toEqual(body(after));
      });
    },
    60_000,
  );
});
