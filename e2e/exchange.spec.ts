import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";

async function openExchange(page: Page) {
  await page.goto("/");
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await page.getByRole("link", { name: "Exports and imports" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Exports and imports" })).toBeVisible();
}

async function download(page: Page, title: string): Promise<{ name: string; text: string }> {
  const row = page.getByRole("list", { name: "Documents" }).getByRole("listitem").filter({ hasText: title });
  const [file] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: "Download" }).click()]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, "utf8") };
}

/** An alert of the page (Next.js keeps an empty one for route announcements). */
const alertOf = (page: Page) => page.locator("[role=alert]:not(#__next-route-announcer__)");

/** The site's counts as the export card states them: a change would show here. */
const counts = (page: Page) => page.getByText(/\d+ cables \(\d+ decommissioned\), \d+ ports, \d+ channels, \d+ findings\./).textContent();

test("export the demo site's cable schedule and site file", async ({ page }) => {
  await openExchange(page);
  const schedule = await download(page, "Cable schedule (CSV)");
  expect(schedule.name).toMatch(/^dc1-\d{4}-\d\d-\d\d-cable-schedule\.csv$/);
  const lines = schedule.text.trimEnd().split("\r\n");
  expect(lines[0]).toBe("Label,Link (TIA-606),A end (TIA-606),A port,B end (TIA-606),B port,Type,Kind,Fiber,Polarity,Length (m),Status,Colour,Splices");
  expect(lines.find((l) => l.startsWith("UA01-1,"))).toContain("DC1.A01-40:Ethernet1/1/DC1.A01-38:01");

  const site = await download(page, "Site file (YAML)");
  expect(site.name).toMatch(/-site\.yaml$/);
  expect(site.text).toMatch(/^# Ferrule site file \(format 1\)/);
  expect(site.text).toContain("ferrule: 1");
  expect(site.text).toContain("id: UA01-1");
});

test("import the demo site's file as a new site: through the worker thread a campus's file takes", async ({ page }) => {
  await openExchange(page);
  const file = await download(page, "Site file (YAML)");
  const form = page.getByRole("region", { name: "Import a site file as a new site" });
  await form.getByLabel("Site file (YAML)").setInputFiles({ name: "site.yaml", mimeType: "application/yaml", buffer: Buffer.from(file.text) });
  await form.getByLabel("Code", { exact: true }).fill("IMP");
  await form.getByLabel("Name", { exact: true }).fill("Imported copy");
  await form.getByRole("button", { name: "Import site" }).click();
  const done = form.getByRole("status");
  await expect(done).toContainText("Imported copy (IMP)", { timeout: 60_000 });
  await expect(done).toContainText(/[1-9]\d* devices, [1-9]\d* cables, [1-9]\d* channels/);
  await done.getByRole("link", { name: "Imported copy" }).click();
  await expect(page).toHaveURL(/\/sites\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Imported copy");
});

test("import a NetBox CSV with unmatched rows: every row is reported and nothing changes", async ({ page }) => {
  await openExchange(page);
  const before = await counts(page);
  const csv = [
    "side_a_device,side_a_type,side_a_name,side_b_device,side_b_type,side_b_name,type,length,length_unit,comments,label",
    "spine1,dcim.interface,Ethernet1/5,MPO-A01,dcim.frontport,5,smf-os2,2,m,Ferrule type mpo12-typeB-ff-os2,E2E-1",
    "spine9,dcim.interface,Ethernet1/6,MPO-A01,dcim.frontport,6,smf-os2,2,m,Ferrule type mpo12-typeB-ff-os2,E2E-2",
    "spine1,dcim.interface,Ethernet1/99,MPO-A01,dcim.frontport,7,smf-os2,2,m,Ferrule type mpo12-typeB-ff-os2,E2E-3",
  ].join("\n");
  await page.getByLabel("Cable CSV").setInputFiles({ name: "cables.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Import cables" }).click();
  await expect(alertOf(page)).toContainText("cannot be imported into DC1: 2 problems");
  await expect(alertOf(page)).toContainText("Nothing was imported");
  const problems = page.getByRole("table", { name: "Rows that cannot be imported" });
  await expect(problems.getByRole("row").filter({ hasText: 'device "spine9" is not in site DC1' })).toContainText("side_a_device");
  await expect(problems.getByRole("row").filter({ hasText: 'spine1 has no port "Ethernet1/99"' })).toContainText("4");
  await page.reload();
  expect(await counts(page)).toBe(before);

  // Checking with "skip the others" says what would be imported, and still writes nothing.
  await page.getByLabel("Cable CSV").setInputFiles({ name: "cables.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByLabel("Import the rows that match and skip the others").check();
  await page.getByRole("button", { name: "Check" }).first().click();
  await expect(page.getByRole("status")).toContainText("Checked: 1 cable would be imported, 2 rows skipped. Nothing was written.");
  await page.reload();
  expect(await counts(page)).toBe(before);
});

test("import a broken file: the error is precise and nothing changes", async ({ page }) => {
  await openExchange(page);
  const before = await counts(page);
  // Not UTF-8: a Latin-1 "é" in a cable CSV.
  const latin1 = Buffer.concat([Buffer.from("side_a_device,side_a_type,side_a_name,side_b_device,side_b_type,side_b_name\nspine1,dcim.interface,Ethernet1/5,MPO-A01,dcim.frontport,caf"), Buffer.from([0xe9, 0x0a])]);
  await page.getByLabel("Cable CSV").setInputFiles({ name: "latin1.csv", mimeType: "text/csv", buffer: latin1 });
  await page.getByRole("button", { name: "Import cables" }).click();
  await expect(alertOf(page)).toContainText("not UTF-8");

  // A site file that refers to a port that does not exist.
  const yaml = "ferrule: 1\nsite:\n  id: broken\n  name: Broken site\ndevices:\n  - id: pp1\n    role: panel\n    adapters:\n      - { name: \"1..2\", family: LC, key: B }\ncables:\n  - id: C1\n    type: lc-ab-om4\n    length: two\n    ends: { a1: \"pp1:1\", b1: \"pp1:9\" }\n";
  await page.getByLabel("Site file (YAML)").setInputFiles({ name: "broken.yaml", mimeType: "application/yaml", buffer: Buffer.from(yaml) });
  await page.getByLabel("Code", { exact: true }).fill("BRK");
  await page.getByRole("button", { name: "Import site" }).click();
  const errors = page.getByRole("table", { name: "Errors in the site file" });
  await expect(errors.getByRole("row").filter({ hasText: "cables[0].length" })).toContainText("13");
  await page.reload();
  expect(await counts(page)).toBe(before);
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Broken site" })).toHaveCount(0);
});

test("import a switch's NetBox device type, then mount one made from it", async ({ page }) => {
  await openExchange(page);
  const section = page.getByRole("region", { name: "Import NetBox device types" });
  await section.getByLabel("Device-type files (YAML)").setInputFiles("src/server/interchange/netbox/__fixtures__/devicetype-library/device-types/Arista/DCS-7050CX3-32S.yaml");
  await section.getByRole("button", { name: "Check" }).click();
  await expect(section).toContainText("device template: switch, 34 cages (qsfp28, sfpp), 1 U");
  await section.getByRole("button", { name: "Import 1 ready type" }).click();
  await expect(section.getByRole("status")).toContainText("Imported 1 type into the catalog.");

  // Rack A04 of the demo: a leaf made from the device type, with its 34 cages.
  await page.getByRole("navigation", { name: "Breadcrumbs" }).getByRole("link", { name: "Demo Data Center 1" }).click();
  await page.getByLabel("Site tree").getByRole("link", { name: "A04", exact: true }).click();
  const form = page.getByRole("form", { name: "Add a device" });
  await form.getByLabel("Device name").fill("leaf9");
  await form.getByLabel("Device type").selectOption({ label: "Arista DCS-7050CX3-32S" });
  await expect(form.getByLabel("Role")).toHaveValue("switch");
  await expect(form.getByLabel("Height (U)")).toHaveValue("1");
  await form.getByLabel("Lowest unit (U)").fill("20");
  await form.getByRole("button", { name: "Add device" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("leaf9");
  await expect(page.locator("header.page__header")).toContainText("switch · Arista DCS-7050CX3-32S");
  await page.getByRole("button", { name: "Show all ports" }).click();
  await expect(page.getByRole("table", { name: "Ports of leaf9" }).locator("tbody tr")).toHaveCount(34);

  // The catalog lists it among the device types.
  await page.getByRole("link", { name: "Catalog" }).click();
  await expect(page.getByRole("table", { name: "Device types" }).locator("tr[data-template='arista-dcs-7050cx3-32s']")).toContainText("32 × qsfp28, 2 × sfpp");
});
