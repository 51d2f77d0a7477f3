import { expect, test, type Page } from "@playwright/test";

/** A multiplexed and a tapped link as an engineer meets them: imported from the example site files,
 *  then traced from the switch's port page. */

async function importExample(page: Page, file: string, code: string, name: string) {
  await page.goto("/");
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await page.getByRole("link", { name: "Exports and imports" }).click();
  await page.getByLabel("Site file (YAML)").setInputFiles(`examples/${file}`);
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Import site" }).click();
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
}

async function openPort(page: Page, device: string, port: string) {
  const found = page.getByRole("listbox", { name: "Search results" }).getByRole("link", { name: new RegExp(`^device ${device}\\b`) }).first();
  // Typed again until the page has taken it (a value typed before the page is interactive is lost).
  await expect(async () => {
    await page.getByLabel("Search the site").fill(device);
    await expect(found).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await found.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(device);
  await page.locator(`tr[data-port='${port}'] td`).first().getByRole("link", { name: port, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`${device}:${port}`);
}

test("a link through a 50/50 TAP: the channel passes with the tap's loss, the monitor copy shown as a branch", async ({ page }) => {
  const name = "10GBASE-LR through a 50/50 TAP with a capture tool";
  await importExample(page, "t-tap-lr-pass.yaml", "TAPE", name);
  await openPort(page, "leaf1", "Ethernet1/1");
  const trace = page.getByRole("table", { name: "Fiber trace" });
  const monitor = trace.getByRole("row").filter({ hasText: "monitor copy out of taps/1 MON-A: 50 % of the light" });
  await expect(monitor).toContainText("tool:Ethernet1/1 Rx lane 1");
  await expect(monitor).toContainText("4.91 dB");
  await expect(trace.getByRole("row")).toHaveCount(4);
  await expect(page.getByText("Every fiber reaches the right far lane")).toBeVisible();
});

test("a CWDM link: each lane's wavelength is named, and the far optic on another wavelength's port fails", async ({ page }) => {
  await importExample(page, "w-cwdm-wrong-port.yaml", "CWDE", "CWDM: far 1471 nm optic on the 1511 nm demux port");
  await openPort(page, "site-a", "Ethernet1/1");
  const trace = page.getByRole("table", { name: "Fiber trace" });
  await expect(trace.getByRole("row").filter({ hasText: "λ 1471 nm" })).toHaveCount(2);
  await expect(trace).toContainText("open front of mux-b:1/1471");
  const channel = page.locator("section").filter({ hasText: "Fiber ends at an open port" }).first();
  await expect(channel).toContainText(/^Channel\s*fail/i);
});
