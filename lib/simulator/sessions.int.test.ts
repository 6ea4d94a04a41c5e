import { fetch } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { INVENTED_MESSAGE_IDS } from "./message-ids";
import { MAX_SESSIONS } from "./state";
import { MODIFY, NONE, startTestSimulator, VIEW, type TestClient, type TestSimulator } from "./test-support";

let t: TestSimulator;
let api: TestClient;
let id: string;

beforeAll(async () => {
  t = await startTestSimulator();
  api = t.client(0);
  id = t.sim.systems[0]!.storageDeviceId;
});
afterAll(() => t.close());
beforeEach(async () => {
  await fetch(`${t.sim.controlUrl}/reset`, { method: "POST" });
});

describe("API version", () => {
  it("answers without authentication", async () => {
    const response = await api.request("GET", "/configuration/version");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ productName: "Configuration Manager REST API", apiVersion: "1.22.0" });
  });
});

describe("sessions", () => {
  it("creates a session for any user with Storage Administrator (View Only), 32-hex token, increasing ids", async () => {
    const first = await api.login(MODIFY);
    const second = await api.login(NONE);
    expect(first.token).toMatch(/^[0-9a-f]{32}$/);
    expect(second.sessionId).toBeGreaterThan(first.sessionId);
    expect(t.sim.openSessions(id)).toBe(2);
  });

  it("refuses wrong or missing credentials with 401 KART30005-E", async () => {
    const wrong = await api.request("POST", "/v1/objects/sessions", {
      basic: { username: "secadmin", password: "nope-nope" },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("content-type")).toBe("application/json;charset=utf-8");
    const body = (await wrong.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ messageId: "KART30005-E", errorSource: "/ConfigurationManager/v1/objects/sessions" });
    expect(typeof body.solution).toBe("string");

    const missing = await api.request("POST", "/v1/objects/sessions");
    expect(missing.status).toBe(401);
    expect(t.sim.openSessions(id)).toBe(0);
  });

  it("checks aliveTime and authenticationTimeout ranges", async () => {
    for (const body of [{ aliveTime: 0 }, { aliveTime: 301 }, { authenticationTimeout: 901 }]) {
      const response = await api.request("POST", "/v1/objects/sessions", { basic: MODIFY, json: body });
      expect(response.status).toBe(400);
    }
    const ok = await api.request("POST", "/v1/objects/sessions", {
      basic: MODIFY,
      json: { aliveTime: 300, authenticationTimeout: 900 },
    });
    expect(ok.status).toBe(200);
  });

  it("answers an unknown token with 401 'The specified token is invalid'", async () => {
    const response = await api.request("GET", "/v1/objects/storages/instance", { token: "0".repeat(32) });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { message: string; messageId: string };
    expect(body.message).toContain("The specified token is invalid");
    expect(body.messageId).toBe(INVENTED_MESSAGE_IDS.invalidToken);

    const noHeader = await api.request("GET", "/v1/objects/storages/instance");
    expect(noHeader.status).toBe(401);
  });

  it("discards a session, after which its token is invalid; a wrong id is 404", async () => {
    const { token, sessionId } = await api.login();
    expect((await api.request("DELETE", `/v1/objects/sessions/${sessionId + 1000}`, { token })).status).toBe(404);
    const discarded = await api.request("DELETE", `/v1/objects/sessions/${sessionId}`, { token });
    expect(discarded.status).toBe(200);
    expect(await discarded.json()).toEqual({});
    expect((await api.request("GET", "/v1/objects/storages/instance", { token })).status).toBe(401);
    expect(t.sim.openSessions(id)).toBe(0);
  });

  it("lets only a modify user discard someone else's session, and only with force", async () => {
    const victim = await api.login(VIEW);
    const viewer = await api.login(VIEW);
    const admin = await api.login(MODIFY);
    const path = `/v1/objects/sessions/${victim.sessionId}`;
    expect((await api.request("DELETE", path, { token: admin.token })).status).toBe(403);
    expect((await api.request("DELETE", path, { token: viewer.token, json: { force: true } })).status).toBe(403);
    expect((await api.request("DELETE", path, { token: admin.token, json: { force: true } })).status).toBe(200);
    expect(t.sim.openSessions(id)).toBe(2);
  });

  it("keeps the peak of open sessions over every table; a reset starts it over from those open now", async () => {
    expect(t.sim.peakOpenSessions(id)).toBe(0);
    const first = await api.login();
    await t.serverForm(id).login(VIEW);
    expect(t.sim.peakOpenSessions(id)).toBe(2);
    await api.request("DELETE", `/v1/objects/sessions/${first.sessionId}`, { token: first.token });
    expect(t.sim.openSessions(id)).toBe(1);
    expect(t.sim.peakOpenSessions(id)).toBe(2);
    expect(t.sim.peakOpenSessions(t.sim.systems[1]!.storageDeviceId)).toBe(0);

    t.sim.resetPeakOpenSessions(id);
    expect(t.sim.peakOpenSessions(id)).toBe(1);
    await api.login();
    expect(t.sim.peakOpenSessions(id)).toBe(2);
  });

  it("expires a session after aliveTime seconds without use, and use keeps it alive", async () => {
    const { token } = await api.login(MODIFY, { aliveTime: 10 });
    t.clock.advance(9_000);
    expect((await api.request("GET", "/v1/objects/storages/instance", { token })).status).toBe(200);
    t.clock.advance(9_000);
    expect((await api.request("GET", "/v1/objects/storages/instance", { token })).status).toBe(200);
    t.clock.advance(10_000);
    const expired = await api.request("GET", "/v1/objects/storages/instance", { token });
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { message: string }).message).toContain("The specified token is invalid");
    expect(t.sim.openSessions(id)).toBe(0);
  });

  it("expires after the default 300 s and releases the expired session's lock", async () => {
    const { token, sessionId } = await api.login();
    const lock = await api.request("POST", "/v1/services/resource-group-service/actions/lock/invoke", {
      token,
      json: { parameters: { waitTime: 0 } },
    });
    expect(lock.status).toBe(200);
    expect(t.sim.lockedBy(id)).toEqual([sessionId]);
    t.clock.advance(299_000);
    expect(t.sim.lockedBy(id)).toEqual([sessionId]);
    t.clock.advance(1_000);
    expect(t.sim.lockedBy(id)).toEqual([]);
  });

  it(`allows ${MAX_SESSIONS} open sessions; the next gets 503 KART30040-E until one is discarded`, async () => {
    const sessions = [];
    for (let i = 0; i < MAX_SESSIONS; i++) sessions.push(await api.login());
    const refused = await api.request("POST", "/v1/objects/sessions", { basic: MODIFY });
    expect(refused.status).toBe(503);
    const body = (await refused.json()) as { messageId: string; message: string };
    expect(body.messageId).toBe("KART30040-E");
    expect(body.message).toMatch(/maximum number of sessions/i);

    const first = sessions[0]!;
    await api.request("DELETE", `/v1/objects/sessions/${first.sessionId}`, { token: first.token });
    expect((await api.request("POST", "/v1/objects/sessions", { basic: MODIFY })).status).toBe(200);
    expect(t.sim.openSessions(id)).toBe(MAX_SESSIONS);
  });

  it("lists sessions with ISO times and the client address", async () => {
    const { token, sessionId } = await api.login(VIEW);
    const response = await api.request("GET", "/v1/objects/sessions", { token });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: Record<string, unknown>[] };
    expect(data).toEqual([
      {
        sessionId,
        userId: "secviewer",
        ipAddress: "127.0.0.1",
        createdTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        lastAccessedTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      },
    ]);
  });

  it("keeps separate session tables per system", async () => {
    const { token } = await api.login();
    const other = t.client(1);
    expect((await other.request("GET", "/v1/objects/storages/instance", { token })).status).toBe(401);
  });
});

describe("storage identity and routing", () => {
  it("describes the storage system", async () => {
    const { token } = await api.login(NONE);
    const response = await api.request("GET", "/v1/objects/storages/instance", { token });
    expect(await response.json()).toEqual({
      storageDeviceId: "936000412345",
      model: "VSP E990",
      serialNumber: 412345,
      dkcMicroVersion: "93-07-01-80/00",
      ctl1Ip: expect.stringMatching(/^192\.0\.2\.\d+$/),
      ctl2Ip: expect.stringMatching(/^192\.0\.2\.\d+$/),
      communicationModes: [{ communicationMode: "lanConnectionMode" }],
      isSecure: true,
      targetCtl: "CTL1",
      usesSvp: false,
    });
  });

  it("answers unknown paths with 404 and wrong methods with 405, both as error bodies", async () => {
    const { token } = await api.login();
    const missing = await api.request("GET", "/v1/objects/nothing-here", { token });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { messageId: string }).messageId).toMatch(/^KART\d{5}-E$/);
    const outside = await api.request("GET", "/../elsewhere");
    expect(outside.status).toBe(404);
    const wrongMethod = await api.request("DELETE", "/v1/objects/storages/instance", { token });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET");
  });
});
