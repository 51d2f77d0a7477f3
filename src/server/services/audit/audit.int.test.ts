import { describe, expect, it } from "vitest";
import { createAccount } from "../../../../test/api-client";
import { useTestDatabase } from "../../../../test/db";
import type { Actor } from "../../auth/actor";
import { createRack } from "../racks/create-rack";
import { updateRack } from "../racks/update-rack";
import { createSite } from "../sites/create-site";
import { exportAudit } from "./export-audit";
import { listAudit } from "./list-audit";

const t = useTestDatabase();

async function collect(lines: AsyncGenerator<string>) {
  let out = "";
  for await (const l of lines) out += l;
  return out;
}

describe("audit trail", () => {
  it("records who changed what with before and after, and filters by object, action and user", () =>
    t.rollback(async (ctx) => {
      const site = await createSite(ctx, { name: "Audit site", code: "AUD" });
      const rack = await createRack(ctx, { siteId: site.id, room: "Hall A", name: "A01", uHeight: 42 });
      await updateRack(ctx, { id: rack.id, version: 1, uHeight: 45 });

      const { entries } = await listAudit(ctx, { objectType: "rack", objectId: rack.id });
      expect(entries.map((e) => e.action)).toEqual(["rack.update", "rack.create"]);
      expect(entries[0]).toMatchObject({ actorLabel: "system: test", siteName: "Audit site", before: { uHeight: 42 }, after: { uHeight: 45 } });
      expect((await listAudit(ctx, { action: "room." })).entries.map((e) => e.action)).toEqual(["room.create"]);
      expect((await listAudit(ctx, { actor: "nobody" })).entries).toEqual([]);
    }));

  it("pages with a cursor, newest first", () =>
    t.rollback(async (ctx) => {
      const site = await createSite(ctx, { name: "Audit site", code: "AUD" });
      for (let i = 1; i <= 5; i++) await createRack(ctx, { siteId: site.id, room: "Hall A", name: `A0${i}`, uHeight: 42 });
      const first = await listAudit(ctx, { action: "rack.create", limit: 3 });
      const second = await listAudit(ctx, { action: "rack.create", limit: 3, cursor: first.nextCursor });
      expect([...first.entries, ...second.entries].map((e) => (e.after as { name: string }).name)).toEqual(["A05", "A04", "A03", "A02", "A01"]);
      expect(second.nextCursor).toBeNull();
    }));

  it("shows a non-admin only the entries of the sites they may view", () =>
    t.rollback(async (ctx) => {
      const a = await createSite(ctx, { name: "Site A", code: "SA" });
      const b = await createSite(ctx, { name: "Site B", code: "SB" });
      await createRack(ctx, { siteId: a.id, room: "R", name: "A01", uHeight: 42 });
      await createRack(ctx, { siteId: b.id, room: "R", name: "B01", uHeight: 42 });
      const user = await createAccount(ctx.db, "ana@example.com", null, [{ siteId: a.id, role: "viewer" }]);
      const ana: Actor = { kind: "user", userId: user.id, label: user.email, grants: [{ role: "viewer", siteId: a.id }] };
      const seen = (await listAudit({ ...ctx, actor: ana }, {})).entries;
      expect(seen.length).toBeGreaterThan(0);
      expect(new Set(seen.map((e) => e.siteId))).toEqual(new Set([a.id]));
      await expect(listAudit({ ...ctx, actor: ana }, { siteId: b.id })).rejects.toThrow(/viewer role on this site/);
    }));

  it("exports CSV with formulas neutralised, and JSON that parses", () =>
    t.rollback(async (ctx) => {
      const site = await createSite(ctx, { name: "=HYPERLINK(\"x\")", code: "CSV" });
      const csv = await collect(exportAudit(ctx, { siteId: site.id }, "csv"));
      const [header, row] = csv.trim().split("\r\n");
      expect(header).toBe("id,at,actor,action,object_type,object_id,site,site_id,plan_id,ip,before,after");
      expect(row).toContain(`"'=HYPERLINK(""x"")"`);
      const json = JSON.parse(await collect(exportAudit(ctx, { siteId: site.id }, "json"))) as { action: string }[];
      expect(json.map((e) => e.action)).toEqual(["site.create"]);
    }));
});
