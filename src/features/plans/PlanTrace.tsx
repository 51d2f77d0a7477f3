"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { SeverityBadge, VerdictBadge } from "@/features/inventory/common/Severity";
import { SiteNav } from "@/features/inventory/common/SiteNav";
import { ChannelDiagram } from "@/features/inventory/ports/ChannelDiagram";
import { useTRPC } from "@/features/trpc/client";
import { formError } from "@/features/ui/errors";
import { FormError } from "@/features/ui/Field";
import "./plans.css";


const fmtDb = (db: number) => `${db.toFixed(2)} dB`;

/** A port's fiber trace and channel as a change plan would leave the site. */
export function PlanTrace({ siteId, planId, portId }: { siteId: string; planId: string; portId: string }) {
  const trpc = useTRPC();
  const tr = useQuery(trpc.connectivity.trace.queryOptions({ portId, planId }));
  const plan = useQuery(trpc.plans.list.queryOptions({ siteId }));
  const site = useQuery(trpc.sites.get.queryOptions({ id: siteId }));
  if (tr.error) return <FormError message={formError(tr.error)} />;
  if (!tr.data) return <p className="muted">Loading…</p>;
  const { port, fibers, channel, throughChannels, findings } = tr.data;
  const name = plan.data?.find((p) => p.id === planId)?.name ?? "Plan";
  const link = (id: string) => `/sites/${siteId}/plans/${planId}/ports/${id}`;
  return (
    <div className="page">
      <SiteNav siteId={siteId} siteName={site.data?.name ?? "Site"} trail={[{ label: "Plans", href: `/sites/${siteId}/plans` }, { label: name, href: `/sites/${siteId}/plans/${planId}` }, { label: port.label }]} />
      <div className="plan-banner" role="status" aria-label="Plan mode">
        <span>
          What-if: the trace of <strong>{port.label}</strong> as plan <strong>{name}</strong> would leave the site.
        </span>
        <Link href={`/sites/${siteId}/plans/${planId}`}>Back to the plan</Link>
        <Link className="button" href={`/sites/${siteId}/ports/${portId}`}>
          Show the live trace
        </Link>
      </div>
      <header className="page__header">
        <h1>
          {port.label} <code className="badge">{port.tia}</code>
        </h1>
        <p className="muted">{port.kind === "transceiver" ? `cage, ${port.transceiverType ? `transceiver ${port.transceiverType}` : "no transceiver"}` : `${port.family} adapter, key ${port.keyType}`}</p>
      </header>
      {channel ? (
        <section className="card" aria-label="Channel">
          <h2>
            Channel <VerdictBadge verdict={channel.verdict} />
          </h2>
          <p>
            {channel.members.map((m, i) => (
              <span key={m.id}>
                {i > 0 ? " ↔ " : ""}
                {m.id === portId ? <strong>{m.label}</strong> : <Link href={link(m.id)}>{m.label}</Link>}
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
          {channel.links.map((l, i) => (
            <p key={i} className="small">
              {l.aLabel} ↔ {l.bLabel}: {l.lengthM} m, {fmtDb(l.lossDb)} over {l.matedPairs} mated pairs{l.maxLossDb !== null ? ` (limit ${fmtDb(l.maxLossDb)})` : ""}
            </p>
          ))}
          <ChannelDiagram fibers={fibers} startLabel={port.label} startFamily={port.kind === "transceiver" ? (port.transceiverType ?? "cage") : (port.family ?? "")} />
        </section>
      ) : null}
      {throughChannels.length || findings.length ? (
        <section className="card">
          <h2>Through this port</h2>
          <ul>
            {throughChannels.map((c) => (
              <li key={c.key}>
                <VerdictBadge verdict={c.verdict} /> {c.title}
              </li>
            ))}
            {findings.map((f, i) => (
              <li key={i}>
                <SeverityBadge severity={f.severity} /> {f.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card">
        <h2>Fibers</h2>
        <table className="table" aria-label="Fibers">
          <thead>
            <tr>
              <th>From</th>
              <th>Path</th>
              <th>Far end</th>
              <th className="num">Loss</th>
            </tr>
          </thead>
          <tbody>
            {fibers.map((f, i) => (
              <tr key={i}>
                <td className="nowrap">
                  {f.start.role} {f.start.lane ?? ""} (pos {f.start.position})
                </td>
                <td className="small">{f.hops.map((h) => h.label).join(" → ")}</td>
                <td className={f.ok ? "ok-text" : f.end.kind === "transceiver" ? "bad-text" : ""}>{f.end.text}</td>
                <td className="num">{fmtDb(f.lossDb)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

