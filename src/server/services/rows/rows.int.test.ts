import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/db";
import { failure } from "../../../../test/failure";
import { rackRows } from "../../db/schema";
import { createRack } from "../racks/create-rack";
import { deleteRack } from "../racks/delete-rack";
import { getRack } from "../racks/get-rack";
import { updateRack } from "../racks/update-rack";
import { createSite } from "../sites/create-site";
import { siteTree } from "../sites/site-tree";
import { renameRow } from "./rename-row";

const t = useTestDatabase();


describe("rows of racks", () => {
  it("keeps a row per label in each room, renames it with its racks, and drops it when its last rack leaves", () =>
    t.rollback(async (ctx) => {
      const site = await createSite(ctx, { name: "Rows", code: "ROW" });
      const a1 = await createRack(ctx, { siteId: site.id, room: "Hall A", name: "A01", row: "a", position: 1, uHeight: 42 });
      const a2 = await createRack(ctx, { siteId: site.id, room: "Hall A", name: "A02", row: "A", position: 2, uHeight: 42 });
      const b1 = await createRack(ctx, { siteId: site.id, room: "Hall B", name: "B01", row: "A", position: 1, uHeight: 42 });
      await createRack(ctx, { siteId: site.id, room: "Hall A", name: "X01", uHeight: 42 });
      const rows = await ctx.db.select().from(rackRows).where(eq(rackRows.siteId, site.id));
      // One row "a" in Hall A (the second rack takes its label), one row "A" in Hall B.
      expect(rows.map((r) => r.name).sort()).toEqual(["A", "a"]);
      expect(a2).toMatchObject({ row: "a" });
      let tree = await siteTree(ctx, { id: site.id });
      const hallA = tree.rooms.find((r) => r.name === "Hall A")!;
      expect(hallA.rows.map((r) => [r.row, r.racks.map((k) => k.name), r.rowId !== null])).toEqual([
        ["", ["X01"], false],
        ["a", ["A01", "A02"], true],
      ]);

      // Renamed: both racks relabelled (and their TIA-606 grid), a new version each.
      const row = hallA.rows.find((r) => r.row === "a")!;
      const renamed = await renameRow(ctx, { id: row.rowId!, version: row.rowVersion!, name: "R03" });
      expect(renamed).toMatchObject({ racks: 2, row: { name: "R03", version: 2 } });
      const rack = await getRack(ctx, { id: a1.id });
      expect(rack.rack).toMatchObject({ row: "R03", version: 2, grid: "R0301" });
      const stale = await failure(renameRow(ctx, { id: row.rowId!, version: 1, name: "R04" }));
      expect(stale.code).toBe("CONFLICT");
      // Rows of other rooms may share a label.
      await renameRow(ctx, { id: (await ctx.db.select().from(rackRows).where(eq(rackRows.name, "A")))[0]!.id, version: 1, name: "r03" });
      tree = await siteTree(ctx, { id: site.id });
      expect(tree.rooms.find((r) => r.name === "Hall B")!.rows[0]!.row).toBe("r03");

      // The last racks leave row R03: it goes.
      await updateRack(ctx, { id: a1.id, version: 2, row: "B" });
      await deleteRack(ctx, { id: a2.id, version: 2 });
      expect((await ctx.db.select().from(rackRows).where(eq(rackRows.siteId, site.id))).map((r) => r.name).sort()).toEqual(["B", "r03"]);
      expect(b1.roomId).not.toBe(a1.roomId);
    }));

  it("refuses a row label used by another row of the room, naming the field", () =>
    t.rollback(async (ctx) => {
      const site = await createSite(ctx, { name: "Rows 2", code: "ROW2" });
      await createRack(ctx, { siteId: site.id, room: "Hall A", name: "A01", row: "A", uHeight: 42 });
      await createRack(ctx, { siteId: site.id, room: "Hall A", name: "B01", row: "B", uHeight: 42 });
      const b = (await ctx.db.select().from(rackRows).where(eq(rackRows.name, "B")))[0]!;
      const clash = await failure(renameRow(ctx, { id: b.id, version: b.version, name: "a" }));
      expect(clash.fields).toEqual({ name: 'Hall A already has a row "a".' });
      expect((await ctx.db.select().from(rackRows).where(eq(rackRows.id, b.id)))[0]!.name).toBe("B");
    }));
});
