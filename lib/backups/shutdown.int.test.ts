import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { listBackups } from "@/lib/db/backups";
import { TEST_DATABASES } from "@/lib/db/test-databases";

import { setUpBackupLab, setUpBackupSuite } from "./run-backup-suite";
import { transferRegistry } from "./shutdown";
import { auditActions, drain, expectAppError } from "./test-support";

/*
 * runBackup while the portal shuts down (the registry's drain, as SIGTERM runs it): no new backup,
 * a running one finishes within the grace period, one still running after it is stopped with its
 * storage session discarded and its row "interrupted". The signal handling itself and the real
 * process: shutdown.test.ts and shutdown.rel.test.ts.
 */

const lab = setUpBackupLab();
const holder = globalThis as { __keyBackupPortalTransfers?: unknown };
const IDENTITY_ANSWERED = /GET \/ConfigurationManager\/v1\/objects\/storages\/instance 200$/;

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(TEST_DATABASES)("runBackup during a shutdown on $kind", ({ kind, open }) => {
  const s = setUpBackupSuite(lab, kind, open);
  // Each test drains a registry of its own; the process's stays untouched for the other files.
  beforeEach(() => {
    delete holder.__keyBackupPortalTransfers;
    lab.requests.length = 0;
  });
  afterEach(() => {
    delete holder.__keyBackupPortalTransfers;
  });

  async function lastRow() {
    const [row] = (await listBackups(s.t.db, s.systems.e990.id, { limit: 1 })).items;
    return row!;
  }

  it("refuses a backup once draining has begun, with SHUTTING_DOWN and no row", async () => {
    const before = await lastRow();
    await transferRegistry().drain(0);
    const error = await expectAppError(s.run(s.systems.e990), "SHUTTING_DOWN", 503);
    expect(error.message).toMatch(/^This portal instance is shutting down.*Try again in a moment/);
    expect(await lastRow()).toEqual(before);
  });

  it("lets a backup that ends within the grace period finish as usual", async () => {
    lab.sim.setFault(lab.e990.storageDeviceId, { type: "slow-drip", bytesPerChunk: 1024, intervalMs: 20 });
    const backup = await s.run(s.systems.e990);
    const drained = transferRegistry().drain(60_000);
    const { error } = await drain(backup.stream);
    expect(error).toBeUndefined();
    expect(await drained).toEqual({ finished: 1, aborted: 0, unsettled: 0 });
    expect(await backup.settled).toBe("succeeded");
    expect((await lastRow()).status).toBe("succeeded");
    s.expectNoOpenSessions();
  });

  it("stops a backup still waiting for its key file: SHUTTING_DOWN, session discarded, row interrupted", async () => {
    lab.sim.setFault(lab.e990.storageDeviceId, { type: "delay-headers", ms: 30_000 });
    const pending = s.run(s.systems.e990);
    await until("the identity answered", () => lab.requests.some((line) => IDENTITY_ANSWERED.test(line)));
    const drained = transferRegistry().drain(0);
    const error = await expectAppError(pending, "SHUTTING_DOWN", 503);
    expect(error.message).toMatch(/^The portal shut down before the download started/);
    expect(await drained).toEqual({ finished: 0, aborted: 1, unsettled: 0 });
    s.expectNoOpenSessions();
    const row = await lastRow();
    expect(row).toMatchObject({ status: "interrupted", errorCode: "INTERRUPTED", finishedAt: expect.any(String) });
    expect((await auditActions(s.t.db, row.id)).map((event) => [event.action, event.actor])).toEqual([
      ["backup.started", s.actor.username],
      ["backup.interrupted", null],
    ]);
  });

  it("stops a backup in the middle of its key file: the stream errors, session discarded, row interrupted", async () => {
    lab.sim.setFault(lab.e990.storageDeviceId, { type: "slow-drip", bytesPerChunk: 64, intervalMs: 200 });
    const backup = await s.run(s.systems.e990);
    const reader = backup.stream.getReader();
    expect((await reader.read()).value?.byteLength).toBeGreaterThan(0);
    const drained = transferRegistry().drain(0);
    await expect(reader.read()).rejects.toThrow(/shutting down/);
    expect(await drained).toEqual({ finished: 0, aborted: 1, unsettled: 0 });
    expect(await backup.settled).toBe("cancelled");
    s.expectNoOpenSessions();
    expect(await lastRow()).toMatchObject({ id: backup.backupId, status: "interrupted", errorCode: "INTERRUPTED" });
    expect((await auditActions(s.t.db, backup.backupId)).map((event) => event.action)).toEqual([
      "backup.started",
      "backup.interrupted",
    ]);
  });
});
