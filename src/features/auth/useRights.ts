"use client";

import { useQuery } from "@tanstack/react-query";
import { atLeast, highestOf, roleOnSite, type Role } from "@/server/auth/roles";
import { useTRPC } from "@/features/trpc/client";

export interface Rights {
  /** The role held on the site (or, with no site, anywhere); null until read, or when none. */
  role: Role | null;
  /** Whether the account's grants have been read: until then no control that changes anything shows. */
  known: boolean;
  canEdit: boolean;
  canApprove: boolean;
  isAdmin: boolean;
}

/**
 * What the signed-in account may do on a site, from its grants: pages show only the controls the
 * role allows (the server checks every change again). `siteId` undefined: the highest role held anywhere.
 */
export function useRights(siteId?: string | null): Rights {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const grants = me.data?.grants ?? [];
  const role = siteId === undefined ? highestOf(grants) : roleOnSite(grants, siteId);
  return { role, known: !!me.data, canEdit: atLeast(role, "editor"), canApprove: atLeast(role, "approver"), isAdmin: atLeast(role, "admin") };
}
