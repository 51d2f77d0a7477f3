import { readFile } from "node:fs/promises";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/db";
import { cables, devices, ports } from "../../db/schema";
import { createCable } from "../cables/create-cable";
import { DEMO_SITE_FILE } from "../demo/seed-demo";
import { importSiteFile } from "../site-files/import-site-file";
import { importNetboxCables } from "./netbox-cables";
import { ImportRefused } from "./problems";

const t = useTestDatabase();

const HEADER = "side_a_device,side_a_type,side_a_name,side_b_device,side_b_type,side_b_name,type,length,length_unit,comments,label";
const T = "Ferrule type mpo12-typeB-ff-os2";

describe("a NetBox cable import racing an editor", () => {
  it("refuses, naming the line, when a port the file uses is taken while the file is read (not a server error)", () =>
    t.rollback(async (ctx) => {
      const { site } = await importSiteFile(ctx, { yaml: await readFile(DEMO_SITE_FILE, "utf8"), code: "DC1", name: "Demo" });
      const portOf = async (device: string, name: string) =>
        (await ctx.db.select({ id: ports.id }).from(ports).innerJoin(devices, eq(devices.id, ports.deviceId)).where(and(eq(devices.siteId, site.id), eq(devices.name, device), eq(ports.name, name))))[0]!.id;
      const csv = `${HEADER}\nspine1,dcim.interface,Ethernet1/5,MPO-A01,dcim.frontport,5,smf-os2,2,m,${T},FROM-FILE\n`;
      const adapter = await portOf("MPO-A01", "5");
      // The file is read; meanwhile an editor plugs a cord into the same adapter.
      async function* fileWithEditorMeanwhile() {
        yield csv;
        await createCable(ctx, { siteId: site.id, typeId: "mpo12-typeB-ff-os2", lengthM: 2, label: "BY-EDITOR", ends: [{ connector: "b1", portId: adapter, side: "front" }] });
      }
      const err = await importNetboxCables(ctx, { siteId: site.id }, fileWithEditorMeanwhile()).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ImportRefused);
      const problems = (err as ImportRefused).problems;
      expect(problems).toEqual([{ line: 2, field: "side_b_name", message: "the front of MPO-A01:5 already holds cable BY-EDITOR" }]);
      expect((await ctx.db.select({ label: cables.label }).from(cables).where(eq(cables.label, "FROM-FILE")))).toEqual([]);
    }));
});
