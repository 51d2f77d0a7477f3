import { eq } from "drizzle-orm";
import { FAMILIES, type ConnectorFamily } from "../../../domain";
import type { Db } from "../../db/client";
import { deviceTemplates, type TemplatePort } from "../../db/schema";
import { fieldError } from "../errors";

/** A device template by id, or a field error on `templateId`. */
export async function readTemplate(db: Db, id: string) {
  const [template] = await db.select().from(deviceTemplates).where(eq(deviceTemplates.id, id));
  if (!template) throw fieldError("templateId", `There is no device type "${id}" in the catalog (import it from a NetBox device-type file first).`, "NOT_FOUND");
  return template;
}

/** The port rows a template gives a new device, in the template's order. */
export function templatePortRows(list: readonly TemplatePort[], siteId: string, deviceId: string) {
  return list.map((p, i) =>
    p.kind === "transceiver"
      ? { siteId, deviceId, name: p.name, kind: "transceiver" as const, cage: p.cage, label: "", ordinal: i + 1 }
      : {
          siteId,
          deviceId,
          name: p.name,
          kind: "adapter" as const,
          family: p.family as ConnectorFamily,
          keyType: p.keyType,
          polish: p.polish ?? null,
          positions: FAMILIES[p.family as ConnectorFamily].positions,
          label: "",
          ordinal: i + 1,
        },
  );
}
