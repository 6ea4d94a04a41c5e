import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildKeyFile } from "./backup-file";
import { E990, G370_OLD, startTestSimulator, type TestClient, type TestSimulator } from "./test-support";

let t: TestSimulator;
let id: string;
let form: TestClient;

function get(path: string) {
  return fetch(`${t.sim.serverFormBaseUrl}${path}`, { dispatcher: t.agent });
}

beforeAll(async () => {
  t = await startTestSimulator([E990, G370_OLD]);
  id = t.sim.systems[0]!.storageDeviceId;
  form = t.serverForm(id);
});
afterAll(() => t.close());

describe("REST API server form", () => {
  it("answers the version and lists the storage systems", async () => {
    expect(await (await get("/configuration/version")).json()).toMatchObject({ apiVersion: "1.22.0" });
    const { data } = (await (await get("/v1/objects/storages")).json()) as {
      data: { storageDeviceId: string; model: string; serialNumber: number }[];
    };
    expect(data.map(({ storageDeviceId, model, serialNumber }) => ({ storageDeviceId, model, serialNumber }))).toEqual([
      { storageDeviceId: "936000412345", model: "VSP E990", serialNumber: 412345 },
      { storageDeviceId: "886000441108", model: "VSP G370", serialNumber: 441108 },
    ]);
  });

  it("puts sessions, identity and backup under storages/{storageDeviceId}", async () => {
    const { token, sessionId } = await form.login();
    expect(t.sim.openSessions(id)).toBe(1);

    const identity = await fetch(`${t.sim.serverFormBaseUrl}/v1/objects/storages/${id}`, {
      headers: { Authorization: `Session ${token}` },
      dispatcher: t.agent,
    });
    expect(await identity.json()).toMatchObject({ storageDeviceId: id, dkcMicroVersion: "93-07-01-80/00" });

    // Services sit under v1/{storageDeviceId}/services (TestClient maps the embedded path there).
    const lock = await form.request("PUT", "/v1/services/resource-group-service/actions/lock/invoke", { token });
    expect(lock.status).toBe(200);
    expect(t.sim.lockedBy(id)).toEqual([sessionId]);
    await form.request("PUT", "/v1/services/resource-group-service/actions/unlock/invoke", { token });

    const backup = await form.backup(token, "Backup-Pass#2024");
    expect(backup.status).toBe(200);
    const body = Buffer.from(await backup.arrayBuffer());
    expect(body.equals(buildKeyFile({ storageDeviceId: id, keys: t.sim.listKeys(id) }, "Backup-Pass#2024"))).toBe(true);

    const keys = await form.request("GET", "/v1/objects/encryption-keys?keyType=DEKANDFREE&count=2", { token });
    expect(((await keys.json()) as { data: unknown[] }).data).toHaveLength(2);

    expect((await form.request("DELETE", `/v1/objects/sessions/${sessionId}`, { token })).status).toBe(200);
    expect(t.sim.openSessions(id)).toBe(0);
  });

  it("serves the lock and unlock services at v1/{storageDeviceId}/services, not under objects/storages", async () => {
    const { token, sessionId } = await form.login();
    const headers = { Authorization: `Session ${token}`, "Content-Type": "application/json" };
    const at = (path: string) =>
      fetch(`${t.sim.serverFormBaseUrl}${path}`, { method: "POST", headers, body: "{}", dispatcher: t.agent });
    const wrong = await at(`/v1/objects/storages/${id}/services/resource-group-service/actions/lock/invoke`);
    expect(wrong.status).toBe(404);
    expect(((await wrong.json()) as { messageId: string }).messageId).toBe("KART30013-E");
    expect(t.sim.lockedBy(id)).toEqual([]);

    const locked = await at(`/v1/${id}/services/resource-group-service/actions/lock/invoke`);
    expect(locked.status).toBe(200);
    await locked.arrayBuffer();
    expect(t.sim.lockedBy(id)).toEqual([sessionId]);
    const unlocked = await at(`/v1/${id}/services/resource-group-service/actions/unlock/invoke`);
    expect(unlocked.status).toBe(200);
    await unlocked.arrayBuffer();
    expect(t.sim.lockedBy(id)).toEqual([]);
    expect((await at("/v1/936000999999/services/resource-group-service/actions/lock/invoke")).status).toBe(404);
    await form.request("DELETE", `/v1/objects/sessions/${sessionId}`, { token });
  });

  it("does not share sessions with the system's embedded listener", async () => {
    const viaForm = await form.login();
    const embedded = t.client(0);
    const viaEmbedded = await embedded.login();
    expect(t.sim.openSessions(id)).toBe(2);
    const refused = await embedded.request("GET", "/v1/objects/storages/instance", { token: viaForm.token });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { message: string }).message).toContain("The specified token is invalid");
    expect((await form.request("GET", "/v1/objects/storages/instance", { token: viaEmbedded.token })).status).toBe(401);
    // Both tables may hold a session with the same id: each discards only its own.
    expect(
      (await form.request("DELETE", `/v1/objects/sessions/${viaForm.sessionId}`, { token: viaForm.token })).status,
    ).toBe(200);
    expect(t.sim.openSessions(id)).toBe(1);
    await embedded.request("DELETE", `/v1/objects/sessions/${viaEmbedded.sessionId}`, { token: viaEmbedded.token });
    expect(t.sim.openSessions(id)).toBe(0);
  });

  it("keeps a token to its own storage system", async () => {
    const { token } = await form.login();
    const other = t.serverForm(t.sim.systems[1]!.storageDeviceId);
    expect((await other.request("GET", "/v1/objects/storages/instance", { token })).status).toBe(401);
  });

  it("answers 404 for an unknown storageDeviceId or path", async () => {
    const unknown = await get("/v1/objects/storages/936000999999/sessions");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { messageId: string }).messageId).toMatch(/^KART/);
    expect((await get("/v1/objects/elsewhere")).status).toBe(404);
  });
});
