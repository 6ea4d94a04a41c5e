import "server-only";

import { randomUUID } from "node:crypto";

import type { AuditActor } from "@/lib/actor";
import { BackupAlreadyRunningError, heartbeatBackup, insertRunningBackup, type Backup } from "@/lib/db/backups";
import type { Db } from "@/lib/db/connection";
import type { StorageSystem } from "@/lib/db/storage-systems";
import { AppError, errorMessage } from "@/lib/errors";
import { logger } from "@/lib/log";

import { interruptBackups, STALE_AFTER_MS } from "./recover-interrupted";

export const HEARTBEAT_INTERVAL_MS = 30_000;

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
 * interrupted and the claim tried once more.
 */
export async function claimBackupSlot(
  db: Db,
  input: {
    id: string;
    system: Pick<StorageSystem, "id" | "name">;
    /** Who starts it, as the history names them. */
    actor: AuditActor;
    now: Date;
    staleAfterMs?: number;
  },
): Promise<Backup> {
  const row = {
    id: input.id,
    systemId: input.system.id,
    userId: input.actor.id,
    username: input.actor.username,
    instanceId: portalInstanceId(),
    clientIp: input.actor.clientIp,
    now: input.now.toISOString(),
  };
  try {
    return await insertRunningBackup(db, row);
  } catch (error) {
    if (!(error instanceof BackupAlreadyRunningError)) throw error;
    const staleBefore = new Date(input.now.getTime() - (input.staleAfterMs ?? STALE_AFTER_MS));
    const { running } = error;
    if (running && running.heartbeatAt >= staleBefore.toISOString()) throw inProgress(input.system, running);
    // Conditional on the heartbeat still being stale, so a claim that just came back to life stays.
    if (running) await interruptBackups(db, { now: input.now, heartbeatBefore: staleBefore, id: running.id });
  }
  try {
    return await insertRunningBackup(db, row);
  } catch (error) {
    if (error instanceof BackupAlreadyRunningError) throw inProgress(input.system, error.running);
    throw error;
  }
}

/**
 * Refreshes the backup's heartbeat until stopped, so other instances (and the stale-claim check
 * above) can tell a live backup from one whose instance died. `stop` is safe to call many times.
 */
export function startHeartbeat(db: Db, backupId: string, intervalMs = HEARTBEAT_INTERVAL_MS): { stop(): void } {
  const timer = setInterval(() => {
    heartbeatBackup(db, backupId, new Date().toISOString()).then(
      (alive) => {
        // Someone else ended it (a stale-claim recovery); nothing left to keep alive.
        if (!alive) clearInterval(timer);
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
  return { stop: () => clearInterval(timer) };
}
