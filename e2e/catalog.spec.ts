import { expect, test, type Page } from "@playwright/test";

const TRAITS = ["gender", "polish", "fiber-count", "loss-grade", "polarity"] as const;

async function findType(page: Page, q: string) {
  await page.getByLabel("Id or name contains").fill(q);
  const row = page.getByRole("table", { name: "Component types" }).locator(`tr[data-type='${q}']`);
  await expect(row).toBeVisible();
  return row;
}

const trait = (row: ReturnType<Page["locator"]>, name: (typeof TRAITS)[number]) => row.locator(`td[data-trait='${name}']`);

test("the catalog says every type's gender, polish, fiber count, loss grade and polarity in words", async ({ page }) => {
  await page.goto("/catalog");
  const table = page.getByRole("table", { name: "Component types" });
  await expect(table.locator("tbody tr").first()).toBeVisible();
  // Every listed type has all five in words, never a blank.
  const rows = await table.locator("tbody tr").count();
  expect(rows).toBeGreaterThan(10);
  for (const name of TRAITS) await expect(table.locator(`td[data-trait='${name}']`, { hasText: /^—$/ })).toHaveCount(0);

  // A cassette of the vendor variant: pair-flipped harness, Type A rear.
  const af = await findType(page, "cas-mpo12-6xlc-methodAF-m-om4-elite");
  await expect(trait(af, "gender")).toHaveText("rear male (pinned)");
  await expect(trait(af, "polish")).toHaveText("UPC (flat)");
  await expect(trait(af, "fiber-count")).toHaveText("12 fibers: 1 × MPO-12 rear to 6 × LC front");
  await expect(trait(af, "loss-grade")).toContainText("low loss (0.35 dB per mated pair");
  await expect(trait(af, "polarity")).toHaveText(
    "type AF (method A, pairs flipped): pair-flipped: port k carries fibers 2k (A) and 2k-1 (B); rear adapter key-up to key-down (Type A)",
  );

  // Single-mode method B: UPC, because its key-up to key-up rear adapter cannot take APC.
  const b = await findType(page, "cas-mpo12-6xlc-methodB-f-os2");
  await expect(trait(b, "gender")).toHaveText("rear female (unpinned)");
  await expect(trait(b, "polish")).toHaveText("UPC (flat)");
  await expect(trait(b, "polarity")).toContainText("rear adapter key-up to key-up (Type B)");

  // A trunk and a transceiver.
  const trunk = await findType(page, "mpo12-typeB-ff-om4");
  await expect(trait(trunk, "gender")).toHaveText("female (unpinned)");
  await expect(trait(trunk, "fiber-count")).toHaveText("12 fibers");
  await expect(trait(trunk, "loss-grade")).toHaveText("standard (0.75 dB per mated pair)");
  await expect(trait(trunk, "polarity")).toHaveText("Type B: reversed: p → n+1-p");
  const sr4 = await findType(page, "qsfp28-100gbase-sr4");
  await expect(trait(sr4, "gender")).toHaveText("receptacle male (pinned)");
  await expect(trait(sr4, "fiber-count")).toHaveText("8 fibers (4 lanes)");
  await page.screenshot({ path: "test-results/catalog-traits.png", fullPage: false });
});

test("a NetBox type AF cassette imports as type AF and the catalog says so", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await page.getByRole("link", { name: "Exports and imports" }).click();
  const section = page.getByRole("region", { name: "Import NetBox device types" });
  await section
    .getByLabel("Device-type files (YAML)")
    .setInputFiles("src/server/interchange/netbox/__fixtures__/devicetype-library/module-types/FS/FHD-1MTP6LCDOM4AF.yaml");
  await section.getByRole("button", { name: "Check" }).click();
  await expect(section).toContainText("needs answers");
  await section.getByLabel("rearPolish").selectOption("UPC");
  await section.getByLabel("frontPolish").selectOption("UPC");
  await section.getByRole("button", { name: "Check again with these answers" }).click();
  await section.getByRole("button", { name: "Import 1 ready type" }).click();
  await expect(section.getByRole("status")).toContainText("Imported 1 type into the catalog.");

  await page.getByRole("link", { name: "Catalog" }).click();
  const row = await findType(page, "fs-fhd-1mtp6lcdom4af");
  await expect(trait(row, "polarity")).toContainText("type AF (method A, pairs flipped)");
  await expect(trait(row, "gender")).toHaveText("rear male (pinned)");
  await expect(trait(row, "fiber-count")).toHaveText("12 fibers: 1 × MPO-12 rear to 6 × LC front");
  await page.screenshot({ path: "test-results/catalog-imported-af.png", fullPage: false });
});

test("splice trays and simplex cords: the catalog says splices in words, and a NetBox splice cassette imports as one", async ({ page }) => {
  await page.goto("/catalog");
  const tray = await findType(page, "splice-12xlc-os2");
  await expect(trait(tray, "fiber-count")).toHaveText("24 fibers: 24 × splice rear to 12 × LC front");
  await expect(trait(tray, "polish")).toHaveText("UPC (flat)");
  await expect(trait(tray, "loss-grade")).toHaveText("standard (0.75 dB per mated pair); fusion splices 0.3 dB each");
  await expect(trait(tray, "polarity")).toHaveText("explicit map; rear fusion-spliced, one splice per fiber");
  const cable = await findType(page, "spliced-12f-os2");
  await expect(trait(cable, "polish")).toHaveText("none (fusion splices have no end face)");
  await expect(trait(cable, "loss-grade")).toHaveText("fusion splices 0.3 dB each");
  await page.getByLabel("Id or name contains").fill("splice");
  await page.screenshot({ path: "test-results/catalog-splice.png", fullPage: false });

  await page.goto("/");
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await page.getByRole("link", { name: "Exports and imports" }).click();
  const section = page.getByRole("region", { name: "Import NetBox device types" });
  await section.getByLabel("Device-type files (YAML)").setInputFiles("src/server/interchange/netbox/__fixtures__/devicetype-library/module-types/FS/FHD-12LCDSMF.yaml");
  await section.getByRole("button", { name: "Check" }).click();
  await section.getByRole("button", { name: "Import 1 ready type" }).click();
  await expect(section.getByRole("status")).toContainText("Imported 1 type into the catalog.");
  await page.getByRole("link", { name: "Catalog" }).click();
  const row = await findType(page, "fs-fhd-12lcdsmf");
  await expect(trait(row, "fiber-count")).toHaveText("24 fibers: 24 × splice rear to 12 × LC front");
  await expect(trait(row, "loss-grade")).toContainText("fusion splices 0.3 dB each");
  await page.screenshot({ path: "test-results/catalog-imported-splice.png", fullPage: false });
});
