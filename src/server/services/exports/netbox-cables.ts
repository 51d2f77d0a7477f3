import { csvRecords } from "../../documents/csv";
import { CABLE_CSV_COLUMNS, cableRowFields, fiberToNetboxCableType, ferruleStatusToNetbox, type CableCsvEnd, type NetboxCableRow, type TerminationType } from "../../interchange/netbox";
import { isFiberGrade } from "../../../domain";
import type { ServiceContext } from "../context";
import { cableRecords, type CableEnd, type CableRecord } from "./cable-records";
import { siteExportInput, type SiteExportInput } from "./schemas";
import { siteForExport, type SiteHead } from "./site-head";

/** The Ferrule cable type and splices, written in the comments so an import back gives the same cable. */
export const FERRULE_TYPE_NOTE = /\bFerrule type ([A-Za-z0-9][A-Za-z0-9._-]*)/;
export const FERRULE_SPLICES_NOTE = /\bsplices (\d+)/;

const termination = (e: CableEnd): TerminationType => (e.kind === "transceiver" ? "dcim.interface" : e.side === "rear" ? "dcim.rearport" : "dcim.frontport");

/** Why a cable cannot be a NetBox cable row, or undefined when it can. */
export function netboxSkipReason(c: CableRecord): string | undefined {
  if (c.a.length === 0 || c.b.length === 0) return "one end is not plugged in (NetBox needs both ends)";
  for (const [name, ends] of [["A", c.a], ["B", c.b]] as const) {
    if (new Set(ends.map((e) => e.device)).size > 1) return `the ${name} end is on several devices (NetBox terminates a cable end on one device)`;
    if (new Set(ends.map(termination)).size > 1) return `the ${name} end mixes interfaces, front and rear ports`;
  }
  return undefined;
}

/** A cable as a NetBox cable CSV row. */
export function netboxRow(site: SiteHead, c: CableRecord): NetboxCableRow {
  const end = (ends: readonly CableEnd[]): CableCsvEnd => ({ site: site.name, device: ends[0]!.device, type: termination(ends[0]!), names: ends.map((e) => e.port) });
  const note = [`Ferrule type ${c.typeId}`, ...(c.splices ? [`splices ${c.splices}`] : [])].join("; ");
  return {
    sideA: end(c.a),
    sideB: end(c.b),
    ...(c.fiber && isFiberGrade(c.fiber) ? { type: fiberToNetboxCableType(c.fiber) } : {}),
    status: ferruleStatusToNetbox(c.status),
    ...(c.label ? { label: c.label } : {}),
    ...(c.colour ? { color: c.colour } : {}),
    length: c.lengthM,
    lengthUnit: "m",
    lengthM: c.lengthM,
    comments: note,
    tags: [],
  };
}

/**
 * The site's cables as NetBox's bulk cable CSV (all twenty columns, CRLF). Devices and ports are
 * named as in Ferrule; cassette and panel ports are front or rear ports by the side the cable is
 * plugged into. A cable NetBox cannot hold (an end unplugged, or legs on several devices) is left
 * out; `skipped` counts them. A text a spreadsheet would run as a formula (a label or device name
 * starting with = + - @, a tab or a carriage return) is written with a leading apostrophe.
 */
export async function* exportNetboxCables(ctx: ServiceContext, input: SiteExportInput, skipped: { count: number; examples: string[] } = { count: 0, examples: [] }): AsyncGenerator<string> {
  const { siteId } = siteExportInput.parse(input);
  const site = await siteForExport(ctx, siteId);
  yield csvRecords([CABLE_CSV_COLUMNS]);
  for await (const page of cableRecords(ctx.db, site.id, site.code)) {
    const rows: string[][] = [];
    for (const c of page) {
      const why = netboxSkipReason(c);
      if (why) {
        skipped.count++;
        if (skipped.examples.length < 20) skipped.examples.push(`${c.label || c.id}: ${why}`);
        continue;
      }
      rows.push(cableRowFields(netboxRow(site, c)));
    }
    if (rows.length > 0) yield csvRecords(rows);
  }
}
