import "server-only";

import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache } from "react";
import { getAppDatabase } from "@/server/db/client";
import { appRouter, createCaller } from "@/server/api/root";
import { createContext as createRequestContext, type Context } from "@/server/api/context";
import { makeQueryClient } from "./query-client";

const createContext = cache(async (): Promise<Context> => {
  const { db } = await getAppDatabase();
  return createRequestContext({ db, headers: new Headers(await headers()) });
});

/** One QueryClient per request. */
export const getQueryClient = cache(makeQueryClient);

/** Query options for server components: prefetch here, read with useQuery in client components. */
export const trpc = createTRPCOptionsProxy({ ctx: createContext, router: appRouter, queryClient: getQueryClient });

/** Direct server-side caller for server components that need the data itself. */
export async function serverCaller() {
  return createCaller(await createContext());
}

export function HydrateClient({ children }: { children: React.ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
