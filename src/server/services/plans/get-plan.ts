import { and, asc, eq, inArray } from "drizzle-orm";
import { requireRole, roleOn } from "../../auth/actor";
import { channelJudgements, planEvents, planSteps, plans, sites } from "../../db/schema";
import type { ServiceContext } from "../context";
import { findConflicts } from "./conflicts";
import { evaluatePlanAround, readPlan, staleReads, whatIfReport, type JudgedPlan } from "./evaluate";
import { OPERATION_TITLES, planByIdInput, portsNamed, type OperationRead } from "./operations";
import { OPEN_STATUSES } from "./plan-access";
import { labeller } from "./plan-state";
import { detailOf } from "./floor";

type StepRowLite = { n: number; text: string; doneAt: Date | null; detail: unknown };

/**
 * The cut-overs under way on the floor: those with some steps done and some not. Their passing
 * links that are not passing in the live judgements now are down until the cut-over's last open
 * step is done.
 */
export function linksDownNow(steps: readonly StepRowLite[], live: ReadonlyMap<string, string>) {
  const groups = new Map<number, StepRowLite[]>();
  for (const s of steps) {
    const g = detailOf(s as never).group ?? 0;
    if (g > 0) groups.set(g, [...(groups.get(g) ?? []), s]);
  }
  const out: { group: number; from: number; to: number; until: number; done: number; total: number; links: string[] }[] = [];
  for (const [group, list] of [...groups].sort((a, b) => a[0] - b[0])) {
    const done = list.filter((s) => s.doneAt).length;
    if (done === 0 || done === list.length) continue;
    const d = detailOf(list[0] as never);
    const keys = d.linksDownKeys ?? [];
    const titles = d.linksDown ?? [];
    const links = titles.filter((_, i) => {
      const verdict = keys[i] ? live.get(keys[i]) : undefined;
      return verdict === undefined || verdict === "fail";
    });
    const open = list.filter((s) => !s.doneAt).map((s) => s.n);
    out.push({ group, from: list[0]!.n, to: list[list.length - 1]!.n, until: Math.max(...open), done, total: list.length, links });
  }
  return out;
}

/**
 * A plan as its page shows it: the plan, its operations (each with what it does and its problems),
 * its history, the what-if (findings introduced, resolved and left; channels broken, rerouted or
 * changed; the work order and the links down during each cut-over), the live objects changed since
 * it was drafted, the open plans touching the same ports, and what the caller may do with it.
 */
export async function getPlan(ctx: ServiceContext, input: { id: string }) {
  const { id } = planByIdInput.parse(input);
  const plan = await readPlan(ctx.db, id);
  requireRole(ctx.actor, "viewer", plan.siteId);
  const [site] = await ctx.db.select({ id: sites.id, name: sites.name, code: sites.code }).from(sites).where(eq(sites.id, plan.siteId));
  const [events, steps] = await Promise.all([
    ctx.db.select().from(planEvents).where(eq(planEvents.planId, id)).orderBy(asc(planEvents.at), asc(planEvents.id)),
    ctx.db.select().from(planSteps).where(eq(planSteps.planId, id)).orderBy(asc(planSteps.n)),
  ]);
  const onFloor = plan.status === "in_progress" || plan.status === "completed";
  // A completed or stopped plan is history: its what-if is not judged again against today's site.
  // A plan in progress is judged by its steps not done yet, on the plant as it is now.
  const history = plan.status === "completed" || plan.status === "stopped";
  const e = history ? null : await evaluatePlanAround(ctx.db, plan);
  const keys = plan.status === "in_progress" ? [...new Set(steps.flatMap((s) => detailOf(s).linksDownKeys ?? []))] : [];
  const live = new Map(
    keys.length
      ? (await ctx.db.select({ key: channelJudgements.key, verdict: channelJudgements.verdict }).from(channelJudgements).where(and(eq(channelJudgements.siteId, plan.siteId), inArray(channelJudgements.key, keys)))).map((c) => [c.key, c.verdict])
      : [],
  );
  const [rest] = await ctx.db.select({ id: plans.id, name: plans.name, status: plans.status }).from(plans).where(eq(plans.continuesPlanId, id));
  const [continues] = plan.continuesPlanId ? await ctx.db.select({ id: plans.id, name: plans.name }).from(plans).where(eq(plans.id, plan.continuesPlanId)) : [];
  const report = e ? whatIfReport(e) : null;
  const L = e ? labeller(e.applied.state) : null;
  const conflicts = e && OPEN_STATUSES.includes(plan.status) ? await findConflicts(ctx.db, plan, e.applied.outcomes.flatMap((o) => o.ports)) : [];
  const role = roleOn(ctx.actor, plan.siteId);
  const own = plan.authorUserId !== null && plan.authorUserId === ctx.actor.userId;
  const rank = { viewer: 1, editor: 2, approver: 3, admin: 4 } as const;
  const can = (r: keyof typeof rank) => role !== null && rank[role] >= rank[r];
  // The devices whose ports the plan touches or that it installs, moves or removes.
  const touched = e
    ? [
        ...new Set([
          ...e.applied.outcomes.flatMap((o) => o.ports).map((p) => e.applied.state.ports.find((q) => q.id === p)?.deviceId ?? e.state.ports.find((q) => q.id === p)?.deviceId),
          ...e.ops.map((op) => (op.kind === "device.add" ? op.newId : "deviceId" in op ? op.deviceId : undefined)),
        ]),
      ]
        .map((d) => (d ? (e.applied.state.devices.find((x) => x.id === d) ?? e.state.devices.find((x) => x.id === d)) : undefined))
        .filter((d) => d !== undefined)
        .sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }))
    : [];
  return {
    plan,
    site: site!,
    operations: (e?.rows ?? []).map((row, i) => ({
      id: row.id,
      seq: row.seq,
      kind: row.kind,
      title: OPERATION_TITLES[row.kind as keyof typeof OPERATION_TITLES] ?? row.kind,
      payload: row.payload as Record<string, unknown>,
      reads: row.reads as OperationRead[],
      text: e!.applied.outcomes[i]!.text,
      problems: e!.applied.outcomes[i]!.problems,
    })),
    events: events.map((ev) => ({ id: ev.id, at: ev.at, action: ev.action, from: ev.fromStatus, to: ev.toStatus, actor: ev.actorLabel, note: ev.note })),
    whatIf: report,
    stale: e && OPEN_STATUSES.includes(plan.status) && plan.status !== "in_progress" ? staleReads(e).map((s) => ({ seq: s.seq, type: s.read.type, label: s.read.label, then: s.read.version, now: s.now })) : [],
    conflicts: conflicts.map((c) => ({ ...c, ports: c.portIds.map((p) => L?.portLabel(p) ?? p) })),
    /** The devices whose ports the plan touches, to open their panels as planned. */
    devices: touched.map((d) => ({ id: d.id, name: d.name, planned: !!d.planned, removed: !e?.applied.state.devices.some((x) => x.id === d.id) })),
    /** The racks those devices leave or enter, to draw their elevations as planned. */
    racks: e
      ? [...new Set(touched.flatMap((d) => [d.rackId, e.state.devices.find((x) => x.id === d.id)?.rackId]))]
          .map((id) => (id ? e.state.racks.find((r) => r.id === id) : undefined))
          .filter((r) => r !== undefined)
          .map((r) => ({ id: r.id, name: r.name }))
          .sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }))
      : [],
    /** The device of every port the operations name (to open an operation's form on it): only
     *  those, not the part of the plant read (in a meshed 500-rack plant, 10,000 ports and 780 KB
     *  of every plan's view). */
    portDevices: e ? portDevicesOf(e) : {},
    /** What the plan installs, for the operation forms' pickers. */
    planned: e
      ? {
          devices: e.applied.state.devices.filter((d) => d.planned).map((d) => ({ id: d.id, name: d.name, role: d.role })),
          ports: e.applied.state.ports.filter((p) => p.planned).map((p) => ({ id: p.id, deviceId: p.deviceId, name: p.name, kind: p.kind, family: p.family })),
          transceivers: e.applied.state.transceivers.filter((x) => x.planned).map((x) => ({ id: x.id, portId: x.portId, typeId: x.typeId })),
          modules: e.applied.state.modules.filter((m) => m.planned).map((m) => ({ id: m.id, deviceId: m.deviceId, bay: m.bay })),
        }
      : { devices: [], ports: [], transceivers: [], modules: [] },
    steps: steps.map((s) => {
      const d = detailOf(s);
      return { n: s.n, kind: s.kind, text: s.text, cableId: s.cableId, detail: { tia: d.tia ?? [], link: d.link ?? null, group: d.group ?? 0, linksDown: d.linksDown ?? [] }, doneAt: s.doneAt, doneBy: s.doneByLabel };
    }),
    /** On the floor: steps done and left, and the links down now in the cut-overs under way. */
    floor: onFloor ? { done: steps.filter((s) => s.doneAt).length, total: steps.length, down: plan.status === "in_progress" ? linksDownNow(steps, live) : [] } : null,
    /** The draft holding the rest of this stopped plan, and the stopped plan this draft continues. */
    rest: rest ?? null,
    continues: continues ?? null,
    may: {
      edit: can("editor") && plan.status === "draft",
      submit: can("editor") && plan.status === "draft",
      withdraw: can("editor") && plan.status === "submitted",
      approve: can("approver") && plan.status === "submitted" && (!own || role === "admin"),
      reject: can("approver") && (plan.status === "submitted" || plan.status === "approved"),
      reopen: can("editor") && plan.status === "rejected",
      abandon: (own ? can("editor") : can("approver")) && ["draft", "submitted", "approved", "rejected"].includes(plan.status),
      release: can("approver") && plan.status === "approved",
      stop: can("approver") && plan.status === "in_progress",
      tick: can("editor") && onFloor,
    },
  };
}

export type PlanView = Awaited<ReturnType<typeof getPlan>>;

function portDevicesOf(e: JudgedPlan): Record<string, string> {
  const named = new Set(e.ops.flatMap(portsNamed));
  const out: Record<string, string> = {};
  for (const p of [...e.state.ports, ...e.applied.state.ports]) if (named.has(p.id)) out[p.id] = p.deviceId;
  return out;
}
