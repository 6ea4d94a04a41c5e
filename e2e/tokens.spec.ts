import { spawn } from "node:child_process";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

import { addUser, signIn, simulator, storageAdmin as storageAdminOf } from "./fixtures";
import { E2E } from "./settings";

// A scheduled backup as a team would set it up: an admin makes a service token in the browser,
// `kbp backup` backs a system up with it, the history shows the backup by that token, verified;
// once the token is revoked the command is refused.

const BACKUP_PASSWORD = "Token-Backup-Pass1";

function kbpBackup(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/kbp.mjs", "backup", ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

test("a token made in the browser backs up through kbp, shows in the history verified, and is refused once revoked", async ({
  page,
}) => {
  const admin = await addUser("admin");
  const { systems, sha256Fingerprint } = await simulator();
  const e990 = systems.find((system) => system.model === "VSP E990")!;
  const storageAdmin = storageAdminOf(e990);

  await signIn(page, admin);
  const systemName = `VSP E990 token ${Date.now()}`;
  const registered = await page.request.post("/api/systems", {
    data: { name: systemName, baseUrl: e990.baseUrl, trust: { sha256Fingerprint }, confirmDuplicateBaseUrl: true },
  });
  expect(registered.status()).toBe(201);
  const { system } = (await registered.json()) as { system: { id: string } };

  const tokenName = `weekly-${Date.now()}`;
  await page.goto("/tokens");
  await page.getByLabel("Name").fill(tokenName);
  await page.getByLabel("Role").selectOption("operator");
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByRole("status").locator("code").filter({ hasText: /^kbp_/ });
  await expect(shown).toBeVisible();
  const token = (await shown.textContent())!.trim();
  expect(token).toMatch(/^kbp_[A-Za-z0-9_-]{43,}$/);

  const out = await mkdtemp(path.join(tmpdir(), "kbp-e2e-"));
  const env = {
    KBP_TOKEN: token,
    KBP_STORAGE_USERNAME: storageAdmin.username,
    KBP_STORAGE_PASSWORD: storageAdmin.password,
    KBP_BACKUP_PASSWORD: BACKUP_PASSWORD,
  };
  const args = ["--portal", E2E.portalUrl, "--system", systemName, "--out", out];
  const run = await kbpBackup(args, env);
  expect(run.code, run.stderr).toBe(0);
  const line = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { outcome: string; file: string; sha256: string };
  expect(line.outcome).toBe("done");
  expect(await readdir(out)).toEqual([path.basename(line.file)]);
  for (const secret of Object.values(env)) expect(run.stdout + run.stderr).not.toContain(secret);

  // The history names the token as who ran it, and the command's check was recorded.
  await page.goto(`/systems/${system.id}`);
  const row = page.getByRole("row", { name: new RegExp(`token: ${tokenName}`) });
  await expect(row).toBeVisible();
  await expect(row).toContainText("Succeeded");
  await expect(row).toContainText("Verified");

  await page.goto("/tokens");
  await page
    .getByRole("row", { name: new RegExp(tokenName) })
    .getByRole("button", { name: "Revoke" })
    .click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByRole("row", { name: new RegExp(tokenName) })).toHaveCount(0);

  const refused = await kbpBackup(args, env);
  expect(refused.code).toBe(3);
  expect(JSON.parse(refused.stdout.trim().split("\n").at(-1)!)).toMatchObject({ code: "UNAUTHENTICATED" });
  expect(await readdir(out)).toEqual([path.basename(line.file)]);
});
