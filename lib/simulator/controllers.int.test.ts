import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { MAX_SESSIONS } from "./session-table";
import { E990, MODIFY, startTestSimulator, type TestSimulator } from "./test-support";
import type { SimSystemConfig } from "./types";

const E590: SimSystemConfig = { model: "VSP E590H", serialNumber: 400001, microcode: "93-07-23-80/01", controllers: 2 };
const IDENTITY = "/v1/objects/storages/instance";

let t: TestSimulator;
let id: string;

beforeAll(async () => {
  t = await startTestSimulator([E590, E990]);
  id = t.sim.systems[0]!.storageDeviceId;
});
afterAll(() => t.close());

describe("two controllers", () => {
  it("serves CTL1 and CTL2 on their own listeners, CTL1 first and as baseUrl", () => {
    const system = t.sim.systems[0]!;
    expect(system.storageDeviceId).toBe("934000400001");
    expect(system.controllerBaseUrls).toHaveLength(2);
    expect(system.baseUrl).toBe(system.controllerBaseUrls[0]);
    expect(new Set(system.controllerBaseUrls).size).toBe(2);
    expect(t.sim.systems[1]!.controllerBaseUrls).toEqual([t.sim.systems[1]!.baseUrl]);
  });

  it("keeps a session table per controller: a CTL1 token is invalid on CTL2", async () => {
    const ctl1 = t.client(0, 0);
    const ctl2 = t.client(0, 1);
    const one = await ctl1.login();
    const two = await ctl2.login();
    expect(t.sim.openSessions(id)).toBe(2);

    const refused = await ctl2.request("GET", IDENTITY, { token: one.token });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { message: string }).message).toContain("The specified token is invalid");
    expect((await ctl1.request("GET", IDENTITY, { token: two.token })).status).toBe(401);

    const identity = (await (await ctl2.request("GET", IDENTITY, { token: two.token })).json()) as {
      targetCtl: string;
    };
    expect(identity.targetCtl).toBe("CTL2");

    // Session ids are per table: discarding CTL1's session on CTL2 finds nothing.
    expect(one.sessionId).toBe(two.sessionId);
    expect((await ctl2.request("DELETE", `/v1/objects/sessions/${one.sessionId}`, { token: one.token })).status).toBe(
      401,
    );
    expect((await ctl1.request("DELETE", `/v1/objects/sessions/${one.sessionId}`, { token: one.token })).status).toBe(
      200,
    );
    expect(t.sim.openSessions(id)).toBe(1);
    expect((await ctl2.request("GET", IDENTITY, { token: two.token })).status).toBe(200);
    await ctl2.request("DELETE", `/v1/objects/sessions/${two.sessionId}`, { token: two.token });
    expect(t.sim.openSessions(id)).toBe(0);
  });

  it(`limits each table to ${MAX_SESSIONS}: the next create gets 503 "wait a while and then run the request again"`, async () => {
    const ctl1 = t.client(0, 0);
    const ctl2 = t.client(0, 1);
    const sessions = [];
    for (let i = 0; i < MAX_SESSIONS; i++) sessions.push(await ctl1.login());
    const refused = await ctl1.request("POST", "/v1/objects/sessions", { basic: MODIFY });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("content-type")).toBe("application/json;charset=utf-8");
    expect(((await refused.json()) as { solution: string }).solution).toContain(
      "wait a while and then run the request again",
    );
    // The other controller's REST server has its own 64.
    const other = await ctl2.login();
    const viaForm = await t.serverForm(id).login();
    expect(t.sim.openSessions(id)).toBe(MAX_SESSIONS + 2);

    for (const session of sessions) {
      await ctl1.request("DELETE", `/v1/objects/sessions/${session.sessionId}`, { token: session.token });
    }
    await ctl2.request("DELETE", `/v1/objects/sessions/${other.sessionId}`, { token: other.token });
    await t.serverForm(id).request("DELETE", `/v1/objects/sessions/${viaForm.sessionId}`, { token: viaForm.token });
    expect(t.sim.openSessions(id)).toBe(0);
  });

  it("counts every table in GET /systems and /systems/{id}/sessions", async () => {
    const one = await t.client(0, 0).login();
    const two = await t.client(0, 1).login();
    const form = await t.serverForm(id).login();
    const sessions = (await (await fetch(`${t.sim.controlUrl}/systems/${id}/sessions`)).json()) as { open: number };
    expect(sessions.open).toBe(3);
    await fetch(`${t.sim.controlUrl}/reset`, { method: "POST" });
    expect(t.sim.openSessions(id)).toBe(0);
    for (const token of [one.token, two.token]) {
      expect((await t.client(0, 0).request("GET", IDENTITY, { token })).status).toBe(401);
    }
    expect((await t.serverForm(id).request("GET", IDENTITY, { token: form.token })).status).toBe(401);
  });
});
