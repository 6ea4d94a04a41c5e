import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { INVENTED_MESSAGE_IDS } from "./message-ids";
import {
  B26,
  E990,
  KEYADMIN,
  MODIFY,
  NONE,
  startTestSimulator,
  VIEW,
  type TestClient,
  type TestSimulator,
} from "./test-support";
import type { StorageRole } from "./types";
import { hasRole, userWithRoles } from "./users";

const PASSWORD = "Backup-Pass#2024";
const IDENTITY = "/v1/objects/storages/instance";
const KEYS = "/v1/objects/encryption-keys?keyType=DEKANDFREE";

let t: TestSimulator;
let api: TestClient;
let id: string;

async function status(response: { status: number; json(): Promise<unknown> }) {
  const body = (await response.json()) as { messageId?: string; solution?: string };
  return { status: response.status, messageId: body.messageId, solution: body.solution };
}

beforeAll(async () => {
  t = await startTestSimulator([E990, B26], { serverForm: false });
  api = t.client(0);
  id = t.sim.systems[0]!.storageDeviceId;
});
afterAll(() => t.close());
beforeEach(() => t.sim.updateSettings(id, { missingRoleStatus: 403 }));

describe("roles, step by step", () => {
  it("the default users hold the roles the brief gives them", () => {
    const roles = Object.fromEntries(t.sim.systems[0]!.users.map((user) => [user.username, user.roles]));
    expect(roles).toEqual({
      secadmin: ["storage-admin-view", "security-admin-modify"],
      secviewer: ["storage-admin-view", "security-admin-view"],
      monitor: ["storage-admin-view"],
      keyadmin: ["security-admin-modify"],
    });
    const system = t.sim.systems[0]!;
    expect(userWithRoles(system, "storage-admin-view", "security-admin-modify").username).toBe("secadmin");
    expect(userWithRoles(system, "security-admin-modify").username).toBe("secadmin");
    expect(() => userWithRoles({ users: [] }, "storage-admin-view")).toThrow();
    const modifyOnly = { roles: ["security-admin-modify"] as StorageRole[] };
    expect(hasRole(modifyOnly, "security-admin-view")).toBe(true);
    expect(hasRole(modifyOnly, "storage-admin-view")).toBe(false);
  });

  it.each([
    [403, INVENTED_MESSAGE_IDS.noPermission],
    [404, "KART30013-E"],
  ] as const)("a user without the step's role gets %d", async (missingRoleStatus, messageId) => {
    t.sim.updateSettings(id, { missingRoleStatus });
    // No storage role: not even a session.
    const noSession = await api.request("POST", "/v1/objects/sessions", { basic: KEYADMIN });
    expect(await status(noSession)).toMatchObject({ status: missingRoleStatus, messageId });
    expect(t.sim.openSessions(id)).toBe(0);

    // Storage role only: identity yes, keys and backup no.
    const monitor = await api.login(NONE);
    expect((await api.request("GET", IDENTITY, { token: monitor.token })).status).toBe(200);
    expect(await status(await api.request("GET", KEYS, { token: monitor.token }))).toMatchObject({
      status: missingRoleStatus,
      messageId,
    });
    expect(await status(await api.backup(monitor.token, PASSWORD))).toMatchObject({ status: missingRoleStatus });

    // Security view: keys yes, backup no.
    const viewer = await api.login(VIEW);
    const listed = await api.request("GET", KEYS, { token: viewer.token });
    expect(listed.status).toBe(200);
    await listed.arrayBuffer();
    const refused = await status(await api.backup(viewer.token, PASSWORD));
    expect(refused).toMatchObject({ status: missingRoleStatus, messageId });
    if (missingRoleStatus === 403) expect(refused.solution).toContain("Security Administrator (View & Modify)");

    // Security modify (implies view): keys and backup.
    const admin = await api.login(MODIFY);
    const adminKeys = await api.request("GET", KEYS, { token: admin.token });
    expect(adminKeys.status).toBe(200);
    await adminKeys.arrayBuffer();
    const backup = await api.backup(admin.token, PASSWORD);
    expect(backup.status).toBe(200);
    await backup.arrayBuffer();

    for (const session of [monitor, viewer, admin]) {
      await api.request("DELETE", `/v1/objects/sessions/${session.sessionId}`, { token: session.token });
    }
    expect(t.sim.openSessions(id)).toBe(0);
  });
});

describe("VSP One B26", () => {
  it("is configurable, with its microcode as an opaque label", async () => {
    const b26 = t.client(1);
    const { token, sessionId } = await b26.login();
    const identity = (await (await b26.request("GET", IDENTITY, { token })).json()) as Record<string, unknown>;
    expect(identity).toMatchObject({
      model: "VSP One B26",
      serialNumber: 812345,
      dkcMicroVersion: "A3-04-21-40/00",
      storageDeviceId: t.sim.systems[1]!.storageDeviceId,
    });
    const backup = await b26.backup(token, PASSWORD);
    expect(backup.status).toBe(200);
    await backup.arrayBuffer();
    await b26.request("DELETE", `/v1/objects/sessions/${sessionId}`, { token });
  });
});
