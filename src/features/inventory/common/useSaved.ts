"use client";

import { useQueryClient } from "@tanstack/react-query";

/** After a change is saved, every view of the site may have moved (verdicts, counts): refetch all. */
export function useRefreshAll() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries();
}
