import { and, eq, sql } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cablePlugs, cables } from "../../db/schema";
import { writeWithAudit } from "../audit/record-audit";
import { resolveType } from "../catalog/resolve-type";
import type { ServiceContext } from "../context";
import { beginPlantChange } from "../connectivity/change";
import { fieldError, notFound, staleVersion } from "../errors";
import { tableRow } from "../inventory/sql";
import { inTransaction } from "../tx";
import { lockCable } from "./lock-cable";
import { resolveEnds } from "./resolve-ends";
import { plugCableInput, type PlugCableInput } from "./schemas";

/** Plugs one connector of a cable into a free port side, moving it when it was plugged elsewhere. */
export async function plugCable(ctx: ServiceContext, input: PlugCableInput) {
  const { id, version, connector, portId, side, confirmFamilyMismatch } = plugCableInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const locked = await lockCable(tx.db, id);
    if (!locked) throw notFound("This cable");
    const { before: cable, ends } = locked;
    requireRole(tx.actor, "editor", cable.siteId);
    if (cable.version !== version) throw staleVersion(`Cable ${cable.label || `#${id.slice(0, 8)}`}`);
    if (cable.status === "decommissioned") throw fieldError("portId", "This cable is decommissioned; set it back to planned or installed before plugging it.");
    const type = await resolveType(tx.db, cable.typeId, "cable", "typeId");
    const was = ends.find((e) => e.connector === connector);
    const change = await beginPlantChange(tx, cable.siteId, [portId, ...(was ? [was.portId] : [])], { locked: true });
    const [end] = await resolveEnds(tx.db, cable.siteId, type, [{ connector, portId, side }], {
      confirmFamilyMismatch,
      cableId: id,
      field: (_i, name) => name,
    });
    // A connector that moves leaves its port first, in a statement of its own: the new plug may go
    // into the same port side, which the old one holds until then.
    if (was) await tx.db.delete(cablePlugs).where(eq(cablePlugs.id, was.id));
    // The plug, the cable's new version and the audit entry: one statement.
    const plug = tx.db.insert(cablePlugs).values({
      siteId: cable.siteId,
      cableId: id,
      connector: end!.connector,
      portId: end!.portId,
      side: end!.side,
      familyMismatchConfirmed: end!.familyMismatch,
    });
    const update = tx.db
      .update(cables)
      .set({ updatedAt: new Date(), version: sql`${cables.version} + 1` })
      .where(and(eq(cables.id, id), eq(cables.version, version)))
      .returning();
    const [raw] = await writeWithAudit(tx, { plugged: plug, updated: update }, {
      action: "cable.plug",
      objectType: "cable",
      objectId: id,
      siteId: cable.siteId,
      before: was ? { connector, portId: was.portId, side: was.side } : { connector, portId: null },
      after: { connector, port: end!.portLabel, portId, side: end!.side, familyMismatch: end!.familyMismatch },
    }, "updated");
    if (!raw) throw staleVersion(`Cable ${cable.label || `#${id.slice(0, 8)}`}`);
    const outcome = await change.finish();
    return { cable: tableRow(cables, raw), outcome };
  });
}
