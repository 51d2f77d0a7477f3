import { SitesPage } from "@/features/inventory/sites/SitesPage";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

export default async function Home() {
  await getQueryClient().prefetchQuery(trpc.sites.list.queryOptions());
  return (
    <HydrateClient>
      <SitesPage />
    </HydrateClient>
  );
}
