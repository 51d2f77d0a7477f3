import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { serverCaller } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

/** A cable's label QR code: opens its open work-order step. */
export default async function CableStep({ params }: { params: Promise<{ cableId: string }> }) {
  const { cableId } = await params;
  if (!z.uuid().safeParse(cableId).success) notFound();
  const step = await (await serverCaller()).plans.stepOfCable({ cableId }).catch(() => null);
  if (!step) notFound();
  redirect(`/work/${step.planId}/step/${step.n}`);
}
