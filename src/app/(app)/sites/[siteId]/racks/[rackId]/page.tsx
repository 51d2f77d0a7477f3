import { notFound } from "next/navigation";
import { Suspense } from "react";
import { z } from "zod";
import { PlanRackPage } from "@/features/plans/PlanRack";
import { RackPage } from "@/features/inventory/racks/RackPage";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

export default async function Rack({ params, searchParams }: { params: Promise<{ siteId: string; rackId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { siteId, rackId } = await params;
  if (!z.uuid().safeParse(siteId).success || !z.uuid().safeParse(rackId).success) notFound();
  // What-if: `?plan=<id>` draws the rack as that change plan would leave it.
  const raw = (await searchParams).plan;
  const planId = typeof raw === "string" && z.uuid().safeParse(raw).success ? raw : null;
  const queryClient = getQueryClient();
  await Promise.all([
    planId ? queryClient.prefetchQuery(trpc.plans.rack.queryOptions({ planId, rackId })) : queryClient.prefetchQuery(trpc.racks.get.queryOptions({ id: rackId })),
    queryClient.prefetchQuery(trpc.sites.tree.queryOptions({ id: siteId })),
  ]);
  return (
    <HydrateClient>
      {planId ? (
        <Suspense>
          <PlanRackPage siteId={siteId} rackId={rackId} planId={planId} />
        </Suspense>
      ) : (
        <RackPage siteId={siteId} rackId={rackId} />
      )}
    </HydrateClient>
  );
}
