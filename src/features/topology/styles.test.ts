import cytoscape from "cytoscape";
import { describe, expect, it } from "vitest";
import { sampleTopology } from "./fixture.test-data";
import { COLOUR, topologyStylesheet } from "./styles";
import { DEFAULT_VIEW, viewElements } from "./view";

/** Cytoscape reports colours as rgb(r,g,b). */
const rgb = (hex: string) => {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255})`;
};

function headless() {
  return cytoscape({
    headless: true,
    styleEnabled: true,
    style: topologyStylesheet(),
    elements: viewElements(sampleTopology(), { ...DEFAULT_VIEW, showCords: true, expanded: new Set(["bundle:a01|a02|MM|installed"]) }),
  });
}

describe("topology stylesheet (headless: classes to computed styles)", () => {
  it("is valid: Cytoscape accepts every property", () => {
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      headless();
    } finally {
      console.warn = warn;
    }
    expect(warnings).toEqual([]);
  });

  const cy = headless();
  const style = (id: string, name: string) => String(cy.getElementById(id).style(name));

  it("fills devices by role and paints faulty ones red or amber", () => {
    expect(style("device:pp3", "background-color")).toBe(rgb(COLOUR.panel));
    expect(style("device:spare", "background-color")).toBe(rgb(COLOUR.switch));
    expect(style("device:leaf1", "background-color")).toBe(rgb(COLOUR.errorFill));
    expect(style("device:leaf1", "border-color")).toBe(rgb(COLOUR.error));
    expect(style("device:pp2", "background-color")).toBe(rgb(COLOUR.warningFill));
    expect(style("device:pp2", "border-color")).toBe(rgb(COLOUR.warning));
  });

  it("outlines the racks and rooms that hold a fault", () => {
    expect(style("rack:a01", "border-color")).toBe(rgb(COLOUR.error));
    expect(style("rack:a02", "border-color")).toBe(rgb(COLOUR.warning));
    expect(style("rack:c01", "border-color")).toBe(rgb(COLOUR.rackBorder));
    expect(style("room:ha", "border-color")).toBe(rgb(COLOUR.error));
    expect(style("room:hb", "border-color")).toBe(rgb(COLOUR.roomBorder));
  });

  it("draws trunks, bundles and cords apart; planned cables dashed; faulty ones in the fault colour", () => {
    expect(style("cable:t2", "line-color")).toBe(rgb(COLOUR.trunk));
    expect(style("cable:t1", "line-color")).toBe(rgb(COLOUR.error));
    expect(style("cable:n1", "line-color")).toBe(rgb(COLOUR.error));
    expect(style("bundle:a02|c01|SM|installed", "line-color")).toBe(rgb(COLOUR.warning));
    expect(style("bundle:a01|a02|MM|planned", "line-color")).toBe(rgb(COLOUR.bundle));
    expect(style("bundle:a01|a02|MM|planned", "line-style")).toBe("dashed");
    expect(style("bundle:a01|a02|MM|planned", "label")).toBe("1 trunk · 12 f");
    expect(style("cable:t2", "line-style")).toBe("solid");
    expect(cy.getElementById("cable:t1").numericStyle("width")).toBeGreaterThan(cy.getElementById("cable:t2").numericStyle("width"));
  });

  it("a bundle is as thick as it has trunks", () => {
    const wide = cy.getElementById("bundle:a02|c01|SM|installed");
    const before = wide.numericStyle("width");
    wide.data("cables", 48);
    expect(wide.numericStyle("width")).toBeGreaterThan(before);
  });

  it("the highlighter's classes: a blue glow on the path that keeps fault colours, the rest faded", () => {
    const t1 = cy.getElementById("cable:t1");
    t1.addClass("on-path");
    expect(String(t1.style("underlay-color"))).toBe(rgb(COLOUR.path));
    expect(String(t1.style("line-color"))).toBe(rgb(COLOUR.error));
    const t2 = cy.getElementById("cable:t2");
    t2.addClass("dimmed");
    expect(t2.numericStyle("opacity")).toBeLessThan(0.3);
    const leaf = cy.getElementById("device:leaf1");
    leaf.addClass("focus");
    expect(String(leaf.style("underlay-color"))).toBe(rgb(COLOUR.selected));
  });
});
