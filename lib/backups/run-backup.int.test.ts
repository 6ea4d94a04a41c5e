import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findBackup, insertRunningBackup, listBackups, markInterrupted } from "@/lib/db/backups";
import type { StorageSystem } from "@/lib/db/storage-systems";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { insertUser, type User } from "@/lib/db/users";
import { buildKeyFile } from "@/lib/simulator/backup-file";
import { startSimulator } from "@/lib/simulator/server";
import type { SimSystemInfo, Simulator } from "@/lib/simulator/types";
import { captureLogs } from "@/lib/test-support/auth";
import { recoverInterruptedBackups } from "./recover-interrupted";
import { BackupCancelledError, runBackup, type RunBackupOptions } from "./run-backup";
import {
  auditActions,
  BACKUP_PASSWORD,
  backupInput,
  closedPort,
  drain,
  everythingStored,
  expectAppError,
  holdLock,
  otherCertificate,
  registerSimSystem,
  STORAGE_ADMIN,
  STORAGE_VIEWER,
} from "./test-support";

const WRONG_STORAGE_PASSWORD = "Wrong-Storage-Pass9";
const PADDING = 512 * 1024;

let sim: Simulator;
let e990: SimSystemInfo;
let g370: SimSystemInfo;
let big: SimSystemInfo;
const simLog: string[] = [];
const logs = captureLogs();

beforeAll(async () => {
  sim = await startSimulator({
    log: (line) => simLog.push(line),
    systems: [
      { model: "VSP E990", serialNumber: 412345, microcode: "93-07-01-80/00" },
      { model: "VSP G370", serialNumber: 441108, microcode: "88-06-02-00/00" },
      { model: "VSP 5500", serialNumber: 530021, microcode: "90-09-01-00/00", backupPaddingBytes: PADDING },
    ],
  });
  [e990, g370, big] = sim.systems as [SimSystemInfo, SimSystemInfo, SimSystemInfo];
});

afterEach(() => {
  sim.clearFaults();
});

afterAll(async () => {
  logs.restore();
  await sim?.close();
});

function expectedFile(system: SimSystemInfo, paddingBytes = 0): Buffer {
  return buildKeyFile({ storageDeviceId: system.storageDeviceId, keys: sim.listKeys(system.storageDeviceId), paddingBytes }, BACKUP_PASSWORD);
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe.each(TEST_DATABASES)("runBackup on $kind", ({ kind, open }) => {
  let t: TestDatabase;
  let operator: User;
  let systems: Record<"e990" | "g370" | "big" | "strict" | "unreachable" | "wrongPin", StorageSystem>;

  const run = (system: StorageSystem, extra: Partial<RunBackupOptions> = {}) =>
    runBackup({
      db: t.db,
      system,
      user: { id: operator.id, username: operator.username, role: operator.role },
      clientIp: "192.0.2.7",
      input: backupInput(),
      ...extra,
    });

  /** The row and the audit trail of a backup that failed before its first byte. */
  async function expectFailedRow(system: StorageSystem, code: string) {
    const [row] = (await listBackups(t.db, system.id, { limit: 1 })).items;
    expect(row).toMatchObject({ status: "failed", errorCode: code, finishedAt: expect.any(String), sha256: null });
    expect((await auditActions(t.db, row!.id)).map((event) => `${event.action} ${event.outcome}`)).toEqual([
      "backup.started success",
      "backup.failed failure",
    ]);
    return row!;
  }

  function expectNoOpenSessions() {
    for (const system of sim.systems) expect(sim.openSessions(system.storageDeviceId), system.model).toBe(0);
  }

  beforeAll(async () => {
    t = await open();
    operator = await insertUser(t.db, { username: `olivia-${kind}`, passwordHash: "not-used", role: "operator" });
    systems = {
      e990: await registerSimSystem(t.db, sim, e990, { name: "E990 lab" }),
      g370: await registerSimSystem(t.db, sim, g370),
      big: await registerSimSystem(t.db, sim, big, { name: "VSP 5500 prod" }),
      strict: await registerSimSystem(t.db, sim, e990, { name: "E990 strict", passwordPolicy: { minLength: 20, minDigits: 3 } }),
      unreachable: await registerSimSystem(t.db, sim, e990, {
        name: "E990 gone",
        baseUrl: `https://127.0.0.1:${await closedPort()}/ConfigurationManager`,
      }),
      wrongPin: await registerSimSystem(t.db, sim, e990, { name: "E990 other cert", pin: await otherCertificate() }),
    };
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => {
    expectNoOpenSessions();
  });

  describe("a successful backup", () => {
    it("streams the key file, records it as succeeded before the stream ends, and discards the session", async () => {
      const before = sim.listKeys(e990.storageDeviceId);
      const expected = expectedFile(e990);
      const backup = await run(systems.e990);
      expect(backup.fileName).toMatch(/^E990_lab_412345_\d{8}T\d{6}Z\.ekf$/);
      expect(backup.contentDisposition).toBe(`attachment; filename="${backup.fileName}"; filename*=UTF-8''${backup.fileName}`);
      expect(backup.expectedBytes).toBe(expected.length);
      expect((await findBackup(t.db, systems.e990.id, backup.backupId))?.status).toBe("running");

      const { bytes, error } = await drain(backup.stream);
      expect(error).toBeUndefined();
      // Final as soon as the stream has ended: a browser asking right away sees the outcome.
      const row = await findBackup(t.db, systems.e990.id, backup.backupId);
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
        username: operator.username,
        userId: operator.id,
        clientIp: "192.0.2.7",
        errorCode: null,
      });
      expect(row?.durationMs).toBeGreaterThanOrEqual(0);

      expect(await backup.settled).toBe("succeeded");
      expectNoOpenSessions();
      await vi.waitFor(() =>
        expect(sim.listKeys(e990.storageDeviceId).map((key) => key.numOfBackups)).toEqual(before.map((key) => key.numOfBackups + 1)),
      );
      expect(await auditActions(t.db, backup.backupId)).toEqual([
        { action: "backup.started", outcome: "success", actor: operator.username, detail: { backupId: backup.backupId } },
        {
          action: "backup.succeeded",
          outcome: "success",
          actor: operator.username,
          detail: { backupId: backup.backupId, bytes: expected.length, sha256: sha256(expected), fileName: backup.fileName },
        },
      ]);
    });

    it("streams a larger file chunk by chunk", async () => {
      const expected = expectedFile(big, PADDING);
      const backup = await run(systems.big);
      const { bytes, error } = await drain(backup.stream);
      expect(error).toBeUndefined();
      expect(bytes.length).toBe(expected.length);
      expect(sha256(bytes)).toBe(sha256(expected));
      expect(await backup.settled).toBe("succeeded");
    });
  });

  describe("errors before the first byte", () => {
    it("STORAGE_AUTH_FAILED: a wrong storage password", async () => {
      await expectAppError(run(systems.e990, { input: backupInput({ username: "secadmin", password: WRONG_STORAGE_PASSWORD }) }), "STORAGE_AUTH_FAILED", 422);
      await expectFailedRow(systems.e990, "STORAGE_AUTH_FAILED");
    });

    it("STORAGE_PERMISSION_DENIED: a View Only security administrator", async () => {
      const error = await expectAppError(run(systems.e990, { input: backupInput(STORAGE_VIEWER) }), "STORAGE_PERMISSION_DENIED", 422);
      expect(error.message).toMatch(/View & Modify/);
      const row = await expectFailedRow(systems.e990, "STORAGE_PERMISSION_DENIED");
      // The identity was read before the refusal.
      expect(row).toMatchObject({ model: "VSP E990", microcode: "93-07-01-80/00" });
    });

    it("STORAGE_LOCKED: resources locked by another session", async () => {
      const lock = await holdLock(sim, e990);
      try {
        const error = await expectAppError(run(systems.e990), "STORAGE_LOCKED", 423);
        expect(error.message).toMatch(/^E990 lab cannot back up .* Unlock the resources first/);
        expect(error.extra.storage?.messageId).toBe("KART40052-E");
      } finally {
        await lock.release();
      }
      await expectFailedRow(systems.e990, "STORAGE_LOCKED");
    });

    it("MICROCODE_UNSUPPORTED: names the microcode and the versions that support the function", async () => {
      const error = await expectAppError(run(systems.g370), "MICROCODE_UNSUPPORTED", 412);
      expect(error.message).toContain("its microcode 88-06-02-00/00 (VSP G/F) does not support the function");
      expect(error.message).toContain("93-07-0x or later on VSP E, 90-09-0x or later on VSP 5000, or 88-08-10 or later on VSP G/F");
      const row = await expectFailedRow(systems.g370, "MICROCODE_UNSUPPORTED");
      expect(row.microcode).toBe("88-06-02-00/00");
      expect(row.errorMessage).toBe(error.message);
    });

    it("STORAGE_BUSY: a 503 busy answer", async () => {
      sim.setFault(e990.storageDeviceId, { type: "busy-503" });
      await expectAppError(run(systems.e990), "STORAGE_BUSY", 503);
      await expectFailedRow(systems.e990, "STORAGE_BUSY");
    });

    it("STORAGE_UNREACHABLE: nothing listens at the address", async () => {
      await expectAppError(run(systems.unreachable), "STORAGE_UNREACHABLE", 502);
      await expectFailedRow(systems.unreachable, "STORAGE_UNREACHABLE");
    });

    it("STORAGE_TLS_ERROR: the system presents a certificate other than the pinned one", async () => {
      const error = await expectAppError(run(systems.wrongPin), "STORAGE_TLS_ERROR", 502);
      expect(error.message).toMatch(/pinned/);
      await expectFailedRow(systems.wrongPin, "STORAGE_TLS_ERROR");
    });

    it("STORAGE_TIMEOUT: no answer in time", async () => {
      sim.setFault(e990.storageDeviceId, { type: "delay-headers", ms: 1500 });
      await expectAppError(run(systems.e990, { timeouts: { headersMs: 300 } }), "STORAGE_TIMEOUT", 504);
      await expectFailedRow(systems.e990, "STORAGE_TIMEOUT");
    });

    it("STORAGE_ERROR: a 500 HTML page from a proxy", async () => {
      sim.setFault(e990.storageDeviceId, { type: "html-500" });
      const error = await expectAppError(run(systems.e990), "STORAGE_ERROR", 502);
      expect(error.message).toMatch(/HTML page/);
      await expectFailedRow(systems.e990, "STORAGE_ERROR");
    });

    it("STORAGE_ERROR: a 200 that is not a key file", async () => {
      sim.setFault(e990.storageDeviceId, { type: "wrong-content-type" });
      const error = await expectAppError(run(systems.e990), "STORAGE_ERROR", 502);
      expect(error.message).toMatch(/text\/html/);
      await expectFailedRow(systems.e990, "STORAGE_ERROR");
    });

    it("VALIDATION_FAILED: the system's password policy is checked before anything reaches it", async () => {
      const requestsBefore = simLog.length;
      const error = await expectAppError(run(systems.strict), "VALIDATION_FAILED", 400);
      expect(error.extra.fields).toEqual({
        backupPassword: [
          "Too short by 5 characters: this storage system requires at least 20.",
          "Needs 1 more digit (this storage system requires at least 3).",
        ],
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(simLog.slice(requestsBefore)).toEqual([]);
      expect((await listBackups(t.db, systems.strict.id, { limit: 5 })).items).toEqual([]);
    });

    it("VALIDATION_FAILED: a confirmation that does not match", async () => {
      const input = { ...backupInput(), backupPasswordConfirmation: "Something-else-1" };
      const error = await expectAppError(run(systems.e990, { input }), "VALIDATION_FAILED", 400);
      expect(error.extra.fields).toEqual({ backupPasswordConfirmation: ["Does not match the backup password."] });
    });

    it("refuses a viewer, and a removed system", async () => {
      await expectAppError(run(systems.e990, { user: { id: operator.id, username: operator.username, role: "viewer" } }), "FORBIDDEN", 403);
      await expectAppError(run({ ...systems.e990, removedAt: new Date().toISOString() }), "NOT_FOUND", 404);
    });

    it("refuses a system that reports another identity than the one registered", async () => {
      const error = await expectAppError(run({ ...systems.e990, serialNumber: 999999 }), "CONFLICT", 409);
      expect(error.message).toMatch(/serial number 412345, not 999999/);
      await expectFailedRow(systems.e990, "CONFLICT");
    });

    it("records a cancel when the browser leaves before the download starts", async () => {
      sim.setFault(e990.storageDeviceId, { type: "delay-headers", ms: 1000 });
      const controller = new AbortController();
      const started = run(systems.e990, { signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      const error = await started.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackupCancelledError);
      const row = await findBackup(t.db, systems.e990.id, (error as BackupCancelledError).backupId);
      expect(row).toMatchObject({ status: "cancelled", errorCode: null });
      await vi.waitFor(() => expectNoOpenSessions());
    });
  });

  describe("one backup per system at a time", () => {
    it("refuses a second backup while one is streaming, and allows one after it ended", async () => {
      const first = await run(systems.e990);
      const error = await expectAppError(run(systems.e990), "BACKUP_IN_PROGRESS", 409);
      expect(error.message).toMatch(
        new RegExp(`^A backup of E990 lab is already running \\(started by ${operator.username} at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\)\\. Wait for it to finish\\.$`),
      );
      // Another system is not held up.
      const other = await run(systems.big);
      await drain(other.stream);

      await drain(first.stream);
      expect(await first.settled).toBe("succeeded");
      const third = await run(systems.e990);
      await drain(third.stream);
      expect(await third.settled).toBe("succeeded");
    });

    it("takes over a claim whose heartbeat went stale, marking it interrupted", async () => {
      const staleAt = new Date(Date.now() - 10 * 60_000).toISOString();
      await insertRunningBackup(t.db, {
        id: `stale-${kind}`,
        systemId: systems.e990.id,
        userId: null,
        username: "ghost",
        instanceId: "instance-that-died",
        clientIp: null,
        now: staleAt,
      });
      const backup = await run(systems.e990);
      await drain(backup.stream);
      expect(await backup.settled).toBe("succeeded");
      expect(await findBackup(t.db, systems.e990.id, `stale-${kind}`)).toMatchObject({ status: "interrupted", errorCode: "INTERRUPTED" });
    });
  });

  describe("errors after the first byte", () => {
    it("a body that ends short errors the stream and fails the backup", async () => {
      sim.setFault(big.storageDeviceId, { type: "truncate", afterBytes: 100_000 });
      const backup = await run(systems.big);
      const { bytes, error } = await drain(backup.stream);
      expect(error).toBeDefined();
      expect(bytes.length).toBeLessThanOrEqual(100_000);
      expect(await backup.settled).toBe("failed");
      const row = await findBackup(t.db, systems.big.id, backup.backupId);
      expect(row).toMatchObject({ status: "failed", errorCode: "STORAGE_ERROR", bytes: bytes.length, sha256: null, fileName: null });
      expect(row?.errorMessage).toMatch(/broke off|ended after/);
      expect((await auditActions(t.db, backup.backupId)).map((event) => event.action)).toEqual(["backup.started", "backup.failed"]);
    });

    it("a connection reset mid-body errors the stream and fails the backup", async () => {
      sim.setFault(big.storageDeviceId, { type: "reset", afterBytes: 100_000 });
      const backup = await run(systems.big);
      const { error } = await drain(backup.stream);
      expect(error).toBeDefined();
      expect(await backup.settled).toBe("failed");
      expect(await findBackup(t.db, systems.big.id, backup.backupId)).toMatchObject({ status: "failed", errorCode: "STORAGE_ERROR" });
    });

    it("a stalled transfer times out, errors the stream and fails the backup", async () => {
      sim.setFault(big.storageDeviceId, { type: "slow-drip", bytesPerChunk: 16 * 1024, intervalMs: 1500 });
      const backup = await run(systems.big, { timeouts: { bodyIdleMs: 300 } });
      const { error } = await drain(backup.stream);
      expect(error).toBeDefined();
      expect(await backup.settled).toBe("failed");
      expect(await findBackup(t.db, systems.big.id, backup.backupId)).toMatchObject({ status: "failed", errorCode: "STORAGE_TIMEOUT" });
    });

    it("the reader cancelling mid-transfer cancels the backup and discards the session", async () => {
      sim.setFault(big.storageDeviceId, { type: "slow-drip", bytesPerChunk: 4096, intervalMs: 20 });
      const backup = await run(systems.big);
      const reader = backup.stream.getReader();
      const first = await reader.read();
      await reader.cancel("user closed the tab");
      expect(await backup.settled).toBe("cancelled");
      expectNoOpenSessions();
      const row = await findBackup(t.db, systems.big.id, backup.backupId);
      expect(row).toMatchObject({ status: "cancelled", sha256: null, fileName: null });
      expect(row?.bytes).toBeGreaterThanOrEqual(first.value?.byteLength ?? 0);
      expect((await auditActions(t.db, backup.backupId)).map((event) => `${event.action} ${event.outcome}`)).toEqual([
        "backup.started success",
        "backup.cancelled failure",
      ]);
    });

    it("does not end the stream as complete when the row was already ended elsewhere", async () => {
      const backup = await run(systems.e990);
      // Another instance took the claim over as stale while this one streamed.
      await markInterrupted(t.db, { now: new Date().toISOString(), id: backup.backupId });
      const { error } = await drain(backup.stream);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/could not record this backup as complete/);
      expect(await backup.settled).toBe("failed");
      expect(await findBackup(t.db, systems.e990.id, backup.backupId)).toMatchObject({ status: "interrupted", sha256: null });
    });

    it("the request's signal aborting mid-transfer cancels the backup and errors the stream", async () => {
      sim.setFault(big.storageDeviceId, { type: "slow-drip", bytesPerChunk: 4096, intervalMs: 20 });
      const controller = new AbortController();
      const backup = await run(systems.big, { signal: controller.signal });
      const reader = backup.stream.getReader();
      await reader.read();
      const pending = reader.read().then(() => reader.read());
      controller.abort();
      await expect(pending).rejects.toThrow();
      expect(await backup.settled).toBe("cancelled");
      expect(await findBackup(t.db, systems.big.id, backup.backupId)).toMatchObject({ status: "cancelled" });
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
        await insertRunningBackup(t.db, { id: `fresh-${kind}`, systemId: systems.g370.id, userId: operator.id, username: operator.username, instanceId: "other", clientIp: null, now: fresh });
        await insertRunningBackup(t.db, { id: `old-${kind}`, systemId: systems.wrongPin.id, userId: operator.id, username: operator.username, instanceId: "gone", clientIp: null, now: stale });

        const recovered = await recoverInterruptedBackups(t.db, { now });
        const expected = kind === "sqlite" ? [`fresh-${kind}`, `old-${kind}`] : [`old-${kind}`];
        expect(recovered.map((backup) => backup.id).sort()).toEqual(expected);
        expect(await findBackup(t.db, systems.wrongPin.id, `old-${kind}`)).toMatchObject({
          status: "interrupted",
          finishedAt: now.toISOString(),
          errorCode: "INTERRUPTED",
        });
        expect((await findBackup(t.db, systems.g370.id, `fresh-${kind}`))?.status).toBe(kind === "sqlite" ? "interrupted" : "running");
        expect((await auditActions(t.db, `old-${kind}`)).map((event) => `${event.action} ${event.outcome}`)).toEqual(["backup.interrupted failure"]);
        // Leave no claim behind for the tests after this one.
        await recoverInterruptedBackups(t.db, { now, staleAfterMs: 0 });
      },
    );
  });

  it("never stores or logs a password", async () => {
    const stored = await everythingStored(t.db, t.location);
    const logged = logs.text();
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [STORAGE_ADMIN.password, STORAGE_VIEWER.password, WRONG_STORAGE_PASSWORD, BACKUP_PASSWORD]) {
      expect(stored).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
  });
});
