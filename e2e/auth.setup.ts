import { expect, test as setup } from "@playwright/test";
import { ADMIN_STATE, DEMO, DEMO_PASSWORD } from "./support/accounts";

/** Signs in once as the demo admin; the other specs start from this browser state. */
setup("sign in as the demo admin", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO.admin);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Sites" })).toBeVisible();
  await page.context().storageState({ path: ADMIN_STATE });
});
