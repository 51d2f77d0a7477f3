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
