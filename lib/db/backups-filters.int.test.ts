import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { finishBackup, insertRunningBackup, listBackups, type BackupFilter } from "./backups";
import { insertSystem, markSystemRemoved } from "./storage-systems";
import { TEST_DATABASES, type TestDatabase } from "./test-databases";

const SHA_A = "a1".repeat(32);
const SHA_B = "b2".repeat(32);

// [id, username, status, startedAt, sha256]
const ROWS: [string, string, "succeeded" | "failed" | "cancelled", string, string | null][] = [
  ["h1", "olivia", "succeeded", "2026-05-01T08:00:00.000Z", SHA_A],
  ["h2", "olivia", "failed", "2026-05-01T23:59:59.999Z", null],
  ["h3", "oscar", "succeeded", "2026-05-02T00:00:00.000Z", SHA_B],
  ["h4", "oscar", "cancelled", "2026-05-02T12:00:00.000Z", null],
  ["h5", "olivia", "succeeded", "2026-05-03T09:00:00.000Z", SHA_A],
  ["h6", "olivia", "succeeded", "2026-05-03T10:00:00.000Z", null],
];

describe.each(TEST_DATABASES)("backup history filters on $kind", ({ open }) => {
  let t: TestDatabase;
  let systemId: string;
  let otherId: string;

  beforeAll(async () => {
    t = await open();
    systemId = (
      await insertSystem(t.db, { name: "E990", baseUrl: "https://192.0.2.1/ConfigurationManager", trustKind: "ca" })
    ).id;
    otherId = (
      await insertSystem(t.db, { name: "Old 5500", baseUrl: "https://192.0.2.2/ConfigurationManager", trustKind: "ca" })
    ).id;
    for (const [id, username, status, startedAt, sha256] of ROWS) {
      await insertRunningBackup(t.db, {
        id,
        systemId,
        userId: null,
        username,
        instanceId: "i",
        clientIp: null,
        now: startedAt,
      });
      await finishBackup(t.db, id, {
        status,
        finishedAt: startedAt,
        durationMs: 1,
        sha256,
        fileName: `${id}.ekf`,
        bytes: 10,
      });
    }
    // The same file once more, backed up from another (later removed) system; and a failed one with a checksum.
    await insertRunningBackup(t.db, {
      id: "o1",
      systemId: otherId,
      userId: null,
      username: "oscar",
      instanceId: "i",
      clientIp: null,
      now: "2026-05-04T00:00:00.000Z",
    });
    await finishBackup(t.db, "o1", {
      status: "succeeded",
      finishedAt: "2026-05-04T00:00:01.000Z",
      durationMs: 1000,
      sha256: SHA_A,
      bytes: 10,
    });
    await insertRunningBackup(t.db, {
      id: "o2",
      systemId: otherId,
      userId: null,
      username: "oscar",
      instanceId: "i",
      clientIp: null,
      now: "2026-05-05T00:00:00.000Z",
    });
    await finishBackup(t.db, "o2", {
      status: "failed",
      finishedAt: "2026-05-05T00:00:01.000Z",
      durationMs: 1000,
      sha256: SHA_B,
      bytes: 5,
    });
    await markSystemRemoved(t.db, otherId, "2026-05-06T00:00:00.000Z");
  });
  afterAll(async () => {
    await t?.close();
  });

  const ids = async (filter: BackupFilter, limit = 50) =>
    (await listBackups(t.db, systemId, { limit, ...filter })).items.map((item) => item.id);

  it("filters by status, by username and by start time, each alone", async () => {
    expect(await ids({})).toEqual(["h6", "h5", "h4", "h3", "h2", "h1"]);
    expect(await ids({ status: "succeeded" })).toEqual(["h6", "h5", "h3", "h1"]);
    expect(await ids({ status: "running" })).toEqual([]);
    expect(await ids({ username: "oscar" })).toEqual(["h4", "h3"]);
    expect(await ids({ username: "Oscar" })).toEqual([]);
    expect(await ids({ since: "2026-05-02T00:00:00.000Z" })).toEqual(["h6", "h5", "h4", "h3"]);
    expect(await ids({ before: "2026-05-02T00:00:00.000Z" })).toEqual(["h2", "h1"]);
  });

  it("combines the filters", async () => {
    expect(await ids({ status: "succeeded", username: "olivia" })).toEqual(["h6", "h5", "h1"]);
    expect(
      await ids({
        status: "succeeded",
        username: "olivia",
        since: "2026-05-01T00:00:00.000Z",
        before: "2026-05-03T09:30:00.000Z",
      }),
    ).toEqual(["h5", "h1"]);
  });

  it("pages a filtered list by keyset, every page filtered", async () => {
    const filter: BackupFilter = { username: "olivia" };
    const first = await listBackups(t.db, systemId, { limit: 2, ...filter });
    expect(first.items.map((item) => item.id)).toEqual(["h6", "h5"]);
    const second = await listBackups(t.db, systemId, { limit: 2, cursor: first.nextCursor!, ...filter });
    expect(second.items.map((item) => item.id)).toEqual(["h2", "h1"]);
    expect(second.nextCursor).toBeNull();
  });

  it("finds the succeeded backups of a checksum across systems, removed ones included, newest first", async () => {
    const bySha = async (sha256: string) =>
      (await listBackups(t.db, null, { limit: 50, sha256, status: "succeeded" })).items.map((row) => row.id);
    expect(await bySha(SHA_A)).toEqual(["o1", "h5", "h1"]);
    expect(await bySha(SHA_B)).toEqual(["h3"]);
    expect(await bySha("c3".repeat(32))).toEqual([]);
    expect(await ids({ sha256: SHA_A })).toEqual(["h5", "h1"]);
  });
});
