import { fetch } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { buildKeyFile } from "./backup-file";
import { E990, errorCause, readAll, startTestSimulator, type TestClient, type TestSimulator } from "./test-support";

const PASSWORD = "Backup-Pass#2024";

let t: TestSimulator;
let api: TestClient;
let id: string;
let token: string;
let fileLength: number;

beforeAll(async () => {
  t = await startTestSimulator([E990], { serverForm: false });
  api = t.client(0);
  id = t.sim.systems[0]!.storageDeviceId;
  fileLength = buildKeyFile({ storageDeviceId: id, keys: t.sim.listKeys(id) }, PASSWORD).length;
});
afterAll(() => t.close());
beforeEach(async () => {
  await fetch(`${t.sim.controlUrl}/reset`, { method: "POST" });
  token = (await api.login()).token;
});

describe("faults", () => {
  it("delay-headers holds the response headers back", async () => {
    t.sim.setFault(id, { type: "delay-headers", ms: 300 });
    const started = performance.now();
    const response = await api.backup(token, PASSWORD);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.status).toBe(200);
    expect((await readAll(response)).bytes.length).toBe(fileLength);
  });

  it("slow-drip trickles the whole body", async () => {
    t.sim.setFault(id, { type: "slow-drip", bytesPerChunk: Math.ceil(fileLength / 5), intervalMs: 40 });
    const started = performance.now();
    const response = await api.backup(token, PASSWORD);
    const { bytes, error } = await readAll(response);
    expect(error).toBeUndefined();
    expect(bytes.length).toBe(fileLength);
    expect(performance.now() - started).toBeGreaterThanOrEqual(4 * 40 - 10);
  });

  it("truncate announces the full length, then ends the connection early", async () => {
    t.sim.setFault(id, { type: "truncate", afterBytes: 1000 });
    const response = await api.backup(token, PASSWORD);
    expect(response.status).toBe(200);
    expect(Number(response.headers.get("content-length"))).toBe(fileLength);
    const { bytes, error } = await readAll(response);
    expect(bytes.length).toBe(1000);
    expect(bytes.length).toBeLessThan(fileLength);
    expect(error).toBeDefined();
  });

  it("reset before the headers makes the request fail with ECONNRESET", async () => {
    t.sim.setFault(id, { type: "reset" });
    const failure = await api.backup(token, PASSWORD).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeDefined();
    expect(errorCause(failure)).toBe("ECONNRESET");
  });

  it("reset after some bytes breaks off the body", async () => {
    t.sim.setFault(id, { type: "reset", afterBytes: 500 });
    const response = await api.backup(token, PASSWORD);
    expect(response.status).toBe(200);
    const { bytes, error } = await readAll(response);
    expect(error).toBeDefined();
    expect(bytes.length).toBeLessThanOrEqual(500);
  });

  it("html-500 answers with an HTML error page", async () => {
    t.sim.setFault(id, { type: "html-500" });
    const response = await api.backup(token, PASSWORD);
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("<html>");
  });

  it("busy-503 answers with KART00003-E", async () => {
    t.sim.setFault(id, { type: "busy-503" });
    const response = await api.backup(token, PASSWORD);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { messageId: string }).messageId).toBe("KART00003-E");
  });

  it("wrong-content-type answers 200 with an HTML page, as a proxy login would", async () => {
    t.sim.setFault(id, { type: "wrong-content-type" });
    const response = await api.backup(token, PASSWORD);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("<form");
  });

  it("status answers the array's error shape with the status asked for", async () => {
    for (const status of [401, 403, 404, 406, 409, 412, 500, 503]) {
      t.sim.setFault(id, { type: "status", status });
      const response = await api.backup(token, PASSWORD);
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ messageId: "KART90000-E" });
    }
  });

  it("redirect answers 302 to a sign-in page elsewhere", async () => {
    t.sim.setFault(id, { type: "redirect" });
    const response = await api.backup(token, PASSWORD);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://login.example.invalid/sso");
    await response.body?.cancel();
  });

  it("hold-end sends every byte chunked, then holds the end of the message back", async () => {
    t.sim.setFault(id, { type: "hold-end", ms: 300 });
    const started = performance.now();
    const response = await api.backup(token, PASSWORD);
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    const { bytes, error } = await readAll(response);
    expect(error).toBeUndefined();
    expect(bytes.length).toBe(fileLength);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("applies a fault `times` times and then is used up", async () => {
    t.sim.setFault(id, { type: "busy-503", times: 2 });
    expect((await api.backup(token, PASSWORD)).status).toBe(503);
    expect((await api.backup(token, PASSWORD)).status).toBe(503);
    const ok = await api.backup(token, PASSWORD);
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
  });

  it("leaves a backup that fails validation alone and hits the next valid one", async () => {
    t.sim.setFault(id, { type: "busy-503" });
    expect((await api.backup(token, "short")).status).toBe(400);
    expect((await api.backup(token, PASSWORD)).status).toBe(503);
  });

  it("acts on session creation with on: session-create, and on anything with on: any", async () => {
    t.sim.setFault(id, { type: "html-500", on: "session-create" });
    const backup = await api.backup(token, PASSWORD);
    expect(backup.status).toBe(200);
    await backup.arrayBuffer();
    const login = await api.request("POST", "/v1/objects/sessions", {
      basic: { username: "secadmin", password: "Sim-Modify-Pass1" },
    });
    expect(login.status).toBe(500);
    await login.text();
    expect(t.sim.openSessions(id)).toBe(1);

    t.sim.setFault(id, { type: "busy-503", on: "any" });
    expect((await api.request("GET", "/v1/objects/storages/instance", { token })).status).toBe(503);
    expect((await api.request("GET", "/v1/objects/storages/instance", { token })).status).toBe(200);
  });

  it("rejects an invalid fault and clears faults", async () => {
    expect(() => t.sim.setFault(id, { type: "truncate", afterBytes: -1 })).toThrow();
    t.sim.setFault(id, { type: "busy-503", times: 5 });
    t.sim.clearFaults(id);
    const ok = await api.backup(token, PASSWORD);
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
  });
});
