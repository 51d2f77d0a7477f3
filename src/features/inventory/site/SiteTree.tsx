"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/features/trpc/client";

/** Racks up to which every row of the tree is open: a campus's thousands of racks are shown a row at a time. */
export const OPEN_ROWS_UP_TO_RACKS = 200;

/** Whether a site of this many racks shows its rooms' tables and its tree's rows closed, opened by hand. */
export const opensByHand = (racks: number) => racks > OPEN_ROWS_UP_TO_RACKS;

/** A row of the tree, by its room and its label. */
export const treeRowKey = (roomId: string, row: string) => `${roomId}\t${row}`;

/**
 * The rows of the tree shown open: every row of a site of up to OPEN_ROWS_UP_TO_RACKS racks; on a
 * larger one the row of the rack being looked at, each row `toggled` by hand the other way.
 */
export function openTreeRows(rooms: readonly { id: string; rows: readonly { row: string; racks: readonly { id: string }[] }[] }[], currentRackId: string | undefined, toggled: ReadonlySet<string>): Set<string> {
  const all = rooms.flatMap((room) => room.rows.map((row) => ({ key: treeRowKey(room.id, row.row), racks: row.racks })));
  const racks = all.reduce((n, r) => n + r.racks.length, 0);
  const byDefault = (r: (typeof all)[number]) => !opensByHand(racks) || r.racks.some((k) => k.id === currentRackId);
  return new Set(all.filter((r) => byDefault(r) !== toggled.has(r.key)).map((r) => r.key));
}

/**
 * The site tree: rooms, rows, racks, each rack with its device count and its findings. A large
 * site's rows are closed but for the current rack's, each with its racks and findings in sum, and
 * open on a click. In plan mode (`planId`) the racks open as the plan would leave them, and the
 * live counts are left out.
 */
export function SiteTree({ siteId, currentRackId, planId = null }: { siteId: string; currentRackId?: string; planId?: string | null }) {
  const trpc = useTRPC();
  const tree = useQuery(trpc.sites.tree.queryOptions({ id: siteId }));
  // Rows toggled by hand on this page (another rack's page is a tree of its own, from its defaults).
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  if (!tree.data) return <aside className="tree card">Loading…</aside>;
  const open = openTreeRows(tree.data.rooms, currentRackId, toggled);
  const toggle = (key: string) => setToggled((was) => (was.has(key) ? new Set([...was].filter((k) => k !== key)) : new Set([...was, key])));
  const rackCount = tree.data.rooms.reduce((n, room) => n + room.rows.reduce((m, row) => m + row.racks.length, 0), 0);
  const foldable = opensByHand(rackCount);
  return (
    <aside className="tree card" aria-label="Site tree">
      <h2>Rooms and racks</h2>
      {tree.data.rooms.length === 0 ? <p className="muted">No room yet.</p> : null}
      <ul className="tree__rooms">
        {tree.data.rooms.map((room) => (
          <li key={room.id}>
            <span className="tree__room">{room.name}</span>
            <ul className="tree__rows">
              {room.rows.map((row) => {
                const key = treeRowKey(room.id, row.row);
                const label = row.row ? `Row ${row.row}` : "No row";
                const isOpen = open.has(key);
                const errors = row.racks.reduce((n, r) => n + r.errors, 0);
                const warnings = row.racks.reduce((n, r) => n + r.warnings, 0);
                return (
                  <li key={row.row || "-"}>
                    {foldable ? (
                      <button type="button" className="tree__row tree__row--fold" aria-expanded={isOpen} onClick={() => toggle(key)}>
                        <FoldMark />
                        {label} <span className="muted">{row.racks.length} racks</span>
                        {planId || isOpen ? null : <Counts errors={errors} warnings={warnings} />}
                      </button>
                    ) : (
                      <span className="tree__row">{label}</span>
                    )}
                    {isOpen ? (
                      <ul className="tree__racks">
                        {row.racks.map((rack) => (
                          <li key={rack.id} className={rack.id === currentRackId ? "tree__rack tree__rack--current" : "tree__rack"}>
                            <Link href={`/sites/${siteId}/racks/${rack.id}${planId ? `?plan=${planId}` : ""}`}>{rack.name}</Link>
                            {planId ? null : <span className="muted"> {rack.devices} dev</span>}
                            {planId ? null : <Counts errors={rack.errors} warnings={rack.warnings} />}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
    </aside>
  );
}

/** The mark of a part that opens and closes (turned by its button's aria-expanded; not read aloud: the button says whether it is open). */
export function FoldMark() {
  return (
    <span className="fold-mark" aria-hidden="true">
      ▸
    </span>
  );
}

/** A rack's or a row's findings: errors and warnings, each when there are some. */
function Counts({ errors, warnings }: { errors: number; warnings: number }) {
  return (
    <>
      {errors ? (
        <span className="count count--error" title={`${errors} error(s)`}>
          {errors}
        </span>
      ) : null}
      {warnings ? (
        <span className="count count--warning" title={`${warnings} warning(s)`}>
          {warnings}
        </span>
      ) : null}
    </>
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
