import type { Actor } from "../auth/actor";
import type { Db } from "../db/client";

/** What every use case receives: the database (or the caller's transaction) and who is acting. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  /** Set while a change plan's step is done or undone: every audit entry written meanwhile names the plan (and the step). */
  planId?: string;
  planStep?: number;
}
