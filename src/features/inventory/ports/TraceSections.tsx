"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/features/trpc/client";
import { groupFindings, wavelengthWords, type Culprit, type ExplainFiber } from "@/domain";
import { SeverityBadge, VerdictBadge } from "../common/Severity";
import { ChannelDiagram } from "./ChannelDiagram";
import type { TraceFiber, TraceHop, TraceView } from "./types";

/**
 * The parts of a port's trace page, shared by the live trace and the trace as a change plan would
 * leave the site: the channel with its findings and links, the channels through a panel port, and
 * the fiber-by-fiber trace with its diagram. `portHref` says where another port's link leads.
 */

export const fmtDb = (db: number) => `${db.toFixed(2)} dB`;

function hopText(h: TraceHop): string {
  switch (h.kind) {
    case "cable":
      return `${h.label} ${h.from.connector}:${h.from.position}→${h.to.connector}:${h.to.position}`;
    case "module":
      return `${h.label} ${h.from.connector}:${h.from.position}→${h.to.connector}:${h.to.position}`;
    case "adapter":
      return `${h.label} ${h.from.side[0]}${h.from.position}→${h.to.side[0]}${h.to.position}`;
  }
}

function startText(f: TraceFiber): string {
  if (f.start.role === "unused" && f.start.lane === undefined) return `pos ${f.start.position}`;
  const role = f.start.role === "tx" ? "Tx" : f.start.role === "rx" ? "Rx" : f.start.role === "bidi" ? "Bidi" : "unused";
  return `${role} ${f.start.lane ?? ""} (MDI ${f.start.position})`;
}

/** The channel a transceiver port is a member of: its members, findings in plain words, and each link's length and loss against its limit. */
export function ChannelSection({ trace, portId, portHref }: { trace: TraceView; portId: string; portHref(id: string): string }) {
  const { channel, fibers } = trace;
  if (!channel) return null;
  return (
    <section className="card" aria-label="Channel">
      <h2>
        Channel <VerdictBadge verdict={channel.verdict} />
      </h2>
      <p>
        {channel.members.map((m, i) => (
          <span key={m.id}>
            {i > 0 ? " ↔ " : ""}
            {m.id === portId ? <strong>{m.label}</strong> : <Link href={portHref(m.id)}>{m.label}</Link>}
          </span>
        ))}
      </p>
      {channel.findings.length ? (
        <ul className="findings-list" aria-label="Findings of this channel">
          {groupFindings(channel.findings, explainFibers(fibers)).map((g) => (
            <li key={g.code} data-finding={g.code}>
              <SeverityBadge severity={g.severity} /> <strong>{g.title}</strong>
              {g.culprit ? <CulpritLine culprit={g.culprit} /> : null}
              <ul className="small muted">
                {g.messages.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      ) : (
        <p className="ok-text">Every fiber reaches the right far lane; matings, loss and reach are within limits.</p>
      )}
      {channel.links.length ? (
        <table className="table" aria-label="Links">
          <thead>
            <tr>
              <th>Link</th>
              <th>Application</th>
              <th className="num">Length</th>
              <th className="num">Loss</th>
              <th className="num">Limit</th>
              <th className="num">Mated pairs</th>
            </tr>
          </thead>
          <tbody>
            {channel.links.map((l, i) => {
              // The engine measures a link on the fibers that reach their far lane. With none (a polarity
              // fault), the loss along the fibers as laid is still shown, and still held to the limit.
              const measured = l.lengthM > 0 || l.matedPairs > 0 || fibers.some((f) => f.ok);
              const laid = measured ? null : alongFibers(fibers);
              return (
                <tr key={i}>
                  <td>
                    {l.aLabel} ↔ {l.bLabel}
                  </td>
                  <td>{[...new Set(l.applications)].join(" / ")}</td>
                  {measured ? (
                    <>
                      <td className="num">
                        {l.lengthM} m{l.reachM !== null ? ` of ${l.reachM} m` : ""}
                      </td>
                      <td className={`num${l.maxLossDb !== null && l.lossDb > l.maxLossDb ? " over" : ""}`}>{fmtDb(l.lossDb)}</td>
                      <td className="num">{l.maxLossDb !== null ? fmtDb(l.maxLossDb) : "not verified"}</td>
                      <td className="num">{l.matedPairs}</td>
                    </>
                  ) : laid ? (
                    <>
                      <td className="num">
                        {laid.lengthM} m <span className="muted small">as laid</span>
                      </td>
                      <td className={`num${laid.over ? " over" : ""}`}>{fmtDb(laid.lossDb)}</td>
                      <td className="num">{laid.maxLossDb !== null ? fmtDb(laid.maxLossDb) : "not verified"}</td>
                      <td className="num muted">—</td>
                    </>
                  ) : (
                    <td className="num muted" colSpan={4}>
                      not traced
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** The trace's fibers as the explanation reads them: only fibers that leave an optic's lane say
 *  whether they reach the right one (a trace from a panel port has no lane to hold them to). */
const explainFibers = (fibers: readonly TraceFiber[]): ExplainFiber[] =>
  fibers.filter((f) => f.start.role !== "unused").map((f) => ({ ok: f.ok, reachesOptic: f.end.kind === "transceiver", hops: f.hops }));

/** Why a channel through a panel or cassette port fails, read from the channel's own trace (from its
 *  first member, an optic): its grouped findings and the part most likely at fault. */
function ThroughReason({ memberId }: { memberId: string }) {
  const trpc = useTRPC();
  const tr = useQuery(trpc.connectivity.trace.queryOptions({ portId: memberId }));
  if (!tr.data) return <span className="muted small"> reading why…</span>;
  const channel = tr.data.channel;
  if (!channel?.findings.length) return null;
  return (
    <ul className="small" aria-label="Why it fails">
      {groupFindings(channel.findings, explainFibers(tr.data.fibers)).map((g) => (
        <li key={g.code} data-finding={g.code}>
          <SeverityBadge severity={g.severity} /> {g.title}
          {g.culprit ? <CulpritLine culprit={g.culprit} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** The part most likely at fault and the change that fixes it. */
function CulpritLine({ culprit }: { culprit: Culprit }) {
  return (
    <p className="culprit" aria-label="Likely at fault">
      Likely at fault: <strong>{culprit.hop.label}</strong>
      {culprit.or.map((o) => (
        <span key={o.hop.label}>
          {" "}
          or <strong>{o.hop.label}</strong>
        </span>
      ))}
      , crossed by {culprit.fixes === culprit.of ? (culprit.of === 1 ? "the lane" : `all ${culprit.of} lanes`) : `${culprit.fixes} of the ${culprit.of} lanes`} at fault. Fix: {culprit.fix}
      {culprit.or.map((o) => `, or ${o.fix}`).join("")}.
    </p>
  );
}

/** The longest and lossiest fiber as laid, against the tightest limit: a link's figures when no fiber
 *  reaches its far lane (the polarity finding says why; the loss may be over as well). */
function alongFibers(fibers: readonly TraceFiber[]) {
  if (fibers.length === 0) return null;
  const lossDb = Math.max(...fibers.map((f) => f.lossDb));
  const limits = fibers.map((f) => f.maxLossDb).filter((m): m is number => m !== null);
  const maxLossDb = limits.length ? Math.min(...limits) : null;
  return { lengthM: Math.max(...fibers.map((f) => f.lengthM)), lossDb, maxLossDb, over: maxLossDb !== null && lossDb > maxLossDb };
}

/** A fiber's verdict: reaches its far lane within the loss limit (✓), reaches it over the limit, or not. */
/** Where a split fiber leaves its splitter or tap, and how much of the light it carries. */
function branchText(b: NonNullable<TraceFiber["branch"]>): string {
  return `${b.monitor ? "monitor copy" : "branch"} out of ${b.module} ${b.port}: ${Math.round(b.share * 100)} % of the light`;
}

function FiberVerdict({ f, judged }: { f: TraceFiber; judged: boolean }) {
  if (f.end.kind !== "transceiver") return <span className="bad-text">open</span>;
  // Traced from a panel or cassette port there is no lane here to hold the far one to: the channel's
  // verdict (above) says whether it is right.
  if (!judged) return <span className="muted">—</span>;
  if (!f.ok) return <span className="bad-text">✗</span>;
  if (f.maxLossDb !== null && f.lossDb > f.maxLossDb) return <span className="bad-text">✗ {fmtDb(f.lossDb - f.maxLossDb)} over</span>;
  return <span className="ok-text">✓</span>;
}

/** For a port on no channel of its own (a panel port): the channels crossing it and the findings on it. */
export function ThroughSection({ trace, portHref, explain = false }: { trace: TraceView; portHref(id: string): string; explain?: boolean }) {
  if (trace.channel || (!trace.throughChannels.length && !trace.findings.length)) return null;
  return (
    <section className="card">
      <h2>Channels through this port</h2>
      <ul className="findings-list">
        {trace.throughChannels.map((c) => (
          <li key={c.key}>
            <VerdictBadge verdict={c.verdict} /> <Link href={portHref(c.members[0]!)}>{c.title}</Link>
            {/* Why it fails, here where it is found (the first few failing channels). */}
            {explain && c.verdict !== "pass" && trace.throughChannels.filter((x) => x.verdict !== "pass").indexOf(c) < 3 ? <ThroughReason memberId={c.members[0]!} /> : null}
          </li>
        ))}
      </ul>
      {trace.findings.length ? (
        <ul className="findings-list" aria-label="Findings at this port">
          {trace.findings.map((f, i) => (
            <li key={i}>
              <SeverityBadge severity={f.severity} /> {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** Every fiber from the port: the diagram, then lane by lane each hop, the far end, length and loss against the limit. */
export function FiberTraceSection({ trace }: { trace: TraceView }) {
  const { port, fibers } = trace;
  const family = port.kind === "transceiver" ? (port.transceiverType ?? "empty cage") : `${port.family} key ${port.keyType}`;
  const judged = port.kind === "transceiver";
  if (!fibers.length) {
    return (
      <section className="card">
        <h2>Fiber trace</h2>
        <p className="muted">{port.kind === "transceiver" ? "Install a transceiver and plug a cord to trace this port." : "Nothing to trace."}</p>
      </section>
    );
  }
  return (
    <section className="card">
      <h2>Fiber trace</h2>
      <p className="muted small">{trace.conventions}</p>
      <ChannelDiagram fibers={fibers} startLabel={port.label} startFamily={family} judged={judged} />
      <table className="table trace-table" aria-label="Fiber trace">
        <thead>
          <tr>
            <th>Lane</th>
            <th>Path</th>
            <th>Far end</th>
            <th className="num">Length</th>
            <th className="num">Loss</th>
            <th className="num">Limit</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {fibers.map((f, i) => (
            <tr key={i} className={f.ok || !judged ? "" : "trace-bad"}>
              <td className="nowrap">
                <span className={`lane lane--${f.start.role}`}>{startText(f)}</span>
                {f.wavelengthNm !== null && <div className="muted small">λ {wavelengthWords(f.wavelengthNm)}</div>}
              </td>
              <td className="trace-path">
                {f.branch && <div className="muted small">{branchText(f.branch)}</div>}
                {f.hops.map(hopText).join(" › ") || "—"}
              </td>
              <td>{f.end.text}</td>
              <td className="num">{f.lengthM} m</td>
              <td className={`num${f.maxLossDb !== null && f.lossDb > f.maxLossDb ? " over" : ""}`}>{fmtDb(f.lossDb)}</td>
              <td className="num">{f.maxLossDb !== null ? fmtDb(f.maxLossDb) : "—"}</td>
              <td className="nowrap">
                <FiberVerdict f={f} judged={judged} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
