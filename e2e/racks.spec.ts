import { expect, test, type Page } from "@playwright/test";

/** Each test makes its own site through the dashboard, so tests never depend on each other. */
async function newSite(page: Page, name: string, code: string) {
  await page.goto("/");
  const form = page.locator("form", { has: page.getByRole("button", { name: "Create site" }) });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Code").fill(code);
  await form.getByRole("button", { name: "Create site" }).click();
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
}

async function addRack(page: Page, values: { name: string; room: string; row?: string; position?: string; uHeight?: string }) {
  const form = page.getByRole("form", { name: "Add a rack" });
  await form.getByLabel("Rack name").fill(values.name);
  await form.getByLabel("Room", { exact: true }).fill(values.room);
  await form.getByLabel("Row", { exact: true }).fill(values.row ?? "");
  await form.getByLabel("Position in row").fill(values.position ?? "");
  await form.getByLabel("Height (U)").fill(values.uHeight ?? "42");
  await form.getByRole("button", { name: "Add rack" }).click();
  return form;
}

test("the embedded start shows the demo site", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Demo Data Center 1" })).toBeVisible();
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await expect(page.getByRole("table", { name: "Racks in Hall A" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Racks in Hall B" }).getByRole("row")).toHaveCount(4);
});

test("create, rename and delete a rack", async ({ page }) => {
  await newSite(page, "E2E Rack Journey", "E2ERJ");
  await addRack(page, { name: "A01", room: "Hall A", row: "A", position: "1", uHeight: "42" });
  const row = page.locator("tr[data-rack='A01']");
  await expect(row).toContainText("42 U");

  await row.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit rack A01" });
  await edit.getByLabel("Rack name").fill("A01-core");
  await edit.getByLabel("Height (U)").fill("48");
  await edit.getByRole("button", { name: "Save rack" }).click();
  const renamed = page.locator("tr[data-rack='A01-core']");
  await expect(renamed).toContainText("48 U");

  // Its row is relabelled, and the rack with it.
  const rows = page.getByRole("region", { name: "Rooms and rows" });
  await rows.getByRole("button", { name: "Rename row A of Hall A" }).click();
  const rowForm = rows.getByRole("form", { name: "Rename row A" });
  await rowForm.getByLabel("Row label").fill("R01");
  await rowForm.getByRole("button", { name: "Save" }).click();
  await expect(rows.locator("li[data-row='R01']")).toContainText("1 rack");
  await expect(renamed.locator("td").nth(1)).toHaveText("R01");

  await renamed.getByRole("button", { name: "Delete" }).click();
  await renamed.getByRole("button", { name: "Yes, delete" }).click();
  await expect(renamed).toHaveCount(0);
  await expect(page.getByText("No rack yet")).toBeVisible();

  // The site goes too, asked twice.
  await page.getByRole("button", { name: "Delete site" }).click();
  await expect(page.getByText("Delete E2E Rack Journey?")).toBeVisible();
  await page.getByRole("button", { name: "Keep" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("E2E Rack Journey");
  await page.getByRole("button", { name: "Delete site" }).click();
  await page.getByRole("button", { name: "Yes, delete" }).click();
  await expect(page.getByRole("heading", { name: "Sites" })).toBeVisible();
  await expect(page.getByRole("link", { name: "E2E Rack Journey" })).toHaveCount(0);
});

test("bad values are refused with a message next to the field", async ({ page }) => {
  await newSite(page, "E2E Bad Input", "E2EBAD");
  const fieldError = (form: ReturnType<Page["getByRole"]>, label: string) =>
    form.locator(".field", { has: page.getByLabel(label, { exact: true }) }).getByRole("alert");

  let form = await addRack(page, { name: "A01", room: "Hall A", uHeight: "0" });
  await expect(fieldError(form, "Height (U)")).toHaveText("A rack is at least 1 U high.");

  form = await addRack(page, { name: "A01", room: "Hall A", uHeight: "300" });
  await expect(fieldError(form, "Height (U)")).toHaveText("A rack is at most 60 U high.");

  form = await addRack(page, { name: "   ", room: "Hall A", uHeight: "42" });
  await expect(fieldError(form, "Rack name")).toHaveText("Enter a name.");
  await expect(page.getByText("No rack yet")).toBeVisible();

  await addRack(page, { name: "A01", room: "Hall A", uHeight: "42" });
  await expect(page.locator("tr[data-rack='A01']")).toBeVisible();
  form = await addRack(page, { name: "a01", room: "Hall A", uHeight: "42" });
  await expect(fieldError(form, "Rack name")).toHaveText('Room "Hall A" already has a rack named "a01".');
  await expect(page.locator("tr[data-rack]")).toHaveCount(1);
});

test("a save on a rack someone else changed meanwhile is refused", async ({ page, browser }) => {
  await newSite(page, "E2E Concurrent", "E2ECC");
  await addRack(page, { name: "B01", room: "Hall B", uHeight: "42" });
  await expect(page.locator("tr[data-rack='B01']")).toBeVisible();

  const other = await browser.newPage();
  await other.goto(page.url());
  await page.locator("tr[data-rack='B01']").getByRole("button", { name: "Edit" }).click();
  await other.locator("tr[data-rack='B01']").getByRole("button", { name: "Edit" }).click();

  const first = other.getByRole("form", { name: "Edit rack B01" });
  await first.getByLabel("Height (U)").fill("45");
  await first.getByRole("button", { name: "Save rack" }).click();
  await expect(other.locator("tr[data-rack='B01']")).toContainText("45 U");

  const second = page.getByRole("form", { name: "Edit rack B01" });
  await second.getByLabel("Rack name").fill("B01-late");
  await second.getByRole("button", { name: "Save rack" }).click();
  await expect(second.getByRole("alert")).toContainText("changed by someone else since you opened it");
  await other.close();
});

test("a site of hundreds of racks: its rooms and the tree's rows open on demand, the rack looked at in an open row", async ({ page }) => {
  // 210 racks in two rooms, imported as a site file (the import puts them in rows X and Y, from their names).
  const racks = ["X", "Y"].flatMap((hall, r) => Array.from({ length: 105 }, (_, i) => `  - { id: ${hall}${String(i + 1).padStart(3, "0")}, room: r${r} }`));
  const yaml = ["ferrule: 1", "site:", "  id: big", "  name: Big halls", "rooms:", "  - { id: r0, name: Hall X }", "  - { id: r1, name: Hall Y }", "racks:", ...racks, ""].join("\n");
  await page.goto("/");
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await page.getByRole("link", { name: "Exports and imports" }).click();
  const form = page.getByRole("region", { name: "Import a site file as a new site" });
  await form.getByLabel("Site file (YAML)").setInputFiles({ name: "big.yaml", mimeType: "application/yaml", buffer: Buffer.from(yaml) });
  await form.getByLabel("Code", { exact: true }).fill("BIG");
  await form.getByLabel("Name", { exact: true }).fill("E2E Big halls");
  await form.getByRole("button", { name: "Import site" }).click();
  await form.getByRole("status").getByRole("link", { name: "E2E Big halls" }).click({ timeout: 60_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("E2E Big halls");

  // The site page: each room's racks behind its name, the tree's rows closed.
  const hallY = page.getByRole("button", { name: "Hall Y", exact: true });
  await expect(hallY).toHaveAttribute("aria-expanded", "false");
  await expect(hallY.locator("xpath=..")).toContainText("105 racks");
  await expect(page.getByRole("table", { name: "Racks in Hall Y" })).toHaveCount(0);
  const tree = page.getByLabel("Site tree");
  await expect(tree.getByRole("button", { name: /^Row [XY] 105 racks$/ })).toHaveCount(2);
  await expect(tree.getByRole("link")).toHaveCount(0);
  await hallY.click();
  await expect(hallY).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("table", { name: "Racks in Hall Y" }).locator("tbody tr")).toHaveCount(105);
  await expect(page.getByRole("table", { name: "Racks in Hall X" })).toHaveCount(0);

  // A rack's page: its row open in the tree, the other room's closed until opened.
  await page.getByRole("table", { name: "Racks in Hall Y" }).getByRole("link", { name: "Y007", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Y007");
  await expect(tree.locator(".tree__rack--current")).toHaveText(/Y007/);
  await expect(tree.getByRole("link")).toHaveCount(105);
  await expect(tree.getByRole("link", { name: "X001", exact: true })).toHaveCount(0);
  const rowsOfX = tree.getByRole("button", { name: /^Row X/ });
  await expect(rowsOfX).toHaveAttribute("aria-expanded", "false");
  await rowsOfX.click();
  await tree.getByRole("link", { name: "X001", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("X001");
  // Now X001's row is the one open, Y's closed; the current row closes by hand too.
  await expect(tree.locator(".tree__rack--current")).toHaveText(/X001/);
  await expect(tree.getByRole("link")).toHaveCount(105);
  await expect(tree.getByRole("button", { name: /^Row Y/ })).toHaveAttribute("aria-expanded", "false");
  await rowsOfX.click();
  await expect(rowsOfX).toHaveAttribute("aria-expanded", "false");
  await expect(tree.getByRole("link")).toHaveCount(0);
});
