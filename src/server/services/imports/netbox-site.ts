import { randomBytes } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { z, ZodError } from "zod";
import { requireRole, roleOn } from "../../auth/actor";
import type { Db } from "../../db/client";
import { netboxSources, sites } from "../../db/schema";
import { writeCableCsv } from "../../interchange/netbox";
import { snapshotFromApi } from "../../interchange/netbox/api-source";
import { mapNetboxSite, type Refusal, type SiteMapping, type SiteQuestion } from "../../interchange/netbox/site-map";
import { SnapshotError, snapshotFromDump, type NbSnapshot } from "../../interchange/netbox/site-snapshot";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError, fieldError } from "../errors";
import { queryRows } from "../inventory/sql";
import { plannedPortId } from "../plans/apply-operations";
import { createPlan } from "../plans/create-plan";
import type { OperationInput } from "../plans/operations";
import { addOperation } from "../plans/write-operation";
import { importSiteFile } from "../site-files/import-site-file";
import { inTransaction } from "../tx";
import { importDeviceTypes } from "./device-types";
import { importNetboxCables } from "./netbox-cables";
import { ImportRefused, type ProgressListener } from "./problems";
import { readUtf8 } from "./site-file";

/** Largest dumpdata file read. */
export const MAX_DUMP_BYTES = 512 * 1024 * 1024;

const answerValue = z.string().max(100, "At most 100 characters.");
/** Import of one NetBox site (zod only). The dump itself is the request body; NetBox's URL and token come in the JSON body for the API source. */
export const netboxSiteImportInput = z.object({
  slug: z
    .string()
    .trim()
    .min(1, "Name the NetBox site (its slug).")
    .max(100, "At most 100 characters.")
    .regex(/^[-a-zA-Z0-9_]+$/, "A NetBox slug has letters, digits, '-' and '_' only."),
  /** The new site's code (first import only); default: from the slug. */
  code: z
    .string()
    .trim()
    .max(16, "At most 16 characters.")
    .regex(/^([A-Za-z0-9][A-Za-z0-9-]*)?$/, "Letters, digits and dashes only (it starts TIA-606 identifiers).")
    .default(""),
  /** Answers to the questions, by question key then field. */
  answers: z.record(z.string().max(200, "At most 200 characters."), z.record(z.string().max(40, "At most 40 characters."), answerValue)).default({}),
});
export type NetboxSiteImportInput = z.input<typeof netboxSiteImportInput>;

export const netboxApiSource = z.object({
  url: z.url("Enter NetBox's URL, e.g. https://netbox.example.com.").max(500, "At most 500 characters."),
  token: z.string().trim().min(1, "Enter a NetBox API token (read-only is enough).").max(200, "At most 200 characters."),
});
export type NetboxApiSource = z.input<typeof netboxApiSource>;

export type NetboxSiteSource = { kind: "dump"; file: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> } | ({ kind: "api" } & NetboxApiSource);

export interface NetboxSiteSummary {
  /** Objects placed in Ferrule: rooms, racks, devices, modules, ports and cables. */
  imported: number;
  refused: number;
  channels: number;
  findings: number;
}

export type NetboxSiteResult =
  | { outcome: "needs-answers"; slug: string; questions: SiteQuestion[]; refusals: Refusal[]; counts: SiteMapping["counts"] }
  | {
      outcome: "imported";
      slug: string;
      site: { id: string; name: string; code: string };
      summary: NetboxSiteSummary;
      counts: SiteMapping["counts"];
      refusals: Refusal[];
      renamed: SiteMapping["renamed"];
      /** The site's switch, housing and panel models as catalog device types (administrators only). */
      catalog: { added: string[]; already: string[]; notAdded: string[] };
    }
  | {
      outcome: "planned" | "in-step";
      slug: string;
      site: { id: string; name: string; code: string };
      plan: { id: string; name: string } | null;
      diff: SiteDiff;
      summary: NetboxSiteSummary;
      refusals: Refusal[];
    };

export interface SiteDiff {
  devices: { added: string[]; removed: string[]; moved: string[] };
  modules: { added: string[]; removed: string[] };
  ports: { added: string[]; removed: string[] };
  cables: { added: string[]; removed: string[]; changed: string[] };
  transceivers: { added: string[]; removed: string[] };
  /** Changes a plan cannot carry (length, status, colour, a port added to a device), and operations the plan refused, with the reason. */
  notPlanned: string[];
}

async function readSnapshot(source: NetboxSiteSource, slug: string, onProgress: ProgressListener): Promise<NbSnapshot> {
  try {
    if (source.kind === "api") {
      const api = netboxApiSource.parse({ url: source.url, token: source.token });
      const allowed = (process.env.FERRULE_NETBOX_URLS ?? "")
        .split(",")
        .map((u) => u.trim())
        .filter(Boolean)
        .map((u) => new URL(u).origin);
      if (allowed.length > 0 && !allowed.includes(new URL(api.url).origin))
        throw fieldError("url", `This server reads NetBox only at ${allowed.join(", ")} (FERRULE_NETBOX_URLS); upload a dump instead.`);
      return await snapshotFromApi({ ...api, slug, onProgress: (p) => onProgress({ phase: "reading", done: p.done, ...(p.total !== undefined ? { total: p.total } : {}), unit: "rows" }) });
    }
    const text = await readUtf8(source.file, MAX_DUMP_BYTES, onProgress);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new ImportRefused("The file is not JSON (a NetBox dumpdata dump is a JSON array).", [{ line: 1, message: (err as Error).message }]);
    }
    return snapshotFromDump(data, slug);
  } catch (err) {
    if (err instanceof SnapshotError) throw fieldError(source.kind === "api" ? "url" : "file", err.message);
    throw err;
  }
}

const siteCode = (slug: string): string =>
  slug
    .toUpperCase()
    .replace(/[^A-Z0-9-]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 16)
    .replace(/-+$/, "") || "NETBOX";

/**
 * Imports one NetBox site, all or nothing. The site is read (a dump, or NetBox's API), mapped to a
 * site file and NetBox cable CSV rows through the device-type conversion, and — when every question
 * is answered — imported by the site-file import, then the cable import, in one transaction.
 * Importing a NetBox site already imported opens the difference as a draft change plan instead.
 */
export async function importNetboxSite(ctx: ServiceContext, input: NetboxSiteImportInput, source: NetboxSiteSource, onProgress: ProgressListener = () => undefined): Promise<NetboxSiteResult> {
  const opts = netboxSiteImportInput.parse(input);
  requireRole(ctx.actor, "editor", null);
  const snapshot = await readSnapshot(source, opts.slug, onProgress);
  onProgress({ phase: "checking", done: 0, total: snapshot.devices.length, unit: "rows" });
  const mapping = mapNetboxSite(snapshot, opts.answers);
  if (mapping.questions.length > 0) return { outcome: "needs-answers", slug: opts.slug, questions: mapping.questions, refusals: mapping.refused, counts: mapping.counts };
  const [link] = await ctx.db.select().from(netboxSources).where(sql`lower(${netboxSources.netboxSlug}) = lower(${opts.slug})`);
  const sourceName = source.kind === "api" ? source.url : "dump";
  if (link) return reimport(ctx, link.siteId, opts.slug, mapping, sourceName, onProgress);

  return inTransaction(ctx, async (tx) => {
    const code = opts.code || siteCode(opts.slug);
    onProgress({ phase: "writing", done: 0, total: mapping.counts.devices, unit: "rows" });
    const created = await importSiteFile(tx, { yaml: mapping.yaml, code, name: snapshot.site.name }).catch((err: unknown) => {
      if (err instanceof ServiceError && err.fields?.code) throw fieldError("code", `${err.fields.code} Give the new site another code.`, err.code);
      throw err;
    });
    const cables = await placeCables(tx, created.site.id, mapping, onProgress);
    const catalog = await addDeviceTypes(tx, mapping);
    await tx.db.insert(netboxSources).values({ siteId: created.site.id, netboxSlug: opts.slug, lastSource: sourceName });
    const refusals = [...mapping.refused, ...cables.refused];
    const imported = mapping.counts.rooms + mapping.counts.racks + mapping.counts.devices + mapping.counts.modules + mapping.counts.ports + cables.imported;
    const summary = { imported, refused: refusals.length, channels: cables.channels ?? created.counts.channels, findings: cables.findings ?? created.counts.findings };
    await recordAudit(tx, { action: "site.import_netbox", objectType: "site", objectId: created.site.id, siteId: created.site.id, after: { slug: opts.slug, source: sourceName, ...summary } });
    return {
      outcome: "imported" as const,
      slug: opts.slug,
      site: { id: created.site.id, name: created.site.name, code: created.site.code },
      summary,
      counts: { ...mapping.counts, cables: cables.imported },
      refusals,
      renamed: mapping.renamed,
      catalog,
    };
  });
}

/**
 * The site's switch, housing and fixed-panel models into the catalog as device types, through the
 * device-type import, so more devices can be made from them. The catalog is an administrator's:
 * for anyone else they are listed as not added, and the site imports all the same.
 */
async function addDeviceTypes(tx: ServiceContext, mapping: SiteMapping): Promise<{ added: string[]; already: string[]; notAdded: string[] }> {
  const out = { added: [] as string[], already: [] as string[], notAdded: [] as string[] };
  if (mapping.deviceTypes.length === 0) return out;
  if (roleOn(tx.actor, null) !== "admin") {
    out.notAdded.push(...mapping.deviceTypes.map((t) => `${t.name}: adding device types to the catalog needs the admin role`));
    return out;
  }
  const r = await importDeviceTypes(tx, { files: mapping.deviceTypes.slice(0, 200) });
  for (const f of r.files) {
    if (f.outcome === "imported") out.added.push(f.name);
    else if (f.outcome === "already-in-catalog") out.already.push(f.name);
    else out.notAdded.push(`${f.file}: ${f.outcome === "refused" ? f.reasons.join("; ") : f.outcome}`);
  }
  return out;
}

/** The mapped cables into the site through the NetBox cable import; rows it cannot match are refused, named by their NetBox cable. */
async function placeCables(tx: ServiceContext, siteId: string, mapping: SiteMapping, onProgress: ProgressListener) {
  if (mapping.cables.length === 0) return { imported: 0, refused: [] as Refusal[], channels: undefined, findings: undefined };
  // The header is line 1 and each cable one line (the mapping keeps labels on one line).
  const csv = writeCableCsv(mapping.cables.map((c) => c.row));
  const lineOf = new Map(mapping.cables.map((_, i) => [i + 2, i]));
  const result = await importNetboxCables(tx, { siteId, skipUnmatched: true }, [csv], onProgress);
  const refused: Refusal[] = [];
  const seen = new Set<number>();
  for (const p of result.problems) {
    const idx = lineOf.get(p.line);
    const cable = idx !== undefined ? mapping.cables[idx] : undefined;
    if (!cable || seen.has(cable.netboxId)) continue;
    seen.add(cable.netboxId);
    refused.push({ object: "dcim.cable", id: cable.netboxId, name: cable.row.label ?? "", reason: `${p.field ? `${p.field}: ` : ""}${p.message}` });
  }
  return { imported: result.cables, refused, channels: result.channels, findings: result.findings };
}

// ---------------------------------------------------------------------------------------------
// Re-import: the difference as a draft change plan

interface State {
  devices: Map<string, { id: string; name: string; rack: string | null; rackId: string | null; u: number | null; face: string; role: string; uHeight: number }>;
  modules: Map<string, { id: string; device: string; bay: string; type: string | null }>;
  ports: Map<string, { id: string; device: string; name: string; kind: string; family: string | null; key: string | null; cage: string | null; module: boolean; transceiver: string | null; transceiverId: string | null }>;
  cables: Map<string, { id: string; label: string; type: string; status: string; lengthM: number; colour: string; ends: string[]; plugs: { connector: string; port: string; side: string }[] }>;
  racks: Map<string, string>;
}

async function readState(db: Db, siteId: string): Promise<State> {
  const racks = await queryRows<{ id: string; name: string }>(db, sql`select id, name from racks where site_id = ${siteId}`);
  const devs = await queryRows<{ id: string; name: string; rack: string | null; rack_id: string | null; u: number | null; face: string; role: string; u_height: number }>(
    db,
    sql`select d.id, d.name, r.name as rack, d.rack_id, d.u_position as u, d.face, d.role, d.u_height from devices d left join racks r on r.id = d.rack_id where d.site_id = ${siteId}`,
  );
  const mods = await queryRows<{ id: string; device: string; bay: string; type: string | null }>(
    db,
    sql`select m.id, d.name as device, b.name as bay, m.type_id as type from modules m join devices d on d.id = m.device_id join module_bays b on b.id = m.bay_id where m.site_id = ${siteId}`,
  );
  const prts = await queryRows<{ id: string; device: string; name: string; kind: string; family: string | null; key: string | null; cage: string | null; module: boolean; transceiver: string | null; transceiver_id: string | null }>(
    db,
    sql`select p.id, d.name as device, p.name, p.kind, p.family, p.key_type as key, p.cage, p.module_id is not null as module, x.type_id as transceiver, x.id as transceiver_id
        from ports p join devices d on d.id = p.device_id left join transceivers x on x.port_id = p.id where p.site_id = ${siteId}`,
  );
  const cabs = await queryRows<{ id: string; label: string; type: string; status: string; length_m: number; colour: string; connector: string | null; device: string | null; port: string | null; side: string | null }>(
    db,
    sql`select c.id, c.label, c.type_id as type, c.status, c.length_m, c.colour, pl.connector, d.name as device, p.name as port, pl.side
        from cables c left join cable_plugs pl on pl.cable_id = c.id left join ports p on p.id = pl.port_id left join devices d on d.id = p.device_id
        where c.site_id = ${siteId} and c.status <> 'decommissioned' order by c.id, pl.connector`,
  );
  const cables: State["cables"] = new Map();
  for (const c of cabs) {
    const key = c.label.toLowerCase() || c.id;
    const e = cables.get(key) ?? { id: c.id, label: c.label, type: c.type, status: c.status, lengthM: Number(c.length_m), colour: c.colour, ends: [], plugs: [] };
    if (c.connector && c.device && c.port && c.side) {
      e.ends.push(`${c.connector}=${c.device.toLowerCase()}:${c.port.toLowerCase()}@${c.side}`);
      e.plugs.push({ connector: c.connector, port: `${c.device.toLowerCase()}:${c.port.toLowerCase()}`, side: c.side });
    }
    cables.set(key, e);
  }
  for (const c of cables.values()) c.ends.sort();
  return {
    racks: new Map(racks.map((r) => [r.name.toLowerCase(), r.id])),
    devices: new Map(devs.map((d) => [d.name.toLowerCase(), { id: d.id, name: d.name, rack: d.rack, rackId: d.rack_id, u: d.u, face: d.face, role: d.role, uHeight: d.u_height }])),
    modules: new Map(mods.map((m) => [`${m.device.toLowerCase()}:${m.bay.toLowerCase()}`, m])),
    ports: new Map(prts.map((p) => [`${p.device.toLowerCase()}:${p.name.toLowerCase()}`, { ...p, transceiverId: p.transceiver_id }])),
    cables,
  };
}

class Rollback extends Error {
  constructor(readonly state: State) {
    super("rollback");
  }
}

/** The NetBox site as it would import now: imported into a scratch site inside a savepoint, read, and rolled back. */
async function stateAsImported(ctx: ServiceContext, mapping: SiteMapping, onProgress: ProgressListener): Promise<{ state: State; refused: Refusal[] }> {
  let refused: Refusal[] = [];
  try {
    await inTransaction(ctx, async (tx) => {
      const scratch = `NB-${randomBytes(5).toString("hex")}`;
      const created = await importSiteFile(tx, { yaml: mapping.yaml, code: scratch, name: `NetBox import ${scratch}` });
      refused = (await placeCables(tx, created.site.id, mapping, onProgress)).refused;
      throw new Rollback(await readState(tx.db, created.site.id));
    });
  } catch (err) {
    if (err instanceof Rollback) return { state: err.state, refused };
    throw err;
  }
  throw new Error("unreachable");
}

/** Port groups of a device as `device.add` writes them: consecutive numbered names of one kind become a range (`Ethernet1..48`). */
function portGroups(ports: State["ports"] extends Map<string, infer P> ? P[] : never) {
  type Group = { names: string; kind: "transceiver" | "adapter"; family?: string; keyType?: "A" | "B"; cage?: string; prefix: string; from: number; to: number; width: number };
  const groups: Group[] = [];
  for (const p of ports.filter((x) => !x.module)) {
    const m = /^(.*?)(\d+)$/.exec(p.name);
    const last = groups[groups.length - 1];
    const same = last && last.kind === p.kind && last.family === (p.family ?? undefined) && last.keyType === (p.key ?? undefined) && last.cage === (p.cage ?? undefined);
    if (m && same && last.prefix === m[1] && Number(m[2]) === last.to + 1 && m[2]!.length === last.width) {
      last.to++;
      last.names = `${last.prefix}${String(last.from).padStart(last.width, "0")}..${String(last.to).padStart(last.width, "0")}`;
      continue;
    }
    groups.push({
      names: p.name,
      kind: p.kind as "transceiver" | "adapter",
      ...(p.family ? { family: p.family } : {}),
      ...(p.key ? { keyType: p.key as "A" | "B" } : {}),
      ...(p.cage ? { cage: p.cage } : {}),
      prefix: m ? m[1]! : p.name,
      from: m ? Number(m[2]) : 0,
      to: m ? Number(m[2]) : 0,
      width: m ? m[2]!.length : 0,
    });
  }
  return groups.map(({ names, kind, family, keyType, cage }) => ({ names, kind, ...(family ? { family } : {}), ...(keyType ? { keyType } : {}), ...(cage ? { cage } : {}) }));
}

async function reimport(ctx: ServiceContext, siteId: string, slug: string, mapping: SiteMapping, sourceName: string, onProgress: ProgressListener): Promise<NetboxSiteResult> {
  requireRole(ctx.actor, "editor", siteId);
  return inTransaction(ctx, async (tx) => {
    const [site] = await tx.db.select().from(sites).where(eq(sites.id, siteId));
    if (!site) throw new ServiceError("NOT_FOUND", "The site this NetBox site was imported into no longer exists.");
    onProgress({ phase: "checking", done: 0, unit: "rows" });
    const live = await readState(tx.db, siteId);
    const { state: next, refused } = await stateAsImported(tx, mapping, onProgress);
    const diff: SiteDiff = { devices: { added: [], removed: [], moved: [] }, modules: { added: [], removed: [] }, ports: { added: [], removed: [] }, cables: { added: [], removed: [], changed: [] }, transceivers: { added: [], removed: [] }, notPlanned: [] };
    /** Operations in the order they are written; `register` names the planned id an adding operation gets, for later ones to use. */
    const ops: { text: string; op: OperationInput | ((ids: Map<string, string>) => OperationInput | string); register?: string }[] = [];

    // Cables first out, then devices and modules, then what comes in.
    const nextCableByEnds = new Map([...next.cables.values()].map((c) => [c.ends.join(" "), c]));
    for (const [key, c] of live.cables) {
      const n = next.cables.get(key) ?? nextCableByEnds.get(c.ends.join(" "));
      if (!n) {
        diff.cables.removed.push(c.label);
        ops.push({ text: `remove cable ${c.label}`, op: { kind: "cable.remove", cableId: c.id } });
      } else if (n.ends.join(" ") !== c.ends.join(" ")) {
        diff.cables.changed.push(`${c.label}: ends ${c.ends.join(", ")} → ${n.ends.join(", ")}`);
        ops.push({ text: `remove cable ${c.label} (its ends changed)`, op: { kind: "cable.remove", cableId: c.id } });
      } else {
        if (n.type !== c.type) {
          diff.cables.changed.push(`${c.label}: type ${c.type} → ${n.type}`);
          ops.push({ text: `retype cable ${c.label}`, op: { kind: "cable.retype", cableId: c.id, typeId: n.type } });
        }
        const fields = [n.lengthM !== c.lengthM ? `length ${c.lengthM} m → ${n.lengthM} m` : "", n.status !== c.status ? `status ${c.status} → ${n.status}` : "", n.colour !== c.colour ? `colour ${c.colour || "none"} → ${n.colour || "none"}` : ""].filter(Boolean);
        if (fields.length) {
          diff.cables.changed.push(`${c.label}: ${fields.join(", ")}`);
          diff.notPlanned.push(`cable ${c.label}: ${fields.join(", ")} (not a plan operation; edit the cable)`);
        }
      }
    }
    for (const [key, m] of live.modules)
      if (!next.modules.has(key) || next.modules.get(key)!.type !== m.type) {
        diff.modules.removed.push(`${m.device} bay ${m.bay}`);
        ops.push({ text: `remove module ${m.device} ${m.bay}`, op: { kind: "module.remove", moduleId: m.id } });
      }
    for (const [key, p] of live.ports)
      if (p.transceiverId && (!next.ports.has(key) || next.ports.get(key)!.transceiver !== p.transceiver) && next.devices.has(p.device.toLowerCase())) {
        diff.transceivers.removed.push(`${p.device}:${p.name}`);
        ops.push({ text: `remove transceiver ${p.device}:${p.name}`, op: { kind: "transceiver.remove", transceiverId: p.transceiverId } });
      }
    for (const [key, d] of live.devices)
      if (!next.devices.has(key)) {
        diff.devices.removed.push(d.name);
        ops.push({ text: `remove device ${d.name}`, op: { kind: "device.remove", deviceId: d.id } });
      }
    for (const [key, d] of next.devices) {
      const l = live.devices.get(key);
      const rackId = d.rack ? (live.racks.get(d.rack.toLowerCase()) ?? null) : null;
      if (d.rack && !rackId) diff.notPlanned.push(`rack ${d.rack} of device ${d.name} is not in the site (add the rack, then import again)`);
      if (!l) {
        diff.devices.added.push(d.name);
        const ports = [...next.ports.values()].filter((p) => p.device.toLowerCase() === key);
        const bays = [...next.modules.values()].filter((m) => m.device.toLowerCase() === key).length;
        ops.push({
          text: `add device ${d.name}`,
          register: `device:${key}`,
          op: { kind: "device.add", name: d.name, role: d.role as "switch", rackId, uPosition: rackId ? d.u : null, uHeight: d.uHeight, face: d.face as "front", bays, ports: portGroups(ports) as never },
        });
        continue;
      }
      if ((l.rack ?? "").toLowerCase() !== (d.rack ?? "").toLowerCase() || l.u !== d.u || l.face !== d.face) {
        diff.devices.moved.push(`${d.name}: ${l.rack ?? "no rack"} U${l.u ?? "-"} ${l.face} → ${d.rack ?? "no rack"} U${d.u ?? "-"} ${d.face}`);
        ops.push({ text: `move device ${d.name}`, op: { kind: "device.move", deviceId: l.id, rackId, uPosition: rackId ? d.u : null, face: d.face as "front" } });
      }
    }
    for (const [key, p] of next.ports) {
      if (p.module || !live.devices.has(p.device.toLowerCase())) continue;
      if (!live.ports.has(key)) {
        diff.ports.added.push(`${p.device}:${p.name}`);
        diff.notPlanned.push(`port ${p.device}:${p.name} is new in NetBox (add it to the device)`);
      }
    }
    for (const [key, p] of live.ports)
      if (!p.module && !next.ports.has(key) && next.devices.has(p.device.toLowerCase())) {
        diff.ports.removed.push(`${p.device}:${p.name}`);
        diff.notPlanned.push(`port ${p.device}:${p.name} is gone from NetBox (remove it from the device)`);
      }
    // Ports of the site after the plan: live ones, or planned ones of devices and modules the plan adds.
    const portId = (ids: Map<string, string>, ref: string): string | undefined => {
      const live0 = live.ports.get(ref);
      const [dev, ...rest] = ref.split(":");
      const name = rest.join(":");
      const mod = [...next.modules.values()].find((m) => m.device.toLowerCase() === dev && name.startsWith(`${m.bay.toLowerCase()}/`));
      if (mod && ids.has(`module:${dev}:${mod.bay.toLowerCase()}`)) return plannedPortId(ids.get(`module:${dev}:${mod.bay.toLowerCase()}`)!, name.slice(mod.bay.length + 1));
      if (ids.has(`device:${dev}`)) return plannedPortId(ids.get(`device:${dev}`)!, name);
      return live0?.id;
    };
    for (const [key, m] of next.modules) {
      const l = live.modules.get(key);
      if (l && l.type === m.type) continue;
      diff.modules.added.push(`${m.device} bay ${m.bay}`);
      ops.push({
        text: `add module ${m.device} ${m.bay}`,
        register: `module:${m.device.toLowerCase()}:${m.bay.toLowerCase()}`,
        op: (ids) => {
          const dev = live.devices.get(m.device.toLowerCase())?.id ?? ids.get(`device:${m.device.toLowerCase()}`);
          if (!dev || !m.type) return `module ${m.device} ${m.bay}: its device is not in the site`;
          return { kind: "module.add", deviceId: dev, bay: m.bay, moduleKind: "cassette", typeId: m.type };
        },
      });
    }
    for (const [key, p] of next.ports) {
      if (!p.transceiver) continue;
      const l = live.ports.get(key);
      if (l && l.transceiver === p.transceiver) continue;
      diff.transceivers.added.push(`${p.device}:${p.name}`);
      ops.push({
        text: `add transceiver ${p.device}:${p.name}`,
        op: (ids) => {
          const id = portId(ids, key);
          return id ? { kind: "transceiver.add", portId: id, typeId: p.transceiver! } : `transceiver ${p.device}:${p.name}: the cage is not in the site`;
        },
      });
    }
    const liveByEnds = new Set([...live.cables.values()].map((c) => c.ends.join(" ")));
    for (const [key, c] of next.cables) {
      const l = live.cables.get(key);
      if (l && l.ends.join(" ") === c.ends.join(" ")) continue;
      if (!l && liveByEnds.has(c.ends.join(" "))) continue;
      if (!l) diff.cables.added.push(c.label);
      ops.push({
        text: `add cable ${c.label}`,
        op: (ids) => {
          const ends = c.plugs.map((p) => ({ connector: p.connector, portId: portId(ids, p.port), side: p.side as "front" | "rear" }));
          const missing = ends.find((e) => !e.portId);
          if (missing) return `cable ${c.label}: port ${c.plugs[ends.indexOf(missing)]!.port} is not in the site`;
          return { kind: "cable.add", typeId: c.type, label: c.label.slice(0, 64), lengthM: Math.max(0.1, c.lengthM), ends: ends as { connector: string; portId: string; side: "front" | "rear" }[] };
        },
      });
    }

    const summary = {
      imported: 0,
      refused: mapping.refused.length + refused.length,
      channels: 0,
      findings: 0,
    };
    const counts = await queryRows<{ channels: number; findings: number }>(
      tx.db,
      sql`select (select count(*)::int from channel_judgements where site_id = ${siteId}) as channels, (select count(*)::int from findings where site_id = ${siteId}) as findings`,
    ).catch(() => [{ channels: 0, findings: 0 }]);
    summary.channels = counts[0]?.channels ?? 0;
    summary.findings = counts[0]?.findings ?? 0;
    await tx.db.update(netboxSources).set({ lastSource: sourceName, updatedAt: new Date(), version: sql`${netboxSources.version} + 1` }).where(eq(netboxSources.siteId, siteId));
    const refusals = [...mapping.refused, ...refused];
    if (ops.length === 0) return { outcome: "in-step" as const, slug, site: { id: site.id, name: site.name, code: site.code }, plan: null, diff, summary, refusals };

    const stamp = new Date().toISOString().slice(0, 16).replace("T", " ");
    const plan = await createPlan(tx, { siteId, name: `NetBox ${slug} ${stamp}`.slice(0, 100), description: `Changes in NetBox site ${slug} (read from ${sourceName === "dump" ? "a dump" : sourceName}) since the last import.` });
    let version = plan.version;
    const ids = new Map<string, string>();
    for (const { text, op, register } of ops) {
      const operation = typeof op === "function" ? op(ids) : op;
      if (typeof operation === "string") {
        diff.notPlanned.push(operation);
        continue;
      }
      try {
        const added = await addOperation(tx, { planId: plan.id, version, operation });
        version = added.plan.version;
        const newId = (added.operation.payload as { newId?: string }).newId;
        if (newId && register) ids.set(register, newId);
      } catch (err) {
        if (err instanceof ZodError) diff.notPlanned.push(`${text}: ${err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
        else if (err instanceof ServiceError) diff.notPlanned.push(`${text}: ${err.message}`);
        else throw err;
      }
    }
    await recordAudit(tx, { action: "site.reimport_netbox", objectType: "site", objectId: siteId, siteId, planId: plan.id, after: { slug, source: sourceName, diff } });
    return { outcome: "planned" as const, slug, site: { id: site.id, name: site.name, code: site.code }, plan: { id: plan.id, name: plan.name }, diff, summary, refusals };
  });
}

/** `imported N objects, refused M, channels C, findings F` — the line the command prints at the end. */
export function summaryLine(s: NetboxSiteSummary): string {
  return `imported ${s.imported} objects, refused ${s.refused}, channels ${s.channels}, findings ${s.findings}`;
}

export const netboxSourceOf = async (db: Db, siteId: string) => (await db.select().from(netboxSources).where(eq(netboxSources.siteId, siteId)).orderBy(asc(netboxSources.createdAt)))[0] ?? null;
