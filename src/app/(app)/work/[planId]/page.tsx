import { notFound } from "next/navigation";
import { z } from "zod";
import { WorkOrderPage } from "@/features/plans/WorkOrderPage";
import { qrDataUrl, requestOrigin, stepUrl } from "@/features/plans/qr.server";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

/** The printable work order of a plan, a QR code per step. */
export default async function WorkOrder({ params }: { params: Promise<{ planId: string }> }) {
  const { planId } = await params;
  if (!z.uuid().safeParse(planId).success) notFound();
  const queryClient = getQueryClient();
  const order = await queryClient.fetchQuery(trpc.plans.workOrder.queryOptions({ id: planId })).catch(() => null);
  const origin = await requestOrigin();
  const qr: Record<number, string> = {};
  for (const s of order?.steps ?? []) qr[s.n] = await qrDataUrl(stepUrl(origin, planId, s.n));
  return (
    <HydrateClient>
      <WorkOrderPage planId={planId} qr={qr} />
    </HydrateClient>
  );
}
