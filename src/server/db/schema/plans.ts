import { sql } from "drizzle-orm";
import { type AnyPgColumn, bigserial, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { rowId, rowTimes } from "./columns";
import { siteRef } from "./sites";

export const PLAN_STATUSES = ["draft", "submitted", "approved", "in_progress", "completed", "stopped", "rejected", "abandoned"] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/**
 * A change plan: a named draft of cabling changes to one site (cables, cassettes, transceivers and
 * devices added, removed or moved; cable types changed; MTP connectors re-pinned or re-keyed). It
 * changes nothing in the live inventory by itself: once approved it is released to the floor
 * (in progress: the work order frozen), and each work-order step carries out its operation on the
 * live plant when a technician ticks it off. It ends completed (every step done) or stopped (what
 * was done stays; the rest becomes a new draft, `continuesPlanId` naming the stopped plan). Who
 * moved it from one state to the next, and when, is in `plan_events`.
 */
export const plans = pgTable(
  "plans",
  {
    id: rowId(),
    siteId: siteRef(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    status: text("status", { enum: PLAN_STATUSES }).notNull().default("draft"),
    authorUserId: uuid("author_user_id").references(() => users.id, { onDelete: "set null" }),
    /** The author as shown, kept when the account is removed. */
    authorLabel: text("author_label").notNull(),
    /** For the draft holding the rest of a stopped plan: the stopped plan. */
    continuesPlanId: uuid("continues_plan_id").references((): AnyPgColumn => plans.id, { onDelete: "set null" }),
    ...rowTimes(),
  },
  (t) => [
    index("plans_site_status_idx").on(t.siteId, t.status, t.updatedAt),
    check("plans_status_valid", sql`${t.status} in ('draft','submitted','approved','in_progress','completed','stopped','rejected','abandoned')`),
  ],
);

/**
 * One operation of a plan, in order (`seq`). `payload` is the operation itself, typed by `kind` and
 * validated with zod (services/plans/operations.ts). `reads` are the live objects it reads, with
 * the version each had when the operation was written: applying refuses when one has moved on.
 * `portIds` are the ports it touches (plugs, unplugs, cages, module and device ports), for the
 * conflict check between open plans.
 */
export const planOperations = pgTable(
  "plan_operations",
  {
    id: rowId(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    siteId: siteRef(),
    seq: integer("seq").notNull(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").notNull(),
    reads: jsonb("reads").notNull().default(sql`'[]'::jsonb`),
    portIds: uuid("port_ids").array().notNull().default(sql`'{}'::uuid[]`),
    ...rowTimes(),
  },
  (t) => [
    uniqueIndex("plan_operations_plan_seq_unique").on(t.planId, t.seq),
    index("plan_operations_site_ports_idx").using("gin", t.portIds),
    check("plan_operations_seq_range", sql`${t.seq} between 1 and 100000`),
  ],
);

/** The plan's history: created, edited, submitted, approved, rejected, reopened, abandoned, applied. */
export const planEvents = pgTable(
  "plan_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    actorUserId: uuid("actor_user_id"),
    actorLabel: text("actor_label").notNull(),
    note: text("note").notNull().default(""),
  },
  (t) => [index("plan_events_plan_idx").on(t.planId, t.at)],
);

/**
 * The work order of a released plan: its steps in the order a technician does them, frozen when
 * the plan is released. Ticking a step off carries out its operation (`operationSeq`) on the live
 * plant. `cableId` is the live cable the step removes or changes, or installs once done (the QR
 * code on the printed step opens it); `detail` holds the labels printed with the step, the steps it
 * needs done first and the live objects it reads; `result` what doing it changed (the rows it
 * created, and what was there before, to undo it).
 */
export const planSteps = pgTable(
  "plan_steps",
  {
    id: rowId(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    n: integer("n").notNull(),
    operationSeq: integer("operation_seq").notNull(),
    kind: text("kind").notNull(),
    text: text("text").notNull(),
    cableId: uuid("cable_id"),
    detail: jsonb("detail").notNull().default(sql`'{}'::jsonb`),
    doneAt: timestamp("done_at", { withTimezone: true }),
    doneByUserId: uuid("done_by_user_id"),
    doneByLabel: text("done_by_label"),
    result: jsonb("result"),
    ...rowTimes(),
  },
  (t) => [uniqueIndex("plan_steps_plan_n_unique").on(t.planId, t.n), index("plan_steps_cable_idx").on(t.cableId)],
);
