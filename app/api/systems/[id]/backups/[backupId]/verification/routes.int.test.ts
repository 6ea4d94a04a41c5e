import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET as getOne } from "@/app/api/systems/[id]/backups/[backupId]/route";
import { POST as verify } from "@/app/api/systems/[id]/backups/[backupId]/verification/route";
import { POST as backup, GET as list } from "@/app/api/systems/[id]/backups/route";
import { auditActions, backupInput, registerSimSystem, STORAGE_ADMIN } from "@/lib/backups/test-support";
import { parseCsv } from "@/lib/csv/test-support";
import { finishBackup, insertRunningBackup } from "@/lib/db/backups";
import type { StorageSystem } from "@/lib/db/storage-systems";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { findUserByUsername } from "@/lib/db/users";
import { apiErrorSchema } from "@/lib/schemas/api-error";
import {
  BACKUP_ID_HEADER,
  backupPageSchema,
  backupResponseSchema,
  backupVerificationResponseSchema,
} from "@/lib/schemas/backup";
import { startSimulator } from "@/lib/simulator/server";
import type { SimSystemInfo, Simulator } from "@/lib/simulator/types";
import {
  apiRequest,
  overrideDbForTests,
  prepareAuthTestEnv,
  routeContext,
  sessionCookiesByRole,
} from "@/lib/test-support/auth";

/*
 * POST /api/systems/{id}/backups/{backupId}/verification: a real backup against the simulator,
 * then the browser's report of the SHA-256 it computed, on both databases.
 */

const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const OTHER_SHA = "0".repeat(64);
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let sim: Simulator;
let e990: SimSystemInfo;
beforeAll(async () => {
  prepareAuthTestEnv();
  sim = await startSimulator({ systems: [{ model: "VSP E990", serialNumber: 412345, microcode: "93-07-01-80/00" }] });
  e990 = sim.systems[0]!;
});
afterAll(async () => {
  await sim?.close();
});

describe.each(TEST_DATABASES)("recording a backup's check on $kind", ({ open }) => {
  let t: TestDatabase;
  let restoreDb: () => void;
  let system: StorageSystem;
  let other: StorageSystem;
  const cookies: Record<"operator" | "admin" | "viewer", string> = { operator: "", admin: "", viewer: "" };

  beforeAll(async () => {
    t = await open();
    restoreDb = overrideDbForTests(t.db);
    Object.assign(cookies, await sessionCookiesByRole(t.db, ["operator", "admin", "viewer"], "check"));
    system = await registerSimSystem(t.db, sim, e990, { name: "E990 lab" });
    other = await registerSimSystem(t.db, sim, e990, { name: "E990 other" });
  });
  afterAll(async () => {
    restoreDb?.();
    await t?.close();
  });

  /** A backup through the route, read to its end as the browser would: its id and the file's SHA-256. */
  async function backedUp(): Promise<{ backupId: string; sha: string }> {
    const path = `/api/systems/${system.id}/backups`;
    const response = await backup(
      apiRequest("POST", path, { cookie: cookies.operator, body: backupInput() }),
      routeContext({ id: system.id }),
    );
    expect(response.status).toBe(200);
    const backupId = response.headers.get(BACKUP_ID_HEADER)!;
    return { backupId, sha: sha256(Buffer.from(await response.arrayBuffer())) };
  }

  function report(backupId: string, body: unknown, cookie = cookies.operator, systemId = system.id) {
    const path = `/api/systems/${systemId}/backups/${backupId}/verification`;
    return verify(apiRequest("POST", path, { cookie, body }), routeContext({ id: systemId, backupId }));
  }
  async function answer(response: Response) {
    expect(response.status).toBe(200);
    return backupVerificationResponseSchema.parse(await response.json());
  }
  async function errorOf(response: Response) {
    return apiErrorSchema.parse(await response.json()).error;
  }
  async function historyItem(backupId: string) {
    const path = `/api/systems/${system.id}/backups/${backupId}`;
    const response = await getOne(
      apiRequest("GET", path, { cookie: cookies.viewer }),
      routeContext({ id: system.id, backupId }),
    );
    return backupResponseSchema.parse(await response.json()).backup;
  }
  const checks = async (backupId: string) =>
    (await auditActions(t.db, backupId)).filter((event) => event.action.startsWith("backup.verif"));

  it("records a match as verified, with the time and the reporter; the history shows it; audited", async () => {
    const { backupId, sha } = await backedUp();
    expect((await historyItem(backupId)).verification).toBeNull();

    const recorded = await answer(await report(backupId, { sha256: sha }));
    expect(recorded).toEqual({ verification: "verified", verifiedAt: expect.stringMatching(ISO) });
    const item = await historyItem(backupId);
    expect(item).toMatchObject({
      verification: "verified",
      verifiedAt: recorded.verifiedAt,
      storageUsername: STORAGE_ADMIN.username,
    });
    expect(item.verifiedAt! >= item.finishedAt!).toBe(true);
    const row = await t.db
      .selectFrom("backups")
      .select("verified_by")
      .where("id", "=", backupId)
      .executeTakeFirstOrThrow();
    expect(row.verified_by).toBe((await findUserByUsername(t.db, "check-operator"))!.id);
    expect(await checks(backupId)).toEqual([
      { action: "backup.verified", outcome: "success", actor: "check-operator", detail: { backupId, sha256: sha } },
    ]);
  });

  it("keeps the first match: the same hash again answers it unchanged; another hash is audited, the row stays verified", async () => {
    const { backupId, sha } = await backedUp();
    const first = await answer(await report(backupId, { sha256: sha }));
    // Either case of hex is the same hash.
    expect(await answer(await report(backupId, { sha256: sha.toUpperCase() }))).toEqual(first);

    const later = await answer(await report(backupId, { sha256: OTHER_SHA }, cookies.admin));
    expect(later.verification).toBe("mismatch");
    expect(await historyItem(backupId)).toMatchObject({ verification: "verified", verifiedAt: first.verifiedAt });
    expect(await checks(backupId)).toEqual([
      expect.objectContaining({ action: "backup.verified" }),
      {
        action: "backup.verification_mismatch",
        outcome: "failure",
        actor: "check-admin",
        detail: { backupId, expectedSha256: sha, reportedSha256: OTHER_SHA, keptVerified: true },
      },
    ]);
  });

  it("records a mismatch, which a later match replaces; both audited", async () => {
    const { backupId, sha } = await backedUp();
    const mismatch = await answer(await report(backupId, { sha256: OTHER_SHA }));
    expect(mismatch.verification).toBe("mismatch");
    expect(await historyItem(backupId)).toMatchObject({ verification: "mismatch", verifiedAt: mismatch.verifiedAt });

    const match = await answer(await report(backupId, { sha256: sha }));
    expect(match.verification).toBe("verified");
    expect(await historyItem(backupId)).toMatchObject({ verification: "verified", verifiedAt: match.verifiedAt });
    expect((await checks(backupId)).map((event) => [event.action, event.outcome, event.detail])).toEqual([
      ["backup.verification_mismatch", "failure", { backupId, expectedSha256: sha, reportedSha256: OTHER_SHA }],
      ["backup.verified", "success", { backupId, sha256: sha }],
    ]);
  });

  it("404 for an unknown backup or one of another system; 409 for one that did not succeed", async () => {
    const { backupId, sha } = await backedUp();
    const elsewhere = await report(backupId, { sha256: sha }, cookies.operator, other.id);
    expect(elsewhere.status).toBe(404);
    expect((await errorOf(elsewhere)).code).toBe("NOT_FOUND");
    expect((await report(UNKNOWN, { sha256: sha })).status).toBe(404);
    expect((await report("not-a-uuid", { sha256: sha })).status).toBe(404);

    const base = { systemId: system.id, userId: null, username: "olivia", instanceId: "i", clientIp: null };
    const failedId = "11111111-1111-4111-8111-111111111111";
    await insertRunningBackup(t.db, { ...base, id: failedId, now: "2026-05-01T10:00:00.000Z" });
    await finishBackup(t.db, failedId, {
      status: "failed",
      finishedAt: "2026-05-01T10:00:01.000Z",
      durationMs: 1000,
      errorCode: "STORAGE_AUTH_FAILED",
      errorMessage: "The storage system refused the user name or password.",
    });
    const failed = await report(failedId, { sha256: sha });
    expect(failed.status).toBe(409);
    expect(await errorOf(failed)).toMatchObject({
      code: "CONFLICT",
      message: "This backup failed, so there is no file to verify.",
    });
    const runningId = "22222222-2222-4222-8222-222222222222";
    await insertRunningBackup(t.db, { ...base, systemId: other.id, id: runningId, now: "2026-05-01T11:00:00.000Z" });
    const running = await report(runningId, { sha256: sha }, cookies.operator, other.id);
    expect(running.status).toBe(409);
    expect((await errorOf(running)).message).toBe("This backup is still running, so there is no file to verify.");
    expect(await checks(failedId)).toEqual([]);
  });

  it("400 for a body that is not one SHA-256; 401 without a session; 403 for a viewer", async () => {
    const { backupId, sha } = await backedUp();
    for (const body of [{}, { sha256: sha.slice(1) }, { sha256: `${sha.slice(1)}g` }, { sha256: sha, bytes: 1 }]) {
      const response = await report(backupId, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await errorOf(response)).code).toBe("VALIDATION_FAILED");
    }
    expect((await report(backupId, { sha256: sha }, "")).status).toBe(401);
    expect((await report(backupId, { sha256: sha }, cookies.viewer)).status).toBe(403);
    expect((await historyItem(backupId)).verification).toBeNull();
    expect(await checks(backupId)).toEqual([]);
  });

  it("lists and exports the storage user and the check with the history", async () => {
    const { backupId, sha } = await backedUp();
    const path = `/api/systems/${system.id}/backups`;
    const get = async (query: string) =>
      list(apiRequest("GET", `${path}${query}`, { cookie: cookies.viewer }), routeContext({ id: system.id }));
    const [unchecked] = backupPageSchema.parse(await (await get("?limit=1")).json()).items;
    expect(unchecked).toMatchObject({ id: backupId, storageUsername: STORAGE_ADMIN.username, verification: null });

    const { verifiedAt } = await answer(await report(backupId, { sha256: sha }));
    const [header, newest] = parseCsv(await (await get("?format=csv")).text());
    const cell = (name: string) => newest![header!.indexOf(name)];
    expect(cell("Storage user")).toBe(STORAGE_ADMIN.username);
    expect(cell("SHA-256")).toBe(sha);
    expect(cell("Verification")).toBe("verified");
    expect(cell("Verified at (UTC)")).toBe(verifiedAt);
  });
});
