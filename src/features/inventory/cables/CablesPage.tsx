"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { ListCablesInput } from "@/server/services/cables/schemas";
import { CABLE_LIST_FIBERS, CABLE_LIST_KINDS, CABLE_LIST_POLARITIES } from "@/server/services/cables/schemas";
import { useTRPC } from "@/features/trpc/client";
import { SelectField } from "@/features/ui/Select";
import { VerdictBadge } from "../common/Severity";
import { SiteNav } from "../common/SiteNav";

type After = ListCablesInput["after"];
type Filters = Pick<ListCablesInput, "status" | "kind" | "fiber" | "polarity" | "verdict">;
type Sort = { sort: "label" | "length"; desc: boolean };

const KIND_WORDS: Record<(typeof CABLE_LIST_KINDS)[number], string> = { "patch-cord": "cord", trunk: "trunk", harness: "harness", conversion: "conversion cord" };
const POLARITY_WORDS: Record<(typeof CABLE_LIST_POLARITIES)[number], string> = { A: "Type A", B: "Type B", C: "Type C", AB: "A-to-B", AA: "A-to-A" };
const all = (label = "all") => ({ value: "", label });

/** The site's cables: type in words, kind, fiber, polarity type, length, status and the worst channel
 *  through each, filtered on any of them, searched anywhere in the label, ordered by label or length. */
export function CablesPage({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const [q, setQ] = useState("");
  const [filters, setFilters] = useState<Filters>({});
  const [order, setOrder] = useState<Sort>({ sort: "label", desc: false });
  const [pages, setPages] = useState<After[]>([undefined]);
  const after = pages[pages.length - 1];
  const list = useQuery(trpc.cables.list.queryOptions({ siteId, limit: 50, ...(q ? { q } : {}), ...filters, ...order, ...(after ? { after } : {}) }));
  const filter = (key: keyof Filters) => (e: React.ChangeEvent<HTMLSelectElement>) => {
    setFilters((f) => ({ ...f, [key]: e.target.value || undefined }));
    setPages([undefined]);
  };
  const sortBy = (sort: Sort["sort"]) => {
    setOrder((o) => ({ sort, desc: o.sort === sort ? !o.desc : false }));
    setPages([undefined]);
  };
  return (
    <div className="page">
      <SiteNav siteId={siteId} trail={[{ label: "Cables" }]} />
      <header className="page__header">
        <h1>Cables</h1>
      </header>
      <section className="card">
        <form className="form-grid filters" aria-label="Filter cables" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="cable-q">Label contains</label>
            <input id="cable-q" value={q} onChange={(e) => (setQ(e.target.value), setPages([undefined]))} />
          </div>
          <SelectField label="Kind" value={filters.kind ?? ""} onChange={filter("kind")} options={[all(), ...CABLE_LIST_KINDS.map((k) => ({ value: k, label: KIND_WORDS[k] }))]} />
          <SelectField label="Fiber" value={filters.fiber ?? ""} onChange={filter("fiber")} options={[all(), ...CABLE_LIST_FIBERS]} />
          <SelectField label="Polarity type" value={filters.polarity ?? ""} onChange={filter("polarity")} options={[all(), ...CABLE_LIST_POLARITIES.map((p) => ({ value: p, label: POLARITY_WORDS[p] }))]} />
          <SelectField label="Status" value={filters.status ?? ""} onChange={filter("status")} options={[all(), "planned", "installed", "decommissioned"]} />
          <SelectField
            label="Channel verdict"
            value={filters.verdict ?? ""}
            onChange={filter("verdict")}
            options={[all(), { value: "fail", label: "fail" }, { value: "warning", label: "warning" }, { value: "pass", label: "pass" }, { value: "none", label: "no channel" }]}
          />
        </form>
        <div className="table-scroll">
          <table className="table" aria-label="Cables">
            <thead>
              <tr>
                <SortHeader label="Label" by="label" order={order} onSort={sortBy} />
                <th>Type</th>
                <th>Kind</th>
                <th>Fiber</th>
                <th>Polarity type</th>
                <SortHeader label="Length" by="length" order={order} onSort={sortBy} num />
                <th>Status</th>
                <th>Channel</th>
                <th>Ends</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((c) => (
                <tr key={c.id} data-cable={c.label}>
                  <td>
                    {c.colour ? <span className="swatch" style={{ background: `#${c.colour}` }} /> : null}
                    {c.ends[0] ? <Link href={`/sites/${siteId}/ports/${c.ends[0].portId}`}>{c.label || `#${c.id.slice(0, 8)}`}</Link> : c.label || `#${c.id.slice(0, 8)}`}
                  </td>
                  <td className="small">
                    {c.words ?? ""}
                    <div className="muted">
                      <code>{c.typeId}</code>
                    </div>
                  </td>
                  <td>{c.kind ? KIND_WORDS[c.kind as keyof typeof KIND_WORDS] ?? c.kind : "—"}</td>
                  <td>{c.fiber ?? "—"}</td>
                  <td>{c.polarity ? (POLARITY_WORDS[c.polarity as keyof typeof POLARITY_WORDS] ?? c.polarity) : "—"}</td>
                  <td className="num">{c.lengthM} m</td>
                  <td>{c.status}</td>
                  <td>
                    <VerdictBadge verdict={c.verdict} />
                  </td>
                  <td className="small">
                    {c.ends.length
                      ? c.ends.map((e, i) => (
                          <span key={e.connector}>
                            {i > 0 ? ", " : ""}
                            {e.connector} → <Link href={`/sites/${siteId}/ports/${e.portId}`}>{e.port}</Link>
                            {e.side === "rear" ? " (rear)" : ""}
                          </span>
                        ))
                      : "not plugged"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {list.isPending ? <p className="muted">Loading…</p> : list.data?.items.length === 0 ? <p className="muted">No cable matches.</p> : null}
        <div className="pager">
          <button type="button" className="button" disabled={pages.length <= 1} onClick={() => setPages((p) => p.slice(0, -1))}>
            Previous
          </button>
          <button type="button" className="button" disabled={!list.data?.next} onClick={() => list.data?.next && setPages((p) => [...p, list.data!.next!])}>
            Next
          </button>
        </div>
      </section>
    </div>
  );
}

/** A column header that orders the list by its column; pressed again, the other way. */
function SortHeader({ label, by, order, onSort, num = false }: { label: string; by: Sort["sort"]; order: Sort; onSort(by: Sort["sort"]): void; num?: boolean }) {
  const on = order.sort === by;
  return (
    <th className={num ? "num" : undefined} aria-sort={on ? (order.desc ? "descending" : "ascending") : "none"}>
      <button type="button" className="sort" onClick={() => onSort(by)}>
        {label}
        {on ? (order.desc ? " ↓" : " ↑") : ""}
      </button>
    </th>
  );
}
