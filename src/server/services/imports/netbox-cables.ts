import { eq, sql } from "drizzle-orm";
import { familiesMate, getBuiltInType, isConnectorFamily, type CableType, type ComponentType, type ConnectorFamily, type FiberGrade } from "../../../domain";
import { requireRole } from "../../auth/actor";
import type { Db } from "../../db/client";
import { componentTypes } from "../../db/schema";
import { netboxCableTypeToFiber, netboxStatusToFerrule, readCableCsv, type CableCsvEnd, type NetboxCableRow } from "../../interchange/netbox";
import { recordAudit } from "../audit/record-audit";
import { loadTypes } from "../catalog/resolve-type";
import { beginBulkPlantChange } from "../connectivity/change";
import { lockSitePlant } from "../connectivity/site-lock";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { queryRows } from "../inventory/sql";
import { inTransaction } from "../tx";
import { FERRULE_SPLICES_NOTE, FERRULE_TYPE_NOTE } from "../exports/netbox-cables";
import { loadSiteHead, type SiteHead } from "../exports/site-head";
import { bulkInsert, pgArray } from "./bulk-insert";
import { forEachBreathing, pacer } from "./limits";
import { ProblemList, timedPhases, type ImportProblem, type ProgressListener } from "./problems";
import { netboxCableImportInput, type NetboxCableImportInput } from "./schemas";
import { uuidV7Sequence } from "./uuid-v7";

/** Longest label, device or port name read from a file. */
export const MAX_NAME = 200;

interface PortInfo {
  id: string;
  device: string;
  name: string;
  kind: "transceiver" | "adapter";
  family: ConnectorFamily | null;
  /** The side a cable plugs into on a cassette port (the other holds the cassette's own plug). */
  outer: "front" | "rear" | null;
  /** Fiber grade of the cassette the port belongs to. */
  grade: FiberGrade | null;
  /** A cage without a transceiver. */
  empty: boolean;
}

interface DeviceInfo {
  name: string;
  ports: Map<string, PortInfo>;
}

interface PendingCable {
  id: string;
  line: number;
  typeId: string;
  label: string;
  colour: string;
  lengthM: number;
  status: "planned" | "installed" | "decommissioned";
  splices: number;
}

interface PendingPlug {
  cableId: string;
  connector: string;
  portId: string;
  side: "front" | "rear";
  mismatch: boolean;
}

export interface NetboxImportResult {
  site: { id: string; name: string; code: string };
  /** Rows read, cables written (0 on a dry run), and how many rows were skipped (with their problems). */
  rows: number;
  cables: number;
  plugs: number;
  skipped: number;
  problems: ImportProblem[];
  channels: number;
  findings: number;
  dryRun: boolean;
}

/**
 * The ports of the named devices (lower case) by device and name (both lower case), with what
 * matching needs to know. Only the devices the file names are read, not the whole site.
 */
async function portIndex(
  db: Db,
  siteId: string,
  deviceNames: readonly string[],
  typeOf: (id: string) => Promise<ComponentType | undefined>,
  onBreath?: () => void,
): Promise<Map<string, DeviceInfo>> {
  const rows = await queryRows<{ id: string; name: string; kind: "transceiver" | "adapter"; family: string | null; module_port: string | null; module_type: string | null; device: string; xcvr_type: string | null }>(
    db,
    sql`select p.id, p.name, p.kind, p.family, p.module_port, m.type_id as module_type, d.name as device, x.type_id as xcvr_type
          from devices d join ports p on p.device_id = d.id
          left join modules m on m.id = p.module_id
          left join transceivers x on x.port_id = p.id
         where d.site_id = ${siteId} and lower(d.name) = any(${pgArray(deviceNames)}::text[])`,
  );
  const typeIds = new Set<string>();
  for (const r of rows) {
    if (r.xcvr_type) typeIds.add(r.xcvr_type);
    if (r.module_type) typeIds.add(r.module_type);
  }
  const types = new Map<string, ComponentType | undefined>();
  for (const id of typeIds) types.set(id, await typeOf(id));
  const devices = new Map<string, DeviceInfo>();
  // The ports of every device a campus file names (300,000 and more): a pass that would hold the
  // server's thread for a few hundred milliseconds, so it pauses as it goes.
  await forEachBreathing(
    rows,
    (r) => {
      let family: ConnectorFamily | null = r.family && isConnectorFamily(r.family) ? r.family : null;
      let outer: PortInfo["outer"] = null;
      let grade: FiberGrade | null = null;
      if (r.kind === "transceiver" && r.xcvr_type) {
        const t = types.get(r.xcvr_type);
        if (t?.kind === "transceiver") family = t.receptacle.family;
      }
      if (r.module_type && r.module_port) {
        const t = types.get(r.module_type);
        if (t?.kind === "module") {
          outer = t.ports.find((p) => p.name === r.module_port)?.role ?? null;
          grade = t.fiber;
        }
      }
      const key = r.device.toLowerCase();
      let d = devices.get(key);
      if (!d) devices.set(key, (d = { name: r.device, ports: new Map() }));
      d.ports.set(r.name.toLowerCase(), { id: r.id, device: r.device, name: r.name, kind: r.kind, family, outer, grade, empty: r.kind === "transceiver" && !r.xcvr_type });
    },
    onBreath,
  );
  return devices;
}

const DUPLEX_SLUG: Partial<Record<ConnectorFamily, string>> = { LC: "lc", SC: "sc", SN: "sn", MDC: "mdc", CS: "cs" };
const SIMPLEX_SLUG: Partial<Record<ConnectorFamily, string>> = { "LC-simplex": "lcsimplex", "SC-simplex": "scsimplex", ST: "st", FC: "fc" };
const MPO_SLUG: Partial<Record<ConnectorFamily, string>> = { "MPO-8": "mpo8", "MPO-12": "mpo12", "MPO-16": "mpo16", "MPO-24": "mpo24", "MPO-32": "mpo32" };

/**
 * The built-in cable type a row's ends and fiber grade call for, when they leave one choice: a
 * duplex A-to-B cord, a Type B female MPO cord, or an MPO to duplex harness (its MPO end first).
 */
export function inferCableType(a: readonly ConnectorFamily[], b: readonly ConnectorFamily[], grade: FiberGrade): { id: string; swap: boolean } | { reason: string } {
  const g = grade.toLowerCase();
  const one = (list: readonly ConnectorFamily[]) => (list.length === 1 ? list[0]! : undefined);
  const fa = one(a);
  const fb = one(b);
  const describe = (list: readonly ConnectorFamily[]) => (list.length === 1 ? list[0] : `${list.length} × ${[...new Set(list)].join("/")}`);
  if (fa && fb && fa === fb) {
    const id = DUPLEX_SLUG[fa] ? `${DUPLEX_SLUG[fa]}-ab-${g}` : MPO_SLUG[fa] ? `${MPO_SLUG[fa]}-typeB-ff-${g}` : SIMPLEX_SLUG[fa] ? `${SIMPLEX_SLUG[fa]}-${g}` : undefined;
    if (id && getBuiltInType(id)) return { id, swap: false };
  }
  // Two duplex families (an LC optic to an SC panel): a hybrid A-to-B cord.
  if (fa && fb && fa !== fb && DUPLEX_SLUG[fa] && DUPLEX_SLUG[fb]) {
    if (getBuiltInType(`${DUPLEX_SLUG[fa]}-${DUPLEX_SLUG[fb]}-ab-${g}`)) return { id: `${DUPLEX_SLUG[fa]}-${DUPLEX_SLUG[fb]}-ab-${g}`, swap: false };
    if (getBuiltInType(`${DUPLEX_SLUG[fb]}-${DUPLEX_SLUG[fa]}-ab-${g}`)) return { id: `${DUPLEX_SLUG[fb]}-${DUPLEX_SLUG[fa]}-ab-${g}`, swap: true };
  }
  const harness = (mpo: ConnectorFamily, legs: readonly ConnectorFamily[]) => {
    const leg = legs[0];
    if (!leg || legs.some((l) => l !== leg) || !DUPLEX_SLUG[leg] || !MPO_SLUG[mpo]) return undefined;
    const id = `harness-${MPO_SLUG[mpo]}-${legs.length}x${DUPLEX_SLUG[leg]}-f-${g}`;
    return getBuiltInType(id) ? id : undefined;
  };
  if (fa && b.length > 1) {
    const id = harness(fa, b);
    if (id) return { id, swap: false };
  }
  if (fb && a.length > 1) {
    const id = harness(fb, a);
    if (id) return { id, swap: true };
  }
  return { reason: `no built-in cable type joins ${describe(a)} to ${describe(b)}; name one in the comments as "Ferrule type <slug>"` };
}

/**
 * Imports NetBox's bulk cable CSV into a site, all or nothing. Devices and ports are matched by
 * name (`side_x_device`, `side_x_name`; interfaces are cages, front and rear ports are the sides of
 * panel and cassette adapters). Every row that cannot be matched is reported with its line and
 * column; unless `skipUnmatched`, any problem refuses the whole file and nothing is written. The
 * cables go in one transaction, in batches; then the channels through them are judged again (the
 * whole site, when the file touches many ports).
 *
 * The cable type is the one named in the comments ("Ferrule type lc-ab-om4", as Ferrule's export
 * writes it), else inferred from the connectors at the ends and the NetBox type's fiber grade.
 */
export async function importNetboxCables(
  ctx: ServiceContext,
  input: NetboxCableImportInput,
  file: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  reportProgress: ProgressListener = () => undefined,
): Promise<NetboxImportResult> {
  const opts = netboxCableImportInput.parse(input);
  const phases = timedPhases(reportProgress, "imported a NetBox cable CSV");
  const onProgress = phases.progress;
  requireRole(ctx.actor, "editor", opts.siteId);
  const site = await loadSiteHead(ctx.db, opts.siteId);
  if (!site) throw notFound("The site");

  const types = new Map<string, ComponentType | undefined>();
  const typeOf = async (id: string): Promise<ComponentType | undefined> => {
    if (types.has(id)) return types.get(id);
    let t: ComponentType | undefined = getBuiltInType(id);
    if (!t) {
      const [row] = await ctx.db.select({ definition: componentTypes.definition }).from(componentTypes).where(eq(componentTypes.id, id));
      t = (row?.definition as ComponentType | null) ?? undefined;
    }
    types.set(id, t);
    return t;
  };
  // Read: every row of the file, and the devices it names.
  const problems = new ProblemList();
  const read: { line: number; row: NetboxCableRow }[] = [];
  const named = new Set<string>();
  let badRows = 0;
  // Parsing a buffered upload resolves record after record without a pause: the loop lets the
  // event loop run every few tens of milliseconds (every 4,096 rows had held it 100–150 ms at a time).
  const readPace = pacer();
  for await (const item of readCableCsv(counted(file, onProgress))) {
    if (item.errors) {
      // Header problems (line 1) are not a row.
      if (item.line > 1 || item.errors.some((e) => e.column === undefined)) badRows++;
      for (const e of item.errors) problems.add({ line: e.line, ...(e.column ? { field: e.column } : {}), message: e.message });
      continue;
    }
    read.push({ line: item.line, row: item.row });
    for (const end of [item.row.sideA, item.row.sideB]) if (end.device.length <= MAX_NAME) named.add(end.device.toLowerCase());
    if ((read.length & 127) === 0 && readPace.due()) await readPace.pause();
  }
  const rows = read.length;

  // Match: the named devices' ports and what is plugged into them, then row by row.
  // Looking up the named devices' ports and their plugs is some statements of a few hundred
  // milliseconds at a campus (the longest silence of an import of 50,000 cables, 0.7 s): a line
  // after each, and while their rows are taken in.
  const lookingUp = () => onProgress({ phase: "checking", done: 0, total: rows, unit: "rows" });
  lookingUp();
  const devices = await portIndex(ctx.db, site.id, [...named], typeOf, lookingUp);
  named.clear();
  lookingUp();
  const taken = await occupied(ctx.db, site.id, [...devices.values()].flatMap((d) => [...d.ports.values()].map((p) => p.id)), lookingUp);
  lookingUp();
  const cables: PendingCable[] = [];
  const plugs: PendingPlug[] = [];
  const state: MatchState = { site, devices, typeOf, taken, cables, plugs, nextId: uuidV7Sequence(), known: types, inferred: new Map(), connectors: new Map() };
  let lastReport = performance.now();
  const matchPace = pacer();
  for (let i = 0; i < read.length; i++) {
    const { line, row } = read[i]!;
    const rowProblems = await matchRow(line, row, state);
    if (rowProblems.length > 0) {
      badRows++;
      for (const p of rowProblems) problems.add(p);
    }
    // The server answers others every few tens of milliseconds; progress goes out five times a second.
    if ((i & 127) === 127 && matchPace.due()) {
      if (performance.now() - lastReport >= 200) {
        onProgress({ phase: "checking", done: i + 1, total: rows, unit: "rows" });
        lastReport = performance.now();
      }
      await matchPace.pause();
    }
  }
  read.length = 0;
  // What matching alone needed (the named devices' ports, the plugged ones) is let go: it would
  // otherwise live through the writing and the judgement, and every full collection of the
  // server's heap in that time walks it (a 72 ms one seen with the loop held 129 ms).
  devices.clear();
  taken.clear();
  state.inferred.clear();
  state.connectors.clear();
  onProgress({ phase: "checking", done: rows, total: rows, unit: "rows" });
  // Problems of reading and of matching, in the file's order.
  problems.items.sort((a, b) => a.line - b.line);
  if (rows === 0 && problems.empty) problems.add({ line: 1, message: "the file has a header but no cables" });
  // A file that could not be read to its end (missing columns, not UTF-8) is never half imported.
  const unreadable = problems.items.some((p) => /required column|not UTF-8|UTF-8 character/.test(p.message));
  if (!problems.empty && (!opts.skipUnmatched || unreadable || cables.length === 0)) throw problems.refusal(`The cable CSV cannot be imported into ${site.code}`);

  const result: NetboxImportResult = {
    site: { id: site.id, name: site.name, code: site.code },
    rows: cables.length + badRows,
    cables: 0,
    plugs: 0,
    skipped: badRows,
    problems: problems.items,
    channels: 0,
    findings: 0,
    dryRun: opts.dryRun,
  };
  if (opts.dryRun) return { ...result, cables: cables.length, plugs: plugs.length };

  const total = cables.length + plugs.length;
  const writing = () => onProgress({ phase: "writing", done: 0, total, unit: "rows" });
  writing();
  // The ports the file plugs into, each once (100,000 for 50,000 cords: made with pauses, not in
  // one go, which with the lookup below held the server's thread 88 ms at a campus).
  const portIds: string[] = [];
  const seen = new Set<string>();
  await forEachBreathing(
    plugs,
    (p) => {
      if (seen.has(p.portId)) return;
      seen.add(p.portId);
      portIds.push(p.portId);
    },
    writing,
  );
  seen.clear();
  return inTransaction(ctx, async (tx) => {
    await lockSitePlant(tx.db, site.id);
    // Someone may have plugged something in since the file was checked.
    const now = await occupied(tx.db, site.id, portIds, writing);
    const clashes: ImportProblem[] = [];
    // Every plug of the file was free in the database when the file was checked (rows on taken
    // ports were refused then), so any holder now came meanwhile.
    const lineOf = now.size > 0 ? new Map(cables.map((c) => [c.id, c.line])) : undefined;
    if (lineOf)
      for (const p of plugs) {
        const holder = now.get(`${p.portId}:${p.side}`);
        if (holder !== undefined) clashes.push({ line: lineOf.get(p.cableId)!, message: `the ${p.side} of that port was taken by cable ${holder || "(unlabelled)"} while the file was being read` });
      }
    if (clashes.length > 0) {
      const list = new ProblemList();
      clashes.forEach((c) => list.add(c));
      throw list.refusal(`The cable CSV cannot be imported into ${site.code}`);
    }
    await loadTypes(tx.db, [...new Set(cables.map((c) => c.typeId))]);
    // Few new cables on a large site: only the channels through their ports are judged again.
    writing();
    const change = await beginBulkPlantChange(tx, site.id, portIds, {
      onProgress: (p) => onProgress({ phase: "judging", done: p.done, total: p.total, unit: "steps" }),
      onReading: writing,
      // This import writes cables and their plugs only: the rest of the plant may be read alongside.
      plantReader: { db: ctx.db, written: ["cables", "plugs"] },
    });
    await bulkInsert(
      tx.db,
      "cables",
      [
        { name: "id", type: "uuid[]", value: (c: PendingCable) => c.id },
        { name: "site_id", type: "uuid[]", value: () => site.id },
        { name: "type_id", type: "text[]", value: (c) => c.typeId },
        { name: "label", type: "text[]", value: (c) => c.label },
        { name: "colour", type: "text[]", value: (c) => c.colour },
        { name: "length_m", type: "float8[]", value: (c) => c.lengthM },
        { name: "status", type: "text[]", value: (c) => c.status },
        { name: "splices", type: "int4[]", value: (c) => c.splices },
      ],
      cables,
      10_000,
      (done) => onProgress({ phase: "writing", done, total, unit: "rows" }),
    );
    await bulkInsert(
      tx.db,
      "cable_plugs",
      [
        // Row ids in time order, as the cables' own: random ones would land all over the primary key's index.
        { name: "id", type: "uuid[]", value: () => state.nextId() },
        { name: "site_id", type: "uuid[]", value: () => site.id },
        { name: "cable_id", type: "uuid[]", value: (p: PendingPlug) => p.cableId },
        { name: "connector", type: "text[]", value: (p) => p.connector },
        { name: "port_id", type: "uuid[]", value: (p) => p.portId },
        { name: "side", type: "text[]", value: (p) => p.side },
        { name: "family_mismatch_confirmed", type: "bool[]", value: (p) => p.mismatch },
      ],
      plugs,
      10_000,
      (done) => onProgress({ phase: "writing", done: cables.length + done, total, unit: "rows" }),
    );
    // Written: the pending rows are let go before the judgement (see above).
    const written = { cables: cables.length, plugs: plugs.length };
    cables.length = 0;
    plugs.length = 0;
    lineOf?.clear();
    onProgress({ phase: "judging", done: 0, total: 1, unit: "steps" });
    const judged = await change.finish();
    phases.log();
    const out = { ...result, ...written, ...judged };
    await recordAudit(tx, {
      action: "cable.import",
      objectType: "site",
      objectId: site.id,
      siteId: site.id,
      after: { format: "netbox-cable-csv", cables: out.cables, plugs: out.plugs, skipped: out.skipped, channels: judged.channels, findings: judged.findings },
    });
    return out;
  });
}

/** Which sides of these ports hold a plug now, and the label of the cable in each. */
async function occupied(db: Db, siteId: string, portIds: readonly string[], onBreath?: () => void): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  // 10,000 ports a statement: the array's text for 50,000 took 28 ms of the server's thread at once.
  for (let i = 0; i < portIds.length; i += 10_000) {
    const rows = await queryRows<{ port_id: string; side: string; label: string }>(
      db,
      sql`select cp.port_id, cp.side, c.label from cable_plugs cp join cables c on c.id = cp.cable_id
           where cp.site_id = ${siteId} and cp.port_id = any(${pgArray(portIds.slice(i, i + 10_000))}::uuid[])`,
    );
    await forEachBreathing(rows, (r) => out.set(`${r.port_id}:${r.side}`, r.label), onBreath);
    onBreath?.();
  }
  return out;
}

/** Passes the file's chunks on, reporting bytes read. */
async function* counted(file: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, onProgress: ProgressListener): AsyncGenerator<string | Uint8Array> {
  let bytes = 0;
  let reported = 0;
  for await (const chunk of file) {
    bytes += typeof chunk === "string" ? chunk.length : chunk.byteLength;
    if (bytes - reported >= 256 * 1024) {
      reported = bytes;
      onProgress({ phase: "reading", done: bytes, unit: "bytes" });
    }
    yield chunk;
  }
  onProgress({ phase: "reading", done: bytes, unit: "bytes" });
}

interface MatchState {
  site: SiteHead;
  devices: Map<string, DeviceInfo>;
  typeOf(id: string): Promise<ComponentType | undefined>;
  /** Port sides holding a plug: in the database, or taken by an earlier row ("line 12"). */
  taken: Map<string, string>;
  cables: PendingCable[];
  plugs: PendingPlug[];
  /** Ids in ascending order (time first, as UUID version 7), so batches append to the indexes. */
  nextId(): string;
  /** Caches: types already looked up, inferences by ends and grade, connectors by end. */
  known: Map<string, ComponentType | undefined>;
  inferred: Map<string, ReturnType<typeof inferCableType>>;
  connectors: Map<string, { a: CableType["connectors"][number][]; b: CableType["connectors"][number][] }>;
}

/** Matches one row; on success adds its cable and plugs to the state, else returns its problems. */
async function matchRow(line: number, row: NetboxCableRow, st: MatchState): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  const at = (field: string, message: string) => problems.push({ line, field, message });
  const site = st.site;

  const resolveEnd = (side: "a" | "b", end: CableCsvEnd) => {
    const col = (c: string) => `side_${side}_${c}`;
    if (end.site !== undefined && end.site.toLowerCase() !== site.name.toLowerCase() && end.site.toLowerCase() !== site.code.toLowerCase())
      at(col("site"), `site "${end.site}" is not this site (${site.code}, "${site.name}")`);
    if (end.device.length > MAX_NAME) {
      at(col("device"), `the device name is ${end.device.length} characters long; at most ${MAX_NAME}`);
      return undefined;
    }
    const device = st.devices.get(end.device.toLowerCase());
    if (!device) {
      at(col("device"), `device "${end.device}" is not in site ${site.code}`);
      return undefined;
    }
    const out: { port: PortInfo; side: "front" | "rear" }[] = [];
    for (const name of end.names) {
      if (name.length > MAX_NAME) {
        at(col("name"), `a port name is ${name.length} characters long; at most ${MAX_NAME}`);
        continue;
      }
      const port = device.ports.get(name.toLowerCase());
      if (!port) {
        at(col("name"), `device ${device.name} has no port "${name}"`);
        continue;
      }
      const what = `${device.name}:${port.name}`;
      if (end.type === "dcim.interface") {
        if (port.kind !== "transceiver") at(col("type"), `${what} is a panel or cassette port, not an interface; use dcim.frontport or dcim.rearport`);
        else out.push({ port, side: "front" });
        continue;
      }
      if (port.kind === "transceiver") {
        at(col("type"), `${what} is an interface (a transceiver cage); use dcim.interface`);
        continue;
      }
      const side = end.type === "dcim.rearport" ? "rear" : "front";
      if (port.outer !== null && port.outer !== side)
        at(col("type"), `${what} is a cassette's ${port.outer} port: its ${side} side holds the cassette's own plug; use ${port.outer === "rear" ? "dcim.rearport" : "dcim.frontport"}`);
      else out.push({ port, side });
    }
    return out.length === end.names.length ? out : undefined;
  };

  const a = resolveEnd("a", row.sideA);
  const b = resolveEnd("b", row.sideB);
  if (row.label !== undefined && row.label.length > MAX_NAME) at("label", `the label is ${row.label.length} characters long; at most ${MAX_NAME}`);
  if (row.lengthM === undefined) at("length", "Ferrule needs each cable's length (with length_unit) to judge loss and reach");
  else if (row.lengthM > 100_000) at("length", `${row.length} ${row.lengthUnit} is over 100 km`);
  if (!a || !b) return problems;

  // Two connectors in one port side: against the database, an earlier row, or this row.
  for (const [side, ends] of [["a", a], ["b", b]] as const) {
    for (const e of ends) {
      const key = `${e.port.id}:${e.side}`;
      const holder = st.taken.get(key);
      if (holder !== undefined) at(`side_${side}_name`, `the ${e.side} of ${e.port.device}:${e.port.name} already holds ${holder.startsWith("line ") ? `the cable of ${holder}` : `cable ${holder || "(unlabelled)"}`}`);
    }
  }
  const keys = [...a, ...b].map((e) => `${e.port.id}:${e.side}`);
  if (new Set(keys).size !== keys.length) at("side_b_name", "the row plugs two connectors into the same port side");

  // The cable type: named in the comments, or inferred from the ends and the fiber grade.
  let type: CableType | undefined;
  let swap = false;
  const named = row.comments ? FERRULE_TYPE_NOTE.exec(row.comments)?.[1] : undefined;
  if (named) {
    const t = st.known.get(named) ?? (await st.typeOf(named));
    if (!t) at("comments", `there is no cable type "${named}" in the catalog`);
    else if (t.kind !== "cable") at("comments", `"${named}" is a ${t.kind} type, not a cable type`);
    else type = t;
  } else {
    const fiber = row.type !== undefined ? netboxCableTypeToFiber(row.type) : undefined;
    const grade = fiber?.grade ?? a.concat(b).map((e) => e.port.grade).find((g): g is FiberGrade => g !== null);
    if (row.type !== undefined && !fiber) at("type", `"${row.type}" is not a fiber cable type (mmf-om3, mmf-om4, smf-os2 …)`);
    else if (!grade) at("type", row.type ? `"${row.type}" gives no fiber grade; write mmf-om4, smf-os2 … or name the Ferrule type in the comments` : "no cable type: write mmf-om4, smf-os2 … or name the Ferrule type in the comments");
    else {
      // A cord into an empty cage (the optic not yet recorded) ends in the connector of its other
      // end: an LC cord from an LC panel port, an MPO cord from an MPO one.
      const mirrored = (ends: typeof a, other: typeof a) => (ends.length === 1 && other.length === 1 && ends[0]!.port.empty ? other[0]!.port.family : null);
      const families = (side: "a" | "b", ends: typeof a, other: typeof a) =>
        ends.map((e) => {
          const family = e.port.family ?? mirrored(ends, other);
          if (family) return family;
          at(`side_${side}_name`, `${e.port.device}:${e.port.name} ${e.port.empty ? "holds no transceiver" : "has no connector family"}, so the cable's connector cannot be told; name the Ferrule type in the comments`);
          return undefined;
        });
      const fa = families("a", a, b);
      const fb = families("b", b, a);
      if (fa.every(Boolean) && fb.every(Boolean)) {
        const key = `${fa.join(",")}|${fb.join(",")}|${grade}`;
        let inferred = st.inferred.get(key);
        if (!inferred) st.inferred.set(key, (inferred = inferCableType(fa as ConnectorFamily[], fb as ConnectorFamily[], grade)));
        if ("reason" in inferred) at("type", inferred.reason);
        else {
          type = (st.known.get(inferred.id) ?? (await st.typeOf(inferred.id))) as CableType;
          swap = inferred.swap;
        }
      }
    }
  }
  if (!type) return problems;
  const [ends1, ends2] = swap ? [b, a] : [a, b];
  let ends = st.connectors.get(type.id);
  if (!ends) {
    const connectors = (end: "a" | "b") =>
      type!.connectors.filter((c) => c.end === end).sort((x, y) => (x.leg ?? 0) - (y.leg ?? 0) || x.id.localeCompare(y.id, "en", { numeric: true }));
    st.connectors.set(type.id, (ends = { a: connectors("a"), b: connectors("b") }));
  }
  const ca = ends.a;
  const cb = ends.b;
  if (ca.length !== ends1.length) at(`side_${swap ? "b" : "a"}_name`, `cable type ${type.id} has ${ca.length} connector(s) at its A end; the row names ${ends1.length} port(s)`);
  if (cb.length !== ends2.length) at(`side_${swap ? "a" : "b"}_name`, `cable type ${type.id} has ${cb.length} connector(s) at its B end; the row names ${ends2.length} port(s)`);
  if (problems.length > 0) return problems;

  const id = st.nextId();
  const spliceNote = row.comments ? FERRULE_SPLICES_NOTE.exec(row.comments)?.[1] : undefined;
  const splices = spliceNote ? Math.min(100, Number(spliceNote)) : 0;
  st.cables.push({ id, line, typeId: type.id, label: row.label ?? "", colour: row.color ?? "", lengthM: row.lengthM!, status: netboxStatusToFerrule(row.status), splices });
  const plug = (c: CableType["connectors"][number], e: { port: PortInfo; side: "front" | "rear" }) => {
    st.taken.set(`${e.port.id}:${e.side}`, `line ${line}`);
    st.plugs.push({ cableId: id, connector: c.id, portId: e.port.id, side: e.side, mismatch: e.port.family !== null && !familiesMate(e.port.family, c.family) });
  };
  ca.forEach((c, i) => plug(c, ends1[i]!));
  cb.forEach((c, i) => plug(c, ends2[i]!));
  return [];
}

