import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/db";
import { ServiceError } from "../errors";
import { createSite } from "../sites/create-site";
import { createRack } from "./create-rack";
import { deleteRack } from "./delete-rack";
import { listRacks } from "./list-racks";
import { updateRack } from "./update-rack";

const t = useTestDatabase();

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );
}

describe("racks", () => {
  it("creates racks in rooms (rooms created on first use) and lists them by room, row, position", () =>
    t.rollback(async (ctx) => {
      const site = await createSite(ctx, { name: "Lab", code: "LAB" });
      await createRack(ctx, { siteId: site.id, room: "Hall B", row: "A", position: 2, name: "A02", uHeight: 48 });
      await createRack(ctx, { siteId: site.id, room: "Hall A", row: "A", position: 1, name: "A01", uHeight: 42 });
      await createRack(ctx, { siteId: site.id, room: "hall a", row: "A", position: 2, name: "A02", uHeight: 42 });
      const racks = await listRacks(ctx, { siteId: site.id });
      expect(racks.map((r) => `${r.roomName}/${r.name}`)).toEqual(["Hall A/A01", "Hall A/A02", "Hall B/A02"]);
    }));

  it.each([
    [{ uHeight: 0 }, "uHeight", /at least 1 U/],
    [{ uHeight: 300 }, "uHeight", /at most 60 U/],
    [{ uHeight: 4.5 }, "uHeight", /whole number/],
    [{ name: "   " }, "name", /Enter a name/],
    [{ room: "" }, "room", /Enter the room/],
  ])("rejects %o with a message on the field", (bad, field, message) =>
    t.rollback(async (ctx) => {
      const site = await createSite(ctx, { name: "Lab", code: "LAB" });
      const err = await failure(createRack(ctx, { siteId: site.id, room: "Hall A", name: "A01", uHeight: 42, ...bad }));
      expect(err).toBeInstanceOf(ZodError);
      const issue = (err as ZodError).issues.find((i) => i.path.join(".") === field);
      expect(issue?.message).toMatch(message);
      expect(await listRacks(ctx, { siteId: site.id })).toHaveLength(0);
    }),
  );

  it("refuses a duplicate rack name in the same room, allows it in another room", () =>
    t.rollback(async (ctx) => {
      const site = await createSite(ctx, { name: "Lab", code: "LAB" });
      await createRack(ctx, { siteId: site.id, room: "Hall A", name: "A01", uHeight: 42 });
      const err = await failure(createRack(ctx, { siteId: site.id, room: "Hall A", name: "a01", uHeight: 42 }));
      expect(err).toBeInstanceOf(ServiceError);
      expect((err as ServiceError).fields.name).toMatch(/already has a rack named "a01"/);
      await createRack(ctx, { siteId: site.id, room: "Hall B", name: "A01", uHeight: 42 });
      expect(await listRacks(ctx, { siteId: site.id })).toHaveLength(2);
    }));

  it("renames and moves a rack; a second save on the same version is refused", () =>
    t.rollback(async (ctx) => {
      const site = await createSite(ctx, { name: "Lab", code: "LAB" });
      const rack = await createRack(ctx, { siteId: site.id, room: "Hall A", name: "A01", uHeight: 42 });
      const moved = await updateRack(ctx, { id: rack.id, version: 1, name: "B07", room: "Hall B", row: "B", position: 7 });
      expect(moved).toMatchObject({ name: "B07", row: "B", position: 7, version: 2 });
      const [listed] = await listRacks(ctx, { siteId: site.id });
      expect(listed?.roomName).toBe("Hall B");

      const stale = await failure(updateRack(ctx, { id: rack.id, version: 1, uHeight: 45 }));
      expect((stale as ServiceError).code).toBe("CONFLICT");
      expect((stale as ServiceError).message).toMatch(/changed by someone else since you opened it/);
      const stillThere = await failure(deleteRack(ctx, { id: rack.id, version: 1 }));
      expect((stillThere as ServiceError).code).toBe("CONFLICT");
      await deleteRack(ctx, { id: rack.id, version: 2 });
      expect(await listRacks(ctx, { siteId: site.id })).toHaveLength(0);
    }));

  it("refuses a rack for a site that does not exist", () =>
    t.rollback(async (ctx) => {
      const err = await failure(
        createRack(ctx, { siteId: "00000000-0000-4000-8000-000000000000", room: "Hall A", name: "A01", uHeight: 42 }),
      );
      expect((err as ServiceError).code).toBe("NOT_FOUND");
      expect((err as ServiceError).fields.siteId).toBeDefined();
    }));
});
