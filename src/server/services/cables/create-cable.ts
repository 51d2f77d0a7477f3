import { randomUUID } from "node:crypto";
import { sql, type SQLWrapper } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cablePlugs, cables } from "../../db/schema";
import { writeWithAudit } from "../audit/record-audit";
import { resolveType } from "../catalog/resolve-type";
import type { ServiceContext } from "../context";
import { beginPlantChange } from "../connectivity/change";
import { sitePlantLock } from "../connectivity/site-lock";
import { fieldError } from "../errors";
import { queryRows, tableRow } from "../inventory/sql";
import { inTransaction } from "../tx";
import { resolveEnds } from "./resolve-ends";
import { createCableInput, type CreateCableInput } from "./schemas";

/**
 * Adds a cable of a catalog type — patch cord, trunk, harness — with its connectors plugged where
 * given, and judges the channels it joins in the same transaction. The answer carries those
 * channels' verdicts and findings.
 */
export async function createCable(ctx: ServiceContext, input: CreateCableInput) {
  const data = createCableInput.parse(input);
  requireRole(ctx.actor, "editor", data.siteId);
  return inTransaction(ctx, async (tx) => {
    // The site, and its plant locked when it exists: one round trip.
    const [site] = await queryRows<{ id: string }>(
      tx.db,
      sql`select s.id, ${sitePlantLock(sql`s.id::text`)} as plant_locked from sites s where s.id = ${data.siteId}`,
    );
    if (!site) throw fieldError("siteId", "This site does not exist (it may have been deleted).", "NOT_FOUND");
    const type = await resolveType(tx.db, data.typeId, "cable", "typeId");
    if (data.status === "decommissioned" && data.ends.length) throw fieldError("status", "A decommissioned cable is not plugged anywhere: leave its ends empty.");
    const change = await beginPlantChange(tx, data.siteId, data.ends.map((e) => e.portId), { locked: true });
    const ends = await resolveEnds(tx.db, data.siteId, type, data.ends, { confirmFamilyMismatch: data.confirmFamilyMismatch });
    const { ends: _ends, confirmFamilyMismatch: _confirm, ...fields } = data;
    // The whole row is known before it is written (its id and times given here), so that its plugs
    // and its audit entry go in the same statement as it.
    const now = new Date();
    const row = { id: randomUUID(), ...fields, createdAt: now, updatedAt: now, version: 1 } satisfies typeof cables.$inferSelect;
    const insert = tx.db.insert(cables).values(row).returning();
    const plugs: Record<string, SQLWrapper> = ends.length
      ? {
          plugged: tx.db
            .insert(cablePlugs)
            .values(ends.map((e) => ({ siteId: data.siteId, cableId: row.id, connector: e.connector, portId: e.portId, side: e.side, familyMismatchConfirmed: e.familyMismatch }))),
        }
      : {};
    const [raw] = await writeWithAudit(tx, { inserted: insert, ...plugs }, {
      action: "cable.create",
      objectType: "cable",
      objectId: row.id,
      siteId: data.siteId,
      after: { ...row, ends: ends.map((e) => ({ connector: e.connector, port: e.portLabel, side: e.side, familyMismatch: e.familyMismatch })) },
    }, "inserted");
    const cable = tableRow(cables, raw!);
    const outcome = await change.finish();
    return { cable, outcome };
  });
}
