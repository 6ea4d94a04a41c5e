import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";

import { findBackup, listBackups } from "@/lib/db/backups";
import { markSystemRemoved, updateSystemIdentity } from "@/lib/db/storage-systems";
import { TEST_DATABASES } from "@/lib/db/test-databases";

import { BackupCancelledError } from "./run-backup";
import { expectedFile, PADDING, setUpBackupLab, setUpBackupSuite } from "./run-backup-suite";
import {
  auditActions,
  BACKUP_PASSWORD,
  backupInput,
  drain,
  everythingStored,
  expectAppError,
  holdLock,
  registerSimSystem,
  STORAGE_ADMIN,
  STORAGE_VIEWER,
} from "./test-support";

/* runBackup up to its first byte: the success path, and every refusal before the download starts. */

const WRONG_STORAGE_PASSWORD = "Wrong-Storage-Pass9";
const lab = setUpBackupLab();
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe.each(TEST_DATABASES)("runBackup on $kind", ({ kind, open }) => {
  const s = setUpBackupSuite(lab, kind, open);

  describe("a successful backup", () => {
    it("streams the key file, records it as succeeded before the stream ends, and discards the session", async () => {
      const before = lab.sim.listKeys(lab.e990.storageDeviceId);
      const expected = expectedFile(lab, lab.e990);
      const backup = await s.run(s.systems.e990);
      expect(backup.fileName).toMatch(/^E990_lab_412345_\d{8}T\d{6}Z_[0-9a-f]{8}\.ekf$/);
      expect(backup.fileName).toContain(`_${backup.backupId.slice(0, 8)}.ekf`);
      expect(backup.contentDisposition).toBe(
        `attachment; filename="${backup.fileName}"; filename*=UTF-8''${backup.fileName}`,
      );
      expect(backup.expectedBytes).toBe(expected.length);
      expect((await findBackup(s.t.db, s.systems.e990.id, backup.backupId))?.status).toBe("running");

      const { bytes, error } = await drain(backup.stream);
      expect(error).toBeUndefined();
      // Final as soon as the stream has ended: a browser asking right away sees the outcome.
      const row = await findBackup(s.t.db, s.systems.e990.id, backup.backupId);
      expect(bytes.equals(expected)).toBe(true);
      expect(row).toMatchObject({
        status: "succeeded",
        bytes: expected.length,
        expectedBytes: expected.length,
        sha256: sha256(expected),
        fileName: backup.fileName,
        model: "VSP E990",
        serialNumber: 412345,
        storageDeviceId: "936000412345",
        microcode: "93-07-01-80/00",
        username: s.actor.username,
        userId: s.actor.id,
        clientIp: "192.0.2.7",
        errorCode: null,
        // The storage user it ran as is recorded (its password never is); no browser has checked it yet.
        storageUsername: STORAGE_ADMIN.username,
        verification: null,
        verifiedAt: null,
      });
      expect(row?.durationMs).toBeGreaterThanOrEqual(0);

      expect(await backup.settled).toBe("succeeded");
      s.expectNoOpenSessions();
      await vi.waitFor(() =>
        expect(lab.sim.listKeys(lab.e990.storageDeviceId).map((key) => key.numOfBackups)).toEqual(
          before.map((key) => key.numOfBackups + 1),
        ),
      );
      expect(await auditActions(s.t.db, backup.backupId)).toEqual([
        {
          action: "backup.started",
          outcome: "success",
          actor: s.actor.username,
          detail: { backupId: backup.backupId },
        },
        {
          action: "backup.succeeded",
          outcome: "success",
          actor: s.actor.username,
          detail: {
            backupId: backup.backupId,
            bytes: expected.length,
            sha256: sha256(expected),
            fileName: backup.fileName,
          },
        },
      ]);
    });

    it("streams a larger file chunk by chunk", async () => {
      const expected = expectedFile(lab, lab.big, PADDING);
      const backup = await s.run(s.systems.big);
      const { bytes, error } = await drain(backup.stream);
      expect(error).toBeUndefined();
      expect(bytes.length).toBe(expected.length);
      expect(sha256(bytes)).toBe(sha256(expected));
      expect(await backup.settled).toBe("succeeded");
    });
  });

  describe("errors before the first byte", () => {
    it("STORAGE_AUTH_FAILED: a wrong storage password", async () => {
      await expectAppError(
        s.run(s.systems.e990, { input: backupInput({ username: "secadmin", password: WRONG_STORAGE_PASSWORD }) }),
        "STORAGE_AUTH_FAILED",
        422,
      );
      await s.expectFailedRow(s.systems.e990, "STORAGE_AUTH_FAILED");
    });

    it("STORAGE_PERMISSION_DENIED: a View Only security administrator", async () => {
      const error = await expectAppError(
        s.run(s.systems.e990, { input: backupInput(STORAGE_VIEWER) }),
        "STORAGE_PERMISSION_DENIED",
        422,
      );
      expect(error.message).toMatch(/View & Modify/);
      const row = await s.expectFailedRow(s.systems.e990, "STORAGE_PERMISSION_DENIED");
      // The identity was read before the refusal.
      expect(row).toMatchObject({ model: "VSP E990", microcode: "93-07-01-80/00" });
    });

    it("STORAGE_LOCKED: resources locked by another session of the same storage user", async () => {
      const lock = await holdLock(lab.sim, lab.e990);
      try {
        const error = await expectAppError(s.run(s.systems.e990), "STORAGE_LOCKED", 423);
        expect(error.message).toMatch(
          /^E990 lab cannot back up .* while the storage user you signed in with holds a lock .* Release the lock/,
        );
        expect(error.extra.storage?.messageId).toBe("KART40050-E");
      } finally {
        await lock.release();
      }
      await s.expectFailedRow(s.systems.e990, "STORAGE_LOCKED");
    });

    it("MICROCODE_UNSUPPORTED: quotes the array's 412, names its microcode and says what to do", async () => {
      const error = await expectAppError(s.run(s.systems.g370), "MICROCODE_UNSUPPORTED", 412);
      expect(error.message).toBe(
        'VSP G370 441108 (microcode 88-06-02-00/00) refused to back up its encryption keys: "The microcode version of the storage system does not support this operation.". Have the microcode updated with the vendor\'s support, then back up again.',
      );
      const row = await s.expectFailedRow(s.systems.g370, "MICROCODE_UNSUPPORTED");
      expect(row.microcode).toBe("88-06-02-00/00");
      expect(row.errorMessage).toBe(error.message);
    });

    it("STORAGE_BUSY: a 503 busy answer", async () => {
      lab.sim.setFault(lab.e990.storageDeviceId, { type: "busy-503" });
      await expectAppError(s.run(s.systems.e990), "STORAGE_BUSY", 503);
      await s.expectFailedRow(s.systems.e990, "STORAGE_BUSY");
    });

    it("STORAGE_UNREACHABLE: nothing listens at the address", async () => {
      await expectAppError(s.run(s.systems.unreachable), "STORAGE_UNREACHABLE", 502);
      await s.expectFailedRow(s.systems.unreachable, "STORAGE_UNREACHABLE");
    });

    it("STORAGE_TLS_ERROR: the system presents a certificate other than the pinned one", async () => {
      const error = await expectAppError(s.run(s.systems.wrongPin), "STORAGE_TLS_ERROR", 502);
      expect(error.message).toMatch(/pinned/);
      await s.expectFailedRow(s.systems.wrongPin, "STORAGE_TLS_ERROR");
    });

    it("STORAGE_TIMEOUT: no answer in time", async () => {
      lab.sim.setFault(lab.e990.storageDeviceId, { type: "delay-headers", ms: 1500 });
      await expectAppError(s.run(s.systems.e990, { timeouts: { headersMs: 300 } }), "STORAGE_TIMEOUT", 504);
      await s.expectFailedRow(s.systems.e990, "STORAGE_TIMEOUT");
    });

    it("STORAGE_ERROR: a 500 HTML page from a proxy", async () => {
      lab.sim.setFault(lab.e990.storageDeviceId, { type: "html-500" });
      const error = await expectAppError(s.run(s.systems.e990), "STORAGE_ERROR", 502);
      expect(error.message).toMatch(/HTML page/);
      await s.expectFailedRow(s.systems.e990, "STORAGE_ERROR");
    });

    it("STORAGE_ERROR: a 200 that is not a key file", async () => {
      lab.sim.setFault(lab.e990.storageDeviceId, { type: "wrong-content-type" });
      const error = await expectAppError(s.run(s.systems.e990), "STORAGE_ERROR", 502);
      expect(error.message).toMatch(/text\/html/);
      await s.expectFailedRow(s.systems.e990, "STORAGE_ERROR");
    });

    it("VALIDATION_FAILED: the system's password policy is checked before anything reaches it", async () => {
      const requestsBefore = lab.requests.length;
      const error = await expectAppError(s.run(s.systems.strict), "VALIDATION_FAILED", 400);
      expect(error.extra.fields).toEqual({
        backupPassword: [
          "Too short by 5 characters: this storage system requires at least 20.",
          "Needs 1 more digit (this storage system requires at least 3).",
        ],
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(lab.requests.slice(requestsBefore)).toEqual([]);
      expect((await listBackups(s.t.db, s.systems.strict.id, { limit: 5 })).items).toEqual([]);
    });

    it("VALIDATION_FAILED: a confirmation that does not match", async () => {
      const input = { ...backupInput(), backupPasswordConfirmation: "Something-else-1" };
      const error = await expectAppError(s.run(s.systems.e990, { input }), "VALIDATION_FAILED", 400);
      expect(error.extra.fields).toEqual({ backupPasswordConfirmation: ["Does not match the backup password."] });
    });

    it("refuses a viewer, an unknown system, and a removed one with the 409 every operation gives", async () => {
      await expectAppError(s.run(s.systems.e990, { actor: { ...s.actor, role: "viewer" } }), "FORBIDDEN", 403);
      await expectAppError(s.run({ id: "00000000-0000-4000-8000-000000000000" }), "NOT_FOUND", 404);
      const removed = await registerSimSystem(s.t.db, lab.sim, lab.e990, { name: "E990 removed" });
      await markSystemRemoved(s.t.db, removed.id, new Date().toISOString());
      const error = await expectAppError(s.run(removed), "CONFLICT", 409);
      expect(error.message).toBe(
        '"E990 removed" was removed; a removed system cannot be changed or used. Register it again if it is back.',
      );
      expect((await listBackups(s.t.db, removed.id, { limit: 5 })).items).toEqual([]);
    });

    it("refuses a system that reports another identity than the one registered", async () => {
      const replaced = await registerSimSystem(s.t.db, lab.sim, lab.e990, { name: "E990 replaced" });
      await updateSystemIdentity(s.t.db, replaced.id, {
        model: "VSP E990",
        serialNumber: 999999,
        microcode: "93-07-01-80/00",
        apiVersion: null,
        checkedAt: new Date().toISOString(),
      });
      const error = await expectAppError(s.run(replaced), "CONFLICT", 409);
      expect(error.message).toMatch(/serial number 412345, not 999999/);
      await s.expectFailedRow(replaced, "CONFLICT");
    });

    it("records a cancel when the browser leaves before the download starts", async () => {
      lab.sim.setFault(lab.e990.storageDeviceId, { type: "delay-headers", ms: 1000 });
      const controller = new AbortController();
      const started = s.run(s.systems.e990, { signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      const error = await started.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackupCancelledError);
      const row = await findBackup(s.t.db, s.systems.e990.id, (error as BackupCancelledError).backupId);
      expect(row).toMatchObject({ status: "cancelled", errorCode: null });
      await vi.waitFor(() => s.expectNoOpenSessions());
    });
  });

  it("never stores or logs a password", async () => {
    const stored = await everythingStored(s.t.db, s.t.location);
    const logged = lab.logs.text();
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [STORAGE_ADMIN.password, STORAGE_VIEWER.password, WRONG_STORAGE_PASSWORD, BACKUP_PASSWORD]) {
      expect(stored).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
  });
});
