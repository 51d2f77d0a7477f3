import { notFound } from "next/navigation";
import { Suspense } from "react";
import { z } from "zod";
import { FindingsPage, type FindingsFilter } from "@/features/inventory/findings/FindingsPage";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

const filterSchema = z.object({
  severity: z.enum(["error", "warning", "info"]).optional().catch(undefined),
  code: z.string().regex(/^[A-Z_]+$/).optional().catch(undefined),
  roomId: z.uuid().optional().catch(undefined),
  rackId: z.uuid().optional().catch(undefined),
  offset: z.coerce.number().int().min(0).optional().catch(undefined),
});
const planParam = z.uuid().optional().catch(undefined);

export default async function Findings({ params, searchParams }: { params: Promise<{ siteId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { siteId } = await params;
  if (!z.uuid().safeParse(siteId).success) notFound();
  const raw = await searchParams;
  const filter: FindingsFilter = filterSchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const planId = planParam.parse(Array.isArray(raw.plan) ? raw.plan[0] : raw.plan);
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.sites.get.queryOptions({ id: siteId })),
    queryClient.prefetchQuery(trpc.sites.tree.queryOptions({ id: siteId })),
    queryClient.prefetchQuery(trpc.connectivity.findings.queryOptions({ siteId, ...filter, offset: filter.offset ?? 0, limit: 50, ...(planId ? { planId } : {}) })),
  ]);
  return (
    <HydrateClient>
      <Suspense>
        <FindingsPage siteId={siteId} filter={filter} />
      </Suspense>
    </HydrateClient>
  );
}
