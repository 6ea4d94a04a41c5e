import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";

import { BACKUP_PASSWORD, backupInput } from "@/lib/backups/test-support";
import { buildKeyFile } from "@/lib/simulator/backup-file";
import { E990, startTestSimulator, type TestSimulator } from "@/lib/simulator/test-support";
import type { Fault } from "@/lib/simulator/types";
import {
  addPortalUser,
  ensureBuilt,
  signInCookie,
  startPortalProcess,
  type PortalAccount,
  type PortalProcess,
} from "@/lib/test-support/portal-process";

import { api, postBackup, registerThroughPortal, waitFor, type BackupCall } from "./rel-test-support";

/*
 * Two production portals (`next start`) on one PostgreSQL database and one simulated array, as
 * behind a load balancer. They start together on an empty database (the migrations run once),
 * share sessions and the sign-in throttle, and keep to one backup per system between them: a live
 * backup on one is never taken over by the other, while one whose instance was killed is marked
 * interrupted once its heartbeat has gone stale on the database's clock, and a restarting instance
 * leaves the other's running backup alone. Every backup here goes through the built portal on
 * PostgreSQL, which no other reliability test does (next.config.ts: kysely must stay external).
 */

/** BACKUP_HEARTBEAT_SECONDS for both instances; a claim is stale after four missed heartbeats. */
const HEARTBEAT_MS = 2_000;
const STALE_MS = 4 * HEARTBEAT_MS;
const ADMIN_URL = process.env.KBP_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const DATABASE = "kbp_two_instances";
const DATABASE_URL = Object.assign(new URL(ADMIN_URL), { pathname: `/${DATABASE}` }).href;
const ENV = {
  DATABASE_URL,
  SESSION_SECRET: randomBytes(36).toString("base64url"),
  BACKUP_HEARTBEAT_SECONDS: String(HEARTBEAT_MS / 1000),
};
const PORT_A = 3400;
const PORT_B = 3401;
const MIGRATIONS = readdirSync(path.join(import.meta.dirname, "../db/migrations"))
  .filter((name) => /^\d{4}_\w+\.ts$/.test(name))
  .map((name) => name.replace(/\.ts$/, ""))
  .sort();

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function recreateDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${DATABASE} with (force)`);
    await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
}

async function dropDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${DATABASE} with (force)`);
  } finally {
    await admin.end();
  }
}

let root: string;
let sim: TestSimulator;
let file: Buffer;
let db: pg.Pool;
const portals: PortalProcess[] = [];

/** Both instances' state, filled in step by step. */
const s = {} as {
  a: PortalProcess;
  b: PortalProcess;
  admin: PortalAccount;
  operator: PortalAccount;
  victim: PortalAccount;
  systemId: string;
  /** The operator's session, made on A. */
  cookie: string;
  /** The backup that will be live on B while A restarts. */
  takeover: BackupCall;
  takeoverId: string;
  doomedId: string;
};

const deviceId = () => sim.sim.systems[0]!.storageDeviceId;

async function start(name: "a" | "b", port: number): Promise<PortalProcess> {
  const dataDir = path.join(root, name);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const portal = await startPortalProcess({ port, dataDir, env: ENV });
  portals.push(portal);
  return portal;
}

/** Drips the key file out over about `ms`, so the backup stays live (and heartbeating) that long. */
function drip(ms: number): Fault {
  const chunks = Math.max(1, Math.floor(ms / 250));
  return { type: "slow-drip", bytesPerChunk: Math.ceil(file.length / chunks), intervalMs: 250 };
}

async function answered(call: BackupCall): Promise<IncomingMessage> {
  const response = await call.response;
  if (response instanceof Error) throw response;
  return response;
}

interface Row {
  id: string;
  status: string;
  error_code: string | null;
  bytes: number | null;
  sha256: string | null;
  instance_id: string;
  started_at: string;
  heartbeat_at: string;
  finished_at: string | null;
  /** Since started_at, on the database's clock. */
  age_ms: number;
}

async function backupRow(id: string): Promise<Row> {
  const { rows } = await db.query<Row>(
    `select id, status, error_code, bytes, sha256, instance_id, started_at, heartbeat_at, finished_at,
       (extract(epoch from clock_timestamp() - started_at::timestamptz) * 1000)::float8 as age_ms
     from backups where id = $1`,
    [id],
  );
  if (!rows[0]) throw new Error(`no backup row ${id}`);
  return rows[0];
}

async function backupAudit(): Promise<{ action: string; actor: string | null; detail: Record<string, unknown> }[]> {
  const { rows } = await db.query<{ action: string; actor: string | null; detail: string | null }>(
    "select action, actor, detail from audit_events where action like 'backup.%' order by at, id",
  );
  return rows.map((row) => ({ ...row, detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : {} }));
}

async function signInAttempt(url: string, account: PortalAccount) {
  const response = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: url },
    body: JSON.stringify(account),
  });
  const body = (await response.json()) as { error?: { code: string } };
  return { status: response.status, code: body.error?.code, retryAfter: response.headers.get("retry-after") };
}

const errorCode = (json: unknown) => (json as { error?: { code?: string } } | null)?.error?.code;

beforeAll(async () => {
  ensureBuilt();
  await recreateDatabase();
  db = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  root = mkdtempSync(path.join(tmpdir(), "kbp-two-"));
  sim = await startTestSimulator([E990]);
  const info = sim.sim.systems[0]!;
  file = buildKeyFile(
    { storageDeviceId: info.storageDeviceId, keys: sim.sim.listKeys(info.storageDeviceId) },
    BACKUP_PASSWORD,
  );
});

afterAll(async () => {
  for (const portal of portals) await portal.stop("SIGKILL");
  await sim?.close();
  await db?.end();
  await dropDatabase();
  if (root) rmSync(root, { recursive: true, force: true });
});

// A failure shows what each instance logged last.
beforeEach(() => {
  onTestFailed(() => {
    for (const [index, portal] of portals.entries()) {
      console.error(`--- portal ${index} (${portal.url}) ---\n${(portal.stdout() + portal.stderr()).slice(-4000)}`);
    }
  });
});

describe("two portal instances on one PostgreSQL database", () => {
  it("both start at the same moment on an empty database, and the migrations run once", async () => {
    [s.a, s.b] = await Promise.all([start("a", PORT_A), start("b", PORT_B)]);
    const { rows: applied } = await db.query<{ name: string }>("select name from kysely_migration order by name");
    expect(applied.map((row) => row.name)).toEqual(MIGRATIONS);
    // Kysely's migration lock (a PostgreSQL advisory lock) was taken and given back.
    const { rows: lock } = await db.query("select id, is_locked from kysely_migration_lock");
    expect(lock).toEqual([{ id: "migration_lock", is_locked: 0 }]);
    for (const portal of [s.a, s.b]) {
      expect(portal.stdout()).toContain('"event":"portal.started"');
      expect(portal.stderr()).not.toContain("cannot start");
    }

    [s.admin, s.operator, s.victim] = await Promise.all([
      addPortalUser(path.join(root, "a"), "admin", {}, ENV),
      addPortalUser(path.join(root, "b"), "operator", {}, ENV),
      addPortalUser(path.join(root, "a"), "viewer", {}, ENV),
    ]);
  });

  it("a session made on A works on B, and a backup run on B shows in A's history", async () => {
    const template = { dir: path.join(root, "a"), admin: s.admin, operator: s.operator };
    const registered = await registerThroughPortal(s.a.url, template, sim.sim, sim.sim.systems[0]!.baseUrl);
    s.systemId = registered.systemId;
    s.cookie = registered.operatorCookie;

    const call = postBackup(s.b.url, s.cookie, s.systemId);
    const response = await answered(call);
    expect(response.statusCode).toBe(200);
    const backupId = String(response.headers["x-backup-id"]);
    const { body, complete } = await call.done;
    expect(complete).toBe(true);
    expect(sha256(body)).toBe(sha256(file));

    const history = await api(s.a.url, s.cookie, "GET", `/api/systems/${s.systemId}/backups`);
    expect((history.json as { items: unknown[] }).items).toEqual([
      expect.objectContaining({
        id: backupId,
        status: "succeeded",
        username: s.operator.username,
        bytes: file.length,
        sha256: sha256(file),
      }),
    ]);
  });

  it("while a backup runs on A, B refuses the same system (409) for longer than a stale heartbeat's age", async () => {
    sim.sim.setFault(deviceId(), drip(14_000));
    const live = postBackup(s.a.url, s.cookie, s.systemId);
    const response = await answered(live);
    expect(response.statusCode).toBe(200);
    const liveId = String(response.headers["x-backup-id"]);

    // Attempts on B until the live claim is older, on the database's clock, than a heartbeat may
    // get before it counts as stale: only A's heartbeats keep B from taking it.
    const answers: { status: number; code: string | undefined }[] = [];
    let before: Row;
    do {
      before = await backupRow(liveId);
      expect(before.status).toBe("running");
      const answer = await api(s.b.url, s.cookie, "POST", `/api/systems/${s.systemId}/backups`, backupInput());
      answers.push({ status: answer.status, code: errorCode(answer.json) });
      await sleep(250);
    } while (before.age_ms <= STALE_MS + HEARTBEAT_MS);
    expect(answers.every((answer) => answer.status === 409 && answer.code === "BACKUP_IN_PROGRESS")).toBe(true);
    expect(before.heartbeat_at > before.started_at).toBe(true);
    expect((await backupRow(liveId)).status).toBe("running");

    const { body, complete } = await live.done;
    expect(complete).toBe(true);
    expect(sha256(body)).toBe(sha256(file));
    expect(await backupRow(liveId)).toMatchObject({ status: "succeeded", bytes: file.length, sha256: sha256(file) });
    // The refused attempts left no row.
    const { rows } = await db.query("select id from backups where system_id = $1", [s.systemId]);
    expect(rows).toHaveLength(2);
  });

  it("after SIGKILL of A mid-backup, B marks the row interrupted once its heartbeat is stale, and takes the system", async () => {
    sim.sim.setFault(deviceId(), drip(60_000));
    const doomed = postBackup(s.a.url, s.cookie, s.systemId);
    const response = await answered(doomed);
    expect(response.statusCode).toBe(200);
    s.doomedId = String(response.headers["x-backup-id"]);
    await waitFor("the first bytes of the doomed backup", () => doomed.received() > 0);
    const instanceA = (await backupRow(s.doomedId)).instance_id;

    s.a.child.kill("SIGKILL");
    expect(await s.a.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect((await doomed.done).complete).toBe(false);
    expect((await backupRow(s.doomedId)).status).toBe("running");

    // The backup B will run, live while A restarts in the next step.
    sim.sim.setFault(deviceId(), drip(15_000));
    const refusals: (string | undefined)[] = [];
    const deadline = Date.now() + 10 * STALE_MS;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`B never took the stale claim: ${refusals.join(", ")}`);
      const call = postBackup(s.b.url, s.cookie, s.systemId);
      const answer = await answered(call);
      if (answer.statusCode === 200) {
        s.takeover = call;
        s.takeoverId = String(answer.headers["x-backup-id"]);
        break;
      }
      const { body } = await call.done;
      refusals.push(`${answer.statusCode} ${errorCode(JSON.parse(body.toString("utf8")))}`);
      await sleep(250);
    }
    expect(refusals.every((refusal) => refusal === "409 BACKUP_IN_PROGRESS")).toBe(true);

    const dead = await backupRow(s.doomedId);
    expect(dead).toMatchObject({ status: "interrupted", error_code: "INTERRUPTED", instance_id: instanceA });
    // Taken only once stale: by the database's clock, no heartbeat for the whole threshold.
    expect(Date.parse(dead.finished_at!) - Date.parse(dead.heartbeat_at)).toBeGreaterThanOrEqual(STALE_MS);
    const takeover = await backupRow(s.takeoverId);
    expect(takeover.status).toBe("running");
    expect(takeover.instance_id).not.toBe(instanceA);
    expect((await backupAudit()).filter((event) => event.action === "backup.interrupted")).toEqual([
      {
        action: "backup.interrupted",
        actor: null,
        detail: expect.objectContaining({ backupId: s.doomedId, instanceId: instanceA }) as unknown,
      },
    ]);
  });

  it("A restarting leaves B's live backup running, and it succeeds", async () => {
    s.a = await start("a", PORT_A);
    // A's start-up recovery has run (before /api/health answered); B's transfer is still going.
    expect(s.takeover.received()).toBeLessThan(file.length);
    expect((await backupRow(s.takeoverId)).status).toBe("running");

    const { body, complete } = await s.takeover.done;
    expect(complete).toBe(true);
    expect(sha256(body)).toBe(sha256(file));
    expect(await backupRow(s.takeoverId)).toMatchObject({
      status: "succeeded",
      bytes: file.length,
      sha256: sha256(file),
    });
    const audit = await backupAudit();
    expect(
      audit.filter((event) => event.action === "backup.interrupted").map((event) => event.detail.backupId),
    ).toEqual([s.doomedId]);
    expect(audit.filter((event) => event.detail.backupId === s.takeoverId).map((event) => event.action)).toEqual([
      "backup.started",
      "backup.succeeded",
    ]);
    const history = await api(s.a.url, s.cookie, "GET", `/api/systems/${s.systemId}/backups`);
    expect((history.json as { items: { id: string; status: string }[] }).items[0]).toMatchObject({
      id: s.takeoverId,
      status: "succeeded",
    });
  });

  it("signing out on B ends the session on A too", async () => {
    const cookie = await signInCookie(s.b.url, s.operator);
    expect((await api(s.a.url, cookie, "GET", "/api/me")).status).toBe(200);
    expect((await api(s.b.url, cookie, "POST", "/api/auth/logout")).status).toBe(204);
    const refused = await api(s.a.url, cookie, "GET", "/api/me");
    expect(refused.status).toBe(401);
    expect(errorCode(refused.json)).toBe("UNAUTHENTICATED");
    expect((await api(s.a.url, s.cookie, "GET", "/api/me")).status).toBe(200);
  });

  it("counts sign-in attempts on both instances together", async () => {
    // Ten wrong passwords, five on each: the account's limit from one address, reached between them.
    const wrong = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        signInAttempt(index % 2 === 0 ? s.a.url : s.b.url, { username: s.victim.username, password: `wrong-${index}` }),
      ),
    );
    expect(wrong.map((answer) => answer.status)).toEqual(Array(10).fill(401));
    for (const portal of [s.a, s.b]) {
      const refused = await signInAttempt(portal.url, s.victim);
      expect(refused).toMatchObject({ status: 429, code: "THROTTLED" });
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    }
    const { rows } = await db.query<{ detail: string }>(
      "select detail from audit_events where action = 'auth.login' and outcome = 'failure' and target_label = $1",
      [s.victim.username],
    );
    expect(rows).toHaveLength(10);
    expect(rows.filter((row) => row.detail.includes("blockedUntil"))).toHaveLength(1);
  });
});
