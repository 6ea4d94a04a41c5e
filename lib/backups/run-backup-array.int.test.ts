import { describe, expect, it } from "vitest";

import { findSystem } from "@/lib/db/storage-systems";
import { TEST_DATABASES } from "@/lib/db/test-databases";
import type { SimSystemSettings } from "@/lib/simulator/types";

import { setUpBackupLab, setUpBackupSuite } from "./run-backup-suite";
import { backupInput, drain, expectAppError, holdLock, STORAGE_ADMIN, STORAGE_VIEWER } from "./test-support";

/*
 * runBackup against what real arrays answer: refusals worded by the step and role that failed,
 * the array's 412 remembered on the system, locks recognised by what the array says, and a key
 * file whose framing cannot show truncation refused. Every storage session ends discarded.
 */

const lab = setUpBackupLab();
const KEY_ADMIN_ONLY = { username: "keyadmin", password: "Sim-Key-Pass1" };
const MONITOR = { username: "monitor", password: "Sim-None-Pass1" };

/** Runs `body` with the E990 set to `settings`, and puts the initial settings back after. */
async function withSettings(settings: SimSystemSettings, body: () => Promise<void>): Promise<void> {
  const initial = lab.sim.settings(lab.e990.storageDeviceId);
  lab.sim.updateSettings(lab.e990.storageDeviceId, settings);
  try {
    await body();
  } finally {
    lab.sim.updateSettings(lab.e990.storageDeviceId, initial);
  }
}

describe.each(TEST_DATABASES)("runBackup and the array's answers on $kind", ({ kind, open }) => {
  const s = setUpBackupSuite(lab, kind, open);

  describe("a refusal names the step and the role it needs", () => {
    it("a storage user without Storage Administrator (View Only) cannot even sign in", async () => {
      const error = await expectAppError(
        s.run(s.systems.e990, { input: backupInput(KEY_ADMIN_ONLY) }),
        "STORAGE_PERMISSION_DENIED",
        422,
      );
      expect(error.message).toContain("Signing in to the storage system needs Storage Administrator (View Only).");
      expect(error.message).toContain(
        "both Storage Administrator (View Only) and Security Administrator (View & Modify)",
      );
      await s.expectFailedRow(s.systems.e990, "STORAGE_PERMISSION_DENIED");
      s.expectNoOpenSessions();
    });

    it("a storage user without Security Administrator (View & Modify) is refused the backup step", async () => {
      for (const user of [STORAGE_VIEWER, MONITOR]) {
        const error = await expectAppError(
          s.run(s.systems.e990, { input: backupInput(user) }),
          "STORAGE_PERMISSION_DENIED",
          422,
        );
        expect(error.message).toContain("Backing up the encryption keys needs Security Administrator (View & Modify).");
      }
      s.expectNoOpenSessions();
    });

    it("an array that answers 404 for a missing role: the message says it may be the role", async () => {
      await withSettings({ missingRoleStatus: 404 }, async () => {
        const error = await expectAppError(
          s.run(s.systems.e990, { input: backupInput(STORAGE_VIEWER) }),
          "STORAGE_ERROR",
          502,
        );
        expect(error.message).toMatch(
          /lacks read permission \(backing up the encryption keys needs Security Administrator \(View & Modify\)\)/,
        );
      });
      s.expectNoOpenSessions();
    });
  });

  it("a 503 to the session says it is most likely the array's 64-session limit, and is not retried", async () => {
    lab.sim.setFault(lab.e990.storageDeviceId, { type: "busy-503", on: "session-create" });
    const before = lab.requests.length;
    const error = await expectAppError(s.run(s.systems.e990), "STORAGE_BUSY", 503);
    expect(error.message).toMatch(/64 sessions/);
    expect(error.message).toMatch(/shared by every tool that talks to it/);
    expect(lab.requests.slice(before).filter((line) => /POST \S*\/sessions /.test(line))).toHaveLength(1);
    await s.expectFailedRow(s.systems.e990, "STORAGE_BUSY");
    s.expectNoOpenSessions();
  });

  describe("the array's 412 is remembered on the system", () => {
    it("records when and with which microcode; a later success clears it", async () => {
      await expectAppError(s.run(s.systems.g370), "MICROCODE_UNSUPPORTED", 412);
      const refused = await findSystem(s.t.db, s.systems.g370.id);
      expect(refused?.keyBackupRefusal).toEqual({ at: expect.stringMatching(/Z$/), microcode: "88-06-02-00/00" });

      lab.sim.updateSettings(lab.g370.storageDeviceId, { refusesKeyBackup: false });
      try {
        const backup = await s.run(s.systems.g370);
        await drain(backup.stream);
        expect(await backup.settled).toBe("succeeded");
      } finally {
        lab.sim.updateSettings(lab.g370.storageDeviceId, { refusesKeyBackup: true });
      }
      expect((await findSystem(s.t.db, s.systems.g370.id))?.keyBackupRefusal).toBeNull();
      s.expectNoOpenSessions();
    });
  });

  describe("locks are recognised by what the array says", () => {
    it("another storage user's lock does not stop this user's backup", async () => {
      const lock = await holdLock(lab.sim, lab.e990, STORAGE_VIEWER);
      try {
        const backup = await s.run(s.systems.e990);
        await drain(backup.stream);
        expect(await backup.settled).toBe("succeeded");
      } finally {
        await lock.release();
      }
    });

    it.each([
      { status: 409, form: "message-id" },
      { status: 400, form: "ssb-only" },
      { status: 500, form: "ssb-only" },
      { status: 503, form: "message-id" },
    ] as const)("a lock refusal sent as $status ($form) is STORAGE_LOCKED", async ({ status, form }) => {
      await withSettings({ lockRefusalStatus: status, lockRefusalForm: form }, async () => {
        const lock = await holdLock(lab.sim, lab.e990, STORAGE_ADMIN);
        try {
          const error = await expectAppError(s.run(s.systems.e990), "STORAGE_LOCKED", 423);
          expect(error.extra.storage?.status).toBe(status);
        } finally {
          await lock.release();
        }
      });
      await s.expectFailedRow(s.systems.e990, "STORAGE_LOCKED");
      s.expectNoOpenSessions();
    });

    it("KART30008-E says another management application holds the array, with the array's words", async () => {
      await withSettings({ heldByOtherApplication: true }, async () => {
        const error = await expectAppError(s.run(s.systems.e990), "STORAGE_BUSY", 503);
        expect(error.message).toMatch(/Another management application holds the storage system/);
        expect(error.message).toContain("Unable to lock the storage system");
        expect(error.message).not.toMatch(/Release the lock/);
        expect(error.extra.storage?.messageId).toBe("KART30008-E");
      });
      s.expectNoOpenSessions();
    });
  });

  describe("a key file must be able to prove it is whole", () => {
    it("refuses a close-delimited key file: failed row, nothing streamed, session discarded", async () => {
      await withSettings({ backupFraming: "close" }, async () => {
        const error = await expectAppError(s.run(s.systems.e990), "STORAGE_ERROR", 502);
        expect(error.message).toMatch(/neither a Content-Length nor chunked framing/);
      });
      const row = await s.expectFailedRow(s.systems.e990, "STORAGE_ERROR");
      expect(row.bytes).toBeNull();
      s.expectNoOpenSessions();
    });

    it("accepts a chunked key file", async () => {
      await withSettings({ backupFraming: "chunked" }, async () => {
        const backup = await s.run(s.systems.e990);
        expect(backup.expectedBytes).toBeUndefined();
        const { bytes, error } = await drain(backup.stream);
        expect(error).toBeUndefined();
        expect(bytes.length).toBeGreaterThan(0);
        expect(await backup.settled).toBe("succeeded");
      });
      s.expectNoOpenSessions();
    });
  });
});
