"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useTRPC } from "@/features/trpc/client";
import "./plans.css";

/** The plan a view shows the site as (`?plan=<id>`), or null for the live site. */
export function usePlanMode(): string | null {
  const params = useSearchParams();
  const id = params.get("plan");
  return id && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id : null;
}

/**
 * Says that the view shows the site as a change plan would leave it, with a way back to the live
 * site and to the plan. Nothing when the view shows the live site.
 */
export function PlanBanner({ siteId, planId }: { siteId: string; planId: string | null }) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const params = useSearchParams();
  const plan = useQuery({ ...trpc.plans.list.queryOptions({ siteId }), enabled: planId !== null, select: (rows) => rows.find((p) => p.id === planId) ?? null });
  if (!planId) return null;
  const live = new URLSearchParams(params.toString());
  live.delete("plan");
  return (
    <div className="plan-banner" role="status" aria-label="Plan mode">
      <span>
        What-if: showing the site as plan <strong>{plan.data?.name ?? "…"}</strong> would leave it{plan.data?.status === "completed" || plan.data?.status === "stopped" ? ` (${plan.data.status} on the floor: this is the live site)` : plan.data?.status === "in_progress" ? " once its steps left are done (the steps done are in the live site already)" : ""}.
      </span>
      <Link href={`/sites/${siteId}/plans/${planId}`}>Back to the plan</Link>
      <Link className="button" href={`${pathname}${live.size ? `?${live}` : ""}`}>
        Show the live site
      </Link>
    </div>
  );
}
