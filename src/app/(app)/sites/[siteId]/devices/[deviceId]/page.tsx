import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { DevicePage } from "@/features/inventory/devices/DevicePage";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

export default async function Device({ params, searchParams }: { params: Promise<{ siteId: string; deviceId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { siteId, deviceId } = await params;
  if (!z.uuid().safeParse(siteId).success || !z.uuid().safeParse(deviceId).success) notFound();
  // What-if: `?plan=<id>` opens the device's panel as that change plan would leave it.
  const plan = (await searchParams).plan;
  if (typeof plan === "string" && z.uuid().safeParse(plan).success) redirect(`/sites/${siteId}/plans/${plan}/devices/${deviceId}`);
  await getQueryClient().prefetchQuery(trpc.devices.get.queryOptions({ id: deviceId }));
  return (
    <HydrateClient>
      <DevicePage siteId={siteId} deviceId={deviceId} />
    </HydrateClient>
  );
}
