import { cableKindOf, familiesMate, type CableType, type ConnectorFamily } from "../../../domain";
import { expandPortNames } from "../devices/port-names";
import { fieldChangedType } from "./field-change";
import type { OperationRead, StoredOperation } from "./operations";
import { labeller, typeOf, type PlanState } from "./plan-state";

/** What one operation does to the site, found by applying it. */
export interface OperationOutcome {
  /** Index in the list given to applyOperations. */
  index: number;
  /** Field → message; an operation with problems is not applied. */
  problems: Record<string, string>;
  reads: OperationRead[];
  /** Ports plugged, unplugged, emptied or filled (the conflict check between plans). */
  ports: string[];
  /** The cable installed, removed or changed. */
  cableId: string | null;
  /** Slots ("port@side") freed and taken, objects needed and created, ports it needs emptied: the work order's ordering. */
  frees: string[];
  takes: string[];
  needs: string[];
  creates: string[];
  clears: string[];
  /** The step as a technician reads it. */
  text: string;
  /** TIA-606 labels of the ports the step works on, and the cable's link label (near end first). */
  tia: string[];
  link: string | null;
  cableKind: string | null;
}

export interface AppliedPlan {
  state: PlanState;
  outcomes: OperationOutcome[];
}

/**
 * Phases: operations are applied in this order whatever order they were written in (then in plan
 * order within a phase), so a plan reads as a set of changes: removals and unplugging first, then
 * changes of type, then what is installed. A move unplugs in phase 2 and plugs in phase 11; a
 * transceiver move takes it out in phase 3 and puts it in in phase 10.
 */
export const PHASE = {
  "cable.remove": [1],
  "cable.move": [2, 11],
  "transceiver.remove": [3],
  "transceiver.move": [3, 10],
  "module.remove": [4],
  "device.remove": [5],
  "device.move": [6],
  "module.move": [6],
  "cable.retype": [7],
  "cable.field": [7],
  "device.add": [8],
  "module.add": [9],
  "transceiver.add": [10],
  "cable.add": [12],
} as const satisfies Record<StoredOperation["kind"], readonly number[]>;

/** A stable uuid-shaped id for a port of a planned device or module (owner's planned id + port name). */
export function plannedPortId(ownerId: string, name: string): string {
  const words: string[] = [];
  for (let seed = 0; seed < 4; seed++) {
    let h = (0x811c9dc5 ^ (seed * 0x9e3779b1)) >>> 0;
    const s = `${ownerId}|${name.toLowerCase()}`;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    words.push(h.toString(16).padStart(8, "0"));
  }
  const hex = words.join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const slot = (portId: string, side: string) => `${portId}@${side}`;
const KIND_WORD: Record<string, string> = { "patch-cord": "cord", trunk: "trunk", harness: "harness", conversion: "conversion cord" };

/**
 * Applies a plan's operations to a copy of the site, in memory: checks each one against the site as
 * the earlier ones leave it (the same checks the inventory services make: types exist and are of the
 * right kind, ports exist, a side of a port holds one connector, a cage has a transceiver before a
 * cord goes in, a cassette port takes cables on its outer side only, an MTP end may be re-pinned),
 * records the live objects it reads with their versions, and describes it as a work-order step.
 */
export function applyOperations(base: PlanState, ops: readonly StoredOperation[]): AppliedPlan {
  const s: PlanState = {
    ...base,
    devices: [...base.devices],
    bays: [...base.bays],
    modules: [...base.modules],
    ports: [...base.ports],
    transceivers: [...base.transceivers],
    cables: [...base.cables],
    plugs: [...base.plugs],
  };
  const liveIds = new Set<string>([...base.devices, ...base.modules, ...base.ports, ...base.transceivers, ...base.cables].map((x) => x.id));
  const creator = new Map<string, number>();
  const outcomes: OperationOutcome[] = ops.map((op, index) => ({
    index,
    problems: {},
    reads: [],
    ports: [],
    cableId: null,
    frees: [],
    takes: [],
    needs: [],
    creates: [],
    clears: [],
    text: "",
    tia: [],
    link: null,
    cableKind: null,
  }));
  const parts: { phase: number; index: number; part: number }[] = [];
  ops.forEach((op, index) => PHASE[op.kind].forEach((phase, part) => parts.push({ phase, index, part })));
  parts.sort((a, b) => a.phase - b.phase || a.index - b.index || a.part - b.part);

  // Labels index the whole site: built again only when an operation added, removed or replaced rows.
  let labels: { key: unknown[]; L: ReturnType<typeof labeller> } | null = null;
  const L = () => {
    const key = [s.devices, s.devices.length, s.ports, s.ports.length, s.racks, s.racks.length, s.cables, s.cables.length];
    if (!labels || labels.key.some((k, i) => k !== key[i])) labels = { key, L: labeller(s) };
    return labels.L;
  };
  const failed = new Set<number>();
  const aside = new Map<number, PlanState["transceivers"][number]>();

  for (const { index, part } of parts) {
    if (failed.has(index)) continue;
    const op = ops[index]!;
    const out = outcomes[index]!;
    const problem = (field: string, message: string) => {
      out.problems[field] ??= message;
      failed.add(index);
    };
    const read = (type: OperationRead["type"], row: { id: string; version: number }, label: string) => {
      if (liveIds.has(row.id)) {
        if (!out.reads.some((r) => r.type === type && r.id === row.id)) out.reads.push({ type, id: row.id, version: row.version, label });
      } else if (creator.has(row.id) && creator.get(row.id) !== index) out.needs.push(row.id);
    };
    const touch = (...ports: string[]) => {
      for (const p of ports) if (!out.ports.includes(p)) out.ports.push(p);
    };
    const plannedBy = (id: string) => {
      const by = creator.get(id);
      return by !== undefined ? `it is installed by operation ${by + 1} of this plan: edit that operation instead` : null;
    };
    /** Takes a live transceiver out of its cage (a removal, or the first half of a move); undefined when refused. */
    const takeOutTransceiver = (transceiverId: string, verb: "Move" | "Remove") => {
      const x = s.transceivers.find((t) => t.id === transceiverId);
      if (!x) {
        problem("transceiverId", "This transceiver is not in the site (it may have been removed, here or by an earlier operation).");
        return undefined;
      }
      const planned = plannedBy(x.id);
      if (planned) {
        problem("transceiverId", `This transceiver: ${planned}.`);
        return undefined;
      }
      if (s.plugs.some((p) => p.portId === x.portId)) {
        problem("transceiverId", `A cord is still plugged into ${L().portLabel(x.portId)}: remove or move it in this plan first.`);
        return undefined;
      }
      read("transceiver", x, `transceiver in ${L().portLabel(x.portId)}`);
      touch(x.portId);
      out.clears.push(x.portId);
      // The cage is free for another optic once this one is out (an optic swapped: out, then in).
      out.frees.push(slot(x.portId, "cage"));
      out.tia.push(L().portTia(x.portId) ?? L().portLabel(x.portId));
      out.text = `${verb} transceiver ${x.typeId} from ${L().portLabel(x.portId)}`;
      s.transceivers = s.transceivers.filter((t) => t.id !== x.id);
      return x;
    };
    const cableOf = (field: string, cableId: string) => {
      const c = s.cables.find((x) => x.id === cableId && x.status !== "decommissioned");
      if (!c) {
        problem(field, "This cable is not in the site (it may have been removed, here or by an earlier operation).");
        return null;
      }
      const planned = plannedBy(cableId);
      if (planned) {
        problem(field, `Cable ${L().cableLabel(cableId)}: ${planned}.`);
        return null;
      }
      out.cableId = c.id;
      out.cableKind = kindOf(c.id, c.typeId);
      read("cable", c, L().cableLabel(c.id));
      return c;
    };
    const plugsOf = (cableId: string) => s.plugs.filter((p) => p.cableId === cableId);
    /** A cord or a trunk: the type's kind, a single-leg MPO cable between panel rears being a trunk. */
    const kindOf = (cableId: string, typeId: string) => {
      const t = typeOf(s, typeId);
      if (t?.kind !== "cable") return null;
      return cableKindOf(t.cableKind, plugsOf(cableId).map((p) => ({ side: p.side, kind: s.ports.find((q) => q.id === p.portId)?.kind })));
    };
    const cableWord = (cableId: string, typeId: string) => KIND_WORD[kindOf(cableId, typeId) ?? ""] ?? "cable";
    const linkOf = (cableId: string) => {
      const ends = plugsOf(cableId)
        .slice()
        .sort((a, b) => a.connector.localeCompare(b.connector, "en", { numeric: true }));
      const near = ends.find((e) => e.connector.startsWith("a"));
      const far = ends.find((e) => e.connector.startsWith("b"));
      const tias = [near, far].filter((e) => e !== undefined).map((e) => L().portTia(e.portId) ?? L().portLabel(e.portId));
      return tias.length ? tias.join("/") : null;
    };
    const endsText = (cableId: string) =>
      plugsOf(cableId)
        .slice()
        .sort((a, b) => a.connector.localeCompare(b.connector, "en", { numeric: true }))
        .map((p) => `${L().portLabel(p.portId)}${p.side === "rear" ? " (rear)" : ""}`);

    /** Checks and settles where a connector goes (resolveEnds' rules). */
    const placeEnd = (type: CableType, end: { connector: string; portId: string; side?: "front" | "rear" | undefined }, field: (name: string) => string, cableId: string) => {
      const connector = type.connectors.find((c) => c.id === end.connector);
      if (!connector) return problem(field("connector"), `Cable type ${type.id} has no connector "${end.connector}" (it has ${type.connectors.map((c) => c.id).join(", ")}).`);
      const port = s.ports.find((p) => p.id === end.portId);
      if (!port) return problem(field("portId"), "This port is not in the site (it may have been removed, here or by an earlier operation).");
      const label = L().portLabel(port.id);
      let outer: "front" | "rear" | null = null;
      if (port.moduleId) {
        const m = s.modules.find((x) => x.id === port.moduleId);
        const mt = m?.typeId ? typeOf(s, m.typeId) : undefined;
        if (mt?.kind === "module") outer = mt.ports.find((p) => p.name === port.modulePort)?.role ?? null;
      }
      const side = end.side ?? outer ?? "front";
      if (port.kind === "transceiver" && side === "rear") return problem(field("side"), `${label} is a cage: a cord plugs into its front only.`);
      if (outer && side !== outer) return problem(field("side"), `The ${side} of ${label} holds the cassette's own internal plug; plug into its ${outer}.`);
      const held = s.plugs.find((p) => p.portId === port.id && p.side === side && !(p.cableId === cableId && p.connector === connector.id));
      if (held) return problem(field("portId"), `The ${side} of ${label} already holds cable ${L().cableLabel(held.cableId)} (${held.connector}).`);
      let family: string | null = port.family;
      if (port.kind === "transceiver") {
        const x = s.transceivers.find((t) => t.portId === port.id);
        if (!x) return problem(field("portId"), `${label} has no transceiver: insert one (in this plan or live) before plugging a cord into it.`);
        if (creator.has(x.id)) out.needs.push(x.id);
        const xt = typeOf(s, x.typeId);
        family = xt?.kind === "transceiver" ? xt.receptacle.family : null;
      }
      if (family !== null && !familiesMate(family as ConnectorFamily, connector.family)) {
        return problem(field("portId"), `Connector ${connector.id} is ${connector.family} and ${label} takes ${family}: they do not mate.`);
      }
      read("port", port, label);
      if (creator.has(port.id)) out.needs.push(port.id);
      touch(port.id);
      out.takes.push(slot(port.id, side));
      return { connector: connector.id, portId: port.id, side };
    };

    switch (op.kind) {
      case "cable.add": {
        const type = typeOf(s, op.typeId);
        if (!type) {
          problem("typeId", `There is no cable type "${op.typeId}" in the catalog.`);
          break;
        }
        if (type.kind !== "cable") {
          problem("typeId", `"${op.typeId}" is a ${type.kind} type, not a cable type.`);
          break;
        }
        const id = op.newId!;
        const used = new Set<string>();
        const placed: { connector: string; portId: string; side: "front" | "rear" }[] = [];
        op.ends.forEach((e, i) => {
          if (used.has(e.connector)) return problem(`ends.${i}.connector`, `Connector ${e.connector} is already placed by another end.`);
          used.add(e.connector);
          const r = placeEnd(type, e, (n) => `ends.${i}.${n}`, id);
          if (r && placed.some((p) => p.portId === r.portId && p.side === r.side)) return problem(`ends.${i}.portId`, "Two ends of this cable go into the same side of one port.");
          if (r) placed.push(r);
        });
        if (failed.has(index)) break;
        const label = op.label || "";
        s.cables.push({ id, typeId: type.id, lengthM: op.lengthM, label, splices: op.splices, status: "planned", version: 1, planned: true });
        for (const p of placed) s.plugs.push({ cableId: id, ...p });
        creator.set(id, index);
        out.creates.push(id);
        out.cableId = id;
        out.cableKind = kindOf(id, type.id);
        out.link = linkOf(id);
        out.tia = placed.map((p) => L().portTia(p.portId) ?? L().portLabel(p.portId));
        const where = endsText(id);
        out.text = `Install ${cableWord(id, type.id)} ${label || "(new)"} (${type.id}, ${op.lengthM} m) ${where.length === 2 ? `between ${where[0]} and ${where[1]}` : where.length ? `into ${where.join(", ")}` : "(not plugged in)"}`;
        break;
      }
      case "cable.remove": {
        const c = cableOf("cableId", op.cableId);
        if (!c) break;
        const ends = plugsOf(c.id);
        out.link = linkOf(c.id);
        out.tia = ends.map((p) => L().portTia(p.portId) ?? L().portLabel(p.portId));
        const where = endsText(c.id);
        out.text = `Remove ${cableWord(c.id, c.typeId)} ${L().cableLabel(c.id)}${where.length ? ` from ${where.join(" and ")}` : ""}`;
        touch(...ends.map((p) => p.portId));
        out.frees.push(...ends.map((p) => slot(p.portId, p.side)));
        s.plugs = s.plugs.filter((p) => p.cableId !== c.id);
        s.cables = s.cables.map((x) => (x.id === c.id ? { ...x, status: "decommissioned" } : x));
        break;
      }
      case "cable.move": {
        if (part === 0) {
          const c = cableOf("cableId", op.cableId);
          if (!c) break;
          const type = typeOf(s, c.typeId);
          if (type?.kind !== "cable" || !type.connectors.some((x) => x.id === op.connector)) {
            problem("connector", `Cable ${L().cableLabel(c.id)} has no connector "${op.connector}".`);
            break;
          }
          const was = s.plugs.find((p) => p.cableId === c.id && p.connector === op.connector);
          out.text = `Move ${cableWord(c.id, c.typeId)} ${L().cableLabel(c.id)} connector ${op.connector}${was ? ` out of ${L().portLabel(was.portId)}${was.side === "rear" ? " (rear)" : ""}` : ""}`;
          if (was) {
            touch(was.portId);
            out.frees.push(slot(was.portId, was.side));
            out.tia.push(L().portTia(was.portId) ?? L().portLabel(was.portId));
            s.plugs = s.plugs.filter((p) => p !== was);
          } else if (op.portId === null) problem("connector", `Connector ${op.connector} of cable ${L().cableLabel(c.id)} is not plugged in.`);
        } else {
          const c = s.cables.find((x) => x.id === op.cableId)!;
          if (op.portId === null) {
            out.text = out.text.replace(/^Move/, "Unplug");
            out.link = linkOf(c.id);
            break;
          }
          const type = typeOf(s, c.typeId) as CableType;
          const r = placeEnd(type, { connector: op.connector, portId: op.portId, side: op.side }, (n) => n, c.id);
          if (!r) break;
          s.plugs.push({ cableId: c.id, ...r });
          out.text += ` into ${L().portLabel(r.portId)}${r.side === "rear" ? " (rear)" : ""}`;
          out.tia.push(L().portTia(r.portId) ?? L().portLabel(r.portId));
          out.link = linkOf(c.id);
        }
        break;
      }
      case "cable.retype":
      case "cable.field": {
        const c = cableOf("cableId", op.cableId);
        if (!c) break;
        const type = typeOf(s, c.typeId);
        if (type?.kind !== "cable") {
          problem("cableId", `Cable ${L().cableLabel(c.id)} has an unknown type ${c.typeId}.`);
          break;
        }
        let next: string;
        let swap = false;
        if (op.kind === "cable.field") {
          const r = fieldChangedType(type, op.end, op.change);
          if (!r.ok) {
            problem("end", r.reason);
            break;
          }
          next = r.typeId;
          swap = r.swapEnds;
        } else {
          const t = typeOf(s, op.typeId);
          if (!t) {
            problem("typeId", `There is no cable type "${op.typeId}" in the catalog.`);
            break;
          }
          if (t.kind !== "cable") {
            problem("typeId", `"${op.typeId}" is a ${t.kind} type, not a cable type.`);
            break;
          }
          next = t.id;
        }
        const nextType = typeOf(s, next) as CableType;
        const ends = plugsOf(c.id).map((p) => (swap ? { ...p, connector: p.connector.replace(/^[ab]/, (e) => (e === "a" ? "b" : "a")) } : p));
        const missing = ends.filter((e) => !nextType.connectors.some((x) => x.id === e.connector));
        if (missing.length) {
          problem(op.kind === "cable.field" ? "end" : "typeId", `Type ${next} has no connector ${missing.map((e) => e.connector).join(", ")}, which is plugged in now.`);
          break;
        }
        for (const e of ends) {
          const port = s.ports.find((p) => p.id === e.portId);
          let family = port?.family ?? null;
          if (port?.kind === "transceiver") {
            const x = s.transceivers.find((t) => t.portId === port.id);
            const xt = x ? typeOf(s, x.typeId) : undefined;
            family = xt?.kind === "transceiver" ? xt.receptacle.family : null;
          }
          const conn = nextType.connectors.find((x) => x.id === e.connector)!;
          if (family && !familiesMate(family as ConnectorFamily, conn.family)) {
            problem(op.kind === "cable.field" ? "end" : "typeId", `Connector ${conn.id} of ${next} is ${conn.family} and ${L().portLabel(e.portId)} takes ${family}.`);
          }
        }
        if (failed.has(index)) break;
        touch(...ends.map((p) => p.portId));
        out.link = linkOf(c.id);
        out.tia = ends.map((p) => L().portTia(p.portId) ?? L().portLabel(p.portId));
        if (op.kind === "cable.field") {
          const endConn = type.connectors.filter((x) => x.end === op.end).map((x) => x.id);
          const where = plugsOf(c.id).filter((p) => endConn.includes(p.connector)).map((p) => L().portLabel(p.portId));
          const conn = type.connectors.find((x) => x.end === op.end)!;
          const what = op.change === "gender" ? (conn.gender === "male" ? "remove the guide pins (pinned to unpinned)" : "insert guide pins (unpinned to pinned)") : "turn the key (changes the polarity type)";
          out.text = `Re-${op.change === "gender" ? "pin" : "key"} ${cableWord(c.id, c.typeId)} ${L().cableLabel(c.id)} end ${op.end.toUpperCase()}${where.length ? ` at ${where.join(", ")}` : ""}: unplug it, ${what}, plug it back; it becomes ${next}${swap ? " (its ends now read B to A)" : ""}`;
        } else {
          out.text = `Replace ${cableWord(c.id, c.typeId)} ${L().cableLabel(c.id)} (${c.typeId}) with a ${cableWord(c.id, next)} of type ${next}${ends.length ? ` in ${endsText(c.id).join(" and ")}` : ""}`;
        }
        s.cables = s.cables.map((x) => (x.id === c.id ? { ...x, typeId: next } : x));
        if (swap) s.plugs = [...s.plugs.filter((p) => p.cableId !== c.id), ...ends];
        break;
      }
      case "transceiver.add":
      case "transceiver.move": {
        let serial = "";
        let typeId = "";
        let xId = "";
        let xVersion = 1;
        if (op.kind === "transceiver.move" && part === 0) {
          const x = takeOutTransceiver(op.transceiverId, "Move");
          if (x) aside.set(index, x);
          break;
        }
        if (op.kind === "transceiver.move") {
          const x = aside.get(index)!;
          serial = x.serial;
          typeId = x.typeId;
          xId = x.id;
          xVersion = x.version;
        } else {
          const t = typeOf(s, op.typeId);
          if (!t) {
            problem("typeId", `There is no transceiver type "${op.typeId}" in the catalog.`);
            break;
          }
          if (t.kind !== "transceiver") {
            problem("typeId", `"${op.typeId}" is a ${t.kind} type, not a transceiver type.`);
            break;
          }
          serial = op.serial;
          typeId = t.id;
          xId = op.newId!;
        }
        const port = s.ports.find((p) => p.id === op.portId);
        if (!port) {
          problem("portId", "This port is not in the site (it may have been removed, here or by an earlier operation).");
          break;
        }
        if (port.kind !== "transceiver") {
          problem("portId", `Port ${L().portLabel(port.id)} is an adapter, not a cage: transceivers go into switch and server cages.`);
          break;
        }
        if (s.transceivers.some((t) => t.portId === port.id)) {
          problem("portId", `${L().portLabel(port.id)} already holds a transceiver: remove it in this plan first.`);
          break;
        }
        read("port", port, L().portLabel(port.id));
        if (creator.has(port.id)) out.needs.push(port.id);
        touch(port.id);
        s.transceivers.push({ id: xId, portId: port.id, typeId, version: xVersion, serial, ...(op.kind === "transceiver.add" ? { planned: true as const } : {}) });
        creator.set(xId, index);
        out.creates.push(xId);
        out.takes.push(slot(port.id, "cage"));
        out.tia.push(L().portTia(port.id) ?? L().portLabel(port.id));
        out.text = op.kind === "transceiver.move" ? `${out.text} to ${L().portLabel(port.id)}` : `Insert transceiver ${typeId}${serial ? ` (serial ${serial})` : ""} into ${L().portLabel(port.id)}`;
        break;
      }
      case "transceiver.remove":
        takeOutTransceiver(op.transceiverId, "Remove");
        break;
      case "module.add": {
        const d = s.devices.find((x) => x.id === op.deviceId);
        if (!d) {
          problem("deviceId", "This device is not in the site (it may have been removed, here or by an earlier operation).");
          break;
        }
        const bay = s.bays.find((b) => b.deviceId === d.id && b.name.toLowerCase() === op.bay.toLowerCase());
        if (!bay) {
          const names = s.bays.filter((b) => b.deviceId === d.id).map((b) => b.name);
          problem("bay", names.length ? `${d.name} has no bay "${op.bay}" (bays: ${names.join(", ")}).` : `${d.name} has no module bays.`);
          break;
        }
        if (s.modules.some((m) => m.deviceId === d.id && m.bay.toLowerCase() === bay.name.toLowerCase())) {
          problem("bay", `Bay ${bay.name} of ${d.name} already holds a module.`);
          break;
        }
        let names: { name: string; family: ConnectorFamily; key: "A" | "B"; modulePort: string | null }[];
        if (op.moduleKind === "cassette") {
          const t = typeOf(s, op.typeId ?? "");
          if (!t || t.kind !== "module") {
            problem("typeId", t ? `"${op.typeId}" is a ${t.kind} type, not a cassette type.` : `There is no cassette type "${op.typeId}" in the catalog.`);
            break;
          }
          names = t.ports.map((mp) => ({ name: `${bay.name}/${mp.name}`, family: mp.family, key: mp.key, modulePort: mp.name }));
        } else {
          names = Array.from({ length: op.count ?? 0 }, (_, i) => ({ name: `${bay.name}/${i + 1}`, family: op.family!, key: op.keyType!, modulePort: null }));
        }
        const clash = names.find((n) => s.ports.some((p) => p.deviceId === d.id && p.name.toLowerCase() === n.name.toLowerCase()));
        if (clash) {
          problem("bay", `${d.name} already has a port named ${clash.name}.`);
          break;
        }
        read("device", d, d.name);
        const id = op.newId!;
        s.modules.push({ id, deviceId: d.id, bay: bay.name, kind: op.moduleKind, typeId: op.moduleKind === "cassette" ? op.typeId! : null, version: 1, label: op.label, planned: true });
        for (const n of names) {
          const pid = plannedPortId(id, n.name);
          s.ports.push({ id: pid, deviceId: d.id, moduleId: id, name: n.name, kind: "adapter", family: n.family, keyType: n.key, cage: null, modulePort: n.modulePort, version: 1, planned: true });
          out.creates.push(pid);
          creator.set(pid, index);
        }
        creator.set(id, index);
        out.creates.push(id);
        out.tia.push(`${L().portTia(plannedPortId(id, names[0]?.name ?? "")) ?? d.name}`.replace(/:[^:]*$/, ""));
        out.text = `Install ${op.moduleKind === "cassette" ? `cassette ${op.typeId}` : `an adapter plate (${op.count} × ${op.family}, key ${op.keyType})`} in bay ${bay.name} of ${d.name}`;
        break;
      }
      case "module.remove":
      case "module.move": {
        const m = s.modules.find((x) => x.id === op.moduleId);
        if (!m) {
          problem("moduleId", "This module is not in the site (it may have been removed, here or by an earlier operation).");
          break;
        }
        const planned = plannedBy(m.id);
        if (planned) {
          problem("moduleId", `This module: ${planned}.`);
          break;
        }
        const d = s.devices.find((x) => x.id === m.deviceId);
        const mports = s.ports.filter((p) => p.moduleId === m.id);
        const pluggedIn = s.plugs.filter((p) => mports.some((q) => q.id === p.portId));
        read("module", m, `${d?.name ?? "?"} bay ${m.bay}`);
        touch(...mports.map((p) => p.id));
        if (op.kind === "module.remove") {
          if (pluggedIn.length) {
            problem("moduleId", `Cables are still plugged into this module (${[...new Set(pluggedIn.map((p) => L().cableLabel(p.cableId)))].slice(0, 3).join(", ")}): remove or move them in this plan first.`);
            break;
          }
          out.clears.push(...mports.map((p) => p.id));
          out.text = `Remove ${m.kind === "cassette" ? `cassette ${m.typeId}` : "adapter plate"} from bay ${m.bay} of ${d?.name ?? "?"}`;
          s.modules = s.modules.filter((x) => x.id !== m.id);
          s.ports = s.ports.filter((p) => p.moduleId !== m.id);
        } else {
          const bay = s.bays.find((b) => b.deviceId === m.deviceId && b.name.toLowerCase() === op.bay.toLowerCase());
          if (!bay) {
            problem("bay", `${d?.name ?? "The device"} has no bay "${op.bay}".`);
            break;
          }
          if (s.modules.some((x) => x.id !== m.id && x.deviceId === m.deviceId && x.bay.toLowerCase() === bay.name.toLowerCase())) {
            problem("bay", `Bay ${bay.name} of ${d?.name ?? "?"} already holds a module.`);
            break;
          }
          out.clears.push(...mports.map((p) => p.id));
          out.text = `Move ${m.kind === "cassette" ? `cassette ${m.typeId}` : "adapter plate"} of ${d?.name ?? "?"} from bay ${m.bay} to bay ${bay.name}${pluggedIn.length ? " with its cables" : ""}`;
          s.modules = s.modules.map((x) => (x.id === m.id ? { ...x, bay: bay.name } : x));
          s.ports = s.ports.map((p) => (p.moduleId === m.id ? { ...p, name: `${bay.name}/${p.name.slice(p.name.indexOf("/") + 1)}` } : p));
        }
        break;
      }
      case "device.add": {
        if (s.devices.some((d) => d.name.toLowerCase() === op.name.toLowerCase())) {
          problem("name", `This site already has a device named "${op.name}".`);
          break;
        }
        if (op.rackId !== null && !s.racks.some((r) => r.id === op.rackId)) {
          problem("rackId", "This rack does not exist in this site.");
          break;
        }
        if (!fits(s, op.rackId, op.uPosition, op.uHeight, op.face, null, problem)) break;
        const id = op.newId!;
        const portRows: PlanState["ports"] = [];
        if (op.templateId && !op.template) {
          problem("templateId", `The device type "${op.templateId}" could not be read when this operation was written: write it again.`);
          break;
        }
        // A device type's ports first, in its order; then the port groups written here.
        for (const p of op.template?.ports ?? []) {
          portRows.push({
            id: plannedPortId(id, p.name),
            deviceId: id,
            moduleId: null,
            name: p.name,
            kind: p.kind,
            family: p.kind === "adapter" ? (p.family as ConnectorFamily) : null,
            keyType: p.kind === "adapter" ? p.keyType : null,
            cage: p.kind === "transceiver" ? p.cage : null,
            modulePort: null,
            version: 1,
            planned: true,
          });
        }
        const fromType = portRows.length;
        op.ports.forEach((g, i) => {
          const range = expandPortNames(g.names);
          if (!range.ok) return problem(`ports.${i}.names`, `Cannot read "${g.names}": ${range.reason}.`);
          for (const name of range.names) {
            const twice = portRows.findIndex((p) => p.name.toLowerCase() === name.toLowerCase());
            if (twice >= 0) return problem(`ports.${i}.names`, twice < fromType ? `Port ${name} comes with the device type already.` : `Port ${name} is named twice.`);
            portRows.push({
              id: plannedPortId(id, name),
              deviceId: id,
              moduleId: null,
              name,
              kind: g.kind,
              family: g.kind === "adapter" ? (g.family ?? null) : null,
              keyType: g.kind === "adapter" ? (g.keyType ?? null) : null,
              cage: g.kind === "transceiver" ? (g.cage ?? null) : null,
              modulePort: null,
              version: 1,
              planned: true,
            });
          }
        });
        if (failed.has(index)) break;
        s.devices.push({ id, name: op.name, role: op.role, rackId: op.rackId, uPosition: op.uPosition, uHeight: op.uHeight, face: op.face, version: 1, planned: true });
        // Bays as createDevice makes them: the device type's by name, then the extra ones numbered on.
        const typeBays = op.template?.bays ?? [];
        const bayNames = [...typeBays, ...Array.from({ length: op.bays }, (_, b) => String(typeBays.length + b + 1))];
        bayNames.forEach((name, b) => s.bays.push({ deviceId: id, name, position: b + 1 }));
        s.ports.push(...portRows);
        for (const p of portRows) {
          creator.set(p.id, index);
          out.creates.push(p.id);
        }
        creator.set(id, index);
        out.creates.push(id);
        const rack = op.rackId ? s.racks.find((r) => r.id === op.rackId) : undefined;
        out.text = `Install ${op.role} ${op.name}${op.model ? ` (${op.model})` : ""}${op.templateId ? ` of device type ${op.templateId}` : ""}${rack ? ` in rack ${rack.name}${op.uPosition ? ` at U${op.uPosition}` : ""}, ${op.face}` : ""}`;
        break;
      }
      case "device.remove":
      case "device.move": {
        const d = s.devices.find((x) => x.id === op.deviceId);
        if (!d) {
          problem("deviceId", "This device is not in the site (it may have been removed, here or by an earlier operation).");
          break;
        }
        const planned = plannedBy(d.id);
        if (planned) {
          problem("deviceId", `Device ${d.name}: ${planned}.`);
          break;
        }
        const dports = s.ports.filter((p) => p.deviceId === d.id);
        read("device", d, d.name);
        touch(...dports.map((p) => p.id));
        if (op.kind === "device.remove") {
          const pluggedIn = s.plugs.filter((p) => dports.some((q) => q.id === p.portId));
          if (pluggedIn.length) {
            problem("deviceId", `Cables are still plugged into ${d.name} (${[...new Set(pluggedIn.map((p) => L().cableLabel(p.cableId)))].slice(0, 3).join(", ")}): remove or move them in this plan first.`);
            break;
          }
          out.clears.push(...dports.map((p) => p.id));
          out.text = `Remove ${d.role} ${d.name}${d.rackId ? ` from rack ${s.racks.find((r) => r.id === d.rackId)?.name ?? "?"}` : ""} (with its transceivers and modules)`;
          const mods = new Set(s.modules.filter((m) => m.deviceId === d.id).map((m) => m.id));
          s.devices = s.devices.filter((x) => x.id !== d.id);
          s.modules = s.modules.filter((m) => !mods.has(m.id));
          s.ports = s.ports.filter((p) => p.deviceId !== d.id);
          s.transceivers = s.transceivers.filter((x) => dports.every((p) => p.id !== x.portId));
          s.bays = s.bays.filter((b) => b.deviceId !== d.id);
        } else {
          if (op.rackId !== null && !s.racks.some((r) => r.id === op.rackId)) {
            problem("rackId", "This rack does not exist in this site.");
            break;
          }
          if (!fits(s, op.rackId, op.uPosition, d.uHeight, op.face, d.id, problem)) break;
          const rack = op.rackId ? s.racks.find((r) => r.id === op.rackId) : undefined;
          out.text = `Move ${d.role} ${d.name} to ${rack ? `rack ${rack.name}${op.uPosition ? ` U${op.uPosition}` : ""}, ${op.face}` : "no rack"}`;
          s.devices = s.devices.map((x) => (x.id === d.id ? { ...x, rackId: op.rackId, uPosition: op.rackId ? op.uPosition : null, face: op.face } : x));
        }
        break;
      }
    }
  }
  for (const o of outcomes) {
    o.needs = [...new Set(o.needs)];
    if (!o.text) o.text = "(not applicable: see the problems)";
  }
  return { state: s, outcomes };
}

/** Whether a device fits at a rack position (placement.ts' rule: no overlap on the same face). */
function fits(s: PlanState, rackId: string | null, u: number | null, h: number, face: "front" | "rear", self: string | null, problem: (f: string, m: string) => void): boolean {
  if (rackId === null || u === null) return true;
  const rack = s.racks.find((r) => r.id === rackId)!;
  if (u + h - 1 > rack.uHeight) {
    problem("uPosition", `Rack ${rack.name} is ${rack.uHeight} U high: a ${h} U device fits from U1 to U${rack.uHeight - h + 1}.`);
    return false;
  }
  const other = s.devices.find((d) => d.id !== self && d.rackId === rackId && d.uPosition !== null && d.face === face && d.uPosition <= u + h - 1 && u <= d.uPosition + d.uHeight - 1);
  if (other) {
    problem("uPosition", `U${u} of rack ${rack.name} is taken by ${other.name}.`);
    return false;
  }
  return true;
}
