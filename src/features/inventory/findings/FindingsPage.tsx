"use client";

import { groupFindings } from "@/domain";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { PlanBanner, usePlanMode } from "@/features/plans/PlanBanner";
import { useTRPC } from "@/features/trpc/client";
import { formError } from "@/features/ui/errors";
import { FormError } from "@/features/ui/Field";
import { SelectField } from "@/features/ui/Select";
import { SeverityBadge } from "../common/Severity";
import { SiteNav } from "../common/SiteNav";

const PAGE = 50;

export interface FindingsFilter {
  severity?: "error" | "warning" | "info";
  code?: string;
  roomId?: string;
  rackId?: string;
  offset?: number;
}

/** Every finding of the site, worst first, filtered by severity, code, room and rack (kept in the URL). */
export function FindingsPage({ siteId, filter }: { siteId: string; filter: FindingsFilter }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const site = useQuery(trpc.sites.get.queryOptions({ id: siteId }));
  const tree = useQuery(trpc.sites.tree.queryOptions({ id: siteId }));
  const offset = filter.offset ?? 0;
  // What-if: `?plan=<id>` shows the findings as that change plan would leave the site.
  const planId = usePlanMode();
  const list = useQuery(trpc.connectivity.findings.queryOptions({ siteId, ...filter, offset, limit: PAGE, ...(planId ? { planId } : {}) }));
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== "offset") next.delete("offset");
    if (key === "roomId") next.delete("rackId");
    router.push(`${pathname}${next.size ? `?${next}` : ""}`);
  };
  const rooms = tree.data?.rooms ?? [];
  const racks = rooms.filter((r) => !filter.roomId || r.id === filter.roomId).flatMap((r) => r.rows.flatMap((row) => row.racks.map((k) => ({ ...k, room: r.name }))));
  return (
    <div className="page">
      <SiteNav siteId={siteId} siteName={site.data?.name} trail={[{ label: "Findings" }]} />
      <PlanBanner siteId={siteId} planId={planId} />
      <header className="page__header">
        <h1>Findings</h1>
        <p className="muted">What the connectivity engine says about every channel and mating of the site, kept up to date with every change.</p>
      </header>
      <section className="card">
        <form className="form-grid filters" aria-label="Filter findings" onSubmit={(e) => e.preventDefault()}>
          <SelectField
            label="Severity"
            value={filter.severity ?? ""}
            onChange={(e) => set("severity", e.target.value || null)}
            options={[
              { value: "", label: `all (${list.data ? list.data.counts.error + list.data.counts.warning + list.data.counts.info : "…"})` },
              { value: "error", label: `errors (${list.data?.counts.error ?? "…"})` },
              { value: "warning", label: `warnings (${list.data?.counts.warning ?? "…"})` },
              { value: "info", label: `info (${list.data?.counts.info ?? "…"})` },
            ]}
          />
          <SelectField
            label="Code"
            value={filter.code ?? ""}
            onChange={(e) => set("code", e.target.value || null)}
            options={[{ value: "", label: "all codes" }, ...(list.data?.codes ?? []).map((c) => ({ value: c.code, label: `${c.title} (${c.n})` }))]}
          />
          <SelectField label="Room" value={filter.roomId ?? ""} onChange={(e) => set("roomId", e.target.value || null)} options={[{ value: "", label: "all rooms" }, ...rooms.map((r) => ({ value: r.id, label: r.name }))]} />
          <SelectField label="Rack" value={filter.rackId ?? ""} onChange={(e) => set("rackId", e.target.value || null)} options={[{ value: "", label: "all racks" }, ...racks.map((r) => ({ value: r.id, label: `${r.room} · ${r.name}` }))]} />
        </form>
      </section>
      <section className="card">
        {list.error ? <FormError message={formError(list.error)} /> : null}
        {list.data ? (
          list.data.items.length === 0 ? (
            <p className="ok-text">No finding{filter.severity || filter.code || filter.roomId || filter.rackId ? " matches these filters" : ": every channel passes"}.</p>
          ) : (
            <>
              <table className="table findings-table" aria-label="Findings">
                <thead>
                  <tr>
                    <th>Severity</th>
                    <th>What</th>
                    <th>Where</th>
                    <th>In words</th>
                  </tr>
                </thead>
                <tbody>
                  {byFault(list.data.items).map(({ f, title, codes, messages }) => (
                    <tr key={f.id} data-code={codes.join(" ")}>
                      <td>
                        <SeverityBadge severity={f.severity} />
                      </td>
                      <td>
                        <strong>{title}</strong>
                        <div className="muted small">{codes.join(", ")}</div>
                      </td>
                      <td className="nowrap">
                        {f.portId ? <Link href={planId ? `/sites/${siteId}/plans/${planId}/ports/${f.portId}` : `/sites/${siteId}/ports/${f.portId}`}>{f.portLabel}</Link> : "—"}
                        {f.rackId ? (
                          <div className="muted small">
                            <Link href={`/sites/${siteId}/racks/${f.rackId}`}>rack {f.rackName}</Link>
                          </div>
                        ) : null}
                      </td>
                      <td>
                        {messages.length === 1 ? (
                          messages[0]
                        ) : (
                          <ul className="changes">
                            {messages.map((m) => (
                              <li key={m}>{m}</li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="pager">
                <span className="muted">
                  {offset + 1}-{offset + list.data.items.length} of {list.data.total}
                </span>
                <button type="button" className="button" disabled={offset === 0} onClick={() => set("offset", String(Math.max(0, offset - PAGE)) || null)}>
                  Previous
                </button>
                <button type="button" className="button" disabled={offset + PAGE >= list.data.total} onClick={() => set("offset", String(offset + PAGE))}>
                  Next
                </button>
              </div>
            </>
          )
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
    </div>
  );
}

/**
 * One row per fault: the engine reports a polarity fault once per direction (transmitters facing
 * transmitters, receivers facing receivers) on the same port; shown as one finding with both
 * sentences (within the page; the count above is the engine's).
 */
function byFault<T extends { id: string; code: string; title: string; severity: string; message: string; portId: string | null }>(items: readonly T[]) {
  const groups = new Map<string, T[]>();
  for (const f of items) {
    const key = `${f.portId ?? f.id}|${f.code === "POLARITY_TX_TO_TX" || f.code === "POLARITY_RX_TO_RX" ? "POLARITY" : f.code}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].map((fs) => {
    const [g] = groupFindings(fs, []);
    return { f: fs[0]!, title: fs.length > 1 ? g!.title : fs[0]!.title, codes: [...new Set(fs.map((x) => x.code))], messages: g!.messages };
  });
}
