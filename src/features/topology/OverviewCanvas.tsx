"use client";

import type cytoscape from "cytoscape";
import type { Core, EventObject, NodeSingular } from "cytoscape";
import { useEffect, useRef, useState } from "react";
import type { OverviewRow, TopologyOverview } from "@/server/services/topology/types";
import { ROW_BOX, overviewElements, overviewStylesheet, roomFontFor } from "./overview";
import { readability, type Readability } from "./readability";
import styles from "./topology.module.css";

export interface OverviewCanvasProps {
  overview: TopologyOverview;
  /** A row or room was tapped (null: the background). */
  onSelect(element: { group: "nodes" | "edges"; data: Record<string, unknown> } | null): void;
  /** Open a row into its racks and devices: double tap, or zooming in on it. */
  onOpenRow(row: OverviewRow): void;
}

/** Where the first rows are drawn on the canvas (room · row → x, y in pixels): for the end-to-end checks. */
function rowCentres(c: Core): string {
  const out: Record<string, [number, number]> = {};
  c.nodes("node.ov-row")
    .slice(0, 50)
    .forEach((n: NodeSingular) => {
      const p = n.renderedPosition();
      out[`${String(n.parent().first().data("name") ?? "")} · ${String(n.data("name"))}`] = [Math.round(p.x), Math.round(p.y)];
    });
  return JSON.stringify(out);
}

/** Zoomed in this far (a row box a third of the canvas wide), the row at the centre opens. */
const OPEN_ON_ZOOM = 0.33;

/**
 * The far view of a large site (see overview.ts): one small Cytoscape instance of rooms, rows and
 * bundles. Room labels keep a readable size at every zoom; zooming in on a row opens it.
 */
export function OverviewCanvas({ overview, onSelect, onOpenRow }: OverviewCanvasProps) {
  const box = useRef<HTMLDivElement>(null);
  const [cy, setCy] = useState<Core | null>(null);
  const [read, setRead] = useState<Readability | null>(null);
  const [centres, setCentres] = useState<string | undefined>(undefined);
  const handlers = useRef({ onSelect, onOpenRow });
  const fontsRef = useRef({ room: 22 });
  handlers.current = { onSelect, onOpenRow };

  useEffect(() => {
    let made: Core | null = null;
    let cancelled = false;
    let settle: ReturnType<typeof setTimeout> | undefined;
    const fonts = { room: 22 };
    fontsRef.current = fonts;
    import("cytoscape")
      .then(({ default: factory }: { default: typeof cytoscape }) => {
        if (cancelled || !box.current) return;
        const c = factory({
          container: box.current,
          style: overviewStylesheet(fonts),
          layout: { name: "preset" },
          minZoom: 0.02,
          maxZoom: 3,
          boxSelectionEnabled: false,
          autoungrabify: true,
          pixelRatio: 1,
        });
        made = c;
        const fontRoomsForZoom = () => {
          const size = roomFontFor(c.zoom());
          if (size === fonts.room) return;
          fonts.room = size;
          c.style().update();
        };
        c.on("tap", (e: EventObject) => {
          if (e.target === c) handlers.current.onSelect(null);
          else handlers.current.onSelect({ group: e.target.group(), data: e.target.data() as Record<string, unknown> });
        });
        c.on("dbltap", "node.ov-row", (e: EventObject) => handlers.current.onOpenRow(e.target.data() as OverviewRow));
        c.on("zoom", fontRoomsForZoom);
        // Only the user's own zooming opens a row (not the fit when the overview is drawn).
        let zoomedByUser = false;
        c.on("scrollzoom pinchzoom", () => {
          zoomedByUser = true;
        });
        c.on("viewport", () => {
          clearTimeout(settle);
          settle = setTimeout(() => {
            setRead(readability(c, "node.ov-row"));
            setCentres(rowCentres(c));
            if (!zoomedByUser || c.zoom() * ROW_BOX.w < OPEN_ON_ZOOM * c.width()) return;
            // The row the view is on: of the rows at least half in view, the one that fills most of it.
            let best: { row: OverviewRow; area: number } | null = null;
            c.nodes("node.ov-row").forEach((n: NodeSingular) => {
              const b = n.renderedBoundingBox({ includeLabels: false });
              const w = Math.max(0, Math.min(b.x2, c.width()) - Math.max(b.x1, 0));
              const h = Math.max(0, Math.min(b.y2, c.height()) - Math.max(b.y1, 0));
              const area = w * h;
              if (area >= 0.5 * b.w * b.h && (!best || area > best.area)) best = { row: n.data() as OverviewRow, area };
            });
            const chosen = best as { row: OverviewRow; area: number } | null;
            if (chosen) handlers.current.onOpenRow(chosen.row);
          }, 250);
        });
        setCy(c);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      clearTimeout(settle);
      made?.destroy();
    };
  }, []);

  useEffect(() => {
    if (!cy) return;
    cy.batch(() => {
      cy.elements().remove();
      cy.add(overviewElements(overview));
    });
    cy.fit(undefined, 30);
    fontsRef.current.room = roomFontFor(cy.zoom());
    cy.style().update();
    setRead(readability(cy, "node.ov-row"));
    setCentres(rowCentres(cy));
  }, [cy, overview]);

  return (
    <div
      ref={box}
      className={styles.canvas}
      data-testid="topology-graph"
      data-level="overview"
      data-state={cy && read ? "ready" : "loading"}
      data-nodes={cy ? overview.rooms.length + overview.rows.length : undefined}
      data-edges={cy ? overview.bundles.length : undefined}
      data-zoom={read?.zoom.toFixed(3)}
      data-labels-drawn={read?.labelsDrawn}
      data-smallest-label-px={read?.smallestLabelPx ?? undefined}
      data-box-overlaps={read?.rackOverlaps}
      data-row-centres={centres}
      role="img"
      aria-label="Topology overview: rooms and rows with their racks, trunks and failing channels, and the trunks between rows"
    />
  );
}
