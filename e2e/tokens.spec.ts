import { expect, test } from "@playwright/test";

test("an API token is shown once, works as a Bearer token, and stops working when revoked", async ({ page, playwright, baseURL }) => {
  await page.goto("/account");
  const form = page.getByRole("form", { name: "New API token" });
  await form.getByLabel("Token name").fill("e2e automation");
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!;
  expect(token).toMatch(/^frl_/);

  const bot = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const listed = await bot.get("/api/trpc/sites.list");
  expect(listed.status()).toBe(200);
  expect(JSON.stringify(await listed.json())).toContain("Demo Data Center 1");
  const write = await bot.post("/api/trpc/sites.create", { data: { json: { name: "From a viewer token", code: "VT" } } });
  expect(write.status()).toBe(403);

  await page.reload();
  await expect(page.getByText(token)).toHaveCount(0); // never shown again
  await page.locator("tr[data-token='e2e automation']").getByRole("button", { name: "Revoke" }).click();
  await expect(page.locator("tr[data-token='e2e automation']")).toContainText("revoked");
  expect((await bot.get("/api/trpc/sites.list")).status()).toBe(401);
  await bot.dispose();
});
