import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { rowId, rowTimes } from "./columns";
import { sites } from "./sites";

export const ROLES = ["viewer", "editor", "approver", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable(
  "users",
  {
    id: rowId(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** `scrypt$N$r$p$salt$hash`; null for accounts that only sign in through OIDC. */
    passwordHash: text("password_hash"),
    /** OIDC `iss|sub` of an account created or linked by OIDC sign-in. */
    oidcSubject: text("oidc_subject"),
    active: boolean("active").notNull().default(true),
    ...rowTimes(),
  },
  (t) => [uniqueIndex("users_email_unique").on(sql`lower(${t.email})`), uniqueIndex("users_oidc_unique").on(t.oidcSubject)],
);

/** A role held globally (site_id null) or on one site. The effective role on a site is the highest of
 *  the global grant and that site's grant. */
export const roleGrants = pgTable(
  "role_grants",
  {
    id: rowId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    siteId: uuid("site_id").references(() => sites.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    ...rowTimes(),
  },
  (t) => [
    uniqueIndex("role_grants_scope_unique").on(t.userId, sql`coalesce(${t.siteId}, '00000000-0000-0000-0000-000000000000'::uuid)`),
    check("role_grants_role_valid", sql`${t.role} in ('viewer','editor','approver','admin')`),
  ],
);

/** A signed-in browser. Only the SHA-256 of the cookie's token is stored. */
export const sessions = pgTable(
  "sessions",
  {
    id: rowId(),
    tokenHash: text("token_hash").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Double-submit CSRF token: the browser echoes it in a header on every mutation. */
    csrfToken: text("csrf_token").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [uniqueIndex("sessions_token_unique").on(t.tokenHash), index("sessions_user_idx").on(t.userId)],
);

/** An API token for the CLI and automation: scoped to a role (never above its owner's) and optionally
 *  one site; shown once, stored as SHA-256, revocable. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: rowId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** First characters of the token, shown in lists so a user can tell tokens apart. */
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    siteId: uuid("site_id").references(() => sites.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_tokens_hash_unique").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

/**
 * Sign-in attempts per email and per client address in the current window, counted with one atomic
 * upsert before the password is checked, so parallel attempts cannot all slip under the limit and
 * the count holds across every server process on the database. A successful sign-in takes its
 * attempt back.
 */
export const signInThrottle = pgTable("sign_in_throttle", {
  /** `email:<lower-case email>` or `ip:<address>`. */
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull().defaultNow(),
  attempts: integer("attempts").notNull().default(0),
});
