import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditEvents, planSteps } from "../../db/schema";
import { queryRows } from "../inventory/sql";
import type { StepResult } from "./carry-out";
import { readOperations, storedOperation, type OperationRow, type PlanRow } from "./evaluate";
import type { StoredOperation } from "./operations";
import type { StepDetail } from "./release-plan";

export type StepRow = typeof planSteps.$inferSelect;

export const readSteps = (db: Db, planId: string) => db.select().from(planSteps).where(eq(planSteps.planId, planId)).orderBy(asc(planSteps.n));

export const detailOf = (s: Pick<StepRow, "detail">) => (s.detail ?? {}) as StepDetail;
export const resultOf = (s: Pick<StepRow, "result">): StepResult => {
  const r = (s.result ?? {}) as Partial<StepResult>;
  return { created: r.created ?? {}, aliases: r.aliases ?? {}, before: r.before ?? null };
};

/**
 * The live id of an id a plan's operation names: what a done step created for a planned id, or the
 * row a step put back under another id (a transceiver reinstalled), else the id itself.
 */
export function realIds(steps: readonly Pick<StepRow, "result" | "doneAt">[]): (id: string) => string {
  const map = new Map<string, string>();
  for (const s of steps) {
    const r = resultOf(s);
    for (const [k, v] of Object.entries(r.aliases)) map.set(k, v);
    if (s.doneAt) for (const [k, v] of Object.entries(r.created)) map.set(k, v);
  }
  return (id) => {
    let x = id;
    for (let i = 0; i < 8 && map.has(x) && map.get(x) !== x; i++) x = map.get(x)!;
    return x;
  };
}

/** The operation with every id it names replaced by its live id. */
export function withLiveIds(op: StoredOperation, real: (id: string) => string): StoredOperation {
  const o = { ...op } as Record<string, unknown>;
  for (const k of ["cableId", "portId", "transceiverId", "moduleId", "deviceId"]) if (typeof o[k] === "string") o[k] = real(o[k]);
  if (Array.isArray(o.ends)) o.ends = (o.ends as { portId: string }[]).map((e) => ({ ...e, portId: real(e.portId) }));
  return o as unknown as StoredOperation;
}

/** The ids an operation names (the live objects it works on). */
export function namedIds(op: StoredOperation): string[] {
  const o = op as unknown as Record<string, unknown>;
  const ids = ["cableId", "portId", "transceiverId", "moduleId", "deviceId"].map((k) => o[k]).filter((v): v is string => typeof v === "string");
  if (Array.isArray(o.ends)) ids.push(...(o.ends as { portId: string }[]).map((e) => e.portId));
  return ids;
}

/**
 * The operations of an in-progress plan whose steps are not done yet, with the ids of what the done
 * steps installed made live: the what-if of the remaining work, judged against the plant as it is.
 */
export async function remainingRows(db: Db, plan: PlanRow): Promise<OperationRow[]> {
  const [rows, steps] = await Promise.all([readOperations(db, plan.id), readSteps(db, plan.id)]);
  const real = realIds(steps);
  const open = new Set(steps.filter((s) => !s.doneAt).map((s) => s.operationSeq));
  return rows
    .filter((r) => open.has(r.seq))
    .map((r) => {
      const op = storedOperation(r);
      return op ? { ...r, payload: withLiveIds(op, real) } : r;
    });
}

/** The last audit entry written when the plan was released (changes after it are since the release). */
export async function releaseAuditId(db: Db, planId: string): Promise<number> {
  const [row] = await db.select({ id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.planId, planId), eq(auditEvents.action, "plan.release"))).orderBy(desc(auditEvents.id)).limit(1);
  return row?.id ?? 0;
}

/** The newest audit entry id (what a step wrote last). */
export async function lastAuditId(db: Db): Promise<number> {
  const [row] = await queryRows<{ id: string | number | null }>(db, sql`select max(id) as id from audit_events`);
  return Number(row?.id ?? 0);
}

export interface ForeignChange {
  objectType: string;
  objectId: string;
  action: string;
  actor: string;
  at: Date;
  label: string | null;
}

const PLANT_OBJECTS = "{cable,port,transceiver,module,device}";

/** Changes made to these objects after audit entry `since` by anyone but this plan's own steps. */
export async function foreignChanges(db: Db, planId: string, ids: readonly string[], since: number): Promise<ForeignChange[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(auditEvents)
    // By (object_type, object_id), the audit trail's index, for the kinds of plant object a step works on.
    .where(
      sql`${auditEvents.objectType} = any(${PLANT_OBJECTS}::text[]) and ${auditEvents.objectId} = any(${`{${[...new Set(ids)].join(",")}}`}::text[]) and ${auditEvents.id} > ${since} and ${auditEvents.planId} is distinct from ${planId}::uuid`,
    )
    .orderBy(desc(auditEvents.id))
    .limit(20);
  const labelIn = (v: unknown) => {
    const o = (v ?? {}) as { label?: unknown; name?: unknown };
    return typeof o.label === "string" && o.label ? o.label : typeof o.name === "string" && o.name ? o.name : null;
  };
  return rows.map((r) => ({ objectType: r.objectType, objectId: r.objectId ?? "", action: r.action, actor: r.actorLabel, at: r.at, label: labelIn(r.after) ?? labelIn(r.before) }));
}
