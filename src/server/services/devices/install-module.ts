import { and, eq, sql } from "drizzle-orm";
import { FAMILIES, type ConnectorFamily } from "../../../domain";
import { requireRole } from "../../auth/actor";
import { devices, moduleBays, modules, ports } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { resolveType } from "../catalog/resolve-type";
import type { ServiceContext } from "../context";
import { ServiceError, fieldError } from "../errors";
import { inTransaction } from "../tx";
import { installModuleInput, type InstallModuleInput } from "./schemas";

/** The module's ports as rows: a cassette's from its catalog type, a plate's as plain adapters.
 *  Module ports are named "<bay>/<port>". */
export async function modulePortRows(
  tx: ServiceContext,
  m: { siteId: string; deviceId: string; moduleId: string; bay: string; bayPosition: number; kind: "cassette" | "plate"; typeId: string | null },
  plate?: { family: ConnectorFamily; keyType: "A" | "B"; count: number },
) {
  const base = 100_000 + m.bayPosition * 1000;
  if (m.kind === "cassette") {
    const type = await resolveType(tx.db, m.typeId!, "module", "typeId");
    return type.ports.map((mp, i) => ({
      siteId: m.siteId,
      deviceId: m.deviceId,
      moduleId: m.moduleId,
      name: `${m.bay}/${mp.name}`,
      kind: "adapter" as const,
      family: mp.family,
      keyType: mp.key,
      gender: mp.gender ?? null,
      polish: mp.polish,
      positions: FAMILIES[mp.family].positions,
      modulePort: mp.name,
      ordinal: base + i,
    }));
  }
  return Array.from({ length: plate!.count }, (_, i) => ({
    siteId: m.siteId,
    deviceId: m.deviceId,
    moduleId: m.moduleId,
    name: `${m.bay}/${i + 1}`,
    kind: "adapter" as const,
    family: plate!.family,
    keyType: plate!.keyType,
    positions: FAMILIES[plate!.family].positions,
    ordinal: base + i,
  }));
}

/** Installs a cassette (a catalog module type) or an adapter plate in a free bay of a panel. */
export async function installModule(ctx: ServiceContext, input: InstallModuleInput) {
  const data = installModuleInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [device] = await tx.db.select().from(devices).where(eq(devices.id, data.deviceId));
    if (!device) throw fieldError("deviceId", "This device does not exist (it may have been deleted).", "NOT_FOUND");
    requireRole(tx.actor, "editor", device.siteId);
    const bays = await tx.db.select().from(moduleBays).where(eq(moduleBays.deviceId, device.id));
    const bay = bays.find((b) => b.name.toLowerCase() === data.bay.toLowerCase());
    if (!bay) {
      const names = bays.map((b) => b.name).join(", ");
      throw fieldError("bay", bays.length ? `${device.name} has no bay "${data.bay}" (bays: ${names}).` : `${device.name} has no module bays.`);
    }
    const [held] = await tx.db.select({ id: modules.id }).from(modules).where(eq(modules.bayId, bay.id));
    if (held) throw fieldError("bay", `Bay ${bay.name} of ${device.name} already holds a module.`, "CONFLICT");
    if (data.kind === "cassette") await resolveType(tx.db, data.typeId!, "module", "typeId");
    const [module] = await tx.db
      .insert(modules)
      .values({ siteId: device.siteId, deviceId: device.id, bayId: bay.id, kind: data.kind, typeId: data.kind === "cassette" ? data.typeId! : null, label: data.label })
      .returning();
    const rows = await modulePortRows(
      tx,
      { siteId: device.siteId, deviceId: device.id, moduleId: module!.id, bay: bay.name, bayPosition: bay.position, kind: data.kind, typeId: module!.typeId },
      data.kind === "plate" ? { family: data.family!, keyType: data.keyType!, count: data.count! } : undefined,
    );
    const clash = await tx.db
      .select({ name: ports.name })
      .from(ports)
      .where(and(eq(ports.deviceId, device.id), sql`lower(${ports.name}) = any(${`{${rows.map((r) => `"${r.name.toLowerCase()}"`).join(",")}}`}::text[])`))
      .limit(1);
    if (clash[0]) throw new ServiceError("CONFLICT", `${device.name} already has a port named ${clash[0].name}; rename it before installing a module in bay ${bay.name}.`);
    await tx.db.insert(ports).values(rows);
    await recordAudit(tx, { action: "module.install", objectType: "module", objectId: module!.id, siteId: device.siteId, after: { ...module, bay: bay.name, ports: rows.length } });
    return module!;
  });
}
