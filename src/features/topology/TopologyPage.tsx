"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { cloneElement, useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import type { FiberModeKey } from "@/server/services/topology/types";
import { SiteNav } from "@/features/inventory/common/SiteNav";
import { PlanBanner } from "@/features/plans/PlanBanner";
import { useTRPC } from "@/features/trpc/client";
import { formError } from "@/features/ui/errors";
import { FormError } from "@/features/ui/Field";
import { DetailsPanel, type Selection } from "./DetailsPanel";
import type { TopologyGraph } from "./graph";
import { Legend } from "./Legend";
import { LAYOUT_NAMES, LAYOUT_STORAGE_KEY, LAYOUTS, initialLayout, isLayoutName, type LayoutName } from "./layouts";
import { PathFinder, type PathTarget } from "./PathFinder";
import { OverviewCanvas } from "./OverviewCanvas";
import { OVERVIEW_RACKS } from "./overview";
import { TopologyCanvas } from "./TopologyCanvas";
import s from "./topology.module.css";
import { DEFAULT_VIEW, bundlesOf, type ViewState } from "./view";

function download(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A labelled control of the toolbar: the label names the control alone (not its options). */
function Control({ label, children }: { label: string; children: React.ReactElement<{ id?: string }> }) {
  const id = useId();
  return (
    <div className={s.control}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id })}
    </div>
  );
}

function readStoredLayout(): string | null {
  try {
    return window.localStorage.getItem(LAYOUT_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The topology of a site: filters and search above, the graph, the legend, details and path beside it. */
export function TopologyPage({ siteId, planId = null, overviewFirst = false }: { siteId: string; planId?: string | null; overviewFirst?: boolean }) {
  const trpc = useTRPC();
  const site = useQuery(trpc.sites.get.queryOptions({ id: siteId }));
  // The site in figures per room and row first; the graph itself for a small site, or for the
  // room or row opened on a large one (read on demand).
  const overview = useQuery({ ...trpc.topology.overview.queryOptions({ siteId, ...(planId ? { planId } : {}) }), refetchOnWindowFocus: false });
  const large = overview.data ? overviewFirst || overview.data.totals.racks > OVERVIEW_RACKS : null;
  const [opened, setOpened] = useState<{ roomId: string; row?: string; title: string } | null>(null);
  const scope = large && opened ? { roomId: opened.roomId, ...(opened.row !== undefined ? { row: opened.row } : {}) } : undefined;
  const topo = useQuery({
    ...trpc.topology.get.queryOptions({ siteId, ...(planId ? { planId } : {}), ...(scope ? { scope } : {}) }),
    refetchOnWindowFocus: false,
    enabled: large === false || (large === true && opened !== null),
  });

  const [view, setView] = useState<ViewState>(DEFAULT_VIEW);
  const [chosenLayout, setChosenLayout] = useState<LayoutName | null>(null);
  const [picked, setPicked] = useState<Selection | null>(null);
  const [target, setTarget] = useState<PathTarget | null>(null);
  const [focus, setFocus] = useState<{ id: string; n: number } | null>(null);
  const [searchText, setSearchText] = useState("");
  const [searchNote, setSearchNote] = useState<string | null>(null);
  const graph = useRef<TopologyGraph | null>(null);

  // The stored layout is read after mounting (the server has no localStorage), and the graph waits
  // for it, so that a large site is not laid out twice.
  const [stored, setStored] = useState<{ layout: string | null } | null>(null);
  useEffect(() => setStored({ layout: readStoredLayout() }), []);
  const elements = topo.data?.elements;
  const layout: LayoutName = chosenLayout ?? (elements ? initialLayout(elements, stored?.layout ?? null) : "floor-plan");
  const chooseLayout = (name: LayoutName) => {
    setChosenLayout(name);
    try {
      window.localStorage.setItem(LAYOUT_STORAGE_KEY, name);
    } catch {
      // Private windows may refuse storage: the choice then lasts for this visit.
    }
  };

  const portPath = useQuery({ ...trpc.topology.portPath.queryOptions({ siteId, portId: target?.id ?? siteId, ...(planId ? { planId } : {}) }), enabled: target?.kind === "port" });
  const channelPath = useQuery({ ...trpc.topology.channelPath.queryOptions({ siteId, channelKey: target?.id ?? siteId, ...(planId ? { planId } : {}) }), enabled: target?.kind === "channel" });
  const path = target?.kind === "port" ? portPath : target?.kind === "channel" ? channelPath : null;

  // A chosen path opens the bundles it runs through and shows its cords, whatever the filters.
  const pathCables = useMemo(() => new Set(path?.data?.cableIds ?? []), [path?.data]);
  useEffect(() => {
    if (!elements || pathCables.size === 0) return;
    const open = bundlesOf(elements, pathCables);
    setView((v) => ({ ...v, pinned: pathCables, expanded: new Set([...v.expanded, ...open]) }));
  }, [elements, pathCables]);
  const pathIds = useMemo(() => {
    if (!path?.data || !elements) return [];
    const ids: string[] = [...path.data.deviceIds];
    for (const e of elements.edges) if (e.kind === "cable" && pathCables.has(e.cableId)) ids.push(e.id);
    return ids;
  }, [path?.data, elements, pathCables]);

  const clearPath = () => {
    setTarget(null);
    setView((v) => ({ ...v, pinned: new Set() }));
  };
  const set = <K extends keyof ViewState>(key: K, value: ViewState[K]) => setView((v) => ({ ...v, [key]: value }));
  const openBundle = useCallback((id: string) => setView((v) => ({ ...v, expanded: new Set([...v.expanded, id]) })), []);
  const onOpen = useCallback((e: Selection) => (e.data.kind === "bundle" ? openBundle(String(e.data.id)) : undefined), [openBundle]);
  const onGraph = useCallback((g: TopologyGraph | null) => (graph.current = g), []);

  const labels = useMemo(() => (elements ? elements.nodes.filter((n) => n.kind !== "loose").map((n) => ({ id: n.id, label: n.label, kind: n.kind })) : []), [elements]);
  // A search made before the graph is read waits for it: "no such device" is said only of a graph read.
  const [pendingSearch, setPendingSearch] = useState<{ text: string; located: boolean } | null>(null);
  const queryClient = useQueryClient();
  // On a large site the graph holds one room or row, or (the overview) none: a rack or device that
  // is not in it is found through the site's search, its row opened, and looked for again there.
  const locate = async (text: string) => {
    const q = text.trim();
    setSearchNote(`Finding “${q}” in the site…`);
    try {
      const hits = await queryClient.fetchQuery(trpc.search.site.queryOptions({ siteId, q, limit: 10 }));
      const named = (h: { title: string }) => h.title.toLowerCase() === q.toLowerCase();
      const hit = hits.find((h) => h.kind === "device" && named(h)) ?? hits.find((h) => h.kind === "rack" && named(h)) ?? hits.find((h) => h.kind === "device" || h.kind === "rack");
      if (!hit) return setSearchNote(`No rack or device of this site is called “${q}”.`);
      const rackId = hit.kind === "rack" ? hit.id : (await queryClient.fetchQuery(trpc.devices.get.queryOptions({ id: hit.id }))).device.rackId;
      if (!rackId) return setSearchNote(`${hit.title} is in no rack: the graph of a large site is drawn room by room and row by row.`);
      const { rack } = await queryClient.fetchQuery(trpc.racks.get.queryOptions({ id: rackId }));
      const row = overview.data?.rows.find((r) => r.roomId === rack.roomId && r.row === rack.row);
      if (!row) return setSearchNote(`No row of the overview holds ${hit.title}.`);
      openRow(row, roomName(row.roomId));
      setPendingSearch({ text: hit.kind === "device" ? hit.title : rack.name, located: true });
    } catch (err) {
      setSearchNote(formError(err));
    }
  };
  const search = (text: string, located = false) => {
    const q = text.trim().toLowerCase();
    if (!q) return;
    if (large && !opened && !located) return void locate(text);
    if (!elements) {
      setPendingSearch({ text, located });
      return setSearchNote(`Reading the site to find “${text.trim()}”…`);
    }
    const hit = labels.find((l) => l.label.toLowerCase() === q) ?? labels.find((l) => l.label.toLowerCase().startsWith(q)) ?? labels.find((l) => l.label.toLowerCase().includes(q));
    if (!hit && large && !located) return void locate(text);
    if (!hit) return setSearchNote(`No room, rack or device is called “${text.trim()}”.`);
    if (graph.current?.cy.getElementById(hit.id).empty()) {
      // Hidden by a filter: widen the view to everything first.
      setView((v) => ({ ...DEFAULT_VIEW, expanded: v.expanded, pinned: v.pinned, showCords: v.showCords }));
    }
    setSearchNote(null);
    setFocus((f) => ({ id: hit.id, n: (f?.n ?? 0) + 1 }));
    setPicked({ group: "nodes", data: { ...elements!.nodes.find((n) => n.id === hit.id)! } });
  };
  useEffect(() => {
    if (pendingSearch === null) return;
    // Asked before the overview said the site is large: found through the site's search.
    if (!elements && large && !opened && !pendingSearch.located) {
      setPendingSearch(null);
      return void locate(pendingSearch.text);
    }
    if (!elements) return;
    setPendingSearch(null);
    search(pendingSearch.text, pendingSearch.located);
  }, [elements, pendingSearch, large, opened]);

  const counts = useMemo(() => {
    if (overview.data) return overview.data.totals;
    if (!elements) return null;
    let racks = 0;
    let devices = 0;
    let trunks = 0;
    let cords = 0;
    for (const n of elements.nodes) if (n.kind === "rack") racks++;
    else if (n.kind === "device") devices++;
    for (const e of elements.edges) {
      if (e.kind !== "cable" || e.id.includes("#")) continue;
      if (e.layer === "trunk") trunks++;
      else cords++;
    }
    return { racks, devices, trunks, cords };
  }, [elements, overview.data]);
  const openRow = useCallback((row: { roomId: string; row: string; label: string }, room?: string) => {
    setPicked(null);
    setOpened({ roomId: row.roomId, row: row.row, title: `${room ?? ""}${room ? " · " : ""}${row.label}` });
  }, []);
  const overviewRooms = overview.data?.rooms ?? [];
  const roomName = (id: string) => overviewRooms.find((r) => r.id === `room:${id}`)?.label;
  const showOverview = large === true && opened === null;

  const channels = overview.data?.channels ?? topo.data?.channels;
  const fileName = (ext: string) => `${site.data?.code ?? "site"}-topology.${ext}`;
  const rooms = large ? overviewRooms : (elements?.nodes.filter((n) => n.kind === "room") ?? []);
  const modes = [...new Set(elements?.edges.map((e) => e.mode) ?? [])].sort() as FiberModeKey[];

  return (
    <div className={s.page}>
      <SiteNav siteId={siteId} siteName={site.data?.name} trail={[{ label: "Topology" }]} />
      <PlanBanner siteId={siteId} planId={planId} />
      <header className={s.header}>
        <div>
          <h1>Topology{site.data ? ` of ${site.data.name}` : ""}</h1>
          {counts && (overview.data ?? topo.data) ? (
            <p className={s.figures} data-testid="topology-figures">
              <strong>{rooms.length}</strong> room{rooms.length === 1 ? "" : "s"} · <strong>{counts.racks.toLocaleString("en")}</strong> racks · <strong>{counts.devices.toLocaleString("en")}</strong> devices ·{" "}
              <strong>{counts.trunks.toLocaleString("en")}</strong> trunks · <strong>{counts.cords.toLocaleString("en")}</strong> cords · channels: <strong>{channels!.pass}</strong> pass,{" "}
              <strong className={channels!.warning ? s.doubt : undefined}>{channels!.warning}</strong> warning,{" "}
              <strong className={channels!.fail ? s.bad : undefined}>{channels!.fail}</strong> failing
              {elements && elements.looseCables ? ` · ${elements.looseCables} cables plugged at one end only (not drawn)` : ""}
            </p>
          ) : null}
        </div>
        <div className="button-row">
          <button type="button" className="button" disabled={!elements} onClick={() => graph.current && download(fileName("png"), graph.current.png())}>
            Export PNG
          </button>
          <button
            type="button"
            className="button"
            disabled={!elements}
            onClick={() => graph.current && download(fileName("svg"), new Blob([graph.current.svg(`Topology of ${site.data?.name ?? "site"}`)], { type: "image/svg+xml" }))}
          >
            Export SVG
          </button>
        </div>
      </header>

      <form
        className={s.toolbar}
        aria-label="Filters"
        onSubmit={(e) => {
          e.preventDefault();
          search(searchText);
        }}
      >
        <Control label="Status">
          <select value={view.status} onChange={(e) => set("status", e.target.value as ViewState["status"])}>
            <option value="both">Installed and planned</option>
            <option value="installed">Installed</option>
            <option value="planned">Planned</option>
          </select>
        </Control>
        <Control label="Fiber">
          <select value={view.mode} onChange={(e) => set("mode", e.target.value as ViewState["mode"])}>
            <option value="any">Any mode</option>
            {(["MM", "SM", "unknown"] as const)
              .filter((m) => m !== "unknown" || modes.includes(m))
              .map((m) => (
                <option key={m} value={m}>
                  {m === "MM" ? "Multimode (OM)" : m === "SM" ? "Single-mode (OS)" : "Unknown"}
                </option>
              ))}
          </select>
        </Control>
        <Control label="Room">
          <select
            value={large ? (opened && opened.row === undefined ? `room:${opened.roomId}` : "") : (view.room ?? "")}
            onChange={(e) => {
              if (!large) return set("room", e.target.value || null);
              const id = e.target.value.slice("room:".length);
              setOpened(e.target.value ? { roomId: id, title: roomName(id) ?? "Room" } : null);
            }}
          >
            <option value="">Every room</option>
            {rooms.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </Control>
        <Control label="Faults">
          <select value={view.severity} onChange={(e) => set("severity", e.target.value as ViewState["severity"])}>
            <option value="any">Show everything</option>
            <option value="warning">Warnings and errors</option>
            <option value="error">Errors only</option>
          </select>
        </Control>
        <label className={s.check}>
          <input type="checkbox" checked={view.showCords} onChange={(e) => set("showCords", e.target.checked)} /> Patch cords
        </label>
        <label className={s.check}>
          <input type="checkbox" checked={view.expandAll} onChange={(e) => set("expandAll", e.target.checked)} /> Single trunks
        </label>
        <Control label="Layout">
          <select value={layout} onChange={(e) => isLayoutName(e.target.value) && chooseLayout(e.target.value)} title={LAYOUTS[layout].hint}>
            {LAYOUT_NAMES.map((name) => (
              <option key={name} value={name}>
                {LAYOUTS[name].label}
              </option>
            ))}
          </select>
        </Control>
        <span className={s.spacer} />
        <div className={s.search}>
          <Control label="Find a room, rack or device">
            <input type="search" list="topology-labels" value={searchText} onChange={(e) => setSearchText(e.target.value)} maxLength={100} placeholder="A01, leaf1…" />
          </Control>
          <datalist id="topology-labels">
            {labels.slice(0, 2000).map((l) => (
              <option key={l.id} value={l.label} />
            ))}
          </datalist>
          <button type="submit" className="button">
            Find
          </button>
        </div>
        {searchNote ? (
          <p className={s.note} role="status" style={{ flexBasis: "100%" }}>
            {searchNote}
          </p>
        ) : null}
      </form>

      <FormError message={overview.error ? formError(overview.error) : topo.error ? formError(topo.error) : null} />
      {large ? (
        <nav className={s.levels} aria-label="Level of detail">
          {opened ? (
            <>
              <button type="button" className={s.linkButton} onClick={() => setOpened(null)}>
                ← Site overview
              </button>
              <span>
                {opened.title}
                {topo.data && topo.data.leavingCables > 0 ? ` · ${topo.data.leavingCables.toLocaleString("en")} cables leave it (drawn on the overview)` : ""}
              </span>
            </>
          ) : (
            <span>Overview: rooms and rows. Zoom in on a row or double-click it to see its racks and devices.</span>
          )}
        </nav>
      ) : null}
      <div className={s.body}>
        <div className={s.canvasWrap}>
          {showOverview && overview.data ? (
            <OverviewCanvas
              overview={overview.data}
              onSelect={setPicked}
              onOpenRow={(row) => openRow(row, roomName(row.roomId))}
            />
          ) : elements && stored ? (
            <TopologyCanvas
              topology={elements}
              view={view}
              layout={layout}
              path={pathIds}
              focus={focus}
              onSelect={setPicked}
              onOpen={onOpen}
              onGraph={onGraph}
            />
          ) : (
            <div className={s.canvas} data-testid="topology-graph" data-state="loading" />
          )}
          {!showOverview && !elements && !topo.error && !overview.error ? <div className={s.overlay}>Reading the site…</div> : null}
          {elements && elements.nodes.length === 0 ? <div className={s.overlay}>No room or rack yet: add racks on the site page.</div> : null}
        </div>
        <aside className={s.side} aria-label="Topology side panel">
          <PathFinder siteId={siteId} onChoose={setTarget} />
          {target ? (
            <section className={s.panel} aria-label="Chosen path" data-testid="topology-path">
              <h2>Path: {path?.data?.title ?? target.label}</h2>
              {path?.isPending ? <p className={s.note}>Tracing…</p> : null}
              {path?.error ? <p className="form-error">{formError(path.error)}</p> : null}
              {path?.data?.note ? <p className={s.note}>{path.data.note}</p> : null}
              {path?.data && path.data.channels.length > 0 ? (
                <p className={s.note}>
                  {path.data.channelTotal} channel{path.data.channelTotal === 1 ? "" : "s"}: {path.data.channels.map((c) => `${c.title} (${c.verdict})`).join("; ")}
                </p>
              ) : null}
              <p className={s.note}>
                {path?.data ? `${path.data.deviceIds.length} devices, ${path.data.cableIds.length} cables. ` : ""}
                <button type="button" className={s.linkButton} onClick={clearPath}>
                  Clear the path
                </button>
              </p>
            </section>
          ) : null}
          {picked && (picked.data.kind === "row" || picked.data.kind === "row-bundle") ? (
            <section className={s.panel} aria-label="Chosen row" data-testid="topology-row">
              <h2>{picked.data.kind === "row" ? `${roomName(String(picked.data.roomId)) ?? ""} · ${String(picked.data.name)}` : `Trunks between rows: ${String(picked.data.label)}`}</h2>
              {picked.data.kind === "row" ? (
                <>
                  <p className={s.note}>
                    {Number(picked.data.racks)} racks, {Number(picked.data.devices)} devices, {Number(picked.data.trunks)} trunks; {Number(picked.data.failing)} failing and{" "}
                    {Number(picked.data.doubtful)} doubtful channels.
                  </p>
                  <button type="button" className="button" onClick={() => openRow(picked.data as { roomId: string; row: string; label: string }, roomName(String(picked.data.roomId)))}>
                    Open the row
                  </button>
                </>
              ) : (
                <p className={s.note}>
                  {String(picked.data.mode)} · {String(picked.data.status)}. Open either row to see its racks and the trunks inside it.
                </p>
              )}
            </section>
          ) : null}
          <DetailsPanel siteId={siteId} planId={planId} picked={picked} onChannelPath={(key) => setTarget({ kind: "channel", id: key, label: "channel" })} onOpenBundle={openBundle} />
          <Legend />
        </aside>
      </div>
    </div>
  );
}
