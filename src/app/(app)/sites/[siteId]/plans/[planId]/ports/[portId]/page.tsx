import { notFound } from "next/navigation";
import { z } from "zod";
import { PlanTrace } from "@/features/plans/PlanTrace";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

/** A port's trace as a change plan would leave the site. */
export default async function PlanPort({ params }: { params: Promise<{ siteId: string; planId: string; portId: string }> }) {
  const { siteId, planId, portId } = await params;
  if (![siteId, planId, portId].every((id) => z.uuid().safeParse(id).success)) notFound();
  const queryClient = getQueryClient();
  await queryClient.prefetchQuery(trpc.sites.get.queryOptions({ id: siteId }));
  await queryClient.prefetchQuery(trpc.connectivity.trace.queryOptions({ portId, planId }));
  return (
    <HydrateClient>
      <PlanTrace siteId={siteId} planId={planId} portId={portId} />
    </HydrateClient>
  );
}
