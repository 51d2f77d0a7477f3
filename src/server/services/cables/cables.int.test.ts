import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ApiClient, createAccount } from "../../../../test/api-client";
import { Plant } from "../../../../test/plant";
import { testDriver, useTestDatabase } from "../../../../test/db";
import { failure } from "../../../../test/failure";
import { countingStatements } from "../../../../test/count-statements";
import { judgeSite } from "../../../domain";
import { auditEvents, cablePlugs, cables, channelJudgements, channelPaths, findings } from "../../db/schema";
import { buildModel } from "../connectivity/build-model";
import { judgementRows } from "../connectivity/judgement-rows";
import { loadModelRows } from "../connectivity/model-rows";
import { digestOf } from "../connectivity/store-judgement";
import { createCable } from "./create-cable";
import { deleteCable } from "./delete-cable";
import { getCable } from "./get-cable";
import { listCables } from "./list-cables";
import { plugCable } from "./plug-cable";
import { unplugCable } from "./unplug-cable";
import { updateCable } from "./update-cable";

const t = useTestDatabase();


async function plant(ctx: Parameters<Parameters<typeof t.rollback>[0]>[0]) {
  const p = await new Plant(ctx).site();
  await p.rack("A01", "Hall A", "A", 1);
  await p.switch("leaf1", "A01", 40, 4, "qsfp28-100gbase-sr4");
  await p.switch("tor1", "A01", 38, 4, "sfp28-25gbase-sr");
  await p.panel("pp1", "A01", 30, { adapters: [4, "MPO-12", "A"] });
  return p;
}

/**
 * The statements a change sends, less the two that run its judgement on cached plans on PostgreSQL
 * (judgeAround: the plan mode set before the part is read and set back after the judgements are
 * stored), which are checked apart: each change's own statements are what these tests count.
 */
function work(sent: string[]): string[] {
  const mode = sent.filter((q) => /set_config\('plan_cache_mode'/.test(q));
  expect(mode, sent.join("\n\n")).toHaveLength(testDriver === "postgres" ? 2 : 0);
  // Set back last: after the judgements are stored.
  if (mode.length > 0) expect(sent.at(-1)).toBe(mode[1]);
  return sent.filter((q) => !mode.includes(q));
}

describe("cables", () => {
  it("moves an end to a free port, and names the cable by TIA-606 identifier", () =>
    t.rollback(async (ctx) => {
      const p = await plant(ctx);
      const { cable } = await p.cable("mpo12-typeB-ff-om4", 3, { a1: "leaf1:Ethernet1/1", b1: "pp1:1" }, "P1");
      const c1 = await getCable(ctx, { id: cable.id });
      expect(c1.tia).toBe("LAB.A01-40:Ethernet1/1/LAB.A01-30:01");
      expect(c1.ends.map((e) => `${e.connector} ${e.label} ${e.side}`)).toEqual(["a1 leaf1:Ethernet1/1 front", "b1 pp1:1 front"]);

      const counted = countingStatements(ctx.db);
      const moved = await plugCable({ ...ctx, db: counted.db }, { id: cable.id, version: 1, connector: "b1", portId: p.port("pp1:2"), side: "rear" });
      // The cable locked with its ends and the plant; its type; the neighbourhood before; the ports,
      // their transceivers and plugs (two at once), the transceivers' types; the connector out of
      // its old port; the plug with the cable's new version and its audit entry; the part of the
      // plant to judge, with the neighbourhood after; the judgements. It took 14 before.
      expect(work(counted.sent), counted.sent.join("\n\n")).toHaveLength(10);
      expect(moved.cable.version).toBe(2);
      const c2 = await getCable(ctx, { id: cable.id });
      expect(c2.ends.map((e) => `${e.connector} ${e.label} ${e.side}`)).toEqual(["a1 leaf1:Ethernet1/1 front", "b1 pp1:2 rear"]);
      const stale = await failure(plugCable(ctx, { id: cable.id, version: 1, connector: "b1", portId: p.port("pp1:3") }));
      expect(stale.message).toMatch(/^Cable P1 was changed by someone else since you opened it/);
      const cage = await failure(plugCable(ctx, { id: cable.id, version: 2, connector: "b1", portId: p.port("leaf1:Ethernet1/2"), side: "rear" }));
      expect(cage.fields.side).toBe("leaf1:Ethernet1/2 is a cage: a cord plugs into its front only.");

      const audit = await ctx.db.select({ action: auditEvents.action, after: auditEvents.after }).from(auditEvents).where(eq(auditEvents.objectId, cable.id)).orderBy(asc(auditEvents.id));
      expect(audit.map((a) => a.action)).toEqual(["cable.create", "cable.plug"]);
      expect(audit[0]!.after).toMatchObject({ ends: [{ connector: "a1", port: "leaf1:Ethernet1/1", side: "front" }, { connector: "b1", port: "pp1:1", side: "front" }] });
    }));

  it("keeps a new type only when it has the plugged connectors, and unplugs a decommissioned cable", () =>
    t.rollback(async (ctx) => {
      const p = await plant(ctx);
      const { cable } = await p.cable("harness-mpo8-4xlc-f-om4", 5, { a1: "leaf1:Ethernet1/1", b1: "tor1:Ethernet1/1", b3: "tor1:Ethernet1/3" }, "BO1");
      const wrong = await failure(updateCable(ctx, { id: cable.id, version: 1, typeId: "mpo12-typeB-ff-om4" }));
      expect(wrong.fields.typeId).toBe("Type mpo12-typeB-ff-om4 has no connector b3, which is plugged in now. Unplug it first, or choose a type with the same connectors.");
      const notCable = await failure(updateCable(ctx, { id: cable.id, version: 1, typeId: "qsfp28-100gbase-sr4" }));
      expect(notCable.fields.typeId).toBe('"qsfp28-100gbase-sr4" is a transceiver type, not a cable type.');
      const done = await updateCable(ctx, { id: cable.id, version: 1, status: "decommissioned" });
      expect(done.cable.status).toBe("decommissioned");
      expect(await ctx.db.select().from(cablePlugs).where(eq(cablePlugs.cableId, cable.id))).toHaveLength(0);
      const listed = await listCables(ctx, { siteId: p.siteId, status: "decommissioned" });
      expect(listed.items.map((c) => [c.label, c.ends.length])).toEqual([["BO1", 0]]);
      await deleteCable(ctx, { id: cable.id, version: 2 });
      expect(await ctx.db.select().from(cables).where(eq(cables.id, cable.id))).toHaveLength(0);
    }));

  it("edits a cord's length in five statements, writes again only what changed, and audits the row it saved", () =>
    t.rollback(async (ctx) => {
      const p = await new Plant(ctx).site();
      await p.lowLossPair();
      const near = await p.cable("lc-ab-om4-ll", 2, { a1: "leaf1:Ethernet1/1", b1: "pp1:1/1" }, "N1");
      await p.cable("lc-aa-om4-ll", 2, { a1: "pp2:1/1", b1: "leaf2:Ethernet1/1" }, "F1");
      // The cassette's other channel, failing polarity (two A-to-B cords): judged again, unchanged.
      await p.cable("lc-ab-om4-ll", 2, { a1: "leaf1:Ethernet1/2", b1: "pp1:1/2" }, "N2");
      await p.cable("lc-ab-om4-ll", 2, { a1: "pp2:1/2", b1: "leaf2:Ethernet1/2" }, "F2");
      const stored = async () => ({
        paths: await ctx.db.select().from(channelPaths).where(eq(channelPaths.siteId, p.siteId)),
        channels: await ctx.db.select().from(channelJudgements).where(eq(channelJudgements.siteId, p.siteId)),
        findings: await ctx.db.select().from(findings).where(eq(findings.siteId, p.siteId)),
      });
      const before = await stored();

      const counted = countingStatements(ctx.db);
      const { cable, outcome } = await updateCable({ ...ctx, db: counted.db }, { id: near.cable.id, version: 1, lengthM: 30 });
      // The cable, its ends and the site's plant locked; the update with its audit entry; the part
      // of the plant the fibers from the neighbourhood of its ends cross, with that neighbourhood,
      // in two rounds (the cassette's free positions lead to the far cassette's, closed in the
      // second); the judgements stored. It took 14 when each of these was a statement of its own.
      expect(work(counted.sent), counted.sent.join("\n\n")).toHaveLength(5);
      expect(cable).toMatchObject({ lengthM: 30, version: 2 });
      expect(outcome.channels.map((c) => [c.title, c.verdict])).toEqual([
        ["leaf1:Ethernet1/2 ↔ leaf2:Ethernet1/2", "fail"],
        ["leaf1:Ethernet1/1 ↔ leaf2:Ethernet1/1", "pass"],
      ]);

      const [entry] = await ctx.db.select().from(auditEvents).where(and(eq(auditEvents.objectId, cable.id), eq(auditEvents.action, "cable.update")));
      expect(entry!.after).toEqual({ ...JSON.parse(JSON.stringify(cable)), unplugged: 0 });
      expect(entry!.before).toMatchObject({ lengthM: 2, version: 1, ends: [{ connector: "a1", portId: p.port("leaf1:Ethernet1/1"), side: "front" }, { connector: "b1", portId: p.port("pp1:1/1"), side: "front" }] });

      // What is stored is the whole site's judgement, row for row (the new length in the links)…
      const after = await stored();
      const built = buildModel((await loadModelRows(ctx.db, p.siteId, null))!);
      const fresh = judgementRows(built, judgeSite(built.model));
      expect(after.channels.map((c) => c.digest).sort()).toEqual(fresh.channels.map((c) => digestOf("channels", c)).sort());
      expect(after.findings.map((f) => f.digest).sort()).toEqual(fresh.findings.map((f) => digestOf("findings", f)).sort());
      expect(after.paths.map((c) => c.digest).sort()).toEqual(fresh.channels.map((c) => digestOf("paths", c)).sort());
      // …and of it only the channel through the cord was written again: the other channel and
      // every finding are the rows stored before.
      const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
      const changed = after.channels.filter((c) => !before.channels.some((b) => b.id === c.id && b.digest === c.digest));
      expect(changed.map((c) => c.title)).toEqual(["leaf1:Ethernet1/1 ↔ leaf2:Ethernet1/1"]);
      expect(ids(after.channels)).toEqual(ids(before.channels));
      expect(after.findings.length).toBeGreaterThan(0);
      expect(ids(after.findings)).toEqual(ids(before.findings));
      // A new length moves no fiber: both channels' paths are the rows stored before, untouched.
      expect(after.paths).toHaveLength(2);
      expect(after.paths).toEqual(before.paths);
    }));

  it("creates, unplugs, plugs and deletes a cord each in its own few statements, with the audit entry in the write's", () =>
    t.rollback(async (ctx) => {
      const p = await plant(ctx);
      // The type's catalog row is added on its first use: not this cord's statements.
      await p.cable("mpo12-typeB-ff-om4", 3, { a1: "leaf1:Ethernet1/3" }, "P0");
      const counted = countingStatements(ctx.db);
      const cctx = { ...ctx, db: counted.db };
      const sent = () => counted.sent.splice(0);

      const { cable } = await createCable(cctx, {
        siteId: p.siteId,
        typeId: "mpo12-typeB-ff-om4",
        lengthM: 3,
        label: "P1",
        ends: [{ connector: "a1", portId: p.port("leaf1:Ethernet1/1") }, { connector: "b1", portId: p.port("pp1:1") }],
      });
      // The site read with its plant locked; the type; the neighbourhood before; the ports, their
      // transceivers and plugs (two at once); the transceivers' types; the cable with its plugs and
      // its audit entry; the part of the plant to judge, with the neighbourhood after; the judgements.
      // It took 13 when the lock, the cable, its plugs and the audit entry were statements of their own.
      const create = sent();
      expect(work(create), create.join("\n\n")).toHaveLength(10);

      await unplugCable(cctx, { id: cable.id, version: 1, connector: "b1" });
      // The cable locked with its ends and the plant; the neighbourhood before; the plug removed with
      // the cable's new version and its audit entry; the part to judge; the judgements. It took 9.
      const unplug = sent();
      expect(work(unplug), unplug.join("\n\n")).toHaveLength(5);

      await plugCable(cctx, { id: cable.id, version: 2, connector: "b1", portId: p.port("pp1:2") });
      // The cable locked with its ends and the plant; its type; the neighbourhood before; the port,
      // its transceiver and plugs (two at once), the transceivers' types; the plug with the cable's
      // new version and its audit entry; the part to judge; the judgements. It took 13.
      const plug = sent();
      expect(work(plug), plug.join("\n\n")).toHaveLength(9);

      await deleteCable(cctx, { id: cable.id, version: 3 });
      // The cable locked with its ends and the plant; the neighbourhood before; the row deleted (its
      // plugs with it) with its audit entry; the part to judge; the judgements. It took 8.
      const remove = sent();
      expect(work(remove), remove.join("\n\n")).toHaveLength(5);

      const audit = await ctx.db.select().from(auditEvents).where(eq(auditEvents.objectId, cable.id)).orderBy(asc(auditEvents.id));
      expect(audit.map((a) => a.action)).toEqual(["cable.create", "cable.unplug", "cable.plug", "cable.delete"]);
      expect(audit[0]!.after).toEqual({
        ...JSON.parse(JSON.stringify(cable)),
        ends: [
          { connector: "a1", port: "leaf1:Ethernet1/1", side: "front", familyMismatch: false },
          { connector: "b1", port: "pp1:1", side: "front", familyMismatch: false },
        ],
      });
      expect(audit[1]!.before).toMatchObject({ connector: "b1", portId: p.port("pp1:1"), side: "front" });
      expect(audit[1]!.after).toEqual({ connector: "b1", portId: null });
      expect(audit[2]!.before).toEqual({ connector: "b1", portId: null });
      expect(audit[2]!.after).toEqual({ connector: "b1", port: "pp1:2", portId: p.port("pp1:2"), side: "front", familyMismatch: false });
      expect(audit[3]!.before).toMatchObject({ id: cable.id, label: "P1", version: 3, ends: [{ connector: "a1" }, { connector: "b1", portId: p.port("pp1:2") }] });
      expect(audit.every((a) => a.siteId === p.siteId && a.actorLabel === ctx.actor.label)).toBe(true);
      expect(await ctx.db.select().from(cablePlugs).where(eq(cablePlugs.cableId, cable.id))).toHaveLength(0);

      // A stale version is refused as before, and nothing is written.
      const { cable: other } = await p.cable("mpo12-typeB-ff-om4", 3, { a1: "leaf1:Ethernet1/2" }, "P2");
      await unplugCable(ctx, { id: other.id, version: 1, connector: "a1" });
      const staleUnplug = await failure(unplugCable(ctx, { id: other.id, version: 1, connector: "a1" }));
      expect(staleUnplug.message).toMatch(/^Cable P2 was changed by someone else since you opened it/);
      const staleDelete = await failure(deleteCable(ctx, { id: other.id, version: 1 }));
      expect(staleDelete.message).toMatch(/^Cable P2 was changed by someone else since you opened it/);
      const notPlugged = await failure(unplugCable(ctx, { id: other.id, version: 2, connector: "a1" }));
      expect(notPlugged.fields.connector).toBe("Connector a1 of this cable is not plugged in.");
      expect(await ctx.db.select({ version: cables.version }).from(cables).where(eq(cables.id, other.id))).toEqual([{ version: 2 }]);
      expect(await ctx.db.select().from(auditEvents).where(eq(auditEvents.objectId, other.id))).toHaveLength(2);
    }));

  it("finds cables by any part of their label, in label order, a page at a time", () =>
    t.rollback(async (ctx) => {
      const p = await plant(ctx);
      await p.cable("lc-ab-om4", 2, {}, "F-A12-01");
      await p.cable("lc-ab-om4", 2, {}, "T-A12-B03");
      await p.cable("lc-ab-om4", 2, {}, "F-B07-02");
      await p.cable("lc-ab-om4", 2, {}, "50%_OFF");
      const labels = async (q: string, limit = 100) => (await listCables(ctx, { siteId: p.siteId, q, limit })).items.map((c) => c.label);
      expect(await labels("a12")).toEqual(["F-A12-01", "T-A12-B03"]);
      expect(await labels("-0")).toEqual(["F-A12-01", "F-B07-02"]);
      expect(await labels("B0")).toEqual(["F-B07-02", "T-A12-B03"]);
      // % and _ are letters in a search, not patterns.
      expect(await labels("%_")).toEqual(["50%_OFF"]);
      expect(await labels("_")).toEqual(["50%_OFF"]);
      const first = await listCables(ctx, { siteId: p.siteId, q: "a12", limit: 1 });
      expect(first.items.map((c) => c.label)).toEqual(["F-A12-01"]);
      const second = await listCables(ctx, { siteId: p.siteId, q: "a12", limit: 1, after: first.next! });
      expect(second.items.map((c) => c.label)).toEqual(["T-A12-B03"]);
    }));

  it("filters by kind, fiber and polarity type, and pages by length either way", () =>
    t.rollback(async (ctx) => {
      const p = await plant(ctx);
      await p.cable("lc-ab-om4", 3, {}, "C3");
      await p.cable("lc-aa-om4-ll", 1, {}, "C1");
      await p.cable("mpo12-typeB-mm-os2", 30, {}, "T30");
      await p.cable("lc-ab-om4", 2, {}, "C2");
      const list = async (input: Omit<Parameters<typeof listCables>[1], "siteId">) => (await listCables(ctx, { siteId: p.siteId, ...input })).items;
      expect((await list({ fiber: "OS2" })).map((c) => c.label)).toEqual(["T30"]);
      expect((await list({ polarity: "AA" })).map((c) => [c.label, c.words])).toEqual([["C1", "LC, UPC, OM4, A-to-A"]]);
      expect((await list({ kind: "harness" })).length).toBe(0);
      // Plugged nowhere, an MPO cable is a cord; only its place in panels' rears makes it a trunk.
      expect((await list({ kind: "trunk" })).length).toBe(0);
      expect((await list({ verdict: "none" })).length).toBe(4);
      const up = await listCables(ctx, { siteId: p.siteId, sort: "length", limit: 2 });
      expect(up.items.map((c) => c.label)).toEqual(["C1", "C2"]);
      expect((await list({ sort: "length", limit: 2, after: up.next! })).map((c) => c.label)).toEqual(["C3", "T30"]);
      const down = await listCables(ctx, { siteId: p.siteId, sort: "length", desc: true, limit: 3 });
      expect(down.items.map((c) => c.label)).toEqual(["T30", "C3", "C2"]);
      expect((await list({ sort: "length", desc: true, after: down.next! })).map((c) => c.label)).toEqual(["C1"]);
    }));

  it("answers bad cable input over HTTP with 400 and field messages, never a 500, and writes nothing", () =>
    t.rollback(async (ctx) => {
      const p = await plant(ctx);
      await createAccount(ctx.db, "ed@example.com", "editor");
      const api = await new ApiClient(ctx.db).signIn("ed@example.com");
      const res = await api.call("cables.create", {
        siteId: p.siteId,
        typeId: "lc-ab-om4",
        lengthM: -1,
        colour: "blue",
        ends: [{ connector: "a1", portId: "not-a-port" }],
      });
      expect(res.status).toBe(400);
      expect(res.error?.fieldErrors).toMatchObject({
        lengthM: "A cable is at least 0.1 m long.",
        colour: "Six hex digits, e.g. 00aaff (or leave empty).",
        "ends.0.portId": "Not a valid id.",
      });
      const unknownType = await api.call("cables.create", { siteId: p.siteId, typeId: "lc-zz-om9", lengthM: 2 });
      expect(unknownType.status).toBe(404);
      expect(unknownType.error?.fieldErrors).toEqual({ typeId: 'There is no cable type "lc-zz-om9" in the catalog.' });
      const viewer = await createAccount(ctx.db, "view@example.com", "viewer");
      expect(viewer.email).toBe("view@example.com");
      const asViewer = await new ApiClient(ctx.db).signIn("view@example.com");
      const refused = await asViewer.call("cables.create", { siteId: p.siteId, typeId: "lc-ab-om4", lengthM: 2 });
      expect(refused.status).toBe(403);
      expect(await ctx.db.select().from(cables).where(eq(cables.siteId, p.siteId))).toHaveLength(0);
    }));
});
