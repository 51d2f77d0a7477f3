"use client";

import { When } from "@/features/ui/When";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/features/trpc/client";
import { formError } from "@/features/ui/errors";
import { FormError } from "@/features/ui/Field";
import { describeChanges } from "./changes";

interface Filters {
  from: string;
  to: string;
  siteId: string;
  actor: string;
  objectType: string;
  action: string;
}
const EMPTY: Filters = { from: "", to: "", siteId: "", actor: "", objectType: "", action: "" };

/** The audit trail: every change, sign-in and role or token change, newest first, filterable and
 *  exportable as CSV or JSON with the same filters. */
export function AuditPage() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const sites = useQuery(trpc.sites.list.queryOptions());
  const facets = useQuery(trpc.audit.facets.queryOptions());
  const input = {
    from: filters.from || null,
    to: filters.to || null,
    siteId: filters.siteId || null,
    actor: filters.actor,
    objectType: filters.objectType,
    action: filters.action,
    limit: 100,
  };
  const entries = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor }));
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== "")).toString();
  const rows = entries.data?.pages.flatMap((p) => p.entries) ?? [];
  const names: Record<string, string> = Object.assign({}, ...(entries.data?.pages.map((p) => p.names) ?? []));

  return (
    <div className="page">
      <header className="page__header page__header--actions">
        <div>
          <h1>Audit trail</h1>
          <p className="muted">Every change with who, when, before and after. Entries cannot be edited or deleted.</p>
        </div>
        <div className="button-row">
          <a className="button" href={`/api/export/audit?format=csv&${query}`} download>
            Export CSV
          </a>
          <a className="button" href={`/api/export/audit?format=json&${query}`} download>
            Export JSON
          </a>
        </div>
      </header>
      <section className="card">
        <form
          className="form-grid"
          aria-label="Filter the audit trail"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            setFilters(Object.fromEntries(Object.keys(EMPTY).map((k) => [k, String(f.get(k) ?? "")])) as unknown as Filters);
          }}
        >
          <div className="field">
            <label htmlFor="audit-from">From</label>
            <input id="audit-from" name="from" type="date" defaultValue={filters.from} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">To</label>
            <input id="audit-to" name="to" type="date" defaultValue={filters.to} />
          </div>
          <div className="field">
            <label htmlFor="audit-site">Site</label>
            <select id="audit-site" name="siteId" defaultValue={filters.siteId}>
              <option value="">all</option>
              {sites.data?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-actor">User</label>
            <input id="audit-actor" name="actor" defaultValue={filters.actor} placeholder="email or token" maxLength={254} />
          </div>
          <div className="field">
            <label htmlFor="audit-type">Object</label>
            <select id="audit-type" name="objectType" defaultValue={filters.objectType}>
              <option value="">all</option>
              {facets.data?.objectTypes.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-action">Action</label>
            <select id="audit-action" name="action" defaultValue={filters.action}>
              <option value="">all</option>
              {facets.data?.actions.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </div>
          <div className="form-actions">
            <button type="submit" className="button button--primary">
              Filter
            </button>
          </div>
        </form>
      </section>
      <section className="card">
        <FormError message={formError(entries.error)} />
        <table className="table audit" aria-label="Audit entries">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Object</th>
              <th>Site</th>
              <th>Changes</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id} data-action={e.action}>
                <td className="nowrap">
                  <When at={e.at} />
                </td>
                <td>{e.actorLabel}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  {e.objectType}
                  {e.objectId ? <span className="muted"> {names[e.objectId] ?? e.objectId.slice(0, 8)}</span> : null}
                </td>
                <td>{e.siteName ?? "—"}</td>
                <td>
                  <ul className="changes">
                    {describeChanges(e.before, e.after, names).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {entries.isPending ? <p className="muted">Loading…</p> : rows.length === 0 ? <p className="muted">No entry matches.</p> : null}
        {entries.hasNextPage ? (
          <button type="button" className="button" onClick={() => void entries.fetchNextPage()} disabled={entries.isFetchingNextPage}>
            Older entries
          </button>
        ) : null}
      </section>
    </div>
  );
}
