import { eq } from "drizzle-orm";
import { requireRole } from "../../auth/actor";
import { ports, transceivers } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { resolveType } from "../catalog/resolve-type";
import type { ServiceContext } from "../context";
import { beginPlantChange } from "../connectivity/change";
import { fieldError } from "../errors";
import { inTransaction } from "../tx";
import { installTransceiverInput, type InstallTransceiverInput } from "./schemas";

/** Installs a transceiver of a catalog type in an empty cage. */
export async function installTransceiver(ctx: ServiceContext, input: InstallTransceiverInput) {
  const data = installTransceiverInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [port] = await tx.db.select().from(ports).where(eq(ports.id, data.portId));
    if (!port) throw fieldError("portId", "This port does not exist (it may have been deleted).", "NOT_FOUND");
    requireRole(tx.actor, "editor", port.siteId);
    if (port.kind !== "transceiver") throw fieldError("portId", `Port ${port.name} is an adapter, not a cage: transceivers go into switch and server cages.`);
    await resolveType(tx.db, data.typeId, "transceiver", "typeId");
    const [held] = await tx.db.select({ id: transceivers.id }).from(transceivers).where(eq(transceivers.portId, port.id));
    if (held) throw fieldError("portId", `Port ${port.name} already holds a transceiver; change or remove that one.`, "CONFLICT");
    const change = await beginPlantChange(tx, port.siteId, [port.id]);
    const [row] = await tx.db.insert(transceivers).values({ siteId: port.siteId, portId: port.id, typeId: data.typeId, serial: data.serial }).returning();
    await recordAudit(tx, { action: "transceiver.install", objectType: "transceiver", objectId: row!.id, siteId: port.siteId, after: { ...row, port: port.name } });
    const outcome = await change.finish();
    return { transceiver: row!, outcome };
  });
}
