import type { Core, EdgeSingular, NodeSingular } from "cytoscape";

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
const num = (n: number) => (Math.round(n * 10) / 10).toString();

function style(ele: NodeSingular | EdgeSingular, name: string): string {
  return String(ele.style(name) ?? "");
}

function nodeSvg(node: NodeSingular): string {
  const bb = node.boundingBox({ includeLabels: false, includeOverlays: false, includeUnderlays: false } as Parameters<NodeSingular["boundingBox"]>[0]);
  const borderWidth = node.numericStyle("border-width");
  const x = bb.x1 + borderWidth / 2;
  const y = bb.y1 + borderWidth / 2;
  const w = Math.max(0, bb.w - borderWidth);
  const h = Math.max(0, bb.h - borderWidth);
  const rounded = style(node, "shape").startsWith("round") ? ` rx="4"` : "";
  const dash = style(node, "border-style") === "dashed" ? ` stroke-dasharray="6 4"` : "";
  const opacity = node.numericStyle("opacity");
  const parts = [
    `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}"${rounded} fill="${style(node, "background-color")}" stroke="${style(node, "border-color")}" stroke-width="${num(borderWidth)}"${dash}/>`,
  ];
  const label = String(node.data("label") ?? "");
  if (label) {
    const size = node.numericStyle("font-size");
    const top = style(node, "text-valign") === "top";
    const ty = top ? bb.y1 - 4 : (bb.y1 + bb.y2) / 2 + size * 0.35;
    const weight = style(node, "font-weight") === "bold" ? ` font-weight="bold"` : "";
    parts.push(`<text x="${num((bb.x1 + bb.x2) / 2)}" y="${num(ty)}" font-size="${num(size)}"${weight} text-anchor="middle" fill="${style(node, "color")}">${escapeXml(label)}</text>`);
  }
  return `<g opacity="${num(opacity)}">${parts.join("")}</g>`;
}

function edgeSvg(edge: EdgeSingular): string {
  // Endpoints as drawn on screen when the renderer knows them, else the centres of the two ends.
  let s: { x: number; y: number } | undefined;
  let t: { x: number; y: number } | undefined;
  try {
    s = edge.sourceEndpoint();
    t = edge.targetEndpoint();
  } catch {
    s = undefined;
  }
  if (!s || !t || !Number.isFinite(s.x) || !Number.isFinite(t.x)) {
    s = edge.source().position();
    t = edge.target().position();
  }
  const width = edge.numericStyle("width");
  const dash = style(edge, "line-style") === "dashed" ? ` stroke-dasharray="6 4"` : "";
  const parts = [
    `<line x1="${num(s.x)}" y1="${num(s.y)}" x2="${num(t.x)}" y2="${num(t.y)}" stroke="${style(edge, "line-color")}" stroke-width="${num(width)}"${dash} stroke-linecap="round"/>`,
  ];
  const label = style(edge, "label");
  if (label && label !== "none") {
    const size = edge.numericStyle("font-size");
    parts.push(
      `<text x="${num((s.x + t.x) / 2)}" y="${num((s.y + t.y) / 2 - 3)}" font-size="${num(size)}" text-anchor="middle" fill="${style(edge, "color")}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(label)}</text>`,
    );
  }
  return `<g opacity="${num(edge.numericStyle("opacity"))}">${parts.join("")}</g>`;
}

/**
 * The graph as an SVG document, drawn from the elements' positions and computed styles: rooms,
 * then racks, then devices (outer boxes first), edges between racks and devices on top, labels as
 * text. Hidden elements are left out. Good for printing and for pasting into a report.
 */
export function topologySvg(cy: Core, opts: { title?: string; padding?: number } = {}): string {
  const padding = opts.padding ?? 24;
  const nodes = cy.nodes().filter((n) => n.visible());
  const edges = cy.edges().filter((e) => e.visible());
  const bb = nodes.union(edges).boundingBox({ includeLabels: true } as Parameters<NodeSingular["boundingBox"]>[0]);
  const x = (Number.isFinite(bb.x1) ? bb.x1 : 0) - padding;
  const y = (Number.isFinite(bb.y1) ? bb.y1 : 0) - padding;
  const w = (Number.isFinite(bb.w) ? bb.w : 0) + 2 * padding;
  const h = (Number.isFinite(bb.h) ? bb.h : 0) + 2 * padding;
  // Outer boxes first: by nesting depth, and rooms before racks when they are zones side by side.
  const rank: Record<string, number> = { room: 0, rack: 1, loose: 1, device: 2 };
  const depth = (n: NodeSingular) => n.ancestors().length * 10 + (rank[String(n.data("kind"))] ?? 2);
  const ordered = nodes.toArray().sort((a, b) => depth(a as NodeSingular) - depth(b as NodeSingular)) as NodeSingular[];
  const isBox = (n: NodeSingular) => n.isParent() || n.data("kind") !== "device";
  const boxes = ordered.filter(isBox);
  const leaves = ordered.filter((n) => !isBox(n));
  const body = [
    ...boxes.map(nodeSvg),
    `<g class="edges">${edges.toArray().map((e) => edgeSvg(e as EdgeSingular)).join("")}</g>`,
    ...leaves.map(nodeSvg),
  ];
  const title = opts.title ? `<title>${escapeXml(opts.title)}</title>` : "";
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${num(x)} ${num(y)} ${num(w)} ${num(h)}" width="${Math.ceil(w)}" height="${Math.ceil(h)}" font-family="system-ui, sans-serif">`,
    title,
    `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="#ffffff"/>`,
    ...body,
    `</svg>`,
  ].join("\n");
}
