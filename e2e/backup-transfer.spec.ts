import { request as httpRequest, type IncomingMessage } from "node:http";
import { expect, test } from "@playwright/test";

import { addUser, simulator, storageAdmin as storageAdminOf, type PortalUser, type SimulatedSystem } from "./fixtures";
import { E2E } from "./settings";

// These talk HTTP to the production server directly, to prove what a browser would see when the
// storage system's transfer breaks or the browser goes away: Next.js streams the route's body.

const BACKUP_PASSWORD = "Transfer-Pass-7";

function call(method: string, path: string, options: { cookie?: string; json?: unknown } = {}) {
  return new Promise<{ res: IncomingMessage; abort: () => void }>((resolve, reject) => {
    const body = options.json === undefined ? undefined : JSON.stringify(options.json);
    const req = httpRequest(`${E2E.portalUrl}${path}`, {
      method,
      headers: {
        ...(body ? { "Content-Type": "application/json" } : {}),
        ...(options.cookie ? { Cookie: options.cookie } : {}),
      },
    });
    req.on("response", (res) => resolve({ res, abort: () => req.destroy() }));
    req.on("error", reject);
    req.end(body);
  });
}

async function json<T>(res: IncomingMessage): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as T;
}

/** Reads a response to its end; `complete` is false when it broke off instead of ending. */
function drain(res: IncomingMessage): Promise<{ bytes: number; complete: boolean }> {
  return new Promise((resolve) => {
    let bytes = 0;
    res.on("data", (chunk: Buffer) => (bytes += chunk.length));
    res.on("error", () => {});
    res.on("close", () => resolve({ bytes, complete: res.complete }));
  });
}

async function signIn(user: PortalUser): Promise<string> {
  const { res } = await call("POST", "/api/auth/login", { json: { username: user.username, password: user.password } });
  expect(res.statusCode).toBe(200);
  res.resume();
  return res.headers["set-cookie"]!.map((cookie) => cookie.split(";")[0]).join("; ");
}

async function control(path: string, body: unknown) {
  const response = await fetch(`${E2E.simulatorControlUrl}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
}

async function openSessions(system: SimulatedSystem): Promise<number> {
  const response = await fetch(`${E2E.simulatorControlUrl}/systems/${system.storageDeviceId}/sessions`);
  return ((await response.json()) as { open: number }).open;
}

let operatorCookie: string;
let systemId: string;
let e990: SimulatedSystem;

test.beforeAll(async () => {
  const [admin, operator] = await Promise.all([addUser("admin"), addUser("operator")]);
  const sim = await simulator();
  e990 = sim.systems.find((system) => system.model === "VSP E990")!;
  const adminCookie = await signIn(admin);
  const { res } = await call("POST", "/api/systems", {
    cookie: adminCookie,
    json: {
      name: `E990 transfer ${Date.now()}`,
      baseUrl: e990.baseUrl,
      trust: { sha256Fingerprint: sim.sha256Fingerprint },
      // Other specs register the same simulated array: confirm the second system at its address.
      confirmDuplicateBaseUrl: true,
    },
  });
  expect(res.statusCode).toBe(201);
  systemId = (await json<{ system: { id: string } }>(res)).system.id;
  operatorCookie = await signIn(operator);
});

function startBackup() {
  const storageAdmin = storageAdminOf(e990);
  return call("POST", `/api/systems/${systemId}/backups`, {
    cookie: operatorCookie,
    json: {
      storageUsername: storageAdmin.username,
      storagePassword: storageAdmin.password,
      backupPassword: BACKUP_PASSWORD,
      backupPasswordConfirmation: BACKUP_PASSWORD,
    },
  });
}

async function statusOf(backupId: string): Promise<string> {
  const { res } = await call("GET", `/api/systems/${systemId}/backups/${backupId}`, { cookie: operatorCookie });
  return (await json<{ backup: { status: string } }>(res)).backup.status;
}

test("a transfer that ends short fails in the browser's connection and is recorded as failed", async () => {
  await control(`/systems/${e990.storageDeviceId}/faults`, { type: "truncate", afterBytes: 1000 });
  const { res } = await startBackup();
  expect(res.statusCode).toBe(200);
  const expected = Number(res.headers["x-backup-expected-size"]);
  const result = await drain(res);
  expect(result.complete).toBe(false);
  expect(result.bytes).toBeLessThan(expected);
  const backupId = res.headers["x-backup-id"] as string;
  await expect.poll(() => statusOf(backupId)).toBe("failed");
  await expect.poll(() => openSessions(e990)).toBe(0);
});

test("the browser going away mid-transfer records the backup as cancelled and discards the storage session", async () => {
  await control(`/systems/${e990.storageDeviceId}/faults`, { type: "slow-drip", bytesPerChunk: 256, intervalMs: 200 });
  const { res, abort } = await startBackup();
  expect(res.statusCode).toBe(200);
  const backupId = res.headers["x-backup-id"] as string;
  await new Promise<void>((resolve) => res.once("data", () => resolve()));
  abort();
  await expect.poll(() => statusOf(backupId), { timeout: 15_000 }).toBe("cancelled");
  await expect.poll(() => openSessions(e990), { timeout: 15_000 }).toBe(0);
});

test("a second backup of the same system while one runs is refused", async () => {
  await control(`/systems/${e990.storageDeviceId}/faults`, { type: "slow-drip", bytesPerChunk: 512, intervalMs: 100 });
  const first = await startBackup();
  expect(first.res.statusCode).toBe(200);
  const second = await startBackup();
  expect(second.res.statusCode).toBe(409);
  expect((await json<{ error: { code: string } }>(second.res)).error.code).toBe("BACKUP_IN_PROGRESS");
  const result = await drain(first.res);
  expect(result.complete).toBe(true);
  await expect.poll(() => statusOf(first.res.headers["x-backup-id"] as string)).toBe("succeeded");
  await expect.poll(() => openSessions(e990)).toBe(0);
});
