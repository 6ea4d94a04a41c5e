import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildKeyFile } from "./backup-file";
import { E990, rawRequest, readAll, startTestSimulator, type TestClient, type TestSimulator } from "./test-support";
import type { BackupFraming } from "./types";

const PASSWORD = "Backup-Pass#2024";

let t: TestSimulator;
let api: TestClient;
let id: string;
let expected: Buffer;

beforeAll(async () => {
  t = await startTestSimulator([E990], { serverForm: false });
  api = t.client(0);
  id = t.sim.systems[0]!.storageDeviceId;
  expected = buildKeyFile({ storageDeviceId: id, keys: t.sim.listKeys(id) }, PASSWORD);
});
afterAll(() => t.close());

async function backupWith(framing: BackupFraming) {
  t.sim.updateSettings(id, { backupFraming: framing });
  const { token, sessionId } = await api.login();
  const response = await api.backup(token, PASSWORD);
  const result = await readAll(response);
  await api.request("DELETE", `/v1/objects/sessions/${sessionId}`, { token });
  return { response, ...result };
}

async function rawBackup(framing: BackupFraming) {
  t.sim.updateSettings(id, { backupFraming: framing });
  const { token, sessionId } = await api.login();
  const raw = await rawRequest(
    `${t.sim.systems[0]!.baseUrl}/v1/objects/encryption-keys/file/actions/backup/invoke`,
    t.sim.certificatePem,
    {
      method: "POST",
      headers: {
        Authorization: `Session ${token}`,
        Accept: "application/octet-stream",
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ parameters: { password: PASSWORD } }),
    },
  );
  await api.request("DELETE", `/v1/objects/sessions/${sessionId}`, { token });
  return raw;
}

describe("framing of the key file", () => {
  it("content-length (default): a Content-Length, no chunking", async () => {
    const { response, bytes, error } = await backupWith("content-length");
    expect(response.headers.get("content-length")).toBe(String(expected.length));
    expect(response.headers.get("transfer-encoding")).toBeNull();
    expect(error).toBeUndefined();
    expect(bytes.equals(expected)).toBe(true);
  });

  it("chunked: no Content-Length, Transfer-Encoding chunked", async () => {
    const { response, bytes, error } = await backupWith("chunked");
    expect(response.headers.get("content-length")).toBeNull();
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    expect(error).toBeUndefined();
    expect(bytes.equals(expected)).toBe(true);
  });

  it("close: neither, the body ends when the connection closes", async () => {
    const { response, bytes, error } = await backupWith("close");
    expect(response.headers.get("content-length")).toBeNull();
    expect(response.headers.get("transfer-encoding")).toBeNull();
    expect(response.headers.get("connection")).toBe("close");
    expect(error).toBeUndefined();
    expect(bytes.equals(expected)).toBe(true);
  });

  it("close, on the wire: no length or chunking header, the raw body is the file", async () => {
    const raw = await rawBackup("close");
    expect(raw.head).toMatch(/^HTTP\/1\.1 200 /);
    expect(raw.headers["content-length"]).toBeUndefined();
    expect(raw.headers["transfer-encoding"]).toBeUndefined();
    expect(raw.headers.connection).toBe("close");
    expect(raw.headers["content-type"]).toBe("application/octet-stream");
    expect(raw.body.equals(expected)).toBe(true);
    const chunked = await rawBackup("chunked");
    expect(chunked.headers["transfer-encoding"]).toBe("chunked");
    expect(chunked.body.equals(expected)).toBe(false);
  });

  it("error answers keep a Content-Length whatever the framing", async () => {
    t.sim.updateSettings(id, { backupFraming: "close" });
    const { token, sessionId } = await api.login();
    const response = await api.backup(token, "short");
    expect(response.status).toBe(400);
    expect(response.headers.get("content-length")).not.toBeNull();
    await response.arrayBuffer();
    await api.request("DELETE", `/v1/objects/sessions/${sessionId}`, { token });
  });
});

describe("truncate under each framing", () => {
  it("content-length: the client sees the body fall short of the announced length", async () => {
    t.sim.setFault(id, { type: "truncate", afterBytes: 1000 });
    const { response, bytes, error } = await backupWith("content-length");
    expect(Number(response.headers.get("content-length"))).toBe(expected.length);
    expect(bytes.length).toBe(1000);
    expect(error).toBeDefined();
  });

  it("chunked: the missing last chunk shows as an error", async () => {
    t.sim.setFault(id, { type: "truncate", afterBytes: 1000 });
    const { bytes, error } = await backupWith("chunked");
    expect(bytes.length).toBe(1000);
    expect(error).toBeDefined();
  });

  it("close: the connection closes cleanly, so nothing but the size can show the cut", async () => {
    t.sim.setFault(id, { type: "truncate", afterBytes: 1000 });
    const { response, bytes, error } = await backupWith("close");
    expect(response.status).toBe(200);
    expect(bytes.length).toBe(1000);
    expect(bytes.equals(expected.subarray(0, 1000))).toBe(true);
    expect(error).toBeUndefined();

    t.sim.setFault(id, { type: "truncate", afterBytes: 700 });
    const raw = await rawBackup("close");
    expect(raw.cleanClose).toBe(true);
    expect(raw.body.length).toBe(700);
  });

  it("leaves no session behind", () => {
    t.sim.updateSettings(id, { backupFraming: "content-length" });
    expect(t.sim.openSessions(id)).toBe(0);
  });
});
