import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";

import { addUser, signIn, simulator, storageAdmin as storageAdminOf } from "./fixtures";
import { E2E } from "./settings";

const BACKUP_PASSWORD = "Fleet-Backup-Pass1";

test("the fleet shows what needs attention; history filters, CSV, a file check and a key check after new keys", async ({
  page,
  context,
}) => {
  const [admin, operator] = await Promise.all([addUser("admin"), addUser("operator")]);
  const { systems, sha256Fingerprint } = await simulator();
  const vspOne = systems.find((system) => system.model === "VSP One B26")!;
  const storageAdmin = storageAdminOf(vspOne);

  await page.request.post("/api/auth/login", { data: { username: admin.username, password: admin.password } });
  const name = `VSP One fleet ${Date.now()}`;
  const registered = await page.request.post("/api/systems", {
    // Other specs may register the same simulated array: confirm the second system at its address.
    data: { name, baseUrl: vspOne.baseUrl, trust: { sha256Fingerprint }, confirmDuplicateBaseUrl: true },
  });
  expect(registered.status()).toBe(201);
  const { system } = (await registered.json()) as { system: { id: string } };
  await context.clearCookies();
  await signIn(page, operator);

  // A new system has never been backed up: the fleet says so, and the filter is in the URL.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Fleet" })).toBeVisible();
  const fleet = page.getByRole("table", { name: "Storage systems by backup status" });
  await expect(fleet.getByRole("row", { name: new RegExp(name) })).toContainText("Never backed up");
  await page
    .getByRole("navigation", { name: "Filter by status" })
    .getByRole("link", { name: /^Never backed up\b/ })
    .click();
  await expect(page).toHaveURL(/\/\?status=never$/);
  await expect(fleet.getByRole("row", { name: new RegExp(name) })).toBeVisible();

  // Back it up in the browser and keep the file.
  await fleet.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const backupSection = page.getByRole("region", { name: "Back up encryption keys" });
  await backupSection.getByRole("button", { name: "Back up encryption keys" }).click();
  await backupSection.getByLabel("Storage username").fill(storageAdmin.username);
  await backupSection.getByLabel("Storage password").fill(storageAdmin.password);
  await backupSection.getByLabel("Backup password", { exact: true }).fill(BACKUP_PASSWORD);
  await backupSection.getByLabel("Confirm backup password").fill(BACKUP_PASSWORD);
  const saving = page.waitForEvent("download");
  await backupSection.getByRole("button", { name: "Download backup" }).click();
  const saved = await saving;
  const filePath = (await saved.path())!;
  const sha256 = createHash("sha256")
    .update(await readFile(filePath))
    .digest("hex");
  await expect(page.getByText("Verified", { exact: true })).toBeVisible();

  // The history, filtered by status in the URL; its CSV holds the same backup.
  const filters = page.getByRole("form", { name: "Filter backup history" });
  await filters.getByLabel("Status").selectOption("succeeded");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=succeeded/);
  const history = page.getByRole("table", { name: "Backup history" });
  await expect(history.getByRole("row").nth(1)).toContainText("Succeeded");
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const csv = await readFile((await (await csvDownload).path())!, "utf8");
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  expect(header).toMatch(/SHA-256/i);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toContain(sha256);

  // Check the saved file: the browser hashes it and the portal names the backup.
  await page.goto("/check-file");
  await page.getByLabel("Saved key file (.ekf)").setInputFiles({
    name: saved.suggestedFilename(),
    mimeType: "application/octet-stream",
    buffer: await readFile(filePath),
  });
  await expect(page.getByText(/is a backup the portal recorded/)).toBeVisible();
  await expect(page.getByText(name).first()).toBeVisible();

  // New keys on the array: a key check finds them not backed up, and the fleet follows.
  const created = await fetch(`${E2E.simulatorControlUrl}/systems/${vspOne.storageDeviceId}/keys`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ count: 2 }),
  });
  expect(created.status).toBe(201);
  await page.goto(`/systems/${system.id}`);
  const checkForm = page.getByRole("form", { name: "Check keys now" });
  await checkForm.getByLabel("Storage username").fill(storageAdmin.username);
  await checkForm.getByLabel("Storage password").fill(storageAdmin.password);
  await checkForm.getByRole("button", { name: "Check keys" }).click();
  const keys = page.getByRole("region", { name: "Keys" });
  await expect(keys.getByText(/2 of \d+ keys are not backed up/)).toBeVisible();
  await expect(keys.getByRole("table", { name: "Keys not backed up" }).getByRole("row")).toHaveCount(3);

  await page.goto("/?status=keys-not-backed-up");
  await expect(fleet.getByRole("row", { name: new RegExp(name) })).toContainText("Keys not backed up");

  const sessions = await fetch(`${E2E.simulatorControlUrl}/systems/${vspOne.storageDeviceId}/sessions`);
  expect(((await sessions.json()) as { open: number }).open).toBe(0);
});
