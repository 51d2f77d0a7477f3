import type { Core, NodeSingular } from "cytoscape";

export interface Readability {
  zoom: number;
  /** Labels drawn at this zoom (Cytoscape skips those under their min-zoomed-font-size). */
  labelsDrawn: number;
  /** The smallest drawn label, in screen pixels (null: none drawn). */
  smallestLabelPx: number | null;
  /** Pairs of rack boxes that intersect. */
  rackOverlaps: number;
}

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Pairs of boxes that intersect (touching edges do not count): a sweep along x. */
export function countOverlaps(boxes: readonly Box[]): number {
  const sorted = [...boxes].sort((a, b) => a.x1 - b.x1);
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length && sorted[j]!.x1 < a.x2; j++) {
      const b = sorted[j]!;
      if (b.y1 < a.y2 && a.y1 < b.y2) n++;
    }
  }
  return n;
}

/**
 * How the graph reads at its current zoom, measured from Cytoscape's computed styles: which labels
 * are drawn and how big on screen, and whether rack boxes intersect. The page writes it on the
 * graph's data- attributes; the end-to-end checks read it.
 */
export function readability(cy: Core, rackSelector = "node.rack"): Readability {
  const zoom = cy.zoom();
  let drawn = 0;
  let smallest = Infinity;
  cy.elements(":visible").forEach((ele) => {
    const label = String(ele.style("label") ?? "");
    if (!label) return;
    const px = Number.parseFloat(String(ele.style("font-size"))) * zoom;
    const min = Number.parseFloat(String(ele.style("min-zoomed-font-size"))) || 0;
    if (px < min) return;
    drawn++;
    smallest = Math.min(smallest, px);
  });
  const boxes: Box[] = [];
  cy.nodes(rackSelector).forEach((n: NodeSingular) => {
    const b = n.boundingBox({ includeLabels: false, includeOverlays: false, includeUnderlays: false });
    // Borders are drawn half outside the box: a hair's overlap of two borders is not an overlap.
    boxes.push({ x1: b.x1 + 1, y1: b.y1 + 1, x2: b.x2 - 1, y2: b.y2 - 1 });
  });
  return { zoom, labelsDrawn: drawn, smallestLabelPx: Number.isFinite(smallest) ? Math.round(smallest * 10) / 10 : null, rackOverlaps: countOverlaps(boxes) };
}
