import { notFound } from "next/navigation";
import { z } from "zod";
import { CablesPage } from "@/features/inventory/cables/CablesPage";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

export default async function Cables({ params }: { params: Promise<{ siteId: string }> }) {
  const { siteId } = await params;
  if (!z.uuid().safeParse(siteId).success) notFound();
  const queryClient = getQueryClient();
  await Promise.all([queryClient.prefetchQuery(trpc.sites.get.queryOptions({ id: siteId })), queryClient.prefetchQuery(trpc.cables.list.queryOptions({ siteId, limit: 50, sort: "label", desc: false }))]);
  return (
    <HydrateClient>
      <CablesPage siteId={siteId} />
    </HydrateClient>
  );
}
