import { and, eq, max } from "drizzle-orm";
import { FAMILIES, type ConnectorFamily } from "../../../domain";
import type { Db } from "../../db/client";
import { ports } from "../../db/schema";
import { fieldError } from "../errors";
import { expandPortNames } from "./port-names";
import type { PortGroupInput } from "./schemas";

/** The port rows of a group ("1..24" adapters, "Ethernet1/1..48" cages) on a device. */
export async function portRowsFor(db: Db, siteId: string, deviceId: string, group: PortGroupInput, field: string, label = "") {
  const range = expandPortNames(group.names);
  if (!range.ok) throw fieldError(`${field}.names`, `Cannot read "${group.names}": ${range.reason}.`);
  const names = range.names;
  const [row] = await db.select({ top: max(ports.ordinal) }).from(ports).where(and(eq(ports.deviceId, deviceId)));
  const start = (row?.top ?? 0) + 1;
  return names.map((name, i) => {
    if (group.kind === "transceiver") {
      return { siteId, deviceId, name, kind: "transceiver" as const, cage: group.cage || null, label, ordinal: start + i };
    }
    const family = group.family as ConnectorFamily;
    return {
      siteId,
      deviceId,
      name,
      kind: "adapter" as const,
      family,
      keyType: group.keyType!,
      polish: group.polish ?? null,
      positions: FAMILIES[family].positions,
      label,
      ordinal: start + i,
    };
  });
}
