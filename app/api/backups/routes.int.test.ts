import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET as lookup } from "@/app/api/backups/route";
import { finishBackup, insertRunningBackup } from "@/lib/db/backups";
import { insertSystem, markSystemRemoved } from "@/lib/db/storage-systems";
import { apiErrorSchema } from "@/lib/schemas/api-error";
import { checksumMatchesSchema } from "@/lib/schemas/backup";
import { apiRequest, openRouteTestDb, routeContext, type RouteTestDb } from "@/lib/test-support/auth";

/* GET /api/backups?sha256=: which recorded backup a saved file is. */

let t: RouteTestDb<"viewer">;
let systemId: string;
let oldId: string;
const OTHER_SHA = "d0".repeat(32);
let viewer = "";
const SHA = "c0ffee".repeat(10) + "abcd";

beforeAll(async () => {
  t = await openRouteTestDb(["viewer"], "lookup");
  ({ viewer } = t.cookies);
  systemId = (
    await insertSystem(t.db, { name: "E990 lab", baseUrl: "https://192.0.2.1/ConfigurationManager", trustKind: "ca" })
  ).id;
  const base = { systemId, userId: null, instanceId: "i", clientIp: null };
  await insertRunningBackup(t.db, { ...base, id: "ok", username: "olivia", now: "2026-05-02T10:00:00.000Z" });
  await finishBackup(t.db, "ok", {
    status: "succeeded",
    finishedAt: "2026-05-02T10:00:02.000Z",
    durationMs: 2000,
    sha256: SHA,
    bytes: 4096,
    fileName: "E990_lab.ekf",
  });
  // A failed backup that got as far as a checksum is not a backup of the file.
  await insertRunningBackup(t.db, { ...base, id: "bad", username: "oscar", now: "2026-05-03T10:00:00.000Z" });
  await finishBackup(t.db, "bad", {
    status: "failed",
    finishedAt: "2026-05-03T10:00:02.000Z",
    durationMs: 2000,
    sha256: SHA,
    bytes: 100,
  });
  oldId = (
    await insertSystem(t.db, { name: "Old 5500", baseUrl: "https://192.0.2.2/ConfigurationManager", trustKind: "ca" })
  ).id;
  await insertRunningBackup(t.db, {
    ...base,
    systemId: oldId,
    id: "old",
    username: "oscar",
    now: "2026-04-01T10:00:00.000Z",
  });
  await finishBackup(t.db, "old", {
    status: "succeeded",
    finishedAt: "2026-04-01T10:00:02.000Z",
    durationMs: 2000,
    sha256: OTHER_SHA,
  });
  await markSystemRemoved(t.db, oldId, "2026-04-02T00:00:00.000Z");
});
afterAll(async () => {
  await t?.close();
});

const get = (query: string, cookie = viewer) =>
  lookup(apiRequest("GET", `/api/backups?${query}`, { cookie }), routeContext());

describe("GET /api/backups?sha256=", () => {
  it("names the succeeded backup with that checksum, whatever its case", async () => {
    for (const sha256 of [SHA, SHA.toUpperCase()]) {
      const response = await get(`sha256=${sha256}`);
      expect(response.status).toBe(200);
      expect(checksumMatchesSchema.parse(await response.json())).toEqual({
        backups: [
          {
            backupId: "ok",
            systemId,
            systemName: "E990 lab",
            startedAt: "2026-05-02T10:00:00.000Z",
            finishedAt: "2026-05-02T10:00:02.000Z",
            username: "olivia",
            bytes: 4096,
            fileName: "E990_lab.ekf",
          },
        ],
      });
    }
  });

  it("finds a backup of a system since removed, with its name", async () => {
    const { backups } = checksumMatchesSchema.parse(await (await get(`sha256=${OTHER_SHA}`)).json());
    expect(backups.map((match) => [match.backupId, match.systemId, match.systemName])).toEqual([
      ["old", oldId, "Old 5500"],
    ]);
  });

  it("answers an empty list for a checksum it never recorded", async () => {
    const response = await get(`sha256=${"0".repeat(64)}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ backups: [] });
  });

  it.each(["", "sha256=", "sha256=abc", `sha256=${"g".repeat(64)}`, `sha256=${"a".repeat(65)}`])(
    "answers 400 for %j",
    async (query) => {
      const response = await get(query);
      expect(response.status).toBe(400);
      const { error } = apiErrorSchema.parse(await response.json());
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(Object.keys(error.fields ?? {})).toEqual(["sha256"]);
    },
  );

  it("needs a session", async () => {
    expect((await get(`sha256=${SHA}`, "")).status).toBe(401);
  });
});
