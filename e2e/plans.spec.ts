import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD } from "./support/accounts";

/**
 * A change plan on the demo site, from draft to work order: a new 400G-DR4 channel from spine1 to
 * leaf3 over a dark OS2 trunk between the halls, with a pinned cord on the pinned optic (a gender
 * error the what-if shows), fixed in the plan; submitted by the admin, approved by the approver in
 * a second browser, released to the floor; the live inventory and findings change step by step as
 * the work order is ticked off. A plan approved over a cord someone changed meanwhile is refused
 * when released. A plan replacing a live trunk is followed on the floor: the live trace, the new
 * trunk beside the old one, the links down during the cut-over, the trace over the new trunk, and
 * an undo that restores the plant exactly.
 */

/** Calls a procedure with the page's session (and its CSRF token, for mutations). */
async function api<T = unknown>(page: Page, path: string, input: unknown, mutation = false): Promise<T> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === "ferrule_csrf")?.value ?? "";
  const res = mutation
    ? await page.request.post(`/api/trpc/${path}`, { data: { json: input }, headers: { "x-csrf-token": decodeURIComponent(csrf) } })
    : await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  const body = (await res.json()) as { result?: { data: { json: T } }; error?: { json: { message: string } } };
  if (!res.ok()) throw new Error(`${path}: ${res.status()} ${body.error?.json.message}`);
  return body.result!.data.json;
}

async function demoSite(page: Page) {
  const sites = await api<{ id: string; name: string }[] | { items: { id: string; name: string }[] }>(page, "sites.list", {});
  const list = Array.isArray(sites) ? sites : sites.items;
  return list.find((s) => s.name === "Demo Data Center 1")!.id;
}

async function portId(page: Page, siteId: string, device: string, port: string) {
  const devices = await api<{ items: { id: string; name: string }[] }>(page, "devices.list", { siteId, q: device, limit: 50 });
  const d = devices.items.find((x) => x.name === device)!;
  const view = await api<{ ports: { id: string; name: string }[] }>(page, "devices.get", { id: d.id });
  return view.ports.find((p) => p.name === port)!.id;
}

async function cableByLabel(page: Page, siteId: string, label: string) {
  const list = await api<{ items: { id: string; label: string; version: number }[] }>(page, "cables.list", { siteId, q: label, limit: 20 });
  return list.items.find((c) => c.label === label)!;
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Sites" })).toBeVisible();
  return page;
}

/** Chooses a port in an operation form: its device, then the port (option text starts with the port's name). */
async function choosePort(form: ReturnType<Page["getByRole"]>, label: string, device: string, port: string) {
  await form.getByLabel(`${label}: device`).selectOption({ label: device });
  const select = form.getByLabel(`${label}: port`);
  await expect(select.locator("option", { hasText: `${port} (` }).first()).toBeAttached();
  const value = await select.locator("option", { hasText: `${port} (` }).first().getAttribute("value");
  await select.selectOption(value!);
}

test("plan a new 400G-DR4 channel, see and fix a gender error in the what-if, submit, approve, release, tick the steps off", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await page.goto("/");
  const siteId = await demoSite(page);
  // A dark single-mode trunk between the halls, installed before the plan is drafted.
  await api(
    page,
    "cables.create",
    {
      siteId,
      typeId: "mpo12-typeB-mm-os2",
      label: "T-A01-B01-8",
      lengthM: 85,
      ends: [
        { connector: "a1", portId: await portId(page, siteId, "MPO-A01", "8"), side: "rear" },
        { connector: "b1", portId: await portId(page, siteId, "MPO-B01", "8"), side: "rear" },
      ],
    },
    true,
  );

  // Live findings before.
  await page.goto(`/sites/${siteId}/findings`);
  const errorsOption = page.getByLabel("Severity").locator("option[value=error]");
  await expect(errorsOption).toHaveText(/errors \(\d+\)/);
  const errorsBefore = Number(/\((\d+)\)/.exec((await errorsOption.textContent()) ?? "")![1]);

  // Start the plan.
  await page.getByRole("link", { name: "Plans" }).click();
  const newPlan = page.getByRole("form", { name: "New plan" });
  await newPlan.getByLabel("Name").fill("Second uplink spine1 to leaf3");
  await newPlan.getByRole("button", { name: "Start the plan" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Second uplink spine1 to leaf3");
  const planUrl = page.url();

  const addOperation = async () => {
    await page.getByRole("button", { name: "Add an operation" }).click();
    return page.getByRole("form", { name: "Add an operation" });
  };
  const ops = page.getByRole("region", { name: "Operations" }).locator("ol.ops > li");

  // Two DR4 optics.
  for (const [device, cage] of [
    ["spine1", "Ethernet1/5"],
    ["leaf3", "Ethernet1/4"],
  ] as const) {
    const form = await addOperation();
    await form.getByLabel("Operation").selectOption({ label: "Insert a transceiver" });
    await choosePort(form, "Cage", device, cage);
    await form.getByLabel("Transceiver type").fill("qsfpdd-400gbase-dr4");
    await form.getByRole("button", { name: "Add to plan" }).click();
    await expect(form).toHaveCount(0);
  }
  await expect(ops).toHaveCount(2);

  // The cords: a pinned one on the spine side (wrong: the optic is pinned too).
  const cord = async (type: string, label: string, a: [string, string, string], b: [string, string, string]) => {
    const form = await addOperation();
    await form.getByLabel("Cable type").fill(type);
    await form.getByLabel("Label").fill(label);
    await form.getByLabel("Length (m)").fill("2");
    await choosePort(form, "Connector a1", a[0], a[1]);
    if (a[2]) await form.getByLabel("Connector a1: side").selectOption(a[2]);
    await choosePort(form, "Connector b1", b[0], b[1]);
    if (b[2]) await form.getByLabel("Connector b1: side").selectOption(b[2]);
    await form.getByRole("button", { name: "Add to plan" }).click();
    await expect(form).toHaveCount(0);
  };
  await cord("mpo12-typeB-mm-os2", "UA01-8", ["spine1", "Ethernet1/5", ""], ["MPO-A01", "8", "front"]);
  await cord("mpo12-typeB-ff-os2", "UB01-8", ["MPO-B01", "8", "front"], ["leaf3", "Ethernet1/4", ""]);

  // And, while at it, replace the Type A cord between leaf1 and leaf2 with a Type B one.
  const retype = await addOperation();
  await retype.getByLabel("Operation").selectOption({ label: "Change a cable's type" });
  await retype.getByLabel("Find a cable").fill("P-L1-L2-1");
  const cableSelect = retype.getByLabel("Cable", { exact: true });
  await expect(cableSelect.locator("option", { hasText: "P-L1-L2-1 —" })).toBeAttached();
  await cableSelect.selectOption((await cableSelect.locator("option", { hasText: "P-L1-L2-1 —" }).getAttribute("value"))!);
  await retype.getByLabel("New cable type").fill("mpo12-typeB-ff-om4");
  await retype.getByRole("button", { name: "Add to plan" }).click();
  await expect(ops).toHaveCount(5);

  // The what-if: a male-male mating on the new channel.
  const introduced = page.getByLabel("Introduced");
  await expect(introduced.locator("[data-code=MPO_GENDER_MALE_MALE]").first()).toBeVisible();
  await expect(page.getByLabel("Resolved").locator("[data-code=POLARITY_TX_TO_TX]")).toHaveCount(1);
  const channels = page.getByRole("table", { name: "Channels" });
  await expect(channels.getByRole("row", { name: /leaf3:Ethernet1\/4 ↔ spine1:Ethernet1\/5/ })).toContainText("new");

  // The trace as planned: the new channel fails on its pinned matings, drawn like the live trace.
  await channels.getByRole("link", { name: "leaf3:Ethernet1/4 ↔ spine1:Ethernet1/5" }).click();
  await expect(page.getByRole("status", { name: "Plan mode" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Channel" }).locator(".verdict")).toHaveText("fail");
  await expect(page.getByRole("img", { name: /Channel diagram/ })).toBeVisible();
  await expect(page.getByRole("list", { name: "Findings of this channel" })).toContainText("are both pinned (male) at MPO-A01:8");
  await expect(page.getByRole("table", { name: "Fiber trace" }).locator("tbody tr")).toHaveCount(8);
  await page.goto(planUrl);

  // The findings page as planned says so too; the live one does not.
  await page.getByRole("link", { name: "Findings as planned" }).click();
  await expect(page.getByRole("status", { name: "Plan mode" })).toContainText("Second uplink spine1 to leaf3");
  await expect(page.locator("tr[data-code=MPO_GENDER_MALE_MALE]").first()).toBeVisible();
  await page.getByRole("link", { name: "Show the live site" }).click();
  await expect(page.getByRole("status", { name: "Plan mode" })).toHaveCount(0);
  await expect(page.locator("tr[data-code=MPO_GENDER_MALE_MALE]")).toHaveCount(0);

  // Fix it in the plan: an unpinned cord.
  await page.goto(planUrl);
  await page.getByRole("button", { name: "Edit operation 3" }).click();
  const edit = page.getByRole("form", { name: "Edit operation" });
  // The form opens on the devices of the operation's ports.
  await expect(edit.getByLabel("Connector a1: device").locator("option:checked")).toHaveText("spine1");
  await expect(edit.getByLabel("Connector b1: device").locator("option:checked")).toHaveText("MPO-A01");
  await edit.getByLabel("Cable type").fill("mpo12-typeB-ff-os2");
  await edit.getByRole("button", { name: "Save operation" }).click();
  await expect(edit).toHaveCount(0);
  await expect(introduced.locator("[data-code=MPO_GENDER_MALE_MALE]")).toHaveCount(0);
  await expect(introduced).toContainText("the plan introduces no finding");
  await expect(channels.getByRole("row", { name: /leaf3:Ethernet1\/4 ↔ spine1:Ethernet1\/5/ })).toContainText("pass");

  // The panel as planned: MPO-A01 port 8 gets the new cord in front of the dark trunk.
  await page.getByRole("region", { name: "Devices as planned" }).getByRole("link", { name: "MPO-A01" }).click();
  await expect(page.getByRole("status", { name: "Plan mode" })).toContainText("MPO-A01");
  await expect(page.locator("tr[data-port='8']")).toContainText("UA01-8 (b1)");
  await page.goto(planUrl);

  // Submit; the approver approves in a second browser.
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("submitted");
  const approver = await signedIn(browser, DEMO.approver);
  await approver.goto(planUrl);
  await approver.getByLabel("Note (optional)").fill("Go ahead on Tuesday night");
  await approver.getByRole("button", { name: "Approve" }).click();
  await expect(approver.getByRole("heading", { level: 1 })).toContainText("approved");
  await expect(approver.getByRole("region", { name: "History" })).toContainText("approver@demo.ferrule");

  // Release to the floor: the live inventory does not change until the steps are done.
  await page.reload();
  await page.getByRole("button", { name: "Release to the floor" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("in progress");
  await expect(page.getByRole("region", { name: "On the floor" })).toContainText("0 of 5 steps done");
  expect(await cableByLabel(page, siteId, "UA01-8")).toBeUndefined();

  // The work order: tick the other steps off here, the cord's step on a phone.
  await page.getByRole("link", { name: "Work order" }).first().click();
  const step = page.getByRole("article").filter({ hasText: "Install cord UA01-8" });
  await expect(step.getByRole("img")).toBeVisible();
  const others = page.getByRole("article").filter({ hasNotText: "Install cord UA01-8" });
  await expect(others).toHaveCount(4);
  for (const other of await others.all()) {
    await other.getByRole("checkbox").click();
    await expect(other.getByRole("checkbox")).toBeChecked();
    await expect(other).toContainText("done by admin@demo.ferrule");
  }
  await expect(step.getByRole("img")).toBeVisible();
  await expect(step).toContainText("DC1.A01-40:Ethernet1/5");
  const pdf = await page.request.get(`${new URL(page.url()).pathname}/pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  const href = await step.getByRole("link", { name: "open on a phone" }).getAttribute("href");
  const phone = await page.context().newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(href!);
  await phone.getByRole("button", { name: /Mark step \d+ done/ }).click();
  await expect(phone.getByText(/Done by admin@demo.ferrule/)).toBeVisible();
  expect((await cableByLabel(page, siteId, "UA01-8")) as unknown as { status: string }).toMatchObject({ status: "installed" });

  // The live inventory now: the new channel passes, the plan is completed.
  await page.goto(`/sites/${siteId}/ports/${await portId(page, siteId, "spine1", "Ethernet1/5")}`);
  await expect(page.getByRole("region", { name: "Channel" })).toContainText("pass");
  await expect(page.getByRole("region", { name: "Channel" })).toContainText("leaf3:Ethernet1/4");
  // The live findings: the leaf1-leaf2 polarity error is gone.
  await page.goto(`/sites/${siteId}/findings`);
  await expect(errorsOption).not.toHaveText(`errors (${errorsBefore})`);
  const errorsAfter = Number(/\((\d+)\)/.exec((await errorsOption.textContent()) ?? "")![1]);
  expect(errorsAfter).toBeLessThan(errorsBefore);
  await page.goto(planUrl);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("completed");
  await approver.context().close();
});

test("a release over a cord changed since the plan was drafted is refused, naming it", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  const siteId = await demoSite(page);
  const cord = await cableByLabel(page, siteId, "F-SRV8");
  let plan = await api<{ id: string; version: number }>(page, "plans.create", { siteId, name: "Fix srv8 polarity" }, true);
  plan = (await api<{ plan: { id: string; version: number } }>(page, "plans.addOperation", { planId: plan.id, version: plan.version, operation: { kind: "cable.retype", cableId: cord.id, typeId: "lc-aa-om4-ll" } }, true)).plan;
  plan = await api(page, "plans.submit", { id: plan.id, version: plan.version }, true);
  const approver = await signedIn(browser, DEMO.approver);
  await approver.goto(`/sites/${siteId}/plans/${plan.id}`);
  await approver.getByRole("button", { name: "Approve" }).click();
  await expect(approver.getByRole("heading", { level: 1 })).toContainText("approved");

  // Someone relabels the cord in the live inventory meanwhile.
  await api(page, "cables.update", { id: cord.id, version: cord.version, label: "F-SRV8 (relabelled)" }, true);

  await approver.reload();
  await expect(approver.getByRole("region", { name: "Review" })).toContainText("Changed in the live inventory since the plan was drafted: cable F-SRV8");
  await approver.getByRole("button", { name: "Release to the floor" }).click();
  await expect(approver.getByRole("region", { name: "Review" }).getByRole("alert").first()).toContainText("Not released: the live inventory changed since the plan was drafted — cable F-SRV8 (operation 1: version 1 then, 2 now)");
  await expect(approver.getByRole("heading", { level: 1 })).toContainText("approved");
  expect((await cableByLabel(page, siteId, "F-SRV8 (relabelled)")) as unknown as { typeId: string }).toMatchObject({ typeId: "lc-ab-om4-ll" });
  await approver.context().close();
});

test("a rack and the topology's side panel show what a draft plan installs, and the live rack does not", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  const siteId = await demoSite(page);
  const spine1 = (await api<{ items: { id: string; name: string; rackId: string }[] }>(page, "devices.list", { siteId, q: "spine1", limit: 5 })).items.find((d) => d.name === "spine1")!;
  let plan = await api<{ id: string; version: number }>(page, "plans.create", { siteId, name: "Storage servers in A01" }, true);
  plan = (
    await api<{ plan: { id: string; version: number } }>(
      page,
      "plans.addOperation",
      { planId: plan.id, version: plan.version, operation: { kind: "device.add", name: "stor1", role: "server", model: "R760xd2", rackId: spine1.rackId, uPosition: 4, uHeight: 2 } },
      true,
    )
  ).plan;

  await page.goto(`/sites/${siteId}/plans/${plan.id}`);
  await page.getByRole("region", { name: "Racks as planned" }).getByRole("link", { name: "Rack A01" }).click();
  await expect(page.getByRole("status", { name: "Plan mode" })).toContainText("Storage servers in A01");
  await expect(page.getByRole("img", { name: "Rack elevation, front" }).getByRole("link", { name: "stor1, U4-U5, front, installed by the plan" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Devices in rack A01 as planned" }).locator("tr[data-device='stor1']")).toContainText("installed");
  await page.getByRole("img", { name: "Rack elevation, front" }).getByRole("link", { name: /^stor1/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("stor1");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("installed by the plan");

  // The live rack: nothing installed yet.
  await page.goto(`/sites/${siteId}/racks/${spine1.rackId}`);
  await expect(page.getByRole("table", { name: "Devices in rack A01" })).not.toContainText("stor1");
  await expect(page.getByRole("note", { name: "Open plans" })).toContainText("Storage servers in A01 (draft)");
  await expect(page.getByRole("status", { name: "Plan mode" })).toHaveCount(0);

  // The topology as planned: the new server is found, and its details are the plan's.
  await page.goto(`/sites/${siteId}/topology?plan=${plan.id}`);
  await page.getByLabel("Find a room, rack or device").fill("stor1");
  await page.getByRole("button", { name: "Find", exact: true }).click();
  const details = page.getByTestId("topology-details");
  await expect(details.getByRole("heading", { level: 2 })).toHaveText("Device: stor1");
  await expect(details).toContainText("installed by the plan");
  await expect(details).toContainText("U4–U5");
  await details.getByRole("link", { name: "Open the device as planned" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("installed by the plan");

  await api(page, "plans.abandon", { id: plan.id, version: plan.version }, true);
});

test("a plan replacing a live trunk, followed on the floor: the live trace changes step by step, the cut-over names its links down, and an undo restores the plant", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/");
  const siteId = await demoSite(page);
  const spinePort = await portId(page, siteId, "spine1", "Ethernet1/1");
  const trunk = await cableByLabel(page, siteId, "T-A01-A03");
  let plan = await api<{ id: string; version: number }>(page, "plans.create", { siteId, name: "Move spine1-leaf1 to trunk 7" }, true);
  const add = async (operation: unknown) => (plan = (await api<{ plan: { id: string; version: number } }>(page, "plans.addOperation", { planId: plan.id, version: plan.version, operation }, true)).plan);
  await add({ kind: "cable.remove", cableId: trunk.id });
  await add({
    kind: "cable.add",
    typeId: "mpo12-typeB-mm-os2",
    label: "T-A01-A03-7",
    lengthM: 12,
    ends: [
      { connector: "a1", portId: await portId(page, siteId, "MPO-A01", "7"), side: "rear" },
      { connector: "b1", portId: await portId(page, siteId, "MPO-A03", "7"), side: "rear" },
    ],
  });
  await add({ kind: "cable.move", cableId: (await cableByLabel(page, siteId, "UA01-1")).id, connector: "b1", portId: await portId(page, siteId, "MPO-A01", "7"), side: "front" });
  await add({ kind: "cable.move", cableId: (await cableByLabel(page, siteId, "UA03-1")).id, connector: "a1", portId: await portId(page, siteId, "MPO-A03", "7"), side: "front" });
  plan = await api(page, "plans.submit", { id: plan.id, version: plan.version }, true);
  // The administrator may approve a plan of their own.
  plan = await api(page, "plans.approve", { id: plan.id, version: plan.version }, true);

  // The plan page before the release: the work order's side panel reads preparation, then the cut-over.
  await page.goto(`/sites/${siteId}/plans/${plan.id}`);
  const side = page.getByRole("region", { name: "Work order" });
  await expect(side.getByRole("group", { name: "Preparation" })).toContainText("Install trunk T-A01-A03-7");
  await expect(side.getByRole("group", { name: "Cut-over 1" })).toContainText("Cut-over 1: steps 2–4");
  await expect(side.getByRole("group", { name: "Cut-over 1" })).toContainText("Remove trunk T-A01-A03");
  await page.getByRole("button", { name: "Release to the floor" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("in progress");

  // After the release the live trace still runs over the old trunk.
  const trace = page.getByRole("table", { name: "Fiber trace" });
  const liveTrace = async () => {
    await page.goto(`/sites/${siteId}/ports/${spinePort}`);
    await expect(trace).toBeVisible();
    return (await trace.locator("tbody").innerText()).trim();
  };
  const before = await liveTrace();
  expect(before).toContain("T-A01-A03");
  expect(before).not.toContain("T-A01-A03-7");
  await expect(page.getByRole("region", { name: "Channel" })).toContainText("pass");

  // Preparation: the new trunk is installed beside the old one; the link still passes over the old.
  const stepPage = async (n: number) => {
    await page.goto(`/work/${plan.id}/step/${n}`);
    await page.getByRole("button", { name: `Mark step ${n} done` }).click();
    await expect(page.getByText(/Done by admin@demo.ferrule/)).toBeVisible();
  };
  await stepPage(1);
  expect((await cableByLabel(page, siteId, "T-A01-A03-7")) as unknown as { status: string }).toMatchObject({ status: "installed" });
  expect((await cableByLabel(page, siteId, "T-A01-A03")) as unknown as { status: string }).toMatchObject({ status: "installed" });
  expect(await liveTrace()).toBe(before);

  // The cut-over: the old trunk comes out; the plan page names the link down until the last step.
  await stepPage(2);
  await page.goto(`/sites/${siteId}/plans/${plan.id}`);
  const floor = page.getByRole("region", { name: "On the floor" });
  await expect(floor).toContainText("2 of 4 steps done");
  await expect(floor.getByRole("status", { name: "Cut-over 1 under way" })).toContainText("1 link down until step 4 is done — leaf1:Ethernet1/49 ↔ spine1:Ethernet1/1");
  await expect(page.getByRole("list", { name: "Steps" }).locator("li[data-done=yes]")).toHaveCount(2);
  await page.screenshot({ path: "test-results/plan-on-the-floor.png", fullPage: true });
  await stepPage(3);
  const duringCutOver = await liveTrace();
  await stepPage(4);

  // After the last step the live trace runs over the new trunk; the old one is decommissioned.
  const after = await liveTrace();
  expect(after).toContain("T-A01-A03-7");
  await expect(page.getByRole("region", { name: "Channel" })).toContainText("pass");
  expect((await cableByLabel(page, siteId, "T-A01-A03")) as unknown as { status: string }).toMatchObject({ status: "decommissioned" });
  await page.goto(`/sites/${siteId}/plans/${plan.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("completed");

  // Undoing the last step restores the previous state exactly.
  await page.goto(`/work/${plan.id}/step/4`);
  await page.getByRole("button", { name: "Not done after all" }).click();
  await expect(page.getByRole("button", { name: "Mark step 4 done" })).toBeVisible();
  expect(await liveTrace()).toBe(duringCutOver);
  await page.goto(`/sites/${siteId}/plans/${plan.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("in progress");
  await expect(page.getByRole("region", { name: "On the floor" }).getByRole("status", { name: "Cut-over 1 under way" })).toContainText("1 link down until step 4 is done");
});
