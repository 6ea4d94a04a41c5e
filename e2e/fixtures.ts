import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";

import { E2E } from "./settings";

export type Role = "viewer" | "operator" | "admin";

export interface PortalUser {
  username: string;
  password: string;
  role: Role;
}

/** Adds a user with the portal's own CLI, the password on standard input as an operator would. */
export async function addUser(role: Role): Promise<PortalUser> {
  const user = {
    username: `e2e-${role}-${randomBytes(4).toString("hex")}`,
    password: randomBytes(18).toString("base64url"),
    role,
  };
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", "user", "add", user.username, "--role", role],
      { env: { ...process.env, PORTAL_DATA_DIR: E2E.dataDir, LOG_LEVEL: "warn" }, stdio: ["pipe", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`cli exited ${code}: ${stderr}`))));
    child.stdin.end(`${user.password}\n`);
  });
  return user;
}

export interface SimulatedSystem {
  storageDeviceId: string;
  model: string;
  serialNumber: number;
  microcode: string;
  baseUrl: string;
  users: { username: string; password: string; roles: string[] }[];
}

/** A storage user of the system who can back up (Storage Administrator (View Only) + Security Administrator (View & Modify)). */
export function storageAdmin(system: SimulatedSystem): { username: string; password: string } {
  const user = system.users.find(
    (candidate) => candidate.roles.includes("storage-admin-view") && candidate.roles.includes("security-admin-modify"),
  );
  if (!user) throw new Error(`${system.model} has no storage user who can back up`);
  return user;
}

/** The simulated systems and their certificate, as the simulator's control server reports them. */
export async function simulator(): Promise<{ systems: SimulatedSystem[]; sha256Fingerprint: string }> {
  const response = await fetch(`${E2E.simulatorControlUrl}/systems`);
  expect(response.ok).toBe(true);
  return (await response.json()) as { systems: SimulatedSystem[]; sha256Fingerprint: string };
}

/** Signs in through the login page, as a person would. */
export async function signIn(page: Page, user: PortalUser): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/systems$/);
}
