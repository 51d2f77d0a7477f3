import cytoscape from "cytoscape";
import { describe, expect, it } from "vitest";
import type { OverviewRow, TopologyOverview } from "@/server/services/topology/types";
import { zoomFonts } from "./graph";
import { separateBoxes } from "./layouts";
import { MIN_LABEL_PX, ROW_BOX, overviewElements, overviewPositions, overviewStylesheet, roomFontFor, rowLabel } from "./overview";
import { countOverlaps, readability } from "./readability";

const row = (room: string, name: string, extra: Partial<OverviewRow> = {}): OverviewRow => ({
  kind: "row",
  id: `row:${room}:${name}`,
  parent: `room:${room}`,
  roomId: room,
  row: name,
  label: `Row ${name}`,
  racks: 25,
  devices: 150,
  trunks: 40,
  failing: 0,
  doubtful: 0,
  severity: null,
  ...extra,
});

function site(rooms: number, rowsPerRoom: number): TopologyOverview {
  const roomList = Array.from({ length: rooms }, (_, i) => ({
    kind: "room" as const,
    id: `room:r${i}`,
    label: `Hall ${i + 1}`,
    rows: rowsPerRoom,
    racks: 25 * rowsPerRoom,
    devices: 150 * rowsPerRoom,
    trunks: 40 * rowsPerRoom,
    failing: 0,
    doubtful: 0,
    severity: null,
  }));
  const rows = roomList.flatMap((r, i) => Array.from({ length: rowsPerRoom }, (_, j) => row(`r${i}`, String.fromCharCode(65 + j), j === 1 ? { failing: 3, severity: "error" } : {})));
  const bundles = rows.slice(1).map((b, i) => ({
    kind: "bundle" as const,
    id: `bundle:${rows[0]!.id}|${b.id}|SM|installed`,
    source: rows[0]!.id,
    target: b.id,
    label: `${i + 1} trunks · ${(i + 1) * 12} f`,
    mode: "SM" as const,
    status: "installed" as const,
    cables: i + 1,
    fibers: (i + 1) * 12,
    severity: null,
  }));
  return { site: { id: "s", name: "S", code: "S" }, rooms: roomList, rows, bundles, totals: { racks: 0, devices: 0, trunks: 0, cords: 0 }, channels: { pass: 0, warning: 0, fail: 0 }, planned: false };
}

describe("topology overview", () => {
  it("labels a row with its figures, and a failing row with its failing channels", () => {
    expect(rowLabel(row("a", "C"))).toBe("Row C\n25 racks · 40 trunks");
    expect(rowLabel(row("a", "C", { failing: 1, doubtful: 2 }))).toBe("Row C\n25 racks · 40 trunks\n1 failing channel · 2 in doubt");
  });

  it("places rows in a grid per room, never on top of each other, the same every time", () => {
    const o = site(10, 12);
    const at = overviewPositions(o);
    expect(at.size).toBe(120);
    const boxes = [...at.values()].map((p) => ({ x1: p.x - ROW_BOX.w / 2, y1: p.y - ROW_BOX.h / 2, x2: p.x + ROW_BOX.w / 2, y2: p.y + ROW_BOX.h / 2 }));
    expect(countOverlaps(boxes)).toBe(0);
    expect(overviewPositions(o)).toEqual(at);
  });

  it("draws, at the fitted zoom of 3,000 racks, only labels of at least 10 px, room labels among them, and bows long bundles", () => {
    const fonts = { room: 22 };
    const cy = cytoscape({ headless: true, styleEnabled: true, style: overviewStylesheet(fonts), layout: { name: "preset" } });
    cy.add(overviewElements(site(10, 12)));
    // The zoom at which the whole site fits a canvas of 1,000 × 560 (the page's on a laptop).
    const bb = cy.elements().boundingBox();
    const zoom = Math.min(1000 / bb.w, 560 / bb.h);
    expect(zoom).toBeGreaterThan(0.18);
    cy.viewport({ zoom, pan: { x: 0, y: 0 } });
    fonts.room = roomFontFor(zoom);
    cy.style().update();
    const r = readability(cy, "node.ov-row");
    expect(r.labelsDrawn).toBe(10); // the ten rooms' names and figures; rows' labels need a closer look
    expect(r.smallestLabelPx).toBeGreaterThanOrEqual(MIN_LABEL_PX);
    expect(r.rackOverlaps).toBe(0);
    expect(cy.edges(".ov-arc").length).toBeGreaterThan(0);
    expect(cy.getElementById("row:r0:B").hasClass("holds-error")).toBe(true);
    cy.destroy();
  });

  it("grows room and rack names as the view zooms out, in steps, up to a cap", () => {
    expect(zoomFonts(1)).toEqual({ room: 22, rack: 16, device: 10 });
    expect(zoomFonts(0.25).rack).toBe(44);
    expect(zoomFonts(0.05).rack).toBe(44);
    expect(zoomFonts(0.8).device * 0.8).toBeGreaterThanOrEqual(MIN_LABEL_PX);
    expect(zoomFonts(0.05).room).toBe(310);
    expect(zoomFonts(0.25).rack * 0.25).toBeGreaterThanOrEqual(MIN_LABEL_PX);
  });

  it("separates boxes that cose left intersecting, keeping their order", () => {
    const boxes = ["a", "b", "c"].map((id) => ({ id, w: 100, h: 200, x: 0, y: 0 }));
    const at = separateBoxes(boxes, new Map([["a", { x: 0, y: 0 }], ["b", { x: 30, y: 10 }], ["c", { x: 60, y: -10 }]]));
    const placed = boxes.map((b) => ({ x1: at.get(b.id)!.x - 50, x2: at.get(b.id)!.x + 50, y1: at.get(b.id)!.y - 100, y2: at.get(b.id)!.y + 100 }));
    expect(countOverlaps(placed)).toBe(0);
    expect(at.get("a")!.x).toBeLessThan(at.get("b")!.x);
    expect(at.get("b")!.x).toBeLessThan(at.get("c")!.x);
  });
});
