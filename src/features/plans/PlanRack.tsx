"use client";

import { useQuery } from "@tanstack/react-query";
import { SiteNav } from "@/features/inventory/common/SiteNav";
import { RackFace } from "@/features/inventory/racks/Elevation";
import { RackDevices } from "@/features/inventory/racks/RackDevices";
import { RackHeader } from "@/features/inventory/racks/RackHeader";
import { SiteTree } from "@/features/inventory/site/SiteTree";
import { useTRPC } from "@/features/trpc/client";
import { formError } from "@/features/ui/errors";
import { FormError } from "@/features/ui/Field";
import { PlanBanner } from "./PlanBanner";
import "./plans.css";

/** A rack's elevation, front and rear, as a change plan would leave it, and what the plan does to each device. */
export function PlanRackPage({ siteId, rackId, planId }: { siteId: string; rackId: string; planId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.plans.rack.queryOptions({ planId, rackId }));
  if (q.error) return <FormError message={formError(q.error)} />;
  if (!q.data) return <p className="muted">Loading…</p>;
  const { plan, rack, devices, leaving } = q.data;
  const asPlanned = (d: { id: string }) => `/sites/${siteId}/plans/${planId}/devices/${d.id}`;
  const changed = devices.filter((d) => d.change).length + leaving.length;
  return (
    <div className="page">
      <SiteNav siteId={siteId} siteName={rack.siteName} trail={[{ label: "Plans", href: `/sites/${siteId}/plans` }, { label: plan.name, href: `/sites/${siteId}/plans/${planId}` }, { label: `Rack ${rack.name}` }]} />
      <PlanBanner siteId={siteId} planId={planId} />
      <RackHeader rack={rack} extra={changed === 0 ? "the plan changes nothing here" : `${changed} device${changed === 1 ? "" : "s"} changed by the plan`} />
      <div className="with-tree">
        <SiteTree siteId={siteId} currentRackId={rackId} planId={planId} />
        <div className="with-tree__main">
          <section className="card">
            <h2>Elevation as planned</h2>
            <div className="elevations">
              <RackFace siteId={siteId} face="front" uHeight={rack.uHeight} devices={devices} hrefOf={asPlanned} />
              <RackFace siteId={siteId} face="rear" uHeight={rack.uHeight} devices={devices} hrefOf={asPlanned} />
            </div>
          </section>
          <section className="card">
            <h2>Devices as planned</h2>
            {devices.length === 0 ? <p className="muted">The plan leaves this rack empty.</p> : <RackDevices rackName={rack.name} devices={devices} hrefOf={asPlanned} planned />}
            <p className="small muted">Devices are added, moved and removed through the plan&apos;s operations.</p>
          </section>
          {leaving.length ? (
            <section className="card">
              <h2>Leaving this rack</h2>
              <RackDevices rackName={`${rack.name} (leaving)`} devices={leaving} hrefOf={asPlanned} planned />
            </section>
          ) : null}
        </div>
      </div>
    </div>
  );
}
