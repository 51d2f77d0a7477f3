import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { PortPage } from "@/features/inventory/ports/PortPage";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

export default async function Port({ params, searchParams }: { params: Promise<{ siteId: string; portId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { siteId, portId } = await params;
  if (!z.uuid().safeParse(siteId).success || !z.uuid().safeParse(portId).success) notFound();
  // What-if: `?plan=<id>` opens the port's trace as that change plan would leave the site.
  const plan = (await searchParams).plan;
  if (typeof plan === "string" && z.uuid().safeParse(plan).success) redirect(`/sites/${siteId}/plans/${plan}/ports/${portId}`);
  await getQueryClient().prefetchQuery(trpc.connectivity.trace.queryOptions({ portId }));
  return (
    <HydrateClient>
      <PortPage siteId={siteId} portId={portId} />
    </HydrateClient>
  );
}
