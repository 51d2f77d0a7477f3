import { atLeast, highestRole, type Actor, type Role } from "../../auth/actor";
import { ServiceError } from "../errors";

/** For site-independent reads (the catalog): the actor holds `role` somewhere. */
export function requireRoleAnywhere(actor: Actor, role: Role): void {
  if (actor.kind === "anonymous") throw new ServiceError("UNAUTHORIZED", "Sign in first.");
  if (!atLeast(highestRole(actor), role)) throw new ServiceError("FORBIDDEN", `This needs the ${role} role; you do not have it.`);
}
