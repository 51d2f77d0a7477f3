import { notFound } from "next/navigation";
import { z } from "zod";
import { PlansPage } from "@/features/plans/PlansPage";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

export default async function Plans({ params }: { params: Promise<{ siteId: string }> }) {
  const { siteId } = await params;
  if (!z.uuid().safeParse(siteId).success) notFound();
  const queryClient = getQueryClient();
  await Promise.all([queryClient.prefetchQuery(trpc.sites.get.queryOptions({ id: siteId })), queryClient.prefetchQuery(trpc.plans.list.queryOptions({ siteId }))]);
  return (
    <HydrateClient>
      <PlansPage siteId={siteId} />
    </HydrateClient>
  );
}
