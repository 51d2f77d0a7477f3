import { ROLES, type Role } from "../db/schema/accounts";
import { ServiceError } from "../services/errors";
import { atLeast, highestOf, higher, roleOnSite, type Grant } from "./roles";

export { ROLES, type Role, atLeast, higher, type Grant };

export const ROLE_LABEL: Record<Role, string> = {
  viewer: "viewer (read and export)",
  editor: "editor (change inventory, draft plans)",
  approver: "approver (approve and apply plans)",
  admin: "admin (accounts, catalog, settings)",
};


/** Who is acting. Every service receives one; the audit trail records it. */
export interface Actor {
  kind: "user" | "token" | "system" | "anonymous";
  userId: string | null;
  /** As written in the audit trail. */
  label: string;
  grants: readonly Grant[];
  ip?: string | null;
}

export const anonymous: Actor = { kind: "anonymous", userId: null, label: "anonymous", grants: [] };

/** The server itself (demo seed, migrations, CLI on a local database): every right. */
export function systemActor(label: string): Actor {
  return { kind: "system", userId: null, label: `system: ${label}`, grants: [{ role: "admin", siteId: null }] };
}

/** The effective role on a site (the higher of the global grant and that site's), or with no site the
 *  global role. */
export function roleOn(actor: Actor, siteId: string | null): Role | null {
  return roleOnSite(actor.grants, siteId);
}

/** The highest role held anywhere (on any site or globally). */
export function highestRole(actor: Actor): Role | null {
  return highestOf(actor.grants);
}

/** Throws unless the actor holds `role` on the site (or globally when siteId is null). */
export function requireRole(actor: Actor, role: Role, siteId: string | null): void {
  if (actor.kind === "anonymous") throw new ServiceError("UNAUTHORIZED", "Sign in first.");
  if (!atLeast(roleOn(actor, siteId), role)) {
    throw new ServiceError("FORBIDDEN", `This needs the ${role} role${siteId ? " on this site" : ""}; you do not have it.`);
  }
}

/** The sites an actor may see with `role`: "all", or the list of site ids granted one by one. */
export function visibleSites(actor: Actor, role: Role = "viewer"): "all" | string[] {
  if (actor.grants.some((g) => g.siteId === null && atLeast(g.role, role))) return "all";
  return actor.grants.filter((g) => g.siteId !== null && atLeast(g.role, role)).map((g) => g.siteId!);
}

/** Throws unless the actor holds `role` somewhere (globally or on at least one site): for views that
 *  then narrow themselves to the sites the actor may see. */
export function requireRoleSomewhere(actor: Actor, role: Role): void {
  if (actor.kind === "anonymous") throw new ServiceError("UNAUTHORIZED", "Sign in first.");
  if (!atLeast(highestRole(actor), role)) throw new ServiceError("FORBIDDEN", `This needs the ${role} role; you do not have it.`);
}
