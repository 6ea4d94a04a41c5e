import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { MODIFY, startTestSimulator, VIEW, type TestClient, type TestSimulator } from "./test-support";
import type { SimSystemConfig } from "./types";

const PASSWORD = "Backup-Pass#2024";
const LOCK = "/v1/services/resource-group-service/actions/lock/invoke";
const TWO_CONTROLLERS: SimSystemConfig = {
  model: "VSP E1090",
  serialNumber: 500001,
  microcode: "93-07-23-80/01",
  controllers: 2,
};

let t: TestSimulator;
let api: TestClient;
let id: string;

async function errorOf(response: { status: number; json(): Promise<unknown> }): Promise<Record<string, unknown>> {
  const body = (await response.json()) as Record<string, unknown>;
  return { ...body, status: response.status };
}

async function expectBackupOk(client: TestClient, token: string) {
  const response = await client.backup(token, PASSWORD);
  expect(response.status).toBe(200);
  await response.arrayBuffer();
}

beforeAll(async () => {
  t = await startTestSimulator([TWO_CONTROLLERS], { serverForm: false });
  api = t.client(0);
  id = t.sim.systems[0]!.storageDeviceId;
});
afterAll(() => t.close());
beforeEach(() => t.sim.clearFaults(id));

describe("locks and the backup", () => {
  it("another user's lock does not stop the backup", async () => {
    const other = await api.login(VIEW);
    expect((await api.request("POST", LOCK, { token: other.token })).status).toBe(200);
    const { token, sessionId } = await api.login(MODIFY);
    await expectBackupOk(api, token);
    await api.request("DELETE", `/v1/objects/sessions/${sessionId}`, { token });
    await api.request("DELETE", `/v1/objects/sessions/${other.sessionId}`, { token: other.token });
    expect(t.sim.lockedBy(id)).toEqual([]);
  });

  it("the calling user's lock taken on the other controller stops it too (locks are the system's)", async () => {
    const ctl2 = t.client(0, 1);
    const holder = await ctl2.login(MODIFY);
    expect((await ctl2.request("POST", LOCK, { token: holder.token })).status).toBe(200);
    const { token, sessionId } = await api.login(MODIFY);
    expect((await errorOf(await api.backup(token, PASSWORD))).status).toBe(409);
    await ctl2.request("DELETE", `/v1/objects/sessions/${holder.sessionId}`, { token: holder.token });
    await expectBackupOk(api, token);
    await api.request("DELETE", `/v1/objects/sessions/${sessionId}`, { token });
  });

  it.each([
    [409, "message-id", "KART40050-E", undefined],
    [400, "message-id", "KART40050-E", undefined],
    [500, "ssb-only", "KART30000-E", { SSB1: "2E11", SSB2: "2205" }],
    [503, "ssb-only", "KART30000-E", { SSB1: "2E11", SSB2: "2205" }],
  ] as const)("a lock refusal can be %d in the %s form", async (status, form, messageId, errorCode) => {
    t.sim.updateSettings(id, { lockRefusalStatus: status, lockRefusalForm: form });
    const { token, sessionId } = await api.login(MODIFY);
    expect((await api.request("POST", LOCK, { token })).status).toBe(200);
    const refused = await api.backup(token, PASSWORD);
    expect(refused.headers.get("content-type")).toBe("application/json;charset=utf-8");
    const body = await errorOf(refused);
    expect(body).toMatchObject({ status, messageId });
    expect(body.errorCode).toEqual(errorCode);
    await api.request("DELETE", `/v1/objects/sessions/${sessionId}`, { token });
    expect(t.sim.lockedBy(id)).toEqual([]);
    t.sim.updateSettings(id, { lockRefusalStatus: 409, lockRefusalForm: "message-id" });
  });

  it("answers KART30008-E (status 500, unverified) while another management application holds the array", async () => {
    t.sim.updateSettings(id, { heldByOtherApplication: true });
    const { token, sessionId } = await api.login(MODIFY);
    const body = await errorOf(await api.backup(token, PASSWORD));
    expect(body).toMatchObject({
      status: 500,
      messageId: "KART30008-E",
      message: "Unable to lock the storage system.",
    });
    t.sim.updateSettings(id, { heldByOtherApplication: false });
    await expectBackupOk(api, token);
    await api.request("DELETE", `/v1/objects/sessions/${sessionId}`, { token });
    expect(t.sim.openSessions(id)).toBe(0);
  });
});
