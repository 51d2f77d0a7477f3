import { eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import type { Db } from "../../db/client";
import { sites } from "../../db/schema";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";

export interface SiteHead {
  id: string;
  name: string;
  code: string;
  attenuation: "ISO" | "TIA";
  matedPair: "by-grade" | "standard" | "low-loss";
}

export async function loadSiteHead(db: Db, siteId: string): Promise<SiteHead | undefined> {
  const [site] = await db
    .select({ id: sites.id, name: sites.name, code: sites.code, attenuation: sites.attenuation, matedPair: sites.matedPair })
    .from(sites)
    .where(eq(sites.id, siteId));
  return site;
}

/** The site, once the actor may read it (viewers export). */
export async function siteForExport(ctx: ServiceContext, siteId: string): Promise<SiteHead> {
  requireRole(ctx.actor, "viewer", siteId);
  const site = await loadSiteHead(ctx.db, siteId);
  if (!site) throw notFound("The site");
  return site;
}

/** A file name part from a site code: "DC1" → "dc1". */
export const fileStem = (site: SiteHead): string => site.code.toLowerCase().replace(/[^a-z0-9-]+/g, "-") || "site";
