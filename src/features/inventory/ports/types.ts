import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>;
export type TraceView = Out["connectivity"]["trace"];
export type TraceFiber = TraceView["fibers"][number];
export type TraceHop = TraceFiber["hops"][number];
