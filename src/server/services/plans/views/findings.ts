import { sql } from "drizzle-orm";
import { FINDING_CODES, type FindingCode } from "../../../../domain";
import type { ListFindingsInput } from "../../connectivity/schemas";
import { listFindingsInput } from "../../connectivity/schemas";
import type { ServiceContext } from "../../context";
import { queryRows } from "../../inventory/sql";
import { labeller } from "../plan-state";
import type { Db } from "../../../db/client";
import { putAside, type AroundPlan } from "../evaluate";
import { planViewAround } from "./plan-view";

interface Row {
  id: string;
  code: string;
  severity: "error" | "warning" | "info";
  severity_rank: number;
  message: string;
  channel_key: string | null;
  port_ids: string[];
  rack_ids: string[];
}

/**
 * Every finding of the site as a plan leaves it: the stored findings its judgement around what it
 * touches does not stand in for (putAside), and that judgement's findings after the plan.
 */
export async function findingsAsPlanned(db: Db, e: AroundPlan): Promise<Row[]> {
  const stored = await queryRows<Row>(
    db,
    sql`select f.id, f.code, f.severity, f.severity_rank, f.message, f.channel_key, f.port_ids, f.rack_ids from findings f
         where f.site_id = ${e.plan.siteId} and not ${putAside(e).finding}`,
  );
  const planned: Row[] = e.after.findings.map((f, i) => ({
    id: `plan-${i}`,
    code: f.code,
    severity: f.severity,
    severity_rank: f.severityRank,
    message: f.message,
    channel_key: f.channelKey,
    port_ids: f.portIds,
    rack_ids: f.rackIds,
  }));
  return [...stored, ...planned];
}

/**
 * The findings page as a plan would leave the site: the stored findings its judgement around what
 * it touches does not stand in for (putAside), and that judgement after the plan; filtered, counted and paged like
 * listFindings, with the same answer. Null for a completed or stopped plan (the live findings are its result).
 */
export async function planFindings(ctx: ServiceContext, input: ListFindingsInput) {
  const { siteId, severity, code, roomId, rackId, limit, offset, planId } = listFindingsInput.parse(input);
  const e = await planViewAround(ctx, planId!, siteId);
  if (!e) return null;
  const roomRacks = roomId ? new Set((await queryRows<{ id: string }>(ctx.db, sql`select id from racks where room_id = ${roomId}`)).map((r) => r.id)) : null;
  const placed = (await findingsAsPlanned(ctx.db, e)).filter((f) => (!rackId || f.rack_ids.includes(rackId)) && (!roomRacks || f.rack_ids.some((r) => roomRacks.has(r))));
  const all = placed.filter((f) => (!severity || f.severity === severity) && (!code || f.code === code));
  all.sort((a, b) => a.severity_rank - b.severity_rank || a.code.localeCompare(b.code) || a.message.localeCompare(b.message) || a.id.localeCompare(b.id));
  const L = labeller(e.applied.state);
  const rackName = new Map(e.applied.state.racks.map((r) => [r.id, r.name]));
  const codes = new Map<string, number>();
  for (const f of placed) if (!severity || f.severity === severity) codes.set(f.code, (codes.get(f.code) ?? 0) + 1);
  const count = (s: string) => placed.filter((f) => f.severity === s).length;
  return {
    total: all.length,
    items: all.slice(offset, offset + limit).map((f) => {
      const portId = f.port_ids[0] ?? null;
      const port = portId ? L.port.get(portId) : undefined;
      const device = port ? L.device.get(port.deviceId) : undefined;
      return {
        id: f.id,
        code: f.code,
        title: FINDING_CODES[f.code as FindingCode]?.title ?? f.code,
        severity: f.severity,
        message: f.message,
        channelKey: f.channel_key,
        portId: port ? portId : null,
        portLabel: port ? L.portLabel(portId!) : null,
        deviceId: device?.id ?? null,
        rackId: device?.rackId ?? null,
        rackName: device?.rackId ? (rackName.get(device.rackId) ?? null) : null,
      };
    }),
    counts: { error: count("error"), warning: count("warning"), info: count("info") },
    codes: [...codes.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([c, n]) => ({ code: c, title: FINDING_CODES[c as FindingCode]?.title ?? c, n })),
  };
}
