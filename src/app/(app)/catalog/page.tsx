import { CatalogPage } from "@/features/inventory/catalog/CatalogPage";
import { HydrateClient, getQueryClient, trpc } from "@/features/trpc/server";

export const dynamic = "force-dynamic";

export default async function Catalog() {
  await getQueryClient().prefetchQuery(trpc.catalog.list.queryOptions({ limit: 50 }));
  return (
    <HydrateClient>
      <CatalogPage />
    </HydrateClient>
  );
}
