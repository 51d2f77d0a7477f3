import { eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { ports } from "../../db/schema";
import { resolveType, userTypesOf } from "../catalog/resolve-type";
import type { ServiceContext } from "../context";
import { fieldError, notFound } from "../errors";
import { previewTransceiverInput, type PreviewTransceiverInput } from "../transceivers/schemas";
import type { ModelRows } from "./model-rows";
import { whatIf, type WhatIf } from "./what-if";

/** What-if for a transceiver of a type in a cage (installed or replaced), without saving anything. */
export async function previewTransceiver(ctx: ServiceContext, input: PreviewTransceiverInput): Promise<WhatIf> {
  const data = previewTransceiverInput.parse(input);
  const [port] = await ctx.db.select().from(ports).where(eq(ports.id, data.portId));
  if (!port) throw notFound("This port");
  requireRole(ctx.actor, "viewer", port.siteId);
  if (port.kind !== "transceiver") throw fieldError("portId", `Port ${port.name} is an adapter, not a cage.`);
  const type = await resolveType(ctx.db, data.typeId, "transceiver", "typeId");
  const extraTypes = await userTypesOf(ctx.db, [type.id]);
  const imagine = (before: ModelRows): ModelRows => ({
    ...before,
    transceivers: [...before.transceivers.filter((x) => x.portId !== port.id), { id: "00000000-0000-4000-8000-0000000c0de0", portId: port.id, typeId: type.id }],
    userTypes: [...before.userTypes, ...extraTypes.filter((t) => !before.userTypes.some((u) => u.id === t.id))],
  });
  return whatIf(ctx.db, port.siteId, [port.id], imagine, `A ${type.name}`);
}
