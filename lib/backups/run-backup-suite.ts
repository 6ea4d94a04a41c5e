import "server-only";

import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, expect } from "vitest";

import type { Actor } from "@/lib/actor";
import { listBackups, type Backup } from "@/lib/db/backups";
import { dialectOf, type Db } from "@/lib/db/connection";
import type { StorageSystem } from "@/lib/db/storage-systems";
import type { TestDatabase } from "@/lib/db/test-databases";
import { insertUser } from "@/lib/db/users";
import { buildKeyFile } from "@/lib/simulator/backup-file";
import { startSimulator } from "@/lib/simulator/server";
import type { SimSystemInfo, Simulator } from "@/lib/simulator/types";
import { captureLogs } from "@/lib/test-support/auth";

import { runBackup, type RunBackupOptions, type StartedBackup } from "./run-backup";
import {
  auditActions,
  BACKUP_PASSWORD,
  backupInput,
  closedPort,
  otherCertificate,
  registerSimSystem,
} from "./test-support";

/*
 * The set-up the runBackup suites share: one simulator per test file, and on each database an
 * operator and the registered systems. Nothing in the portal imports this file.
 */

export const PADDING = 512 * 1024;

export interface BackupLab {
  sim: Simulator;
  e990: SimSystemInfo;
  g370: SimSystemInfo;
  big: SimSystemInfo;
  /** Every request line the simulator logged. */
  requests: string[];
  /** The portal's log lines since the test file started. */
  logs: ReturnType<typeof captureLogs>;
}

/** Starts the simulator for the test file (a VSP E990, a G370 that refuses key backup, a VSP 5500 with a large key file). */
export function setUpBackupLab(): BackupLab {
  const lab = { requests: [], logs: captureLogs() } as Partial<BackupLab> as BackupLab;
  beforeAll(async () => {
    lab.sim = await startSimulator({
      log: (line) => lab.requests.push(line),
      systems: [
        { model: "VSP E990", serialNumber: 412345, microcode: "93-07-01-80/00" },
        { model: "VSP G370", serialNumber: 441108, microcode: "88-06-02-00/00", refusesKeyBackup: true },
        { model: "VSP 5500", serialNumber: 530021, microcode: "90-09-01-00/00", backupPaddingBytes: PADDING },
      ],
    });
    [lab.e990, lab.g370, lab.big] = lab.sim.systems as [SimSystemInfo, SimSystemInfo, SimSystemInfo];
  });
  afterEach(() => {
    lab.sim.clearFaults();
  });
  afterAll(async () => {
    lab.logs.restore();
    await lab.sim?.close();
  });
  return lab;
}

/** The key file the simulator sends for `system` now. */
export function expectedFile(lab: BackupLab, system: SimSystemInfo, paddingBytes = 0): Buffer {
  return buildKeyFile(
    { storageDeviceId: system.storageDeviceId, keys: lab.sim.listKeys(system.storageDeviceId), paddingBytes },
    BACKUP_PASSWORD,
  );
}

export type SuiteSystems = Record<"e990" | "g370" | "big" | "strict" | "unreachable" | "wrongPin", StorageSystem>;

export interface BackupSuite {
  t: TestDatabase;
  /** An operator, from 192.0.2.7. */
  actor: Actor;
  systems: SuiteSystems;
  /** runBackup by the operator, of `system`, with the simulator's admin and the test backup password. */
  run(system: Pick<StorageSystem, "id">, extra?: Partial<RunBackupOptions>): Promise<StartedBackup>;
  /** The row and the audit trail of a backup that failed before its first byte. */
  expectFailedRow(system: StorageSystem, code: string): Promise<Backup>;
  expectNoOpenSessions(): void;
}

/** A database of `kind` for the enclosing describe, with an operator and the systems registered; no session may stay open after a test. */
export function setUpBackupSuite(lab: BackupLab, kind: string, open: () => Promise<TestDatabase>): BackupSuite {
  const suite: BackupSuite = {
    t: undefined as unknown as TestDatabase,
    actor: undefined as unknown as Actor,
    systems: undefined as unknown as SuiteSystems,
    run: (system, extra = {}) =>
      runBackup({ db: suite.t.db, actor: suite.actor, systemId: system.id, input: backupInput(), ...extra }),
    async expectFailedRow(system, code) {
      const [row] = (await listBackups(suite.t.db, system.id, { limit: 1 })).items;
      expect(row).toMatchObject({ status: "failed", errorCode: code, finishedAt: expect.any(String), sha256: null });
      expect((await auditActions(suite.t.db, row!.id)).map((event) => `${event.action} ${event.outcome}`)).toEqual([
        "backup.started success",
        "backup.failed failure",
      ]);
      return row!;
    },
    expectNoOpenSessions() {
      for (const system of lab.sim.systems) expect(lab.sim.openSessions(system.storageDeviceId), system.model).toBe(0);
    },
  };

  beforeAll(async () => {
    suite.t = await open();
    const operator = await insertUser(suite.t.db, {
      username: `olivia-${kind}`,
      passwordHash: "not-used",
      role: "operator",
    });
    suite.actor = { id: operator.id, username: operator.username, role: operator.role, clientIp: "192.0.2.7" };
    const { sim, e990, g370, big } = lab;
    suite.systems = {
      e990: await registerSimSystem(suite.t.db, sim, e990, { name: "E990 lab" }),
      g370: await registerSimSystem(suite.t.db, sim, g370),
      big: await registerSimSystem(suite.t.db, sim, big, { name: "VSP 5500 prod" }),
      strict: await registerSimSystem(suite.t.db, sim, e990, {
        name: "E990 strict",
        passwordPolicy: { minLength: 20, minDigits: 3 },
      }),
      unreachable: await registerSimSystem(suite.t.db, sim, e990, {
        name: "E990 gone",
        baseUrl: `https://127.0.0.1:${await closedPort()}/ConfigurationManager`,
      }),
      wrongPin: await registerSimSystem(suite.t.db, sim, e990, {
        name: "E990 other cert",
        pin: await otherCertificate(),
      }),
    };
  });
  afterAll(async () => {
    await suite.t?.close();
  });
  afterEach(() => {
    suite.expectNoOpenSessions();
  });
  return suite;
}

/**
 * Makes the database refuse every audit event with `action` (as a full disk or a broken table
 * would) until the returned function is called.
 */
export async function refuseAudits(db: Db, action: string): Promise<() => Promise<void>> {
  if (dialectOf(db) === "sqlite") {
    await sql`create trigger refuse_audit before insert on audit_events
      when new.action = ${sql.lit(action)} begin select raise(abort, 'audit refused'); end`.execute(db);
    return async () => void (await sql`drop trigger refuse_audit`.execute(db));
  }
  await sql`create function refuse_audit() returns trigger language plpgsql as $$
      begin if new.action = ${sql.lit(action)} then raise exception 'audit refused'; end if; return new; end $$`.execute(
    db,
  );
  await sql`create trigger refuse_audit before insert on audit_events for each row execute function refuse_audit()`.execute(
    db,
  );
  return async () => {
    await sql`drop trigger refuse_audit on audit_events`.execute(db);
    await sql`drop function refuse_audit()`.execute(db);
  };
}
