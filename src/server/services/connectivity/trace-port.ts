import { eq, sql } from "drizzle-orm";
import { createCatalog, fiberColour, judgeChannel, trace, wavelengthWords, type FiberTrace, type Hop, type TraceEnd } from "../../../domain";
import { requireRole } from "../../auth/actor";
import { devices, ports, racks, sites } from "../../db/schema";
import { plannedOnceReads, type Db } from "../../db/client";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { builtOnce, queryRows } from "../inventory/sql";
import { portTia } from "../inventory/tia606";
import { readPlan } from "../plans/evaluate";
import { planTraceSource } from "../plans/views/trace";
import { cableEngineLabel } from "./build-model";
import { dbElements } from "./judgement-rows";
import { fibersFrom, loadFiberPart, type FiberPart } from "./fiber-part";
import { tracePortInput, type TracePortInput } from "./schemas";

type Role = "tx" | "rx" | "bidi" | "unused";

/** The traced port with its device, rack and site code. */
const portHead = builtOnce((db: Db) =>
  db
    .select({ port: ports, device: devices, rack: racks, siteCode: sites.code })
    .from(ports)
    .innerJoin(devices, eq(devices.id, ports.deviceId))
    .innerJoin(sites, eq(sites.id, ports.siteId))
    .leftJoin(racks, eq(racks.id, devices.rackId))
    .where(eq(ports.id, sql.placeholder("portId")))
    .prepare("trace_port_head"),
);

/** The traced port with its device, rack and site code, from its part (which holds them). */
function liveHead(part: FiberPart, port: NonNullable<FiberPart["head"]>) {
  const device = part.built.deviceById.get(port.deviceId);
  if (!device) return undefined;
  return { port, device: { id: device.id, name: device.name, uPosition: device.uPosition }, rack: part.rackOf.get(device.id) ?? null, siteCode: part.built.rows.site.code };
}

/**
 * The fiber-level trace of a port, as its page shows it: per lane (or per position of a panel port)
 * every hop with the positions it enters and leaves by, the far end, length, loss against the limit,
 * and the channel's findings in the engine's words. Judged live from the part of the plant joined
 * to the port, so it always agrees with the stored judgements.
 */
export async function tracePort(ctx: ServiceContext, input: TracePortInput) {
  const { portId, side, planId } = tracePortInput.parse(input);
  // Live: the port's row comes with the first round of its part, in one statement; the role is
  // checked before anything read is used.
  const part = planId ? null : await loadFiberPart(plannedOnceReads(ctx.db), { ofPort: portId }, [portId], { channelsThrough: [portId], headOf: portId, reached: (cs) => fibersFrom(cs, [portId]) });
  const live = planId ? (await portHead(ctx.db).execute({ portId }))[0] : part?.head && liveHead(part, part.head);
  // What-if on a port a plan installs (a cage of a planned switch): it is only in the plan.
  const planSiteId = !live && planId ? (await readPlan(ctx.db, planId).catch(() => null))?.siteId : undefined;
  if (!live && !planSiteId) throw notFound("This port");
  const siteId = live ? live.port.siteId : planSiteId!;
  requireRole(ctx.actor, "viewer", siteId);

  // What-if: the part of the plant joined to the port as the change plan would leave it.
  const planned = planId ? await planTraceSource(ctx, planId, siteId, portId) : null;
  const head = live ?? planned?.head(portId);
  if (!head) throw notFound("This port");
  const built = planned ? planned.built : part!.built;
  const { model, rows } = built;
  const catalog = createCatalog(rows.userTypes);
  const result = trace(model, portId, side ? { side } : {});
  const isCage = head.port.kind === "transceiver";
  const hasChannel = isCage && rows.transceivers.some((x) => x.portId === portId) && rows.plugs.some((p) => p.portId === portId);
  const channel = hasChannel ? judgeChannel(model, portId) : null;

  // Labels of everything the fibers cross.
  const portIds = new Set<string>([portId]);
  for (const f of result.fibers) {
    for (const h of f.hops) if (h.kind === "adapter") portIds.add(h.portId);
    if ("portId" in f.end && f.end.portId) portIds.add(f.end.portId);
  }
  const portInfo = new Map<string, { id: string; deviceId: string; label: string; family: string | null; key: string | null; tia: string }>();
  if (part)
    for (const id of portIds) {
      const p = built.port(id);
      const d = p ? built.deviceById.get(p.deviceId) : undefined;
      if (!p || !d) continue;
      portInfo.set(id, {
        id,
        deviceId: d.id,
        label: `${d.name}:${p.name}`,
        family: p.family,
        key: p.keyType,
        tia: portTia(head.siteCode, part.rackOf.get(d.id) ?? null, { name: d.name, uPosition: d.uPosition }, p.name),
      });
    }
  if (planned) for (const id of portIds) if (!portInfo.has(id) && planned.portInfo(id)) portInfo.set(id, planned.portInfo(id)!);
  const cableOf = new Map(rows.cables.map((c) => [c.id, c]));
  const xcvrOf = new Map(rows.transceivers.map((x) => [x.portId, x]));

  const hop = (h: Hop) => {
    switch (h.kind) {
      case "cable": {
        const c = cableOf.get(h.cableId);
        const type = c ? catalog.cable(c.typeId) : undefined;
        return {
          kind: "cable" as const,
          id: h.cableId,
          label: c ? cableEngineLabel(c) : h.cableId,
          typeId: c?.typeId ?? null,
          polarity: type?.polarity ?? null,
          cableKind: type?.cableKind ?? null,
          fiber: type?.fiber ?? null,
          from: { connector: h.from.connector, position: h.from.position },
          to: { connector: h.to.connector, position: h.to.position },
          lengthM: h.lengthM,
        };
      }
      case "module": {
        const moduleId = built.moduleDbId.get(h.moduleId) ?? h.moduleId;
        const m = rows.modules.find((x) => x.id === moduleId);
        const type = m?.typeId ? catalog.module(m.typeId) : undefined;
        return {
          kind: "module" as const,
          id: moduleId,
          label: h.moduleId,
          typeId: m?.typeId ?? null,
          method: type?.method ?? null,
          deviceId: m?.deviceId ?? null,
          from: { connector: h.from.port, position: h.from.position },
          to: { connector: h.to.port, position: h.to.position },
        };
      }
      case "adapter": {
        const p = portInfo.get(h.portId);
        return {
          kind: "adapter" as const,
          id: h.portId,
          label: p?.label ?? h.portId,
          tia: p?.tia ?? null,
          deviceId: p?.deviceId ?? null,
          family: p?.family ?? null,
          key: p?.key ?? null,
          from: { side: h.from.side, position: h.from.position },
          to: { side: h.to.side, position: h.to.position },
          mated: h.mated,
        };
      }
    }
  };

  const end = (e: TraceEnd) => {
    const where = "portId" in e && e.portId ? portInfo.get(e.portId) : undefined;
    switch (e.kind) {
      case "transceiver": {
        const x = xcvrOf.get(e.portId);
        return { kind: e.kind, portId: e.portId, label: where?.label ?? e.portId, tia: where?.tia ?? null, role: e.role as Role, lane: e.lane ?? null, position: e.position, typeId: x?.typeId ?? null, text: `${where?.label} ${roleWord(e.role as Role, e.lane, e.position)}` };
      }
      case "open-port":
        return { kind: e.kind, portId: e.portId, label: where?.label ?? e.portId, tia: where?.tia ?? null, position: e.position, text: `open ${e.side} of ${where?.label}, position ${e.position}: nothing plugged there` };
      case "no-mate":
        return { kind: e.kind, portId: e.portId, label: where?.label ?? e.portId, tia: where?.tia ?? null, position: e.position, text: `${where?.label}: the connectors do not mate` };
      case "open-cable-end": {
        const c = cableOf.get(e.cableId);
        return { kind: e.kind, cableId: e.cableId, label: c ? cableEngineLabel(c) : e.cableId, position: e.position, text: `unplugged end ${e.connector} of cable ${c ? cableEngineLabel(c) : e.cableId}` };
      }
      case "dead-end":
      case "missing-position":
        return { kind: e.kind, label: e.elementId, position: e.position, text: `no fiber at position ${e.position} of ${e.connector} (${e.elementId})` };
      case "loop":
        return { kind: e.kind, label: where?.label ?? "", position: e.position ?? null, text: "the fiber comes back to where it started: the cabling forms a circle" };
      case "wdm-blocked":
        return { kind: e.kind, portId: e.portId, label: where?.label ?? e.portId, tia: where?.tia ?? null, position: e.position, text: `${where?.label} passes ${wavelengthWords(e.passesNm)}: the lane's ${wavelengthWords(e.wavelengthNm)} is blocked` };
      case "wdm-no-channel":
      case "wdm-unknown":
        return {
          kind: e.kind,
          label: e.moduleId,
          position: e.position,
          text: e.kind === "wdm-no-channel" ? `line ${e.port} of WDM ${e.moduleId} has no client port for ${wavelengthWords(e.wavelengthNm ?? 0)}` : `line ${e.port} of WDM ${e.moduleId}: no wavelength known, so no client port can be chosen`,
        };
    }
  };

  const linkFor = (f: FiberTrace) => {
    if (!channel || f.end.kind !== "transceiver") return null;
    const far = f.end.portId;
    return channel.links.find((l) => (l.a === portId && l.b === far) || (l.b === portId && l.a === far)) ?? null;
  };

  const fibers = result.fibers.map((f) => {
    const startRole = (f.start.role ?? "unused") as Role;
    const farRole = f.end.kind === "transceiver" ? (f.end.role as Role) : null;
    const ok =
      farRole !== null &&
      ((startRole === "tx" && farRole === "rx") || (startRole === "rx" && farRole === "tx") || (startRole === "bidi" && farRole === "bidi" && f.start.face !== (f.end.kind === "transceiver" ? f.end.face : undefined)));
    const link = linkFor(f);
    return {
      start: { ...f.start, role: startRole, colour: fiberColour(f.start.position) },
      hops: f.hops.map(hop),
      end: end(f.end),
      ok,
      lengthM: f.lengthM,
      lossDb: f.lossDb,
      matedPairs: f.matedPairs,
      grades: f.grades,
      maxLossDb: link?.maxLossDb ?? null,
      reachM: link?.reachM ?? null,
      // A copy each: two fibers of a link would otherwise share one array, which the reply writer
      // (superjson's format) records as a reference and cannot write on its quick path.
      applications: link ? [...link.applications] : [],
      /** The lane's wavelength once known (the optic's, or the WDM client port it entered), nm. */
      wavelengthNm: f.wavelengthNm ?? null,
      /** The output of a splitter or tap this fiber left by (its share of the light); null on the through path. */
      branch: f.branch ? { module: f.branch.moduleId, port: f.branch.port, share: f.branch.share, monitor: f.branch.monitor } : null,
    };
  });

  const throughChannels = isCage
    ? []
    : planned
      ? planned.throughChannels
      : await queryRows<{ key: string; title: string; verdict: string; members: string[] }>(
        ctx.db,
        sql`select j.key, j.title, j.verdict, c.members from channel_paths c join channel_judgements j on j.site_id = c.site_id and j.key = c.key
             where c.site_id = ${siteId} and c.ports @> array[${portId}]::uuid[] order by j.title limit 200`,
      );
  const storedFindings = isCage
    ? []
    : planned
      ? planned.findings
      : await queryRows<{ code: string; severity: string; message: string }>(
        ctx.db,
        sql`select code, severity, message from findings where site_id = ${siteId} and port_ids @> array[${portId}]::uuid[] order by severity_rank, code limit 200`,
      );

  return {
    port: {
      ...head.port,
      deviceName: head.device.name,
      deviceId: head.device.id,
      label: `${head.device.name}:${head.port.name}`,
      tia: portTia(head.siteCode, head.rack, head.device, head.port.name),
      transceiverType: xcvrOf.get(portId)?.typeId ?? null,
      /** Installed by the change plan the trace is taken with: not in the live inventory yet. */
      planned: !live,
    },
    conventions: result.conventions.description,
    fibers,
    channel: channel
      ? {
          key: channel.key,
          verdict: channel.verdict,
          members: channel.members.map((m) => ({ id: m, label: built.portLabel(m) })).sort((a, b) => a.label.localeCompare(b.label, "en", { numeric: true })),
          links: channel.links.map((l) => ({ ...l, aLabel: built.portLabel(l.a), bLabel: built.portLabel(l.b) })),
          findings: channel.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, elements: dbElements(built, f.elements), figures: f.figures ?? null })),
        }
      : null,
    throughChannels,
    findings: storedFindings,
  };
}

function roleWord(role: Role, lane: number | undefined, position: number): string {
  if (role === "unused") return `unused position ${position}`;
  return `${role === "bidi" ? "bidi" : role === "tx" ? "Tx" : "Rx"} lane ${lane ?? "?"} (MDI ${position})`;
}
