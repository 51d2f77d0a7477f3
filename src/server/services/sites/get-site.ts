import { eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { sites } from "../../db/schema";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { byIdInput } from "./schemas";

export async function getSite(ctx: ServiceContext, input: { id: string }) {
  const { id } = byIdInput.parse(input);
  requireRole(ctx.actor, "viewer", id);
  const [site] = await ctx.db.select().from(sites).where(eq(sites.id, id));
  if (!site) throw notFound("This site");
  return site;
}
