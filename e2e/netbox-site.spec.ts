import { expect, test, type Page } from "@playwright/test";
import { FAKE_NETBOX_TOKEN, startFakeNetbox, type FakeNetbox } from "../test/netbox/fake-netbox";
import { fiberSiteDump } from "../test/netbox/fiber-site";

/** A NetBox stand-in the server reads over HTTP, on a port of its own (E2E_NETBOX_PORT). */
let netbox: FakeNetbox;
test.beforeAll(async () => {
  netbox = await startFakeNetbox(Number(process.env.E2E_NETBOX_PORT ?? 3244));
});
test.afterAll(async () => {
  await netbox.close();
});

const alertOf = (page: Page) => page.locator("[role=alert]:not(#__next-route-announcer__)");

async function openExchange(page: Page) {
  await page.goto("/");
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await page.getByRole("link", { name: "Exports and imports" }).click();
  await expect(page.getByRole("heading", { name: "Import a whole NetBox site" })).toBeVisible();
}

test("import a whole NetBox site from its API, answer its questions, then see NetBox's changes as a plan", async ({ page }) => {
  await openExchange(page);
  const card = page.locator("section", { has: page.getByRole("heading", { name: "Import a whole NetBox site" }) });
  await card.getByLabel("NetBox URL").fill(netbox.url);
  await card.getByLabel("API token (read-only is enough)").fill(FAKE_NETBOX_TOKEN);
  await card.getByLabel("NetBox site (slug)").fill("lab-1");
  await card.getByRole("button", { name: "Import NetBox site" }).click();

  // Asked once per type: the cassette's polish, and the optic in the SFP+ cages.
  const questions = card.getByLabel("Questions");
  await expect(questions).toContainText("NetBox does not say everything Ferrule needs");
  await expect(questions).toContainText("2 cabled interfaces");
  await questions.getByLabel("Acme CAS-MTP12-6LC-OM4-B rearPolish").selectOption("UPC");
  await questions.getByLabel("Acme CAS-MTP12-6LC-OM4-B frontPolish").selectOption("UPC");
  await questions.getByLabel("interface 10gbase-x-sfpp transceiver").selectOption("sfpp-10gbase-sr");
  await page.screenshot({ path: "test-results/netbox-site-questions.png", fullPage: true });
  await card.getByRole("button", { name: "Import with these answers" }).click();

  const done = card.getByRole("status");
  await expect(done).toContainText(/Imported Lab One \(LAB-1\): imported 35 objects, refused \d+, channels 2, findings \d+\./);
  // The demo admin may add to the catalog: the switch and housing models become device types.
  await expect(done).toContainText("Device types added to the catalog: Acme Leaf-48S, Acme FHD-1U.");
  const refused = card.getByRole("table", { name: "NetBox objects not imported" });
  await expect(refused.getByRole("row").filter({ hasText: "PWR-1" })).toContainText("cable type power is not fiber");
  await expect(refused.getByRole("row").filter({ hasText: "leaf1 mgmt0" })).toContainText("1000base-t");
  await page.screenshot({ path: "test-results/netbox-site-imported.png", fullPage: true });
  expect(new Set(netbox.requests.map((r) => r.method))).toEqual(new Set(["GET"]));

  // NetBox changes; importing again opens the difference as a draft plan.
  netbox.site = { changed: true };
  await card.getByRole("button", { name: "Import NetBox site" }).click();
  await expect(done).toContainText("are in the draft plan");
  await expect(done).toContainText("devices +1 −0 moved 1");
  await page.screenshot({ path: "test-results/netbox-site-planned.png", fullPage: true });
  await done.getByRole("link", { name: /^NetBox lab-1 / }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("NetBox lab-1");
  await expect(page.getByText("leaf3").first()).toBeVisible();
  await page.screenshot({ path: "test-results/netbox-site-plan-page.png", fullPage: true });
  netbox.site = {};
});

test("a dump without the NetBox site is refused, naming the sites it has", async ({ page }) => {
  await openExchange(page);
  const card = page.locator("section", { has: page.getByRole("heading", { name: "Import a whole NetBox site" }) });
  await card.getByLabel("a dump file (manage.py dumpdata)").check();
  await card.getByLabel("Dump (JSON)").setInputFiles({ name: "netbox.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(fiberSiteDump())) });
  await card.getByLabel("NetBox site (slug)").fill("nowhere");
  await card.getByRole("button", { name: "Import NetBox site" }).click();
  await expect(alertOf(page)).toContainText('The dump has no site "nowhere"; its sites are lab-1, elsewhere.');
});
