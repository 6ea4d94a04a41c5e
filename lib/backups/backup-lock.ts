import "server-only";

import { randomUUID } from "node:crypto";

import type { AuditActor } from "@/lib/actor";
import { BackupAlreadyRunningError, insertRunningBackup, type Backup } from "@/lib/db/backups";
import type { Db } from "@/lib/db/connection";
import type { StorageSystem } from "@/lib/db/storage-systems";
import { getEnv } from "@/lib/env";
import { AppError, errorMessage } from "@/lib/errors";
import { logger } from "@/lib/log";

import { databaseTimes, heartbeatOnDatabaseClock } from "./db-clock";
import { interruptBackups, staleAfterMs } from "./recover-interrupted";

/** How often a running backup refreshes its heartbeat: BACKUP_HEARTBEAT_SECONDS (default 30). */
export function heartbeatIntervalMs(): number {
  return getEnv().backupHeartbeatSeconds * 1000;
}

// On globalThis so a Next.js dev reload, which re-evaluates this module, keeps the same identity.
const holder = globalThis as typeof globalThis & { __keyBackupPortalInstanceId?: string };

/** This portal process, as recorded on the backups it runs. */
export function portalInstanceId(): string {
  holder.__keyBackupPortalInstanceId ??= randomUUID();
  return holder.__keyBackupPortalInstanceId;
}

function whenText(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

function inProgress(system: Pick<StorageSystem, "name">, running: Backup | undefined): AppError {
  const by = running ? ` (started by ${running.username} at ${whenText(running.startedAt)})` : "";
  return new AppError(
    "BACKUP_IN_PROGRESS",
    `A backup of ${system.name} is already running${by}. Wait for it to finish.`,
  );
}

/**
 * Claims `system` for one backup by committing its "running" row. The database's partial unique
 * index is the lock, so two requests (or two portal instances on one PostgreSQL) cannot both get
 * it. A claim whose heartbeat went stale belongs to an instance that died mid-backup: it is marked
 * interrupted and the claim tried once more. The start, the heartbeats and their staleness are all
 * read from the database's clock, never this instance's, so a skewed clock cannot take a live claim.
 */
export async function claimBackupSlot(
  db: Db,
  input: {
    id: string;
    system: Pick<StorageSystem, "id" | "name">;
    /** Who starts it, as the history names them. */
    actor: AuditActor;
    /** The storage user it runs as, for the history: a name, never its password. */
    storageUsername?: string | null;
    staleAfterMs?: number;
  },
): Promise<Backup> {
  const staleMs = input.staleAfterMs ?? staleAfterMs();
  const row = {
    id: input.id,
    systemId: input.system.id,
    userId: input.actor.id,
    username: input.actor.username,
    storageUsername: input.storageUsername ?? null,
    instanceId: portalInstanceId(),
    clientIp: input.actor.clientIp,
  };
  try {
    return await insertRunningBackup(db, { ...row, now: (await databaseTimes(db)).now });
  } catch (error) {
    if (!(error instanceof BackupAlreadyRunningError)) throw error;
    const { running } = error;
    const times = await databaseTimes(db, staleMs);
    if (running && running.heartbeatAt >= times.staleBefore) throw inProgress(input.system, running);
    // Conditional on the heartbeat still being stale, so a claim that just came back to life stays.
    if (running) {
      await interruptBackups(db, {
        now: new Date(times.now),
        heartbeatBefore: new Date(times.staleBefore),
        id: running.id,
      });
    }
  }
  try {
    return await insertRunningBackup(db, { ...row, now: (await databaseTimes(db)).now });
  } catch (error) {
    if (error instanceof BackupAlreadyRunningError) throw inProgress(input.system, error.running);
    throw error;
  }
}

export interface Heartbeat {
  stop(): void;
  /** False once stopped, by `stop` or because the backup was no longer running. */
  readonly active: boolean;
  /** How many heartbeats this one has written (or tried to). */
  readonly beats: number;
}

/**
 * Refreshes the backup's heartbeat (on the database's clock) until stopped, so other instances
 * (and the stale-claim check above) can tell a live backup from one whose instance died. `stop`
 * is safe to call many times.
 */
export function startHeartbeat(db: Db, backupId: string, intervalMs = heartbeatIntervalMs()): Heartbeat {
  let active = true;
  let beats = 0;
  const stop = () => {
    active = false;
    clearInterval(timer);
  };
  const timer = setInterval(() => {
    if (!active) return;
    beats++;
    heartbeatOnDatabaseClock(db, backupId).then(
      (alive) => {
        // Someone else ended it (a stale-claim recovery); nothing left to keep alive.
        if (!alive) stop();
      },
      (error: unknown) => {
        logger.warn(
          { event: "backup.heartbeat_failed", backupId, err: { message: errorMessage(error) } },
          "could not refresh a running backup's heartbeat",
        );
      },
    );
  }, intervalMs);
  // A heartbeat alone must not keep the process alive.
  timer.unref();
  return {
    stop,
    get active() {
      return active;
    },
    get beats() {
      return beats;
    },
  };
}
