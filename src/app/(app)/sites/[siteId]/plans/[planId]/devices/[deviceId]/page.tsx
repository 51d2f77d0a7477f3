import { notFound } from "next/navigation";
import { z } from "zod";
import { PlanDevice } from "@/features/plans/PlanDevice";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

/** A device's panel as a change plan would leave it. */
export default async function PlanDevicePage({ params }: { params: Promise<{ siteId: string; planId: string; deviceId: string }> }) {
  const { siteId, planId, deviceId } = await params;
  if (![siteId, planId, deviceId].every((id) => z.uuid().safeParse(id).success)) notFound();
  const queryClient = getQueryClient();
  await queryClient.prefetchQuery(trpc.sites.get.queryOptions({ id: siteId }));
  await queryClient.prefetchQuery(trpc.plans.device.queryOptions({ planId, deviceId }));
  return (
    <HydrateClient>
      <PlanDevice siteId={siteId} planId={planId} deviceId={deviceId} />
    </HydrateClient>
  );
}
