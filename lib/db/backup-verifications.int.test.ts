import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { recordBackupVerification, type VerificationReport } from "./backup-verifications";
import { findBackup, finishBackup, insertRunningBackup } from "./backups";
import { insertSystem } from "./storage-systems";
import { TEST_DATABASES, type TestDatabase } from "./test-databases";
import { insertUser } from "./users";

const T0 = "2026-05-01T10:00:00.000Z";
const T1 = "2026-05-01T10:00:01.000Z";
const T2 = "2026-05-01T10:05:00.000Z";
const T3 = "2026-05-01T10:06:00.000Z";

describe.each(TEST_DATABASES)("backup verifications on $kind", ({ open }) => {
  let t: TestDatabase;
  let systemId: string;
  let otherSystemId: string;
  let userId: string;

  beforeAll(async () => {
    t = await open();
    const system = (name: string, address: string) =>
      insertSystem(t.db, { name, baseUrl: `https://${address}/ConfigurationManager`, trustKind: "ca" });
    systemId = (await system("E990", "192.0.2.1")).id;
    otherSystemId = (await system("5500", "192.0.2.2")).id;
    userId = (await insertUser(t.db, { username: "olivia", passwordHash: "x", role: "operator" })).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function backup(id: string, status: "succeeded" | "failed" | "running", storageUsername?: string) {
    const base = { systemId, userId, username: "olivia", instanceId: "i", clientIp: null };
    await insertRunningBackup(t.db, { ...base, id, storageUsername, now: T0 });
    if (status !== "running") await finishBackup(t.db, id, { status, finishedAt: T1, durationMs: 1000 });
  }
  const report = (id: string, verification: VerificationReport["verification"], at: string) =>
    recordBackupVerification(t.db, { id, systemId, verification, at, by: userId });

  it("keeps the storage user the backup ran as; none reported is no verification", async () => {
    await backup("with-user", "succeeded", "secadmin");
    await backup("without-user", "succeeded");
    expect(await findBackup(t.db, systemId, "with-user")).toMatchObject({
      storageUsername: "secadmin",
      verification: null,
      verifiedAt: null,
      verifiedBy: null,
    });
    expect((await findBackup(t.db, systemId, "without-user"))?.storageUsername).toBeNull();
  });

  it("records the first report, replaces a mismatch, and never replaces a verified", async () => {
    await backup("v1", "succeeded");
    expect(await report("v1", "mismatch", T2)).toBe(true);
    expect(await findBackup(t.db, systemId, "v1")).toMatchObject({ verification: "mismatch", verifiedAt: T2 });
    expect(await report("v1", "verified", T3)).toBe(true);
    expect(await findBackup(t.db, systemId, "v1")).toMatchObject({
      verification: "verified",
      verifiedAt: T3,
      verifiedBy: userId,
    });
    expect(await report("v1", "mismatch", "2026-05-01T11:00:00.000Z")).toBe(false);
    expect(await report("v1", "verified", "2026-05-01T11:00:00.000Z")).toBe(false);
    expect(await findBackup(t.db, systemId, "v1")).toMatchObject({ verification: "verified", verifiedAt: T3 });
  });

  it("writes nothing for a backup that did not succeed, or of another system", async () => {
    await backup("f1", "failed");
    await backup("s1", "succeeded");
    // The system's one running backup (the last one here).
    await backup("r1", "running");
    expect(await report("f1", "verified", T2)).toBe(false);
    expect(await report("r1", "verified", T2)).toBe(false);
    expect(
      await recordBackupVerification(t.db, {
        id: "s1",
        systemId: otherSystemId,
        verification: "verified",
        at: T2,
        by: null,
      }),
    ).toBe(false);
    for (const id of ["f1", "r1", "s1"]) expect((await findBackup(t.db, systemId, id))?.verification).toBeNull();
  });

  it("refuses a verification outside the list", async () => {
    await expect(
      t.db
        .updateTable("backups")
        .set({ verification: "maybe" as "verified" })
        .where("id", "=", "s1")
        .execute(),
    ).rejects.toThrow();
  });
});
