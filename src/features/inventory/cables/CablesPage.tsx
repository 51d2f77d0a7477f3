"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/features/trpc/client";
import { SelectField } from "@/features/ui/Select";
import { SiteNav } from "../common/SiteNav";

type After = { label: string; id: string } | undefined;

/** The site's cables by label, a page at a time, with where each end is plugged. */
export function CablesPage({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const site = useQuery(trpc.sites.get.queryOptions({ id: siteId }));
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<"" | "planned" | "installed" | "decommissioned">("");
  const [pages, setPages] = useState<After[]>([undefined]);
  const after = pages[pages.length - 1];
  const list = useQuery(trpc.cables.list.queryOptions({ siteId, limit: 50, ...(q ? { q } : {}), ...(status ? { status } : {}), ...(after ? { after } : {}) }));
  return (
    <div className="page">
      <SiteNav siteId={siteId} siteName={site.data?.name} trail={[{ label: "Cables" }]} />
      <header className="page__header">
        <h1>Cables</h1>
      </header>
      <section className="card">
        <form className="form-grid filters" aria-label="Filter cables" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="cable-q">Label contains</label>
            <input id="cable-q" value={q} onChange={(e) => (setQ(e.target.value), setPages([undefined]))} />
          </div>
          <SelectField
            label="Status"
            value={status}
            onChange={(e) => (setStatus(e.target.value as typeof status), setPages([undefined]))}
            options={[
              { value: "", label: "all" },
              { value: "planned", label: "planned" },
              { value: "installed", label: "installed" },
              { value: "decommissioned", label: "decommissioned" },
            ]}
          />
        </form>
        <table className="table" aria-label="Cables">
          <thead>
            <tr>
              <th>Label</th>
              <th>Type</th>
              <th className="num">Length</th>
              <th>Status</th>
              <th>Ends</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.items.map((c) => (
              <tr key={c.id}>
                <td>
                  {c.colour ? <span className="swatch" style={{ background: `#${c.colour}` }} /> : null}
                  {c.ends[0] ? <Link href={`/sites/${siteId}/ports/${c.ends[0].portId}`}>{c.label || `#${c.id.slice(0, 8)}`}</Link> : c.label || `#${c.id.slice(0, 8)}`}
                </td>
                <td>
                  <code>{c.typeId}</code>
                </td>
                <td className="num">{c.lengthM} m</td>
                <td>{c.status}</td>
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
