import { notFound } from "next/navigation";
import { z } from "zod";
import { StepPage } from "@/features/plans/StepPage";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

/** One work-order step, for a technician's phone (where a step's QR code leads). */
export default async function Step({ params }: { params: Promise<{ planId: string; n: string }> }) {
  const { planId, n } = await params;
  const step = z.coerce.number().int().min(1).max(100_000).safeParse(n);
  if (!z.uuid().safeParse(planId).success || !step.success) notFound();
  await getQueryClient().prefetchQuery(trpc.plans.workOrder.queryOptions({ id: planId }));
  return (
    <HydrateClient>
      <StepPage planId={planId} n={step.data} />
    </HydrateClient>
  );
}
