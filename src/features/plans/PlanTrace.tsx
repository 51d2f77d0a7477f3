"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { SiteNav } from "@/features/inventory/common/SiteNav";
import { ChannelSection, FiberTraceSection, ThroughSection } from "@/features/inventory/ports/TraceSections";
import { useTRPC } from "@/features/trpc/client";
import { formError } from "@/features/ui/errors";
import { FormError } from "@/features/ui/Field";
import "./plans.css";


/** A port's fiber trace and channel as a change plan would leave the site. */
export function PlanTrace({ siteId, planId, portId }: { siteId: string; planId: string; portId: string }) {
  const trpc = useTRPC();
  const tr = useQuery(trpc.connectivity.trace.queryOptions({ portId, planId }));
  const plan = useQuery(trpc.plans.list.queryOptions({ siteId }));
  const site = useQuery(trpc.sites.get.queryOptions({ id: siteId }));
  if (tr.error) return <FormError message={formError(tr.error)} />;
  if (!tr.data) return <p className="muted">Loading…</p>;
  const { port } = tr.data;
  const name = plan.data?.find((p) => p.id === planId)?.name ?? "Plan";
  const link = (id: string) => `/sites/${siteId}/plans/${planId}/ports/${id}`;
  return (
    <div className="page">
      <SiteNav siteId={siteId} siteName={site.data?.name} trail={[{ label: "Plans", href: `/sites/${siteId}/plans` }, { label: name, href: `/sites/${siteId}/plans/${planId}` }, { label: port.label }]} />
      <div className="plan-banner" role="status" aria-label="Plan mode">
        <span>
          What-if: the trace of <strong>{port.label}</strong> as plan <strong>{name}</strong> would leave the site.
        </span>
        <Link href={`/sites/${siteId}/plans/${planId}`}>Back to the plan</Link>
        {port.planned ? (
          <span className="muted">The plan installs this port.</span>
        ) : (
          <Link className="button" href={`/sites/${siteId}/ports/${portId}`}>
            Show the live trace
          </Link>
        )}
      </div>
      <header className="page__header">
        <h1>
          {port.label} <code className="badge">{port.tia}</code>
        </h1>
        <p className="muted">{port.kind === "transceiver" ? `cage, ${port.transceiverType ? `transceiver ${port.transceiverType}` : "no transceiver"}` : `${port.family} adapter, key ${port.keyType}`}</p>
      </header>
      <ChannelSection trace={tr.data} portId={portId} portHref={link} />
      <ThroughSection trace={tr.data} portHref={link} />
      <FiberTraceSection trace={tr.data} />
    </div>
  );
}

