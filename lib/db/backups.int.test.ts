import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { expectAppError } from "@/lib/test-support/assertions";

import {
  BackupAlreadyRunningError,
  findBackup,
  findRunningBackup,
  finishBackup,
  heartbeatBackup,
  insertRunningBackup,
  listBackups,
  markInterrupted,
  type NewBackup,
} from "./backups";
import { INVALID_CURSOR_MESSAGE } from "./keyset";
import { insertSystem } from "./storage-systems";
import { TEST_DATABASES, type TestDatabase } from "./test-databases";
import { insertUser } from "./users";

const T0 = "2026-05-01T10:00:00.000Z";
const T1 = "2026-05-01T10:01:00.000Z";
const T2 = "2026-05-01T10:02:00.000Z";
const T3 = "2026-05-01T10:03:00.000Z";
const SHA = "ab".repeat(32);

describe.each(TEST_DATABASES)("backups on $kind", ({ open }) => {
  let t: TestDatabase;
  let systemId: string;
  let otherSystemId: string;
  let userId: string;
  const base = (): Omit<NewBackup, "id" | "now"> => ({
    systemId,
    userId,
    username: "olivia",
    instanceId: "instance-a",
    clientIp: "192.0.2.7",
  });

  beforeAll(async () => {
    t = await open();
    systemId = (
      await insertSystem(t.db, { name: "E990", baseUrl: "https://192.0.2.1/ConfigurationManager", trustKind: "ca" })
    ).id;
    otherSystemId = (
      await insertSystem(t.db, { name: "5500", baseUrl: "https://192.0.2.2/ConfigurationManager", trustKind: "ca" })
    ).id;
    userId = (await insertUser(t.db, { username: "olivia", passwordHash: "x", role: "operator" })).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it("commits a running backup and reads it back", async () => {
    const backup = await insertRunningBackup(t.db, { ...base(), id: "b1", now: T0 });
    expect(backup).toMatchObject({
      id: "b1",
      systemId,
      userId,
      username: "olivia",
      status: "running",
      startedAt: T0,
      heartbeatAt: T0,
      finishedAt: null,
      bytes: null,
    });
    expect(await findBackup(t.db, systemId, "b1")).toEqual(backup);
    expect(await findBackup(t.db, otherSystemId, "b1")).toBeUndefined();
    expect(await findRunningBackup(t.db, systemId)).toEqual(backup);
  });

  it("refuses a second running backup of the same system, naming the one that runs", async () => {
    const error = await insertRunningBackup(t.db, { ...base(), id: "b2", now: T1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupAlreadyRunningError);
    expect((error as BackupAlreadyRunningError).running).toMatchObject({ id: "b1", username: "olivia", startedAt: T0 });
    // Another system is not affected.
    await insertRunningBackup(t.db, { ...base(), systemId: otherSystemId, id: "o1", now: T1 });
  });

  it("heartbeats only a running backup", async () => {
    expect(await heartbeatBackup(t.db, "b1", T1)).toBe(true);
    expect((await findBackup(t.db, systemId, "b1"))?.heartbeatAt).toBe(T1);
    expect(await heartbeatBackup(t.db, "nope", T1)).toBe(false);
  });

  it("finishes a backup once; the first ending wins", async () => {
    expect(
      await finishBackup(t.db, "b1", {
        status: "succeeded",
        finishedAt: T2,
        durationMs: 120_000,
        bytes: 4096,
        expectedBytes: 4096,
        sha256: SHA,
        fileName: "E990_412345_20260501T100000Z.ekf",
        model: "VSP E990",
        serialNumber: 412345,
        storageDeviceId: "936000412345",
        microcode: "93-07-01-80/00",
      }),
    ).toBe(true);
    expect(await finishBackup(t.db, "b1", { status: "cancelled", finishedAt: T3, durationMs: 1 })).toBe(false);
    expect(await heartbeatBackup(t.db, "b1", T3)).toBe(false);
    expect(await findBackup(t.db, systemId, "b1")).toMatchObject({
      status: "succeeded",
      finishedAt: T2,
      durationMs: 120_000,
      bytes: 4096,
      sha256: SHA,
      serialNumber: 412345,
      errorCode: null,
    });
    // The slot is free again.
    expect(await findRunningBackup(t.db, systemId)).toBeUndefined();
    await insertRunningBackup(t.db, { ...base(), id: "b2", now: T2 });
    await finishBackup(t.db, "b2", {
      status: "failed",
      finishedAt: T2,
      durationMs: 5,
      errorCode: "STORAGE_AUTH_FAILED",
      errorMessage: "refused",
    });
    expect(await findBackup(t.db, systemId, "b2")).toMatchObject({
      status: "failed",
      errorCode: "STORAGE_AUTH_FAILED",
      errorMessage: "refused",
    });
  });

  it("marks stale running backups interrupted, and only those asked for", async () => {
    await insertRunningBackup(t.db, { ...base(), id: "b3", now: T3 });
    expect(await markInterrupted(t.db, { now: T3, heartbeatBefore: T3 })).toEqual([
      expect.objectContaining({ id: "o1", status: "interrupted", finishedAt: T3, errorCode: "INTERRUPTED" }),
    ]);
    expect(await markInterrupted(t.db, { now: T3, id: "b1" })).toEqual([]);
    const [interrupted] = await markInterrupted(t.db, { now: T3, systemId });
    expect(interrupted).toMatchObject({
      id: "b3",
      status: "interrupted",
      errorMessage: expect.stringMatching(/Run the backup again/),
    });
    expect(await finishBackup(t.db, "b3", { status: "succeeded", finishedAt: T3, durationMs: 1 })).toBe(false);
  });

  it("lists one system's backups newest first, page by page", async () => {
    for (let i = 0; i < 5; i++) {
      const id = `p${i}`;
      await insertRunningBackup(t.db, { ...base(), id, now: `2026-05-02T10:00:0${i}.000Z` });
      await finishBackup(t.db, id, { status: "cancelled", finishedAt: `2026-05-02T10:00:0${i}.500Z`, durationMs: 500 });
    }
    const first = await listBackups(t.db, systemId, { limit: 3 });
    expect(first.items.map((item) => item.id)).toEqual(["p4", "p3", "p2"]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await listBackups(t.db, systemId, { limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((item) => item.id)).toEqual(["p1", "p0", "b3"]);
    const third = await listBackups(t.db, systemId, { limit: 3, cursor: second.nextCursor! });
    expect(third.items.map((item) => item.id)).toEqual(["b2", "b1"]);
    expect(third.nextCursor).toBeNull();
    expect((await listBackups(t.db, otherSystemId, { limit: 50 })).items.map((item) => item.id)).toEqual(["o1"]);
  });

  it("breaks ties on the start time by id", async () => {
    const { db } = t;
    for (const id of ["t-a", "t-c", "t-b"]) {
      await insertRunningBackup(db, { ...base(), systemId: otherSystemId, id, now: "2026-05-03T00:00:00.000Z" });
      await finishBackup(db, id, { status: "failed", finishedAt: "2026-05-03T00:00:01.000Z", durationMs: 1 });
    }
    const first = await listBackups(db, otherSystemId, { limit: 2 });
    expect(first.items.map((item) => item.id)).toEqual(["t-c", "t-b"]);
    const second = await listBackups(db, otherSystemId, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((item) => item.id)).toEqual(["t-a", "o1"]);
  });

  it("refuses a cursor it did not hand out", async () => {
    await expectAppError(listBackups(t.db, systemId, { limit: 3, cursor: "garbage" }), "VALIDATION_FAILED", 400);
    const wrongShape = Buffer.from('{"a":1}').toString("base64url");
    const error = await expectAppError(
      listBackups(t.db, systemId, { limit: 3, cursor: wrongShape }),
      "VALIDATION_FAILED",
      400,
    );
    expect(error.extra.fields).toEqual({ cursor: [INVALID_CURSOR_MESSAGE] });
  });

  it("refuses a status outside the list and a backup of an unknown system", async () => {
    await expect(
      t.db
        .updateTable("backups")
        .set({ status: "done" as "succeeded" })
        .where("id", "=", "b1")
        .execute(),
    ).rejects.toThrow();
    await expect(
      insertRunningBackup(t.db, { ...base(), systemId: "no-such-system", id: "x1", now: T0 }),
    ).rejects.toThrow();
  });
});
