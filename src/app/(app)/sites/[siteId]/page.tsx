import { notFound } from "next/navigation";
import { z } from "zod";
import { SitePage } from "@/features/inventory/racks/SitePage";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

export default async function Site({ params }: { params: Promise<{ siteId: string }> }) {
  const { siteId } = await params;
  if (!z.uuid().safeParse(siteId).success) notFound();
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.sites.get.queryOptions({ id: siteId })),
    queryClient.prefetchQuery(trpc.racks.list.queryOptions({ siteId })),
    queryClient.prefetchQuery(trpc.sites.tree.queryOptions({ id: siteId })),
  ]);
  return (
    <HydrateClient>
      <SitePage siteId={siteId} />
    </HydrateClient>
  );
}
