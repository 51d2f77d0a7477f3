import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import { FAMILIES, familiesMate, getBuiltInType, parseSiteFile, type ComponentType, type ConnectorFamily, type SiteModel } from "../../../domain";
import { requireRole } from "../../auth/actor";
import type { Db } from "../../db/client";
import { cablePlugs, cables, componentTypes, devices, moduleBays, modules, ports, racks, rooms, sites, transceivers } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { loadTypes } from "../catalog/resolve-type";
import { typeSummary } from "../catalog/summary";
import type { ServiceContext } from "../context";
import { judgeWholeSite } from "../connectivity/change";
import { ServiceError, fieldError, isUniqueViolation } from "../errors";
import { stableJson } from "../stable-json";
import { inTransaction } from "../tx";
import { importSiteFileInput, type ImportSiteFileInput } from "./schemas";

const BATCH = 500;
async function insertAll<T>(rows: readonly T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/** "A12" → row A, position 12: a rack id written as its grid location places it in its row. */
function gridOf(id: string): { row: string; position: number | null } {
  const m = /^([A-Za-z]+)-?(\d{1,3})$/.exec(id);
  return m ? { row: m[1]!.toUpperCase(), position: Number(m[2]) } : { row: "", position: null };
}

/** User types of the file: new ones are added to the catalog, known ones must be the same. */
async function storeUserTypes(db: Db, types: readonly ComponentType[]): Promise<number> {
  if (types.length === 0) return 0;
  const existing = await db.select().from(componentTypes).where(inArray(componentTypes.id, types.map((t) => t.id)));
  let added = 0;
  for (const t of types) {
    const have = existing.find((e) => e.id === t.id);
    if (have) {
      if (stableJson(have.definition) !== stableJson(t))
        throw fieldError("yaml", `The file defines type ${t.id}, but the catalog already has a different type with that id. Rename it in the file.`, "CONFLICT");
      continue;
    }
    await db.insert(componentTypes).values({ ...typeSummary(t), builtIn: false, definition: t });
    added++;
  }
  return added;
}

/**
 * Imports a site file (YAML) into the database as a new site, in one transaction: all of it or
 * nothing. The file is parsed and checked by the engine (every error with its line and field);
 * rooms, racks, devices, cassettes, ports, transceivers, cables and plugs are written in batches;
 * then the whole site is judged and its channels and findings stored.
 */
export async function importSiteFile(ctx: ServiceContext, input: ImportSiteFileInput) {
  const data = importSiteFileInput.parse(input);
  requireRole(ctx.actor, "editor", null);
  const parsed = parseSiteFile(data.yaml);
  if (!parsed.ok) {
    const lines = parsed.errors.slice(0, 10).map((e) => `line ${e.line}, column ${e.column}: ${e.path}: ${e.message}`);
    const more = parsed.errors.length > 10 ? ` (and ${parsed.errors.length - 10} more)` : "";
    throw new ServiceError("INVALID", `The site file has ${parsed.errors.length} error(s): ${lines[0]}${more}`, { yaml: lines.join("\n") + more });
  }
  const model: SiteModel = parsed.model;
  try {
    return await inTransaction(ctx, async (tx) => {
      const db = tx.db;
      const [site] = await db
        .insert(sites)
        .values({
          name: data.name || model.site.name,
          code: data.code,
          description: data.description,
          attenuation: model.site.conventions.attenuation,
          matedPair: model.site.conventions.matedPair,
        })
        .returning();
      const siteId = site!.id;
      const typesAdded = await storeUserTypes(db, model.componentTypes);
      // Built-in types the file uses get their catalog rows (the foreign keys need them).
      await loadTypes(db, [...model.cables.map((c) => c.typeId), ...model.modules.map((m) => m.typeId), ...model.transceivers.map((x) => x.typeId)].filter((id) => getBuiltInType(id)));

      const roomId = new Map(model.rooms.map((r) => [r.id, randomUUID()]));
      await insertAll(model.rooms, (b) => db.insert(rooms).values(b.map((r) => ({ id: roomId.get(r.id)!, siteId, name: r.name }))));
      const rackId = new Map(model.racks.map((r) => [r.id, randomUUID()]));
      const rackHeight = new Map(model.racks.map((r) => [r.id, r.units ?? 42]));
      await insertAll(model.racks, (b) =>
        db.insert(racks).values(b.map((r) => ({ id: rackId.get(r.id)!, siteId, roomId: roomId.get(r.roomId)!, name: r.name, ...gridOf(r.id), uHeight: rackHeight.get(r.id)! }))),
      );

      const deviceId = new Map(model.devices.map((d) => [d.id, randomUUID()]));
      model.devices.forEach((d, i) => {
        if (d.unit === undefined || d.rackId === undefined) return;
        const top = d.unit + (d.uHeight ?? 1) - 1;
        if (top > rackHeight.get(d.rackId)!) throw fieldError("yaml", `devices[${i}]: ${d.id} reaches U${top}, above the top of rack ${d.rackId} (${rackHeight.get(d.rackId)} U).`);
      });
      await insertAll(model.devices, (b) =>
        db.insert(devices).values(
          b.map((d) => ({
            id: deviceId.get(d.id)!,
            siteId,
            rackId: d.rackId ? rackId.get(d.rackId)! : null,
            name: d.name,
            role: d.role,
            uPosition: d.unit ?? null,
            uHeight: d.uHeight ?? 1,
            face: d.face ?? "front",
            fullDepth: d.role === "switch" || d.role === "server" || d.role === "router",
          })),
        ),
      );

      // Bays (one per module slot, in file order) and cassettes.
      const moduleId = new Map(model.modules.map((m) => [m.id, randomUUID()]));
      const bayRows: (typeof moduleBays.$inferInsert)[] = [];
      const bayPosition = new Map<string, number>();
      const slotsOf = new Map<string, number>();
      const bayOf = new Map<string, string>();
      for (const m of model.modules) {
        const n = (slotsOf.get(m.deviceId) ?? 0) + 1;
        slotsOf.set(m.deviceId, n);
        bayPosition.set(m.id, n);
        const bay = randomUUID();
        bayOf.set(m.id, bay);
        bayRows.push({ id: bay, siteId, deviceId: deviceId.get(m.deviceId)!, name: m.slot, position: n });
      }
      await insertAll(bayRows, (b) => db.insert(moduleBays).values(b));
      await insertAll(model.modules, (b) =>
        db.insert(modules).values(
          b.map((m) => ({
            id: moduleId.get(m.id)!,
            siteId,
            deviceId: deviceId.get(m.deviceId)!,
            bayId: bayOf.get(m.id)!,
            kind: "cassette" as const,
            typeId: m.typeId,
          })),
        ),
      );

      const portId = new Map(model.ports.map((p) => [p.id, randomUUID()]));
      const ordinal = new Map<string, number>();
      const portFamily = new Map<string, ConnectorFamily>();
      const portRows = model.ports.map((p) => {
        const n = (ordinal.get(p.deviceId) ?? 0) + 1;
        ordinal.set(p.deviceId, n);
        if (p.kind === "transceiver") return { id: portId.get(p.id)!, siteId, deviceId: deviceId.get(p.deviceId)!, name: p.name, kind: "transceiver" as const, cage: p.cage ?? null, ordinal: n };
        portFamily.set(p.id, p.family);
        const bay = p.moduleId ? bayPosition.get(p.moduleId)! : 0;
        return {
          id: portId.get(p.id)!,
          siteId,
          deviceId: deviceId.get(p.deviceId)!,
          moduleId: p.moduleId ? moduleId.get(p.moduleId)! : null,
          name: p.name,
          kind: "adapter" as const,
          family: p.family,
          keyType: p.key,
          positions: FAMILIES[p.family].positions,
          modulePort: p.modulePort ?? null,
          ordinal: p.moduleId ? 100_000 + bay * 1000 + n : n,
        };
      });
      await insertAll(portRows, (b) => db.insert(ports).values(b));
      await insertAll(model.transceivers, (b) =>
        db.insert(transceivers).values(b.map((x) => ({ siteId, portId: portId.get(x.portId)!, typeId: x.typeId }))),
      );
      const types = await loadTypes(db, model.transceivers.map((x) => x.typeId));
      for (const x of model.transceivers) {
        const t = types.get(x.typeId) ?? model.componentTypes.find((u) => u.id === x.typeId);
        if (t?.kind === "transceiver") portFamily.set(x.portId, t.receptacle.family);
      }

      const cableId = new Map(model.cables.map((c) => [c.id, randomUUID()]));
      await insertAll(model.cables, (b) =>
        db.insert(cables).values(
          b.map((c) => ({ id: cableId.get(c.id)!, siteId, typeId: c.typeId, label: c.label ?? c.id, lengthM: c.lengthM, splices: c.splices ?? 0, status: "installed" as const })),
        ),
      );
      const cableTypes = await loadTypes(db, [...new Set(model.cables.map((c) => c.typeId))]);
      const typeOfCable = new Map(model.cables.map((c) => [c.id, cableTypes.get(c.typeId) ?? model.componentTypes.find((u) => u.id === c.typeId)]));
      await insertAll(model.plugs, (b) =>
        db.insert(cablePlugs).values(
          b.map((p) => {
            const t = typeOfCable.get(p.cableId);
            const family = t?.kind === "cable" ? t.connectors.find((k) => k.id === p.connector)?.family : undefined;
            const at = portFamily.get(p.portId);
            return {
              siteId,
              cableId: cableId.get(p.cableId)!,
              connector: p.connector,
              portId: portId.get(p.portId)!,
              side: p.side,
              familyMismatchConfirmed: family !== undefined && at !== undefined && !familiesMate(at, family),
            };
          }),
        ),
      );

      const judged = await judgeWholeSite(tx, siteId);
      const counts = {
        rooms: model.rooms.length,
        racks: model.racks.length,
        devices: model.devices.length,
        modules: model.modules.length,
        ports: model.ports.length,
        transceivers: model.transceivers.length,
        cables: model.cables.length,
        typesAdded,
        ...judged,
      };
      await recordAudit(tx, { action: "site.import", objectType: "site", objectId: siteId, siteId, after: { ...site, counts } });
      return { site: site!, counts };
    });
  } catch (err) {
    if (isUniqueViolation(err, "sites_name_unique")) throw fieldError("name", `A site named "${data.name || model.site.name}" already exists.`, "CONFLICT");
    if (isUniqueViolation(err, "sites_code_unique")) throw fieldError("code", `The code "${data.code}" is already used by another site.`, "CONFLICT");
    throw err;
  }
}
