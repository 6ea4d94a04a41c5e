import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { GET as getOne } from "@/app/api/systems/[id]/backups/[backupId]/route";
import { POST as backup, GET as list } from "@/app/api/systems/[id]/backups/route";
import {
  BACKUP_PASSWORD,
  backupInput,
  drain,
  everythingStored,
  registerSimSystem,
  STORAGE_ADMIN,
} from "@/lib/backups/test-support";
import { markSystemRemoved, type StorageSystem } from "@/lib/db/storage-systems";
import { openSqliteTestDb, type TestDatabase } from "@/lib/db/test-databases";
import { apiErrorSchema } from "@/lib/schemas/api-error";
import {
  BACKUP_EXPECTED_SIZE_HEADER,
  BACKUP_ID_HEADER,
  backupPageSchema,
  backupResponseSchema,
} from "@/lib/schemas/backup";
import { parseServerTiming } from "@/lib/server-timing";
import { buildKeyFile } from "@/lib/simulator/backup-file";
import { startSimulator } from "@/lib/simulator/server";
import type { SimSystemInfo, Simulator } from "@/lib/simulator/types";
import {
  apiRequest,
  captureLogs,
  overrideDbForTests,
  prepareAuthTestEnv,
  routeContext,
  sessionCookiesByRole,
} from "@/lib/test-support/auth";

/*
 * The route layer only: wrapper, schema, headers, status codes and JSON shapes. runBackup itself
 * is covered in run-backup.int.test.ts on both databases.
 */

let sim: Simulator;
let e990: SimSystemInfo;
let t: TestDatabase;
let restoreDb: () => void;
let system: StorageSystem;
let removed: StorageSystem;
const cookies: Record<"operator" | "viewer", string> = { operator: "", viewer: "" };
const logs = captureLogs();

beforeAll(async () => {
  prepareAuthTestEnv();
  sim = await startSimulator({ systems: [{ model: "VSP E990", serialNumber: 412345, microcode: "93-07-01-80/00" }] });
  e990 = sim.systems[0]!;
  t = await openSqliteTestDb();
  restoreDb = overrideDbForTests(t.db);
  Object.assign(cookies, await sessionCookiesByRole(t.db, ["operator", "viewer"], "backup"));
  system = await registerSimSystem(t.db, sim, e990, { name: "E990 lab" });
  removed = await registerSimSystem(t.db, sim, e990, { name: "E990 old" });
  await markSystemRemoved(t.db, removed.id, new Date().toISOString());
});
afterEach(async () => {
  sim.clearFaults();
  // A stream that errored discards its session right after; the response has no promise for that.
  await vi.waitFor(() => expect(sim.openSessions(e990.storageDeviceId)).toBe(0));
});
afterAll(async () => {
  logs.restore();
  restoreDb?.();
  await t?.close();
  await sim?.close();
});

const backupsPath = (id: string) => `/api/systems/${id}/backups`;

function post(id: string, body: unknown = backupInput(), cookie = cookies.operator) {
  return backup(apiRequest("POST", backupsPath(id), { cookie, body }), routeContext({ id }));
}

async function errorOf(response: Response) {
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  return apiErrorSchema.parse(await response.json()).error;
}

describe("POST /api/systems/{id}/backups", () => {
  it("streams the key file with its headers; the backup is final when the body ends", async () => {
    const expected = buildKeyFile(
      { storageDeviceId: e990.storageDeviceId, keys: sim.listKeys(e990.storageDeviceId) },
      BACKUP_PASSWORD,
    );
    const response = await post(system.id);
    expect(response.status).toBe(200);
    const backupId = response.headers.get(BACKUP_ID_HEADER)!;
    expect(backupId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "application/octet-stream",
      "content-disposition": expect.stringMatching(
        /^attachment; filename="E990_lab_412345_\d{8}T\d{6}Z_[0-9a-f]{8}\.ekf"; filename\*=UTF-8''E990_lab_412345_/,
      ),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      // So nginx in front streams the key file instead of buffering it.
      "x-accel-buffering": "no",
      [BACKUP_EXPECTED_SIZE_HEADER.toLowerCase()]: String(expected.length),
      "server-timing": expect.stringMatching(/^auth;dur=\d+\.\d\d, /),
    });
    // lib/bench reads these names: every phase, in the order they happen, each within the total.
    const timing = parseServerTiming(response.headers.get("server-timing"));
    expect(Object.keys(timing)).toEqual(["auth", "claim", "audit", "session", "identity", "headers", "total"]);
    for (const [name, ms] of Object.entries(timing)) {
      expect(ms, name).toBeGreaterThanOrEqual(0);
      expect(ms, name).toBeLessThanOrEqual(timing.total!);
    }
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.equals(expected)).toBe(true);

    const one = await getOne(
      apiRequest("GET", `${backupsPath(system.id)}/${backupId}`, { cookie: cookies.viewer }),
      routeContext({ id: system.id, backupId }),
    );
    expect(one.status).toBe(200);
    const { backup: item } = backupResponseSchema.parse(await one.json());
    expect(item).toMatchObject({
      id: backupId,
      systemId: system.id,
      status: "succeeded",
      username: "backup-operator",
      bytes: expected.length,
      sha256: createHash("sha256").update(expected).digest("hex"),
      serialNumber: 412345,
      microcode: "93-07-01-80/00",
      error: null,
    });
  });

  it("answers a storage refusal as JSON, with the storage system's detail", async () => {
    const response = await post(
      system.id,
      backupInput({ username: STORAGE_ADMIN.username, password: "Not-The-Password1" }),
    );
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: "STORAGE_AUTH_FAILED", storage: { status: 401 } });
    // The phases up to the refusal, as on the 200.
    expect(Object.keys(parseServerTiming(response.headers.get("server-timing")))).toEqual([
      "auth",
      "claim",
      "audit",
      "session",
      "total",
    ]);
  });

  it("errors the body, not ends it, when the storage system's body ends short", async () => {
    sim.setFault(e990.storageDeviceId, { type: "truncate", afterBytes: 100 });
    const response = await post(system.id);
    expect(response.status).toBe(200);
    const { bytes, error } = await drain(response.body!);
    expect(error).toBeDefined();
    expect(bytes.length).toBeLessThanOrEqual(100);
  });

  it("refuses while a backup of the system runs: 409 BACKUP_IN_PROGRESS", async () => {
    const first = await post(system.id);
    expect(first.status).toBe(200);
    const second = await post(system.id);
    expect(second.status).toBe(409);
    expect((await errorOf(second)).code).toBe("BACKUP_IN_PROGRESS");
    await first.arrayBuffer();
  });

  it("400 with fields for a body that fails the schema; the passwords are not echoed", async () => {
    const response = await post(system.id, {
      ...backupInput(),
      backupPassword: "pass word",
      backupPasswordConfirmation: "x",
    });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.fields?.backupPassword).toEqual([expect.stringMatching(/^Not allowed: space\./)]);
    expect(error.fields?.backupPasswordConfirmation).toEqual(["Does not match the backup password."]);
    expect(JSON.stringify(error)).not.toContain(STORAGE_ADMIN.password);
  });

  it("404 for an unknown system; 409 for a removed one, as from every operation; 401 without a session; 403 for a viewer", async () => {
    expect((await post("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    const gone = await post(removed.id);
    expect(gone.status).toBe(409);
    expect(await errorOf(gone)).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^"E990 old" was removed;/),
    });
    expect((await post("not-a-uuid")).status).toBe(404);
    expect((await post(system.id, backupInput(), "")).status).toBe(401);
    expect((await post(system.id, backupInput(), cookies.viewer)).status).toBe(403);
  });
});

describe("GET /api/systems/{id}/backups", () => {
  const get = (id: string, query = "", cookie = cookies.viewer) =>
    list(apiRequest("GET", `${backupsPath(id)}${query}`, { cookie }), routeContext({ id }));

  it("lists the history newest first, page by page", async () => {
    const all = backupPageSchema.parse(await (await get(system.id)).json());
    expect(all.items.map((item) => item.startedAt)).toEqual(
      [...all.items.map((item) => item.startedAt)].sort().reverse(),
    );
    expect(all.items.map((item) => item.error?.code ?? item.status)).toEqual([
      "succeeded",
      "STORAGE_ERROR",
      "STORAGE_AUTH_FAILED",
      "succeeded",
    ]);

    const first = backupPageSchema.parse(await (await get(system.id, "?limit=2")).json());
    expect(first.items).toEqual(all.items.slice(0, 2));
    const second = backupPageSchema.parse(await (await get(system.id, `?limit=2&cursor=${first.nextCursor}`)).json());
    expect(second.items).toEqual(all.items.slice(2, 4));
  });

  it("400 for a bad limit or cursor; 404 for an unknown system; a removed system's history stays readable", async () => {
    expect((await get(system.id, "?limit=0")).status).toBe(400);
    const badCursor = await get(system.id, "?cursor=garbage");
    expect(badCursor.status).toBe(400);
    expect((await errorOf(badCursor)).fields).toEqual({
      cursor: ["The page cursor is not valid. Start again from the first page."],
    });
    expect((await get("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await get(removed.id)).status).toBe(200);
    expect((await get(system.id, "", "")).status).toBe(401);
  });

  it("404 for a backup of another system or an unknown backup", async () => {
    const [item] = backupPageSchema.parse(await (await get(system.id)).json()).items;
    const other = await getOne(
      apiRequest("GET", `${backupsPath(removed.id)}/${item!.id}`, { cookie: cookies.viewer }),
      routeContext({ id: removed.id, backupId: item!.id }),
    );
    expect(other.status).toBe(404);
    const unknown = await getOne(
      apiRequest("GET", `${backupsPath(system.id)}/00000000-0000-4000-8000-000000000000`, { cookie: cookies.viewer }),
      routeContext({ id: system.id, backupId: "00000000-0000-4000-8000-000000000000" }),
    );
    expect(unknown.status).toBe(404);
  });
});

it("leaves no password in the database or the log", async () => {
  const stored = await everythingStored(t.db);
  for (const secret of [STORAGE_ADMIN.password, "Not-The-Password1", BACKUP_PASSWORD]) {
    expect(stored).not.toContain(secret);
    expect(logs.text()).not.toContain(secret);
  }
});
