import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>;
export type PlanView = Out["plans"]["get"];
export type PlanOperationView = PlanView["operations"][number];
export type Planned = PlanView["planned"];

export const STATUS_WORD: Record<string, string> = {
  draft: "draft",
  submitted: "submitted for approval",
  approved: "approved",
  in_progress: "released to the floor: work in progress",
  completed: "completed on the floor",
  stopped: "stopped on the floor",
  rejected: "rejected",
  abandoned: "abandoned",
};
