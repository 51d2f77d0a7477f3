import { expect, test } from "@playwright/test";

test("pages carry a nonce-based CSP and the security headers, and nothing is blocked", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  const response = await page.goto("/");
  const headers = response!.headers();
  const csp = headers["content-security-policy"]!;
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src"))!;
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(scriptSrc).not.toContain("unsafe-eval");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");

  // The page is interactive under that policy: client navigation and a query work.
  await page.getByRole("link", { name: "Demo Data Center 1" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Demo Data Center 1");
  expect(violations).toEqual([]);
});

test("no page of a site trips the policy, not even a library probing whether eval is allowed", async ({ page }) => {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`));
  });
  page.on("console", (m) => {
    if (/CSP violation|Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.goto("/");
  const site = await page.getByRole("link", { name: "Demo Data Center 1" }).getAttribute("href");
  for (const sub of ["", "/cables", "/topology", "/plans", "/findings", "/exchange"]) {
    await page.goto(`${site}${sub}`);
    await page.waitForLoadState("networkidle");
    expect(violations, `${site}${sub}`).toEqual([]);
  }
  await page.goto("/account");
  await page.waitForLoadState("networkidle");
  expect(violations).toEqual([]);
  // A page that does not exist is rendered per request too, with the nonce.
  const missing = await page.goto("/no-such-page");
  expect(missing!.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(violations).toEqual([]);
});

test("an oversized request body is refused before it is read", async ({ request }) => {
  const res = await request.post("/api/trpc/sites.create", {
    headers: { "content-type": "application/json" },
    data: JSON.stringify({ json: { name: "x".repeat(2 * 1024 * 1024), code: "BIG" } }),
  });
  expect(res.status()).toBe(413);
  expect((await res.json()).error.message).toMatch(/Request body too large/);
});
