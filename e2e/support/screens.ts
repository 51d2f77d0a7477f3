import type { Page } from "@playwright/test";

/** Screenshots of a page at desktop and phone width, for a person to look at (SCREENS_DIR, default
 *  test-results/screens). The viewport is put back afterwards. */
export async function screens(page: Page, name: string) {
  const dir = process.env.SCREENS_DIR ?? "test-results/screens";
  const before = page.viewportSize();
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.screenshot({ path: `${dir}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${dir}/${name}-phone.png`, fullPage: true });
  if (before) await page.setViewportSize(before);
}
