import { expect, test } from "@playwright/test";

test("the home page names the portal", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Key-backup portal" })).toBeVisible();
});
