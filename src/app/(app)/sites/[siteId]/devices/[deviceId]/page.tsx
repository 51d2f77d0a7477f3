import { notFound } from "next/navigation";
import { z } from "zod";
import { DevicePage } from "@/features/inventory/devices/DevicePage";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

export default async function Device({ params }: { params: Promise<{ siteId: string; deviceId: string }> }) {
  const { siteId, deviceId } = await params;
  if (!z.uuid().safeParse(siteId).success || !z.uuid().safeParse(deviceId).success) notFound();
  await getQueryClient().prefetchQuery(trpc.devices.get.queryOptions({ id: deviceId }));
  return (
    <HydrateClient>
      <DevicePage siteId={siteId} deviceId={deviceId} />
    </HydrateClient>
  );
}
