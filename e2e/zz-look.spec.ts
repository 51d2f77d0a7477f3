import { test, expect, type Page } from "@playwright/test";

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

test("look", async ({ page }) => {
  await page.goto("/");
  const sites = await api<{ id: string; name: string }[] | { items: { id: string; name: string }[] }>(page, "sites.list", {});
  const siteId = (Array.isArray(sites) ? sites : sites.items).find((s) => s.name === "Demo Data Center 1")!.id;
  const cables = await api<{ items: { id: string; label: string }[] }>(page, "cables.list", { siteId, q: "F-SRV8", limit: 5 });
  let plan = await api<{ id: string; version: number }>(page, "plans.create", { siteId, name: "Fix srv8" }, true);
  plan = (await api<{ plan: { id: string; version: number } }>(page, "plans.addOperation", { planId: plan.id, version: plan.version, operation: { kind: "cable.retype", cableId: cables.items[0]!.id, typeId: "lc-aa-om4-ll" } }, true)).plan;
  const trunk = await api<{ items: { id: string; label: string }[] }>(page, "cables.list", { siteId, q: "T-A01-A03", limit: 5 });
  plan = (await api<{ plan: { id: string; version: number } }>(page, "plans.addOperation", { planId: plan.id, version: plan.version, operation: { kind: "cable.remove", cableId: trunk.items.find((c) => c.label === "T-A01-A03")!.id } }, true)).plan;
  await page.goto(`/sites/${siteId}/plans/${plan.id}`);
  await expect(page.getByRole("table", { name: "Channels" })).toBeVisible();
  await page.screenshot({ path: "/tmp/wt14-plan.png", fullPage: true });
  const devs = await api<{ items: { id: string; name: string }[] }>(page, "devices.list", { siteId, q: "LC-B03", limit: 5 });
  await page.goto(`/sites/${siteId}/plans/${plan.id}/devices/${devs.items[0]!.id}`);
  await expect(page.getByRole("table")).toBeVisible();
  await page.screenshot({ path: "/tmp/wt14-device.png", fullPage: true });
  const mpo = await api<{ items: { id: string; name: string }[] }>(page, "devices.list", { siteId, q: "MPO-A01", limit: 5 });
  await page.goto(`/sites/${siteId}/devices/${mpo.items[0]!.id}`);
  const form = page.getByRole("form", { name: "Add a trunk" });
  await expect(form).toBeVisible();
  await page.waitForTimeout(1500);
  const options = await form.locator("datalist option").evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
  console.log("TRUNK OPTIONS", options.length, options.slice(0, 8).join(" "), options.filter((o) => !o.includes("mpo12")).length);
});
