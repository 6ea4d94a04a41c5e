import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Actor } from "@/lib/actor";
import { writeSetting } from "@/lib/db/settings";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { insertUser } from "@/lib/db/users";
import { auditActions, expectAppError } from "@/lib/systems/test-support";
import { captureLogs } from "@/lib/test-support/auth";

import { getSettings, updateSettings } from "./settings";

describe.each(TEST_DATABASES)("portal settings on $kind", ({ kind, open }) => {
  let t: TestDatabase;
  let admin: Actor;
  let logs: ReturnType<typeof captureLogs>;
  beforeAll(async () => {
    logs = captureLogs();
    t = await open();
    const user = await insertUser(t.db, { username: `ada-${kind}`, passwordHash: "x", role: "admin" });
    admin = { id: user.id, username: user.username, role: "admin", clientIp: "192.0.2.9" };
  });
  afterAll(async () => {
    logs?.restore();
    await t?.close();
  });

  it("defaults to a 30-day backup interval", async () => {
    expect(await getSettings({ db: t.db })).toEqual({ backupIntervalDays: 30 });
  });

  it("lets an admin change it, audited with the old and the new value", async () => {
    expect(await updateSettings({ db: t.db, actor: admin, input: { backupIntervalDays: 7 } })).toEqual({
      backupIntervalDays: 7,
    });
    expect(await getSettings({ db: t.db })).toEqual({ backupIntervalDays: 7 });
    await updateSettings({ db: t.db, actor: admin, input: { backupIntervalDays: 14 } });
    const changes = (await auditActions(t.db)).filter((event) => event.action === "settings.changed");
    expect(changes.map(({ outcome, actor, detail }) => ({ outcome, actor, detail }))).toEqual([
      { outcome: "success", actor: admin.username, detail: { backupIntervalDays: { old: 30, new: 7 } } },
      { outcome: "success", actor: admin.username, detail: { backupIntervalDays: { old: 7, new: 14 } } },
    ]);
  });

  it("records nothing when nothing changes", async () => {
    const before = (await auditActions(t.db)).length;
    expect(await updateSettings({ db: t.db, actor: admin, input: { backupIntervalDays: 14 } })).toEqual({
      backupIntervalDays: 14,
    });
    expect((await auditActions(t.db)).length).toBe(before);
  });

  it("refuses other roles and values out of range", async () => {
    for (const role of ["viewer", "operator"] as const) {
      await expectAppError(
        updateSettings({ db: t.db, actor: { ...admin, role }, input: { backupIntervalDays: 1 } }),
        "FORBIDDEN",
        403,
      );
    }
    for (const backupIntervalDays of [0, 367, 1.5]) {
      await expectAppError(
        updateSettings({ db: t.db, actor: admin, input: { backupIntervalDays } }),
        "VALIDATION_FAILED",
        400,
      );
    }
    expect(await getSettings({ db: t.db })).toEqual({ backupIntervalDays: 14 });
  });

  it("falls back to the default for a stored value that is not valid", async () => {
    await writeSetting(t.db, "backupIntervalDays", "soon", { now: new Date().toISOString(), updatedBy: null });
    expect(await getSettings({ db: t.db })).toEqual({ backupIntervalDays: 30 });
    expect(logs.text()).toContain("settings.unreadable");
  });
});
