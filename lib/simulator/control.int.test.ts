import { createHash, X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { E990, G370_OLD, startTestSimulator, type TestSimulator } from "./test-support";

let t: TestSimulator;
let stateDir: string;
let control: string;
let id: string;

function call(method: string, path: string, body?: unknown) {
  return fetch(`${control}${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), "sim-state-"));
  t = await startTestSimulator([E990, G370_OLD], { stateDir });
  control = t.sim.controlUrl;
  id = t.sim.systems[0]!.storageDeviceId;
});
afterAll(async () => {
  await t.close();
  await rm(stateDir, { recursive: true, force: true });
});

describe("control server", () => {
  it("listens on loopback over plain HTTP", () => {
    expect(control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("describes the systems with their open session counts", async () => {
    await t.client(0).login();
    await t.client(0).login();
    const response = await call("GET", "/systems");
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      systems: {
        storageDeviceId: string;
        openSessions: number;
        baseUrl: string;
        users: unknown[];
        sha256Fingerprint: string;
      }[];
      serverFormBaseUrl: string;
      certificatePem: string;
      sha256Fingerprint: string;
    };
    expect(body.systems.map((system) => system.storageDeviceId)).toEqual(["936000412345", "886000441108"]);
    expect(body.systems[0]).toMatchObject({ openSessions: 2, baseUrl: t.sim.systems[0]!.baseUrl });
    expect(body.systems[0]!.users).toHaveLength(4);
    expect(body.systems[0]).toMatchObject({ controllerBaseUrls: [t.sim.systems[0]!.baseUrl] });
    expect(body.systems[1]).toMatchObject({ settings: { refusesKeyBackup: true, missingRoleStatus: 403 } });
    expect(body.systems[1]!.openSessions).toBe(0);
    expect(body.serverFormBaseUrl).toBe(t.sim.serverFormBaseUrl);
    expect(body.certificatePem).toBe(t.sim.certificatePem);
    expect(body.sha256Fingerprint).toBe(new X509Certificate(t.sim.certificatePem).fingerprint256);
    expect(body.systems[0]!.sha256Fingerprint).toBe(body.sha256Fingerprint);

    const sessions = await call("GET", `/systems/${id}/sessions`);
    const open = (await sessions.json()) as { open: number; sessionIds: number[] };
    expect(open.open).toBe(2);
    expect(open.sessionIds).toHaveLength(2);
  });

  it("sets and clears faults, validating them", async () => {
    expect((await call("POST", `/systems/${id}/faults`, { type: "busy-503", on: "any" })).status).toBe(204);
    expect((await t.client(0).request("GET", "/configuration/version")).status).toBe(503);
    expect((await call("POST", `/systems/${id}/faults`, { type: "busy-503", on: "any" })).status).toBe(204);
    expect((await call("DELETE", `/systems/${id}/faults`)).status).toBe(204);
    expect((await t.client(0).request("GET", "/configuration/version")).status).toBe(200);

    expect((await call("POST", `/systems/${id}/faults`, { type: "explode" })).status).toBe(400);
    expect((await call("POST", `/systems/${id}/faults`, { type: "delay-headers" })).status).toBe(400);
    expect((await call("POST", `/systems/${id}/faults`, { type: "busy-503", on: "everything" })).status).toBe(400);
    expect((await call("POST", "/systems/000000000000/faults", { type: "busy-503" })).status).toBe(404);
  });

  it("changes settings with PATCH /systems/{id}/settings, validating them, and /reset restores them", async () => {
    const api = t.client(0);
    const { token } = await api.login();
    const patched = await call("PATCH", `/systems/${id}/settings`, {
      refusesKeyBackup: true,
      backupFraming: "chunked",
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      refusesKeyBackup: true,
      backupFraming: "chunked",
      lockRefusalStatus: 409,
    });
    const refused = await api.backup(token, "Backup-Pass#2024");
    expect(refused.status).toBe(412);
    await refused.arrayBuffer();
    expect(t.sim.settings(id)).toMatchObject({ refusesKeyBackup: true });

    expect((await call("PATCH", `/systems/${id}/settings`, { missingRoleStatus: 404 })).status).toBe(200);
    const viewer = await api.login({ username: "monitor", password: "Sim-None-Pass1" });
    const keys = await api.request("GET", "/v1/objects/encryption-keys?keyType=DEK", { token: viewer.token });
    expect(keys.status).toBe(404);
    await keys.arrayBuffer();

    for (const bad of [
      { lockRefusalStatus: 418 },
      { backupFraming: "gzip" },
      { refusesKeyBackup: "yes" },
      { unknown: 1 },
    ]) {
      expect((await call("PATCH", `/systems/${id}/settings`, bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await call("PATCH", `/systems/${id}/settings`)).status).toBe(400);
    expect((await call("PATCH", "/systems/000000000000/settings", {})).status).toBe(404);
    expect(await (await call("GET", `/systems/${id}/settings`)).json()).toMatchObject({ missingRoleStatus: 404 });
    expect(() => t.sim.updateSettings(id, { lockRefusalForm: "other" } as never)).toThrow();

    expect((await call("POST", "/reset")).status).toBe(204);
    expect(t.sim.settings(id)).toEqual({
      refusesKeyBackup: false,
      missingRoleStatus: 403,
      lockRefusalStatus: 409,
      lockRefusalForm: "message-id",
      heldByOtherApplication: false,
      backupFraming: "content-length",
      echoPasswordInErrors: false,
    });
  });

  it("adds and lists keys", async () => {
    const before = t.sim.listKeys(id).length;
    const added = await call("POST", `/systems/${id}/keys`, { count: 2 });
    expect(added.status).toBe(201);
    expect(((await added.json()) as { data: unknown[] }).data).toHaveLength(2);
    const listed = (await (await call("GET", `/systems/${id}/keys`)).json()) as { data: { keyId: string }[] };
    expect(listed.data).toHaveLength(before + 2);
    expect((await call("POST", `/systems/${id}/keys`, { count: 0 })).status).toBe(400);
    expect((await call("POST", `/systems/${id}/keys`, { count: 5000 })).status).toBe(400);
  });

  it("gives the digest of the key file a backup with a given password would download", async () => {
    const { token } = await t.client(0).login();
    const answer = await t.client(0).backup(token, "Expected-Pass#1");
    const download = Buffer.from(await answer.arrayBuffer());
    expect(answer.status, download.toString()).toBe(200);
    const response = await call("POST", `/systems/${id}/expected-backup`, { password: "Expected-Pass#1" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      bytes: download.length,
      sha256: createHash("sha256").update(download).digest("hex"),
    });
    expect((await call("POST", `/systems/${id}/expected-backup`, {})).status).toBe(400);
  });

  it("resets sessions, locks and faults but keeps keys", async () => {
    const { token } = await t.client(0).login();
    await t.client(0).request("POST", "/v1/services/resource-group-service/actions/lock/invoke", { token });
    t.sim.setFault(id, { type: "html-500" });
    const keys = t.sim.listKeys(id).length;
    expect((await call("POST", "/reset")).status).toBe(204);
    expect(t.sim.openSessions(id)).toBe(0);
    expect(t.sim.lockedBy(id)).toEqual([]);
    expect(t.sim.listKeys(id)).toHaveLength(keys);
    const { token: fresh } = await t.client(0).login();
    const backup = await t.client(0).backup(fresh, "Backup-Pass#2024");
    expect(backup.status).toBe(200);
    await backup.arrayBuffer();
  });

  it("answers unknown paths and methods", async () => {
    expect((await call("GET", "/nothing")).status).toBe(404);
    expect((await call("DELETE", "/systems")).status).toBe(405);
    expect((await call("PUT", `/systems/${id}/keys`)).status).toBe(405);
  });

  it("wrote the state directory, the private key and systems.json readable by the owner only", async () => {
    expect(await readFile(join(stateDir, "cert.pem"), "utf8")).toBe(t.sim.certificatePem);
    expect((await readFile(join(stateDir, "fingerprint.txt"), "utf8")).trim()).toBe(t.sim.sha256Fingerprint);
    expect((await stat(join(stateDir, "key.pem"))).mode & 0o777).toBe(0o600);
    expect((await stat(join(stateDir, "systems.json"))).mode & 0o777).toBe(0o600);
    const systems = JSON.parse(await readFile(join(stateDir, "systems.json"), "utf8")) as {
      controlUrl: string;
      systems: unknown[];
    };
    expect(systems.controlUrl).toBe(control);
    expect(systems.systems).toHaveLength(2);
  });
});

describe("certificate", () => {
  it("names 127.0.0.1, ::1 and localhost, and is valid now", () => {
    const certificate = new X509Certificate(t.sim.certificatePem);
    expect(certificate.subjectAltName).toContain("IP Address:127.0.0.1");
    expect(certificate.subjectAltName).toMatch(/IP Address:(::1|0:0:0:0:0:0:0:1)/);
    expect(certificate.subjectAltName).toContain("DNS:localhost");
    expect(certificate.checkHost("localhost")).toBe("localhost");
    expect(Date.parse(certificate.validFrom)).toBeLessThan(Date.now() - 12 * 3600_000);
    expect(Date.parse(certificate.validTo)).toBeGreaterThan(Date.now() + 300 * 24 * 3600_000);
    expect(t.sim.sha256Fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });
});
