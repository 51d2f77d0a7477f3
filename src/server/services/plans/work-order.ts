import type { ChannelRow } from "../connectivity/judgement-rows";
import type { OperationOutcome } from "./apply-operations";
import type { OperationKind } from "./operations";

export interface WorkStep {
  n: number;
  /** Index of the operation in plan order, and its kind. */
  index: number;
  kind: OperationKind;
  text: string;
  tia: string[];
  link: string | null;
  cableId: string | null;
  cableKind: string | null;
  /** 0: preparation (nothing live is touched); k ≥ 1: cut-over k. */
  group: number;
  /** The steps that must be done before this one (it takes a slot they free, uses what they install, …). */
  needs: number[];
}

export interface CutOver {
  group: number;
  /** First and last step of the cut-over: the links are down from one to the other. */
  from: number;
  to: number;
  /** The live links (channels passing now) that go down, and the other channels touched. */
  linksDown: { key: string; title: string }[];
  touched: { key: string; title: string; verdict: ChannelRow["verdict"] }[];
}

export interface WorkOrder {
  steps: WorkStep[];
  cutOvers: CutOver[];
}

const ADDING: ReadonlySet<OperationKind> = new Set(["cable.add", "transceiver.add", "module.add", "device.add"]);
const ORDER: Record<OperationKind, number> = {
  "device.add": 0,
  "module.add": 1,
  "transceiver.add": 2,
  "cable.remove": 3,
  "cable.move": 4,
  "transceiver.remove": 5,
  "transceiver.move": 5,
  "cable.retype": 6,
  "cable.field": 6,
  "module.remove": 7,
  "module.move": 7,
  "device.move": 7,
  "device.remove": 8,
  "cable.add": 9,
};

/**
 * Orders a plan's steps for the technicians so that every channel is cut over once:
 *
 * - A step that only adds (a device, a cassette, a transceiver, a cable on free ports — a new trunk
 *   beside the live one it replaces) disturbs nothing live: it is done first, in preparation.
 * - A step that removes, moves or changes something on a channel's path takes that channel down.
 *   Steps that take down the same channel are one cut-over, done back to back; an adding step that
 *   needs one of them (a cord into a port the cut-over frees) joins that cut-over, at its end.
 * - Inside those groups, the order respects what each step needs: a slot is freed before it is
 *   taken, an object is installed before it is used, a device or cassette is emptied before it
 *   comes out, and steps on the same cable keep the plan's order.
 */
export function orderWorkSteps(
  ops: readonly { kind: OperationKind }[],
  outcomes: readonly OperationOutcome[],
  before: readonly Pick<ChannelRow, "key" | "title" | "ports" | "verdict">[],
): WorkOrder {
  const n = ops.length;
  const valid = outcomes.filter((o) => Object.keys(o.problems).length === 0).map((o) => o.index);
  // Channels each step takes down.
  const channelsOfPort = new Map<string, number[]>();
  before.forEach((c, ci) => c.ports.forEach((p) => channelsOfPort.set(p, [...(channelsOfPort.get(p) ?? []), ci])));
  const disturbs = new Map<number, Set<number>>();
  for (const i of valid) {
    const set = new Set<number>();
    if (!ADDING.has(ops[i]!.kind)) for (const p of outcomes[i]!.ports) for (const c of channelsOfPort.get(p) ?? []) set.add(c);
    disturbs.set(i, set);
  }
  // Dependencies.
  const deps = new Map<number, Set<number>>(valid.map((i) => [i, new Set<number>()]));
  for (const a of valid) {
    const oa = outcomes[a]!;
    for (const b of valid) {
      if (a === b) continue;
      const ob = outcomes[b]!;
      const freesForB = oa.frees.some((s) => ob.takes.includes(s));
      const createsForB = oa.creates.some((id) => ob.needs.includes(id));
      const emptiesForB = oa.frees.some((s) => ob.clears.includes(s.slice(0, s.indexOf("@"))));
      const sameCable = oa.cableId !== null && oa.cableId === ob.cableId && a < b;
      if (freesForB || createsForB || emptiesForB || sameCable) deps.get(b)!.add(a);
    }
  }
  // Cut-overs: union the steps that take down a common channel.
  const parent = new Map<number, number>(valid.map((i) => [i, i]));
  const find = (x: number): number => (parent.get(x) === x ? x : (parent.set(x, find(parent.get(x)!)), parent.get(x)!));
  const byChannel = new Map<number, number>();
  for (const i of valid) {
    for (const c of disturbs.get(i)!) {
      const j = byChannel.get(c);
      if (j === undefined) byChannel.set(c, i);
      else parent.set(find(i), find(j));
    }
  }
  const disturbing = (i: number) => disturbs.get(i)!.size > 0;
  // Steps that need a cut-over join it (the latest one they need).
  const groupRoot = new Map<number, number | null>();
  const rootOf = (i: number, seen = new Set<number>()): number | null => {
    if (groupRoot.has(i)) return groupRoot.get(i)!;
    if (disturbing(i)) return find(i);
    if (seen.has(i)) return null;
    seen.add(i);
    let root: number | null = null;
    for (const d of deps.get(i)!) {
      const r = rootOf(d, seen);
      if (r !== null && (root === null || r > root)) root = r;
    }
    groupRoot.set(i, root);
    return root;
  };
  const roots = [...new Set(valid.map((i) => rootOf(i)).filter((r): r is number => r !== null))];
  const firstOf = new Map<number, number>();
  for (const i of valid) {
    const r = rootOf(i);
    if (r !== null) firstOf.set(r, Math.min(firstOf.get(r) ?? n, i));
  }
  roots.sort((a, b) => firstOf.get(a)! - firstOf.get(b)!);
  const groupOf = (i: number) => {
    const r = rootOf(i);
    return r === null ? 0 : roots.indexOf(r) + 1;
  };
  // Topological order, picking the smallest (group, kind order, plan order) among ready steps.
  const left = new Set(valid);
  const done = new Set<number>();
  const order: number[] = [];
  while (left.size) {
    let best: number | null = null;
    for (const i of left) {
      if ([...deps.get(i)!].some((d) => !done.has(d) && left.has(d))) continue;
      if (best === null) best = i;
      else {
        const ka = [groupOf(i), ORDER[ops[i]!.kind], i];
        const kb = [groupOf(best), ORDER[ops[best]!.kind], best];
        if (ka[0]! < kb[0]! || (ka[0] === kb[0] && (ka[1]! < kb[1]! || (ka[1] === kb[1] && ka[2]! < kb[2]!)))) best = i;
      }
    }
    // A cycle cannot come from one plan state; take the first left to be safe.
    if (best === null) best = Math.min(...left);
    left.delete(best);
    done.add(best);
    order.push(best);
  }
  const stepOf = new Map(order.map((i, k) => [i, k + 1]));
  const steps: WorkStep[] = order.map((i, k) => {
    const o = outcomes[i]!;
    const needs = [...deps.get(i)!].map((d) => stepOf.get(d)!).sort((a, b) => a - b);
    return { n: k + 1, index: i, kind: ops[i]!.kind, text: o.text, tia: o.tia, link: o.link, cableId: o.cableId, cableKind: o.cableKind, group: groupOf(i), needs };
  });
  const cutOvers: CutOver[] = roots.map((_r, gi) => {
    const g = gi + 1;
    const mine = steps.filter((s) => s.group === g);
    const chans = new Set<number>();
    for (const s of mine) for (const c of disturbs.get(s.index) ?? []) chans.add(c);
    const list = [...chans].map((c) => before[c]!);
    return {
      group: g,
      from: mine[0]?.n ?? 0,
      to: mine[mine.length - 1]?.n ?? 0,
      linksDown: list.filter((c) => c.verdict !== "fail").map((c) => ({ key: c.key, title: c.title })),
      touched: list.map((c) => ({ key: c.key, title: c.title, verdict: c.verdict })),
    };
  });
  return { steps, cutOvers };
}
