import { expect, test } from "@playwright/test";

import { addUser, signIn, simulator } from "./fixtures";

test("an admin signs in, registers a simulated system by confirming its certificate, and sees it listed", async ({
  page,
}) => {
  const admin = await addUser("admin");
  const { systems, sha256Fingerprint } = await simulator();
  const e990 = systems.find((system) => system.model === "VSP E990")!;
  const name = `E990 e2e ${Date.now()}`;

  await signIn(page, admin);
  await page.getByRole("link", { name: "Register a storage system" }).click();

  await page.getByLabel("Base URL").fill(e990.baseUrl);
  await page.getByRole("button", { name: "Inspect certificate" }).click();
  // The fingerprint shown is the one the simulator printed: the admin compares, then confirms.
  await expect(page.getByText(sha256Fingerprint)).toBeVisible();
  await page.getByRole("checkbox", { name: /I have compared this fingerprint/ }).check();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Register system" }).click();
  // Another spec of the run may have registered this simulated array already: the portal warns,
  // and registering a second system at its address takes the explicit confirmation.
  const heading = page.getByRole("heading", { level: 1, name });
  const duplicate = page.getByRole("checkbox", { name: /different storage system at the same address/ });
  await expect(heading.or(duplicate)).toBeVisible();
  if (await duplicate.isVisible()) {
    await duplicate.check();
    await page.getByRole("button", { name: "Register system" }).click();
  }

  await expect(heading).toBeVisible();
  await expect(page.getByText(sha256Fingerprint)).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Systems" }).click();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row.getByRole("link", { name })).toHaveAttribute("href", /\/systems\/[0-9a-f-]{36}$/);
});

test("a viewer sees the systems but cannot register one", async ({ page }) => {
  const viewer = await addUser("viewer");
  await signIn(page, viewer);
  await expect(page.getByRole("heading", { level: 1, name: "Storage systems" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Register a storage system" })).toHaveCount(0);
  const response = await page.goto("/systems/new");
  expect(response?.status()).toBe(403);
});

test("signing out ends the session; the old page asks to sign in again", async ({ page }) => {
  const operator = await addUser("operator");
  await signIn(page, operator);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/systems");
  await expect(page).toHaveURL(/\/login\?next=%2Fsystems/);
  await expect(page.getByLabel("Username")).toBeVisible();
});
