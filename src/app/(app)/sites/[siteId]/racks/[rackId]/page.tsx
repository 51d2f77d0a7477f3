import { notFound } from "next/navigation";
import { z } from "zod";
import { RackPage } from "@/features/inventory/racks/RackPage";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

export default async function Rack({ params }: { params: Promise<{ siteId: string; rackId: string }> }) {
  const { siteId, rackId } = await params;
  if (!z.uuid().safeParse(siteId).success || !z.uuid().safeParse(rackId).success) notFound();
  const queryClient = getQueryClient();
  await Promise.all([queryClient.prefetchQuery(trpc.racks.get.queryOptions({ id: rackId })), queryClient.prefetchQuery(trpc.sites.tree.queryOptions({ id: siteId }))]);
  return (
    <HydrateClient>
      <RackPage siteId={siteId} rackId={rackId} />
    </HydrateClient>
  );
}
