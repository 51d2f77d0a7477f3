/**
 * Roles and their order, with nothing else: the server's checks and the dashboard's choice of which
 * controls to show read the same ranking (this file imports only a type, so client code may use it).
 */
import type { Role } from "../db/schema/accounts";

export type { Role };

const RANK: Record<Role, number> = { viewer: 1, editor: 2, approver: 3, admin: 4 };

export function atLeast(held: Role | null | undefined, needed: Role): boolean {
  return held != null && RANK[held] >= RANK[needed];
}

export function higher(a: Role | null, b: Role | null): Role | null {
  if (a == null) return b;
  if (b == null) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

export interface Grant {
  role: Role;
  /** null: every site. */
  siteId: string | null;
}

/** The effective role on a site (the higher of the global grant and that site's), or with no site the
 *  global role. */
export function roleOnSite(grants: readonly Grant[], siteId: string | null): Role | null {
  let role: Role | null = null;
  for (const g of grants) {
    if (g.siteId === null || (siteId !== null && g.siteId === siteId)) role = higher(role, g.role);
  }
  return role;
}

/** The highest role held anywhere (on any site or globally). */
export function highestOf(grants: readonly Grant[]): Role | null {
  return grants.reduce<Role | null>((best, g) => higher(best, g.role), null);
}
