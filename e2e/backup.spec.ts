import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";

import { addUser, signIn, simulator, storageAdmin as storageAdminOf } from "./fixtures";
import { E2E } from "./settings";

const BACKUP_PASSWORD = "Backup-Pass-42!";

test("an operator backs up a system's encryption keys: live validation, download, verified, recorded", async ({
  page,
  context,
}) => {
  const [admin, operator] = await Promise.all([addUser("admin"), addUser("operator")]);
  const { systems, sha256Fingerprint } = await simulator();
  const e990 = systems.find((system) => system.model === "VSP E990")!;
  const storageAdmin = storageAdminOf(e990);

  // An admin registers the system through the API, as a script would.
  const login = await page.request.post("/api/auth/login", {
    data: { username: admin.username, password: admin.password },
  });
  expect(login.status()).toBe(200);
  const name = `E990 backup ${Date.now()}`;
  const registered = await page.request.post("/api/systems", {
    // Other specs register the same simulated array: confirm the second system at its address.
    data: { name, baseUrl: e990.baseUrl, trust: { sha256Fingerprint }, confirmDuplicateBaseUrl: true },
  });
  expect(registered.status()).toBe(201);
  const { system } = (await registered.json()) as { system: { id: string } };
  await context.clearCookies();

  await signIn(page, operator);
  await page.goto(`/systems/${system.id}`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const section = page.getByRole("region", { name: "Back up encryption keys" });
  const open = section.getByRole("button", { name: "Back up encryption keys" });
  // The form opens on its first field; Cancel folds it away and focus returns to the button.
  await open.click();
  await expect(section.getByLabel("Storage username")).toBeFocused();
  await section.getByRole("button", { name: "Cancel" }).click();
  await expect(open).toBeFocused();
  await open.click();

  await section.getByLabel("Storage username").fill(storageAdmin.username);
  await section.getByLabel("Storage password").fill(storageAdmin.password);
  const backupPassword = section.getByLabel("Backup password", { exact: true });
  const confirmation = section.getByLabel("Confirm backup password");
  const download = section.getByRole("button", { name: "Download backup" });

  // Live validation, with the message tied to the field.
  await backupPassword.fill("abcde");
  await expect(backupPassword).toHaveAttribute("aria-invalid", "true");
  await expect(backupPassword).toHaveAccessibleDescription(/Too short by 1 character/);
  // Not usable yet, but focusable, and it says what is missing.
  await expect(download).toBeDisabled();
  await expect(download).toHaveAccessibleDescription(/still needed: a backup password that meets the rules/);
  await backupPassword.fill("abc def12");
  await expect(backupPassword).toHaveAccessibleDescription(/Not allowed: space/);
  await backupPassword.fill("abcdéf12");
  await expect(backupPassword).toHaveAccessibleDescription(/"é" \(U\+00E9\)/);
  await expect(download).toBeDisabled();

  await backupPassword.fill(BACKUP_PASSWORD);
  await expect(backupPassword).not.toHaveAttribute("aria-invalid", "true");
  await confirmation.fill(`${BACKUP_PASSWORD}x`);
  await expect(download).toBeDisabled();
  await expect(download).toHaveAccessibleDescription(/a confirmation that matches the backup password/);
  await confirmation.fill(BACKUP_PASSWORD);
  await expect(download).toBeEnabled();

  const saving = page.waitForEvent("download");
  await download.click();
  const saved = await saving;
  expect(saved.suggestedFilename()).toMatch(/_412345_\d{8}T\d{6}Z_[0-9a-f]{8}\.ekf$/);
  const bytes = await readFile((await saved.path())!);
  const sha256 = createHash("sha256").update(bytes).digest("hex");

  // The simulator's own key file for these keys and this password.
  const expected = await fetch(`${E2E.simulatorControlUrl}/systems/${e990.storageDeviceId}/expected-backup`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ password: BACKUP_PASSWORD }),
  });
  expect(await expected.json()).toEqual({ bytes: bytes.length, sha256 });

  await expect(page.getByText("Verified", { exact: true })).toBeVisible();
  await expect(section.getByText("The downloaded data matches the portal's record")).toBeVisible();
  await expect(page.getByText(sha256).first()).toBeVisible();
  // The form folded away once the file arrived; the result stays.
  await expect(section.getByLabel("Storage username")).toHaveCount(0);
  await expect(section.getByRole("button", { name: "Back up again" })).toBeVisible();
  const history = page.getByRole("table", { name: "Backup history" });
  const newest = history.getByRole("row").nth(1);
  await expect(newest).toContainText("Succeeded");
  await expect(newest).toContainText(operator.username);

  // The page reflows at 320 px: the history table scrolls in its own box, the page does not.
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 900 });

  // The storage session the portal opened is gone.
  const sessions = await fetch(`${E2E.simulatorControlUrl}/systems/${e990.storageDeviceId}/sessions`);
  expect(((await sessions.json()) as { open: number }).open).toBe(0);

  // The browser reported its SHA-256 after hashing: the portal recorded the backup as verified in
  // the browser, with the storage user it ran as, and the history says so.
  const historyApi = `/api/systems/${system.id}/backups?limit=1`;
  type HistoryBody = { items: { verification?: string | null; storageUsername?: string | null; sha256: string }[] };
  await expect
    .poll(async () => ((await (await page.request.get(historyApi)).json()) as HistoryBody).items[0]?.verification)
    .toBe("verified");
  const [recorded] = ((await (await page.request.get(historyApi)).json()) as HistoryBody).items;
  expect(recorded).toMatchObject({ sha256, storageUsername: storageAdmin.username });
  await expect(newest).toContainText("Verified in the browser");
  await expect(newest).toContainText(storageAdmin.username);

  // A failed backup (a mistyped storage password): its code and message are in a detail row that
  // its button opens and closes, by mouse and keyboard; at 1280 and 1440 px the table fits its box.
  const refused = await page.request.post(`/api/systems/${system.id}/backups`, {
    data: {
      storageUsername: storageAdmin.username,
      storagePassword: "Not-The-Password1",
      backupPassword: BACKUP_PASSWORD,
      backupPasswordConfirmation: BACKUP_PASSWORD,
    },
  });
  expect(refused.status()).toBe(422);
  await page.reload();
  const failedRow = history.getByRole("row").nth(1);
  await expect(failedRow).toContainText("Failed");
  await expect(history.getByRole("row").nth(2)).toContainText("Verified in the browser");
  const details = failedRow.getByRole("button", { name: /^Error details of the backup started / });
  await expect(details).toHaveAttribute("aria-expanded", "false");
  const detailRow = page.locator(`[id="${await details.getAttribute("aria-controls")}"]`);
  await expect(detailRow).toBeHidden();
  await details.click();
  await expect(details).toHaveAttribute("aria-expanded", "true");
  await expect(detailRow).toBeVisible();
  await expect(detailRow).toContainText("STORAGE_AUTH_FAILED");
  const box = page.getByRole("region", { name: "Backup history table" });
  const fits = () => box.evaluate((element) => element.scrollWidth <= element.clientWidth);
  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await fits(), `the history scrolls sideways at ${width} px`).toBe(true);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await details.focus();
  await page.keyboard.press("Enter");
  await expect(details).toHaveAttribute("aria-expanded", "false");
  await expect(detailRow).toBeHidden();
  expect(await fits()).toBe(true);
});

test("an array that refuses key backup (412) says so in its words; the refusal is recorded on the system", async ({
  page,
  context,
}) => {
  const [admin, operator] = await Promise.all([addUser("admin"), addUser("operator")]);
  const { systems, sha256Fingerprint } = await simulator();
  const g370 = systems.find((system) => system.model === "VSP G370")!;
  const storageAdmin = storageAdminOf(g370);
  await page.request.post("/api/auth/login", { data: { username: admin.username, password: admin.password } });
  const name = `G370 backup ${Date.now()}`;
  const registered = await page.request.post("/api/systems", {
    data: { name, baseUrl: g370.baseUrl, trust: { sha256Fingerprint }, confirmDuplicateBaseUrl: true },
  });
  const { system } = (await registered.json()) as { system: { id: string } };
  await context.clearCookies();

  await signIn(page, operator);
  await page.goto(`/systems/${system.id}`);
  const section = page.getByRole("region", { name: "Back up encryption keys" });
  await section.getByRole("button", { name: "Back up encryption keys" }).click();
  await section.getByLabel("Storage username").fill(storageAdmin.username);
  await section.getByLabel("Storage password").fill(storageAdmin.password);
  await section.getByLabel("Backup password", { exact: true }).fill(BACKUP_PASSWORD);
  await section.getByLabel("Confirm backup password").fill(BACKUP_PASSWORD);
  await section.getByRole("button", { name: "Download backup" }).click();

  await expect(
    section.getByText(
      /refused to back up its encryption keys: "The microcode version of the storage system does not support/,
    ),
  ).toBeVisible();
  await expect(
    section.getByText(/Have the microcode updated with the vendor's support, then back up again/),
  ).toBeVisible();
  await expect(page.getByRole("table", { name: "Backup history" }).getByRole("row").nth(1)).toContainText("Failed");

  // The system now says what the array answered, with the microcode it reported.
  await page.reload();
  await expect(
    page
      .getByText(/^The array refused key backup on \d{4}-\d\d-\d\d \d\d:\d\d UTC \(microcode 88-06-02-00\/00\)/)
      .first(),
  ).toBeVisible();
  const sessions = await fetch(`${E2E.simulatorControlUrl}/systems/${g370.storageDeviceId}/sessions`);
  expect(((await sessions.json()) as { open: number }).open).toBe(0);
});
