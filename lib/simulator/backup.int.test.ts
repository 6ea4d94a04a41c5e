import { fetch } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { buildKeyFile, readKeyFile } from "./backup-file";
import { INVENTED_MESSAGE_IDS } from "./message-ids";
import {
  E990,
  G370_OLD,
  MODIFY,
  readAll,
  startTestSimulator,
  VIEW,
  type TestClient,
  type TestSimulator,
} from "./test-support";
import type { SimSystemConfig } from "./types";

const PASSWORD = "Backup-Pass#2024";
const STRICT: SimSystemConfig = {
  model: "VSP 5500",
  serialNumber: 530021,
  microcode: "90-09-01-00/00",
  keyCount: 4,
  passwordPolicy: { minLength: 12, minDigits: 2, minUppercase: 1, minLowercase: 1, minSymbols: 1 },
};

let t: TestSimulator;
let api: TestClient;
let id: string;

function expectedFile(password = PASSWORD): Buffer {
  return buildKeyFile({ storageDeviceId: id, keys: t.sim.listKeys(id) }, password);
}

async function errorOf(response: { status: number; json(): Promise<unknown> }) {
  const body = (await response.json()) as Record<string, unknown> & { message: string; solution?: string };
  return { ...body, status: response.status };
}

beforeAll(async () => {
  t = await startTestSimulator([E990, G370_OLD, STRICT]);
  api = t.client(0);
  id = t.sim.systems[0]!.storageDeviceId;
});
afterAll(() => t.close());
beforeEach(async () => {
  await fetch(`${t.sim.controlUrl}/reset`, { method: "POST" });
});

describe("backup of encryption keys", () => {
  it("answers 200 with the key file as an attachment whose Content-Length matches", async () => {
    const { token } = await api.login();
    const response = await api.backup(token, PASSWORD);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("content-disposition")).toBe("attachment");
    const body = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get("content-length"))).toBe(body.length);
    expect(body.equals(expectedFile())).toBe(true);
    expect(readKeyFile(body, PASSWORD).keys).toHaveLength(32);
  });

  it("is deterministic for the same keys and password and changes when a key is added", async () => {
    const { token } = await api.login();
    const first = Buffer.from(await (await api.backup(token, PASSWORD)).arrayBuffer());
    const second = Buffer.from(await (await api.backup(token, PASSWORD)).arrayBuffer());
    expect(second.equals(first)).toBe(true);
    const otherPassword = Buffer.from(await (await api.backup(token, "Other-Pass#1")).arrayBuffer());
    expect(otherPassword.equals(first)).toBe(false);

    t.sim.addKeys(id, 1);
    const third = Buffer.from(await (await api.backup(token, PASSWORD)).arrayBuffer());
    expect(third.equals(first)).toBe(false);
    expect(third.equals(expectedFile())).toBe(true);
  });

  it("counts the backup in numOfBackups of every included key", async () => {
    const before = t.sim.listKeys(id);
    const { token } = await api.login();
    await (await api.backup(token, PASSWORD)).arrayBuffer();
    const after = t.sim.listKeys(id);
    expect(after.map((key) => key.numOfBackups)).toEqual(before.map((key) => key.numOfBackups + 1));
  });

  it("also accepts PUT", async () => {
    const { token } = await api.login();
    const response = await api.request("PUT", "/v1/objects/encryption-keys/file/actions/backup/invoke", {
      token,
      json: { parameters: { password: PASSWORD } },
      headers: { Accept: "application/octet-stream" },
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  });

  it("streams a large file completely", async () => {
    const big = await startTestSimulator([{ ...E990, keyCount: 4, backupPaddingBytes: 5 * 1024 * 1024 }], {
      serverForm: false,
    });
    try {
      const client = big.client(0);
      const { token } = await client.login();
      const response = await client.backup(token, PASSWORD);
      const { bytes, error } = await readAll(response);
      expect(error).toBeUndefined();
      expect(bytes.length).toBe(Number(response.headers.get("content-length")));
      expect(bytes.length).toBeGreaterThan(5 * 1024 * 1024);
    } finally {
      await big.close();
    }
  });

  it("requires an explicit Accept: application/octet-stream (406)", async () => {
    const { token } = await api.login();
    for (const accept of ["application/json", "*/*"]) {
      const response = await api.backup(token, PASSWORD, { Accept: accept });
      expect(await errorOf(response)).toMatchObject({ status: 406, messageId: expect.stringMatching(/^KART\d{5}-E$/) });
    }
    const listed = await api.backup(token, PASSWORD, { Accept: "application/json, application/octet-stream;q=0.9" });
    expect(listed.status).toBe(200);
    await listed.arrayBuffer();
  });

  it("requires the Security Administrator (View & Modify) role (403)", async () => {
    const { token } = await api.login(VIEW);
    expect(await errorOf(await api.backup(token, PASSWORD))).toMatchObject({
      status: 403,
      messageId: INVENTED_MESSAGE_IDS.noPermission,
    });
  });

  it("answers 412 where the system is set to refuse the function (refusesKeyBackup)", async () => {
    const old = t.client(1);
    const { token } = await old.login();
    const response = await old.backup(token, PASSWORD);
    expect(await errorOf(response)).toMatchObject({
      status: 412,
      messageId: INVENTED_MESSAGE_IDS.microcodeUnsupported,
      message: "The microcode version of the storage system does not support this operation.",
    });
  });

  it("rejects malformed bodies with 400 KART40038-E", async () => {
    const { token } = await api.login();
    const path = "/v1/objects/encryption-keys/file/actions/backup/invoke";
    const headers = { Accept: "application/octet-stream" };
    for (const json of [
      undefined,
      {},
      { password: PASSWORD },
      { parameters: { password: 123456 } },
      { parameters: { password: PASSWORD, extra: 1 } },
    ]) {
      const response = await api.request("POST", path, { token, json, headers });
      expect(await errorOf(response)).toMatchObject({ status: 400, messageId: "KART40038-E" });
    }
  });

  it("rejects passwords that break the documented rules, saying which", async () => {
    const { token } = await api.login();
    for (const password of ["short", "x".repeat(256), "has space1", "umlaut-ä-123"]) {
      const body = await errorOf(await api.backup(token, password));
      expect(body).toMatchObject({ status: 400, messageId: "KART40046-E" });
      expect(body.message).toMatch(/6 to 255 characters|may contain only/);
      expect(body.message).not.toContain(password);
    }
    const edge = await api.backup(token, "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~aZ9");
    expect(edge.status).toBe(200);
    await edge.arrayBuffer();
  });

  it("applies the system's stricter password policy", async () => {
    const strict = t.client(2);
    const { token } = await strict.login();
    const weak = await errorOf(await strict.backup(token, "Abcdefgh-1"));
    expect(weak).toMatchObject({ status: 400, messageId: "KART40046-E" });
    expect(weak.message).toMatch(/at least 12 characters/);
    const fewDigits = await errorOf(await strict.backup(token, "Abcdefghijk-1"));
    expect(fewDigits.message).toMatch(/at least 2 digits/);
    const ok = await strict.backup(token, "Abcdefghij-12");
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
  });

  it("refuses while the calling user holds a lock (409 KART40050-E by default), then works after unlock", async () => {
    const holder = await api.login(MODIFY);
    const lockPath = "/v1/services/resource-group-service/actions/lock/invoke";
    expect(
      (await api.request("POST", lockPath, { token: holder.token, json: { parameters: { waitTime: 30 } } })).status,
    ).toBe(200);

    // Another session of the same user: the lock is the user's, so the backup is refused.
    const { token } = await api.login(MODIFY);
    const refused = await errorOf(await api.backup(token, PASSWORD));
    expect(refused).toMatchObject({
      status: 409,
      messageId: "KART40050-E",
      solution: expect.stringMatching(/unlock/i),
    });
    expect(refused).not.toHaveProperty("errorCode");

    const conflict = await errorOf(
      await api.request("PUT", lockPath, { token, json: { parameters: { waitTime: 0 } } }),
    );
    expect(conflict).toMatchObject({ status: 409, messageId: "KART40050-E" });

    const unlock = await api.request("POST", "/v1/services/resource-group-service/actions/unlock/invoke", {
      token: holder.token,
    });
    expect(unlock.status).toBe(200);
    expect(t.sim.lockedBy(id)).toEqual([]);
    const ok = await api.backup(token, PASSWORD);
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
  });

  it("releases a session's lock when the session is discarded", async () => {
    const { token, sessionId } = await api.login();
    await api.request("POST", "/v1/services/resource-group-service/actions/lock/invoke", { token });
    expect(t.sim.lockedBy(id)).toEqual([sessionId]);
    await api.request("DELETE", `/v1/objects/sessions/${sessionId}`, { token });
    expect(t.sim.lockedBy(id)).toEqual([]);
  });

  it("checks the session before anything else (401)", async () => {
    const response = await api.backup("f".repeat(32), PASSWORD);
    expect(await errorOf(response)).toMatchObject({ status: 401, messageId: INVENTED_MESSAGE_IDS.invalidToken });
  });

  it("does not count a backup whose download the client abandons", async () => {
    const before = t.sim.listKeys(id).map((key) => key.numOfBackups);
    const { token } = await api.login(MODIFY);
    t.sim.setFault(id, { type: "truncate", afterBytes: 10 });
    const response = await api.backup(token, PASSWORD);
    await readAll(response);
    expect(t.sim.listKeys(id).map((key) => key.numOfBackups)).toEqual(before);
  });
});

describe("echoPasswordInErrors", () => {
  it("repeats the typed storage password in a refused session, and the backup password in a refused backup", async () => {
    const wrong = "Wrong-Typed-Pass7";
    const quiet = await errorOf(
      await api.request("POST", "/v1/objects/sessions", { basic: { ...MODIFY, password: wrong } }),
    );
    expect(JSON.stringify(quiet)).not.toContain(wrong);

    t.sim.updateSettings(id, { echoPasswordInErrors: true, heldByOtherApplication: true });
    const refused = await errorOf(
      await api.request("POST", "/v1/objects/sessions", { basic: { ...MODIFY, password: wrong } }),
    );
    expect(refused.status).toBe(401);
    expect(refused.message).toContain(wrong);
    expect(refused.solution).toContain(wrong);

    const { token } = await api.login();
    const backup = await errorOf(await api.backup(token, PASSWORD));
    expect(backup).toMatchObject({ status: 500, messageId: "KART30008-E" });
    expect(backup.message).toContain(PASSWORD);
    expect(backup.solution).toContain(PASSWORD);
    // A successful backup is not changed by the setting.
    t.sim.updateSettings(id, { heldByOtherApplication: false });
    expect((await api.backup(token, PASSWORD)).status).toBe(200);
  });
});
