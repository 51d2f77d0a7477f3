import { expect, test, type Page } from "@playwright/test";

/**
 * The inventory journeys: build a small plant from an empty site through the dashboard, see the
 * engine flag a polarity error, replace the cord with the right type and see it clear.
 */
async function newSite(page: Page, name: string, code: string) {
  await page.goto("/");
  const form = page.locator("form", { has: page.getByRole("button", { name: "Create site" }) });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Code").fill(code);
  await form.getByRole("button", { name: "Create site" }).click();
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
}

async function addRack(page: Page, name: string, position: string) {
  const form = page.getByRole("form", { name: "Add a rack" });
  await form.getByLabel("Rack name").fill(name);
  await form.getByLabel("Room", { exact: true }).fill("Hall A");
  await form.getByLabel("Row", { exact: true }).fill("A");
  await form.getByLabel("Position in row").fill(position);
  await form.getByLabel("Height (U)").fill("42");
  await form.getByRole("button", { name: "Add rack" }).click();
  await expect(page.locator(`tr[data-rack='${name}']`)).toBeVisible();
}

async function openRack(page: Page, name: string) {
  await page.getByLabel("Site tree").getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Rack ${name}`);
}

async function addDevice(page: Page, d: { name: string; role: string; unit: string; bays?: string; cages?: string }) {
  const form = page.getByRole("form", { name: "Add a device" });
  await form.getByLabel("Device name").fill(d.name);
  await form.getByLabel("Role").selectOption(d.role);
  await form.getByLabel("Lowest unit (U)").fill(d.unit);
  if (d.bays) await form.getByLabel("Module bays").fill(d.bays);
  if (d.cages) {
    await form.getByLabel("Ports", { exact: true }).selectOption("transceiver");
    await form.getByLabel("Port names").fill(d.cages);
    await form.getByLabel("Cage type").fill("sfp28");
  }
  await form.getByRole("button", { name: "Add device" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(d.name);
}

async function installTransceiver(page: Page, cage: string, type: string) {
  const form = page.getByRole("form", { name: "Install a transceiver" });
  await form.getByLabel("Cage").selectOption({ label: cage });
  await form.getByLabel("Transceiver type").selectOption(type);
  await form.getByRole("button", { name: "Install" }).click();
  await expect(page.locator(`tr[data-port='${cage}']`)).toContainText("SFP28 25GBASE-SR");
}

async function installCassette(page: Page, type: string) {
  const form = page.getByRole("form", { name: "Install a module" });
  await form.getByLabel("Cassette type").fill(type);
  await form.getByRole("button", { name: "Install module" }).click();
  await expect(page.getByLabel("Bay 1", { exact: true })).toContainText(type);
}

/** Fills the cable form: type, far device, and for each connector the port (by its option label). */
async function cable(page: Page, formName: string, c: { type: string; label: string; far: string; ends: Record<string, string> }) {
  const form = page.getByRole("form", { name: formName });
  await form.getByLabel("Cable type").fill(c.type);
  await form.getByLabel("Far device").selectOption({ label: c.far });
  await form.getByLabel("Label").fill(c.label);
  for (const [connector, port] of Object.entries(c.ends)) {
    const select = form.getByLabel(`Port for connector ${connector}`);
    await expect(select.locator("option", { hasText: port })).toHaveCount(1);
    await select.selectOption({ label: port });
  }
  return form;
}

test("build a small site from empty, see a polarity error, replace the cord and see it clear", async ({ page }) => {
  test.setTimeout(120_000);
  await newSite(page, "E2E Plant", "E2EPL");
  await addRack(page, "A01", "1");
  await addRack(page, "A02", "2");

  // Rack A01: a switch with an SR optic, a panel with a method A cassette. Low-loss parts throughout:
  // four standard mated pairs would be over 25GBASE-SR's 1.9 dB, and the engine would say so.
  await openRack(page, "A01");
  await addDevice(page, { name: "leaf1", role: "switch", unit: "40", cages: "Ethernet1/1..2" });
  await installTransceiver(page, "Ethernet1/1", "sfp28-25gbase-sr");
  await page.getByRole("link", { name: "Rack A01", exact: true }).click();
  await addDevice(page, { name: "pp1", role: "panel", unit: "30", bays: "1" });
  await installCassette(page, "cas-mpo12-6xlc-methodA-m-om4-elite");

  // Rack A02: the same.
  await page.getByRole("navigation", { name: "Breadcrumbs" }).getByRole("link", { name: "E2E Plant" }).click();
  await openRack(page, "A02");
  await addDevice(page, { name: "leaf2", role: "switch", unit: "40", cages: "Ethernet1/1..2" });
  await installTransceiver(page, "Ethernet1/1", "sfp28-25gbase-sr");
  await page.getByRole("link", { name: "Rack A02", exact: true }).click();
  await addDevice(page, { name: "pp2", role: "panel", unit: "30", bays: "1" });
  await installCassette(page, "cas-mpo12-6xlc-methodA-m-om4-elite");

  // A Type A MPO trunk between the two cassettes' rear adapters.
  let form = await cable(page, "Add a trunk", { type: "mpo12-typeA-ff-om4-elite", label: "T1", far: "pp1 (A01)", ends: { a1: "1/R (MPO-12)", b1: "1/R (MPO-12)" } });
  await form.getByLabel("Length (m)").fill("30");
  await form.getByRole("button", { name: "Save cable" }).click();
  await expect(page.getByRole("status", { name: "Checks after saving" })).toContainText("No channel was judged again by this change.");

  // leaf1: an A-to-B cord to the cassette. Method A wants an A-to-A cord at the other end.
  await page.getByLabel("Search the site").fill("leaf1");
  await page.getByRole("listbox", { name: "Search results" }).getByRole("link", { name: /leaf1/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("leaf1");
  form = await cable(page, "Add a patch cord", { type: "lc-ab-om4-ll", label: "N1", far: "pp1 (A01)", ends: { a1: "Ethernet1/1 (sfp28-25gbase-sr)", b1: "1/1 (LC)" } });
  await form.getByRole("button", { name: "Save cable" }).click();
  await expect(page.getByRole("status", { name: "Checks after saving" })).toContainText("1 channel checked, 1 with findings.");

  // leaf2: another A-to-B cord — the form warns before saving.
  await page.getByLabel("Search the site").fill("leaf2");
  await page.getByRole("listbox", { name: "Search results" }).getByRole("link", { name: /leaf2/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("leaf2");
  form = await cable(page, "Add a patch cord", { type: "lc-ab-om4-ll", label: "F1", far: "pp2 (A02)", ends: { a1: "Ethernet1/1 (sfp28-25gbase-sr)", b1: "1/1 (LC)" } });
  await expect(form.getByRole("alert", { name: "Warnings before saving" })).toContainText("This cord makes channel leaf1:Ethernet1/1 ↔ leaf2:Ethernet1/1 fail: Receiver meets receiver; Transmitter meets transmitter.");
  await form.getByRole("button", { name: "Save cable" }).click();
  await expect(page.getByRole("status", { name: "Checks after saving" })).toContainText("transmitters face transmitters");

  // The port page: the channel fails polarity, fiber by fiber.
  await page.locator("tr[data-port='Ethernet1/1']").getByRole("link", { name: "Ethernet1/1" }).click();
  const channel = page.getByRole("region", { name: "Channel" });
  await expect(channel.locator(".verdict")).toHaveText("fail");
  await expect(page.getByRole("list", { name: "Findings of this channel" })).toContainText("transmitters face transmitters");
  await expect(page.getByRole("img", { name: /Channel diagram/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Fiber trace" }).locator("tr.trace-bad")).toHaveCount(2);

  // Replace the cord with an A-to-A cord: the what-if says it repairs the channel, and it does.
  await page.locator("tr[data-cable='F1']").getByRole("button", { name: "Replace type" }).click();
  const replace = page.getByRole("form", { name: "Replace cable F1" });
  await replace.getByLabel("New cable type").fill("lc-aa-om4-ll");
  await expect(replace.getByRole("alert", { name: "Warnings before saving" })).toContainText("makes channel leaf1:Ethernet1/1 ↔ leaf2:Ethernet1/1 pass");
  await replace.getByRole("button", { name: "Save new type" }).click();
  await expect(channel.locator(".verdict")).toHaveText("pass");
  await expect(channel).toContainText("Every fiber reaches the right far lane");
  await expect(page.getByRole("table", { name: "Fiber trace" }).locator("tr.trace-bad")).toHaveCount(0);

  await page.getByRole("link", { name: "Findings", exact: true }).click();
  await expect(page.getByText("No finding: every channel passes.")).toBeVisible();
});

test("a save on a device someone else changed meanwhile is refused", async ({ page, browser }) => {
  await newSite(page, "E2E Device Race", "E2EDR");
  await addRack(page, "B01", "1");
  await openRack(page, "B01");
  await addDevice(page, { name: "srv1", role: "server", unit: "10" });
  const other = await browser.newPage();
  await other.goto(page.url());
  await page.getByRole("button", { name: "Edit device" }).click();
  await other.getByRole("button", { name: "Edit device" }).click();
  const first = other.getByRole("form", { name: "Edit device srv1" });
  await first.getByLabel("Lowest unit (U)").fill("12");
  await first.getByRole("button", { name: "Save device" }).click();
  await expect(other.getByRole("heading", { level: 1 })).toContainText("srv1");
  await expect(other.locator(".page__header")).toContainText("U12");

  const second = page.getByRole("form", { name: "Edit device srv1" });
  await second.getByLabel("Device name").fill("srv1-late");
  await second.getByRole("button", { name: "Save device" }).click();
  await expect(second.getByRole("alert")).toContainText("changed by someone else since you opened it");
  await other.close();
});

test("a device that does not fit is refused with a message on its field", async ({ page }) => {
  await newSite(page, "E2E Device Fit", "E2EDF");
  await addRack(page, "C01", "1");
  await openRack(page, "C01");
  const form = page.getByRole("form", { name: "Add a device" });
  const unitError = form.locator(".field", { has: page.getByLabel("Lowest unit (U)") }).getByRole("alert");
  await form.getByLabel("Device name").fill("big");
  await form.getByLabel("Lowest unit (U)").fill("42");
  await form.getByLabel("Height (U)").fill("2");
  await form.getByRole("button", { name: "Add device" }).click();
  await expect(unitError).toHaveText("Rack C01 is 42 U high: a 2 U device fits from U1 to U41.");
  await form.getByLabel("Lowest unit (U)").fill("0");
  await form.getByRole("button", { name: "Add device" }).click();
  await expect(unitError).toHaveText("Rack units start at 1.");
  await form.getByLabel("Device name").fill("a:b");
  await form.getByLabel("Lowest unit (U)").fill("5");
  await form.getByRole("button", { name: "Add device" }).click();
  await expect(form.locator(".field", { has: page.getByLabel("Device name") }).getByRole("alert")).toContainText("No ':', '@' or '/' in a device name");
  await expect(page.getByRole("table", { name: "Devices in rack C01" })).toHaveCount(0);
});

test("the demo site shows its findings on the first screen", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("table", { name: "Sites" }).locator("tr", { hasText: "Demo Data Center 1" })).toContainText("12 errors");
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  const checks = page.getByRole("region", { name: "Checks" });
  await expect(checks).toContainText("errors");
  await checks.getByRole("link", { name: "12" }).click();
  await expect(page.getByRole("heading", { name: "Findings" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Findings" }).locator("tr[data-code~='POLARITY_TX_TO_TX']")).toHaveCount(3);
  // Each polarity fault is one row, its two directions together.
  await expect(page.getByRole("table", { name: "Findings" }).locator("tr[data-code='POLARITY_RX_TO_RX']")).toHaveCount(0);
  await page.getByLabel("Code").selectOption("APC_ALIGNED_KEY_ADAPTER");
  await expect(page.getByRole("table", { name: "Findings" }).locator("tbody tr")).toHaveCount(1);
  await page.getByRole("table", { name: "Findings" }).getByRole("link", { name: "MPO-B02:2" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("MPO-B02:2");
  await expect(page.getByText("leaf4:Ethernet1/50 ↔ spine2:Ethernet1/4")).toBeVisible();
});

test("relabel a port and change a transceiver's type: warned first, judged again once saved, and put back", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await page.getByLabel("Search the site").fill("spine1");
  await page.getByRole("listbox", { name: "Search results" }).getByRole("link", { name: /spine1/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("spine1");
  const row = page.locator("tr[data-port='Ethernet1/1']");
  await expect(row.locator(".verdict")).toHaveText("pass");

  await row.getByRole("button", { name: "Edit port Ethernet1/1" }).click();
  const editor = page.getByRole("group", { name: "Edit port Ethernet1/1" });
  const portForm = editor.getByRole("form", { name: "Name and label of Ethernet1/1" });
  await portForm.getByLabel("Label").fill("UPLINK-LEAF1");
  await portForm.getByRole("button", { name: "Save port" }).click();
  await expect(row).toContainText("UPLINK-LEAF1");

  // Another optic: an SR8 (multimode, MPO-16) where a DR4 ran over single-mode — warned, then failing.
  await row.getByRole("button", { name: "Edit port Ethernet1/1" }).click();
  const xcvr = editor.getByRole("form", { name: "Transceiver in Ethernet1/1" });
  await xcvr.getByLabel("Transceiver type").selectOption("qsfpdd-400gbase-sr8");
  await expect(xcvr.getByRole("alert", { name: "Warnings before saving" })).toContainText("fail");
  await xcvr.getByRole("button", { name: "Save transceiver" }).click();
  await expect(xcvr.getByRole("status", { name: "Checks after saving" })).toContainText("with findings");
  await expect(row.locator(".verdict")).toHaveText("fail");

  // Put the DR4 back: the channel passes again.
  await xcvr.getByLabel("Transceiver type").selectOption("qsfpdd-400gbase-dr4");
  await xcvr.getByRole("button", { name: "Save transceiver" }).click();
  await expect(xcvr.getByRole("status", { name: "Checks after saving" })).toContainText("all pass");
  await expect(row.locator(".verdict")).toHaveText("pass");
  await editor.getByRole("button", { name: "Close" }).click();
  await expect(editor).toHaveCount(0);
});
