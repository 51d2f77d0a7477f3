"use client";

import Link from "next/link";
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
          {channel.findings.map((f, i) => (
            <li key={i}>
              <SeverityBadge severity={f.severity} /> {f.message}
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
              // The engine measures a link on the fibers that reach their far lane; with none, there is nothing to measure.
              const measured = l.lengthM > 0 || l.matedPairs > 0 || fibers.some((f) => f.ok);
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
                  ) : (
                    <td className="num muted" colSpan={4}>
                      no fiber reaches its far lane: nothing to measure
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

/** For a port on no channel of its own (a panel port): the channels crossing it and the findings on it. */
export function ThroughSection({ trace, portHref }: { trace: TraceView; portHref(id: string): string }) {
  if (trace.channel || (!trace.throughChannels.length && !trace.findings.length)) return null;
  return (
    <section className="card">
      <h2>Channels through this port</h2>
      <ul className="findings-list">
        {trace.throughChannels.map((c) => (
          <li key={c.key}>
            <VerdictBadge verdict={c.verdict} /> <Link href={portHref(c.members[0]!)}>{c.title}</Link>
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
      <ChannelDiagram fibers={fibers} startLabel={port.label} startFamily={family} />
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
            <tr key={i} className={f.ok ? "" : "trace-bad"}>
              <td className="nowrap">
                <span className={`lane lane--${f.start.role}`}>{startText(f)}</span>
              </td>
              <td className="trace-path">{f.hops.map(hopText).join(" › ") || "—"}</td>
              <td>{f.end.text}</td>
              <td className="num">{f.lengthM} m</td>
              <td className={`num${f.maxLossDb !== null && f.lossDb > f.maxLossDb ? " over" : ""}`}>{fmtDb(f.lossDb)}</td>
              <td className="num">{f.maxLossDb !== null ? fmtDb(f.maxLossDb) : "—"}</td>
              <td>{f.end.kind === "transceiver" ? f.ok ? <span className="ok-text">✓</span> : <span className="bad-text">✗</span> : <span className="bad-text">open</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
