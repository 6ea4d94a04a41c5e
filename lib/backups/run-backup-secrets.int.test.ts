import { describe, expect, it } from "vitest";

import { listBackups } from "@/lib/db/backups";
import type { StorageSystem } from "@/lib/db/storage-systems";
import { TEST_DATABASES } from "@/lib/db/test-databases";
import type { AppError } from "@/lib/errors";
import type { SimSystemInfo, SimSystemSettings } from "@/lib/simulator/types";

import { setUpBackupLab, setUpBackupSuite } from "./run-backup-suite";
import { auditActions, BACKUP_PASSWORD, backupInput, everythingStored, expectAppError } from "./test-support";

/*
 * An array that repeats the typed password in its error (the simulator's echoPasswordInErrors):
 * the portal's answer, the history row, the audit trail and the log never carry it.
 */

const lab = setUpBackupLab();
const WRONG_STORAGE_PASSWORD = "Echoed-Storage-Pass3";

async function withSettings(system: SimSystemInfo, settings: SimSystemSettings, body: () => Promise<void>) {
  const initial = lab.sim.settings(system.storageDeviceId);
  lab.sim.updateSettings(system.storageDeviceId, { echoPasswordInErrors: true, ...settings });
  try {
    await body();
  } finally {
    lab.sim.updateSettings(system.storageDeviceId, initial);
  }
}

describe.each(TEST_DATABASES)("runBackup against an array that echoes passwords, on $kind", ({ kind, open }) => {
  const s = setUpBackupSuite(lab, kind, open);

  /** The answer, its row and its audit trail: the array's words are there, the secret is not. */
  async function expectScrubbed(error: AppError, system: StorageSystem, secret: string) {
    const answer = JSON.stringify({ message: error.message, extra: error.extra });
    // The array did echo it (else this test could not fail): it shows as redacted.
    expect(answer).toContain("[redacted]");
    expect(answer).not.toContain(secret);
    const [row] = (await listBackups(s.t.db, system.id, { limit: 1 })).items;
    expect(row?.status).toBe("failed");
    expect(row?.errorMessage).toBe(error.message);
    expect(JSON.stringify(row)).not.toContain(secret);
    const audit = await auditActions(s.t.db, row!.id);
    expect(audit.map((event) => event.action)).toEqual(["backup.started", "backup.failed"]);
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(lab.logs.text()).not.toContain(secret);
    expect(await everythingStored(s.t.db, s.t.location)).not.toContain(secret);
  }

  it("a refused session: the storage password is scrubbed", async () => {
    await withSettings(lab.e990, {}, async () => {
      const error = await expectAppError(
        s.run(s.systems.e990, { input: backupInput({ username: "secadmin", password: WRONG_STORAGE_PASSWORD }) }),
        "STORAGE_AUTH_FAILED",
        422,
      );
      expect(error.extra.storage?.solution).toContain("[redacted]");
      await expectScrubbed(error, s.systems.e990, WRONG_STORAGE_PASSWORD);
    });
  });

  it("a refused backup (another application holds the array): the backup password is scrubbed", async () => {
    await withSettings(lab.e990, { heldByOtherApplication: true }, async () => {
      const error = await expectAppError(s.run(s.systems.e990), "STORAGE_BUSY", 503);
      expect(error.extra.storage?.messageId).toBe("KART30008-E");
      expect(error.extra.storage?.message).toContain("[redacted]");
      await expectScrubbed(error, s.systems.e990, BACKUP_PASSWORD);
    });
  });

  it("the array's 412, quoted in the message: the backup password is scrubbed", async () => {
    await withSettings(lab.g370, {}, async () => {
      const error = await expectAppError(s.run(s.systems.g370), "MICROCODE_UNSUPPORTED", 412);
      expect(error.message).toContain("[redacted]");
      await expectScrubbed(error, s.systems.g370, BACKUP_PASSWORD);
    });
  });

  it(`never stores or logs a password (${kind})`, async () => {
    const stored = await everythingStored(s.t.db, s.t.location);
    for (const secret of [WRONG_STORAGE_PASSWORD, BACKUP_PASSWORD]) {
      expect(stored).not.toContain(secret);
      expect(lab.logs.text()).not.toContain(secret);
    }
  });
});
