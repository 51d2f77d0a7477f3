"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/features/trpc/client";
import type { TraceFiber, TraceHop } from "./types";

const ROW = 14;
const TOP = 70;
/** A box's second title, wrapped on words over at most this many lines (never cut mid-word). */
const SUB_LINES = 3;

function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines.at(-1);
    if (last !== undefined && (last + " " + word).length <= chars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length <= SUB_LINES) return lines;
  const kept = lines.slice(0, SUB_LINES);
  kept[SUB_LINES - 1] = `${kept[SUB_LINES - 1]}…`;
  return kept;
}
const LEFT = 20;

const ROLE_COLOUR: Record<string, string> = { tx: "#d9480f", rx: "#1c7ed6", bidi: "#7048e8", unused: "#868e96" };

/** A hop's name and what it is: the type in words when they have been read ("cord · MPO-12 female,
 *  APC, OS2, Type B"), else its kind, polarity and fiber. */
function hopTitle(h: TraceHop, words: Readonly<Record<string, string>>): [string, string] {
  const said = h.kind !== "adapter" && h.typeId ? words[h.typeId] : undefined;
  switch (h.kind) {
    case "cable": {
      const kind = h.cableKind === "patch-cord" ? "cord" : h.cableKind;
      return [h.label, said ? `${kind} · ${said}` : [kind, polarityName(h.polarity), h.fiber].filter(Boolean).join(" · ")];
    }
    case "module":
      return [h.label, said ?? `cassette${h.method ? ` method ${h.method}` : ""}`];
    case "adapter":
      return [h.label, `${h.family ?? ""} adapter key ${h.key ?? "?"}${h.mated ? "" : " (open)"}`];
  }
}

const polarityName = (p: string | null) => (p === "AB" ? "A-to-B" : p === "AA" ? "A-to-A" : p ? `Type ${p}` : "");

function inOut(h: TraceHop): [number, number] {
  return [h.from.position, h.to.position];
}

const roleLabel = (role: string, lane: number | null | undefined) => (role === "unused" ? "—" : `${role === "tx" ? "Tx" : role === "rx" ? "Rx" : "Bi"}${lane ?? ""}`);

/**
 * The channel drawn fiber by fiber: each hop a box (cords, trunks, adapters, cassettes), each fiber a
 * line entering a box at its position on one side and leaving at its position on the other, so a
 * reversal shows as a crossing. Tx lanes are drawn in orange, Rx lanes in blue; the far end says
 * what each fiber reaches, and a wrong one is marked.
 */
export function ChannelDiagram({ fibers, startLabel, startFamily, judged = true }: { fibers: TraceFiber[]; startLabel: string; startFamily: string; judged?: boolean }) {
  const trpc = useTRPC();
  const typeIds = [...new Set(fibers.flatMap((f) => f.hops.flatMap((h) => (h.kind !== "adapter" && h.typeId ? [h.typeId] : []))))].sort().slice(0, 200);
  const words = useQuery({ ...trpc.catalog.words.queryOptions({ ids: typeIds }), enabled: typeIds.length > 0 }).data ?? {};
  if (fibers.length === 0) return null;
  const columns = Math.max(...fibers.map((f) => f.hops.length));
  // Fit the channel in the page width when it can; long channels scroll.
  const COL = Math.max(108, Math.min(150, Math.floor(1120 / (columns + 2))));
  const BOX = Math.round(COL * 0.58);
  const chars = Math.floor(COL / 6.4);
  const cut = (t: string) => (t.length > chars ? `${t.slice(0, chars - 1)}…` : t);
  const maxPos = Math.max(2, ...fibers.flatMap((f) => [f.start.position, ...f.hops.flatMap((h) => inOut(h)), f.end.position ?? 0]));
  const height = TOP + maxPos * ROW + 40;
  const x0 = (c: number) => LEFT + (c + 1) * COL;
  const width = x0(columns) + COL;
  const y = (p: number) => TOP + (p - 0.5) * ROW;
  const lead = fibers.find((f) => f.hops.length === columns) ?? fibers[0]!;

  const boxes: { x: number; title: [string, string]; kind: string }[] = [{ x: LEFT, title: [startLabel, startFamily], kind: "transceiver" }];
  for (let c = 0; c < columns; c++) {
    const titles = [...new Set(fibers.map((f) => f.hops[c]).filter((h): h is TraceHop => !!h).map((h) => hopTitle(h, words)[0]))];
    const h = lead.hops[c]!;
    boxes.push({ x: x0(c), title: [titles.length > 1 ? `${titles.length} legs` : hopTitle(h, words)[0], hopTitle(h, words)[1]], kind: h.kind });
  }
  const endTitles = [...new Set(fibers.map((f) => f.end.label))];
  const endX = x0(columns);
  boxes.push({ x: endX, title: [endTitles.length > 1 ? `${endTitles.length} far ends` : (endTitles[0] ?? ""), fibers[0]!.end.kind === "transceiver" ? "far end" : "open"], kind: "far" });

  return (
    <div className="diagram">
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Channel diagram: each hop a box, Tx fibers orange, Rx fibers blue">
        {boxes.map((b, i) => (
          <g key={i} className={`diagram__box diagram__box--${b.kind}`}>
            <rect x={b.x} y={TOP - 6} width={BOX} height={maxPos * ROW + 12} rx={5} />
            <title>{`${b.title[0]} — ${b.title[1]}`}</title>
            <text x={b.x + BOX / 2} y={14} textAnchor="middle" className="diagram__title">
              {cut(b.title[0])}
            </text>
            <text x={b.x + BOX / 2} y={28} textAnchor="middle" className="diagram__sub">
              {wrap(b.title[1], chars).map((line, j) => (
                <tspan key={j} x={b.x + BOX / 2} dy={j === 0 ? 0 : 12}>
                  {line}
                </tspan>
              ))}
            </text>
          </g>
        ))}
        {Array.from({ length: maxPos }, (_, i) => (
          <text key={i} x={LEFT - 4} y={y(i + 1) + 4} textAnchor="end" className="diagram__pos">
            {i + 1}
          </text>
        ))}
        {fibers.map((f, i) => {
          const colour = ROLE_COLOUR[f.start.role] ?? "#333";
          const pts: string[] = [];
          // Out of the start transceiver at its MDI position.
          pts.push(`${LEFT + BOX},${y(f.start.position)}`);
          f.hops.forEach((h, c) => {
            const [pin, pout] = inOut(h);
            pts.push(`${x0(c)},${y(pin)}`, `${x0(c) + BOX},${y(pout)}`);
          });
          const endPos = f.end.position ?? f.hops.at(-1)?.to.position ?? f.start.position;
          pts.push(`${endX},${y(endPos)}`);
          return (
            <g key={i} className={f.ok || !judged ? "diagram__fiber" : "diagram__fiber diagram__fiber--bad"}>
              <polyline points={pts.join(" ")} fill="none" stroke={colour} strokeWidth={2} strokeDasharray={f.ok || !judged ? undefined : "5 3"} />
              <text x={LEFT + 6} y={y(f.start.position) + 4} className="diagram__lane" fill={colour}>
                {roleLabel(f.start.role, f.start.lane)}
              </text>
              {f.end.kind === "transceiver" ? (
                <text x={endX + 6} y={y(endPos) + 4} className="diagram__lane" fill={ROLE_COLOUR[f.end.role ?? "unused"]}>
                  {roleLabel(f.end.role ?? "unused", f.end.lane)} {judged ? (f.ok ? "✓" : "✗") : ""}
                </text>
              ) : (
                <text x={endX + 6} y={y(endPos) + 4} className="diagram__lane" fill="#c0352b">
                  open ✗
                </text>
              )}
            </g>
          );
        })}
        <text x={LEFT} y={height - 10} className="diagram__legend">
          <tspan fill={ROLE_COLOUR.tx}>━ Tx lane</tspan> <tspan dx={12} fill={ROLE_COLOUR.rx}>━ Rx lane</tspan>{" "}
          <tspan dx={12} fill="#5d6878">
            ╌ fiber that does not reach the right far end · positions in plug view
          </tspan>
        </text>
      </svg>
    </div>
  );
}
