import { inArray } from "drizzle-orm";
import type { ModuleType } from "../../../domain";
import { requireRole } from "../../auth/actor";
import { componentTypes, deviceTemplates, type TemplatePort } from "../../db/schema";
import { convertNetboxType, type ConvertedPart, type NetboxTypeConversion, type Question } from "../../interchange/netbox";
import type { Inferred } from "../../interchange/netbox";
import type { SourceIssue } from "../../interchange/netbox";
import { recordAudit } from "../audit/record-audit";
import { typeSummary } from "../catalog/summary";
import type { ServiceContext } from "../context";
import { requireRoleAnywhere } from "../inventory/access";
import { stableJson } from "../stable-json";
import { inTransaction } from "../tx";
import { deviceTypeImportInput, type DeviceTypeImportInput } from "./schemas";

/** What became of one file. */
export type DeviceTypeOutcome =
  | { file: string; outcome: "ready" | "imported" | "already-in-catalog"; id: string; name: string; summary: string; inferred: InferredField[]; warnings: string[] }
  | { file: string; outcome: "needs-answers"; id: string; name: string; family: string; questions: Question[]; inferred: InferredField[]; warnings: string[] }
  | { file: string; outcome: "refused"; reasons: string[]; id?: string; name?: string; summary?: string; inferred: InferredField[]; warnings: string[] };

export interface InferredField {
  field: string;
  value: string;
  source: string;
  text: string;
}

export interface DeviceTypeImportResult {
  files: DeviceTypeOutcome[];
  imported: number;
  dryRun: boolean;
}

const issueText = (i: SourceIssue): string =>
  `${i.path}${i.line !== undefined ? ` (line ${i.line}${i.column !== undefined ? `, column ${i.column}` : ""})` : ""}: ${i.message}`;

const inferredList = (inferred: Readonly<Record<string, Inferred<string | number>>>): InferredField[] =>
  Object.entries(inferred).map(([field, v]) => ({ field, value: String(v.value), source: v.source, text: v.text }));

/** A device template as the import writes it. */
export type NewDeviceTemplate = typeof deviceTemplates.$inferInsert & { ports: TemplatePort[]; bays: string[] };

const PORT_NAME = /^[^\s@:]+$/;

/**
 * A switch or a panel housing as a device template: its height, its bays by name (a housing's
 * slots) and its cages. Refused (with the reason) when a port name could not name a Ferrule port.
 */
function templateOf(conv: Extract<NetboxTypeConversion, { outcome: "converted" }>): { template?: NewDeviceTemplate; problem?: string } {
  const part = conv.part;
  const fixedPanel = part.family === "adapter-plate" && conv.kind === "device-type";
  if (part.family !== "switch" && part.family !== "housing" && !fixedPanel) return {};
  const ports: TemplatePort[] =
    part.family === "switch"
      ? part.cages.map((c) => ({ name: c.name, kind: "transceiver" as const, cage: c.cage ?? null, ...(c.fixedOptic ? { transceiver: c.fixedOptic } : {}) }))
      : part.family === "adapter-plate"
        ? part.adapters.map((a) => ({ name: a.name, kind: "adapter" as const, family: a.family, keyType: a.key, polish: a.polish ?? null }))
        : [];
  const bays = part.family === "housing" ? part.slots.map((x) => x.slot) : [];
  const bad = ports.find((p) => !PORT_NAME.test(p.name) || p.name.length > 64);
  if (bad) return { problem: `port "${bad.name}" cannot be a Ferrule port name (no spaces, '@' or ':', at most 64 characters)` };
  const names = new Set<string>();
  for (const n of [...ports.map((p) => p.name.toLowerCase())]) {
    if (names.has(n)) return { problem: `port "${n}" is listed twice` };
    names.add(n);
  }
  if (new Set(bays.map((b) => b.toLowerCase())).size !== bays.length) return { problem: "two slots have the same name" };
  return {
    template: {
      id: conv.id,
      name: conv.name,
      manufacturer: conv.manufacturer,
      model: conv.model,
      role: part.family === "switch" ? "switch" : "panel",
      uHeight: part.uHeight ?? 1,
      bays,
      ports,
      source: `NetBox ${conv.file}`,
    },
  };
}

/** The parts of a template that say what it is, for comparing a file with what is stored. */
const templateKey = (t: Pick<NewDeviceTemplate, "name" | "manufacturer" | "model" | "role" | "uHeight" | "bays" | "ports">) =>
  stableJson({ name: t.name, manufacturer: t.manufacturer, model: t.model, role: t.role, uHeight: t.uHeight, bays: t.bays, ports: t.ports });

/** What a converted part is, in a line; and why the catalog does not hold it, when it does not. */
function describe(part: ConvertedPart, kind?: string): { summary: string; notCatalog?: string } {
  switch (part.family) {
    case "cassette": {
      const t = part.type;
      const rear = t.ports.filter((p) => p.role === "rear");
      const front = t.ports.filter((p) => p.role === "front");
      return { summary: `cassette: ${rear.length} × ${rear[0]?.family ?? "?"} rear, ${front.length} × ${front[0]?.family ?? "?"} front, ${t.fiber}${t.method ? `, method ${t.method}` : ""}, ${t.fibers.length} fibers` };
    }
    case "adapter-plate": {
      const fams = [...new Set(part.adapters.map((a) => `${a.family} key ${a.key}`))].join(", ");
      if (kind === "device-type") return { summary: `device template: patch panel, ${part.adapters.length} adapters (${fams})${part.uHeight ? `, ${part.uHeight} U` : ""}` };
      return {
        summary: `adapter plate: ${part.adapters.length} adapters (${fams})`,
        notCatalog: `an adapter plate is not a catalog type: it has no fiber map of its own. Install it in a panel's bay as a plate, or add its ${part.adapters.length} adapters (${fams}) to the panel`,
      };
    }
    case "housing":
      return { summary: `device template: panel housing, ${part.slots.length} slots${part.uHeight ? `, ${part.uHeight} U` : ""}` };
    case "switch": {
      const cages = [...new Set(part.cages.map((c) => c.cage ?? (c.fixedOptic ? `fixed optic ${c.fixedOptic}` : "built-in optic")))].join(", ");
      const fixed = part.cages.length === 1 ? part.cages[0]!.fixedOptic : undefined;
      if (fixed !== undefined) {
        const n = part.skipped.length;
        return {
          summary: `device template: media converter, cage ${part.cages[0]!.name} with the fixed optic ${fixed}${n ? `; ${n} copper port${n === 1 ? "" : "s"} skipped (${part.skipped.map((s) => s.name).join(", ")})` : ""}${part.uHeight ? `, ${part.uHeight} U` : ""}`,
        };
      }
      return {
        summary: `device template: switch, ${part.cages.length} cages (${cages})${part.uHeight ? `, ${part.uHeight} U` : ""}${part.skipped.length ? `; ${part.skipped.length} copper or management port${part.skipped.length === 1 ? "" : "s"} skipped` : ""}`,
      };
    }
    case "blank":
      return { summary: "blanking plate", notCatalog: "a blanking plate carries no fiber: there is nothing to add to the catalog" };
  }
}

function outcomeOf(conv: NetboxTypeConversion): { out: DeviceTypeOutcome; type?: ModuleType; template?: NewDeviceTemplate } {
  if (conv.outcome === "refused") return { out: { file: conv.file, outcome: "refused", reasons: conv.errors.map(issueText), inferred: [], warnings: conv.warnings.map(issueText) } };
  const common = { file: conv.file, id: conv.id, name: conv.name, inferred: inferredList(conv.inferred), warnings: conv.warnings.map(issueText) };
  if (conv.outcome === "needs-answers") return { out: { ...common, outcome: "needs-answers", family: conv.family, questions: [...conv.questions] } };
  const { summary, notCatalog } = describe(conv.part, conv.kind);
  if (notCatalog) return { out: { ...common, outcome: "refused", summary, reasons: [notCatalog] } };
  if (conv.part.family === "cassette") return { out: { ...common, outcome: "ready", summary }, type: conv.part.type };
  const { template, problem } = templateOf(conv);
  if (!template) return { out: { ...common, outcome: "refused", summary, reasons: [problem ?? summary] } };
  return { out: { ...common, outcome: "ready", summary }, template };
}

/**
 * NetBox devicetype-library files (device and module types, both port-mapping formats) into the
 * catalog. Each file is converted with the answers given for it; a cassette becomes a module type,
 * a switch or a panel housing a device template, other parts are explained, and what the file
 * leaves open is asked. A dry run (any role) only reports; an import (admin) adds every ready type
 * and template in one transaction and reports the rest.
 */
export async function importDeviceTypes(ctx: ServiceContext, input: DeviceTypeImportInput): Promise<DeviceTypeImportResult> {
  const data = deviceTypeImportInput.parse(input);
  if (data.dryRun) requireRoleAnywhere(ctx.actor, "viewer");
  else requireRole(ctx.actor, "admin", null);

  const converted = data.files.map((f) => outcomeOf(convertNetboxType(f.content, { file: f.name, answers: f.answers })));
  const ids = converted.map((c) => c.type?.id).filter((id): id is string => id !== undefined);
  const existing = ids.length
    ? await ctx.db.select({ id: componentTypes.id, definition: componentTypes.definition, builtIn: componentTypes.builtIn }).from(componentTypes).where(inArray(componentTypes.id, ids))
    : [];
  const seen = new Map<string, string>();
  for (const c of converted) {
    if (!c.type || c.out.outcome !== "ready") continue;
    const have = existing.find((e) => e.id === c.type!.id);
    const earlier = seen.get(c.type.id);
    if (have && stableJson(have.definition) === stableJson(c.type)) {
      c.out = { ...c.out, outcome: "already-in-catalog" };
      c.type = undefined;
    } else if (have || earlier) {
      c.out = {
        ...c.out,
        outcome: "refused",
        reasons: [earlier ? `${earlier} in this upload makes the same type id "${c.type.id}"` : `the catalog already has a different type "${c.type.id}"${have!.builtIn ? " (built in)" : ""}; rename or delete it first`],
      };
      c.type = undefined;
    } else seen.set(c.type.id, c.out.file);
  }
  const templateIds = converted.map((c) => c.template?.id).filter((id): id is string => id !== undefined);
  const storedTemplates = templateIds.length ? await ctx.db.select().from(deviceTemplates).where(inArray(deviceTemplates.id, templateIds)) : [];
  const seenTemplates = new Map<string, string>();
  for (const c of converted) {
    if (!c.template || c.out.outcome !== "ready") continue;
    const have = storedTemplates.find((e) => e.id === c.template!.id);
    const earlier = seenTemplates.get(c.template.id);
    if (have && templateKey(have) === templateKey(c.template)) {
      c.out = { ...c.out, outcome: "already-in-catalog" };
      c.template = undefined;
    } else if (have || earlier) {
      c.out = {
        ...c.out,
        outcome: "refused",
        reasons: [earlier ? `${earlier} in this upload makes the same device template "${c.template.id}"` : `the catalog already has a different device template "${c.template.id}"; delete it first`],
      };
      c.template = undefined;
    } else seenTemplates.set(c.template.id, c.out.file);
  }
  const ready = converted.filter((c) => (c.type || c.template) && c.out.outcome === "ready");
  if (data.dryRun || ready.length === 0) return { files: converted.map((c) => c.out), imported: 0, dryRun: data.dryRun };

  await inTransaction(ctx, async (tx) => {
    for (const c of ready) {
      if (c.template) {
        const [row] = await tx.db.insert(deviceTemplates).values(c.template).returning();
        await recordAudit(tx, { action: "template.create", objectType: "device_template", objectId: c.template.id, after: row });
        continue;
      }
      const [row] = await tx.db.insert(componentTypes).values({ ...typeSummary(c.type!), builtIn: false, definition: c.type! }).returning();
      await recordAudit(tx, { action: "type.create", objectType: "component_type", objectId: c.type!.id, after: { ...row, source: `NetBox ${c.out.file}` } });
    }
  });
  for (const c of ready) c.out = { ...c.out, outcome: "imported" } as DeviceTypeOutcome;
  return { files: converted.map((c) => c.out), imported: ready.length, dryRun: false };
}
