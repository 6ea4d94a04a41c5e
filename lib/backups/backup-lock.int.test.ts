import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { findBackup, finishBackup } from "@/lib/db/backups";
import { insertSystem, type StorageSystem } from "@/lib/db/storage-systems";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { AppError } from "@/lib/errors";

import { claimBackupSlot, portalInstanceId, startHeartbeat, type Heartbeat } from "./backup-lock";
import { databaseTimes } from "./db-clock";
import { expectAppError } from "./test-support";

describe.each(TEST_DATABASES)("the backup slot on $kind", ({ kind, open }) => {
  let t: TestDatabase;
  let system: StorageSystem;
  let other: StorageSystem;
  const end = (id: string) =>
    finishBackup(t.db, id, { status: "cancelled", finishedAt: new Date().toISOString(), durationMs: 0 });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
  const actor = { id: "u-1", username: "olivia", clientIp: null };

  beforeAll(async () => {
    t = await open();
    system = await insertSystem(t.db, {
      name: `E990 ${kind}`,
      baseUrl: "https://192.0.2.1/ConfigurationManager",
      trustKind: "ca",
    });
    other = await insertSystem(t.db, {
      name: `E990 other ${kind}`,
      baseUrl: "https://192.0.2.2/ConfigurationManager",
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
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => claimBackupSlot(t.db, { id: `c-${i}`, system, actor })),
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
    await end(winner.id);
  });

  it("leaves a claim with a fresh heartbeat alone, and takes over a stale one", async () => {
    const old = await claimBackupSlot(t.db, { id: "old", system, actor });
    const error = await expectAppError(
      claimBackupSlot(t.db, { id: "new", system, actor: { id: "u-1", username: "bob", clientIp: null } }),
      "BACKUP_IN_PROGRESS",
      409,
    );
    expect(error.message).toBe(
      `A backup of E990 ${kind} is already running (started by olivia at ${old.startedAt.slice(0, 10)} ${old.startedAt.slice(11, 19)} UTC). Wait for it to finish.`,
    );

    // Its instance died three minutes ago (on the database's clock).
    const { staleBefore } = await databaseTimes(t.db, 3 * 60_000);
    await t.db.updateTable("backups").set({ heartbeat_at: staleBefore }).where("id", "=", "old").execute();
    const taken = await claimBackupSlot(t.db, { id: "new", system, actor });
    expect(taken.status).toBe("running");
    expect(await findBackup(t.db, system.id, "old")).toMatchObject({ status: "interrupted" });
    await end("new");
  });

  it("records start and heartbeats on the database's clock, whatever the instance's clock says", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() - 3_600_000);
      const claimed = await claimBackupSlot(t.db, { id: "skewed", system, actor });
      vi.useRealTimers();
      expect(Math.abs(Date.parse(claimed.startedAt) - Date.now())).toBeLessThan(60_000);
      expect(claimed.heartbeatAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    } finally {
      vi.useRealTimers();
    }
    await end("skewed");
  });

  it("two instances with skewed clocks: a claim whose heartbeat is written is never taken, a dead one is", async () => {
    const staleAfterMs = 400;
    vi.useFakeTimers({ toFake: ["Date"] });
    let heartbeat: Heartbeat | undefined;
    try {
      // Instance A runs an hour behind; instance B an hour ahead.
      const real = Date.now();
      vi.setSystemTime(real - 3_600_000);
      await claimBackupSlot(t.db, { id: "live", system, actor, staleAfterMs });
      heartbeat = startHeartbeat(t.db, "live", 25);
      vi.setSystemTime(real + 3_600_000);
      for (let attempt = 0; attempt < 6; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, staleAfterMs / 2));
        await expectAppError(
          claimBackupSlot(t.db, { id: `b-${attempt}`, system, actor, staleAfterMs }),
          "BACKUP_IN_PROGRESS",
          409,
        );
      }
      expect((await findBackup(t.db, system.id, "live"))?.status).toBe("running");

      // A's heartbeat stops (its instance died): once stale on the database's clock, B takes over.
      heartbeat.stop();
      await new Promise((resolve) => setTimeout(resolve, staleAfterMs + 200));
      const taken = await claimBackupSlot(t.db, { id: "b-taken", system, actor, staleAfterMs });
      expect(taken.status).toBe("running");
      expect((await findBackup(t.db, system.id, "live"))?.status).toBe("interrupted");
    } finally {
      heartbeat?.stop();
      vi.useRealTimers();
    }
    await end("b-taken");
  });

  it("stops this backup's heartbeat when stopped, and by itself once its backup has ended", async () => {
    await claimBackupSlot(t.db, { id: "hb", system, actor });
    await claimBackupSlot(t.db, { id: "hb-other", system: other, actor });
    const heartbeatOf = async (id: string, of = system) => (await findBackup(t.db, of.id, id))!.heartbeatAt;
    const otherHeartbeat = startHeartbeat(t.db, "hb-other", 20);
    try {
      const before = await heartbeatOf("hb");
      const heartbeat = startHeartbeat(t.db, "hb", 20);
      await vi.waitFor(async () => expect((await heartbeatOf("hb")) > before).toBe(true));
      heartbeat.stop();
      expect(heartbeat.active).toBe(false);
      await settle();
      const stopped = await heartbeatOf("hb");
      const beats = heartbeat.beats;
      await settle();
      expect(await heartbeatOf("hb")).toBe(stopped);
      expect(heartbeat.beats).toBe(beats);

      // Ended elsewhere: this heartbeat notices and stops; the other backup's keeps going.
      const again = startHeartbeat(t.db, "hb", 20);
      await vi.waitFor(() => expect(again.beats).toBeGreaterThan(0));
      await end("hb");
      await vi.waitFor(() => expect(again.active).toBe(false));
      const endedBeats = again.beats;
      const otherBefore = await heartbeatOf("hb-other", other);
      await settle();
      expect(again.beats).toBe(endedBeats);
      expect(otherHeartbeat.active).toBe(true);
      expect(await heartbeatOf("hb-other", other)).not.toBe(otherBefore);
    } finally {
      otherHeartbeat.stop();
      await end("hb-other");
    }
  });
});
