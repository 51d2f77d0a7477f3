import { notFound } from "next/navigation";
import { z } from "zod";
import { TopologyPage } from "@/features/topology/TopologyPage";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

export default async function SiteTopology({ params, searchParams }: { params: Promise<{ siteId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { siteId } = await params;
  // What-if: `?plan=<id>` shows the site as that change plan would leave it.
  const query = await searchParams;
  const raw = query.plan;
  // `?view=overview`: rooms and rows first, whatever the size of the site.
  const overviewFirst = query.view === "overview";
  const planId = z.uuid().optional().catch(undefined).parse(Array.isArray(raw) ? raw[0] : raw);
  if (!z.uuid().safeParse(siteId).success) notFound();
  const queryClient = getQueryClient();
  // The graph itself is not rendered into the page's HTML: the page asks for the site's overview
  // (and, for a small site or an opened row, its detail) once it is in the browser.
  await queryClient.prefetchQuery(trpc.sites.get.queryOptions({ id: siteId }));
  return (
    <HydrateClient>
      <TopologyPage siteId={siteId} planId={planId ?? null} overviewFirst={overviewFirst} />
    </HydrateClient>
  );
}
