import { describe, expect, it, vi } from "vitest";

import { findBackup, insertRunningBackup, markInterrupted } from "@/lib/db/backups";
import { TEST_DATABASES } from "@/lib/db/test-databases";

import { recoverInterruptedBackups } from "./recover-interrupted";
import { setUpBackupLab, setUpBackupSuite } from "./run-backup-suite";
import { auditActions, BACKUP_PASSWORD, drain, everythingStored, expectAppError, STORAGE_ADMIN } from "./test-support";

/* runBackup once the download has started, one backup per system at a time, and recovery at start-up. */

const lab = setUpBackupLab();

describe.each(TEST_DATABASES)("runBackup on $kind", ({ kind, open }) => {
  const s = setUpBackupSuite(lab, kind, open);

  describe("one backup per system at a time", () => {
    it("refuses a second backup while one is streaming, and allows one after it ended", async () => {
      const first = await s.run(s.systems.e990);
      const error = await expectAppError(s.run(s.systems.e990), "BACKUP_IN_PROGRESS", 409);
      expect(error.message).toMatch(
        new RegExp(
          `^A backup of E990 lab is already running \\(started by ${s.actor.username} at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\)\\. Wait for it to finish\\.$`,
        ),
      );
      // Another system is not held up.
      const other = await s.run(s.systems.big);
      await drain(other.stream);

      await drain(first.stream);
      expect(await first.settled).toBe("succeeded");
      const third = await s.run(s.systems.e990);
      await drain(third.stream);
      expect(await third.settled).toBe("succeeded");
    });

    it("takes over a claim whose heartbeat went stale, marking it interrupted", async () => {
      const staleAt = new Date(Date.now() - 10 * 60_000).toISOString();
      await insertRunningBackup(s.t.db, {
        id: `stale-${kind}`,
        systemId: s.systems.e990.id,
        userId: null,
        username: "ghost",
        instanceId: "instance-that-died",
        clientIp: null,
        now: staleAt,
      });
      const backup = await s.run(s.systems.e990);
      await drain(backup.stream);
      expect(await backup.settled).toBe("succeeded");
      expect(await findBackup(s.t.db, s.systems.e990.id, `stale-${kind}`)).toMatchObject({
        status: "interrupted",
        errorCode: "INTERRUPTED",
      });
    });
  });

  describe("errors after the first byte", () => {
    it("a body that ends short errors the stream and fails the backup", async () => {
      lab.sim.setFault(lab.big.storageDeviceId, { type: "truncate", afterBytes: 100_000 });
      const backup = await s.run(s.systems.big);
      const { bytes, error } = await drain(backup.stream);
      expect(error).toBeDefined();
      expect(bytes.length).toBeLessThanOrEqual(100_000);
      expect(await backup.settled).toBe("failed");
      const row = await findBackup(s.t.db, s.systems.big.id, backup.backupId);
      expect(row).toMatchObject({
        status: "failed",
        errorCode: "STORAGE_ERROR",
        bytes: bytes.length,
        sha256: null,
        fileName: null,
      });
      expect(row?.errorMessage).toMatch(/broke off|ended after/);
      expect((await auditActions(s.t.db, backup.backupId)).map((event) => event.action)).toEqual([
        "backup.started",
        "backup.failed",
      ]);
    });

    it("a connection reset mid-body errors the stream and fails the backup", async () => {
      lab.sim.setFault(lab.big.storageDeviceId, { type: "reset", afterBytes: 100_000 });
      const backup = await s.run(s.systems.big);
      const { error } = await drain(backup.stream);
      expect(error).toBeDefined();
      expect(await backup.settled).toBe("failed");
      expect(await findBackup(s.t.db, s.systems.big.id, backup.backupId)).toMatchObject({
        status: "failed",
        errorCode: "STORAGE_ERROR",
      });
    });

    it("a stalled transfer times out, errors the stream and fails the backup", async () => {
      lab.sim.setFault(lab.big.storageDeviceId, { type: "slow-drip", bytesPerChunk: 16 * 1024, intervalMs: 1500 });
      const backup = await s.run(s.systems.big, { timeouts: { bodyIdleMs: 300 } });
      const { error } = await drain(backup.stream);
      expect(error).toBeDefined();
      expect(await backup.settled).toBe("failed");
      expect(await findBackup(s.t.db, s.systems.big.id, backup.backupId)).toMatchObject({
        status: "failed",
        errorCode: "STORAGE_TIMEOUT",
      });
    });

    it("the reader cancelling mid-transfer cancels the backup and discards the session", async () => {
      lab.sim.setFault(lab.big.storageDeviceId, { type: "slow-drip", bytesPerChunk: 4096, intervalMs: 20 });
      const backup = await s.run(s.systems.big);
      const reader = backup.stream.getReader();
      const first = await reader.read();
      await reader.cancel("user closed the tab");
      expect(await backup.settled).toBe("cancelled");
      s.expectNoOpenSessions();
      const row = await findBackup(s.t.db, s.systems.big.id, backup.backupId);
      expect(row).toMatchObject({ status: "cancelled", sha256: null, fileName: null });
      expect(row?.bytes).toBeGreaterThanOrEqual(first.value?.byteLength ?? 0);
      expect((await auditActions(s.t.db, backup.backupId)).map((event) => `${event.action} ${event.outcome}`)).toEqual([
        "backup.started success",
        "backup.cancelled failure",
      ]);
    });

    it("does not end the stream as complete when the row was already ended elsewhere", async () => {
      const backup = await s.run(s.systems.e990);
      // Another instance took the claim over as stale while this one streamed.
      await markInterrupted(s.t.db, { now: new Date().toISOString(), id: backup.backupId });
      const { error } = await drain(backup.stream);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/could not record this backup as complete/);
      expect(await backup.settled).toBe("failed");
      expect(await findBackup(s.t.db, s.systems.e990.id, backup.backupId)).toMatchObject({
        status: "interrupted",
        sha256: null,
      });
    });

    it("the request's signal aborting mid-transfer cancels the backup and errors the stream", async () => {
      lab.sim.setFault(lab.big.storageDeviceId, { type: "slow-drip", bytesPerChunk: 4096, intervalMs: 20 });
      const controller = new AbortController();
      const backup = await s.run(s.systems.big, { signal: controller.signal });
      const reader = backup.stream.getReader();
      await reader.read();
      const pending = reader.read().then(() => reader.read());
      controller.abort();
      await expect(pending).rejects.toThrow();
      expect(await backup.settled).toBe("cancelled");
      expect(await findBackup(s.t.db, s.systems.big.id, backup.backupId)).toMatchObject({ status: "cancelled" });
    });
  });

  describe("a browser that stops reading", () => {
    it("fails the backup once no byte could be delivered for bodyIdleMs, freeing the slot and the session", async () => {
      const backup = await s.run(s.systems.big, { timeouts: { bodyIdleMs: 300 } });
      const reader = backup.stream.getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      // The browser stops reading here, without cancelling: the download is stalled.
      expect(await backup.settled).toBe("failed");
      const row = await findBackup(s.t.db, s.systems.big.id, backup.backupId);
      expect(row).toMatchObject({ status: "failed", errorCode: "STORAGE_TIMEOUT", sha256: null });
      expect(row?.errorMessage).toMatch(/^The download stalled in the browser/);
      expect(row?.bytes).toBeGreaterThan(0);
      await expect(reader.read()).rejects.toThrow(/stalled in the browser/);
      expect((await auditActions(s.t.db, backup.backupId)).map((event) => `${event.action} ${event.outcome}`)).toEqual([
        "backup.started success",
        "backup.failed failure",
      ]);
      await vi.waitFor(() => expect(lab.sim.openSessions(lab.big.storageDeviceId)).toBe(0));
      // The slot is free: the next backup runs.
      const next = await s.run(s.systems.big);
      expect((await drain(next.stream)).error).toBeUndefined();
      expect(await next.settled).toBe("succeeded");
    });

    it("leaves a slow reader alone as long as it keeps reading", async () => {
      const backup = await s.run(s.systems.big, { timeouts: { bodyIdleMs: 300 } });
      const reader = backup.stream.getReader();
      for (;;) {
        const { done } = await reader.read();
        if (done) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await backup.settled).toBe("succeeded");
    });
  });

  describe("recovery at start-up", () => {
    it(
      kind === "sqlite"
        ? "marks every running backup interrupted (only this process uses the file)"
        : "marks only running backups with a stale heartbeat interrupted (other instances may share the database)",
      async () => {
        const now = new Date();
        const fresh = new Date(now.getTime() - 10_000).toISOString();
        const stale = new Date(now.getTime() - 5 * 60_000).toISOString();
        await insertRunningBackup(s.t.db, {
          id: `fresh-${kind}`,
          systemId: s.systems.g370.id,
          userId: s.actor.id,
          username: s.actor.username,
          instanceId: "other",
          clientIp: null,
          now: fresh,
        });
        await insertRunningBackup(s.t.db, {
          id: `old-${kind}`,
          systemId: s.systems.wrongPin.id,
          userId: s.actor.id,
          username: s.actor.username,
          instanceId: "gone",
          clientIp: null,
          now: stale,
        });

        const recovered = await recoverInterruptedBackups(s.t.db, { now });
        const expected = kind === "sqlite" ? [`fresh-${kind}`, `old-${kind}`] : [`old-${kind}`];
        expect(recovered.map((backup) => backup.id).sort()).toEqual(expected);
        expect(await findBackup(s.t.db, s.systems.wrongPin.id, `old-${kind}`)).toMatchObject({
          status: "interrupted",
          finishedAt: now.toISOString(),
          errorCode: "INTERRUPTED",
        });
        expect((await findBackup(s.t.db, s.systems.g370.id, `fresh-${kind}`))?.status).toBe(
          kind === "sqlite" ? "interrupted" : "running",
        );
        expect((await auditActions(s.t.db, `old-${kind}`)).map((event) => `${event.action} ${event.outcome}`)).toEqual([
          "backup.interrupted failure",
        ]);
        // Leave no claim behind for the tests after this one.
        await recoverInterruptedBackups(s.t.db, { now, staleAfterMs: 0 });
      },
    );
  });

  it("never stores or logs a password", async () => {
    const stored = await everythingStored(s.t.db, s.t.location);
    const logged = lab.logs.text();
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [STORAGE_ADMIN.password, BACKUP_PASSWORD]) {
      expect(stored).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
  });
});
