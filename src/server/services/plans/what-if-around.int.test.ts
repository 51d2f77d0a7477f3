/** A plan's what-if judged around what it touches agrees with the one judged on the part joined to it. */
import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { useTestDatabase } from "../../../../test/db";
import { Plant } from "../../../../test/plant";
import { rng } from "../../../../test/rng";
import { sql } from "drizzle-orm";
import { cables, ports, transceivers } from "../../db/schema";
import { queryRows, uuidArray } from "../inventory/sql";
import { createCable } from "../cables/create-cable";
import type { ServiceContext } from "../context";
import { evaluatePlan, evaluatePlanAround, whatIfReport, type Evaluated, type OperationRow, type PlanRow } from "./evaluate";
import { findingsAsPlanned } from "./views/findings";
import { planPortMarks } from "./views/port-marks";
import { plannedPortId } from "./apply-operations";
import type { StoredOperation } from "./operations";
import { judgeChannel, judgeSite, trace } from "../../../domain";
import { buildModel, type BuiltModel } from "../connectivity/build-model";
import { judgementRows } from "../connectivity/judgement-rows";
import { loadModelRows } from "../connectivity/model-rows";
import { partPorts, partRows } from "./part";
import { labeller } from "./plan-state";
import { planTrace } from "./views/trace";
import { inArray } from "drizzle-orm";
import { inRollback } from "../../../../test/db";
import { plans } from "../../db/schema";
import { getElementDetails } from "../topology/get-element-details";
import { getChannelPath, getPortPath } from "../topology/get-path";
import { getTopology } from "../topology/get-topology";
import { getTopologyOverview } from "../topology/get-topology-overview";
import { doOperation } from "./carry-out";
import { createPlan } from "./create-plan";
import { readOperations, storedOperation } from "./evaluate";
import type { OperationInput } from "./operations";
import { addOperation } from "./write-operation";

const t = useTestDatabase();
const CHAINS = 3;
const CASSETTES = ["cas-mpo12-6xlc-methodA-m-om4", "cas-mpo12-6xlc-methodB-m-om4", "cas-mpo12-6xlc-u1-m-om4"];
const TRUNKS = ["mpo12-typeA-ff-om4", "mpo12-typeB-ff-om4"];
const CORDS = ["lc-ab-om4", "lc-aa-om4", "lc-ab-om3", "lc-ab-om4-ll", "lc-aa-om4-ll"];
/** What the plans did, over all seeds: the test must have compared plans that change channels. */
const seen = new Set<string>();
afterAll(() => expect([...seen].sort()).toEqual(["breaks", "installs", "introduces", "repairs", "resolves"]));

const key = (f: { code: string; message: string }) => `${f.code}|${f.message}`;

/** The marks of ports as a plan leaves them, judged on the part joined to its ports: the stored rows
 *  of the ports outside the part, the judgement after the plan for those inside it. */
async function joinedMarks(ctx: ServiceContext, e: Evaluated, portIds: string[]) {
  const SEVERITY = ["error", "warning", "info"] as const;
  const VERDICT = ["pass", "warning", "fail"] as const;
  const outside = portIds.filter((id) => !e.part.has(id));
  const fault = new Map<string, (typeof SEVERITY)[number]>();
  const verdict = new Map<string, (typeof VERDICT)[number]>();
  const worse = <T extends string>(m: Map<string, T>, order: readonly T[], id: string, v: T) => {
    const now = m.get(id);
    if (now === undefined || order.indexOf(v) > order.indexOf(now)) m.set(id, v);
  };
  for (const r of await queryRows<{ port: string; severity: (typeof SEVERITY)[number] }>(
    ctx.db,
    sql`select p as port, f.severity from findings f, unnest(f.port_ids) p where f.site_id = ${e.plan.siteId} and p = any(${uuidArray(outside)}::uuid[])`,
  ))
    worse(fault, [...SEVERITY].reverse(), r.port, r.severity);
  for (const r of await queryRows<{ port: string; verdict: (typeof VERDICT)[number] }>(
    ctx.db,
    sql`select p as port, j.verdict from channel_paths c join channel_judgements j on j.site_id = c.site_id and j.key = c.key, unnest(c.ports) p
         where c.site_id = ${e.plan.siteId} and p = any(${uuidArray(outside)}::uuid[])`,
  ))
    worse(verdict, VERDICT, r.port, r.verdict);
  const wanted = new Set(portIds);
  for (const f of e.after.findings) for (const id of f.portIds) if (wanted.has(id) && e.part.has(id)) worse(fault, [...SEVERITY].reverse(), id, f.severity);
  for (const c of e.after.channels) for (const id of c.ports) if (wanted.has(id) && e.part.has(id)) worse(verdict, VERDICT, id, c.verdict);
  return { fault, verdict };
}

/**
 * Leaf/spine chains meshed by random cross-connects between cassette fronts (as the edit's property
 * test builds them), a low-loss chain whose lanes plans can break and repair, and a maker of random
 * operations: cords added, removed, moved and retyped, trunks retyped, optics taken out, and a switch
 * installed with an optic and a cord (fibers from ports that exist in the plan only).
 */
async function meshedPlant(ctx: ServiceContext, r: ReturnType<typeof rng>) {
  const p = await new Plant(ctx).site();
  const fronts = await p.leafSpineChains(r, CHAINS, { cassettes: CASSETTES, trunks: TRUNKS });
  // A low-loss chain whose first lane passes (Method A, a Type-A trunk, an A-to-B cord at one end
  // and an A-to-A cord at the other), its second failing (A-to-B at both ends): plans can break
  // and repair channels.
  await p.switch("leafq", "A01", 30, 2, "sfp28-25gbase-sr");
  await p.switch("spineq", "B01", 30, 2, "sfp28-25gbase-sr");
  await p.panel("qa", "A01", 26, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4-elite"] });
  await p.panel("qb", "B01", 26, { cassettes: ["cas-mpo12-6xlc-methodA-m-om4-elite"] });
  await p.cable("mpo12-typeA-ff-om4-elite", 30, { a1: "qa:1/R", b1: "qb:1/R" }, "TQ");
  for (const lane of [1, 2]) {
    await p.cable("lc-ab-om4-ll", 2, { a1: `leafq:Ethernet1/${lane}`, b1: `qa:1/${lane}` }, `LQ${lane}`);
    await p.cable(lane === 1 ? "lc-aa-om4-ll" : "lc-ab-om4-ll", 2, { a1: `qb:1/${lane}`, b1: `spineq:Ethernet1/${lane}` }, `SQ${lane}`);
  }
  for (const panel of ["qa", "qb"]) for (let f = 1; f <= 6; f++) fronts.push(`${panel}:1/${f}`);
  // A mesh: cross-connects between fronts of different chains.
  for (let m = 0; m < 6; m++) {
    const a = r.pick(fronts);
    const b = r.pick(fronts.filter((x) => x.slice(0, 3) !== a.slice(0, 3)));
    await createCable(ctx, { siteId: p.siteId, typeId: r.pick(CORDS), lengthM: 2, label: `M${m}`, ends: [{ connector: "a1", portId: p.port(a) }, { connector: "b1", portId: p.port(b) }] }).catch(() => undefined);
  }
  const all = await ctx.db.select().from(cables).where(eq(cables.siteId, p.siteId)).orderBy(cables.label);
  const optics = await ctx.db.select().from(transceivers).where(eq(transceivers.siteId, p.siteId)).orderBy(transceivers.id);
  const cages = [...Array.from({ length: CHAINS * 2 }, (_, i) => `leaf:Ethernet1/${i + 1}`), "leafq:Ethernet1/1", "leafq:Ethernet1/2"];
  let n = 0;
  const newId = () => `00000000-0000-4000-9000-${String(++n).padStart(12, "0")}`;
  const operation = (): StoredOperation => {
    const pick = r.next();
    if (pick < 0.3) {
      const a = r.pick([...fronts, ...cages]);
      const b = r.pick(fronts.filter((x) => x !== a));
      return { kind: "cable.add", typeId: r.pick(CORDS), label: "", lengthM: 2, splices: 0, ends: [{ connector: "a1", portId: p.port(a) }, { connector: "b1", portId: p.port(b) }], newId: newId() };
    }
    if (pick < 0.5) return { kind: "cable.remove", cableId: r.pick(all).id };
    if (pick < 0.7) {
      const c = r.pick(all.filter((x) => x.typeId.startsWith("lc")));
      return { kind: "cable.move", cableId: c.id, connector: "b1", portId: r.next() < 0.2 ? null : p.port(r.pick(fronts)) };
    }
    if (pick < 0.9) {
      const c = r.pick(all);
      // A trunk may become male-male: its matings with the cassettes change (findings of no channel).
      return { kind: "cable.retype", cableId: c.id, typeId: r.pick(c.typeId.startsWith("lc") ? CORDS : [...TRUNKS, "mpo12-typeA-mm-om4"]) };
    }
    return { kind: "transceiver.remove", transceiverId: r.pick(optics).id };
  };
  // A switch the plan installs, an optic in one of its cages and a cord from there: fibers
  // from ports that exist in the plan only.
  const planned = (): StoredOperation[] => {
    const device = newId();
    const cage = plannedPortId(device, "Ethernet1/1");
    return [
      { kind: "device.add", name: `new${n}`, role: "switch", model: "", rackId: p.racks.get("A01")!, uPosition: 20, uHeight: 1, face: "front", bays: 0, ports: [{ names: "Ethernet1/1..2", kind: "transceiver" }], newId: device },
      { kind: "transceiver.add", portId: cage, typeId: "sfp28-25gbase-sr", serial: "", newId: newId() },
      { kind: "cable.add", typeId: r.pick(CORDS), label: "", lengthM: 2, splices: 0, ends: [{ connector: "a1", portId: cage }, { connector: "b1", portId: p.port(r.pick(fronts)) }], newId: newId() },
    ];
  };
  return { p, fronts, cages, operation, planned };
}

/**
 * Leaf/spine chains meshed by random cross-connects between cassette fronts (as the edit's property
 * test builds them), then random plans of one to three operations: cords added, removed, moved and
 * retyped, trunks retyped, optics taken out, a switch installed with an optic and a cord. The what-if judged around the touched ports must say
 * what the one judged on everything physically joined to them says: the same problems, channels,
 * findings introduced and resolved, and work order; the findings it leaves are those of the joined
 * part that name the neighbourhood of the touched ports or a channel through it; and every port's
 * marks in the views as planned (its worst finding, the worst verdict through it) are the same.
 */
describe("a plan's what-if judged around what it touches", () => {
  it.each([21, 22, 23])("agrees with the joined part's on a random meshed plant (seed %i)", (seed) =>
    t.rollback(async (ctx) => {
      const r = rng(seed);
      const { p, operation, planned } = await meshedPlant(ctx, r);
      const sitePorts = (await ctx.db.select({ id: ports.id }).from(ports).where(eq(ports.siteId, p.siteId))).map((x) => x.id);
      const plan = { id: "00000000-0000-4000-8000-0000000000a1", siteId: p.siteId, status: "draft" } as PlanRow;
      for (let k = 0; k < 20; k++) {
        const ops = k % 4 === 3 ? [...planned(), operation()] : Array.from({ length: 1 + Math.floor(r.next() * 3) }, operation);
        const rows = ops.map((op, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, seq: i + 1, kind: op.kind, payload: op, reads: [], portIds: [] }) as unknown as OperationRow);
        const whole = await evaluatePlan(ctx.db, plan, rows);
        const part = await evaluatePlanAround(ctx.db, plan, rows);
        const joined = whatIfReport(whole);
        const around = whatIfReport(part);
        const what = JSON.stringify(ops);
        expect(around.problems, what).toEqual(joined.problems);
        expect(around.channels, what).toEqual(joined.channels);
        expect(around.findings.introduced, what).toEqual(joined.findings.introduced);
        expect(around.findings.resolved, what).toEqual(joined.findings.resolved);
        expect(around.workOrder, what).toEqual(joined.workOrder);
        // The views' marks of every port (its worst finding, the worst verdict through it): the stored
        // rows put aside by channel and by finding around the touched ports, the judged ones in their
        // place, give what the joined part gives port by port — a port outside it as stored, a port
        // inside it as judged after the plan (no channel outside a joined part reaches into it).
        const marked = [...sitePorts, ...part.applied.state.ports.filter((x) => x.planned).map((x) => x.id)];
        expect(await planPortMarks(ctx, part, marked), what).toEqual(await joinedMarks(ctx, whole, marked));
        // The findings view: the same findings as the stored ones outside the joined part with the
        // joined part's judgement after the plan.
        const said = (f: { code: string; message: string; port_ids: string[] }) => `${f.code}|${f.message}|${[...f.port_ids].sort().join(",")}`;
        const outsidePart = await queryRows<{ code: string; message: string; port_ids: string[] }>(
          ctx.db,
          sql`select code, message, port_ids from findings where site_id = ${p.siteId} and not port_ids && ${uuidArray([...whole.part])}::uuid[]`,
        );
        const expected = [...outsidePart, ...whole.after.findings.map((f) => ({ code: f.code, message: f.message, port_ids: f.portIds }))].map(said).sort();
        expect((await findingsAsPlanned(ctx.db, part)).map(said).sort(), what).toEqual(expected);
        const left = new Set(joined.findings.left.map(key));
        for (const f of around.findings.left) expect(left.has(key(f)), `${what}\n${key(f)}`).toBe(true);
        if (around.counts.breaks) seen.add("breaks");
        if (around.channels.some((c) => c.repairs)) seen.add("repairs");
        if (around.counts.introduced) seen.add("introduces");
        if (around.counts.resolved) seen.add("resolves");
        if (around.channels.some((c) => c.change === "new" && c.title.startsWith("new"))) seen.add("installs");
      }
    }),
    180_000,
  );
});

/** A port's trace as a plan leaves the plant, on everything physically joined to the port and the
 *  plan's ports (how it was judged before it was loaded along the fibers): the oracle. */
async function joinedTrace(ctx: ServiceContext, plan: PlanRow, rows: OperationRow[], portId: string) {
  const e = await evaluatePlan(ctx.db, plan, rows, { ports: [portId] });
  const state = e.applied.state;
  if (!state.ports.some((x) => x.id === portId)) return null;
  const built = buildModel(partRows(state, partPorts(state, [portId])));
  const judged = judgementRows(built, judgeSite(built.model, { ports: true }));
  const L = labeller(state);
  return {
    built,
    throughChannels: judged.channels.filter((c) => c.ports.includes(portId)).map((c) => ({ key: c.key, title: c.title, verdict: c.verdict, members: c.members })),
    findings: judged.findings.filter((f) => f.portIds.includes(portId)).map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
    portInfo: (id: string) => (L.port.has(id) ? { label: L.portLabel(id), tia: L.portTia(id) } : undefined),
  };
}

/** What the port page shows of a trace, from a model: the fibers (both faces of a panel port), the
 *  channel of a cage, and the labels of every port the fibers cross. */
function traced(built: BuiltModel, portId: string, label: (id: string) => unknown) {
  const model = built.model;
  const kind = built.port(portId)?.kind;
  const fibers = kind === "adapter" ? (["front", "rear"] as const).map((side) => trace(model, portId, { side }).fibers) : [trace(model, portId).fibers];
  const crossed = new Set<string>();
  for (const f of fibers.flat()) {
    for (const h of f.hops) if (h.kind === "adapter") crossed.add(h.portId);
    if ("portId" in f.end && f.end.portId) crossed.add(f.end.portId);
  }
  const cage = kind === "transceiver" && built.rows.transceivers.some((x) => x.portId === portId) && built.rows.plugs.some((x) => x.portId === portId);
  return { fibers, channel: cage ? judgeChannel(model, portId) : null, labels: [...crossed].sort().map((id) => [id, label(id)]) };
}

const byKey = <T extends { key?: string; code?: string; message?: string }>(xs: T[]) => [...xs].sort((a, b) => `${a.key}${a.code}${a.message}`.localeCompare(`${b.key}${b.code}${b.message}`));

/**
 * The same random meshed plants and plans: the trace of ports as each plan leaves the plant — the
 * ports it touches, a cage it installs, random ports of the site — loaded along the port's fibers
 * with the plan carried in as its difference of rows must show what the part physically joined to
 * the port shows: every fiber of both faces hop by hop, a cage's channel, the channels through the
 * port, its findings and the labels of every port crossed.
 */
describe("a port's trace as planned, loaded along its fibers", () => {
  const met = new Set<string>();
  afterAll(() => expect([...met].sort()).toEqual(["differs from live", "installed cage"]));
  it.each([31, 32, 33])("agrees with the joined part's on a random meshed plant (seed %i)", (seed) =>
    t.rollback(async (ctx) => {
      const r = rng(seed);
      const { p, fronts, cages, operation, planned } = await meshedPlant(ctx, r);
      const some = [...fronts, ...cages, "qa:1/R", "qb:1/R", "spineq:Ethernet1/1"];
      const plan = { id: "00000000-0000-4000-8000-0000000000a2", siteId: p.siteId, status: "draft" } as PlanRow;
      for (let k = 0; k < 16; k++) {
        const ops = k % 4 === 3 ? [...planned(), operation()] : Array.from({ length: 1 + Math.floor(r.next() * 3) }, operation);
        const rows = ops.map((op, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, seq: i + 1, kind: op.kind, payload: op, reads: [], portIds: [] }) as unknown as OperationRow);
        const whole = await evaluatePlan(ctx.db, plan, rows);
        const touched = [...new Set(whole.applied.outcomes.flatMap((o) => o.ports))];
        const installed = whole.applied.state.ports.filter((x) => x.planned && x.kind === "transceiver").map((x) => x.id);
        const portIds = [...new Set([...touched.slice(0, 3), ...installed.slice(0, 1), p.port(r.pick(some)), p.port(r.pick(some))])];
        for (const portId of portIds) {
          const what = `${JSON.stringify(ops)}\nport ${portId}`;
          const oracle = await joinedTrace(ctx, plan, rows, portId);
          expect(oracle, what).not.toBeNull();
          const g = await planTrace(ctx.db, plan, rows, portId);
          const want = traced(oracle!.built, portId, oracle!.portInfo);
          const have = traced(g.built, portId, (id) => (oracle!.portInfo(id) ? { label: g.portInfo(id)?.label, tia: g.portInfo(id)?.tia } : undefined));
          expect(have, what).toEqual(want);
          // Labels of live ports the plan does not name, from the part as stored.
          for (const [id] of want.labels) if (!oracle!.portInfo(id as string) && g.portInfo(id as string)) expect(g.portInfo(id as string)!.label, what).toMatch(/:/);
          expect(byKey(g.throughChannels), what).toEqual(byKey(oracle!.throughChannels));
          expect(byKey(g.findings), what).toEqual(byKey(oracle!.findings));
          if (installed.includes(portId)) met.add("installed cage");
          if (!installed.includes(portId)) {
            const now = buildModel((await loadModelRows(ctx.db, p.siteId, null))!);
            if (JSON.stringify(trace(now.model, portId).fibers) !== JSON.stringify(trace(g.built.model, portId).fibers)) met.add("differs from live");
          }
        }
      }
    }),
    180_000,
  );
});

/** A view's reply with ids the carrying out gave replaced by the plan's, finding ids dropped and
 *  lists in one order, to compare the site as planned with the site once the plan is carried out. */
function comparable(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  let text = JSON.stringify(value);
  for (const [real, planned] of ids) text = text.replaceAll(real, planned);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([k]) => !(k === "id" && typeof (v as { code?: unknown }).code === "string")).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(JSON.parse(text));
}

/**
 * The same random meshed plants, a third rack in another hall and row, and random plans (cords
 * added, removed, moved and retyped, trunks retyped, optics taken out, switches and panels moved to
 * the other row): the topology as each plan leaves the site — the overview, the graph of the whole
 * site and of each row, the side panel of every rack, room, device and of cables, the path of ports
 * and channels — must be the live topology once the plan's operations are carried out through the
 * inventory services (planned cords kept as planned), the plan's ids for the ones they were given.
 */
describe("the topology as planned", () => {
  const met = new Set<string>();
  afterAll(() => expect([...met].sort()).toEqual(["cable added", "channel changed", "device moved", "fault changed"]));
  it.each([41, 42, 43])("is the live topology once the plan is carried out (seed %i)", (seed) =>
    t.rollback(async (ctx) => {
      const r = rng(seed);
      const { p, fronts, cages, operation } = await meshedPlant(ctx, r);
      const far = await p.rack("C01", "Hall C", "C");
      const movable = ["leaf", "spine", "leafq", "spineq", "qa", "qb"].map((n) => p.devices.get(n)!).filter(Boolean);
      const siteId = p.siteId;
      for (let k = 0; k < 6; k++) {
        const plan = await createPlan(ctx, { siteId, name: `Plan ${k}` });
        let version = plan.version;
        const ops = Array.from({ length: 1 + Math.floor(r.next() * 3) }, (_, i): OperationInput => {
          if (r.next() < 0.25) return { kind: "device.move", deviceId: r.pick(movable), rackId: far, uPosition: 10 + 3 * i + 10 * (k % 3), face: "front" };
          const { newId: _newId, ...op } = operation() as StoredOperation & { newId?: string };
          return op as OperationInput;
        });
        for (const operation of ops) {
          const added = await addOperation(ctx, { planId: plan.id, version, operation }).catch(() => null);
          if (added) version = added.plan.version;
        }
        const stored = await readOperations(ctx.db, plan.id);
        if (stored.length === 0) continue;
        const overview = await getTopologyOverview(ctx, { siteId });
        const scopes = overview.rows.map((row) => ({ roomId: row.roomId, row: row.row }));
        const ports = [...fronts, ...cages].map((n) => p.port(n));
        const views = async (c: ServiceContext, planId?: string) => {
          const whole = await getTopology(c, { siteId, planId });
          const devices = whole.elements.nodes.filter((n) => n.kind === "device").map((n) => n.id.replace(/^device:/, ""));
          const racks = whole.elements.nodes.filter((n) => n.kind === "rack").map((n) => n.id.replace(/^rack:/, ""));
          const rooms = whole.elements.nodes.filter((n) => n.kind === "room").map((n) => n.id.replace(/^room:/, ""));
          const cableIds = whole.elements.edges.flatMap((e) => ("cableIds" in e ? (e.cableIds as string[]) : [e.id])).filter((id) => /^[0-9a-f-]{36}$/.test(id)).sort().slice(0, 12);
          const detail = (kind: "room" | "rack" | "device" | "cables", ids: string[]) => getElementDetails(c, { siteId, kind, ids, planId }).catch((e: unknown) => String(e));
          const portPaths = await Promise.all(ports.slice(0, 10).map((portId) => getPortPath(c, { siteId, portId, planId }).catch((e: unknown) => String(e))));
          const channelKeys = [...new Set(portPaths.flatMap((x) => (typeof x === "string" ? [] : x.channels.map((c) => c.key))))];
          return {
            overview: await getTopologyOverview(c, { siteId, planId }).then((o) => ({ ...o, planned: null })),
            whole,
            rows: await Promise.all(scopes.map((scope) => getTopology(c, { siteId, planId, scope }))),
            devices: await Promise.all(devices.map((id) => detail("device", [id]))),
            racks: await Promise.all(racks.map((id) => detail("rack", [id]))),
            rooms: await Promise.all(rooms.map((id) => detail("room", [id]))),
            cables: cableIds.length ? await detail("cables", cableIds) : null,
            portPaths,
            channelPaths: await Promise.all(channelKeys.map((channelKey) => getChannelPath(c, { siteId, channelKey, planId }).catch((e: unknown) => String(e)))),
          };
        };
        const planned = await views(ctx, plan.id);
        const live = await views(ctx);
        // Carried out in a savepoint, the views read, the plant put back.
        const ids = new Map<string, string>();
        const after = await inRollback(ctx.db, async (db) => {
          const tx = { db, actor: ctx.actor };
          const created: Record<string, string> = {};
          for (const row of stored) {
            const res = await doOperation(tx, siteId, storedOperation(row)!, (id) => created[id] ?? id);
            Object.assign(created, res.created);
          }
          for (const [plannedId, real] of Object.entries(created)) ids.set(real, plannedId);
          const made = [...ids.keys()];
          if (made.length) await db.update(cables).set({ status: "planned" }).where(inArray(cables.id, made));
          return views(tx);
        });
        const what = JSON.stringify(stored.map((s) => s.payload));
        // The views as planned read the ids the plan gave; the carried-out site's read its own.
        const { devices: _d, racks: _r, rooms: _m, cables: _c, portPaths: _p, channelPaths: _k, ...graphs } = planned;
        expect(comparable(graphs, new Map()), what).toEqual(comparable({ ...after, devices: undefined, racks: undefined, rooms: undefined, cables: undefined, portPaths: undefined, channelPaths: undefined }, ids));
        expect(comparable(planned.devices, new Map()), what).toEqual(comparable(after.devices, ids));
        expect(comparable(planned.racks, new Map()), what).toEqual(comparable(after.racks, ids));
        expect(comparable(planned.rooms, new Map()), what).toEqual(comparable(after.rooms, ids));
        expect(comparable(planned.portPaths, new Map()), what).toEqual(comparable(after.portPaths, ids));
        expect(comparable(planned.channelPaths, new Map()), what).toEqual(comparable(after.channelPaths, ids));
        if (stored.some((s) => s.kind === "device.move")) met.add("device moved");
        if (ids.size) met.add("cable added");
        if (JSON.stringify(planned.whole.channels) !== JSON.stringify(live.whole.channels)) met.add("channel changed");
        if (JSON.stringify(planned.overview.rows.map((x) => [x.failing, x.doubtful, x.severity])) !== JSON.stringify(live.overview.rows.map((x) => [x.failing, x.doubtful, x.severity]))) met.add("fault changed");
        await ctx.db.delete(plans).where(eq(plans.id, plan.id));
      }
    }),
    300_000,
  );
});
