import { createHash } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { POST as backup } from "@/app/api/systems/[id]/backups/route";
import { BACKUP_PASSWORD, backupInput, drain, registerSimSystem } from "@/lib/backups/test-support";
import type { Db } from "@/lib/db/connection";
import type { StorageSystem } from "@/lib/db/storage-systems";
import { TEST_DATABASES, type TestDatabase } from "@/lib/db/test-databases";
import { apiErrorSchema } from "@/lib/schemas/api-error";
import { BACKUP_EXPECTED_SIZE_HEADER, BACKUP_ID_HEADER } from "@/lib/schemas/backup";
import { buildKeyFile } from "@/lib/simulator/backup-file";
import { startTestSimulator, type TestSimulator } from "@/lib/simulator/test-support";
import type { SimSystemInfo } from "@/lib/simulator/types";
import {
  addTestUser,
  apiRequest,
  captureLogs,
  overrideDbForTests,
  prepareAuthTestEnv,
  routeContext,
  sessionCookieHeader,
} from "@/lib/test-support/auth";

/*
 * Load: 50 signed-in operators back up 5 simulated systems at once, through the real route handler,
 * the real HTTPS simulator and a real database (a SQLite file in WAL mode, as in production, and
 * PostgreSQL). Per system exactly one backup runs, the others are refused with 409
 * BACKUP_IN_PROGRESS and leave no trace; nothing fails with a 5xx or SQLITE_BUSY; the simulator
 * never holds more than one session per system, and none once the wave is over. A second wave
 * then shows that every system's slot was freed.
 *
 * Every answer is awaited before any body is read: a running backup holds its system's slot until
 * its body has been read to the end, so each of the 50 requests either ran or met a running
 * backup of its system, whatever the machine's speed. The bodies are then read all at once and
 * drip from the simulator for about 400 ms, so the five backups overlap each other.
 */

const SYSTEMS = 5;
const SESSIONS = 50;
const PER_SYSTEM = SESSIONS / SYSTEMS;
const DRIP_CHUNKS = 9;
const DRIP_INTERVAL_MS = 50;

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

let lab: TestSimulator;
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
  prepareAuthTestEnv();
  logs = captureLogs();
  lab = await startTestSimulator(
    Array.from({ length: SYSTEMS }, (_, i) => ({
      model: "VSP E990",
      serialNumber: 412_300 + i,
      microcode: "93-07-01-80/00",
    })),
  );
});
afterAll(async () => {
  logs?.restore();
  await lab?.close();
});

interface Operator {
  username: string;
  cookie: string;
}

interface Registered {
  info: SimSystemInfo;
  row: StorageSystem;
}

interface Answered {
  operator: Operator;
  system: Registered;
  response: Response;
}

interface WaveResult {
  ms: number;
  ok: number;
  refused: number;
}

async function backupRowIds(db: Db): Promise<Set<string>> {
  return new Set((await db.selectFrom("backups").select("id").execute()).map((row) => row.id));
}

async function auditIds(db: Db): Promise<Set<string>> {
  return new Set((await db.selectFrom("audit_events").select("id").execute()).map((row) => row.id));
}

describe.each(TEST_DATABASES)("50 concurrent backups over 5 systems on $kind", ({ kind, open }) => {
  let t: TestDatabase;
  let restoreDb: (() => void) | undefined;
  let systems: Registered[] = [];
  const operators: Operator[] = [];

  beforeAll(async () => {
    t = await open();
    restoreDb = overrideDbForTests(t.db);
    if (kind === "sqlite") {
      // The production set-up: a file, in WAL mode (lib/db/connection.ts), not an in-memory database.
      const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(t.db);
      expect(rows[0]?.journal_mode).toBe("wal");
      expect(t.location).toMatch(/\.sqlite$/);
    }
    systems = [];
    for (const [i, info] of lab.sim.systems.entries()) {
      systems.push({ info, row: await registerSimSystem(t.db, lab.sim, info, { name: `Load ${kind} ${i + 1}` }) });
    }
    operators.length = 0;
    for (let i = 0; i < SESSIONS; i++) {
      const username = `load-${kind}-${String(i + 1).padStart(2, "0")}`;
      const user = await addTestUser(t.db, { username, role: "operator", passwordHash: "not-used" });
      operators.push({ username, cookie: await sessionCookieHeader(t.db, user) });
    }
  });
  afterAll(async () => {
    lab.sim.clearFaults();
    restoreDb?.();
    await t?.close();
  });

  /** Fires all 50 backups at once (operator i backs up system i mod 5) and checks everything the wave left. */
  async function wave(label: string): Promise<WaveResult> {
    const { db } = t;
    const rowsBefore = await backupRowIds(db);
    const auditBefore = await auditIds(db);
    const logsBefore = logs.lines.length;
    for (const { info } of systems) {
      expect(lab.sim.openSessions(info.storageDeviceId)).toBe(0);
      // The drip stretches every backup of the system to about 400 ms; `times` covers every request.
      const size = buildKeyFile(
        { storageDeviceId: info.storageDeviceId, keys: lab.sim.listKeys(info.storageDeviceId) },
        BACKUP_PASSWORD,
      ).length;
      lab.sim.clearFaults(info.storageDeviceId);
      lab.sim.setFault(info.storageDeviceId, {
        type: "slow-drip",
        bytesPerChunk: Math.ceil(size / DRIP_CHUNKS),
        intervalMs: DRIP_INTERVAL_MS,
        times: PER_SYSTEM,
      });
    }
    lab.sim.resetPeakOpenSessions();

    const started = performance.now();
    // Client-side view: how many downloads of each system are in flight (answered 200, body not yet read).
    const inFlight = new Map<string, number>();
    const maxInFlight = new Map<string, number>();
    const answered: Answered[] = await Promise.all(
      operators.map(async (operator, i) => {
        const system = systems[i % SYSTEMS]!;
        const id = system.row.id;
        const response = await backup(
          apiRequest("POST", `/api/systems/${id}/backups`, { cookie: operator.cookie, body: backupInput() }),
          routeContext({ id }),
        );
        if (response.status === 200) {
          const now = (inFlight.get(id) ?? 0) + 1;
          inFlight.set(id, now);
          maxInFlight.set(id, Math.max(maxInFlight.get(id) ?? 0, now));
        }
        return { operator, system, response };
      }),
    );
    const ok = answered.filter((a) => a.response.status === 200);
    const others = answered.filter((a) => a.response.status !== 200);

    // Every 200 body, read to its end, all at once.
    const downloads = await Promise.all(
      ok.map(async (a) => {
        const { bytes, error } = await drain(a.response.body!);
        inFlight.set(a.system.row.id, (inFlight.get(a.system.row.id) ?? 0) - 1);
        return { ...a, bytes, error, backupId: a.response.headers.get(BACKUP_ID_HEADER) };
      }),
    );
    const ms = Math.round(performance.now() - started);
    const refusals = await Promise.all(others.map(async (a) => ({ ...a, text: await a.response.text() })));

    // No 5xx, no other status: each request ran or was refused as a conflict.
    expect(answered.map((a) => a.response.status).filter((status) => status !== 200 && status !== 409)).toEqual([]);
    for (const refusal of refusals) {
      expect(refusal.response.headers.get("content-type")).toMatch(/application\/json/);
      const { error } = apiErrorSchema.parse(JSON.parse(refusal.text));
      expect(error.code).toBe("BACKUP_IN_PROGRESS");
      expect(error.message).toContain(`A backup of ${refusal.system.row.name} is already running`);
    }
    expect(refusals.map((r) => r.text).join("\n")).not.toMatch(/SQLITE_BUSY|database is locked/i);

    // Per system exactly one backup ran, never two at once; the other nine were refused.
    for (const { row } of systems) {
      expect(ok.filter((a) => a.system.row.id === row.id)).toHaveLength(1);
      expect(refusals.filter((a) => a.system.row.id === row.id)).toHaveLength(PER_SYSTEM - 1);
      expect(maxInFlight.get(row.id)).toBe(1);
    }

    // Every body complete, and exactly what its row records.
    const created = (await db.selectFrom("backups").selectAll().execute()).filter((row) => !rowsBefore.has(row.id));
    for (const download of downloads) {
      expect(download.error).toBeUndefined();
      const row = created.find((candidate) => candidate.id === download.backupId);
      expect(row).toMatchObject({
        system_id: download.system.row.id,
        username: download.operator.username,
        status: "succeeded",
        sha256: sha256(download.bytes),
      });
      expect(Number(row!.bytes)).toBe(download.bytes.length);
      expect(download.response.headers.get(BACKUP_EXPECTED_SIZE_HEADER)).toBe(String(download.bytes.length));
      expect(download.bytes.length).toBeGreaterThan(0);
    }
    // The rows are the backups that ran: a refused request records no row (the claim is the row)...
    expect(created.map((row) => row.id).sort()).toEqual(downloads.map((d) => d.backupId).sort());
    expect(created.filter((row) => row.status === "succeeded")).toHaveLength(ok.length);
    // ...and no audit event either: each backup that ran has its start and its success, nothing else was recorded.
    const events = (await db.selectFrom("audit_events").selectAll().execute()).filter(
      (event) => !auditBefore.has(event.id),
    );
    expect(events.map((event) => `${event.action} ${event.outcome}`).sort()).toEqual(
      ok.flatMap(() => ["backup.started success", "backup.succeeded success"]).sort(),
    );
    for (const download of downloads) {
      const mine = events.filter(
        (event) => (JSON.parse(event.detail ?? "{}") as { backupId?: string }).backupId === download.backupId,
      );
      expect(mine.map((event) => event.action).sort()).toEqual(["backup.started", "backup.succeeded"]);
      expect(mine.every((event) => event.actor === download.operator.username)).toBe(true);
    }

    // The simulator: one session per system at the most (so never more than 5 in all), none left.
    const peaks = systems.map(({ info }) => lab.sim.peakOpenSessions(info.storageDeviceId));
    expect(peaks).toEqual(systems.map(() => 1));
    expect(peaks.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(SYSTEMS);
    await vi.waitFor(() => {
      expect(systems.map(({ info }) => lab.sim.openSessions(info.storageDeviceId))).toEqual(systems.map(() => 0));
    });

    // Nothing logged an error, and nothing mentions a busy SQLite.
    const waveLogs = logs.lines.slice(logsBefore);
    expect(waveLogs.join("")).not.toMatch(/SQLITE_BUSY|database is locked/i);
    expect(waveLogs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50)).toEqual([]);

    const durations = created.map((row) => Number(row.duration_ms));
    console.info(
      `[load ${kind} ${label}] ${SESSIONS} requests: ${ok.length} × 200, ${refusals.length} × 409, ` +
        `peak sessions per system ${peaks.join("/")} (total ≤ ${peaks.reduce((a, b) => a + b, 0)}), ` +
        `each backup ${Math.min(...durations)}–${Math.max(...durations)} ms, wave ${ms} ms`,
    );
    return { ms, ok: ok.length, refused: refusals.length };
  }

  it("runs one backup per system and refuses the rest with 409; then, the slots freed, a second wave does the same", async () => {
    const first = await wave("wave 1");
    expect(first).toMatchObject({ ok: SYSTEMS, refused: SESSIONS - SYSTEMS });
    const second = await wave("wave 2");
    expect(second).toMatchObject({ ok: SYSTEMS, refused: SESSIONS - SYSTEMS });

    // Nor do the rows of a system overlap: the second wave starts once every body of the first was
    // read, and a row's recorded end never passes the moment its slot was freed (lib/backups/ending.ts).
    const rows = await t.db.selectFrom("backups").selectAll().orderBy("started_at").execute();
    expect(rows).toHaveLength(2 * SYSTEMS);
    for (const { row: system } of systems) {
      const mine = rows.filter((row) => row.system_id === system.id);
      expect(mine).toHaveLength(2);
      for (let i = 1; i < mine.length; i++) {
        expect(mine[i]!.started_at >= mine[i - 1]!.finished_at!).toBe(true);
      }
    }
  });
});
