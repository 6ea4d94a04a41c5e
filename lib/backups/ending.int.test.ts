import { describe, expect, it } from "vitest";

import { findBackup, listBackups } from "@/lib/db/backups";
import { TEST_DATABASES } from "@/lib/db/test-databases";

import { refuseAudits, setUpBackupLab, setUpBackupSuite } from "./run-backup-suite";
import { auditActions, drain, expectAppError } from "./test-support";

/* The start of a backup (BackupRecord.open): its claim and its audit event, in one commit, before the array is called. */

const lab = setUpBackupLab();

describe.each(TEST_DATABASES)("the start of a backup on $kind", ({ kind, open }) => {
  const s = setUpBackupSuite(lab, kind, open);

  it("has its running row and its audit event committed before the storage system hears of it", async () => {
    // The array holds its answer to the session back: meanwhile, the portal has called it.
    lab.sim.setFault(lab.e990.storageDeviceId, { type: "delay-headers", ms: 400, on: "session-create" });
    const requests = lab.requests.length;
    const started = s.run(s.systems.e990);
    await expect
      .poll(() => lab.sim.openSessions(lab.e990.storageDeviceId), { timeout: 2_000, interval: 5 })
      .toBeGreaterThan(0);
    expect(lab.requests.slice(requests)).toEqual([]);
    const [running] = (await listBackups(s.t.db, s.systems.e990.id, { limit: 1, status: "running" })).items;
    expect(running).toBeDefined();
    expect((await auditActions(s.t.db, running!.id)).map((event) => event.action)).toEqual(["backup.started"]);

    const backup = await started;
    expect(backup.backupId).toBe(running!.id);
    expect((await drain(backup.stream)).error).toBeUndefined();
    expect(await backup.settled).toBe("succeeded");
  });

  it("does not run when its start cannot be audited: the array is never called and the row is failed", async () => {
    const restore = await refuseAudits(s.t.db, "backup.started");
    try {
      const requests = lab.requests.length;
      await expectAppError(s.run(s.systems.e990), "INTERNAL", 500);
      expect(lab.requests.slice(requests)).toEqual([]);
      const [row] = (await listBackups(s.t.db, s.systems.e990.id, { limit: 1 })).items;
      expect(row).toMatchObject({ status: "failed", errorCode: "INTERNAL" });
      expect((await auditActions(s.t.db, row!.id)).map((event) => event.action)).toEqual(["backup.failed"]);
      // The slot is free again.
      expect(await findBackup(s.t.db, s.systems.e990.id, row!.id)).toMatchObject({ finishedAt: expect.any(String) });
    } finally {
      await restore();
    }
    const next = await s.run(s.systems.e990);
    expect((await drain(next.stream)).error).toBeUndefined();
    expect(await next.settled).toBe("succeeded");
  });
});
