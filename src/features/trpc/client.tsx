"use client";

import type { QueryClient } from "@tanstack/react-query";
import { QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState } from "react";
import superjson from "superjson";
import { z } from "zod";
import type { AppRouter } from "@/server/api/root";
import { CSRF_COOKIE, CSRF_HEADER } from "@/server/http/cookies";
import { makeQueryClient } from "./query-client";

// zod compiles object schemas with `new Function` when it may, and probes that with `Function("")`:
// the Content-Security-Policy forbids eval, so the probe was reported as a violation on every page
// that validates a form. Jitless mode never tries.
z.config({ jitless: true });

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/** Echoes the session's CSRF cookie in the header the server checks on every mutation. */
function csrfHeader(): Record<string, string> {
  if (typeof document === "undefined") return {};
  const match = document.cookie.split("; ").find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return match ? { [CSRF_HEADER]: decodeURIComponent(match.slice(CSRF_COOKIE.length + 1)) } : {};
}

let browserQueryClient: QueryClient | undefined;
function getQueryClient() {
  if (typeof window === "undefined") return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

export function TRPCReactProvider({ children }: { children: React.ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      // The server refuses a batch of more than FERRULE_MAX_BATCH calls (at least 8).
      links: [httpBatchLink({ url: "/api/trpc", transformer: superjson, headers: csrfHeader, maxItems: 8 })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
