"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/features/trpc/client";

/** Breadcrumbs of a site page, the site's sections, and the search box. Without `siteName` (the page
 *  has not read it), the site's name is read here; until it arrives the crumb says so, never a
 *  stand-in name. */
export function SiteNav({ siteId, siteName, trail }: { siteId: string; siteName?: string | undefined; trail?: { label: string; href?: string }[] }) {
  const trpc = useTRPC();
  const site = useQuery({ ...trpc.sites.get.queryOptions({ id: siteId }), enabled: siteName === undefined });
  const name = siteName ?? site.data?.name;
  return (
    <div className="sitenav">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link href="/">Sites</Link> <span aria-hidden>›</span> <Link href={`/sites/${siteId}`}>{name ?? <span className="muted">loading the site…</span>}</Link>
        {(trail ?? []).map((t) => (
          <span key={t.label}>
            {" "}
            <span aria-hidden>›</span> {t.href ? <Link href={t.href}>{t.label}</Link> : <span>{t.label}</span>}
          </span>
        ))}
      </nav>
      <div className="sitenav__right">
        <nav className="sitenav__links" aria-label="Site">
          <Link href={`/sites/${siteId}`}>Overview</Link>
          <Link href={`/sites/${siteId}/findings`}>Findings</Link>
          <Link href={`/sites/${siteId}/topology`}>Topology</Link>
          <Link href={`/sites/${siteId}/cables`}>Cables</Link>
          <Link href={`/sites/${siteId}/exchange`}>Exports and imports</Link>
          <Link href={`/sites/${siteId}/plans`}>Plans</Link>
        </nav>
        <SearchBox siteId={siteId} />
      </div>
    </div>
  );
}

/** Finds racks, devices, ports and cables by name, label or TIA-606 identifier. */
export function SearchBox({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const query = q.trim();
  const hits = useQuery({ ...trpc.search.site.queryOptions({ siteId, q: query }), enabled: query.length >= 2 });
  return (
    <div className="search" onBlur={(e) => !e.currentTarget.contains(e.relatedTarget) && setOpen(false)}>
      <input
        type="search"
        aria-label="Search the site"
        placeholder="Search: rack, device, port, cable, DC1.A12-40:05"
        value={q}
        onChange={(e) => (setQ(e.target.value), setOpen(true))}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          const first = hits.data?.[0];
          if (e.key === "Enter" && first) router.push(first.href);
          if (e.key === "Escape") setOpen(false);
        }}
      />
      {open && query.length >= 2 ? (
        <ul className="search__results" role="listbox" aria-label="Search results">
          {hits.isPending ? <li className="muted">Searching…</li> : null}
          {hits.data?.length === 0 ? <li className="muted">Nothing found.</li> : null}
          {hits.data?.map((h) => (
            <li key={`${h.kind}-${h.id}`} role="option" aria-selected={false}>
              <Link href={h.href} onClick={() => setOpen(false)}>
                <span className={`kind kind--${h.kind}`}>{h.kind}</span> <strong>{h.title}</strong> <span className="muted">{h.detail}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
