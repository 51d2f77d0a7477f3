import { sql } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { queryRows } from "../inventory/sql";
import { SITE_DOCUMENTS, siteExportInput, type SiteExportInput } from "./schemas";
import { siteForExport } from "./site-head";

/** What the site's exports will hold, for the Exports page. */
export async function exportSummary(ctx: ServiceContext, input: SiteExportInput) {
  const { siteId } = siteExportInput.parse(input);
  const site = await siteForExport(ctx, siteId);
  const [row] = await queryRows<{ cables: number; decommissioned: number; ports: number; channels: number; findings: number; one_ended: number }>(
    ctx.db,
    sql`select (select count(*)::int from cables where site_id = ${site.id}) as cables,
               (select count(*)::int from cables where site_id = ${site.id} and status = 'decommissioned') as decommissioned,
               (select count(*)::int from ports where site_id = ${site.id}) as ports,
               (select count(*)::int from channel_judgements where site_id = ${site.id}) as channels,
               (select count(*)::int from findings where site_id = ${site.id}) as findings,
               (select count(*)::int from cables c where c.site_id = ${site.id}
                   and (select count(distinct left(cp.connector, 1)) from cable_plugs cp where cp.cable_id = c.id) < 2) as one_ended`,
  );
  return {
    site: { id: site.id, name: site.name, code: site.code },
    counts: row!,
    documents: Object.entries(SITE_DOCUMENTS).map(([file, title]) => ({ file, title, href: `/api/export/sites/${site.id}/${file}` })),
  };
}
