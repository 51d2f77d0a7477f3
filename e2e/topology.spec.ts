import { readFile } from "node:fs/promises";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { ADMIN_STATE } from "./support/accounts";
import { TopologyPlant } from "./support/topology-plant";

/**
 * The topology page over a plant this spec builds through the API (see support/topology-plant.ts):
 * two rooms, trunks between cassette panels, one failing channel (two A-to-B cords over method A
 * cassettes) and a planned single-mode trunk. The graph describes itself on data- attributes of
 * [data-testid=topology-graph], read from the live Cytoscape instance after every update: counts
 * of nodes and edges, labels of the elements in error, labels on the highlighted path.
 */
let plant: TopologyPlant;

test.beforeAll(async ({ browser }, info) => {
  const context = await browser.newContext({ storageState: ADMIN_STATE, baseURL: info.project.use.baseURL });
  const csrf = (await context.cookies()).find((c) => c.name === "ferrule_csrf")?.value ?? "";
  plant = await new TopologyPlant(context.request, csrf).build(`E2E Topology ${Date.now()}`, `TOPO${Date.now() % 100000}`);
  await context.close();
});

const json = async (graph: Locator, name: string) => JSON.parse((await graph.getAttribute(name)) ?? "null") as unknown;

async function open(page: Page): Promise<Locator> {
  await page.goto(`/sites/${plant.siteId}/topology`);
  const graph = page.getByTestId("topology-graph");
  await expect(graph).toHaveAttribute("data-state", "ready");
  return graph;
}

test("rooms, racks and devices nested; trunks summed per rack pair; the failing channel's elements in red", async ({ page }) => {
  const graph = await open(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Topology of E2E Topology");
  await expect(page.getByTestId("topology-figures")).toContainText("2 rooms · 4 racks · 6 devices · 3 trunks · 4 cords · channels: 1 pass, 0 warning, 1 failing");
  // 2 rooms + 4 racks + 6 devices; one bundle of T1 and T2 (OM4, installed), one of S1 (OS2, planned).
  await expect(graph).toHaveAttribute("data-nodes", "12");
  await expect(graph).toHaveAttribute("data-edges", "2");
  await expect.poll(() => json(graph, "data-error-labels")).toEqual(["2 trunks · 24 f", "leaf1", "leaf2", "pp1", "pp2"]);
  await expect(graph).toHaveAttribute("data-warnings", "0");
  await expect(page.getByRole("region", { name: "Legend" })).toContainText("Error on a channel");
});

test("patch cords on demand, bundles opened into trunks, filters by status, fiber mode, room and severity", async ({ page }) => {
  const graph = await open(page);
  const filters = page.getByRole("form", { name: "Filters" });
  await filters.getByLabel("Patch cords").check();
  await expect(graph).toHaveAttribute("data-edges", "6");
  await expect.poll(() => json(graph, "data-error-labels")).toEqual(["2 trunks · 24 f", "leaf1", "leaf2", "N2", "F2", "pp1", "pp2"].sort());
  await filters.getByLabel("Single trunks").check();
  await expect(graph).toHaveAttribute("data-edges", "7");
  await expect.poll(() => json(graph, "data-error-labels")).toEqual(["F2", "leaf1", "leaf2", "N2", "pp1", "pp2", "T1"].sort());

  await filters.getByLabel("Status").selectOption("planned");
  await expect(graph).toHaveAttribute("data-edges", "1");
  await filters.getByLabel("Status").selectOption("both");
  await filters.getByLabel("Fiber").selectOption("SM");
  await expect(graph).toHaveAttribute("data-edges", "1");
  await filters.getByLabel("Fiber").selectOption("any");

  await filters.getByLabel("Room", { exact: true }).selectOption({ label: "Hall B" });
  await expect(graph).toHaveAttribute("data-nodes", "6"); // Hall B, C01, C02, leaf2, pp2, pp4
  await expect(graph).toHaveAttribute("data-edges", "2"); // F1 and F2, the cords inside C01
  await filters.getByLabel("Room", { exact: true }).selectOption({ label: "Every room" });

  await filters.getByLabel("Faults").selectOption("error");
  await expect(graph).toHaveAttribute("data-nodes", "8"); // both rooms, A01, C01 and their four devices
  await expect(graph).toHaveAttribute("data-edges", "3"); // T1, N2 and F2: the failing channel
});

test("choosing a port or a channel highlights its whole path across the graph", async ({ page }) => {
  const graph = await open(page);
  await page.getByRole("searchbox", { name: "Port or channel" }).fill("leaf1:Ethernet1/2");
  await page.getByRole("button", { name: "Port leaf1:Ethernet1/2" }).click();
  const path = page.getByTestId("topology-path");
  await expect(path).toContainText("leaf1:Ethernet1/2 ↔ leaf2:Ethernet1/2 (fail)");
  // The trunk bundle opens and the path's cords show although patch cords are off.
  await expect.poll(() => json(graph, "data-path-nodes")).toEqual(["leaf1", "leaf2", "pp1", "pp2"]);
  await expect.poll(() => json(graph, "data-path-edges")).toEqual(["F2", "N2", "T1"]);
  await path.getByRole("button", { name: "Clear the path" }).click();
  await expect.poll(() => json(graph, "data-path-nodes")).toEqual([]);

  // A channel, chosen from a device's details.
  await page.getByLabel("Find a room, rack or device").fill("pp2");
  await page.getByRole("button", { name: "Find", exact: true }).click();
  const details = page.getByTestId("topology-details");
  await expect(details.getByRole("heading", { level: 2 })).toHaveText("Device: pp2");
  await details.getByRole("button", { name: "Show the path of leaf1:Ethernet1/1 ↔ leaf2:Ethernet1/1" }).click();
  await expect.poll(() => json(graph, "data-path-edges")).toEqual(["F1", "N1", "T1"]);
});

test("clicking a node opens its details and findings", async ({ page }) => {
  const graph = await open(page);
  const details = page.getByTestId("topology-details");
  await page.getByLabel("Find a room, rack or device").fill("leaf2");
  await page.getByRole("button", { name: "Find", exact: true }).click();
  await expect(details.getByRole("heading", { level: 2 })).toHaveText("Device: leaf2");

  // A click in a corner chooses something else (the background or a room), one in the middle the
  // device the search centred there.
  const region = page.getByRole("region", { name: "Details" });
  const box = (await graph.boundingBox())!;
  await page.mouse.click(box.x + 4, box.y + 4);
  await expect(region).not.toContainText("Device: leaf2");
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(region.getByRole("heading", { level: 2 })).toHaveText("Device: leaf2");
  await expect(details).toContainText("Hall B / C01");
  await expect(details.getByRole("list", { name: "Channels" })).toContainText("fail leaf1:Ethernet1/2 ↔ leaf2:Ethernet1/2");
  await expect(details.getByRole("list", { name: "Findings" })).toContainText("POLARITY_TX_TO_TX");
  await details.getByRole("link", { name: "Open the device" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("leaf2");
});

test("the layout choice sticks; the view exports as PNG and SVG", async ({ page }) => {
  const graph = await open(page);
  await expect(graph).toHaveAttribute("data-layout", "logical");
  await page.getByLabel("Layout").selectOption("floor-plan");
  await expect(graph).toHaveAttribute("data-layout", "floor-plan");
  await page.reload();
  await expect(page.getByTestId("topology-graph")).toHaveAttribute("data-layout", "floor-plan");
  await expect(page.getByTestId("topology-graph")).toHaveAttribute("data-state", "ready");

  const [svg] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export SVG" }).click()]);
  expect(svg.suggestedFilename()).toMatch(/^TOPO\d+-topology\.svg$/);
  const text = await readFile((await svg.path())!, "utf8");
  expect(text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  for (const label of ["Hall A", "Hall B", "leaf1", "pp4", "2 trunks · 24 f"]) expect(text).toContain(`>${label}</text>`);

  const [png] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export PNG" }).click()]);
  const bytes = await readFile((await png.path())!);
  expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  expect(bytes.length).toBeGreaterThan(2000);
});

const num = async (graph: Locator, name: string) => Number(await graph.getAttribute(name));

/** Every drawn label at least 10 px on screen and no two rack boxes intersecting, once the view settles. */
async function expectReadable(graph: Locator) {
  await expect.poll(() => num(graph, "data-labels-drawn")).toBeGreaterThan(0);
  await expect.poll(() => num(graph, "data-smallest-label-px")).toBeGreaterThanOrEqual(10);
  await expect(graph).toHaveAttribute("data-box-overlaps", "0");
}

async function wheelAt(page: Page, x: number, y: number, steps: number, delta = -240) {
  await page.mouse.move(x, y);
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, delta);
    await page.waitForTimeout(60);
  }
}

test("labels read at 10 px or more and rack boxes never intersect, in both layouts, fitted and closer", async ({ page }) => {
  const graph = await open(page);
  for (const layout of ["logical", "floor-plan"] as const) {
    await page.getByLabel("Layout").selectOption(layout);
    await expect(graph).toHaveAttribute("data-layout", layout);
    await expectReadable(graph);
    const fitted = await num(graph, "data-zoom");
    const box = (await graph.boundingBox())!;
    await wheelAt(page, box.x + box.width / 2, box.y + box.height / 2, 4);
    await expect.poll(() => num(graph, "data-zoom")).toBeGreaterThan(fitted);
    await expectReadable(graph);
    await wheelAt(page, box.x + box.width / 2, box.y + box.height / 2, 8, 240);
    await expect.poll(() => num(graph, "data-zoom")).toBeLessThan(fitted);
    await expectReadable(graph);
  }
});

test("a chosen path is brought into view, whatever the view showed before", async ({ page }) => {
  const graph = await open(page);
  const box = (await graph.boundingBox())!;
  // Close in on a corner, away from the path.
  await wheelAt(page, box.x + 10, box.y + 10, 10);
  await page.getByRole("searchbox", { name: "Port or channel" }).fill("leaf1:Ethernet1/2");
  await page.getByRole("button", { name: "Port leaf1:Ethernet1/2" }).click();
  await expect.poll(() => json(graph, "data-path-nodes")).toEqual(["leaf1", "leaf2", "pp1", "pp2"]);
  await expect(graph).toHaveAttribute("data-path-in-view", "true");
  await expectReadable(graph);
});

test("the overview: rooms and rows with their figures and the trunks between them; zooming in on a row reads its racks", async ({ page }) => {
  await page.goto(`/sites/${plant.siteId}/topology?view=overview`);
  const graph = page.getByTestId("topology-graph");
  await expect(graph).toHaveAttribute("data-level", "overview");
  await expect(graph).toHaveAttribute("data-state", "ready");
  await expect(graph).toHaveAttribute("data-nodes", "4"); // two rooms, rows A and C
  await expect(graph).toHaveAttribute("data-edges", "2"); // OM4 installed, OS2 planned between rows A and C
  await expectReadable(graph);
  await expect(page.getByTestId("topology-figures")).toContainText("2 rooms · 4 racks · 6 devices · 3 trunks · 4 cords");

  const centres = (await json(graph, "data-row-centres")) as Record<string, [number, number]>;
  const [x, y] = centres["Hall B · Row C"]!;
  const box = (await graph.boundingBox())!;
  await wheelAt(page, box.x + x, box.y + y, 16);
  await expect(graph).toHaveAttribute("data-level", "detail", { timeout: 15_000 });
  await expect(graph).toHaveAttribute("data-state", "ready");
  await expect(page.getByRole("navigation", { name: "Level of detail" })).toContainText("Hall B · Row C");
  // Hall B, C01, C02, leaf2, pp2, pp4; the trunks to row A leave the row and are counted.
  await expect(graph).toHaveAttribute("data-nodes", "6");
  await expect(page.getByRole("navigation", { name: "Level of detail" })).toContainText("3 cables leave it");
  await expectReadable(graph);
  await page.getByRole("button", { name: "← Site overview" }).click();
  await expect(graph).toHaveAttribute("data-level", "overview");

  // A device found from the overview: its row is opened and the device chosen; from there, a device
  // of another row opens that row.
  const details = page.getByTestId("topology-details");
  await page.getByLabel("Find a room, rack or device").fill("leaf2");
  await page.getByRole("button", { name: "Find", exact: true }).click();
  await expect(graph).toHaveAttribute("data-level", "detail", { timeout: 15_000 });
  await expect(page.getByRole("navigation", { name: "Level of detail" })).toContainText("Hall B · Row C");
  await expect(details.getByRole("heading", { level: 2 })).toHaveText("Device: leaf2");
  await page.getByLabel("Find a room, rack or device").fill("leaf1");
  await page.getByRole("button", { name: "Find", exact: true }).click();
  await expect(page.getByRole("navigation", { name: "Level of detail" })).toContainText("Hall A · Row A");
  await expect(details.getByRole("heading", { level: 2 })).toHaveText("Device: leaf1");
  await page.getByLabel("Find a room, rack or device").fill("nothing-called-this");
  await page.getByRole("button", { name: "Find", exact: true }).click();
  await expect(page.getByText("No rack or device of this site is called “nothing-called-this”.")).toBeVisible();
});
