import { expect, test, type Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD } from "./support/accounts";
import { screens } from "./support/screens";

/** The engineer's dashboard read as a user reads it: what each role is offered, where cables go, what
 *  a connector is, and no empty state claimed before it has been read. */

async function signInAs(page: Page, email: string) {
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Sites" })).toBeVisible();
}

/** The link of a port in its own row of the port table (the far-end cells link other ports). */
const portLink = (page: Page, name: string) => page.locator(`tr[data-port='${name}'] td`).first().getByRole("link", { name, exact: true });

async function openDevice(page: Page, name: string) {
  await page.getByLabel("Search the site").fill(name);
  await page.getByRole("listbox", { name: "Search results" }).getByRole("link", { name: new RegExp(`^device ${name}\\b`) }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
}

test.describe("as a viewer and as an editor", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("controls follow the role held on the site; the server still refuses", async ({ page }) => {
    await signInAs(page, DEMO.viewer);
    await expect(page.getByRole("form", { name: "New site" })).toHaveCount(0);
    await page.getByRole("link", { name: "Demo Data Center 1" }).click();
    await expect(page.locator("tr[data-rack='A01']")).toBeVisible();
    await expect(page.getByRole("form", { name: "Add a rack" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Edit site" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^(Edit|Delete)$/ })).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Rooms and rows" })).toHaveCount(0);

    await openDevice(page, "MPO-A01");
    await expect(page.locator("tr[data-port='1']")).toBeVisible();
    await expect(page.getByRole("button", { name: "Edit device" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Delete device" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Edit port / })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Add a trunk" })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Add a patch cord" })).toHaveCount(0);
    await screens(page, "role-viewer-device");

    await portLink(page, "1").click();
    await expect(page.getByRole("table", { name: "Plugged here" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Unplug" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Replace type" })).toHaveCount(0);

    await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Plans" }).click();
    await expect(page.getByRole("heading", { name: "Change plans" })).toBeVisible();
    await expect(page.getByRole("form", { name: "New plan" })).toHaveCount(0);

    await page.goto("/catalog");
    await page.getByLabel("Id or name contains").fill("lc-ab-om4-ll");
    await expect(page.locator("tr[data-type='lc-ab-om4-ll']")).toBeVisible();
    await expect(page.getByRole("form", { name: "Add a type" })).toHaveCount(0);

    // Hiding is a courtesy: the API refuses a viewer's change on its own.
    const csrf = (await page.context().cookies()).find((c) => c.name === "ferrule_csrf")!.value;
    const site = await page.request.get(`/api/trpc/sites.list`);
    const siteId = ((await site.json()) as { result: { data: { json: { id: string }[] } } }).result.data.json[0]!.id;
    const refused = await page.request.post("/api/trpc/racks.create", {
      headers: { "x-csrf-token": csrf, "content-type": "application/json" },
      data: { json: { siteId, name: "V01", room: "Hall A", uHeight: 42 } },
    });
    expect(refused.status()).toBe(403);

    // An editor is offered the same controls the viewer was not.
    await signInAs(page, DEMO.editor);
    await page.getByRole("link", { name: "Demo Data Center 1" }).click();
    await expect(page.getByRole("form", { name: "Add a rack" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Edit site" })).toBeVisible();
    await openDevice(page, "MPO-A01");
    await expect(page.getByRole("button", { name: "Edit device" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Edit port 1", exact: true })).toBeVisible();
    await screens(page, "role-editor-device");
  });
});

test("a panel's port table says where each cable goes, the positions a trunk carries, and the channel's verdict", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await openDevice(page, "MPO-A01");
  const row = page.locator("tr[data-port='1']");
  const cells = row.locator("td");
  // Front: the cord to spine1; rear: the trunk to panel MPO-A03, its 12 positions.
  await expect(cells.nth(2)).toContainText("UA01-1 → spine1 Ethernet1/1");
  await expect(cells.nth(3)).toContainText("T-A01-A03 → MPO-A03 1 rear (positions 1–12)");
  await expect(cells.nth(4)).toHaveText("pass");
  await screens(page, "far-end-panel");

  // A harness: one MPO to four servers.
  await openDevice(page, "leaf4");
  await expect(page.locator("tr[data-port='Ethernet1/2'] td").nth(2)).toContainText("BO-L4-2 → srv1 eth0");
  await expect(page.locator("tr[data-port='Ethernet1/2'] td").nth(2)).toContainText("srv4 eth0");
});

test("connectors are said in words wherever they are shown", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await openDevice(page, "MPO-A01");
  await expect(page.locator("tr[data-port='1'] td").nth(2)).toContainText("MPO-12 female, APC, OS2, Type B");
  await expect(page.locator("tr[data-port='1'] td").nth(3)).toContainText("MPO-12 male, APC, OS2, Type B");

  await portLink(page, "1").click();
  const plugged = page.getByRole("table", { name: "Plugged here" });
  await expect(plugged.locator("tr[data-cable='T-A01-A03']")).toContainText("MPO-12 male, APC, OS2, Type B");
  // The channel diagram names the trunk in full, not cut after its polarity type.
  const diagram = page.getByRole("img", { name: /Channel diagram/ });
  await expect(diagram).toContainText("MPO-12 male, APC,");
  await expect(diagram).not.toContainText("Type B ·…");
  await screens(page, "words-port");

  await page.goto("/catalog");
  await page.getByLabel("Id or name contains").fill("mpo12-typeB-mm-os2");
  await expect(page.locator("tr[data-type='mpo12-typeB-mm-os2']")).toContainText("MPO-12 male, APC, OS2, Type B");
  await screens(page, "words-catalog");
});

test("a page never says a port is empty, nor names its site, before it has read them", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await openDevice(page, "MPO-A01");
  const portUrl = await portLink(page, "1").getAttribute("href");
  // Hold back the device's and the site's answers: the page must wait, not guess.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(/\/api\/trpc\/.*(devices\.get|sites\.get)/, async (route) => (await held, route.continue()));
  await page.goto(portUrl!);
  await expect(page.getByText("Loading what is plugged in…")).toBeVisible();
  await expect(page.getByText("Nothing plugged into this port.")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Breadcrumbs" })).not.toContainText("› Site ›");
  release();
  await expect(page.getByRole("table", { name: "Plugged here" })).toContainText("UA01-1");
  await expect(page.getByRole("navigation", { name: "Breadcrumbs" })).toContainText("Demo Data Center 1");
  // Traced from a panel port there is no lane to hold the far one to: no ✗ on a passing channel.
  await expect(page.getByRole("listitem").filter({ hasText: "leaf1:Ethernet1/49" }).locator(".verdict")).toHaveText("pass");
  await expect(page.getByRole("table", { name: "Fiber trace" })).not.toContainText("✗");
  await expect(page.getByRole("img", { name: /Channel diagram/ })).not.toContainText("✗");
});

test("a fault's lanes make one finding, with the part most likely at fault and the fix, on both ends and on the cassette port", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await openDevice(page, "srv8");
  await portLink(page, "eth0").click();
  const findings = page.getByRole("list", { name: "Findings of this channel" });
  const polarity = findings.locator("li[data-finding='POLARITY']");
  await expect(polarity).toHaveCount(1);
  await expect(findings.locator("li[data-finding^='POLARITY_TX'], li[data-finding^='POLARITY_RX']")).toHaveCount(0);
  await expect(polarity.getByLabel("Likely at fault")).toContainText("Likely at fault: F-SRV8 or N-L3-8");
  await expect(polarity.getByLabel("Likely at fault")).toContainText("Fix: replace F-SRV8 with an A-to-A cord, or replace N-L3-8 with an A-to-A cord.");
  // Both faults still show, each in the engine's words; the loss figures stay on the link.
  await expect(page.getByRole("table", { name: "Links" })).not.toContainText("nothing to measure");
  await screens(page, "finding-grouped");

  // The cassette port the fibers cross says why, not only FAIL.
  await openDevice(page, "LC-B03");
  await page.locator("tr[data-port='1/4'] td").first().getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "Channels through this port" })).toBeVisible();
  await expect(page.getByLabel("Likely at fault")).toContainText("F-SRV8");
  await screens(page, "finding-cassette-port");
});

test("the cable list: kind, fiber, polarity type, length, status and verdict, filtered, searched and sorted", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Cables" }).click();
  const table = page.getByRole("table", { name: "Cables" });
  const row = table.locator("tr[data-cable='F-SRV8']");
  await expect(row).toContainText("LC, UPC, OM4, A-to-B");
  await expect(row.locator("td").nth(2)).toHaveText("cord");
  // An MPO cable between two panels' rears is a trunk as laid, though its type is sold as a cord.
  await expect(table.locator("tr[data-cable='T-A03-B01-6'] td").nth(2)).toHaveText("trunk");
  await expect(row.locator("td").nth(3)).toHaveText("OM4");
  await expect(row.locator("td").nth(4)).toHaveText("A-to-B");
  await expect(row.locator(".verdict")).toHaveText("fail");

  // Anywhere in the label, then on each column.
  await page.getByLabel("Label contains").fill("B01");
  await expect(table.locator("tbody tr").first()).toBeVisible();
  for (const label of await table.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-cable") ?? ""))) expect(label).toContain("B01");
  await page.getByLabel("Label contains").fill("");
  await page.getByLabel("Kind").selectOption("trunk");
  await page.getByLabel("Channel verdict").selectOption("fail");
  await expect(table.locator("tbody tr").first()).toBeVisible();
  await expect(table.locator("tbody .verdict").filter({ hasNotText: "fail" })).toHaveCount(0);
  await page.getByLabel("Kind").selectOption("");
  await page.getByLabel("Channel verdict").selectOption("");
  await page.getByLabel("Polarity type").selectOption("AA");
  await expect(table.locator("tbody tr[data-cable='F-SRV5']")).toBeVisible();
  await expect(table.locator("tbody tr[data-cable='F-SRV8']")).toHaveCount(0);
  await page.getByLabel("Polarity type").selectOption("");

  // Longest first: the 120 m trunk between the halls heads the list.
  await table.getByRole("button", { name: /^Length/ }).click();
  await table.getByRole("button", { name: /^Length/ }).click();
  await expect(table.locator("th[aria-sort='descending']")).toContainText("Length");
  await expect(table.locator("tbody tr").first()).toHaveAttribute("data-cable", "T-A03-B01-6");
  await screens(page, "cables-list");
});

test("the audit trail reads in names, before → after", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await openDevice(page, "MPO-A01");
  await page.getByRole("button", { name: "Edit port 12", exact: true }).click();
  const form = page.getByRole("group", { name: "Edit port 12" }).getByRole("form", { name: "Name and label of 12" });
  await form.getByLabel("Label").fill("SPARE-12");
  await form.getByRole("button", { name: "Save port" }).click();
  await expect(page.locator("tr[data-port='12']")).toContainText("SPARE-12");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit trail" }).click();
  const entry = page.getByRole("table", { name: "Audit entries" }).locator("tbody tr").filter({ hasText: "SPARE-12" }).first();
  await expect(entry).toContainText("label: — → SPARE-12");
  await expect(entry).toContainText("MPO-A01");
  // No raw id anywhere in the changes column of the first page.
  const changes = await page.locator("ul.changes").allInnerTexts();
  for (const c of changes) expect(c).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  await screens(page, "audit-names");
});

test("printed labels: empty cages only when asked for", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await page.waitForURL(/\/sites\/[0-9a-f-]{36}$/);
  const siteId = new URL(page.url()).pathname.split("/")[2]!;
  const pages = async (query: string) => {
    const res = await page.request.get(`/api/export/sites/${siteId}/port-labels.pdf${query}`);
    expect(res.status()).toBe(200);
    return ((await res.body()).toString("latin1").match(/\/Type\s*\/Page\b/g) ?? []).length;
  };
  const without = await pages("");
  const withEmpty = await pages("?emptyCages=1");
  expect(without).toBeLessThan(withEmpty);
});

test("smaller: the optics a cage is offered, a slotless port name, Sign out on a phone", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await openDevice(page, "leaf1");
  const form = page.getByRole("form", { name: "Install a transceiver" });
  await form.getByLabel("Cage").selectOption({ label: "Ethernet1/5" });
  await expect(form.getByLabel("Transceiver type").locator("option[value='qsfp28-100gbase-sr4']")).toHaveCount(1);
  const offered = await form.getByLabel("Transceiver type").locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(offered).toContain("qsfp28-100gbase-sr4");
  expect(offered.some((v) => v.startsWith("osfp-") || v.startsWith("cxp-"))).toBe(false);

  await openDevice(page, "srv8");
  await expect(page.locator("[data-port-cell='eth0'] .port__name")).toHaveText("eth0");

  await page.setViewportSize({ width: 390, height: 844 });
  const signOut = page.getByRole("button", { name: "Sign out" });
  await expect(signOut).toBeInViewport({ ratio: 1 });
  await screens(page, "phone-topbar");
});
