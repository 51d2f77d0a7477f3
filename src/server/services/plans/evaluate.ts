import { asc, eq, sql, type SQL } from "drizzle-orm";
import { FINDING_CODES, type ChannelLink, type FindingCode } from "../../../domain";
import type { Db } from "../../db/client";
import { planOperations, plans } from "../../db/schema";
import { aroundPorts, judgeImagined, type Around, type JudgedAround } from "../connectivity/around";
import type { BuiltModel } from "../connectivity/build-model";
import type { ChannelRow, FindingRow } from "../connectivity/judgement-rows";
import { byPlugOrder, byRowId, type ModelRows } from "../connectivity/model-rows";
import { notFound } from "../errors";
import { pgArray } from "../imports/bulk-insert";
import { uuidArray } from "../inventory/sql";
import { applyOperations, type AppliedPlan } from "./apply-operations";
import { remainingRows } from "./floor";
import { loadPlanState, scopeOf, typeIdsOf, type PlanReach, type PlanScope } from "./load-state";
import { operationInput, type OperationRead, type StoredOperation, type TemplateSnapshot } from "./operations";
import { judgePartOf, partPorts, type JudgedPart } from "./part";
import { installedPorts, labeller, toModelRows, type PlanState } from "./plan-state";
import { orderWorkSteps, type WorkOrder } from "./work-order";

export type PlanRow = typeof plans.$inferSelect;
export type OperationRow = typeof planOperations.$inferSelect;

export async function readPlan(db: Db, id: string, lock = false): Promise<PlanRow> {
  const q = db.select().from(plans).where(eq(plans.id, id));
  const [plan] = lock ? await q.for("update") : await q;
  if (!plan) throw notFound("This plan");
  return plan;
}

export const readOperations = (db: Db, planId: string) => db.select().from(planOperations).where(eq(planOperations.planId, planId)).orderBy(asc(planOperations.seq));

/** A stored payload as an operation (payloads are validated when written; a row that no longer reads is reported, not thrown). */
export function storedOperation(row: Pick<OperationRow, "payload">): StoredOperation | null {
  const raw = row.payload as { newId?: unknown; template?: unknown };
  const parsed = operationInput.safeParse(raw);
  if (!parsed.success) return null;
  const template = raw.template && typeof raw.template === "object" && Array.isArray((raw.template as TemplateSnapshot).bays) && Array.isArray((raw.template as TemplateSnapshot).ports) ? (raw.template as TemplateSnapshot) : undefined;
  return { ...parsed.data, ...(typeof raw.newId === "string" ? { newId: raw.newId } : {}), ...(template ? { template } : {}) };
}

export interface Evaluated {
  plan: PlanRow;
  rows: OperationRow[];
  ops: StoredOperation[];
  state: PlanState;
  applied: AppliedPlan;
  /** Ports of the part of the plant the plan touches, before and after. */
  part: Set<string>;
  before: JudgedPart;
  after: JudgedPart;
}

/** A plan applied to the live site in memory, not judged: each operation's problems, reads and ports. */
export type CheckedPlan = Pick<Evaluated, "plan" | "rows" | "ops" | "state" | "applied">;

/** A plan applied and judged before and after, as its what-if report reads it. */
export type JudgedPlan = Omit<Evaluated, "part">;

/** A plan judged around what it touches, with that neighbourhood and the channels stored through it. */
export type AroundPlan = JudgedPlan & { around: Around };

/**
 * Applies a plan to the live site in memory: the state read as `reach` says (PlanReach) around
 * what the operations name and `scope` adds, or the whole site with "site". A plan in progress is
 * applied by the operations of its steps not done yet, on the plant as the done ones left it.
 */
async function applyPlan(db: Db, plan: PlanRow, rows: OperationRow[] | undefined, scope: PlanScope | "site", reach: PlanReach): Promise<CheckedPlan> {
  const opRows = rows ?? (plan.status === "in_progress" ? await remainingRows(db, plan) : await readOperations(db, plan.id));
  const parsed = opRows.map(storedOperation);
  // A payload that no longer reads becomes a removal of nothing, reported as a problem below.
  const ops = parsed.map((op) => op ?? ({ kind: "cable.remove", cableId: "00000000-0000-4000-8000-000000000000" } as StoredOperation));
  const state = await loadPlanState(db, plan.siteId, typeIdsOf(ops), scope === "site" ? undefined : scopeOf(ops, scope), reach);
  if (!state) throw notFound("This plan's site");
  const applied = applyOperations(state, ops);
  parsed.forEach((op, i) => {
    if (!op) applied.outcomes[i]!.problems = { operation: "This operation can no longer be read; remove it and write it again." };
  });
  return { plan, rows: opRows, ops, state, applied };
}

/**
 * A plan's operations checked, without judging it: whether each still applies and what it reads
 * (submitting and approving a plan refuse on those), on what the operations name (PlanReach).
 */
export const checkPlan = (db: Db, plan: PlanRow): Promise<CheckedPlan> => applyPlan(db, plan, undefined, {}, "named");

/**
 * Applies a plan to the live site in memory and judges the part of the plant it touches before and
 * after (every fiber of that part stays in it, so its verdicts are the whole site's). The state read
 * is the part joined to what the operations name and `scope` adds (a port, device or rack), or the
 * whole site with "site". A plan in progress is judged by the operations of its steps not done yet.
 * The reference the views' judgement around what a plan touches is tested against (in a meshed
 * plant the joined part of one cord is 60,000 ports; no view reads it).
 */
export async function evaluatePlan(db: Db, plan: PlanRow, rows?: OperationRow[], scope: PlanScope | "site" = {}): Promise<Evaluated> {
  const checked = await applyPlan(db, plan, rows, scope, "joined");
  const { state, applied } = checked;
  const touched = applied.outcomes.flatMap((o) => o.ports);
  const part = new Set([...partPorts(state, touched), ...partPorts(applied.state, touched)]);
  return { ...checked, part, before: judgePartOf(state, part), after: judgePartOf(applied.state, part) };
}

/**
 * A plan's operations checked on what they name and `scope` adds (PlanReach "named"), with what it
 * does to the engine's rows of any part of the plant (planPatch), for a view that loads its own part
 * along the fibers of the plant as the plan leaves it (a port's trace as planned). `touched`: the
 * live ports of the touched ports' cables and cassettes before and after the plan; a part that
 * closes them holds every row of every cable and cassette the plan changes, so the patch leaves no
 * cable of it half plugged.
 */
export async function imaginePlan(
  db: Db,
  plan: PlanRow,
  rows: OperationRow[] | undefined,
  scope: PlanScope,
): Promise<CheckedPlan & { imagine: (rows: ModelRows) => ModelRows; touched: string[] }> {
  const checked = await applyPlan(db, plan, rows, scope, "named");
  const { state, applied } = checked;
  const ports = [...new Set(applied.outcomes.flatMap((o) => o.ports))];
  const installed = installedPorts(applied.state);
  const touched = [...new Set([...neighbours(state, ports), ...neighbours(applied.state, ports)])].filter((id) => !installed.has(id));
  return { ...checked, imagine: planPatch(state, applied.state), touched };
}

/** The engine's rows a plan state keys by: a plug by its cable and connector, the others by id. */
const PATCHED = ["devices", "modules", "ports", "transceivers", "cables", "plugs"] as const;
type Patched = (typeof PATCHED)[number];
const rowKey = (table: Patched, r: { id?: string; cableId?: string; connector?: string }) => (table === "plugs" ? `${r.cableId}\u0000${r.connector}` : r.id!);

/**
 * What a plan does to the engine's rows, as a function of any part of the plant: the rows the
 * state has before the plan and not after it (or not as they were) taken out, the rows it has after
 * it put in. Both states are the same read (what the operations name), so every row the plan
 * touches is in them; a part that lacks a row taken out is left as it is.
 */
function planPatch(before: PlanState, after: PlanState): (rows: ModelRows) => ModelRows {
  const was = toModelRows(before);
  const now = toModelRows(after);
  const patch = Object.fromEntries(
    PATCHED.map((table) => {
      const old = new Map((was[table] as { id?: string }[]).map((r) => [rowKey(table, r), JSON.stringify(r)]));
      const out = new Set<string>();
      const put: unknown[] = [];
      for (const r of now[table] as { id?: string }[]) {
        const k = rowKey(table, r);
        if (old.get(k) !== JSON.stringify(r)) {
          out.add(k);
          put.push(r);
        }
        old.delete(k);
      }
      for (const k of old.keys()) out.add(k);
      return [table, { out, put }];
    }),
  ) as Record<Patched, { out: Set<string>; put: unknown[] }>;
  return (rows) => {
    const next = { ...rows, userTypes: [...rows.userTypes, ...now.userTypes.filter((t) => !rows.userTypes.some((u) => u.id === t.id))] };
    for (const table of PATCHED) {
      const { out, put } = patch[table];
      // In the order loadModelRows reads rows (by id; plugs by cable and connector): the engine
      // names a link's ends and words its messages in the order of its rows.
      const patched = [...(rows[table] as { id?: string }[]).filter((r) => !out.has(rowKey(table, r))), ...put];
      (next[table] as unknown[]) = put.length ? (table === "plugs" ? (patched as ModelRows["plugs"]).sort(byPlugOrder) : (patched as { id: string }[]).sort(byRowId)) : patched;
    }
    return next;
  };
}

/** The ports of a state beside `ports`: themselves, the other ports of the cables plugged into them and of their modules. */
export function neighbours(state: PlanState, ports: readonly string[]): string[] {
  const wanted = new Set(ports);
  const out = new Set(ports);
  const cables = new Set(state.plugs.filter((p) => wanted.has(p.portId)).map((p) => p.cableId));
  for (const p of state.plugs) if (cables.has(p.cableId)) out.add(p.portId);
  const modules = new Set(state.ports.filter((p) => wanted.has(p.id) && p.moduleId !== null).map((p) => p.moduleId));
  for (const p of state.ports) if (p.moduleId !== null && modules.has(p.moduleId)) out.add(p.id);
  return [...out];
}

/**
 * A plan applied and judged around what it touches, for its what-if report and the device, rack
 * and findings views of the site as it leaves it (`scope`: what a view adds, a device or a rack, read
 * with what the operations name): the operations
 * checked on what they name (PlanReach "named"), and the part of the plant the fibers through the
 * touched ports cross, before the plan and as the plan leaves it, loaded along those fibers as an
 * edit's is (around.ts): the stored channels through the neighbourhood of the touched ports, every
 * fiber from it on the plant as it is and as the plan leaves it, closed in turn. Judged around that
 * neighbourhood, both sides give exactly the channels through it and the findings naming it that
 * judging the whole site gives — in a meshed plant too, where everything physically joined to one
 * cord is 60,000 ports (evaluatePlan, for the views of the site as the plan leaves it).
 */
export async function evaluatePlanAround(db: Db, plan: PlanRow, rows?: OperationRow[], scope: PlanScope = {}): Promise<AroundPlan> {
  const checked = await applyPlan(db, plan, rows, scope, "named");
  const { state, applied } = checked;
  const touched = [...new Set(applied.outcomes.flatMap((o) => o.ports))];
  const live = new Set(state.ports.map((p) => p.id));
  const stored = await aroundPorts(db, plan.siteId, touched.filter((p) => live.has(p)));
  // The neighbourhood as it is (read) and as the plan leaves it (new cords' other ends, planned cassettes).
  const around: Around = { ports: [...new Set([...stored.ports, ...neighbours(state, touched), ...neighbours(applied.state, touched)])], channels: stored.channels };
  const judged = await judgeImagined(db, plan.siteId, around, planPatch(state, applied.state));
  if (!judged) throw notFound("This plan's site");
  const part = ({ built, rows }: JudgedAround): JudgedPart => ({ built, ...rows });
  return { ...checked, around, before: part(judged.before), after: part(judged.after) };
}

/** Stored rows a view of the site as a plan leaves it leaves out, as SQL conditions. */
export interface Aside {
  /** True for a stored channel put aside (a row of `channel_paths` or `channel_judgements` as `c`). */
  channel: SQL;
  /** True for a stored finding put aside (a row of `findings` as `f`). */
  finding: SQL;
}

/**
 * The stored rows a plan's judgement around what it touches stands in for, in a view of the site as
 * the plan leaves it: the channels with a key it judged (before or after the plan) or stored through
 * the neighbourhood of the touched ports, their findings, and the findings of no channel that name a
 * port of the neighbourhood. Every other stored row stands as it is: a channel the plan changes
 * crosses a touched port, and a finding it changes names one or is a channel's.
 */
export function putAside(e: AroundPlan): Aside {
  const keys = sql`${pgArray([...new Set([...e.around.channels.keys(), ...e.before.channels.map((c) => c.key), ...e.after.channels.map((c) => c.key)])])}::text[]`;
  return { channel: sql`c.key = any(${keys})`, finding: sql`coalesce(f.channel_key = any(${keys}), f.port_ids && ${uuidArray(e.around.ports)}::uuid[])` };
}

const findingKey = (f: { code: string; message: string }) => `${f.code}|${f.message}`;
/** A link's loss is known when at least one of its fibers joins a transmitter to a receiver (the engine then names the lowest grade on the way). */
const measured = (c: ChannelRow) => ((c.links ?? []) as ChannelLink[]).filter((l) => l.lowestGrade !== undefined);
const worstLoss = (c: ChannelRow) => {
  const links = measured(c);
  return links.length ? Math.max(...links.map((l) => l.lossDb)) : null;
};
/** Why a channel has no loss figure, or null when it has one. */
export const lossUnknownWhy = (c: ChannelRow): string | null =>
  measured(c).length ? null : ((c.links ?? []) as ChannelLink[]).length ? "no fiber joins a transmitter to a receiver" : "no link between two transceivers";
const maxLoss = (c: ChannelRow) => {
  const links = (c.links ?? []) as ChannelLink[];
  const limits = links.map((l) => l.maxLossDb).filter((x): x is number => x !== null);
  return limits.length ? Math.min(...limits) : null;
};

export type ChannelChange = "new" | "removed" | "rerouted" | "changed" | "unchanged";

const sameMembers = (a: ChannelRow, b: ChannelRow) => a.members.length === b.members.length && a.members.every((m) => b.members.includes(m));
const distinctMembers = (c: ChannelRow) => new Set(c.members).size === c.members.length;
const membersKey = (c: ChannelRow) => [...c.members].sort().join(",");

/**
 * Each channel after a plan with the channel before it that it continues: the first before with the
 * same members, else the first not yet taken that shares a member (in the channels' order). Found
 * through indexes of the members: a scan of every pair had taken a second for a part of 9,000
 * channels (a meshed plant at 3,000 racks). Channels whose members repeat a port (none the engine
 * makes) are matched by the scan.
 */
export function matchChannels(before: readonly ChannelRow[], after: readonly ChannelRow[]): Map<ChannelRow, ChannelRow> {
  const out = new Map<ChannelRow, ChannelRow>();
  const taken = new Set<ChannelRow>();
  const scan = !before.every(distinctMembers) || !after.every(distinctMembers);
  const byKey = new Map<string, number>();
  const byMember = new Map<string, number[]>();
  if (!scan)
    before.forEach((b, i) => {
      const key = membersKey(b);
      if (!byKey.has(key)) byKey.set(key, i);
      for (const m of b.members) {
        const list = byMember.get(m);
        if (list) list.push(i);
        else byMember.set(m, [i]);
      }
    });
  for (const a of after) {
    let b: ChannelRow | undefined;
    if (scan) b = before.find((x) => sameMembers(x, a)) ?? before.find((x) => !taken.has(x) && x.members.some((m) => a.members.includes(m)));
    else {
      const same = byKey.get(membersKey(a));
      if (same !== undefined) b = before[same];
      else {
        let first = Infinity;
        for (const m of a.members)
          for (const i of byMember.get(m) ?? []) {
            if (i >= first) break;
            if (!taken.has(before[i]!)) {
              first = i;
              break;
            }
          }
        if (first !== Infinity) b = before[first];
      }
    }
    if (b) {
      taken.add(b);
      out.set(a, b);
    }
  }
  return out;
}

export interface ChannelImpact {
  key: string;
  title: string;
  change: ChannelChange;
  before: ChannelRow["verdict"] | null;
  after: ChannelRow["verdict"] | null;
  lossBefore: number | null;
  lossAfter: number | null;
  /** Why the loss before or after could not be computed (shown instead of a figure). */
  lossBeforeWhy: string | null;
  lossAfterWhy: string | null;
  maxLossDb: number | null;
  /** It passed before and fails (or is gone) after. */
  breaks: boolean;
  /** It failed before and passes after. */
  repairs: boolean;
  /** A port the channel passes through now, to open its trace. */
  portId: string;
}

export interface PlanFinding {
  code: string;
  title: string;
  severity: FindingRow["severity"];
  message: string;
  portId: string | null;
  portLabel: string | null;
}

export interface WhatIfReport {
  problems: { seq: number; index: number; field: string; message: string }[];
  findings: { introduced: PlanFinding[]; resolved: PlanFinding[]; left: PlanFinding[] };
  channels: ChannelImpact[];
  workOrder: WorkOrder;
  counts: { operations: number; problems: number; introduced: number; resolved: number; left: number; breaks: number; linksDown: number };
}

/** What the plan does: problems of its operations, findings it introduces, resolves and leaves, channels it breaks, reroutes or changes, and the ordered work. */
export function whatIfReport(e: JudgedPlan): WhatIfReport {
  const problems = e.applied.outcomes.flatMap((o) => Object.entries(o.problems).map(([field, message]) => ({ seq: e.rows[o.index]?.seq ?? o.index + 1, index: o.index, field, message })));
  // A port's label from the state read for the operations, else from the part judged (a plan judged
  // around what it touches reads the state of what it names only).
  const labelIn = (L: ReturnType<typeof labeller>, built: BuiltModel) => (id: string) => (L.port.has(id) ? L.portLabel(id) : built.portLabel(id));
  const Lb = labelIn(labeller(e.state), e.before.built);
  const La = labelIn(labeller(e.applied.state), e.after.built);
  const show = (f: FindingRow, label: (id: string) => string): PlanFinding => ({
    code: f.code,
    title: FINDING_CODES[f.code as FindingCode]?.title ?? f.code,
    severity: f.severity,
    message: f.message,
    portId: f.portIds[0] ?? null,
    portLabel: f.portIds[0] ? label(f.portIds[0]) : null,
  });
  const beforeKeys = new Set(e.before.findings.map(findingKey));
  const afterKeys = new Set(e.after.findings.map(findingKey));
  const bySeverity = (a: PlanFinding, b: PlanFinding) => a.severity.localeCompare(b.severity) || a.code.localeCompare(b.code) || a.message.localeCompare(b.message);
  const introduced = e.after.findings.filter((f) => !beforeKeys.has(findingKey(f))).map((f) => show(f, La));
  const resolved = e.before.findings.filter((f) => !afterKeys.has(findingKey(f))).map((f) => show(f, Lb));
  const left = e.after.findings.filter((f) => beforeKeys.has(findingKey(f))).map((f) => show(f, La));

  const touched = new Set(e.applied.outcomes.flatMap((o) => o.ports));
  const channels: ChannelImpact[] = [];
  const beforeOf = matchChannels(e.before.channels, e.after.channels);
  const matched = new Set(beforeOf.values());
  for (const a of e.after.channels) {
    const b = beforeOf.get(a);
    const rerouted = b !== undefined && (b.ports.length !== a.ports.length || b.ports.some((p) => !a.ports.includes(p)));
    const lossBefore = b ? worstLoss(b) : null;
    const lossAfter = worstLoss(a);
    const change: ChannelChange = !b ? "new" : !sameMembers(a, b) ? "changed" : rerouted ? "rerouted" : b.verdict !== a.verdict || lossBefore !== lossAfter ? "changed" : "unchanged";
    if (change === "unchanged" && !a.ports.some((p) => touched.has(p))) continue;
    channels.push({
      key: a.key,
      title: a.title,
      change,
      before: b?.verdict ?? null,
      after: a.verdict,
      lossBefore,
      lossAfter,
      lossBeforeWhy: b ? lossUnknownWhy(b) : null,
      lossAfterWhy: lossUnknownWhy(a),
      maxLossDb: maxLoss(a),
      breaks: b !== undefined && b.verdict !== "fail" && a.verdict === "fail",
      repairs: b !== undefined && b.verdict === "fail" && a.verdict !== "fail",
      portId: a.members[0]!,
    });
  }
  for (const b of e.before.channels) {
    if (matched.has(b)) continue;
    channels.push({ key: b.key, title: b.title, change: "removed", before: b.verdict, after: null, lossBefore: worstLoss(b), lossAfter: null, lossBeforeWhy: lossUnknownWhy(b), lossAfterWhy: null, maxLossDb: maxLoss(b), breaks: b.verdict !== "fail", repairs: false, portId: b.members[0]! });
  }
  const CHANGE_ORDER: Record<ChannelChange, number> = { removed: 0, new: 1, rerouted: 2, changed: 3, unchanged: 4 };
  channels.sort((x, y) => Number(y.breaks) - Number(x.breaks) || CHANGE_ORDER[x.change] - CHANGE_ORDER[y.change] || x.title.localeCompare(y.title));
  const workOrder = orderWorkSteps(e.ops, e.applied.outcomes, e.before.channels);
  return {
    problems,
    findings: { introduced: introduced.sort(bySeverity), resolved: resolved.sort(bySeverity), left: left.sort(bySeverity) },
    channels,
    workOrder,
    counts: {
      operations: e.ops.length,
      problems: problems.length,
      introduced: introduced.length,
      resolved: resolved.length,
      left: left.length,
      breaks: channels.filter((c) => c.breaks).length,
      linksDown: new Set(workOrder.cutOvers.flatMap((c) => c.linksDown.map((l) => l.key))).size,
    },
  };
}

/** The live objects a plan reads whose version moved on (or that are gone) since its operations were written. */
export function staleReads(e: CheckedPlan): { read: OperationRead; seq: number; now: number | null }[] {
  const current = new Map<string, number>();
  for (const d of e.state.devices) current.set(`device:${d.id}`, d.version);
  for (const m of e.state.modules) current.set(`module:${m.id}`, m.version);
  for (const p of e.state.ports) current.set(`port:${p.id}`, p.version);
  for (const x of e.state.transceivers) current.set(`transceiver:${x.id}`, x.version);
  for (const c of e.state.cables) current.set(`cable:${c.id}`, c.version);
  const out: { read: OperationRead; seq: number; now: number | null }[] = [];
  e.rows.forEach((row) => {
    for (const r of (row.reads ?? []) as OperationRead[]) {
      const now = current.get(`${r.type}:${r.id}`) ?? null;
      if (now !== r.version) out.push({ read: r, seq: row.seq, now });
    }
  });
  return out;
}
