"use client";

import type cytoscape from "cytoscape";
import { useEffect, useRef, useState } from "react";
import type { TopologyElements } from "@/server/services/topology/types";
import { TopologyGraph, type GraphSummary } from "./graph";
import { layeredEngine, layeredPositions } from "./layered";
import { runLayout, type LayoutName } from "./layouts";
import { readability, type Readability } from "./readability";
import styles from "./topology.module.css";
import { viewElements, type ViewState } from "./view";

type Picked = { group: "nodes" | "edges"; data: Record<string, unknown> } | null;

export interface CanvasProps {
  topology: TopologyElements;
  view: ViewState;
  layout: LayoutName;
  /** Ids of the devices and cable edges on the chosen path (empty: none). */
  path: readonly string[];
  /** A node to centre on, with a counter so that asking twice for the same node works. */
  focus: { id: string; n: number } | null;
  onSelect(element: Picked): void;
  onOpen(element: NonNullable<Picked>): void;
  /** The graph, once Cytoscape has loaded (for exports). */
  onGraph(graph: TopologyGraph | null): void;
}

/**
 * Holds the one Cytoscape instance of the page. Cytoscape is loaded in the browser only (dynamic
 * import) and the instance is created once, on a div React never re-renders; every later change —
 * data, filters, layout, path — is applied to that instance in a batch.
 *
 * The live graph is described on the container's data- attributes (counts of nodes and edges,
 * faults, the highlighted path): the end-to-end tests read them, in any build.
 */
export function TopologyCanvas({ topology, view, layout, path, focus, onSelect, onOpen, onGraph }: CanvasProps) {
  const box = useRef<HTMLDivElement>(null);
  const [graph, setGraph] = useState<TopologyGraph | null>(null);
  const [factory, setFactory] = useState<typeof cytoscape | null>(null);
  const [summary, setSummary] = useState<GraphSummary | null>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  const [read, setRead] = useState<Readability | null>(null);
  const [pathInView, setPathInView] = useState<boolean | null>(null);
  const pathRef = useRef(path);
  pathRef.current = path;
  const handlers = useRef({ onSelect, onOpen, onGraph });
  handlers.current = { onSelect, onOpen, onGraph };

  useEffect(() => {
    let made: TopologyGraph | null = null;
    let cancelled = false;
    import("cytoscape")
      .then(({ default: cy }) => {
        if (cancelled || !box.current) return;
        made = new TopologyGraph({
          container: box.current,
          factory: cy,
          onSelect: (e) => handlers.current.onSelect(e),
          onOpen: (e) => handlers.current.onOpen(e),
        });
        // How the graph reads once the view settles (for the page's data- attributes).
        let settle: ReturnType<typeof setTimeout> | undefined;
        made.cy.on("viewport", () => {
          clearTimeout(settle);
          settle = setTimeout(() => {
            if (!made || made.cy.destroyed()) return;
            setRead(readability(made.cy));
            setPathInView(pathRef.current.length ? made.inView(pathRef.current) : null);
          }, 250);
        });
        setFactory(() => cy);
        setGraph(made);
        handlers.current.onGraph(made);
      })
      .catch(() => setState("failed"));
    return () => {
      cancelled = true;
      handlers.current.onGraph(null);
      made?.destroy();
    };
  }, []);

  // Layout first, so that the elements added below land on their places. The view is fitted when
  // the layout changes, not when the same site is merely read again.
  const laidOut = useRef<LayoutName | null>(null);
  const fittedPath = useRef("");
  const elk = useRef<Awaited<ReturnType<typeof layeredEngine>> | null>(null);
  const [tiersPending, setTiersPending] = useState(false);
  useEffect(() => () => (elk.current as { terminateWorker?: () => void } | null)?.terminateWorker?.(), []);
  useEffect(() => {
    if (!graph || !factory) return;
    if (layout === "layered") {
      // ELK in its worker: the page stays responsive; the devices move when it answers.
      let cancelled = false;
      setTiersPending(true);
      (async () => {
        elk.current ??= await layeredEngine();
        const positions = await layeredPositions(topology, elk.current);
        if (cancelled) return;
        graph.setPositions(positions, { fit: laidOut.current !== layout });
        laidOut.current = layout;
        setTiersPending(false);
      })().catch(() => setState("failed"));
      return () => {
        cancelled = true;
      };
    }
    setTiersPending(false);
    const { positions, zones } = runLayout(layout, topology, factory);
    graph.setPositions(positions, { zones, fit: laidOut.current !== layout });
    laidOut.current = layout;
  }, [graph, factory, topology, layout]);

  useEffect(() => {
    if (!graph) return;
    graph.setElements(viewElements(topology, view, { tiers: layout === "layered" }));
    graph.fitOnce();
    if (path.length) graph.highlighter.showPath(path);
    else graph.highlighter.clearPath();
    // A newly chosen path (or finding) is brought into view.
    const key = path.join(" ");
    if (path.length && key !== fittedPath.current) graph.fitTo(path);
    fittedPath.current = key;
    setSummary(graph.summary());
    setRead(readability(graph.cy));
    setPathInView(path.length ? graph.inView(path) : null);
    setState("ready");
  }, [graph, topology, view, path, layout]);

  useEffect(() => {
    if (graph && focus) graph.focus(focus.id);
  }, [graph, focus]);

  return (
    <div
      ref={box}
      className={styles.canvas}
      data-testid="topology-graph"
      data-state={tiersPending && state === "ready" ? "loading" : state}
      data-layout={layout}
      data-nodes={summary?.nodes}
      data-edges={summary?.edges}
      data-errors={summary?.errors}
      data-warnings={summary?.warnings}
      data-error-labels={summary ? JSON.stringify(summary.faults.errors) : undefined}
      data-warning-labels={summary ? JSON.stringify(summary.faults.warnings) : undefined}
      data-path-nodes={summary ? JSON.stringify(summary.path.nodes) : undefined}
      data-path-edges={summary ? JSON.stringify(summary.path.edges) : undefined}
      data-level="detail"
      data-path-in-view={pathInView === null ? undefined : String(pathInView)}
      data-zoom={read?.zoom.toFixed(3)}
      data-labels-drawn={read?.labelsDrawn}
      data-smallest-label-px={read?.smallestLabelPx ?? undefined}
      data-box-overlaps={read?.rackOverlaps}
      role="img"
      aria-label="Topology graph: rooms, racks and devices, with the cables between them"
    />
  );
}
