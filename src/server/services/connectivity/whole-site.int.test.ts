import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { testDriver, useTestDatabase } from "../../../../test/db";
import { Plant, withCommittedPlant } from "../../../../test/plant";
import { queryRows, refreshStatistics } from "../inventory/sql";
import { storedAndFresh } from "./agreement";
import { COMPARING, judgeSiteRows, REMOVING, type WholeSiteProgress } from "./whole-site";

const t = useTestDatabase();

describe("judging a whole site", () => {
  it.each([
    ["in place", false],
    ["in a worker thread", true],
  ])("gives the engine's judgement %s, with progress as it reads, judges and stores", (_how, worker) =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site();
      await p.rack("A01");
      await p.rack("A02");
      await p.switch("leaf1", "A01", 40, 4, "sfp28-25gbase-sr");
      await p.switch("leaf2", "A02", 40, 4, "sfp28-25gbase-sr");
      await p.panel("cas1", "A01", 18, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4", "cas-mpo12-6xlc-methodB-m-om4"] });
      await p.panel("cas2", "A02", 18, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4", "cas-mpo12-6xlc-methodB-m-om4"] });
      await p.cable("mpo12-typeA-ff-om4", 30, { a1: "cas1:1/R", b1: "cas2:1/R" }, "T1");
      await p.cable("mpo12-typeB-ff-om4", 30, { a1: "cas1:2/R", b1: "cas2:2/R" }, "T2");
      for (const k of [1, 2, 3]) {
        await p.cable("lc-ab-om4", 2, { a1: `leaf1:Ethernet1/${k}`, b1: `cas1:1/${k}` }, `N${k}`);
        await p.cable(k === 2 ? "lc-ab-om4" : "lc-aa-om4", 2, { a1: `cas2:1/${k}`, b1: `leaf2:Ethernet1/${k}` }, `F${k}`);
      }
      // A CWDM channel over a mux/demux pair with a tap on the line, its monitor to a tool.
      await p.switch("w1", "A01", 30, 2, "sfpp-10g-cwdm-1471");
      await p.switch("w2", "A02", 30, 2, "sfpp-10g-cwdm-1471");
      await p.panel("mux1", "A01", 22, { cassettes: ["cwdm-8ch-1471-lc-os2", "tap-50-50-lc-os2"] });
      await p.panel("mux2", "A02", 22, { cassettes: ["cwdm-8ch-1471-lc-os2"] });
      await p.cable("lc-ab-os2", 2, { a1: "w1:Ethernet1/1", b1: "mux1:1/1471" }, "X1");
      await p.cable("lc-ab-os2", 1, { a1: "mux1:1/LINE", b1: "mux1:2/NET-A" }, "X2");
      await p.cable("lc-ab-os2", 2000, { a1: "mux1:2/NET-B", b1: "mux2:1/LINE" }, "X3");
      await p.cable("lc-ab-os2", 2, { a1: "mux2:1/1471", b1: "w2:Ethernet1/1" }, "X4");
      await p.cable("lc-ab-os2", 2, { a1: "w1:Ethernet1/2", b1: "mux1:2/MON-A" }, "X5");
      // Stored rows spoiled on purpose, as rows stored before digests were kept: all replaced.
      await ctx.db.execute("update channel_judgements set verdict = 'pass', digest = null" as never);
      await ctx.db.execute("update channel_paths set ports = '{}', digest = null" as never);
      await ctx.db.execute("update findings set message = 'stale', digest = null" as never);
      const seen: WholeSiteProgress[] = [];
      // In pages of five rows on the embedded database: every table's pages follow on from the one before.
      const counts = await judgeSiteRows(ctx.db, p.siteId, (x) => seen.push(x), { worker, pageRows: 5 });
      const { stored, fresh } = await storedAndFresh(ctx.db, p.siteId);
      expect(stored).toEqual(fresh);
      expect(counts).toEqual({ channels: fresh.channels.length, findings: fresh.findings.length });
      expect(fresh.channels.some((c) => c.includes(" fail "))).toBe(true);
      // Every stored row was spoiled: all are removed before the new ones are stored.
      expect([...new Set(seen.map((x) => x.step))]).toEqual(["reading the plant", "judging channels", COMPARING, REMOVING, "storing channels"]);
      const read = seen.filter((x) => x.step === "reading the plant").at(-1)!;
      expect(read.done).toBe(read.total);
      // Their keys are version 7 uuids, in the order they were made (to the millisecond): a key made
      // later sorts after every one of them.
      const keys = await queryRows<{ id: string }>(
        ctx.db,
        sql`select id::text from channel_paths union all select id::text from channel_judgements union all select id::text from findings`,
      );
      expect(keys.length).toBe(2 * fresh.channels.length + fresh.findings.length);
      for (const { id } of keys) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      await new Promise((r) => setTimeout(r, 5));
      const [later] = await queryRows<{ id: string }>(ctx.db, sql`select uuid_v7()::text as id`);
      expect(keys.every(({ id }) => id < later!.id)).toBe(true);

      // Judged again with nothing changed: every row stays as it is.
      const ids = async () => ({
        paths: (await queryRows<{ id: string; key: string }>(ctx.db, sql`select id, key from channel_paths where site_id = ${p.siteId}`)).map((r) => `${r.key} ${r.id}`).sort(),
        channels: (await queryRows<{ id: string; key: string }>(ctx.db, sql`select id, key from channel_judgements where site_id = ${p.siteId}`)).map((r) => `${r.key} ${r.id}`).sort(),
        findings: (await queryRows<{ id: string }>(ctx.db, sql`select id from findings where site_id = ${p.siteId}`)).map((r) => r.id).sort(),
      });
      const before = await ids();
      await judgeSiteRows(ctx.db, p.siteId, undefined, { worker });
      expect(await ids()).toEqual(before);

      // One trunk longer: the channels over it are rewritten (loss), the others stay.
      await ctx.db.execute(sql`update cables set length_m = 300 where site_id = ${p.siteId} and label = 'T1'`);
      await judgeSiteRows(ctx.db, p.siteId, undefined, { worker });
      const after = await ids();
      const again = await storedAndFresh(ctx.db, p.siteId);
      expect(again.stored).toEqual(again.fresh);
      expect(after.channels.filter((c) => before.channels.includes(c)).length).toBeGreaterThan(0);
      expect(after.channels.filter((c) => !before.channels.includes(c)).length).toBeGreaterThan(0);
      // A longer trunk moves no fiber: every channel's path is the row it was.
      expect(after.paths.length).toBeGreaterThan(0);
      expect(after.paths).toEqual(before.paths);
    }),
    60_000,
  );

  it("lets the event loop run while it reads and writes, on the embedded database too (whose answers come at once)", () =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site();
      await p.rack("A01");
      await p.switch("leaf1", "A01", 40, 4, "sfp28-25gbase-sr");
      await p.panel("cas1", "A01", 18, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4"] });
      for (const k of [1, 2, 3]) await p.cable("lc-ab-om4", 2, { a1: `leaf1:Ethernet1/${k}`, b1: `cas1:1/${k}` }, `N${k}`);
      await ctx.db.execute(sql`update channel_judgements set digest = null where site_id = ${p.siteId}`);
      let ticks = 0;
      let ticking = true;
      const tick = () => {
        ticks++;
        if (ticking) setTimeout(tick, 0);
      };
      setTimeout(tick, 0);
      await judgeSiteRows(ctx.db, p.siteId, undefined, { worker: false });
      ticking = false;
      expect(ticks).toBeGreaterThan(0);
    }));

  // PostgreSQL only: the embedded database is one connection, so nothing is ever read alongside (the
  // integration tests run again on PostgreSQL in CI).
  it.skipIf(testDriver !== "postgres")(
    "reads the tables a transaction did not write alongside it, in its snapshot, and those it wrote in it",
    async () => {
      await withCommittedPlant(t.db, "Alongside lab", "AL", async (p) => {
        await p.trunkedPair();
        for (const k of [1, 2, 3]) {
          await p.cable("lc-ab-om4", 2, { a1: `leaf1:Ethernet1/${k}`, b1: `cas1:1/${k}` }, `N${k}`);
          await p.cable(k === 2 ? "lc-ab-om4" : "lc-aa-om4", 2, { a1: `cas2:1/${k}`, b1: `leaf2:Ethernet1/${k}` }, `F${k}`);
        }
        // A database whose transactions are counted.
        const counted = (db: Db) => {
          const spy = { opened: 0, db };
          spy.db = new Proxy(db, {
            get: (target, key, receiver) =>
              key === "transaction" ? (...args: unknown[]) => (spy.opened++, (target.transaction as (...a: unknown[]) => unknown).apply(target, args)) : Reflect.get(target, key, receiver),
          });
          return spy;
        };
        const reader = counted(t.db);
        class Rollback extends Error {}
        await t.db
          .transaction(async (tx) => {
            const db = tx as unknown as Db;
            await db.execute(sql`update channel_judgements set verdict = 'pass', digest = null where site_id = ${p.siteId}`);
            await db.execute(sql`update channel_paths set ports = '{}', digest = null where site_id = ${p.siteId}`);
            // Written here, uncommitted: a longer trunk (loss) only this transaction sees.
            await db.execute(sql`update cables set length_m = 3000 where site_id = ${p.siteId} and label = 'T1'`);
            const counts = await judgeSiteRows(db, p.siteId, undefined, { worker: true, plantReader: { db: reader.db, written: ["cables"] } });
            const { stored, fresh } = await storedAndFresh(db, p.siteId);
            expect(stored).toEqual(fresh);
            expect(counts.channels).toBe(fresh.channels.length);
            expect(reader.opened).toBe(1);
            // Offered a transaction, the plant is read in the judgement's transaction only.
            const inner = counted(db);
            await judgeSiteRows(db, p.siteId, undefined, { worker: false, plantReader: { db: inner.db, written: [] } });
            expect(inner.opened).toBe(0);
            throw new Rollback();
          })
          .catch((e: unknown) => {
            if (!(e instanceof Rollback)) throw e;
          });
      });
    },
    60_000,
  );

  it("refreshes the planner's statistics of the plant's tables inside a change's transaction", () =>
    t.rollback(async (ctx) => {
      await refreshStatistics(ctx.db, ["devices", "module_bays", "modules", "ports", "transceivers", "cables", "cable_plugs", "channel_paths", "channel_judgements", "findings"]);
      const [row] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from channel_judgements`);
      expect(row!.n).toBeGreaterThanOrEqual(0);
    }));
});
