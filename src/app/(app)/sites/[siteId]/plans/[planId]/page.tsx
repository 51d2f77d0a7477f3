import { notFound } from "next/navigation";
import { z } from "zod";
import { PlanPage } from "@/features/plans/PlanPage";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

export default async function Plan({ params }: { params: Promise<{ siteId: string; planId: string }> }) {
  const { siteId, planId } = await params;
  if (!z.uuid().safeParse(siteId).success || !z.uuid().safeParse(planId).success) notFound();
  await getQueryClient().prefetchQuery(trpc.plans.get.queryOptions({ id: planId }));
  return (
    <HydrateClient>
      <PlanPage planId={planId} />
    </HydrateClient>
  );
}
