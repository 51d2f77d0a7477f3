import { notFound } from "next/navigation";
import { z } from "zod";
import { ExchangePage } from "@/features/exports/ExchangePage";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

export default async function Exchange({ params }: { params: Promise<{ siteId: string }> }) {
  const { siteId } = await params;
  if (!z.uuid().safeParse(siteId).success) notFound();
  const queryClient = getQueryClient();
  await Promise.all([queryClient.prefetchQuery(trpc.exports.summary.queryOptions({ siteId })), queryClient.prefetchQuery(trpc.auth.me.queryOptions())]);
  return (
    <HydrateClient>
      <ExchangePage siteId={siteId} />
    </HydrateClient>
  );
}
