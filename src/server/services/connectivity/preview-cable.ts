import { eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { cables } from "../../db/schema";
import { cableEnds } from "../cables/cable-ends";
import { resolveEnds } from "../cables/resolve-ends";
import { previewCableInput, type PreviewCableInput } from "../cables/schemas";
import { resolveType, userTypesOf } from "../catalog/resolve-type";
import type { ServiceContext } from "../context";
import { fieldError, notFound } from "../errors";
import type { ModelRows } from "./model-rows";
import { whatIf, type WhatIf } from "./what-if";

/**
 * What-if for a cable, without saving anything: a new cable with its ends, or an existing cable
 * with another type (a cord replaced by one of another polarity type) or other ends. The forms show
 * the warnings before the user saves ("this cord makes channel X fail polarity").
 */
export async function previewCable(ctx: ServiceContext, input: PreviewCableInput): Promise<WhatIf & { familyMismatches: string[] }> {
  const data = previewCableInput.parse(input);
  requireRole(ctx.actor, "viewer", data.siteId);
  const type = await resolveType(ctx.db, data.typeId, "cable", "typeId");
  let current: Awaited<ReturnType<typeof cableEnds>> = [];
  let existing: typeof cables.$inferSelect | undefined;
  if (data.cableId) {
    [existing] = await ctx.db.select().from(cables).where(eq(cables.id, data.cableId));
    if (!existing || existing.siteId !== data.siteId) throw notFound("This cable");
    current = await cableEnds(ctx.db, data.cableId);
  }
  const wanted = data.ends ?? current.map((e) => ({ connector: e.connector, portId: e.portId, side: e.side }));
  const missing = wanted.filter((e) => !type.connectors.some((c) => c.id === e.connector));
  if (data.cableId && !data.ends && missing.length)
    throw fieldError("typeId", `Type ${type.id} has no connector ${missing.map((e) => e.connector).join(", ")}, which is plugged in now.`);
  const familyMismatches: string[] = [];
  const ends = await resolveEnds(ctx.db, data.siteId, type, wanted, { confirmFamilyMismatch: true, cableId: data.cableId, collectMismatch: familyMismatches });

  const seeds = [...new Set([...ends.map((e) => e.portId), ...current.map((e) => e.portId)])];
  const cableId = data.cableId ?? "00000000-0000-4000-8000-00000000c0de";
  const label = data.label || existing?.label || "new cable";
  const extraTypes = await userTypesOf(ctx.db, [type.id]);
  const imagine = (before: ModelRows): ModelRows => ({
    ...before,
    cables: [
      ...before.cables.filter((c) => c.id !== cableId),
      { id: cableId, typeId: type.id, lengthM: data.lengthM ?? existing?.lengthM ?? 2, label, splices: data.splices ?? 0, status: "planned" },
    ],
    plugs: [
      ...before.plugs.filter((p) => p.cableId !== cableId),
      ...ends.map((e) => ({ cableId, connector: e.connector, portId: e.portId, side: e.side })),
    ],
    userTypes: [...before.userTypes, ...extraTypes.filter((t) => !before.userTypes.some((u) => u.id === t.id))],
  });
  const subject = data.cableId ? `Cable ${label} as ${type.id}` : `This ${type.cableKind === "trunk" ? "trunk" : type.cableKind === "patch-cord" ? "cord" : type.cableKind}`;
  return { ...(await whatIf(ctx.db, data.siteId, seeds, imagine, subject)), familyMismatches };
}
