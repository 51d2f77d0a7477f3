import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The audit trail: who changed what, when, with the values before and after, and under which plan.
 * Rows are only ever inserted: a trigger (migration 0002) refuses UPDATE and DELETE.
 * No foreign keys, so the trail outlives the objects and accounts it speaks of.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid("actor_user_id"),
    /** Who, as shown: "ana@example.com", "token ci-import (ana@example.com)", "system: demo seed". */
    actorLabel: text("actor_label").notNull(),
    /** `site.create`, `rack.update`, `auth.sign_in`, `auth.sign_in_failed`, `token.revoke`, … */
    action: text("action").notNull(),
    objectType: text("object_type").notNull(),
    objectId: text("object_id"),
    siteId: uuid("site_id"),
    planId: uuid("plan_id"),
    /** The work-order step of that plan whose doing (or undoing) made the change. */
    planStep: integer("plan_step"),
    before: jsonb("before"),
    after: jsonb("after"),
    ip: text("ip"),
  },
  (t) => [
    index("audit_at_idx").on(t.at),
    index("audit_object_idx").on(t.objectType, t.objectId),
    index("audit_site_idx").on(t.siteId, t.at),
    index("audit_actor_idx").on(t.actorUserId, t.at),
    index("audit_action_idx").on(t.action, t.at),
    index("audit_sign_in_failed_idx").on(sql`(${t.after}->>'email')`, t.at).where(sql`${t.action} = 'auth.sign_in_failed'`),
  ],
);
