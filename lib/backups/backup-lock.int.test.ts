import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { findBackup, finishBackup } from "@/lib/db/backups";
import { insertSystem, type StorageSystem } from "@/lib/db/storage-systems";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { AppError } from "@/lib/errors";

import { claimBackupSlot, portalInstanceId, startHeartbeat } from "./backup-lock";
import { expectAppError } from "./test-support";

describe.each(TEST_DATABASES)("the backup slot on $kind", ({ kind, open }) => {
  let t: TestDatabase;
  let system: StorageSystem;
  const actor = { id: "u-1", username: "olivia", clientIp: null };

  beforeAll(async () => {
    t = await open();
    system = await insertSystem(t.db, {
      name: `E990 ${kind}`,
      baseUrl: "https://192.0.2.1/ConfigurationManager",
      trustKind: "ca",
    });
    // The user id has a foreign key; the slot does not care who the user is.
    await t.db
      .insertInto("users")
      .values({
        id: "u-1",
        username: "olivia",
        username_key: "olivia",
        password_hash: "x",
        role: "operator",
        disabled: 0,
        created_at: "",
        updated_at: "",
        password_changed_at: "",
      })
      .execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("gives the slot to exactly one of many concurrent claims", async () => {
    const now = new Date();
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => claimBackupSlot(t.db, { id: `c-${i}`, system, actor, now })),
    );
    const won = results.filter((result) => result.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") {
        expect(result.reason).toBeInstanceOf(AppError);
        expect((result.reason as AppError).code).toBe("BACKUP_IN_PROGRESS");
      }
    }
    const winner = (won[0] as PromiseFulfilledResult<{ id: string; instanceId: string }>).value;
    expect(winner.instanceId).toBe(portalInstanceId());
    await finishBackup(t.db, winner.id, { status: "cancelled", finishedAt: now.toISOString(), durationMs: 0 });
  });

  it("leaves a claim with a fresh heartbeat alone, and takes over a stale one", async () => {
    const then = new Date("2026-06-01T10:00:00.000Z");
    await claimBackupSlot(t.db, { id: "old", system, actor, now: then });
    const oneMinuteLater = new Date(then.getTime() + 60_000);
    const error = await expectAppError(
      claimBackupSlot(t.db, {
        id: "new",
        system,
        actor: { id: "u-1", username: "bob", clientIp: null },
        now: oneMinuteLater,
      }),
      "BACKUP_IN_PROGRESS",
      409,
    );
    expect(error.message).toBe(
      `A backup of E990 ${kind} is already running (started by olivia at 2026-06-01 10:00:00 UTC). Wait for it to finish.`,
    );

    const threeMinutesLater = new Date(then.getTime() + 3 * 60_000);
    const taken = await claimBackupSlot(t.db, { id: "new", system, actor, now: threeMinutesLater });
    expect(taken.status).toBe("running");
    expect(await findBackup(t.db, system.id, "old")).toMatchObject({
      status: "interrupted",
      finishedAt: threeMinutesLater.toISOString(),
    });
  });

  it("heartbeats until stopped, and stops by itself once the backup has ended", async () => {
    const before = (await findBackup(t.db, system.id, "new"))!.heartbeatAt;
    const heartbeat = startHeartbeat(t.db, "new", 20);
    await vi.waitFor(async () => expect((await findBackup(t.db, system.id, "new"))!.heartbeatAt > before).toBe(true));
    heartbeat.stop();
    const stopped = (await findBackup(t.db, system.id, "new"))!.heartbeatAt;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await findBackup(t.db, system.id, "new"))!.heartbeatAt).toBe(stopped);

    const spy = vi.spyOn(globalThis, "clearInterval");
    try {
      startHeartbeat(t.db, "new", 20);
      await finishBackup(t.db, "new", { status: "cancelled", finishedAt: new Date().toISOString(), durationMs: 0 });
      await vi.waitFor(() => expect(spy).toHaveBeenCalled());
    } finally {
      spy.mockRestore();
    }
  });
});
