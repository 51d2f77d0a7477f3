"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { FaultDot, VerdictBadge } from "@/features/inventory/common/Severity";
import { SiteNav } from "@/features/inventory/common/SiteNav";
import { useTRPC } from "@/features/trpc/client";
import { formError } from "@/features/ui/errors";
import { FormError } from "@/features/ui/Field";
import "./plans.css";

type Content = { transceiver: string | null; front: string | null; rear: string | null } | null;

const cell = (c: Content, key: "transceiver" | "front" | "rear") => (c === null ? "—" : (c[key] ?? ""));

/** A device's ports as a change plan would leave them, with what the plan changes on each. */
export function PlanDevice({ siteId, planId, deviceId }: { siteId: string; planId: string; deviceId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.plans.device.queryOptions({ planId, deviceId }));
  const site = useQuery(trpc.sites.get.queryOptions({ id: siteId }));
  if (q.error) return <FormError message={formError(q.error)} />;
  if (!q.data) return <p className="muted">Loading…</p>;
  const { plan, device, ports } = q.data;
  const changed = ports.filter((p) => p.changed).length;
  return (
    <div className="page">
      <SiteNav siteId={siteId} siteName={site.data?.name} trail={[{ label: "Plans", href: `/sites/${siteId}/plans` }, { label: plan.name, href: `/sites/${siteId}/plans/${planId}` }, { label: device.name }]} />
      <div className="plan-banner" role="status" aria-label="Plan mode">
        <span>
          What-if: <strong>{device.name}</strong> as plan <strong>{plan.name}</strong> would leave it.
        </span>
        <Link href={`/sites/${siteId}/plans/${planId}`}>Back to the plan</Link>
        {device.planned ? null : (
          <Link className="button" href={`/sites/${siteId}/devices/${deviceId}`}>
            Show the live device
          </Link>
        )}
      </div>
      <header className="page__header">
        <h1>
          {device.name} {device.planned ? <span className="change change--new">installed by the plan</span> : null}
          {device.removed ? <span className="change change--removed">removed by the plan</span> : null}
        </h1>
        <p className="muted">
          {device.role}
          {device.rackName ? `, rack ${device.rackName}${device.uPosition ? ` U${device.uPosition}` : ""}` : ""}. {changed} port{changed === 1 ? "" : "s"} changed by the plan.
        </p>
      </header>
      <section className="card">
        <table className="table" aria-label={`Ports of ${device.name} as planned`}>
          <thead>
            <tr>
              <th>Port</th>
              <th>Transceiver</th>
              <th>Front</th>
              <th>Rear</th>
              <th>Channel</th>
            </tr>
          </thead>
          <tbody>
            {ports.map((p) => (
              <tr key={p.id} data-port={p.name} className={p.changed ? "editing" : undefined}>
                <td className="nowrap">
                  {p.after ? <Link href={`/sites/${siteId}/plans/${planId}/ports/${p.id}`}>{p.name}</Link> : p.name} <FaultDot fault={p.fault} />
                  <div className="small muted">{p.what}</div>
                  {p.changed ? <span className={`change ${p.before === null ? "change--new" : p.after === null ? "change--removed" : "change--rerouted"}`}>{p.before === null ? "new" : p.after === null ? "removed" : "changed"}</span> : null}
                </td>
                {(["transceiver", "front", "rear"] as const).map((k) => {
                  const was = cell(p.before, k);
                  const now = cell(p.after, k);
                  if (k === "transceiver" && p.kind !== "transceiver") return <td key={k} className="muted">—</td>;
                  if (k === "rear" && p.kind === "transceiver") return <td key={k} className="muted">—</td>;
                  if (k === p.inner)
                    return (
                      <td key={k} className="muted" title="This side holds the cassette's own internal plug.">
                        cassette
                      </td>
                    );
                  return (
                    <td key={k}>
                      {was === now || p.before === null || p.after === null ? (
                        (p.after === null ? was : now) || <span className="muted">free</span>
                      ) : (
                        <>
                          <del className="muted">{was || "free"}</del> → <strong>{now || "free"}</strong>
                        </>
                      )}
                    </td>
                  );
                })}
                <td>{p.verdict ? <VerdictBadge verdict={p.verdict} /> : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
