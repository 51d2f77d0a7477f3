"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/features/trpc/client";

/**
 * The site tree: rooms, rows, racks, each rack with its device count and its findings. In plan mode
 * (`planId`) the racks open as the plan would leave them, and the live counts are left out.
 */
export function SiteTree({ siteId, currentRackId, planId = null }: { siteId: string; currentRackId?: string; planId?: string | null }) {
  const trpc = useTRPC();
  const tree = useQuery(trpc.sites.tree.queryOptions({ id: siteId }));
  if (!tree.data) return <aside className="tree card">Loading…</aside>;
  return (
    <aside className="tree card" aria-label="Site tree">
      <h2>Rooms and racks</h2>
      {tree.data.rooms.length === 0 ? <p className="muted">No room yet.</p> : null}
      <ul className="tree__rooms">
        {tree.data.rooms.map((room) => (
          <li key={room.id}>
            <span className="tree__room">{room.name}</span>
            <ul className="tree__rows">
              {room.rows.map((row) => (
                <li key={row.row || "-"}>
                  <span className="tree__row">{row.row ? `Row ${row.row}` : "No row"}</span>
                  <ul className="tree__racks">
                    {row.racks.map((rack) => (
                      <li key={rack.id} className={rack.id === currentRackId ? "tree__rack tree__rack--current" : "tree__rack"}>
                        <Link href={`/sites/${siteId}/racks/${rack.id}${planId ? `?plan=${planId}` : ""}`}>{rack.name}</Link>
                        {planId ? null : <span className="muted"> {rack.devices} dev</span>}
                        {planId ? null : rack.errors ? (
                          <span className="count count--error" title={`${rack.errors} error(s)`}>
                            {rack.errors}
                          </span>
                        ) : null}
                        {planId ? null : rack.warnings ? (
                          <span className="count count--warning" title={`${rack.warnings} warning(s)`}>
                            {rack.warnings}
                          </span>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </aside>
  );
}

/** Findings and channels of the site at a glance, linking to the findings page. */
export function SiteSummary({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const tree = useQuery(trpc.sites.tree.queryOptions({ id: siteId }));
  if (!tree.data) return null;
  const { findings, channels } = tree.data;
  return (
    <section className="card summary" aria-label="Checks">
      <div className="summary__item">
        <Link href={`/sites/${siteId}/findings?severity=error`} className="summary__num summary__num--error">
          {findings.error}
        </Link>
        <span>errors</span>
      </div>
      <div className="summary__item">
        <Link href={`/sites/${siteId}/findings?severity=warning`} className="summary__num summary__num--warning">
          {findings.warning}
        </Link>
        <span>warnings</span>
      </div>
      <div className="summary__item">
        <span className="summary__num">{channels.pass + channels.warning + channels.fail}</span>
        <span>channels</span>
      </div>
      <div className="summary__item">
        <span className="summary__num summary__num--ok">{channels.pass}</span>
        <span>pass</span>
      </div>
      <div className="summary__item">
        <span className="summary__num summary__num--error">{channels.fail}</span>
        <span>fail</span>
      </div>
      <p className="muted summary__note">
        Every change is checked by the connectivity engine as it is saved.{" "}
        <Link href={`/sites/${siteId}/findings`}>See all findings</Link>
      </p>
    </section>
  );
}
