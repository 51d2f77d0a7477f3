import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/db";
import { ServiceError } from "../errors";
import { createRack } from "../racks/create-rack";
import { createSite } from "./create-site";
import { deleteSite } from "./delete-site";
import { listSites } from "./list-sites";
import { updateSite } from "./update-site";

const t = useTestDatabase();

async function expectServiceError(promise: Promise<unknown>, code: ServiceError["code"], field?: string) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ServiceError);
  expect((err as ServiceError).code).toBe(code);
  if (field) expect(Object.keys((err as ServiceError).fields)).toContain(field);
  return err as ServiceError;
}

describe("sites", () => {
  it("creates, lists with counts, renames and deletes a site", () =>
    t.rollback(async (ctx) => {
      const site = await createSite(ctx, { name: "Frankfurt 1", code: "FRA1" });
      expect(site.version).toBe(1);
      await createRack(ctx, { siteId: site.id, room: "Hall A", name: "A01", uHeight: 42 });
      const listed = (await listSites(ctx)).find((s) => s.id === site.id);
      expect(listed).toMatchObject({ name: "Frankfurt 1", roomCount: 1, rackCount: 1 });

      const renamed = await updateSite(ctx, { id: site.id, version: 1, name: "Frankfurt One" });
      expect(renamed).toMatchObject({ name: "Frankfurt One", version: 2 });
    }));

  it("refuses a duplicate name or code, case-insensitively, on the field", () =>
    t.rollback(async (ctx) => {
      await createSite(ctx, { name: "Paris", code: "PAR" });
      await expectServiceError(createSite(ctx, { name: "paris", code: "PAR2" }), "CONFLICT", "name");
      await expectServiceError(createSite(ctx, { name: "Paris 2", code: "par" }), "CONFLICT", "code");
    }));

  it("refuses a save made on an old version: never a lost update", () =>
    t.rollback(async (ctx) => {
      const site = await createSite(ctx, { name: "Madrid", code: "MAD" });
      await updateSite(ctx, { id: site.id, version: 1, name: "Madrid 1" });
      const err = await expectServiceError(updateSite(ctx, { id: site.id, version: 1, name: "Madrid Norte" }), "CONFLICT");
      expect(err.message).toMatch(/changed by someone else since you opened it/);
    }));

  it("refuses to delete a site that still has racks, and deletes an empty one", () =>
    t.rollback(async (ctx) => {
      const site = await createSite(ctx, { name: "Oslo", code: "OSL" });
      await createRack(ctx, { siteId: site.id, room: "R1", name: "A01", uHeight: 42 });
      const err = await expectServiceError(deleteSite(ctx, { id: site.id, version: 1 }), "CONFLICT");
      expect(err.message).toMatch(/still has 1 rack/);

      const empty = await createSite(ctx, { name: "Bergen", code: "BGO" });
      await deleteSite(ctx, { id: empty.id, version: 1 });
      expect((await listSites(ctx)).some((s) => s.id === empty.id)).toBe(false);
    }));
});
