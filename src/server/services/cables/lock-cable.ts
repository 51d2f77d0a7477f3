import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { cables } from "../../db/schema";
import { sitePlantLock } from "../connectivity/site-lock";
import { queryRows, tableRow } from "../inventory/sql";

/** Where one of a cable's connectors is plugged. */
export interface PluggedEnd {
  id: string;
  connector: string;
  portId: string;
  side: "front" | "rear";
  familyMismatchConfirmed: boolean;
}

/**
 * The cable locked for update, where its connectors are plugged, and its site's plant locked after
 * it (the order every change of one cable takes them in): one round trip. The cable row is locked
 * in a subquery so that the plant lock, in the outer select, is taken after it. Null when there is
 * no such cable.
 */
export async function lockCable(db: Db, id: string): Promise<{ before: typeof cables.$inferSelect; ends: PluggedEnd[] } | null> {
  const [raw] = await queryRows<Record<string, unknown> & { ends: PluggedEnd[] | string }>(
    db,
    sql`select c.*,
          (select coalesce(json_agg(json_build_object('id', p.id, 'connector', p.connector, 'portId', p.port_id, 'side', p.side,
                                                      'familyMismatchConfirmed', p.family_mismatch_confirmed) order by p.connector), '[]')
             from cable_plugs p where p.cable_id = c.id) as ends,
          ${sitePlantLock(sql`c.site_id`)} as plant_locked
        from (select * from cables where id = ${id} for update) c`,
  );
  if (!raw) return null;
  return { before: tableRow(cables, raw), ends: typeof raw.ends === "string" ? (JSON.parse(raw.ends) as PluggedEnd[]) : raw.ends };
}
