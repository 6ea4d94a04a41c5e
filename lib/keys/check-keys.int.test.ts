import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Actor } from "@/lib/actor";
import { runBackup } from "@/lib/backups/run-backup";
import { backupInput, drain, everythingStored, registerSimSystem } from "@/lib/backups/test-support";
import { markSystemRemoved, type StorageSystem } from "@/lib/db/storage-systems";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { insertUser } from "@/lib/db/users";
import { getFleet } from "@/lib/fleet/get-fleet";
import { keyCheckSchema } from "@/lib/schemas/key-check";
import { startSimulator } from "@/lib/simulator/server";
import { E990, MODIFY, NONE, VIEW } from "@/lib/simulator/test-support";
import type { SimSystemInfo, Simulator } from "@/lib/simulator/types";
import { auditActions, expectAppError } from "@/lib/systems/test-support";
import { captureLogs } from "@/lib/test-support/auth";

import { checkKeys } from "./check-keys";
import { latestKeyCheck } from "./key-checks";

const WRONG_PASSWORD = "Wrong-Storage-Pass9";

let sim: Simulator;
let info: SimSystemInfo;
let logs: ReturnType<typeof captureLogs>;
beforeAll(async () => {
  logs = captureLogs();
  sim = await startSimulator({ systems: [E990] });
  info = sim.systems[0]!;
});
afterAll(async () => {
  logs?.restore();
  await sim?.close();
});

describe.each(TEST_DATABASES)("checkKeys against the simulator over HTTPS on $kind", ({ kind, open }) => {
  let t: TestDatabase;
  let operator: Actor;
  let system: StorageSystem;
  const check = (credentials = VIEW, actor = operator) =>
    checkKeys({
      db: t.db,
      actor,
      systemId: system.id,
      input: { storageUsername: credentials.username, storagePassword: credentials.password },
    });

  beforeAll(async () => {
    t = await open();
    const user = await insertUser(t.db, { username: `olivia-${kind}`, passwordHash: "x", role: "operator" });
    operator = { id: user.id, username: user.username, role: "operator", clientIp: "192.0.2.7" };
    system = await registerSimSystem(t.db, sim, info, { name: `E990 ${kind}` });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("finds fresh keys not backed up, none after a backup through the portal, and new ones again", async () => {
    const added = Date.now();
    sim.addKeys(info.storageDeviceId, 2);
    const fresh = sim.listKeys(info.storageDeviceId).slice(-2);
    for (const key of fresh) {
      expect(key.numOfBackups).toBe(0);
      expect(Math.abs(Date.parse(key.createdTime) - added)).toBeLessThan(2_000);
    }
    const keyCount = sim.listKeys(info.storageDeviceId).length;

    const first = keyCheckSchema.parse(await check());
    expect(first).toMatchObject({ systemId: system.id, username: operator.username, keyCount, lastSuccessAt: null });
    expect(first.notBackedUpCount).toBeGreaterThan(0);
    expect(first.notBackedUp.map((key) => key.keyId)).toEqual(expect.arrayContaining(fresh.map((key) => key.keyId)));
    expect(first.newestKeyCreatedAt).toBe(fresh[1]!.createdTime);
    expect(sim.openSessions(info.storageDeviceId)).toBe(0);
    expect((await getFleet({ db: t.db })).systems[0]?.status).toBe("never");

    const before = sim.listKeys(info.storageDeviceId);
    const backup = await runBackup({
      db: t.db,
      actor: operator,
      systemId: system.id,
      input: backupInput({ username: MODIFY.username, password: MODIFY.password }),
    });
    expect((await drain(backup.stream)).error).toBeUndefined();
    expect(await backup.settled).toBe("succeeded");
    // The simulator counts the backup for every key the file included.
    expect(sim.listKeys(info.storageDeviceId).map((key) => key.numOfBackups)).toEqual(
      before.map((key) => key.numOfBackups + 1),
    );

    const second = await check();
    expect(second).toMatchObject({ keyCount, notBackedUpCount: 0, notBackedUp: [] });
    expect(second.lastSuccessAt).toEqual(expect.any(String));
    expect(sim.openSessions(info.storageDeviceId)).toBe(0);
    expect((await getFleet({ db: t.db })).systems[0]).toMatchObject({
      status: "up-to-date",
      keyCheck: { at: second.at, keyCount, notBackedUp: 0 },
      lastSuccess: { backupId: backup.backupId, username: operator.username },
    });
    expect(await latestKeyCheck({ db: t.db, systemId: system.id })).toEqual(second);

    sim.addKeys(info.storageDeviceId, 1);
    const third = await check();
    expect(third.notBackedUpCount).toBe(1);
    expect(third.notBackedUp[0]).toMatchObject({ keyType: "FREE", numOfBackups: 0 });
    expect((await getFleet({ db: t.db })).systems[0]?.status).toBe("keys-not-backed-up");
    expect(sim.openSessions(info.storageDeviceId)).toBe(0);

    const audited = (await auditActions(t.db, system.id)).filter((event) => event.action === "keys.checked");
    expect(audited.map((event) => event.detail)).toEqual([
      { keyCheckId: first.id, keyCount, notBackedUpCount: first.notBackedUpCount },
      { keyCheckId: second.id, keyCount, notBackedUpCount: 0 },
      { keyCheckId: third.id, keyCount: keyCount + 1, notBackedUpCount: 1 },
    ]);
  });

  it("maps storage refusals like a connection test, audits them, and stores no password", async () => {
    const latest = await latestKeyCheck({ db: t.db, systemId: system.id });
    await expectAppError(check({ username: VIEW.username, password: WRONG_PASSWORD }), "STORAGE_AUTH_FAILED", 422);
    const denied = await expectAppError(check(NONE), "STORAGE_PERMISSION_DENIED", 422);
    expect(denied.message).toContain("Security Administrator (View Only)");
    expect(sim.openSessions(info.storageDeviceId)).toBe(0);
    expect(await latestKeyCheck({ db: t.db, systemId: system.id })).toEqual(latest);
    const failures = (await auditActions(t.db, system.id)).filter(
      (event) => event.action === "keys.checked" && event.outcome === "failure",
    );
    expect(failures.map((event) => event.detail?.kind)).toEqual(["auth", "permission"]);
    const stored = await everythingStored(t.db, kind === "postgres" ? t.location : undefined);
    for (const secret of [WRONG_PASSWORD, VIEW.password, MODIFY.password, NONE.password]) {
      expect(stored).not.toContain(secret);
      expect(logs.text()).not.toContain(secret);
    }
  });

  it("needs an operator, an active system, and answers null before any check", async () => {
    await expectAppError(check(VIEW, { ...operator, role: "viewer" }), "FORBIDDEN", 403);
    const other = await registerSimSystem(t.db, sim, info, { name: `other ${kind}` });
    expect(await latestKeyCheck({ db: t.db, systemId: other.id })).toBeNull();
    await markSystemRemoved(t.db, other.id, new Date().toISOString());
    await expectAppError(
      checkKeys({
        db: t.db,
        actor: operator,
        systemId: other.id,
        input: { storageUsername: "a", storagePassword: "b" },
      }),
      "CONFLICT",
      409,
    );
    await expectAppError(
      latestKeyCheck({ db: t.db, systemId: "00000000-0000-4000-8000-000000000000" }),
      "NOT_FOUND",
      404,
    );
  });
});
